/**
 * The platform page's totals computed from the chain's views, for when the indexer is not the source:
 * the same figures `platformTotals`, `tokenTotalsUsd` and `beneficiaryMetadata` (indexer/queries.ts)
 * read from the indexer's tables, by the same definitions (indexer/rules.ts, the client's replay):
 *
 * - raised: Σ `ledger(token).pledgedUsd` (USD at pledge time of pledges not cancelled);
 * - spent, refunded, withdrawn: each token's `earned`, `refunded`, `withdrawn` valued at pledge-time
 *   prices (`usdAtPledge`: amount × pledgedUsd / net pledged), per appeal and token, then summed;
 * - units ordered: Σ units of orders not cancelled; verified and paid: Σ over every order;
 * - orders: every order; open: Placed, Accepted or Shipped;
 * - a supplier's earned in an appeal and token: Σ `orderShare(id, token).paid` over its orders there
 *   (credited less reclaimed advances, what the indexer sums from the events); owed: `withdrawable`;
 *   withdrawn: earned − owed; each valued at that appeal's pledge-time prices, then summed.
 *
 * Donors, pledges and cancelled USD are counted from events (a cancellation's USD is no longer in any
 * view): they are left undefined here, and the page says only the indexer has them.
 *
 * Pure: the page reads the views (hooks/campaigns.ts) and passes them in.
 */
import type { Address } from "viem";

import { ORDER_STATUS_NAMES, usdAtPledge, type TokenBook } from "../../../client/ledger.ts";
import type { platformTotals } from "../../../indexer/queries.ts";

/** A token's books as `ledger(token)` reports them (the fields the totals use). */
export type ChainBook = {
  pledged: bigint;
  cancelled: bigint;
  refunded: bigint;
  reserved: bigint;
  earned: bigint;
  withdrawn: bigint;
  pledgedUsd: bigint;
};

/** One appeal as the chain's views report it. */
export type ChainAppeal = {
  address: Address;
  /** Its place in the factory's list (newer is larger). */
  index: number;
  beneficiary: Address;
  unitName: string;
  metadataURI: string;
  /** Per token (any case), `ledger(token)`. */
  books: Record<string, ChainBook>;
  orders: {
    supplier: Address;
    units: bigint;
    unitsVerified: bigint;
    unitsPaid: bigint;
    /** The contract's `OrderStatus` number. */
    status: number;
    /** Per token (any case), `orderShare(id, token).paid`. */
    shares: Record<string, { paid: bigint }>;
  }[];
};

/** A supplier as the registry's `supplier(address)` reports it. */
export type ChainSupplier = { address: Address; name: string; country: string; status: number };

/** `withdrawable(supplier, token)` in one appeal, keyed by `owedKey`. */
export const owedKey = (appeal: string, supplier: string, token: string) =>
  `${appeal.toLowerCase()}/${supplier.toLowerCase()}/${token.toLowerCase()}`;

type Totals = ReturnType<typeof platformTotals> extends Promise<infer T> ? T : never;
type Total = NonNullable<Totals["total"]>;

/** The indexer's totals, with the figures only events give left undefined. */
export type ChainTotals = Omit<Totals, "total"> & {
  total:
    | (Omit<Total, "donors" | "pledges" | "cancelledUsd"> & {
        donors?: number;
        pledges?: number;
        cancelledUsd?: bigint;
      })
    | undefined;
};

const lower = (a: string) => a.toLowerCase() as Address;
const PARTY_STATUS = ["None", "Active", "Suspended"] as const;
const OPEN = new Set(["Placed", "Accepted", "Shipped"]);
const statusName = (n: number) => ORDER_STATUS_NAMES[n] ?? String(n);

/** `usdAtPledge` reads only `pledgedUsd`, `pledged` and `cancelled` of a token's books. */
const usd = (book: ChainBook, amount: bigint) => usdAtPledge(book as unknown as TokenBook, amount);

/**
 * The pairs (appeal, supplier, token) whose `withdrawable` the totals need: where the supplier's
 * orders earned something (nothing earned, nothing owed).
 */
export function owedReads(appeals: readonly ChainAppeal[]) {
  const reads = new Map<string, { appeal: Address; supplier: Address; token: Address }>();
  for (const a of appeals)
    for (const o of a.orders)
      for (const [token, share] of Object.entries(o.shares))
        if (share.paid > 0n)
          reads.set(owedKey(a.address, o.supplier, token), {
            appeal: a.address,
            supplier: o.supplier,
            token: lower(token),
          });
  return [...reads.values()];
}

/**
 * The platform's totals from the chain's views: the indexer's `platformTotals` (with `top` appeals
 * that raised most), `tokenTotalsUsd` and `beneficiaryMetadata`, field for field.
 */
export function platformTotalsFromChain(input: {
  appeals: readonly ChainAppeal[];
  suppliers: readonly ChainSupplier[];
  owed: ReadonlyMap<string, bigint>;
  top?: number;
}) {
  const { appeals, suppliers, owed } = input;
  const zero = () => ({
    appeals: 0,
    raisedUsd: 0n,
    spentUsd: 0n,
    refundedUsd: 0n,
    unitsOrdered: 0n,
    unitsVerified: 0n,
  });
  const total = {
    ...zero(),
    orders: 0,
    openOrders: 0,
    withdrawnUsd: 0n,
    unitsPaid: 0n,
  };
  const byToken = new Map<
    Address,
    {
      token: Address;
      pledged: bigint;
      cancelled: bigint;
      refunded: bigint;
      reserved: bigint;
      earned: bigint;
      withdrawn: bigint;
    }
  >();
  const usdByToken = new Map<
    Address,
    {
      token: Address;
      pledgedUsd: bigint;
      earnedUsd: bigint;
      refundedUsd: bigint;
      withdrawnUsd: bigint;
    }
  >();
  const bySupplier = new Map<Address, Totals["bySupplier"][number]>();
  const supplierRow = (address: Address) => {
    const key = lower(address);
    let row = bySupplier.get(key);
    if (!row) {
      row = {
        supplier: key,
        name: "",
        country: "",
        status: "Active",
        ordersTotal: 0,
        ordersOpen: 0,
        unitsOrdered: 0n,
        unitsVerified: 0n,
        earnedUsd: 0n,
        withdrawnUsd: 0n,
        owedUsd: 0n,
      };
      bySupplier.set(key, row);
    }
    return row;
  };
  for (const s of suppliers)
    Object.assign(supplierRow(s.address), {
      name: s.name,
      country: s.country,
      status: PARTY_STATUS[s.status] ?? String(s.status),
    });

  const perAppeal: (Totals["byAppeal"][number] & { index: number })[] = [];
  const byBeneficiary = new Map<Address, Totals["byBeneficiary"][number]>();
  const latestMetadata = new Map<Address, string>();

  for (const a of appeals) {
    const row = { ...zero(), appeals: 1, withdrawnUsd: 0n, unitsPaid: 0n };
    const books = new Map(Object.entries(a.books).map(([t, b]) => [lower(t), b]));
    for (const [token, b] of books) {
      const earnedUsd = usd(b, b.earned);
      const refundedUsd = usd(b, b.refunded);
      const withdrawnUsd = usd(b, b.withdrawn);
      row.raisedUsd += b.pledgedUsd;
      row.spentUsd += earnedUsd;
      row.refundedUsd += refundedUsd;
      row.withdrawnUsd += withdrawnUsd;
      const t = byToken.get(token) ?? {
        token,
        pledged: 0n,
        cancelled: 0n,
        refunded: 0n,
        reserved: 0n,
        earned: 0n,
        withdrawn: 0n,
      };
      t.pledged += b.pledged;
      t.cancelled += b.cancelled;
      t.refunded += b.refunded;
      t.reserved += b.reserved;
      t.earned += b.earned;
      t.withdrawn += b.withdrawn;
      byToken.set(token, t);
      const u = usdByToken.get(token) ?? {
        token,
        pledgedUsd: 0n,
        earnedUsd: 0n,
        refundedUsd: 0n,
        withdrawnUsd: 0n,
      };
      u.pledgedUsd += b.pledgedUsd;
      u.earnedUsd += earnedUsd;
      u.refundedUsd += refundedUsd;
      u.withdrawnUsd += withdrawnUsd;
      usdByToken.set(token, u);
    }

    // Orders: units, and each supplier's earnings per token in this appeal.
    const earned = new Map<string, bigint>();
    for (const o of a.orders) {
      const status = statusName(o.status);
      const s = supplierRow(o.supplier);
      s.ordersTotal++;
      total.orders++;
      if (OPEN.has(status)) {
        s.ordersOpen++;
        total.openOrders++;
      }
      if (status !== "Cancelled") {
        row.unitsOrdered += o.units;
        s.unitsOrdered += o.units;
      }
      row.unitsVerified += o.unitsVerified;
      s.unitsVerified += o.unitsVerified;
      row.unitsPaid += o.unitsPaid;
      for (const [token, share] of Object.entries(o.shares)) {
        const key = `${lower(o.supplier)}/${lower(token)}`;
        earned.set(key, (earned.get(key) ?? 0n) + share.paid);
      }
    }
    for (const [key, amount] of earned) {
      const [supplier, token] = key.split("/") as [Address, Address];
      const book = books.get(token);
      if (!book) continue;
      const owes = owed.get(owedKey(a.address, supplier, token)) ?? 0n;
      const s = supplierRow(supplier);
      s.earnedUsd += usd(book, amount);
      s.owedUsd += usd(book, owes);
      s.withdrawnUsd += usd(book, amount - owes);
    }

    total.appeals++;
    total.raisedUsd += row.raisedUsd;
    total.spentUsd += row.spentUsd;
    total.refundedUsd += row.refundedUsd;
    total.withdrawnUsd += row.withdrawnUsd;
    total.unitsOrdered += row.unitsOrdered;
    total.unitsVerified += row.unitsVerified;
    total.unitsPaid += row.unitsPaid;

    perAppeal.push({
      index: a.index,
      appeal: a.address,
      unitName: a.unitName,
      title: null,
      country: null,
      metadataURI: a.metadataURI,
      beneficiary: a.beneficiary,
      raisedUsd: row.raisedUsd,
      spentUsd: row.spentUsd,
      refundedUsd: row.refundedUsd,
      unitsOrdered: row.unitsOrdered,
      unitsVerified: row.unitsVerified,
    });

    const beneficiary = lower(a.beneficiary);
    const g = byBeneficiary.get(beneficiary) ?? { beneficiary, name: null, ...zero() };
    g.appeals++;
    g.raisedUsd += row.raisedUsd;
    g.spentUsd += row.spentUsd;
    g.refundedUsd += row.refundedUsd;
    g.unitsOrdered += row.unitsOrdered;
    g.unitsVerified += row.unitsVerified;
    byBeneficiary.set(beneficiary, g);
    // The indexer's `max(metadata_uri)`: the greatest URI, as Postgres compares text.
    const seen = latestMetadata.get(beneficiary);
    if (seen === undefined || a.metadataURI > seen) latestMetadata.set(beneficiary, a.metadataURI);
  }

  const byRaised = (x: { raisedUsd: bigint }, y: { raisedUsd: bigint }) =>
    x.raisedUsd === y.raisedUsd ? 0 : x.raisedUsd > y.raisedUsd ? -1 : 1;
  const byAppeal = perAppeal
    .sort((x, y) => byRaised(x, y) || y.index - x.index)
    .slice(0, input.top ?? 20)
    .map(({ index: _index, ...rest }) => rest);
  const beneficiaries = [...byBeneficiary.values()].sort(byRaised);
  const all = appeals.length
    ? beneficiaries.reduce(
        (s, b) => ({
          appeals: s.appeals + b.appeals,
          raisedUsd: s.raisedUsd + b.raisedUsd,
          spentUsd: s.spentUsd + b.spentUsd,
          refundedUsd: s.refundedUsd + b.refundedUsd,
          unitsOrdered: s.unitsOrdered + b.unitsOrdered,
          unitsVerified: s.unitsVerified + b.unitsVerified,
        }),
        zero(),
      )
    : undefined;

  const totals: ChainTotals = {
    total: appeals.length ? total : undefined,
    // A token no appeal received anything in has no row in the indexer either.
    byToken: [...byToken.values()].filter((t) =>
      [t.pledged, t.cancelled, t.refunded, t.reserved, t.earned, t.withdrawn].some((v) => v !== 0n),
    ),
    byAppeal,
    bySupplier: [...bySupplier.values()].sort(
      (x, y) =>
        (x.earnedUsd === y.earnedUsd ? 0 : x.earnedUsd > y.earnedUsd ? -1 : 1) ||
        (x.unitsVerified === y.unitsVerified ? 0 : x.unitsVerified > y.unitsVerified ? -1 : 1),
    ),
    byBeneficiary: beneficiaries,
    // Countries are not on chain: one group, as the indexer's until a metadata step fills them.
    byCountry: all ? [{ country: null, ...all }] : [],
  };
  return {
    totals,
    usd: [...usdByToken.values()],
    beneficiaries: [...latestMetadata].map(([beneficiary, metadataURI]) => ({
      beneficiary,
      metadataURI,
    })),
  };
}
