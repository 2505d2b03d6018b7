import { describe, expect, it } from "vitest";
import type { Address } from "viem";

import { bookFigures, emptyBook } from "../../../indexer/rules.ts";
import {
  owedKey,
  owedReads,
  platformTotalsFromChain,
  type ChainAppeal,
  type ChainBook,
} from "../lib/platformTotals.ts";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;
const [A, B, C] = [addr(0xa1), addr(0xb1), addr(0xc1)];
const [USDC, WETH, DAI] = [addr(0x11), addr(0x22), addr(0x33)];
const [S1, S2, S3] = [addr(0x51), addr(0x52), addr(0x53)];
const [BEN1, BEN2] = [addr(0xe1), addr(0xe2)];
const usd = (n: bigint) => n * 10n ** 18n;
const usdc = (n: bigint) => n * 10n ** 6n;
const empty: ChainBook = {
  pledged: 0n,
  cancelled: 0n,
  refunded: 0n,
  reserved: 0n,
  earned: 0n,
  withdrawn: 0n,
  pledgedUsd: 0n,
};

/** Appeal A: USDC at $1 (net 800 after 200 cancelled); 400 earned by two suppliers, 100 withdrawn. */
const bookA: ChainBook = {
  pledged: usdc(1000n),
  cancelled: usdc(200n),
  refunded: 0n,
  reserved: usdc(300n),
  earned: usdc(400n),
  withdrawn: usdc(100n),
  pledgedUsd: usd(800n),
};
const appeals: ChainAppeal[] = [
  {
    address: A,
    index: 0,
    beneficiary: BEN1,
    unitName: "masks",
    metadataURI: "ipfs://bafyA",
    // Keys in the chain's checksum case: the totals key tokens lower-case.
    books: { [USDC.toUpperCase().replace("0X", "0x")]: bookA },
    orders: [
      {
        supplier: S1,
        units: 100n,
        unitsVerified: 40n,
        unitsPaid: 40n,
        status: 2, // Accepted
        shares: { [USDC]: { paid: usdc(250n) } },
      },
      {
        supplier: S2,
        units: 50n,
        unitsVerified: 20n,
        unitsPaid: 20n,
        status: 4, // Completed
        shares: { [USDC]: { paid: usdc(150n) } },
      },
      {
        supplier: S1,
        units: 30n,
        unitsVerified: 0n,
        unitsPaid: 0n,
        status: 5, // Cancelled: its units are not counted as ordered
        shares: { [USDC]: { paid: 0n } },
      },
    ],
  },
  {
    address: B,
    index: 1,
    beneficiary: BEN2,
    unitName: "gloves",
    metadataURI: "ipfs://bafyB",
    // 3 WETH pledged at $2,000; 1 refunded.
    books: {
      [WETH]: { ...empty, pledged: 3n * 10n ** 18n, refunded: 10n ** 18n, pledgedUsd: usd(6000n) },
    },
    orders: [],
  },
  {
    address: C,
    index: 2,
    beneficiary: BEN1,
    unitName: "gowns",
    metadataURI: "ipfs://bafyC",
    // DAI accepted but never pledged: no row by token, as in the indexer.
    books: { [USDC]: { ...empty, pledged: usdc(3n), pledgedUsd: usd(3n) }, [DAI]: empty },
    orders: [],
  },
];
const owed = new Map([
  [owedKey(A, S1, USDC), usdc(200n)],
  [owedKey(A, S2, USDC), usdc(100n)],
]);
const suppliers = [
  { address: S1, name: "Henan", country: "CN", status: 1 },
  { address: S2, name: "Accra Med", country: "GH", status: 2 },
  { address: S3, name: "Idle", country: "SN", status: 1 },
];

describe("the platform's totals from the chain", () => {
  const {
    totals,
    usd: byTokenUsd,
    beneficiaries,
  } = platformTotalsFromChain({
    appeals,
    suppliers,
    owed,
    top: 2,
  });

  it("sums raised, spent, refunded and withdrawn at pledge-time prices, and units by the orders", () => {
    expect(totals.total).toEqual({
      appeals: 3,
      orders: 3,
      openOrders: 1,
      raisedUsd: usd(6803n),
      spentUsd: usd(400n),
      refundedUsd: usd(2000n),
      withdrawnUsd: usd(100n),
      unitsOrdered: 150n,
      unitsVerified: 60n,
      unitsPaid: 60n,
    });
    // Only events give these: not guessed.
    expect(totals.total?.donors).toBeUndefined();
    expect(totals.total?.cancelledUsd).toBeUndefined();
  });

  it("values a token's amounts as the indexer's rules do (usdAtPledge of the appeal's books)", () => {
    const figures = bookFigures({ ...emptyBook(), ...bookA }, 0);
    expect(totals.total?.spentUsd).toBe(
      figures.earnedUsd + usd(0n), // B and C earned nothing
    );
    expect(byTokenUsd.find((u) => u.token === USDC)?.withdrawnUsd).toBe(figures.withdrawnUsd);
    // A third of a dollar's worth does not round up: 1 unit of a token pledged 3 for $1.
    const { totals: odd } = platformTotalsFromChain({
      appeals: [
        {
          ...appeals[2],
          books: { [USDC]: { ...empty, pledged: 3n, earned: 1n, pledgedUsd: usd(1n) } },
        },
      ],
      suppliers: [],
      owed: new Map(),
    });
    expect(odd.total?.spentUsd).toBe(333333333333333333n);
  });

  it("lists the appeals that raised most, then the newest, up to `top`", () => {
    expect(totals.byAppeal.map((a) => [a.appeal, a.raisedUsd, a.unitsVerified])).toEqual([
      [B, usd(6000n), 0n],
      [A, usd(800n), 60n],
    ]);
    expect(totals.byAppeal[1]).toMatchObject({
      spentUsd: usd(400n),
      unitsOrdered: 150n,
      beneficiary: BEN1,
      metadataURI: "ipfs://bafyA",
      title: null,
    });
    const { totals: tie } = platformTotalsFromChain({
      appeals: [appeals[0], { ...appeals[1], index: 5, books: appeals[0].books }],
      suppliers: [],
      owed,
    });
    expect(tie.byAppeal.map((a) => a.appeal)).toEqual([B, A]);
  });

  it("gives each supplier its orders, units, and earned / withdrawn / owed in USD", () => {
    expect(totals.bySupplier).toEqual([
      {
        supplier: S1,
        name: "Henan",
        country: "CN",
        status: "Active",
        ordersTotal: 2,
        ordersOpen: 1,
        unitsOrdered: 100n,
        unitsVerified: 40n,
        earnedUsd: usd(250n),
        withdrawnUsd: usd(50n),
        owedUsd: usd(200n),
      },
      {
        supplier: S2,
        name: "Accra Med",
        country: "GH",
        status: "Suspended",
        ordersTotal: 1,
        ordersOpen: 0,
        unitsOrdered: 50n,
        unitsVerified: 20n,
        earnedUsd: usd(150n),
        withdrawnUsd: usd(50n),
        owedUsd: usd(100n),
      },
      expect.objectContaining({ supplier: S3, name: "Idle", ordersTotal: 0, earnedUsd: 0n }),
    ]);
    // The suppliers' earnings add up to what the appeals spent.
    const earned = totals.bySupplier.reduce((s, r) => s + r.earnedUsd, 0n);
    expect(earned).toBe(totals.total?.spentUsd);
  });

  it("groups by token (amounts and their USD), by beneficiary, and by country as one group", () => {
    expect(totals.byToken).toEqual([
      {
        token: USDC,
        pledged: usdc(1003n),
        cancelled: usdc(200n),
        refunded: 0n,
        reserved: usdc(300n),
        earned: usdc(400n),
        withdrawn: usdc(100n),
      },
      {
        token: WETH,
        pledged: 3n * 10n ** 18n,
        cancelled: 0n,
        refunded: 10n ** 18n,
        reserved: 0n,
        earned: 0n,
        withdrawn: 0n,
      },
    ]);
    expect(byTokenUsd.find((u) => u.token === WETH)).toEqual({
      token: WETH,
      pledgedUsd: usd(6000n),
      earnedUsd: 0n,
      refundedUsd: usd(2000n),
      withdrawnUsd: 0n,
    });
    expect(totals.byBeneficiary).toEqual([
      {
        beneficiary: BEN2,
        name: null,
        appeals: 1,
        raisedUsd: usd(6000n),
        spentUsd: 0n,
        refundedUsd: usd(2000n),
        unitsOrdered: 0n,
        unitsVerified: 0n,
      },
      {
        beneficiary: BEN1,
        name: null,
        appeals: 2,
        raisedUsd: usd(803n),
        spentUsd: usd(400n),
        refundedUsd: 0n,
        unitsOrdered: 150n,
        unitsVerified: 60n,
      },
    ]);
    expect(totals.byCountry).toEqual([
      {
        country: null,
        appeals: 3,
        raisedUsd: usd(6803n),
        spentUsd: usd(400n),
        refundedUsd: usd(2000n),
        unitsOrdered: 150n,
        unitsVerified: 60n,
      },
    ]);
    // Each beneficiary's metadata: the greatest URI, as the indexer's max(metadata_uri).
    expect(beneficiaries).toEqual([
      { beneficiary: BEN1, metadataURI: "ipfs://bafyC" },
      { beneficiary: BEN2, metadataURI: "ipfs://bafyB" },
    ]);
  });

  it("reads `withdrawable` only where a supplier earned something", () => {
    expect(owedReads(appeals)).toEqual([
      { appeal: A, supplier: S1, token: USDC },
      { appeal: A, supplier: S2, token: USDC },
    ]);
  });

  it("has no totals without appeals", () => {
    const none = platformTotalsFromChain({ appeals: [], suppliers, owed: new Map() });
    expect(none.totals.total).toBeUndefined();
    expect(none.totals.byCountry).toEqual([]);
    expect(none.totals.bySupplier).toHaveLength(3);
  });
});
