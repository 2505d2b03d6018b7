/**
 * The impact receipt's arithmetic (client/receipt.ts) on hand-made histories whose every number is
 * worked out below: a donor in two tokens, a cancelled pledge, an order delivered in part with an
 * advance, an advance never backed (cancelled order), a suspended supplier's advance reclaimed,
 * close, refunds claimed and unclaimed, a failed appeal, and a v1 history of single-token orders.
 * Every case checks that the shares add up exactly, over all donors, to what was paid and to the
 * verified units, and that each donor's money is wholly accounted for.
 *
 * The same properties on a real campaign with awkward amounts in four tokens: receipt-chain.ts.
 */
import { expect } from "chai";
import { pad, parseEther, zeroAddress, type Abi, type Address, type Hex } from "viem";

import { campaignAbi, campaignV1Abi } from "../../client/generated/abis.ts";
import { replay, type CampaignParams } from "../../client/ledger.ts";
import {
  add,
  appealSummary,
  equal,
  formatRatio,
  impactReceipt,
  impactReceipts,
  ratio,
  receiptToJson,
  receiptToMarkdown,
  sum,
  summaryToMarkdown,
  ZERO,
  type CampaignHistory,
} from "../../client/receipt.ts";
import { NameBook } from "../../client/names.ts";
import { handMadeLogs, type HandMade } from "./history.ts";

const USD = 10n ** 18n;
const E = (ether: string) => parseEther(ether);
const U = (usdc: bigint) => usdc * 10n ** 6n;
const CAMPAIGN = "0x00000000000000000000000000000000000c0ffe" as Address;
const ETH = zeroAddress as Address;
const USDC = "0x000000000000000000000000000000000000a5dc" as Address;
const [A, B, C, D] = [
  "0x00000000000000000000000000000000000000a1",
  "0x00000000000000000000000000000000000000b2",
  "0x00000000000000000000000000000000000000c3",
  "0x00000000000000000000000000000000000000d4",
] as Address[];
const S1 = "0x0000000000000000000000000000000000005001" as Address;
const S2 = "0x0000000000000000000000000000000000005002" as Address;
const [V1, V2, V3] = [
  "0x0000000000000000000000000000000000000f01",
  "0x0000000000000000000000000000000000000f02",
  "0x0000000000000000000000000000000000000f03",
] as Address[];
const ORGANIZER = "0x0000000000000000000000000000000000000999" as Address;
const STATUS = { Funding: 1, Failed: 2, Procurement: 3, Closed: 4 } as const;

const params: CampaignParams = {
  beneficiary: "0x0000000000000000000000000000000000000bef",
  goalUsd: 10_000n * USD,
  targetUnits: 2_000n,
  deadline: 1_000n,
  procurementDeadline: 2_000_000n,
  deliveryGracePeriod: 0n,
  maxAdvanceBps: 3_000,
  threshold: 2,
  allOrNothing: true,
  tokens: [ETH, USDC],
  verifiers: [V1, V2, V3],
  unitName: "surgical masks",
  metadataURI: "ipfs://bafkreihandmade",
};

function history(events: HandMade[], abi: Abi = campaignAbi, version: 1 | 2 = 2): CampaignHistory {
  const ledger = replay(params, handMadeLogs(abi, CAMPAIGN, events));
  expect(
    ledger.issues,
    JSON.stringify(ledger.issues, (_, v) => (typeof v === "bigint" ? `${v}` : v)),
  ).to.deep.equal([]);
  return {
    campaign: CAMPAIGN,
    chainId: 31337,
    version,
    params,
    ledger,
    tokens: [
      { address: ETH, symbol: "ETH", decimals: 18 },
      { address: USDC, symbol: "USDC", decimals: 6 },
    ],
    organizer: ORGANIZER,
    registry: zeroAddress,
    fromBlock: 100n,
    toBlock: 100n + BigInt(events.length),
    status: ledger.status,
    // Block 100 + i is the i-th event; one day apart from 1 Jan 2027.
    blockTimes: Object.fromEntries(
      events.map((_, i) => [`${100 + i}`, 1_798_761_600n + BigInt(i) * 86_400n]),
    ),
  };
}

// ── event builders ──
const pledged = (donor: Address, token: Address, amount: bigint, usd: bigint): HandMade => [
  "Pledged",
  { donor, token, amount, usdValue: usd * USD },
];
const cancelled = (donor: Address, token: Address, amount: bigint, usd: bigint): HandMade => [
  "PledgeCancelled",
  { donor, token, to: donor, amount, usdValue: usd * USD },
];
const status = (s: keyof typeof STATUS, raisedUsd = 0n): HandMade => [
  "StatusChanged",
  { status: STATUS[s], raisedUsd: raisedUsd * USD },
];
const created = (
  orderId: bigint,
  supplier: Address,
  usd: bigint,
  units: bigint,
  advanceBps: number,
): HandMade => [
  "OrderCreated",
  {
    orderId,
    supplier,
    amountUsd: usd * USD,
    units,
    deliverBy: 1_500_000,
    advanceBps,
    termsHash: pad(`0x${(Number(orderId) + 1).toString(16)}` as Hex),
  },
];
const reserved = (orderId: bigint, token: Address, amount: bigint): HandMade => [
  "OrderReserved",
  { orderId, token, amount },
];
const accepted = (orderId: bigint, supplier: Address): HandMade => [
  "OrderAccepted",
  { orderId, supplier },
];
const paid = (
  orderId: bigint,
  supplier: Address,
  token: Address,
  amount: bigint,
  unitsVerified: bigint,
  advance = false,
): HandMade => ["PaymentReleased", { orderId, supplier, token, amount, unitsVerified, advance }];
const paid_ = (orderId: bigint, token: Address, amount: bigint, units: bigint, advance: boolean) =>
  paid(orderId, S1, token, amount, units, advance);
const confirmed = (orderId: bigint, verifier: Address, units: bigint): HandMade => [
  "DeliveryConfirmed",
  {
    orderId,
    verifier,
    unitsDelivered: units,
    evidenceHash: pad("0xe1"),
    bySignature: false,
  },
];
const returned = (orderId: bigint, token: Address, amount: bigint): HandMade => [
  "ReservationReturned",
  { orderId, token, amount },
];
const reclaimed = (
  orderId: bigint,
  supplier: Address,
  token: Address,
  amount: bigint,
): HandMade => ["AdvanceReclaimed", { orderId, supplier, token, amount }];
const orderCancelled = (orderId: bigint): HandMade => [
  "OrderCancelled",
  { orderId, by: ORGANIZER },
];
const unspent = (token: Address, amount: bigint, net: bigint): HandMade => [
  "UnspentRecorded",
  { token, unspent: amount, netPledged: net },
];
const refund = (donor: Address, token: Address, amount: bigint): HandMade => [
  "RefundClaimed",
  { donor, token, to: donor, amount },
];

/**
 * A: 2 ETH ($6,000) and 3,000 USDC; B: 1 ETH ($3,000); C: 1,000 USDC; D: 500 USDC, cancelled.
 * Net: 3 ETH ($9,000) and 4,000 USDC ($4,000): $13,000 raised. The pool is 9/13 ETH, 4/13 USDC
 * in value, so every order's units are bought 9/13 with ETH and 4/13 with USDC: A's fraction of
 * every order is 9/13 × 2/3 + 4/13 × 3/4 = 9/13, B's 9/13 × 1/3 = 3/13, C's 4/13 × 1/4 = 1/13.
 *
 * Order 0 ($6,500, half the pool: 1.5 ETH and 2,000 USDC; 1,000 units; 20% advance) from S1:
 * advance 0.3 ETH + 400 USDC; 300 units verified (2 of 3) earn 0.45 ETH + 600 USDC, so 0.15 ETH
 * + 200 USDC more. Order 1 ($1,300, a tenth: 0.3 ETH + 400 USDC; 100 units; 30% advance) from S2:
 * advance 0.09 ETH + 120 USDC, nothing delivered.
 */
const PROCUREMENT: HandMade[] = [
  pledged(A, ETH, E("2"), 6_000n),
  pledged(A, USDC, U(3_000n), 3_000n),
  pledged(B, ETH, E("1"), 3_000n),
  pledged(C, USDC, U(1_000n), 1_000n),
  pledged(D, USDC, U(500n), 500n),
  cancelled(D, USDC, U(500n), 500n),
  status("Procurement", 13_000n),
  created(0n, S1, 6_500n, 1_000n, 2_000),
  reserved(0n, ETH, E("1.5")),
  reserved(0n, USDC, U(2_000n)),
  accepted(0n, S1),
  paid(0n, S1, ETH, E("0.3"), 0n, true),
  paid(0n, S1, USDC, U(400n), 0n, true),
  confirmed(0n, V1, 300n),
  confirmed(0n, V2, 300n),
  paid(0n, S1, ETH, E("0.15"), 300n),
  paid(0n, S1, USDC, U(200n), 300n),
  created(1n, S2, 1_300n, 100n, 3_000),
  reserved(1n, ETH, E("0.3")),
  reserved(1n, USDC, U(400n)),
  accepted(1n, S2),
  paid(1n, S2, ETH, E("0.09"), 0n, true),
  paid(1n, S2, USDC, U(120n), 0n, true),
];

/**
 * Then both orders are cancelled (order 0 keeps what its 300 units earned; order 1's supplier keeps
 * its advance) and the appeal closes: unspent 3 − 0.45 − 0.09 = 2.46 ETH and 4,000 − 600 − 120 =
 * 3,280 USDC. A claims 1.64 ETH and 2,460 USDC, B 0.82 ETH; C leaves its 820 USDC unclaimed.
 */
const CLOSED: HandMade[] = [
  ...PROCUREMENT,
  returned(0n, ETH, E("1.05")),
  returned(0n, USDC, U(1_400n)),
  orderCancelled(0n),
  returned(1n, ETH, E("0.21")),
  returned(1n, USDC, U(280n)),
  orderCancelled(1n),
  unspent(ETH, E("2.46"), E("3")),
  unspent(USDC, U(3_280n), U(4_000n)),
  status("Closed", 13_000n),
  ["CampaignClosed", { by: ORGANIZER }],
  refund(A, ETH, E("1.64")),
  refund(A, USDC, U(2_460n)),
  refund(B, ETH, E("0.82")),
];

/** Per token, the donor's parts add up to its net pledge: paid (backed or not) + reserved + pool. */
function expectWhole(h: CampaignHistory, donor: Address) {
  const r = impactReceipt(h, donor);
  for (const t of r.tokens) {
    const whole = sum([t.paidForDelivery, t.advancesUnbacked, t.reserved, t.inPool]);
    expect(equal(whole, ratio(t.net)), `${donor} ${t.token}: parts add up to the net pledge`).to.be
      .true;
  }
  return r;
}

/** Over every donor: shares of each payment add up to it, units to each order's verified units. */
function expectSharesAddUp(h: CampaignHistory) {
  const receipts = impactReceipts(h);
  for (const order of h.ledger.orders) {
    const lines = receipts.flatMap((r) => r.orders.filter((o) => o.orderId === order.id));
    expect(
      lines.reduce((s, o) => s + o.unitsAllocated, 0n),
      `order ${order.id} whole units`,
    ).to.equal(order.unitsVerified);
    expect(
      equal(sum(lines.map((o) => o.unitsExact)), ratio(order.unitsVerified)),
      `order ${order.id} exact units`,
    ).to.be.true;
    for (const token of order.tokens) {
      const parts = lines.flatMap((o) => o.tokens.filter((t) => t.token === token));
      expect(
        equal(sum(parts.map((p) => p.paid)), ratio(order.shares[token].paid)),
        `order ${order.id} ${token}: donors' parts add up to what was paid`,
      ).to.be.true;
      for (const p of order.payments.filter((x) => x.token === token)) {
        const shares = receipts.flatMap((r) =>
          r.orders
            .filter((o) => o.orderId === order.id)
            .flatMap((o) =>
              o.payments.filter(
                (x) => x.at.logIndex === p.logIndex && x.at.blockNumber === p.blockNumber,
              ),
            ),
        );
        expect(equal(sum(shares.map((s) => s.share)), ratio(p.amount)), "payment shares").to.be
          .true;
      }
    }
  }
  return receipts;
}

describe("impact receipt: arithmetic on hand-made histories", () => {
  it("during procurement: a donor in two tokens funds its exact part of every payment and of the verified units", () => {
    const h = history(PROCUREMENT);
    const a = expectWhole(h, A);
    // A: 2/3 of ETH, 3/4 of USDC.
    const [eth, usdc] = a.tokens;
    expect(eth).to.deep.include({ token: ETH, net: E("2"), netUsd: 6_000n * USD });
    expect(eth.fraction).to.deep.equal(ratio(2n, 3n));
    expect(usdc.fraction).to.deep.equal(ratio(3n, 4n));
    // Order 0: 0.45 ETH and 600 USDC for 300 verified units; order 1's advances unbacked.
    expect(eth.paidForDelivery).to.deep.equal(ratio(E("0.3")));
    expect(usdc.paidForDelivery).to.deep.equal(ratio(U(450n)));
    expect(eth.advancesUnbacked).to.deep.equal(ratio(E("0.06")));
    expect(usdc.advancesUnbacked).to.deep.equal(ratio(U(90n)));
    // Reserved and unpaid: order 0 1.05 ETH + 1,400 USDC, order 1 0.21 ETH + 280 USDC.
    expect(eth.reserved).to.deep.equal(ratio(E("0.84")));
    expect(usdc.reserved).to.deep.equal(ratio(U(1_260n)));
    // The pool no order reserves: 1.2 ETH and 1,600 USDC.
    expect(eth.inPool).to.deep.equal(ratio(E("0.8")));
    expect(usdc.inPool).to.deep.equal(ratio(U(1_200n)));
    expect(eth.refundDue).to.equal(0n);

    const order0 = a.orders.find((o) => o.orderId === 0n)!;
    expect(order0.fraction).to.deep.equal(ratio(9n, 13n));
    expect(order0.unitsExact).to.deep.equal(ratio(2_700n, 13n)); // 207.69…
    expect(order0.unitsAllocated).to.equal(208n); // the largest remainder of the three
    expect(order0.verifiedBy).to.deep.equal([V1, V2]);
    expect(order0.verifiedAt?.blockNumber).to.equal(114n); // V2's confirmation made it 300
    expect(order0.payments.map((p) => [p.advance, p.share])).to.deep.equal([
      [true, ratio(E("0.2"))],
      [true, ratio(U(300n))],
      [false, ratio(E("0.1"))],
      [false, ratio(U(150n))],
    ]);
    // USD at A's own prices: 0.3 ETH × $3,000 + 450 USDC × $1 = $1,350 for 300 × 9/13 units.
    expect(order0.paidUsd).to.deep.equal(ratio(1_350n * USD));
    const order1 = a.orders.find((o) => o.orderId === 1n)!;
    expect(order1.unitsAllocated).to.equal(0n);
    expect(order1.fraction).to.deep.equal(ratio(9n, 13n));
    expect(order1.tokens[0].advanceUnbacked).to.deep.equal(ratio(E("0.06")));

    // B 3/13 → 69.23 units, C 1/13 → 23.08: whole units 208 + 69 + 23 = 300.
    const receipts = expectSharesAddUp(h);
    expect(receipts.map((r) => [r.donor, r.totals.unitsAllocated])).to.deep.equal([
      [A, 208n],
      [B, 69n],
      [C, 23n],
      [D, 0n],
    ]);
    expect(impactReceipt(h, C).orders[0].unitsExact).to.deep.equal(ratio(300n, 13n));
  });

  it("a cancelled pledge leaves the donor with nothing spent, and its cancellation with its tx", () => {
    const h = history(PROCUREMENT);
    const d = impactReceipt(h, D);
    expect(d.tokens).to.have.length(1);
    expect(d.tokens[0]).to.deep.include({
      pledged: U(500n),
      cancelled: U(500n),
      net: 0n,
      netUsd: 0n,
    });
    expect(d.tokens[0].paidForDelivery).to.deep.equal(ZERO);
    expect(d.orders).to.deep.equal([]);
    expect(d.cancellations).to.have.length(1);
    expect(d.cancellations[0]).to.deep.include({
      token: USDC,
      amount: U(500n),
      usdValue: 500n * USD,
    });
    expect(d.cancellations[0].at.transactionHash).to.equal(pad("0x3ed", { size: 32 })); // event 5
    expect(d.cancellations[0].at.time).to.equal(1_798_761_600n + 5n * 86_400n);
  });

  it("after close: refunds claimed and unclaimed, advances never backed, units still add up", () => {
    const h = history(CLOSED);
    const a = expectWhole(h, A);
    const [eth, usdc] = a.tokens;
    expect(eth.reserved).to.deep.equal(ZERO);
    expect(eth.inPool).to.deep.equal(ratio(E("1.64")));
    expect(eth).to.deep.include({ refundDue: E("1.64"), refunded: E("1.64"), refundable: 0n });
    expect(usdc).to.deep.include({ refundDue: U(2_460n), refunded: U(2_460n), refundable: 0n });
    expect(a.refunds.map((r) => [r.token, r.amount])).to.deep.equal([
      [ETH, E("1.64")],
      [USDC, U(2_460n)],
    ]);
    expect(a.orders.map((o) => o.status)).to.deep.equal(["Cancelled", "Cancelled"]);
    expect(a.orders[1].tokens.map((t) => t.advanceUnbacked)).to.deep.equal([
      ratio(E("0.06")),
      ratio(U(90n)),
    ]);
    const c = expectWhole(h, C);
    expect(c.tokens[0]).to.deep.include({ refundDue: U(820n), refunded: 0n, refundable: U(820n) });
    expect(c.totals.refundableUsd).to.deep.equal(ratio(820n * USD));
    expectSharesAddUp(h);

    const summary = appealSummary(h);
    expect(summary.final).to.equal(true);
    expect(summary.unitsVerified).to.equal(300n);
    expect(
      summary.tokens.map((t) => [
        t.paid,
        t.paidForDelivery,
        t.advancesUnbacked,
        t.refunded,
        t.refundable,
      ]),
    ).to.deep.equal([
      [E("0.54"), E("0.45"), E("0.09"), E("2.46"), 0n],
      [U(720n), U(600n), U(120n), U(2_460n), U(820n)],
    ]);
    // Cost per verified unit: (0.45 ETH + 600 USDC) ÷ 300 = 0.0015 ETH + 2 USDC = $4.50 + $2.
    expect(summary.costPerUnit!.tokens.map((t) => t.amount)).to.deep.equal([
      ratio(E("0.0015")),
      ratio(U(2n)),
    ]);
    expect(summary.costPerUnit!.usd).to.deep.equal(ratio(65n * USD, 10n));
    expect(
      summary.suppliers.map((s) => [s.supplier, s.unitsVerified, s.costPerUnit?.usd]),
    ).to.deep.equal([
      [S1, 300n, ratio(65n * USD, 10n)],
      [S2, 0n, undefined],
    ]);
    expect(summary.paidUsd).to.deep.equal(ratio(2_340n * USD)); // 0.54 ETH × $3,000 + 720
    expect(summary.advancesUnbackedUsd).to.deep.equal(ratio(390n * USD));
  });

  it("a suspended supplier's reclaimed advance comes back to the donors' pool, not counted as paid", () => {
    const h = history([
      ...PROCUREMENT,
      returned(0n, ETH, E("1.05")),
      returned(0n, USDC, U(1_400n)),
      orderCancelled(0n),
      // The contract returns the unpaid reservation, then takes the advance back, token by token.
      returned(1n, ETH, E("0.21")),
      reclaimed(1n, S2, ETH, E("0.09")),
      returned(1n, USDC, U(280n)),
      reclaimed(1n, S2, USDC, U(120n)),
      orderCancelled(1n),
    ]);
    const a = expectWhole(h, A);
    expect(a.tokens[0].advancesUnbacked).to.deep.equal(ZERO);
    expect(a.tokens[0].inPool).to.deep.equal(ratio(E("1.7"))); // (3 − 0.45) × 2/3
    expect(a.orders[1].tokens[0].paid).to.deep.equal(ZERO);
    expectSharesAddUp(h);
  });

  it("a failed appeal: everything is the donor's to take back, nothing spent", () => {
    const h = history([
      pledged(A, ETH, E("1"), 3_000n),
      pledged(B, USDC, U(700n), 700n),
      status("Failed", 3_700n),
      refund(A, ETH, E("1")),
    ]);
    const a = expectWhole(h, A);
    expect(a.tokens[0]).to.deep.include({ refundDue: E("1"), refunded: E("1"), refundable: 0n });
    const b = expectWhole(h, B);
    expect(b.tokens[0]).to.deep.include({ refundDue: U(700n), refundable: U(700n) });
    expect(appealSummary(h).tokens.map((t) => t.refundable)).to.deep.equal([0n, U(700n)]);
  });

  it("largest remainder: ties go to the lower address, and whole units always add up", () => {
    // Three donors of 1 ETH each; 100 units verified: 33.33… each, the one left over to A.
    const h = history([
      pledged(C, ETH, E("1"), 3_000n),
      pledged(A, ETH, E("1"), 3_000n),
      pledged(B, ETH, E("1"), 3_000n),
      status("Procurement", 9_000n),
      created(0n, S1, 9_000n, 100n, 0),
      reserved(0n, ETH, E("3")),
      accepted(0n, S1),
      confirmed(0n, V1, 100n),
      confirmed(0n, V3, 100n),
      paid(0n, S1, ETH, E("3"), 100n),
      ["OrderCompleted", { orderId: 0n }],
    ]);
    const receipts = expectSharesAddUp(h);
    expect(receipts.map((r) => [r.donor, r.totals.unitsAllocated])).to.deep.equal([
      [A, 34n],
      [B, 33n],
      [C, 33n],
    ]);
    expect(receipts[0].orders[0].verifiedBy).to.deep.equal([V1, V3]);
    expect(receipts[0].orders[0].status).to.equal("Completed");
  });

  it("v1: a single-token order is funded only by that token's donors, each by its share", () => {
    const v1 = (events: HandMade[]) => history(events, campaignV1Abi, 1);
    const h = v1([
      pledged(A, ETH, E("2"), 6_000n),
      pledged(B, ETH, E("1"), 3_000n),
      pledged(C, USDC, U(3_000n), 3_000n),
      status("Procurement", 12_000n),
      [
        "OrderCreated",
        {
          orderId: 0n,
          supplier: S1,
          token: ETH,
          amount: E("1.5"),
          units: 500n,
          deliverBy: 1_500_000,
          advanceBps: 0,
          termsHash: pad("0x01"),
        },
      ],
      ["OrderAccepted", { orderId: 0n, supplier: S1, advance: 0n }],
      confirmed(0n, V1, 500n),
      confirmed(0n, V2, 500n),
      paid(0n, S1, ETH, E("1.5"), 500n),
      ["OrderCompleted", { orderId: 0n }],
    ]);
    expect(h.ledger.version).to.equal(1);
    const [a, b, c] = [A, B, C].map((d) => expectWhole(h, d));
    expect(a.orders[0].unitsAllocated).to.equal(333n); // 500 × 2/3 = 333.33
    expect(b.orders[0].unitsAllocated).to.equal(167n); // 166.67: the larger remainder
    expect(c.orders).to.deep.equal([]); // the USDC donor funded nothing of it
    expect(a.tokens[0].paidForDelivery).to.deep.equal(ratio(E("1")));
    expect(a.notes.join(" ")).to.match(/v1 deployment/);
    expectSharesAddUp(h);
  });

  it("random histories: every share adds up, every donor's money accounted for (60 seeded runs)", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % n;
    };
    const donors = Array.from(
      { length: 40 },
      (_, i) => `0x${(0xd0000 + i).toString(16).padStart(40, "0")}` as Address,
    );
    const usdOf = (token: Address, amount: bigint) =>
      token === ETH ? amount * 3_000n : amount * 10n ** 12n;
    const seen = { runs: 0, donors: 0, orders: 0, verifiedUnits: 0n, cancellations: 0, refunds: 0 };
    for (let run = 0; run < 60; run++) {
      const events: HandMade[] = [];
      const active = new Map<string, bigint>();
      const key = (d: Address, t: Address) => `${d}/${t}`;
      const pledge = (d: Address, t: Address, amount: bigint) => {
        events.push(["Pledged", { donor: d, token: t, amount, usdValue: usdOf(t, amount) }]);
        active.set(key(d, t), (active.get(key(d, t)) ?? 0n) + amount);
      };
      for (const d of donors.slice(0, 1 + rand(donors.length))) {
        if (rand(3) !== 0)
          pledge(d, ETH, BigInt(1 + rand(5_000)) * 10n ** 14n + BigInt(rand(1_000)));
        if (rand(2) === 0) pledge(d, USDC, BigInt(1 + rand(9_000_000_000)));
        if (rand(7) === 0 && active.get(key(d, ETH))) {
          const amount = active.get(key(d, ETH))!;
          events.push([
            "PledgeCancelled",
            { donor: d, token: ETH, to: d, amount, usdValue: usdOf(ETH, amount) },
          ]);
          active.set(key(d, ETH), 0n);
          if (rand(2) === 0) pledge(d, ETH, BigInt(1 + rand(100)) * 10n ** 15n);
        }
      }
      const net = { [ETH]: 0n, [USDC]: 0n } as Record<Address, bigint>;
      for (const [k, v] of active) net[k.split("/")[1] as Address] += v;
      const raised = usdOf(ETH, net[ETH]) + usdOf(USDC, net[USDC]);
      if (raised === 0n) continue;
      events.push(["StatusChanged", { status: STATUS.Procurement, raisedUsd: raised }]);
      const available = { ...net };
      let left = raised;
      const orderCount = 1 + rand(3);
      for (let id = 0n; id < BigInt(orderCount); id++) {
        const amountUsd = (left * BigInt(1 + rand(60))) / 100n;
        if (amountUsd === 0n) break;
        left -= amountUsd;
        const units = BigInt(1 + rand(20_000));
        const bps = [0, 1_000, 2_000][rand(3)];
        events.push([
          "OrderCreated",
          {
            orderId: id,
            supplier: S1,
            amountUsd,
            units,
            deliverBy: 1_500_000,
            advanceBps: bps,
            termsHash: pad("0x01"),
          },
        ]);
        const shares: [Address, bigint][] = [];
        for (const t of [ETH, USDC]) {
          const amount = (net[t] * amountUsd) / raised;
          if (amount === 0n) continue;
          events.push(["OrderReserved", { orderId: id, token: t, amount }]);
          available[t] -= amount;
          shares.push([t, amount]);
        }
        if (shares.length === 0) break;
        events.push(["OrderAccepted", { orderId: id, supplier: S1 }]);
        const paid = new Map<Address, bigint>();
        for (const [t, amount] of shares) {
          const advance = (amount * BigInt(bps)) / 10_000n;
          paid.set(t, advance);
          if (advance > 0n) events.push(paid_(id, t, advance, 0n, true));
        }
        const verified = BigInt(rand(Number(units) + 1));
        if (verified > 0n) {
          events.push(confirmed(id, V1, verified), confirmed(id, V2, verified));
          for (const [t, amount] of shares) {
            const due = (amount * verified) / units;
            const owed = (due > paid.get(t)! ? due : paid.get(t)!) - paid.get(t)!;
            if (owed > 0n) events.push(paid_(id, t, owed, verified, false));
            paid.set(t, paid.get(t)! + owed);
          }
        }
        if (verified === units) events.push(["OrderCompleted", { orderId: id }]);
        else {
          for (const [t, amount] of shares) {
            const back = amount - paid.get(t)!;
            if (back > 0n) events.push(returned(id, t, back));
            available[t] += back;
          }
          events.push(orderCancelled(id));
        }
      }
      for (const t of [ETH, USDC]) events.push(unspent(t, available[t], net[t]));
      events.push(
        ["StatusChanged", { status: STATUS.Closed, raisedUsd: raised }],
        ["CampaignClosed", { by: ORGANIZER }],
      );
      for (const [k, v] of active) {
        const [d, t] = k.split("/") as [Address, Address];
        if (v > 0n && rand(2) === 0) events.push(refund(d, t, (available[t] * v) / net[t]));
      }
      const h = history(events);
      for (const d of Object.keys(h.ledger.donors)) expectWhole(h, d as Address);
      expectSharesAddUp(h);
      seen.runs++;
      seen.donors += Object.keys(h.ledger.donors).length;
      seen.orders += h.ledger.orders.length;
      seen.verifiedUnits += h.ledger.orders.reduce((x, o) => x + o.unitsVerified, 0n);
      seen.cancellations += h.ledger.entries.filter((e) => e.kind === "cancel").length;
      seen.refunds += h.ledger.entries.filter((e) => e.kind === "refund").length;
    }
    // The generator covers what it should: many donors and orders, cancellations and refunds.
    expect(seen.runs).to.equal(60);
    expect(seen.donors).to.be.greaterThan(600);
    expect(seen.orders).to.be.greaterThan(90);
    expect(seen.cancellations).to.be.greaterThan(20);
    expect(seen.refunds).to.be.greaterThan(300);
  });

  it("rounds once, at display", () => {
    expect(formatRatio(ratio(2_700n, 13n), 0, 2)).to.equal("207.69");
    expect(formatRatio(ratio(1n, 3n), 18, 6)).to.equal("0");
    expect(formatRatio(ratio(E("1") * 2n, 3n), 18, 6)).to.equal("0.666667");
    expect(formatRatio(ratio(1_234_567n * 10n ** 18n + 5n * 10n ** 15n), 18, 2)).to.equal(
      "1,234,567.01",
    );
    expect(formatRatio(add(ratio(-1n, 2n), ZERO), 0, 0)).to.equal("-1");
    expect(formatRatio(ratio(U(3n)), 6, 6, { minDigits: 2 })).to.equal("3.00");
  });

  it("tells the trail in Markdown and JSON with names and transactions", () => {
    const h = history(CLOSED);
    const names = new NameBook([
      [S1, { name: "Lagos PPE Works Ltd", source: "supplier" }],
      [V1, { name: "WAHO Abuja warehouse", source: "verifier" }],
      [V2, { name: "UN country office", source: "verifier" }],
    ]);
    const r = impactReceipt(h, A);
    const md = receiptToMarkdown(r, h, names, "50,000 masks for WAHO");
    expect(md).to.contain("# Impact receipt: 50,000 masks for WAHO");
    expect(md).to.contain("You gave 2 ETH ($6,000.00) and 3,000 USDC ($3,000.00).");
    expect(md).to.contain(
      "$1,350.00 (0.3 ETH + 450 USDC) paid Lagos PPE Works Ltd (0x0000…5001) for 208 of the 300 surgical masks delivered, verified by WAHO Abuja warehouse (0x0000…0F01) and UN country office (0x0000…0f02) on 2027-01-15 (order 0, cancelled).",
    );
    expect(md).to.contain("1.64 ETH and 2,460 USDC refunded to you.");
    expect(md).to.contain(pad("0x3f4", { size: 32 })); // a refund's tx
    const json = JSON.parse(receiptToJson(r));
    expect(json.tokens[0].fraction).to.equal("2/3");
    expect(json.orders[0].unitsExact).to.equal("2700/13");
    expect(json.orders[0].unitsAllocated).to.equal("208");
    const summary = summaryToMarkdown(appealSummary(h), h, names);
    expect(summary).to.contain(
      "| units delivered and verified | 300 of 2,000 surgical masks targeted |",
    );
    expect(summary).to.contain("$6.50 at pledge-time prices (0.0015 ETH + 2 USDC)");
    expect(summary).to.contain("| Lagos PPE Works Ltd (0x0000…5001) | #0 | 300 |");
  });

  it("refuses an address that never pledged", () => {
    const h = history(PROCUREMENT);
    expect(() => impactReceipt(h, S1)).to.throw(RangeError, /never pledged to this appeal/);
  });
});
