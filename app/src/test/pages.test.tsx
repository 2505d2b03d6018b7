import { render, screen } from "@testing-library/react";
import type { Address, Hex } from "viem";
import { describe, expect, it } from "vitest";

import { PROMISE_RULES, type AuditResult, type Check } from "../../../client/audit.ts";
import type { LedgerEntry, OrderRecord, Source } from "../../../client/ledger.ts";
import { NameBook } from "../../../client/names.ts";
import { orderTimeline } from "../components/OrderTimeline.tsx";
import { PromiseSection } from "../pages/Audit.tsx";
import { advanceRefusal } from "../pages/Supplier.tsx";
import { say } from "../lib/message.ts";

const ETH: Address = "0x0000000000000000000000000000000000000000";
const USDC: Address = "0x21df544947ba3e8b3c32561399e88b52dc8b2823";
const SUPPLIER: Address = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
const WAHO: Address = "0x976ea74026e726554db657fa54763abd0c3a0aa9";
const ORGANIZER: Address = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const TX: Hex = `0x${"aa".repeat(32)}`;
const at = (block: number, logIndex = 0): Source => ({
  blockNumber: BigInt(block),
  transactionHash: TX,
  logIndex,
});
const tokenOf = (t: Address) =>
  t === ETH
    ? { address: ETH, symbol: "ETH", decimals: 18 }
    : { address: USDC, symbol: "USDC", decimals: 6 };

describe("an order's timeline on the appeal page", () => {
  const order: OrderRecord = {
    id: 2n,
    version: 2,
    supplier: SUPPLIER,
    amountUsd: 4_500n * 10n ** 18n,
    units: 20_000n,
    deliverBy: 1_800_000_000n,
    advanceBps: 1_000,
    termsHash: `0x${"22".repeat(32)}`,
    status: "Cancelled",
    tokens: [ETH, USDC],
    shares: {
      [ETH]: {
        amount: 8n * 10n ** 17n,
        paid: 0n,
        advance: 8n * 10n ** 16n,
        reclaimed: 8n * 10n ** 16n,
        returned: 8n * 10n ** 17n,
      },
      [USDC]: {
        amount: 2_000_000_000n,
        paid: 0n,
        advance: 200_000_000n,
        reclaimed: 200_000_000n,
        returned: 2_000_000_000n,
      },
    },
    confirmedBy: { [WAHO]: 5_000n },
    unitsVerified: 0n,
    unitsPaid: 0n,
    confirmations: [
      {
        ...at(12),
        verifier: WAHO,
        unitsDelivered: 5_000n,
        evidenceHash: `0x${"33".repeat(32)}`,
        bySignature: true,
      },
    ],
    payments: [
      { ...at(11, 1), token: ETH, amount: 8n * 10n ** 16n, unitsVerified: 0n, advance: true },
      { ...at(11, 2), token: USDC, amount: 200_000_000n, unitsVerified: 0n, advance: true },
    ],
    shipments: [],
    created: at(10, 0),
    accepted: at(11, 0),
    cancelled: { ...at(13, 9), by: ORGANIZER },
  };
  const entries: LedgerEntry[] = [
    { ...at(10, 1), kind: "reserve", orderId: 2n, token: ETH, amount: 8n * 10n ** 17n },
    { ...at(10, 2), kind: "reserve", orderId: 2n, token: USDC, amount: 2_000_000_000n },
    { ...at(10, 3), kind: "reserve", orderId: 1n, token: USDC, amount: 7n },
    { ...at(13, 1), kind: "reclaimed", orderId: 2n, token: ETH, amount: 8n * 10n ** 16n },
    { ...at(13, 2), kind: "reclaimed", orderId: 2n, token: USDC, amount: 200_000_000n },
    { ...at(13, 3), kind: "returned", orderId: 2n, token: ETH, amount: 8n * 10n ** 17n },
    { ...at(13, 4), kind: "returned", orderId: 2n, token: USDC, amount: 2_000_000_000n },
  ];
  it("shows per-token reservations, advances, reclaimed advances and returned reservations in chain order", () => {
    const names = new NameBook([
      [WAHO, { name: "WAHO Abuja warehouse", source: "verifier" }],
      [ORGANIZER, { name: "FCSSC West Africa relief desk", source: "metadata" }],
    ]);
    const rows = orderTimeline(order, entries, tokenOf, names);
    expect(rows.map((r) => `${r.kind}: ${r.text}`)).toEqual([
      "placed: 20,000 units for $4,500.00 at pledge-time prices, advance 10%, deliver by 15 Jan 2027, 08:00 UTC",
      "reserved: 0.8 ETH set aside",
      "reserved: 2,000 USDC set aside",
      "accepted: by the supplier",
      "advance: 0.08 ETH credited to the supplier on acceptance",
      "advance: 200 USDC credited to the supplier on acceptance",
      "confirmed: 5,000 units by WAHO Abuja warehouse (0x976E…0aa9) (EIP-712 signature, relayed); evidence 0x3333333333333333333333333333333333333333333333333333333333333333",
      "reclaimed: 0.08 ETH of advance taken back from the suspended supplier",
      "reclaimed: 200 USDC of advance taken back from the suspended supplier",
      "returned: 0.8 ETH of the reservation, unpaid, back to the pool",
      "returned: 2,000 USDC of the reservation, unpaid, back to the pool",
      "cancelled: by FCSSC West Africa relief desk (0x3C44…93BC)",
    ]);
  });
});

describe("the audit page's promise section", () => {
  const check = (rule: string, ok: boolean, scope = "ETH"): Check => ({
    rule,
    scope,
    ok,
    expected: "<= 600",
    found: ok ? "0" : "900 at the most",
  });
  const result = (checks: Check[]) =>
    ({ version: 2, checks, discrepancies: checks.filter((c) => !c.ok) }) as unknown as AuditResult;

  it("lists every rule of PROMISE_RULES first, each holding", () => {
    const rules = Object.keys(PROMISE_RULES);
    render(
      <PromiseSection
        result={result([...rules.map((r) => check(r, true)), check("balance-covers-held", true)])}
      />,
    );
    const items = screen.getByTestId("promise").querySelectorAll(":scope > li");
    expect([...items].map((li) => li.getAttribute("data-rule"))).toEqual(rules);
    expect([...items].every((li) => li.getAttribute("data-ok") === "true")).toBe(true);
    expect(screen.getByTestId("promise").textContent).toContain(
      PROMISE_RULES["promise-unverified-within-cap"],
    );
  });

  it("shows a failing rule with its failing checks' expected and found values", () => {
    render(
      <PromiseSection
        result={result([
          check("promise-unverified-within-cap", true, "USDC"),
          check("promise-unverified-within-cap", false, "ETH"),
        ])}
      />,
    );
    const li = screen
      .getByTestId("promise")
      .querySelector('[data-rule="promise-unverified-within-cap"]')!;
    expect(li.getAttribute("data-ok")).toBe("false");
    expect(screen.getByTestId("promise-failing-promise-unverified-within-cap").textContent).toBe(
      "ETH: expected <= 600; found 900 at the most",
    );
  });
});

describe("a supplier is told before accepting when the advance cap would refuse it", () => {
  const book = (unbacked: bigint, advanceCap: bigint) => ({
    pledged: 0n,
    cancelled: 0n,
    refunded: 0n,
    reserved: 0n,
    earned: 0n,
    withdrawn: 0n,
    available: 0n,
    pledgedUsd: 0n,
    unspentAtClose: 0n,
    unbacked,
    advanceCap,
  });
  const tokens = new Map([
    [ETH, { address: ETH, symbol: "ETH", decimals: 18 }],
    [USDC, { address: USDC, symbol: "USDC", decimals: 6 }],
  ]);
  const order = {
    advanceBps: 2_000,
    shares: { [USDC]: { amount: 1_000_000_000n, paid: 0n, advance: 0n } },
  };
  it("names the token, the advance, the unbacked total and the cap; exactly at the cap passes", () => {
    expect(
      say(
        advanceRefusal({ books: { [USDC]: book(1_300_000_001n, 1_500_000_000n) } }, order, tokens),
      ),
    ).toBe(
      "Accepting now would be refused: the 20% advance (200 USDC) would take USDC paid ahead of verified delivery to 1,500.000001 USDC, above this appeal's cap of 1,500 USDC. Ask the organizer to re-issue the order with a smaller advance.",
    );
    expect(
      advanceRefusal({ books: { [USDC]: book(1_300_000_000n, 1_500_000_000n) } }, order, tokens),
    ).toBeUndefined();
    expect(advanceRefusal({ books: {} }, { ...order, advanceBps: 0 }, tokens)).toBeUndefined();
  });
});
