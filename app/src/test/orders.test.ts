// @vitest-environment node
import type { Address } from "viem";
import { describe, expect, it } from "vitest";

import { computeCid, digestOf } from "../../../client/content.ts";
import { i18n } from "../i18n/index.ts";
import { say } from "../lib/message.ts";
import {
  maxBpsWithin,
  previewOrder,
  shareOf,
  validateOrder,
  type OrderForm,
  type OrderRules,
  type Pool,
} from "../lib/orders.ts";

const ETH: Address = "0x0000000000000000000000000000000000000000";
const USDC: Address = "0x21df544947ba3e8b3c32561399e88b52dc8b2823";
const HENAN: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const LAGOS: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const WAHO: Address = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const E18 = 10n ** 18n;
/** The purchase terms' on-chain hash: the digest of their file's CID, as the form computes it. */
const TERMS = digestOf(await computeCid(new TextEncoder().encode("PO-ACCRA-003: 20,000 masks\n")));
const usd = (whole: bigint) => whole * E18;

/** The Accra appeal of the seed: 2 ETH ($6,000) and 5,000 USDC ($5,000), cap 30%. */
const pools = (over: Partial<Record<"ETH" | "USDC", Partial<Pool>>> = {}): Pool[] => [
  {
    token: ETH,
    symbol: "ETH",
    decimals: 18,
    net: 2n * E18,
    available: 2n * E18,
    unbacked: 0n,
    advanceCap: (2n * E18 * 3_000n) / 10_000n,
    ...over.ETH,
  },
  {
    token: USDC,
    symbol: "USDC",
    decimals: 6,
    net: 5_000_000_000n,
    available: 5_000_000_000n,
    unbacked: 0n,
    advanceCap: 1_500_000_000n,
    ...over.USDC,
  },
];

const preview = (amountUsd: bigint, advanceBps: number, over = {}, unreserved = usd(11_000n)) =>
  previewOrder({
    amountUsd,
    advanceBps,
    raisedUsd: usd(11_000n),
    unreservedUsd: unreserved,
    pools: pools(over),
    maxAdvanceBps: 3_000,
  });

describe("previewOrder: what an order in USD reserves in each token", () => {
  it("reserves mulDiv(net, amountUsd, raisedUsd) of every token, rounded down, as the contract", () => {
    const p = preview(usd(4_500n), 0);
    expect(p.rows.map((r) => r.amount)).toEqual([818_181_818_181_818_181n, 2_045_454_545n]);
    // The same fraction of every pool: 4,500 / 11,000.
    for (const r of p.rows) expect(shareOf(r.available, usd(4_500n), usd(11_000n))).toBe(r.amount);
    expect(p.problems).toEqual([]);
    expect(p.rows.map((r) => r.headroom)).toEqual([600_000_000_000_000_000n, 1_500_000_000n]);
  });

  it("computes each token's advance as amount × bps / 10,000, rounded down", () => {
    const p = preview(usd(4_000n), 2_000);
    expect(p.rows.map((r) => r.amount)).toEqual([727_272_727_272_727_272n, 1_818_181_818n]);
    expect(p.rows.map((r) => r.advance)).toEqual([145_454_545_454_545_454n, 363_636_363n]);
  });

  it("explains an order above what can still be ordered", () => {
    const p = preview(usd(7_000n) + 10n ** 16n, 0, {}, usd(7_000n));
    expect(p.problems.map((x) => x.kind)).toEqual(["above-unreserved"]);
    expect(say(p.problems[0].message)).toBe(
      "Only $7,000.00 can still be ordered (the rest is reserved for other orders or already paid); this order is $7,000.01.",
    );
    expect(preview(usd(7_000n), 0, {}, usd(7_000n)).problems).toEqual([]);
  });

  it("explains an order above everything raised", () => {
    const p = preview(usd(12_000n), 0);
    expect(p.problems.map((x) => x.kind)).toEqual(["above-raised"]);
    expect(say(p.problems[0].message)).toBe(
      "This order ($12,000.00) is worth more than everything the appeal raised ($11,000.00).",
    );
  });

  it("names a token whose pool is short even when the USD total fits", () => {
    const p = preview(usd(4_500n), 0, { USDC: { available: 2_000_000_000n } });
    expect(p.problems.map((x) => x.kind)).toEqual(["insufficient"]);
    expect(say(p.problems[0].message)).toBe(
      "Not enough USDC left: the order would reserve 2,045.454545 USDC and 2,000 USDC is available.",
    );
  });

  it("refuses an order that rounds to nothing in every token", () => {
    expect(preview(1n, 0).problems.map((x) => x.kind)).toEqual(["zero"]);
  });

  it("explains an advance the campaign-wide cap would refuse at acceptance, and what fits", () => {
    const p = preview(usd(4_500n), 1_000, { USDC: { unbacked: 1_400_000_000n } });
    expect(p.rows[1].headroom).toBe(100_000_000n);
    expect(p.rows[1].advance).toBe(204_545_454n);
    expect(p.maxAdvanceBps).toBe(488);
    expect(p.problems.map((x) => [x.kind, x.field])).toEqual([["advance-cap", "advancePercent"]]);
    expect(say(p.problems[0].message)).toBe(
      "The supplier could not accept this order: its advance of 204.545454 USDC would take USDC paid ahead of verified delivery to 1,604.545454 USDC, above the appeal's cap of 1,500 USDC (only 100 USDC left). An advance of at most 4.88% fits now.",
    );
    // 4.88% fits (99.818181 USDC), 4.89% does not (100.022727 USDC).
    expect(preview(usd(4_500n), 488, { USDC: { unbacked: 1_400_000_000n } }).problems).toEqual([]);
    expect(
      preview(usd(4_500n), 489, { USDC: { unbacked: 1_400_000_000n } }).problems.map((x) => x.kind),
    ).toEqual(["advance-cap"]);
  });

  it("warns, without refusing, when placed orders' advances compete for the same headroom", () => {
    const p = preview(usd(4_000n), 2_000, { USDC: { pendingAdvance: 1_200_000_000n } });
    expect(p.problems).toEqual([]);
    expect(p.warnings).toHaveLength(1);
    expect(say(p.warnings[0])).toMatch(/whichever supplier accepts last may be refused/);
  });

  it("maxBpsWithin finds the largest advance within a headroom", () => {
    expect(maxBpsWithin(0n, 0n)).toBe(10_000);
    expect(maxBpsWithin(1_000n, 0n)).toBe(9); // 1,000 × 9 / 10,000 = 0
    expect(maxBpsWithin(1_000n, 100n)).toBe(1_009);
    expect(maxBpsWithin(10n, 10n ** 6n)).toBe(10_000);
  });
});

describe("validateOrder: the order form", () => {
  const NOW = 1_800_000_000n; // 2027-01-15T08:00Z
  const rules = (over: Partial<OrderRules> = {}): OrderRules => ({
    now: NOW,
    procurementDeadline: NOW + 100n * 86_400n,
    deliveryGracePeriod: 7n * 86_400n,
    maxAdvanceBps: 3_000,
    vetted: [HENAN, LAGOS],
    verifiers: [WAHO, LAGOS],
    raisedUsd: usd(11_000n),
    unreservedUsd: usd(6_000n),
    pools: pools(),
    ...over,
  });
  const form = (over: Partial<OrderForm> = {}): OrderForm => ({
    supplier: HENAN,
    amountUsd: "4500",
    units: "20,000",
    deliverBy: "2027-03-01T00:00",
    advancePercent: "10",
    terms: TERMS,
    ...over,
  });

  it("turns a valid form into the client's OrderInput, with the terms file's CID digest", () => {
    const result = validateOrder(form(), rules());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toEqual({
      supplier: HENAN,
      amountUsd: usd(4_500n),
      units: 20_000n,
      deliverBy: BigInt(Date.parse("2027-03-01T00:00:00Z") / 1000),
      advanceBps: 1_000,
      termsHash: TERMS,
    });
    const pasted = `0x${"ab".repeat(32)}` as const;
    const withHash = validateOrder(form({ terms: pasted }), rules());
    expect(withHash.ok && withHash.input.termsHash).toBe(pasted);
  });

  const cases: [keyof OrderForm, Partial<OrderForm>, RegExp | string][] = [
    ["supplier", { supplier: "" }, "Choose a vetted supplier."],
    [
      "supplier",
      { supplier: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" },
      /not vetted \(unknown or suspended\)/,
    ],
    ["supplier", { supplier: LAGOS }, /one of the appeal's verifiers/],
    ["amountUsd", { amountUsd: "0" }, /greater than zero/],
    ["amountUsd", { amountUsd: "4,500" }, /could mean 4500 or 4\.5/],
    ["amountUsd", { amountUsd: "6000.5" }, /^Only \$6,000.00 can still be ordered/],
    ["units", { units: "0" }, /at least 1/],
    ["units", { units: (2n ** 40n).toString() }, /too large/],
    ["deliverBy", { deliverBy: "2027-01-01T00:00" }, /in the future/],
    [
      "deliverBy",
      { deliverBy: "2027-04-20T00:00" },
      "Deliver by 18 Apr 2027, 08:00 UTC at the latest (the procurement deadline minus the 7-day grace period).",
    ],
    [
      "advancePercent",
      { advancePercent: "31" },
      "The advance may be at most 30% (this appeal's cap).",
    ],
    ["advancePercent", { advancePercent: "ten" }, /percentage/],
    ["terms", { terms: " " }, /purchase terms/],
    ["terms", { terms: "PO-ACCRA-003: 20,000 masks" }, /content ID/],
  ];
  for (const [field, change, message] of cases) {
    it(`refuses ${field} = ${JSON.stringify(Object.values(change)[0]).slice(0, 30)}`, () => {
      const result = validateOrder(form(change), rules());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(say(result.errors[field])).toMatch(message);
    });
  }

  it("keeps the preview while refusing, so the form explains what the chain would refuse", () => {
    const result = validateOrder(
      form({ advancePercent: "10" }),
      rules({ pools: pools({ USDC: { unbacked: 1_400_000_000n } }) }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(say(result.errors.advancePercent)).toMatch(/^The supplier could not accept this order/);
    expect(result.preview?.rows[1].amount).toBe(2_045_454_545n);
  });
});
