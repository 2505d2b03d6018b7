import { describe, expect, it } from "vitest";

import { validateLaunch, type LaunchForm } from "../lib/validation.ts";

const NOW = 1_800_000_000n; // 2027-01-15T08:00:00Z
const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

const valid = (): LaunchForm => ({
  beneficiary: A,
  unitName: "surgical masks",
  targetUnits: "250,000",
  goalUsd: "100000",
  deadline: "2027-02-01T00:00",
  procurementDeadline: "2027-06-01T00:00",
  graceDays: "7",
  maxAdvancePercent: "30",
  allOrNothing: true,
  tokens: ["0x0000000000000000000000000000000000000000"],
  verifiers: `${A}\n${B}`,
  threshold: "2",
  metadataURI: "ipfs://bafy/metadata.json",
});

describe("validateLaunch", () => {
  it("turns a valid form into campaign parameters", () => {
    const result = validateLaunch(valid(), NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.params.targetUnits).toBe(250_000n);
    expect(result.params.goalUsd).toBe(100_000n * 10n ** 18n);
    expect(result.params.deadline).toBe(BigInt(Date.parse("2027-02-01T00:00:00Z") / 1000));
    expect(result.params.deliveryGracePeriod).toBe(7n * 86_400n);
    expect(result.params.maxAdvanceBps).toBe(3_000);
    expect(result.params.threshold).toBe(2);
    expect(result.params.verifiers).toEqual([A, B]);
  });

  const cases: [keyof LaunchForm, Partial<LaunchForm>, RegExp][] = [
    ["beneficiary", { beneficiary: "0x123" }, /beneficiary's address/],
    ["beneficiary", { beneficiary: "0x0000000000000000000000000000000000000000" }, /zero address/],
    ["unitName", { unitName: "  " }, /what a unit is/],
    ["unitName", { unitName: "x".repeat(1025) }, /1024/],
    ["targetUnits", { targetUnits: "12.5" }, /whole number/],
    ["targetUnits", { targetUnits: "0" }, /at least 1/],
    ["targetUnits", { targetUnits: (2n ** 64n).toString() }, /too large/],
    ["goalUsd", { goalUsd: "0" }, /greater than zero/],
    ["goalUsd", { goalUsd: "abc" }, /number/],
    ["deadline", { deadline: "" }, /date and time/],
    ["deadline", { deadline: "2026-01-01T00:00" }, /future/],
    [
      "procurementDeadline",
      { procurementDeadline: "2027-01-20T00:00" },
      /after the funding deadline/,
    ],
    ["graceDays", { graceDays: "-1" }, /whole number of days/],
    ["graceDays", { graceDays: "200" }, /no order could be delivered/],
    ["maxAdvancePercent", { maxAdvancePercent: "101" }, /100%/],
    ["maxAdvancePercent", { maxAdvancePercent: "ten" }, /percentage/],
    ["tokens", { tokens: [] }, /at least one/],
    ["tokens", { tokens: [A, A.toLowerCase()] }, /twice/],
    ["verifiers", { verifiers: "" }, /at least one verifier/],
    ["verifiers", { verifiers: "0xnope" }, /not an address/],
    ["verifiers", { verifiers: `${A}\n${A}` }, /twice/],
    [
      "verifiers",
      {
        verifiers: Array.from({ length: 6 }, (_, i) => `0x${String(i + 1).padStart(40, "0")}`).join(
          "\n",
        ),
      },
      /At most 5/,
    ],
    ["threshold", { threshold: "0" }, /at least 1/],
    ["threshold", { threshold: "3" }, /can't exceed the number of verifiers \(2\)/],
    ["metadataURI", { metadataURI: "" }, /story and documents/],
    ["metadataURI", { metadataURI: "not a uri" }, /URI/],
  ];
  for (const [field, change, message] of cases) {
    it(`rejects ${field} = ${JSON.stringify(Object.values(change)[0]).slice(0, 40)}`, () => {
      const result = validateLaunch({ ...valid(), ...change }, NOW);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors[field]).toMatch(message);
    });
  }
});
