/**
 * The money rules the indexer applies, taken from the client's replay (client/ledger.ts) rather than
 * re-derived: the same helpers value an amount at pledge-time prices, cap advances, pick the verified
 * quantity and tell what part of a payment verified delivery does not back. The indexer's handlers
 * (src/index.ts) and the auditor's cross-check (compare.ts) both go through this file, so that the
 * figures the indexer serves and the ones the auditor recomputes from its own replay are defined once.
 */
import {
  advanceCap,
  available,
  kthHighest,
  mulDiv,
  ORDER_STATUS_NAMES,
  raisedUsd,
  STATUS_NAMES,
  unbackedOf,
  usdAtPledge,
  type DonorBook,
  type Ledger,
  type OrderRecord,
  type OrderShare,
  type TokenBook,
} from "../client/ledger.ts";

export { kthHighest, mulDiv, ORDER_STATUS_NAMES, STATUS_NAMES };

/** The fields of the client's `TokenBook` the indexer keeps per appeal and token (all but the peak's source). */
export const BOOK_FIELDS = [
  "pledged",
  "cancelled",
  "refunded",
  "reserved",
  "earned",
  "withdrawn",
  "pledgedUsd",
  "unspentAtClose",
  "netPledgedAtClose",
  "advances",
  "reclaimed",
  "unbacked",
  "unbackedPeak",
] as const satisfies readonly (keyof TokenBook)[];
export type Book = Pick<TokenBook, (typeof BOOK_FIELDS)[number]>;

/** The client's `DonorBook`, kept per appeal, donor and token. */
export const DONOR_FIELDS = [
  "pledged",
  "pledgedUsd",
  "cancelled",
  "refunded",
  "active",
  "activeUsd",
  "pledges",
] as const satisfies readonly (keyof DonorBook)[];

/** The client's `OrderShare`, kept per order and token. */
export const SHARE_FIELDS = [
  "amount",
  "paid",
  "advance",
  "reclaimed",
  "returned",
] as const satisfies readonly (keyof OrderShare)[];

/** Orders that are neither completed nor cancelled (the contract's `openOrderCount`). */
export const OPEN_ORDER_STATUSES = ["Placed", "Accepted", "Shipped"] as const;
export const isOpen = (status: string) =>
  (OPEN_ORDER_STATUSES as readonly string[]).includes(status);

export function emptyBook(): Book {
  return {
    pledged: 0n,
    cancelled: 0n,
    refunded: 0n,
    reserved: 0n,
    earned: 0n,
    withdrawn: 0n,
    pledgedUsd: 0n,
    unspentAtClose: 0n,
    netPledgedAtClose: 0n,
    advances: 0n,
    reclaimed: 0n,
    unbacked: 0n,
    unbackedPeak: 0n,
  };
}

/**
 * What the indexer derives from a token's books: the contract's `available` and `advanceCap`, and the
 * USD (pledge-time prices, `usdAtPledge`) of what was earned, refunded and withdrawn.
 */
export function bookFigures(book: Book, maxAdvanceBps: number) {
  return {
    available: available(book),
    advanceCap: advanceCap(book, maxAdvanceBps),
    earnedUsd: usdAtPledge(book, book.earned),
    refundedUsd: usdAtPledge(book, book.refunded),
    withdrawnUsd: usdAtPledge(book, book.withdrawn),
  };
}

/** `usdAtPledge` of a token's books: the USD value at pledge time of `amount` of that token. */
export const tokenUsd = (book: Book, amount: bigint) => usdAtPledge(book, amount);

/**
 * The part of an order's payments in one token that verified delivery does not back (the client's
 * `unbackedOf`, which reads only the order's share, its units and its verified units).
 */
export function shareUnbacked(share: OrderShare, units: bigint, unitsVerified: bigint): bigint {
  const order = { shares: { t: share }, units, unitsVerified } as unknown as OrderRecord;
  return unbackedOf(order, "t" as never);
}

/** An appeal's figures as the indexer's `appeal` row carries them, computed from a replayed ledger. */
export function appealFigures(ledger: Ledger, maxAdvanceBps: number) {
  const figures = Object.values(ledger.tokens).map((b) => bookFigures(b, maxAdvanceBps));
  return {
    status: ledger.status,
    fundingClosedEarly: ledger.fundingClosedEarly !== undefined,
    closedBy: ledger.closed?.by ?? null,
    raisedUsd: raisedUsd(ledger),
    spentUsd: figures.reduce((s, f) => s + f.earnedUsd, 0n),
    refundedUsd: figures.reduce((s, f) => s + f.refundedUsd, 0n),
    withdrawnUsd: figures.reduce((s, f) => s + f.withdrawnUsd, 0n),
    cancelledUsd: ledger.entries
      .filter((e) => e.kind === "cancel")
      .reduce((s, e) => s + (e.usdValue ?? 0n), 0n),
    donorCount: Object.keys(ledger.donors).length,
    pledgeCount: ledger.entries.filter((e) => e.kind === "pledge").length,
    orderCount: ledger.orders.length,
    openOrderCount: ledger.orders.filter((o) => isOpen(o.status)).length,
    unitsOrdered: ledger.orders
      .filter((o) => o.status !== "Cancelled")
      .reduce((s, o) => s + o.units, 0n),
    unitsVerified: ledger.orders.reduce((s, o) => s + o.unitsVerified, 0n),
    unitsPaid: ledger.orders.reduce((s, o) => s + o.unitsPaid, 0n),
  };
}

/** Per supplier and token of one appeal: payments, reclaims, withdrawals and what is owed, from a ledger. */
export function supplierBalances(ledger: Ledger) {
  const out: Record<
    string,
    { credited: bigint; reclaimed: bigint; earned: bigint; withdrawn: bigint; owed: bigint }
  > = {};
  const of = (supplier: string, token: string) =>
    (out[`${supplier}/${token}`] ??= {
      credited: 0n,
      reclaimed: 0n,
      earned: 0n,
      withdrawn: 0n,
      owed: 0n,
    });
  for (const e of ledger.entries) {
    if (!e.account || !e.token || e.amount === undefined) continue;
    if (e.kind === "advance" || e.kind === "payment") {
      const b = of(e.account, e.token);
      b.credited += e.amount;
      b.earned += e.amount;
    } else if (e.kind === "reclaimed") {
      const b = of(e.account, e.token);
      b.reclaimed += e.amount;
      b.earned -= e.amount;
    } else if (e.kind === "withdrawal") {
      of(e.account, e.token).withdrawn += e.amount;
    }
  }
  for (const [supplier, tokens] of Object.entries(ledger.owed))
    for (const [token, owed] of Object.entries(tokens)) of(supplier, token).owed = owed;
  return out;
}
