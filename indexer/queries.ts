/**
 * The queries the dApp's pages run against the indexer, over SQL over HTTP (`@ponder/client`), in one
 * place: the benchmark measures exactly these, and the live tests check their answers against the
 * auditor's replay. Browser-safe: it needs only `@ponder/client` (not Ponder nor the schema file).
 *
 *   import { createClient } from "@ponder/client";
 *   const { db } = createClient(`${indexerUrl}/sql`);
 *   const { total, cards } = await appealCards(db, { chainId, now });
 *
 * The SQL is plain Postgres (see docs/indexer.md for each statement); amounts are read as text and
 * returned as bigint, so nothing is rounded on the way (numeric(78) is wider than a double).
 * Table names are never schema-qualified: Ponder's SQL endpoint refuses qualified names.
 */
import { sql, type SQL } from "@ponder/client";
import type { Address, Hex } from "viem";

/** The part of `createClient(...).db` these queries use. */
export type IndexerDb = { execute: (query: SQL) => Promise<unknown> };

type Raw = Record<string, unknown>;

async function rows(db: IndexerDb, query: SQL): Promise<Raw[]> {
  const result = (await db.execute(query)) as { rows?: Raw[] } | Raw[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(v as string));
const num = (v: unknown): number => Number(v);
const str = (v: unknown): string => String(v);
const opt = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const hex = (v: unknown) => String(v) as Address;

/**
 * The status a campaign's `status()` view reports at `now` (a unix time, from the chain's latest
 * block): the stored one, except that Funding past its deadline reads Failed (all-or-nothing and the
 * goal missed) or Procurement.
 */
export const effectiveStatus = (now: bigint) =>
  sql`CASE WHEN a.status = 'Funding' AND a.deadline <= ${now} THEN CASE WHEN a.all_or_nothing AND a.raised_usd < a.goal_usd THEN 'Failed' ELSE 'Procurement' END ELSE a.status END`;

// ───────────────────────────── the Appeals page ─────────────────────────────

export type AppealCard = {
  address: Address;
  index: bigint;
  unitName: string;
  metadataURI: string;
  title: string | null;
  country: string | null;
  status: string;
  goalUsd: bigint;
  raisedUsd: bigint;
  spentUsd: bigint;
  targetUnits: bigint;
  unitsOrdered: bigint;
  unitsVerified: bigint;
  donorCount: number;
  deadline: bigint;
  tokens: Address[];
  organizer: Address;
  beneficiary: Address;
  procurementDeadline: bigint;
  deliveryGracePeriod: bigint;
  maxAdvanceBps: number;
  threshold: number;
  allOrNothing: boolean;
  verifiers: Address[];
  orderCount: number;
  updatedBlock: bigint;
};

const card = (r: Raw): AppealCard => ({
  address: hex(r.address),
  index: big(r.index),
  unitName: str(r.unit_name),
  metadataURI: str(r.metadata_uri),
  title: opt(r.title),
  country: opt(r.country),
  status: str(r.effective_status),
  goalUsd: big(r.goal_usd),
  raisedUsd: big(r.raised_usd),
  spentUsd: big(r.spent_usd),
  targetUnits: big(r.target_units),
  unitsOrdered: big(r.units_ordered),
  unitsVerified: big(r.units_verified),
  donorCount: num(r.donor_count),
  deadline: big(r.deadline),
  tokens: (r.tokens as Address[]) ?? [],
  organizer: hex(r.organizer),
  beneficiary: hex(r.beneficiary),
  procurementDeadline: big(r.procurement_deadline),
  deliveryGracePeriod: big(r.delivery_grace_period),
  maxAdvanceBps: num(r.max_advance_bps),
  threshold: num(r.threshold),
  allOrNothing: r.all_or_nothing === true || r.all_or_nothing === "true",
  verifiers: (r.verifiers as Address[]) ?? [],
  orderCount: num(r.order_count),
  updatedBlock: big(r.updated_block),
});

const CARD_COLUMNS = sql`a.address, a.index::text AS index, a.unit_name, a.metadata_uri, a.title, a.country, a.goal_usd::text AS goal_usd, a.raised_usd::text AS raised_usd, a.spent_usd::text AS spent_usd, a.target_units::text AS target_units, a.units_ordered::text AS units_ordered, a.units_verified::text AS units_verified, a.donor_count, a.deadline::text AS deadline, a.tokens, a.organizer, a.beneficiary, a.procurement_deadline::text AS procurement_deadline, a.delivery_grace_period::text AS delivery_grace_period, a.max_advance_bps, a.threshold, a.all_or_nothing, a.verifiers, a.order_count, a.updated_block::text AS updated_block`;

/**
 * What a search matches: an appeal's address (whole), or a part of its unit name or title (any case).
 * `%` and `_` in the text are matched literally.
 */
function searchCondition(search: string) {
  const text = search.trim();
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) return sql`a.address = ${text.toLowerCase()}`;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`(a.unit_name ILIKE ${pattern} OR a.title ILIKE ${pattern})`;
}

/** One page of appeals, newest first; with `status`, only appeals in that (effective) status. */
export async function appealCards(
  db: IndexerDb,
  options: {
    chainId: number;
    now: bigint;
    status?: string;
    /** An address, or a part of the unit name or title. */
    search?: string;
    limit?: number;
    offset?: number;
  },
): Promise<{ total: number; cards: AppealCard[] }> {
  const status = effectiveStatus(options.now);
  let where = options.status
    ? sql`a.chain_id = ${options.chainId} AND (${status}) = ${options.status}`
    : sql`a.chain_id = ${options.chainId}`;
  if (options.search?.trim()) where = sql`${where} AND ${searchCondition(options.search)}`;
  const [page, count] = await Promise.all([
    rows(
      db,
      sql`SELECT ${CARD_COLUMNS}, ${status} AS effective_status FROM appeal a WHERE ${where} ORDER BY a.index DESC LIMIT ${options.limit ?? 12} OFFSET ${options.offset ?? 0}`,
    ),
    rows(db, sql`SELECT count(*) AS n FROM appeal a WHERE ${where}`),
  ]);
  return { total: num(count[0]?.n ?? 0), cards: page.map(card) };
}

// ───────────────────────────── one appeal ─────────────────────────────

export type TokenTotals = {
  token: Address;
  pledged: bigint;
  cancelled: bigint;
  refunded: bigint;
  reserved: bigint;
  earned: bigint;
  withdrawn: bigint;
  available: bigint;
  pledgedUsd: bigint;
  unspentAtClose: bigint;
  netPledgedAtClose: bigint;
  unbacked: bigint;
  advanceCap: bigint;
};

const BOOK_COLUMNS = sql`b.token, b.pledged::text AS pledged, b.cancelled::text AS cancelled, b.refunded::text AS refunded, b.reserved::text AS reserved, b.earned::text AS earned, b.withdrawn::text AS withdrawn, b.available::text AS available, b.pledged_usd::text AS pledged_usd, b.unspent_at_close::text AS unspent_at_close, b.net_pledged_at_close::text AS net_pledged_at_close, b.unbacked::text AS unbacked, b.advance_cap::text AS advance_cap`;

const book = (r: Raw): TokenTotals => ({
  token: hex(r.token),
  pledged: big(r.pledged),
  cancelled: big(r.cancelled),
  refunded: big(r.refunded),
  reserved: big(r.reserved),
  earned: big(r.earned),
  withdrawn: big(r.withdrawn),
  available: big(r.available),
  pledgedUsd: big(r.pledged_usd),
  unspentAtClose: big(r.unspent_at_close),
  netPledgedAtClose: big(r.net_pledged_at_close),
  unbacked: big(r.unbacked),
  advanceCap: big(r.advance_cap),
});

export type OrderRow = {
  appeal: Address;
  orderId: bigint;
  supplier: Address;
  supplierName: string | null;
  amountUsd: bigint;
  units: bigint;
  unitsVerified: bigint;
  unitsPaid: bigint;
  deliverBy: bigint;
  advanceBps: number;
  termsHash: Hex;
  status: string;
  lastEvidenceURI: string | null;
  unitName: string;
  title: string | null;
};

const ORDER_COLUMNS = sql`o.appeal, o.order_id::text AS order_id, o.supplier, s.name AS supplier_name, o.amount_usd::text AS amount_usd, o.units::text AS units, o.units_verified::text AS units_verified, o.units_paid::text AS units_paid, o.deliver_by::text AS deliver_by, o.advance_bps, o.terms_hash, o.status, o.last_evidence_uri, a.unit_name, a.title`;

const order = (r: Raw): OrderRow => ({
  appeal: hex(r.appeal),
  orderId: big(r.order_id),
  supplier: hex(r.supplier),
  supplierName: opt(r.supplier_name),
  amountUsd: big(r.amount_usd),
  units: big(r.units),
  unitsVerified: big(r.units_verified),
  unitsPaid: big(r.units_paid),
  deliverBy: big(r.deliver_by),
  advanceBps: num(r.advance_bps),
  termsHash: str(r.terms_hash) as Hex,
  status: str(r.status),
  lastEvidenceURI: opt(r.last_evidence_uri),
  unitName: str(r.unit_name),
  title: opt(r.title),
});

const ORDER_JOINS = sql`JOIN appeal a ON a.chain_id = o.chain_id AND a.address = o.appeal LEFT JOIN supplier s ON s.chain_id = o.chain_id AND s.address = o.supplier`;

/** An appeal's card, its books per token, its orders and its verifiers (with names and nonces). */
export async function appealDetail(
  db: IndexerDb,
  options: { chainId: number; appeal: Address; now: bigint },
) {
  const appeal = options.appeal.toLowerCase();
  const [cards, books, orders, verifiers] = await Promise.all([
    rows(
      db,
      sql`SELECT ${CARD_COLUMNS}, ${effectiveStatus(options.now)} AS effective_status FROM appeal a WHERE a.chain_id = ${options.chainId} AND a.address = ${appeal}`,
    ),
    rows(
      db,
      sql`SELECT ${BOOK_COLUMNS} FROM appeal_token b WHERE b.chain_id = ${options.chainId} AND b.appeal = ${appeal}`,
    ),
    rows(
      db,
      sql`SELECT ${ORDER_COLUMNS} FROM purchase_order o ${ORDER_JOINS} WHERE o.chain_id = ${options.chainId} AND o.appeal = ${appeal} ORDER BY o.order_id`,
    ),
    rows(
      db,
      sql`SELECT v.verifier, r.name, r.organization, r.status, v.nonce::text AS nonce, v.confirmations FROM appeal_verifier v LEFT JOIN verifier r ON r.chain_id = v.chain_id AND r.address = v.verifier WHERE v.chain_id = ${options.chainId} AND v.appeal = ${appeal} ORDER BY v.position`,
    ),
  ]);
  if (cards.length === 0) return undefined;
  return {
    card: card(cards[0]),
    books: books.map(book),
    orders: orders.map(order),
    verifiers: verifiers.map((r) => ({
      verifier: hex(r.verifier),
      name: opt(r.name),
      organization: opt(r.organization),
      status: opt(r.status),
      nonce: big(r.nonce),
      confirmations: num(r.confirmations),
    })),
  };
}

// ───────────────────────────── My giving ─────────────────────────────

export type Giving = {
  appeal: Address;
  unitName: string;
  title: string | null;
  status: string;
  pledges: number;
  /** USD standing in the appeal (pledge-time values), what was pledged, cancelled and refunded. */
  activeUsd: bigint;
  pledgedUsd: bigint;
  cancelledUsd: bigint;
  refundedUsd: bigint;
  lastPledgeAt: bigint;
  /** Per token: the donor's books, and the appeal's (to show what share of it was spent). */
  tokens: {
    token: Address;
    pledged: bigint;
    cancelled: bigint;
    refunded: bigint;
    active: bigint;
    appealNetPledged: bigint;
    appealEarned: bigint;
  }[];
};

/** A donor's giving across every appeal, most recent first, with its totals. */
export async function myGiving(
  db: IndexerDb,
  options: { chainId: number; donor: Address; now: bigint },
) {
  const donor = options.donor.toLowerCase();
  const [appeals, tokens, totals] = await Promise.all([
    rows(
      db,
      sql`SELECT d.appeal, a.unit_name, a.title, ${effectiveStatus(options.now)} AS effective_status, d.pledges, d.active_usd::text AS active_usd, d.pledged_usd::text AS pledged_usd, d.cancelled_usd::text AS cancelled_usd, d.refunded_usd::text AS refunded_usd, d.last_pledge_at::text AS last_pledge_at FROM donation d JOIN appeal a ON a.chain_id = d.chain_id AND a.address = d.appeal WHERE d.chain_id = ${options.chainId} AND d.donor = ${donor} ORDER BY d.last_pledge_at DESC`,
    ),
    rows(
      db,
      sql`SELECT t.appeal, t.token, t.pledged::text AS pledged, t.cancelled::text AS cancelled, t.refunded::text AS refunded, t.active::text AS active, (b.pledged - b.cancelled)::text AS net, b.earned::text AS earned FROM donation_token t JOIN appeal_token b ON b.chain_id = t.chain_id AND b.appeal = t.appeal AND b.token = t.token WHERE t.chain_id = ${options.chainId} AND t.donor = ${donor}`,
    ),
    rows(
      db,
      sql`SELECT appeals, pledges, active_usd::text AS active_usd, pledged_usd::text AS pledged_usd, cancelled_usd::text AS cancelled_usd, refunded_usd::text AS refunded_usd FROM donor WHERE chain_id = ${options.chainId} AND address = ${donor}`,
    ),
  ]);
  const byAppeal = new Map<string, Giving["tokens"]>();
  for (const t of tokens) {
    const list = byAppeal.get(str(t.appeal)) ?? [];
    list.push({
      token: hex(t.token),
      pledged: big(t.pledged),
      cancelled: big(t.cancelled),
      refunded: big(t.refunded),
      active: big(t.active),
      appealNetPledged: big(t.net),
      appealEarned: big(t.earned),
    });
    byAppeal.set(str(t.appeal), list);
  }
  const t = totals[0];
  return {
    totals: t
      ? {
          appeals: num(t.appeals),
          pledges: num(t.pledges),
          activeUsd: big(t.active_usd),
          pledgedUsd: big(t.pledged_usd),
          cancelledUsd: big(t.cancelled_usd),
          refundedUsd: big(t.refunded_usd),
        }
      : undefined,
    appeals: appeals.map((r): Giving => ({
      appeal: hex(r.appeal),
      unitName: str(r.unit_name),
      title: opt(r.title),
      status: str(r.effective_status),
      pledges: num(r.pledges),
      activeUsd: big(r.active_usd),
      pledgedUsd: big(r.pledged_usd),
      cancelledUsd: big(r.cancelled_usd),
      refundedUsd: big(r.refunded_usd),
      lastPledgeAt: big(r.last_pledge_at),
      tokens: byAppeal.get(str(r.appeal)) ?? [],
    })),
  };
}

// ───────────────────────────── suppliers and verifiers ─────────────────────────────

/** A supplier's open orders in every appeal, and what it is owed, in total and per appeal. */
export async function supplierQueue(
  db: IndexerDb,
  options: { chainId: number; supplier: Address },
) {
  const supplier = options.supplier.toLowerCase();
  const [orders, owed, owedByAppeal] = await Promise.all([
    rows(
      db,
      sql`SELECT ${ORDER_COLUMNS} FROM purchase_order o ${ORDER_JOINS} WHERE o.chain_id = ${options.chainId} AND o.supplier = ${supplier} AND o.status IN ('Placed', 'Accepted', 'Shipped') ORDER BY o.deliver_by`,
    ),
    rows(
      db,
      sql`SELECT token, earned::text AS earned, withdrawn::text AS withdrawn, owed::text AS owed FROM supplier_token WHERE chain_id = ${options.chainId} AND supplier = ${supplier}`,
    ),
    rows(
      db,
      sql`SELECT appeal, token, owed::text AS owed FROM supplier_balance WHERE chain_id = ${options.chainId} AND supplier = ${supplier} AND owed > 0 ORDER BY appeal, token`,
    ),
  ]);
  return {
    orders: orders.map(order),
    owed: owed.map((r) => ({
      token: hex(r.token),
      earned: big(r.earned),
      withdrawn: big(r.withdrawn),
      owed: big(r.owed),
    })),
    /** Where `withdraw()` would pay something: one call per appeal takes every token. */
    owedByAppeal: owedByAppeal.map((r) => ({
      appeal: hex(r.appeal),
      token: hex(r.token),
      owed: big(r.owed),
    })),
  };
}

/** A verifier's pending confirmations: accepted or shipped orders it has not confirmed in full. */
export async function verifierQueue(
  db: IndexerDb,
  options: { chainId: number; verifier: Address },
) {
  const verifier = options.verifier.toLowerCase();
  const tasks = await rows(
    db,
    sql`SELECT t.appeal, t.order_id::text AS order_id, t.supplier, s.name AS supplier_name, t.units::text AS units, t.units_verified::text AS units_verified, t.confirmed_units::text AS confirmed_units, t.order_status, t.deliver_by::text AS deliver_by, t.last_shipment_at::text AS last_shipment_at, o.terms_hash, o.last_evidence_uri, a.unit_name, a.title, v.nonce::text AS nonce FROM verifier_task t JOIN purchase_order o ON o.chain_id = t.chain_id AND o.appeal = t.appeal AND o.order_id = t.order_id JOIN appeal a ON a.chain_id = t.chain_id AND a.address = t.appeal LEFT JOIN supplier s ON s.chain_id = t.chain_id AND s.address = t.supplier LEFT JOIN appeal_verifier v ON v.chain_id = t.chain_id AND v.appeal = t.appeal AND v.verifier = t.verifier WHERE t.chain_id = ${options.chainId} AND t.verifier = ${verifier} AND t.pending ORDER BY t.deliver_by`,
  );
  return tasks.map((r) => ({
    appeal: hex(r.appeal),
    orderId: big(r.order_id),
    supplier: hex(r.supplier),
    supplierName: opt(r.supplier_name),
    units: big(r.units),
    unitsVerified: big(r.units_verified),
    confirmedUnits: big(r.confirmed_units),
    orderStatus: str(r.order_status),
    deliverBy: big(r.deliver_by),
    lastShipmentAt: r.last_shipment_at === null ? null : big(r.last_shipment_at),
    termsHash: str(r.terms_hash) as Hex,
    lastEvidenceURI: opt(r.last_evidence_uri),
    unitName: str(r.unit_name),
    title: opt(r.title),
    /** The verifier's next EIP-712 nonce in this appeal (what a signature must carry). */
    nonce: big(r.nonce),
  }));
}

/** Every appeal where `supplier` has an order (open or settled), newest first. */
export async function supplierAppeals(
  db: IndexerDb,
  options: { chainId: number; supplier: Address },
): Promise<Address[]> {
  const list = await rows(
    db,
    sql`SELECT o.appeal, max(a.index)::text AS index FROM purchase_order o JOIN appeal a ON a.chain_id = o.chain_id AND a.address = o.appeal WHERE o.chain_id = ${options.chainId} AND o.supplier = ${options.supplier.toLowerCase()} GROUP BY o.appeal ORDER BY max(a.index) DESC`,
  );
  return list.map((r) => hex(r.appeal));
}

/** Every appeal that lists `verifier` among its verifiers, newest first. */
export async function verifierAppeals(
  db: IndexerDb,
  options: { chainId: number; verifier: Address },
): Promise<Address[]> {
  const list = await rows(
    db,
    sql`SELECT v.appeal FROM appeal_verifier v JOIN appeal a ON a.chain_id = v.chain_id AND a.address = v.appeal WHERE v.chain_id = ${options.chainId} AND v.verifier = ${options.verifier.toLowerCase()} ORDER BY a.index DESC`,
  );
  return list.map((r) => hex(r.appeal));
}

/** The registry's tokens (symbol and decimals), for showing amounts. */
export async function tokenList(db: IndexerDb, options: { chainId: number }) {
  const list = await rows(
    db,
    sql`SELECT address, symbol, decimals FROM token WHERE chain_id = ${options.chainId}`,
  );
  return list.map((r) => ({
    address: hex(r.address),
    symbol: str(r.symbol),
    decimals: num(r.decimals),
  }));
}

/**
 * For each beneficiary, the metadata file of its latest appeal (where its name is stated, until a
 * metadata step fills `beneficiary_name`).
 */
export async function beneficiaryMetadata(db: IndexerDb, options: { chainId: number }) {
  const list = await rows(
    db,
    sql`SELECT beneficiary, max(metadata_uri) AS metadata_uri FROM appeal WHERE chain_id = ${options.chainId} GROUP BY beneficiary`,
  );
  return list.map((r) => ({ beneficiary: hex(r.beneficiary), metadataURI: str(r.metadata_uri) }));
}

/**
 * Per token, the USD (pledge-time prices) of what every appeal raised in it, paid suppliers from it,
 * refunded and saw withdrawn: the platform's token amounts beside their value.
 */
export async function tokenTotalsUsd(db: IndexerDb, options: { chainId: number }) {
  const list = await rows(
    db,
    sql`SELECT token, sum(pledged_usd)::text AS pledged_usd, sum(earned_usd)::text AS earned_usd, sum(refunded_usd)::text AS refunded_usd, sum(withdrawn_usd)::text AS withdrawn_usd FROM appeal_token WHERE chain_id = ${options.chainId} GROUP BY token`,
  );
  return list.map((r) => ({
    token: hex(r.token),
    pledgedUsd: big(r.pledged_usd),
    earnedUsd: big(r.earned_usd),
    refundedUsd: big(r.refunded_usd),
    withdrawnUsd: big(r.withdrawn_usd),
  }));
}

// ───────────────────────────── the platform ─────────────────────────────

const TOTAL_COLUMNS = sql`count(*) AS appeals, sum(raised_usd)::text AS raised_usd, sum(spent_usd)::text AS spent_usd, sum(refunded_usd)::text AS refunded_usd, sum(units_ordered)::text AS units_ordered, sum(units_verified)::text AS units_verified`;

const totalsOf = (r: Raw) => ({
  appeals: num(r.appeals),
  raisedUsd: big(r.raised_usd),
  spentUsd: big(r.spent_usd),
  refundedUsd: big(r.refunded_usd),
  unitsOrdered: big(r.units_ordered),
  unitsVerified: big(r.units_verified),
});

/**
 * The platform page: totals raised, spent, refunded, units ordered and verified; by token, by appeal
 * (the `top` largest), by supplier, by beneficiary and by country (beneficiary names and countries
 * come from appeal metadata; null until a metadata step fills them).
 */
export async function platformTotals(db: IndexerDb, options: { chainId: number; top?: number }) {
  const chainId = options.chainId;
  const [total, byToken, byAppeal, bySupplier, byBeneficiary, byCountry] = await Promise.all([
    rows(
      db,
      sql`SELECT appeals, donors, pledges, orders, open_orders, raised_usd::text AS raised_usd, cancelled_usd::text AS cancelled_usd, spent_usd::text AS spent_usd, refunded_usd::text AS refunded_usd, withdrawn_usd::text AS withdrawn_usd, units_ordered::text AS units_ordered, units_verified::text AS units_verified, units_paid::text AS units_paid FROM platform WHERE chain_id = ${chainId}`,
    ),
    rows(
      db,
      sql`SELECT token, pledged::text AS pledged, cancelled::text AS cancelled, refunded::text AS refunded, reserved::text AS reserved, earned::text AS earned, withdrawn::text AS withdrawn FROM platform_token WHERE chain_id = ${chainId}`,
    ),
    rows(
      db,
      sql`SELECT a.address, a.unit_name, a.title, a.country, a.metadata_uri, a.beneficiary, a.raised_usd::text AS raised_usd, a.spent_usd::text AS spent_usd, a.refunded_usd::text AS refunded_usd, a.units_ordered::text AS units_ordered, a.units_verified::text AS units_verified FROM appeal a WHERE a.chain_id = ${chainId} ORDER BY a.raised_usd DESC, a.index DESC LIMIT ${options.top ?? 20}`,
    ),
    rows(
      db,
      sql`SELECT s.address, s.name, s.country, s.status, s.orders_total, s.orders_open, s.units_ordered::text AS units_ordered, s.units_verified::text AS units_verified, s.earned_usd::text AS earned_usd, s.withdrawn_usd::text AS withdrawn_usd, s.owed_usd::text AS owed_usd FROM supplier s WHERE s.chain_id = ${chainId} ORDER BY s.earned_usd DESC, s.units_verified DESC`,
    ),
    rows(
      db,
      sql`SELECT beneficiary, max(beneficiary_name) AS beneficiary_name, ${TOTAL_COLUMNS} FROM appeal WHERE chain_id = ${chainId} GROUP BY beneficiary ORDER BY sum(raised_usd) DESC`,
    ),
    rows(
      db,
      sql`SELECT country, ${TOTAL_COLUMNS} FROM appeal WHERE chain_id = ${chainId} GROUP BY country ORDER BY sum(raised_usd) DESC`,
    ),
  ]);
  const t = total[0];
  return {
    total: t
      ? {
          appeals: num(t.appeals),
          donors: num(t.donors),
          pledges: num(t.pledges),
          orders: num(t.orders),
          openOrders: num(t.open_orders),
          raisedUsd: big(t.raised_usd),
          cancelledUsd: big(t.cancelled_usd),
          spentUsd: big(t.spent_usd),
          refundedUsd: big(t.refunded_usd),
          withdrawnUsd: big(t.withdrawn_usd),
          unitsOrdered: big(t.units_ordered),
          unitsVerified: big(t.units_verified),
          unitsPaid: big(t.units_paid),
        }
      : undefined,
    byToken: byToken.map((r) => ({
      token: hex(r.token),
      pledged: big(r.pledged),
      cancelled: big(r.cancelled),
      refunded: big(r.refunded),
      reserved: big(r.reserved),
      earned: big(r.earned),
      withdrawn: big(r.withdrawn),
    })),
    byAppeal: byAppeal.map((r) => ({
      appeal: hex(r.address),
      unitName: str(r.unit_name),
      title: opt(r.title),
      country: opt(r.country),
      metadataURI: str(r.metadata_uri),
      beneficiary: hex(r.beneficiary),
      raisedUsd: big(r.raised_usd),
      spentUsd: big(r.spent_usd),
      refundedUsd: big(r.refunded_usd),
      unitsOrdered: big(r.units_ordered),
      unitsVerified: big(r.units_verified),
    })),
    bySupplier: bySupplier.map((r) => ({
      supplier: hex(r.address),
      name: str(r.name),
      country: str(r.country),
      status: str(r.status),
      ordersTotal: num(r.orders_total),
      ordersOpen: num(r.orders_open),
      unitsOrdered: big(r.units_ordered),
      unitsVerified: big(r.units_verified),
      earnedUsd: big(r.earned_usd),
      withdrawnUsd: big(r.withdrawn_usd),
      owedUsd: big(r.owed_usd),
    })),
    byBeneficiary: byBeneficiary.map((r) => ({
      beneficiary: hex(r.beneficiary),
      name: opt(r.beneficiary_name),
      ...totalsOf(r),
    })),
    byCountry: byCountry.map((r) => ({ country: opt(r.country), ...totalsOf(r) })),
  };
}
