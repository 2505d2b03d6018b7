/**
 * The auditor's comparison of an indexer's rows with its own replay (indexer/compare.ts), on a
 * hand-made history: the rows an honest indexer would serve agree on every field; any altered,
 * missing or extra row is a difference that names the field and both values. (That the real
 * indexer's rows agree is test/indexer/live.ts.)
 */
import { expect } from "chai";
import { parseEther, parseUnits, zeroAddress, type Address } from "viem";

import type { AuditResult } from "../../client/audit.ts";
import { campaignAbi } from "../../client/generated/abis.ts";
import { replay, type CampaignParams, type Ledger } from "../../client/ledger.ts";
import { compareCampaign, type IndexerRows } from "../../indexer/compare.ts";
import {
  appealFigures,
  BOOK_FIELDS,
  bookFigures,
  DONOR_FIELDS,
  supplierBalances,
} from "../../indexer/rules.ts";
import { handMadeLogs } from "../client/history.ts";

const CAMPAIGN = "0x00000000000000000000000000000000000c0ffe" as Address;
const FACTORY = "0x000000000000000000000000000000000000fac7" as Address;
const ORGANIZER = "0x0000000000000000000000000000000000000001" as Address;
const USDC = "0x000000000000000000000000000000000000a5dc" as Address;
const [D1, D2, S1, V1, V2] = [
  "0x00000000000000000000000000000000000000d1",
  "0x00000000000000000000000000000000000000d2",
  "0x00000000000000000000000000000000000000a1",
  "0x00000000000000000000000000000000000000e1",
  "0x00000000000000000000000000000000000000e2",
] as Address[];
const USD = 10n ** 18n;

const params: CampaignParams = {
  beneficiary: "0x00000000000000000000000000000000000000be",
  goalUsd: 1_000n * USD,
  targetUnits: 100n,
  deadline: 1_000n,
  procurementDeadline: 100_000n,
  deliveryGracePeriod: 100n,
  maxAdvanceBps: 3_000,
  threshold: 2,
  allOrNothing: false,
  tokens: [zeroAddress, USDC],
  verifiers: [V1, V2],
  unitName: "masks",
  metadataURI: "ipfs://test",
};

/** Two donors (one cancels), an order with an advance, one confirmation, a withdrawal, a nonce. */
function history(): Ledger {
  const eth = parseEther("1");
  const usdc = parseUnits("1000", 6);
  const ethShare = (eth * 2n) / 5n; // $1,600 of $4,000 raised: 40% of every token
  const usdcShare = (usdc * 2n) / 5n;
  const logs = handMadeLogs(campaignAbi, CAMPAIGN, [
    ["Pledged", { donor: D1, token: zeroAddress, amount: eth, usdValue: 3_000n * USD }],
    ["Pledged", { donor: D2, token: USDC, amount: usdc, usdValue: 1_000n * USD }],
    ["Pledged", { donor: D2, token: zeroAddress, amount: 10n ** 17n, usdValue: 300n * USD }],
    [
      "PledgeCancelled",
      { donor: D2, token: zeroAddress, to: D2, amount: 10n ** 17n, usdValue: 300n * USD },
    ],
    ["StatusChanged", { status: 3, raisedUsd: 4_000n * USD }],
    [
      "OrderCreated",
      {
        orderId: 0n,
        supplier: S1,
        amountUsd: 1_600n * USD,
        units: 100n,
        deliverBy: 50_000,
        advanceBps: 1_000,
        termsHash: `0x${"ab".repeat(32)}`,
      },
    ],
    ["OrderReserved", { orderId: 0n, token: zeroAddress, amount: ethShare }],
    ["OrderReserved", { orderId: 0n, token: USDC, amount: usdcShare }],
    ["OrderAccepted", { orderId: 0n, supplier: S1 }],
    [
      "PaymentReleased",
      {
        orderId: 0n,
        supplier: S1,
        token: zeroAddress,
        amount: ethShare / 10n,
        unitsVerified: 0n,
        advance: true,
      },
    ],
    [
      "PaymentReleased",
      {
        orderId: 0n,
        supplier: S1,
        token: USDC,
        amount: usdcShare / 10n,
        unitsVerified: 0n,
        advance: true,
      },
    ],
    [
      "DeliveryConfirmed",
      {
        orderId: 0n,
        verifier: V1,
        unitsDelivered: 30n,
        evidenceHash: `0x${"cd".repeat(32)}`,
        bySignature: false,
      },
    ],
    ["NonceUsed", { verifier: V1, nonce: 1n }],
    ["Withdrawn", { supplier: S1, token: USDC, to: S1, amount: usdcShare / 10n }],
  ]);
  const ledger = replay(params, logs);
  expect(ledger.issues, "the hand-made history is one the contracts could emit").to.deep.equal([]);
  return ledger;
}

function auditResult(ledger: Ledger): AuditResult {
  return {
    campaign: CAMPAIGN,
    factory: FACTORY,
    organizer: ORGANIZER,
    params,
    creationBlock: 99n,
    tokens: [
      { address: zeroAddress, symbol: "ETH", decimals: 18 },
      { address: USDC, symbol: "USDC", decimals: 6 },
    ],
    ledger,
  } as unknown as AuditResult;
}

/** The rows an honest indexer serves for this ledger (what the handlers build, per the schema). */
function honestRows(ledger: Ledger): IndexerRows {
  const block = { updatedBlock: 113n };
  const chain = { chainId: 31337, appeal: CAMPAIGN.toLowerCase() as Address };
  const f = appealFigures(ledger, params.maxAdvanceBps);
  return {
    factory: FACTORY,
    appeal: {
      ...block,
      chainId: 31337,
      address: chain.appeal,
      factory: FACTORY,
      index: 0n,
      organizer: ORGANIZER,
      beneficiary: params.beneficiary,
      goalUsd: params.goalUsd,
      targetUnits: params.targetUnits,
      deadline: params.deadline,
      procurementDeadline: params.procurementDeadline,
      deliveryGracePeriod: params.deliveryGracePeriod,
      maxAdvanceBps: params.maxAdvanceBps,
      threshold: params.threshold,
      allOrNothing: params.allOrNothing,
      tokens: [...params.tokens],
      verifiers: [...params.verifiers],
      unitName: params.unitName,
      metadataURI: params.metadataURI,
      title: null,
      beneficiaryName: null,
      country: null,
      audits: 0,
      closedAt: null,
      createdBlock: 99n,
      createdAt: 0n,
      createdTx: `0x${"00".repeat(32)}`,
      updatedAt: 0n,
      ...f,
    },
    books: Object.entries(ledger.tokens).map(([token, book]) => ({
      ...block,
      ...chain,
      token: token as Address,
      ...Object.fromEntries(BOOK_FIELDS.map((k) => [k, book[k]])),
      ...bookFigures(book, params.maxAdvanceBps),
    })) as IndexerRows["books"],
    orders: ledger.orders.map((o) => ({
      ...block,
      ...chain,
      orderId: o.id,
      supplier: o.supplier,
      amountUsd: o.amountUsd!,
      units: o.units,
      deliverBy: o.deliverBy,
      advanceBps: o.advanceBps,
      termsHash: o.termsHash,
      status: o.status,
      tokens: o.tokens,
      confirmedBy: Object.fromEntries(
        Object.entries(o.confirmedBy).map(([v, u]) => [v, u.toString()]),
      ),
      unitsVerified: o.unitsVerified,
      unitsPaid: o.unitsPaid,
      advancePaid: true,
      advanceReclaimed: false,
      shipments: o.shipments.length,
      lastEvidenceURI: null,
      confirmations: o.confirmations.length,
      createdAt: 0n,
      acceptedAt: null,
      shippedAt: null,
      completedAt: null,
      cancelledAt: null,
      cancelledBy: null,
      createdBlock: 105n,
    })),
    shares: ledger.orders.flatMap((o) =>
      o.tokens.map((token) => ({ ...block, ...chain, orderId: o.id, token, ...o.shares[token] })),
    ),
    donations: Object.entries(ledger.donors).map(([donor, tokens]) => {
      const books = Object.values(tokens);
      const cancelledUsd = ledger.entries
        .filter((e) => e.kind === "cancel" && e.account === donor)
        .reduce((s, e) => s + e.usdValue!, 0n);
      return {
        ...block,
        ...chain,
        donor: donor as Address,
        pledges: books.reduce((s, b) => s + b.pledges, 0),
        activeUsd: books.reduce((s, b) => s + b.activeUsd, 0n),
        pledgedUsd: books.reduce((s, b) => s + b.pledgedUsd, 0n),
        cancelledUsd,
        refundedUsd: 0n,
        firstPledgeAt: 0n,
        lastPledgeAt: 0n,
      };
    }),
    donorBooks: Object.entries(ledger.donors).flatMap(([donor, tokens]) =>
      Object.entries(tokens).map(([token, book]) => ({
        ...block,
        ...chain,
        donor: donor as Address,
        token: token as Address,
        ...Object.fromEntries(DONOR_FIELDS.map((k) => [k, book[k]])),
        cancelledUsd: 0n,
        refundedUsd: 0n,
      })),
    ) as IndexerRows["donorBooks"],
    balances: Object.entries(supplierBalances(ledger)).map(([key, b]) => {
      const [supplier, token] = key.split("/") as [Address, Address];
      return {
        ...block,
        ...chain,
        supplier,
        token,
        ...b,
        earnedUsd: 0n,
        withdrawnUsd: 0n,
        owedUsd: 0n,
      };
    }),
    verifiers: params.verifiers.map((v, position) => ({
      ...block,
      ...chain,
      verifier: v,
      position,
      nonce: ledger.nonces[v] ?? 0n,
      confirmations: 0,
    })),
    donorEvents: [
      { kind: "pledge", count: 3 },
      { kind: "cancel", count: 1 },
    ],
  };
}

describe("indexer cross-check: the indexer's rows against the auditor's replay", function () {
  const ledger = history();
  const result = auditResult(ledger);

  it("finds no difference in the rows an honest indexer serves, and compares every field", function () {
    const { differences, compared } = compareCampaign(result, honestRows(ledger));
    expect(differences).to.deep.equal([]);
    // 15 parameters, 15 totals, 2 tokens × 18 book fields, an order (14 + 2 × 5), 3 donor books × 7,
    // 2 donors × 4, 3 receipt kinds, 2 supplier balances × 5, 2 nonces, the factory.
    expect(compared).to.equal(15 + 15 + 36 + 24 + 21 + 8 + 3 + 10 + 2 + 1);
  });

  it("names each altered money field with both values", function () {
    const cases: [string, (rows: IndexerRows) => void, string, string][] = [
      [
        "ETH pledged",
        (r) => (r.books[0].pledged += 1n),
        "1100000000000000000",
        "1100000000000000001",
      ],
      ["appeal raisedUsd", (r) => (r.appeal!.raisedUsd = 0n), `${4_000n * USD}`, "0"],
      ["USDC unbacked", (r) => (r.books[1].unbacked = 0n), `${ledger.tokens[USDC].unbacked}`, "0"],
      ["order 0 USDC paid", (r) => (r.shares[1].paid += 5n), "40000000", "40000005"],
      ["order 0 unitsVerified", (r) => (r.orders[0].unitsVerified = 30n), "0", "30"],
      [`donor ${D2} ETH active`, (r) => (r.donorBooks[2].active = 1n), "0", "1"],
      [`supplier ${S1} USDC owed`, (r) => (r.balances[1].owed = 1n), "0", "1"],
      [`verifier ${V1} nonce`, (r) => (r.verifiers[0].nonce = 0n), "1", "0"],
      ["appeal status", (r) => (r.appeal!.status = "Closed"), "Procurement", "Closed"],
    ];
    for (const [field, alter, replayValue, indexerValue] of cases) {
      const rows = honestRows(ledger);
      alter(rows);
      expect(compareCampaign(result, rows).differences, field).to.deep.equal([
        { field, replay: replayValue, indexer: indexerValue },
      ]);
    }
  });

  it("names rows the indexer lacks or invents, another factory, and an appeal it does not know", function () {
    const missing = honestRows(ledger);
    missing.orders = [];
    missing.shares = [];
    expect(compareCampaign(result, missing).differences.map((d) => d.field)).to.deep.equal([
      "order 0",
    ]);
    const invented = honestRows(ledger);
    invented.donorBooks.push({ ...invented.donorBooks[0], donor: S1 });
    invented.donorEvents.push({ kind: "refund", count: 1 });
    expect(compareCampaign(result, invented).differences).to.deep.equal([
      { field: `donor ${S1} ETH`, replay: "(none)", indexer: "present" },
      { field: "donor receipts (refund)", replay: "0", indexer: "1" },
    ]);
    const elsewhere = honestRows(ledger);
    elsewhere.factory = "0x000000000000000000000000000000000000bad0";
    expect(compareCampaign(result, elsewhere).differences.map((d) => d.field)).to.deep.equal([
      "indexer's factory on this chain",
    ]);
    const unknown = honestRows(ledger);
    unknown.appeal = undefined;
    expect(compareCampaign(result, unknown).differences.map((d) => d.field)).to.deep.equal([
      "appeal",
    ]);
  });
});
