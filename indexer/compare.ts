/**
 * The auditor's cross-check of an indexer: the indexer's figures for one campaign, read over its SQL
 * endpoint, against the auditor's own replay of the campaign's events from RPC, field by field.
 *
 * The indexer serves the state at its latest indexed block, so the audit replays to exactly that
 * block; every row carries the block of its last change (`updatedBlock`), and a row newer than the
 * audited block means the indexer moved while it was read: the check starts again.
 *
 * `compareCampaign` is pure (rows in, differences out) so that tests can feed it altered rows.
 */
import { and, createClient, eq } from "@ponder/client";
import type { Address } from "viem";

import type { AuditResult } from "../client/audit.ts";
import * as schema from "./ponder.schema.ts";
import {
  appealFigures,
  BOOK_FIELDS,
  bookFigures,
  DONOR_FIELDS,
  SHARE_FIELDS,
  supplierBalances,
} from "./rules.ts";

type Row<T> = T extends { $inferSelect: infer R } ? R : never;

/** Everything the indexer holds about one campaign. */
export type IndexerRows = {
  appeal: Row<typeof schema.appeal> | undefined;
  books: Row<typeof schema.appealToken>[];
  orders: Row<typeof schema.purchaseOrder>[];
  shares: Row<typeof schema.orderShare>[];
  donations: Row<typeof schema.donation>[];
  donorBooks: Row<typeof schema.donationToken>[];
  balances: Row<typeof schema.supplierBalance>[];
  verifiers: Row<typeof schema.appealVerifier>[];
  donorEvents: { kind: string; count: number }[];
  /** The factory the indexer follows on the campaign's chain. */
  factory?: Address;
};

/** One field on which the indexer and the replay disagree. */
export type Difference = { field: string; replay: string; indexer: string };

/** Input the cross-check cannot work with (the CLI's exit code 2). */
export class IndexerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IndexerInputError";
  }
}

const lower = (a: string) => a.toLowerCase() as Address;
const show = (v: unknown): string =>
  v === undefined || v === null
    ? "(none)"
    : Array.isArray(v)
      ? `[${v.map(show).join(", ")}]`
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

/**
 * Compares the indexer's rows with the audit's replay. Every field the indexer serves about the
 * campaign's money, orders, donors, suppliers and verifiers is checked; rows the replay does not know
 * (and rows missing from the indexer) are differences too.
 */
export function compareCampaign(
  result: AuditResult,
  rows: IndexerRows,
): { differences: Difference[]; compared: number } {
  const differences: Difference[] = [];
  let compared = 0;
  const check = (field: string, replay: unknown, indexer: unknown) => {
    compared++;
    if (show(replay) !== show(indexer))
      differences.push({ field, replay: show(replay), indexer: show(indexer) });
  };
  const ledger = result.ledger;
  const symbol = (token: string) =>
    result.tokens.find((t) => t.address === lower(token))?.symbol ?? token;

  if (rows.factory !== undefined && result.factory !== undefined)
    check("indexer's factory on this chain", lower(result.factory), lower(rows.factory));
  const a = rows.appeal;
  if (!a) {
    differences.push({
      field: "appeal",
      replay: `campaign ${lower(result.campaign)} with ${ledger.eventCount} events`,
      indexer: "no such appeal",
    });
    return { differences, compared: 1 };
  }
  // What the campaign was created with.
  const p = result.params;
  check("appeal organizer", lower(result.organizer), a.organizer);
  check("appeal beneficiary", lower(p.beneficiary), a.beneficiary);
  check("appeal goalUsd", p.goalUsd, a.goalUsd);
  check("appeal targetUnits", p.targetUnits, a.targetUnits);
  check("appeal deadline", p.deadline, a.deadline);
  check("appeal procurementDeadline", p.procurementDeadline, a.procurementDeadline);
  check("appeal deliveryGracePeriod", p.deliveryGracePeriod, a.deliveryGracePeriod);
  check("appeal maxAdvanceBps", p.maxAdvanceBps, a.maxAdvanceBps);
  check("appeal threshold", p.threshold, a.threshold);
  check("appeal allOrNothing", p.allOrNothing, a.allOrNothing);
  check("appeal tokens", p.tokens.map(lower), a.tokens);
  check("appeal verifiers", p.verifiers.map(lower), a.verifiers);
  check("appeal unitName", p.unitName, a.unitName);
  check("appeal metadataURI", p.metadataURI, a.metadataURI);
  check("appeal createdBlock", result.creationBlock, a.createdBlock);

  // Its totals.
  const figures = appealFigures(ledger, p.maxAdvanceBps);
  for (const field of [
    "status",
    "fundingClosedEarly",
    "closedBy",
    "raisedUsd",
    "spentUsd",
    "refundedUsd",
    "withdrawnUsd",
    "cancelledUsd",
    "donorCount",
    "pledgeCount",
    "orderCount",
    "openOrderCount",
    "unitsOrdered",
    "unitsVerified",
    "unitsPaid",
  ] as const)
    check(`appeal ${field}`, figures[field], a[field]);

  // Each token's books.
  const books = new Map(rows.books.map((b) => [b.token, b]));
  for (const [token, book] of Object.entries(ledger.tokens)) {
    const row = books.get(lower(token));
    books.delete(lower(token));
    if (!row) {
      check(`${symbol(token)} books`, "present", undefined);
      continue;
    }
    for (const field of BOOK_FIELDS) check(`${symbol(token)} ${field}`, book[field], row[field]);
    const derived = bookFigures(book, p.maxAdvanceBps);
    for (const field of Object.keys(derived) as (keyof typeof derived)[])
      check(`${symbol(token)} ${field}`, derived[field], row[field]);
  }
  for (const token of books.keys()) check(`${symbol(token)} books`, undefined, "present");

  // Orders and their shares.
  const orders = new Map(rows.orders.map((o) => [o.orderId, o]));
  const shares = new Map(rows.shares.map((s) => [`${s.orderId}/${s.token}`, s]));
  for (const order of ledger.orders) {
    const row = orders.get(order.id);
    orders.delete(order.id);
    const scope = `order ${order.id}`;
    if (!row) {
      check(scope, "present", undefined);
      continue;
    }
    check(`${scope} supplier`, order.supplier, row.supplier);
    check(`${scope} amountUsd`, order.amountUsd, row.amountUsd);
    check(`${scope} units`, order.units, row.units);
    check(`${scope} deliverBy`, order.deliverBy, row.deliverBy);
    check(`${scope} advanceBps`, order.advanceBps, row.advanceBps);
    check(`${scope} termsHash`, order.termsHash, row.termsHash);
    check(`${scope} status`, order.status, row.status);
    check(`${scope} tokens`, order.tokens, row.tokens);
    check(`${scope} unitsVerified`, order.unitsVerified, row.unitsVerified);
    check(`${scope} unitsPaid`, order.unitsPaid, row.unitsPaid);
    check(
      `${scope} confirmedBy`,
      Object.fromEntries(Object.entries(order.confirmedBy).map(([v, u]) => [v, u.toString()])),
      row.confirmedBy,
    );
    check(`${scope} confirmations`, order.confirmations.length, row.confirmations);
    check(`${scope} shipments`, order.shipments.length, row.shipments);
    check(`${scope} cancelledBy`, order.cancelled?.by ?? null, row.cancelledBy);
    for (const token of order.tokens) {
      const share = order.shares[token];
      const shareRow = shares.get(`${order.id}/${token}`);
      shares.delete(`${order.id}/${token}`);
      if (!shareRow) {
        check(`${scope} ${symbol(token)} share`, "present", undefined);
        continue;
      }
      for (const field of SHARE_FIELDS)
        check(`${scope} ${symbol(token)} ${field}`, share[field], shareRow[field]);
    }
  }
  for (const id of orders.keys()) check(`order ${id}`, undefined, "present");
  for (const key of shares.keys()) {
    const [id, token] = key.split("/");
    check(`order ${id} ${symbol(token)} share`, undefined, "present");
  }

  // Donors: per token (the standing pledge is what pledgeOf reports), and per appeal.
  const donorBooks = new Map(rows.donorBooks.map((d) => [`${d.donor}/${d.token}`, d]));
  const donations = new Map(rows.donations.map((d) => [d.donor, d]));
  for (const [donorAddress, tokens] of Object.entries(ledger.donors)) {
    const sums = { activeUsd: 0n, pledgedUsd: 0n, cancelledUsd: 0n, pledges: 0 };
    for (const [token, book] of Object.entries(tokens)) {
      const row = donorBooks.get(`${donorAddress}/${token}`);
      donorBooks.delete(`${donorAddress}/${token}`);
      const scope = `donor ${donorAddress} ${symbol(token)}`;
      if (!row) {
        check(scope, "present", undefined);
        continue;
      }
      for (const field of DONOR_FIELDS) check(`${scope} ${field}`, book[field], row[field]);
      sums.activeUsd += book.activeUsd;
      sums.pledgedUsd += book.pledgedUsd;
      sums.pledges += book.pledges;
    }
    for (const e of ledger.entries)
      if (e.kind === "cancel" && e.account === donorAddress) sums.cancelledUsd += e.usdValue ?? 0n;
    const row = donations.get(lower(donorAddress));
    donations.delete(lower(donorAddress));
    if (!row) {
      check(`donor ${donorAddress}`, "present", undefined);
      continue;
    }
    for (const field of Object.keys(sums) as (keyof typeof sums)[])
      check(`donor ${donorAddress} ${field}`, sums[field], row[field]);
  }
  for (const key of donorBooks.keys()) {
    const [donorAddress, token] = key.split("/");
    check(`donor ${donorAddress} ${symbol(token)}`, undefined, "present");
  }
  for (const key of donations.keys()) check(`donor ${key}`, undefined, "present");
  const kinds = { pledge: 0, cancel: 0, refund: 0 };
  for (const e of ledger.entries) if (e.kind in kinds) kinds[e.kind as keyof typeof kinds]++;
  for (const kind of Object.keys(kinds) as (keyof typeof kinds)[])
    check(
      `donor receipts (${kind})`,
      kinds[kind],
      rows.donorEvents.find((e) => e.kind === kind)?.count ?? 0,
    );

  // Suppliers: credited, reclaimed, earned, withdrawn and owed per token.
  const balances = new Map(rows.balances.map((b) => [`${b.supplier}/${b.token}`, b]));
  for (const [key, balance] of Object.entries(supplierBalances(ledger))) {
    const row = balances.get(key);
    balances.delete(key);
    const [supplierAddress, token] = key.split("/");
    const scope = `supplier ${supplierAddress} ${symbol(token)}`;
    if (!row) {
      check(scope, "present", undefined);
      continue;
    }
    for (const field of Object.keys(balance) as (keyof typeof balance)[])
      check(`${scope} ${field}`, balance[field], row[field]);
  }
  for (const key of balances.keys()) {
    const [supplierAddress, token] = key.split("/");
    check(`supplier ${supplierAddress} ${symbol(token)}`, undefined, "present");
  }

  // Verifiers: each one's signature nonce in this campaign.
  const verifierRows = new Map(rows.verifiers.map((v) => [v.verifier, v]));
  const verifiers = new Set([...p.verifiers.map(lower), ...Object.keys(ledger.nonces).map(lower)]);
  for (const v of verifiers) {
    check(`verifier ${v} nonce`, ledger.nonces[v] ?? 0n, verifierRows.get(v)?.nonce);
    verifierRows.delete(v);
  }
  for (const v of verifierRows.keys()) check(`verifier ${v}`, undefined, "present");

  return { differences, compared };
}

/** Reads what the indexer at `url` holds about `campaign` on `chainId`. */
export async function readIndexerRows(
  url: string,
  chainId: number,
  campaign: Address,
): Promise<IndexerRows> {
  const client = createClient(new URL("/sql", url).toString(), { schema });
  const db = client.db;
  const appealKey = lower(campaign);
  const of = <T extends { chainId: unknown; appeal: unknown }>(table: T) =>
    and(eq(table.chainId as never, chainId), eq(table.appeal as never, appealKey));
  const [appeal, books, orders, shares, donations, donorBooks, balances, verifiers, events] =
    await Promise.all([
      db
        .select()
        .from(schema.appeal)
        .where(and(eq(schema.appeal.chainId, chainId), eq(schema.appeal.address, appealKey))),
      db.select().from(schema.appealToken).where(of(schema.appealToken)),
      db.select().from(schema.purchaseOrder).where(of(schema.purchaseOrder)),
      db.select().from(schema.orderShare).where(of(schema.orderShare)),
      db.select().from(schema.donation).where(of(schema.donation)),
      db.select().from(schema.donationToken).where(of(schema.donationToken)),
      db.select().from(schema.supplierBalance).where(of(schema.supplierBalance)),
      db.select().from(schema.appealVerifier).where(of(schema.appealVerifier)),
      db
        .select({ kind: schema.donorEvent.kind, blockNumber: schema.donorEvent.blockNumber })
        .from(schema.donorEvent)
        .where(of(schema.donorEvent)),
    ]);
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  let factory: Address | undefined;
  try {
    const response = await fetch(new URL("/handover/sources", url), {
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as { chains: { chainId: number; factory: Address }[] };
    factory = body.chains.find((c) => c.chainId === chainId)?.factory;
  } catch {
    factory = undefined;
  }
  return {
    appeal: appeal[0],
    books,
    orders,
    shares,
    donations,
    donorBooks,
    balances,
    verifiers,
    donorEvents: [...counts].map(([kind, count]) => ({ kind, count })),
    factory,
  };
}

/** The latest block of `rows`' changes (the donor receipts' blocks included). */
function newestChange(rows: IndexerRows): bigint {
  let newest = 0n;
  const see = (b: bigint | undefined) => {
    if (b !== undefined && b > newest) newest = b;
  };
  see(rows.appeal?.updatedBlock);
  for (const list of [
    rows.books,
    rows.orders,
    rows.shares,
    rows.donations,
    rows.donorBooks,
    rows.balances,
    rows.verifiers,
  ])
    for (const r of list) see(r.updatedBlock);
  return newest;
}

export type CrossCheck = {
  result: AuditResult;
  differences: Difference[];
  /** The block both sides describe. */
  block: bigint;
  compared: number;
  attempts: number;
};

/**
 * Audits `campaign` at the indexer's latest block of `chainId` (through `audit`) and compares.
 * `toBlock`, when given, must be that block: the indexer only serves its latest state.
 */
export async function crossCheckIndexer(options: {
  url: string;
  chainId: number;
  campaign: Address;
  toBlock?: bigint;
  audit: (toBlock: bigint) => Promise<AuditResult>;
  attempts?: number;
}): Promise<CrossCheck> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    let status: Map<number, bigint>;
    try {
      const response = await fetch(new URL("/status", options.url), {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`/status answered ${response.status}`);
      const body = (await response.json()) as Record<
        string,
        { id: number; block: { number: number } }
      >;
      status = new Map(Object.values(body).map((c) => [c.id, BigInt(c.block.number)]));
    } catch (error) {
      throw new IndexerInputError(
        `cannot reach the indexer at ${options.url} (${(error as Error).message.split("\n")[0]}). Check the --indexer URL and that the indexer is running.`,
      );
    }
    const block = status.get(options.chainId);
    if (block === undefined)
      throw new IndexerInputError(
        `the indexer at ${options.url} does not follow chain ${options.chainId} (it follows ${[...status.keys()].join(", ") || "no chain yet"}). Point --indexer at an indexer of this chain.`,
      );
    if (options.toBlock !== undefined && options.toBlock !== block)
      throw new IndexerInputError(
        `the indexer serves chain ${options.chainId} as of block ${block}, and can only be compared there: drop --to-block (or pass --to-block ${block}).`,
      );
    const rows = await readIndexerRows(options.url, options.chainId, options.campaign);
    if (newestChange(rows) > block && attempt < attempts) continue; // it moved while being read
    const result = await options.audit(block);
    const { differences, compared } = compareCampaign(result, rows);
    if (newestChange(rows) > block)
      differences.push({
        field: "indexer block",
        replay: `state at block ${block}`,
        indexer: `rows changed up to block ${newestChange(rows)} while being read (${attempts} attempts)`,
      });
    return {
      result,
      differences,
      block,
      compared,
      attempts: attempt,
    };
  }
}
