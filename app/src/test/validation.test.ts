// @vitest-environment node
import { describe, expect, it } from "vitest";

import { say } from "../lib/message.ts";
import {
  DEFAULT_LIMITS,
  eligibleVerifiers,
  emptyLaunchForm,
  validateLaunch,
  type LaunchForm,
  type LaunchRules,
} from "../lib/validation.ts";

const NOW = 1_800_000_000n; // 2027-01-15T08:00:00Z
const DAY = 86_400n;
const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const C = "0x90F79bf6EB2c4f870365E785982E1f101E93b906"; // suspended verifier
const ORGANIZER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"; // also a registered verifier

const rules = (over: Partial<LaunchRules> = {}): LaunchRules => ({
  limits: DEFAULT_LIMITS,
  verifiers: [
    { address: A, name: "WAHO Abuja warehouse", organization: "WAHO", status: 1 },
    { address: B, name: "UN country office", organization: "UNDP", status: 1 },
    { address: C, name: "Sahel Freight", organization: "Sahel Freight Ltd", status: 2 },
    { address: ORGANIZER, name: "FCSSC desk", organization: "FCSSC", status: 1 },
  ],
  organizer: ORGANIZER,
  ...over,
});

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
  verifiers: [A, B],
  threshold: "2",
  metadataURI: "ipfs://bafy/metadata.json",
});

const utc = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 16);

describe("validateLaunch", () => {
  it("turns a valid form into campaign parameters", () => {
    const result = validateLaunch(valid(), NOW, rules());
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
    ["unitName", { unitName: "x".repeat(1025) }, /1,024/],
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
    ["maxAdvancePercent", { maxAdvancePercent: "ten" }, /percentage/],
    ["tokens", { tokens: [] }, /at least one/],
    ["tokens", { tokens: [A, A.toLowerCase()] }, /twice/],
    ["verifiers", { verifiers: [] }, /Choose the verifiers \(at least 2/],
    ["verifiers", { verifiers: ["0xnope"] }, /not an address/],
    ["verifiers", { verifiers: [A, A] }, /twice/],
    ["threshold", { threshold: "0" }, /at least 1/],
    ["threshold", { threshold: "3" }, /can't exceed the number of verifiers \(2\)/],
    ["metadataURI", { metadataURI: "" }, /story and documents/],
    ["metadataURI", { metadataURI: "not a uri" }, /URI/],
  ];
  for (const [field, change, message] of cases) {
    it(`rejects ${field} = ${JSON.stringify(Object.values(change)[0]).slice(0, 40)}`, () => {
      const result = validateLaunch({ ...valid(), ...change }, NOW, rules());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(say(result.errors[field])).toMatch(message);
    });
  }
});

describe("validateLaunch against the registry's limits", () => {
  const limits = {
    maxFundingWindow: 30 * 86_400,
    maxProcurementWindow: 60 * 86_400,
    maxAdvanceBps: 2_000,
    minThreshold: 2,
  };
  const within = { maxAdvancePercent: "20", procurementDeadline: "2027-03-01T00:00" };
  const check = (change: Partial<LaunchForm>, over: Partial<LaunchRules> = {}) =>
    validateLaunch({ ...valid(), ...within, ...change }, NOW, rules({ limits, ...over }));

  it("accepts a funding deadline exactly at the window's end, refuses one second more", () => {
    const last = NOW + 30n * DAY;
    const lastMinute = last - (last % 60n); // the input has minutes
    expect(
      check({ deadline: utc(lastMinute), procurementDeadline: utc(lastMinute + 50n * DAY) }).ok,
    ).toBe(true);
    const result = check({
      deadline: utc(lastMinute + 60n),
      procurementDeadline: utc(lastMinute + 50n * DAY),
    });
    expect(!result.ok && say(result.errors.deadline)).toBe(
      "This platform allows funding for at most 30 days: choose 14 Feb 2027, 08:00 UTC or earlier.",
    );
  });
  it("refuses a procurement window longer than the limit, after the funding deadline", () => {
    const deadline = Date.parse("2027-02-01T00:00:00Z") / 1000;
    expect(check({ procurementDeadline: utc(BigInt(deadline) + 60n * DAY) }).ok).toBe(true);
    const result = check({ procurementDeadline: utc(BigInt(deadline) + 60n * DAY + 60n) });
    expect(!result.ok && say(result.errors.procurementDeadline)).toBe(
      "Procurement may last at most 60 days after funding ends: choose 2 Apr 2027, 00:00 UTC or earlier.",
    );
  });
  it("refuses an advance cap above the platform's ceiling", () => {
    expect(check({ maxAdvancePercent: "20" }).ok).toBe(true);
    const result = check({ maxAdvancePercent: "20.01" });
    expect(!result.ok && say(result.errors.maxAdvancePercent)).toBe(
      "The platform allows an advance of at most 20%.",
    );
  });
  it("refuses a threshold below the platform's minimum, and too few verifiers for it", () => {
    const strict = { ...limits, minThreshold: 3 };
    const result = validateLaunch(valid(), NOW, rules({ limits: strict }));
    expect(!result.ok && say(result.errors.threshold)).toBe(
      "At least 3 verifiers must agree on a delivery on this platform.",
    );
    expect(!result.ok && say(result.errors.verifiers)).toMatch(/^Choose at least 3 verifiers/);
  });
  it("refuses the organizer as a verifier, and a suspended or unregistered verifier", () => {
    const own = check({ verifiers: [A, ORGANIZER] });
    expect(!own.ok && say(own.errors.verifiers)).toMatch(/can't verify your own appeal/);
    const suspended = check({ verifiers: [A, C] });
    expect(!suspended.ok && say(suspended.errors.verifiers)).toBe(
      "Sahel Freight is suspended as a verifier; only active registered verifiers can be chosen.",
    );
    const stranger = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
    const unknown = check({ verifiers: [A, stranger] });
    expect(!unknown.ok && say(unknown.errors.verifiers)).toBe(
      `${stranger} is not a registered verifier.`,
    );
  });
  it("offers only active registered verifiers that are not the organizer", () => {
    expect(eligibleVerifiers(rules()).map((v) => v.address)).toEqual([A, B]);
    expect(eligibleVerifiers(rules({ organizer: undefined })).map((v) => v.address)).toEqual([
      A,
      B,
      ORGANIZER,
    ]);
  });
  it("starts from the platform's ceiling and minimum", () => {
    const form = emptyLaunchForm({ ...limits, maxAdvanceBps: 1_500, minThreshold: 3 });
    expect(form.maxAdvancePercent).toBe("15");
    expect(form.threshold).toBe("3");
    expect(emptyLaunchForm(DEFAULT_LIMITS).maxAdvancePercent).toBe("30");
  });
});
