/**
 * The impact receipt: from a campaign's events alone (client/ledger.ts `replay`), each donor's trail
 * from a pledge to verified units — what it pledged (token, amount, USD at pledge time, tx), the
 * share of every payment to a supplier its money funded, the units that share bought, advances not
 * yet backed by delivery, what is still reserved or in the pool, refunds and cancellations, each with
 * its transaction; and an appeal's summary (raised, spent, refunded, units, cost per unit, per
 * supplier).
 *
 * The rule that makes a donor's share computable is the contracts' equal treatment: an order takes
 * the same fraction of every token's pool (v2), and within a token every pledge counts alike (v1
 * and v2: refunds are `unspent × pledge ÷ net pledged`). So a donor whose net pledge in token t is
 * p funded exactly p ÷ net_t of every amount spent in t. An order's units are bought with its
 * tokens in proportion to their value at pledge-time prices (`amount_t × pledgedUsd_t ÷ net_t`);
 * a donor's fraction of an order is Σ_t weight_t × p_t ÷ net_t, and of its verified units the same.
 *
 * Every share is an exact rational (`Ratio`), rounded once, at display. Over all donors the shares
 * add up exactly to what was paid and to the verified units; integer units per donor come from a
 * deterministic largest-remainder allocation per order (ties: lower address first), so that they
 * too add up to each order's verified units.
 *
 * v1 campaigns (deployments before the promise was enforced) are derived by the same rule: their
 * orders were single-token, so an order's weight is all in its token, and a donor funded p ÷ net_t
 * of it if it pledged that token and nothing otherwise. What cannot be derived for v1 is anything
 * the v1 events do not carry, and nothing here needs more than they do; what differs is the meaning:
 * v1 did not spend every token alike, so two donors who gave the same USD may have funded very
 * different shares (the receipt says so).
 */
import {
  encodeEventTopics,
  getAddress,
  pad,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import {
  AuditInputError,
  cloneImplementation,
  findCreationBlock,
  tokenInfo,
  type AuditResult,
  type TokenInfo,
} from "./audit.ts";
import { campaignAbi, campaignFactoryAbi, campaignV1Abi } from "./generated/abis.ts";
import {
  available,
  kthHighest,
  netPledged,
  normalizeParams,
  replay,
  STATUS_NAMES,
  type CampaignParams,
  type Ledger,
  type OrderRecord,
  type OrderStatusName,
  type Source,
  type StatusName,
} from "./ledger.ts";
import { fetchLogs } from "./logs.ts";
import { NameBook } from "./names.ts";

// ── exact rationals ─────────────────────────────────────────────────────────────────────────

/** An exact rational n ÷ d (d > 0), kept in lowest terms. */
export type Ratio = { n: bigint; d: bigint };

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function ratio(n: bigint, d = 1n): Ratio {
  if (d === 0n) throw new RangeError("ratio: division by zero");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}
export const ZERO: Ratio = { n: 0n, d: 1n };
export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);
export const sum = (xs: Iterable<Ratio>): Ratio => {
  let s = ZERO;
  for (const x of xs) s = add(s, x);
  return s;
};
export const equal = (a: Ratio, b: Ratio) => a.n * b.d === b.n * a.d;
export const isZero = (a: Ratio) => a.n === 0n;
/** `x × n ÷ d` as an exact ratio (0 when d is 0: nothing to share). */
export const share = (x: bigint, n: bigint, d: bigint): Ratio =>
  d === 0n ? ZERO : ratio(x * n, d);
export const floor = (a: Ratio): bigint => {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
};

/**
 * `value ÷ 10^decimals` as a decimal string with at most `digits` fraction digits, rounded half
 * up once (the one rounding a receipt does), trailing zeros trimmed, thousands grouped.
 */
export function formatRatio(
  value: Ratio,
  decimals: number,
  digits = 6,
  options: { group?: boolean; minDigits?: number } = {},
): string {
  const negative = value.n < 0n;
  const n = abs(value.n);
  const scaled = n * 10n ** BigInt(digits);
  const den = value.d * 10n ** BigInt(decimals);
  let q = scaled / den;
  if ((scaled % den) * 2n >= den) q += 1n;
  const text = q.toString().padStart(digits + 1, "0");
  let whole = text.slice(0, text.length - digits);
  let fraction = digits ? text.slice(text.length - digits).replace(/0+$/, "") : "";
  const minDigits = options.minDigits ?? 0;
  if (fraction.length < minDigits) fraction = fraction.padEnd(minDigits, "0");
  if (options.group !== false) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const out = fraction ? `${whole}.${fraction}` : whole;
  return negative && q !== 0n ? `-${out}` : out;
}

/** The exact value as "n/d" (or "n"), for JSON. */
export const ratioText = (r: Ratio) => (r.d === 1n ? `${r.n}` : `${r.n}/${r.d}`);

// ── what a receipt reads ────────────────────────────────────────────────────────────────────

/** Everything a receipt is derived from: the replayed ledger and what names its numbers. */
export type CampaignHistory = {
  campaign: Address;
  chainId: number;
  version: 1 | 2;
  params: CampaignParams;
  ledger: Ledger;
  tokens: TokenInfo[];
  organizer: Address;
  registry: Address;
  fromBlock: bigint;
  toBlock: bigint;
  /**
   * The campaign's status as its `status()` view says at `toBlock`: it moves from Funding to Failed
   * or Procurement when the deadline passes, before any event records it.
   */
  status: StatusName;
  /** Block timestamps (seconds) by block number, where known. */
  blockTimes: Record<string, bigint>;
};

/** A place in the chain's history, with its block's time when known. */
export type At = Source & { time?: bigint };

const at = (history: CampaignHistory, source: Source): At => {
  const time = history.blockTimes[source.blockNumber.toString()];
  return time === undefined ? { ...source } : { ...source, time };
};

// ── the receipt ─────────────────────────────────────────────────────────────────────────────

export type ReceiptTokenLine = {
  token: Address;
  pledged: bigint;
  cancelled: bigint;
  /** pledged − cancelled: what the donor's money in this token is. */
  net: bigint;
  /** USD (18 decimals) of the net pledge at its own pledges' prices. */
  netUsd: bigint;
  /** net ÷ the token's net pledged: the donor's part of every amount spent or returned in this token. */
  fraction: Ratio;
  /** Its part of what suppliers were paid for verified deliveries. */
  paidForDelivery: Ratio;
  /** Its part of advances paid beyond what verified delivery earned (open orders may still earn them; cancelled ones will not). */
  advancesUnbacked: Ratio;
  /** Its part of what open orders reserve and have not yet paid. */
  reserved: Ratio;
  /** Its part of the pool no order reserves (before close); after close, its part of the unspent. */
  inPool: Ratio;
  /** What the contract owes it back in all (closed: ⌊unspent × net ÷ net pledged⌋; failed: net). */
  refundDue: bigint;
  refunded: bigint;
  /** refundDue − refunded while unclaimed (0 once claimed). */
  refundable: bigint;
  /** Its exact part of the unspent minus the whole units the contract pays back: left in the campaign. */
  roundingDust: Ratio;
};

export type ReceiptPayment = {
  token: Address;
  /** The payment to the supplier, in full. */
  amount: bigint;
  /** The donor's part of it. */
  share: Ratio;
  advance: boolean;
  unitsVerified: bigint;
  at: At;
};

export type ReceiptOrderLine = {
  orderId: bigint;
  supplier: Address;
  status: OrderStatusName;
  units: bigint;
  unitsVerified: bigint;
  termsHash: Hex;
  /** The order's value in USD at pledge-time prices (v2), in full. */
  amountUsd?: bigint;
  /** The donor's exact fraction of the order: Σ_t weight_t × net_t(donor) ÷ net_t. */
  fraction: Ratio;
  /** Verified units × fraction, exact. */
  unitsExact: Ratio;
  /** Whole units by largest remainder over every donor of the order: they add up to unitsVerified. */
  unitsAllocated: bigint;
  tokens: {
    token: Address;
    /** The donor's part of what the supplier was credited (advances included, reclaims excluded). */
    paid: Ratio;
    paidForDelivery: Ratio;
    advanceUnbacked: Ratio;
    /** Still reserved and unpaid (open orders). */
    reserved: Ratio;
  }[];
  /** The donor's part of what the order paid, in USD at its own pledges' prices. */
  paidUsd: Ratio;
  payments: ReceiptPayment[];
  /** Each verifier's latest confirmation. */
  confirmations: {
    verifier: Address;
    units: bigint;
    evidenceHash: Hex;
    bySignature: boolean;
    at: At;
  }[];
  /** The verifiers whose confirmations make up the verified units (threshold of them at least). */
  verifiedBy: Address[];
  /** When the order reached its verified units. */
  verifiedAt?: At;
  shipments: { evidenceURI: string; at: At }[];
  created: At;
  cancelled?: At & { by: Address };
  completed?: At;
};

export type DonorReceipt = {
  campaign: Address;
  chainId: number;
  version: 1 | 2;
  donor: Address;
  status: StatusName;
  unitName: string;
  metadataURI: string;
  fromBlock: bigint;
  toBlock: bigint;
  pledges: { token: Address; amount: bigint; usdValue: bigint; at: At }[];
  cancellations: { token: Address; amount: bigint; usdValue: bigint; to?: string; at: At }[];
  refunds: { token: Address; amount: bigint; to?: string; at: At }[];
  tokens: ReceiptTokenLine[];
  /** Orders the donor's money reached (every order reserving a token it pledged). */
  orders: ReceiptOrderLine[];
  totals: {
    pledgedUsd: bigint;
    /** Net of cancellations, at its pledges' prices. */
    netUsd: bigint;
    paidForDeliveryUsd: Ratio;
    advancesUnbackedUsd: Ratio;
    reservedUsd: Ratio;
    inPoolUsd: Ratio;
    refundedUsd: Ratio;
    refundableUsd: Ratio;
    unitsExact: Ratio;
    unitsAllocated: bigint;
  };
  /** Things a reader should know about how the numbers were derived. */
  notes: string[];
  /** Events the contracts could not have emitted: a receipt from such a history is not to be trusted. */
  issues: Ledger["issues"];
};

const lower = (a: string) => a.toLowerCase() as Address;
const byAddress = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const entryIndex = new WeakMap<Ledger, Map<Address, Ledger["entries"]>>();

/** A ledger's entries by account, indexed once per ledger (receipts of every donor share it). */
function entriesOf(ledger: Ledger, account: Address): Ledger["entries"] {
  let index = entryIndex.get(ledger);
  if (!index) {
    index = new Map();
    for (const e of ledger.entries) {
      if (!e.account) continue;
      const list = index.get(e.account);
      if (list) list.push(e);
      else index.set(e.account, [e]);
    }
    entryIndex.set(ledger, index);
  }
  return index.get(account) ?? [];
}

/** The donor's net pledge (pledged − cancelled) and its USD at its own prices, per token. */
function donorNets(ledger: Ledger, donor: Address) {
  const net: Record<Address, { pledged: bigint; cancelled: bigint; net: bigint; usd: bigint }> = {};
  for (const [token, book] of Object.entries(ledger.donors[donor] ?? {})) {
    net[token as Address] = {
      pledged: book.pledged,
      cancelled: book.cancelled,
      net: book.pledged - book.cancelled,
      usd: 0n,
    };
  }
  for (const e of entriesOf(ledger, donor)) {
    if (!e.token) continue;
    if (e.kind === "pledge") net[e.token].usd += e.usdValue ?? 0n;
    if (e.kind === "cancel") net[e.token].usd -= e.usdValue ?? 0n;
  }
  return net;
}

/**
 * An order's token weights: `amount_t × pledgedUsd_t ÷ net_t` (its value in t at pledge-time
 * prices), over a common denominator so that a donor's units are `V × Σ_t W_t × p_t × (N ÷ net_t)
 * ÷ (W × N)` with N = Π net_t: one denominator for every donor of the order.
 */
function orderWeights(ledger: Ledger, order: OrderRecord) {
  const tokens = order.tokens.filter(
    (t) => order.shares[t].amount > 0n && ledger.tokens[t] && netPledged(ledger.tokens[t]) > 0n,
  );
  const nets = tokens.map((t) => netPledged(ledger.tokens[t]));
  const N = nets.reduce((p, n) => p * n, 1n);
  let W = tokens.map(
    (t, i) => order.shares[t].amount * ledger.tokens[t].pledgedUsd * (N / nets[i]),
  );
  // A token with no USD value (not possible with the registry's checks) weighs by amount instead.
  if (W.every((w) => w === 0n)) W = tokens.map((t, i) => order.shares[t].amount * (N / nets[i]));
  const total = W.reduce((s, w) => s + w, 0n);
  return {
    tokens,
    /** Per token: the multiplier of the donor's net pledge in the numerator. */
    coefficient: tokens.map((_, i) => W[i] * (N / nets[i])),
    denominator: total * N,
  };
}

type Allocation = {
  /** Per order id: per donor, exact units numerator over the order's denominator and the whole units. */
  orders: Map<
    bigint,
    { denominator: bigint; donors: Map<Address, { num: bigint; units: bigint }> }
  >;
};

const allocations = new WeakMap<Ledger, Allocation>();

/**
 * Every donor's units of every order: exact numerators over one denominator per order, and whole
 * units by largest remainder (remainder descending, then address ascending), computed once per
 * ledger and shared by every receipt of it.
 */
export function unitAllocation(ledger: Ledger): Allocation {
  const cached = allocations.get(ledger);
  if (cached) return cached;
  const result: Allocation = { orders: new Map() };
  const donors = Object.keys(ledger.donors) as Address[];
  for (const order of ledger.orders) {
    if (!order) continue;
    const { tokens, coefficient, denominator } = orderWeights(ledger, order);
    const perDonor = new Map<Address, { num: bigint; units: bigint }>();
    if (denominator > 0n) {
      const rows: { donor: Address; num: bigint; floor: bigint; rem: bigint }[] = [];
      for (const donor of donors) {
        const books = ledger.donors[donor];
        let num = 0n;
        for (let i = 0; i < tokens.length; i++) {
          const b = books[tokens[i]];
          if (b) num += coefficient[i] * (b.pledged - b.cancelled);
        }
        if (num === 0n) continue;
        num *= order.unitsVerified;
        rows.push({ donor, num, floor: num / denominator, rem: num % denominator });
      }
      let left = order.unitsVerified - rows.reduce((s, r) => s + r.floor, 0n);
      const ranked = [...rows].sort((a, b) =>
        a.rem === b.rem ? byAddress(a.donor, b.donor) : a.rem > b.rem ? -1 : 1,
      );
      const bonus = new Set<Address>();
      for (const r of ranked) {
        if (left <= 0n) break;
        bonus.add(r.donor);
        left--;
      }
      for (const r of rows)
        perDonor.set(r.donor, { num: r.num, units: r.floor + (bonus.has(r.donor) ? 1n : 0n) });
    }
    result.orders.set(order.id, { denominator, donors: perDonor });
  }
  allocations.set(ledger, result);
  return result;
}

/** The confirmation at which an order's verified units reached their present value, and by whom. */
function verification(order: OrderRecord, threshold: number) {
  const latest: Record<Address, bigint> = {};
  let reached: Source | undefined;
  let verified = 0n;
  for (const c of order.confirmations) {
    // Only the campaign's verifiers count (the replay leaves others out of confirmedBy).
    if (!(c.verifier in order.confirmedBy)) continue;
    latest[c.verifier] = c.unitsDelivered;
    const now = kthHighest(Object.values(latest), threshold);
    if (now !== verified) {
      verified = now;
      reached = c;
    }
  }
  const by = Object.entries(order.confirmedBy)
    .filter(([, units]) => order.unitsVerified > 0n && units >= order.unitsVerified)
    .map(([v]) => v as Address);
  return { at: order.unitsVerified > 0n ? reached : undefined, by };
}

/**
 * The donor's impact receipt. Pure: derived from `history` alone. Throws a `RangeError` when the
 * address never pledged to the campaign (nothing to derive).
 */
export function impactReceipt(history: CampaignHistory, donorInput: string): DonorReceipt {
  const { ledger, params } = history;
  const donor = lower(donorInput);
  if (!ledger.donors[donor]) {
    throw new RangeError(`${getAddress(donor)} never pledged to this appeal`);
  }
  const nets = donorNets(ledger, donor);
  const allocation = unitAllocation(ledger);
  const closed = history.status === "Closed";
  const failed = history.status === "Failed";

  const tokens: ReceiptTokenLine[] = [];
  for (const token of Object.keys(nets) as Address[]) {
    const mine = nets[token];
    const book = ledger.tokens[token];
    const net = netPledged(book);
    const f = share(1n, mine.net, net);
    const fractionOf = (x: bigint) => share(x, mine.net, net);
    let backed = 0n;
    let unbacked = 0n;
    let reserved = 0n;
    for (const order of ledger.orders) {
      const s = order?.shares[token];
      if (!s) continue;
      const due = (s.amount * order.unitsVerified) / order.units;
      backed += s.paid < due ? s.paid : due;
      unbacked += s.paid > due ? s.paid - due : 0n;
      if (order.status !== "Cancelled" && order.status !== "Completed")
        reserved += s.amount - s.paid - s.returned;
    }
    const donorBook = ledger.donors[donor][token];
    let refundDue = 0n;
    let inPool: Ratio;
    let dust = ZERO;
    if (failed) {
      refundDue = mine.net;
      inPool = ratio(mine.net);
    } else if (closed) {
      refundDue =
        book.netPledgedAtClose > 0n
          ? (book.unspentAtClose * mine.net) / book.netPledgedAtClose
          : 0n;
      inPool = fractionOf(book.unspentAtClose);
      dust = sub(inPool, ratio(refundDue));
    } else {
      inPool = fractionOf(available(book));
    }
    const refunded = donorBook.refunded;
    tokens.push({
      token,
      pledged: mine.pledged,
      cancelled: mine.cancelled,
      net: mine.net,
      netUsd: mine.usd,
      fraction: f,
      paidForDelivery: fractionOf(backed),
      advancesUnbacked: fractionOf(unbacked),
      reserved: fractionOf(reserved),
      inPool,
      refundDue,
      refunded,
      refundable: refunded > 0n || refundDue < refunded ? 0n : refundDue - refunded,
      roundingDust: dust,
    });
  }
  tokens.sort((a, b) => params.tokens.indexOf(a.token) - params.tokens.indexOf(b.token));
  const lineOf = new Map(tokens.map((t) => [t.token, t]));
  /** USD at the donor's own pledge prices of an exact amount of a token. */
  const usdOf = (token: Address, amount: Ratio): Ratio => {
    const line = lineOf.get(token);
    return line && line.net > 0n ? mul(amount, ratio(line.netUsd, line.net)) : ZERO;
  };

  const orders: ReceiptOrderLine[] = [];
  for (const order of ledger.orders) {
    if (!order) continue;
    const mineTokens = order.tokens.filter((t) => (lineOf.get(t)?.net ?? 0n) > 0n);
    if (mineTokens.length === 0) continue;
    const alloc = allocation.orders.get(order.id)!;
    const mine = alloc.donors.get(donor);
    const unitsExact = mine && alloc.denominator > 0n ? ratio(mine.num, alloc.denominator) : ZERO;
    const fraction =
      order.unitsVerified > 0n
        ? div(unitsExact, ratio(order.unitsVerified))
        : alloc.denominator > 0n
          ? fractionWithoutUnits(ledger, order, donor)
          : ZERO;
    const lines = mineTokens.map((token) => {
      const s = order.shares[token];
      const line = lineOf.get(token)!;
      const net = netPledged(ledger.tokens[token]);
      const due = (s.amount * order.unitsVerified) / order.units;
      const open = order.status !== "Cancelled" && order.status !== "Completed";
      return {
        token,
        paid: share(s.paid, line.net, net),
        paidForDelivery: share(s.paid < due ? s.paid : due, line.net, net),
        advanceUnbacked: share(s.paid > due ? s.paid - due : 0n, line.net, net),
        reserved: open ? share(s.amount - s.paid - s.returned, line.net, net) : ZERO,
      };
    });
    const { at: verifiedAt, by } = verification(order, params.threshold);
    const latestConfirmation = new Map<Address, OrderRecord["confirmations"][number]>();
    for (const c of order.confirmations) latestConfirmation.set(c.verifier, c);
    orders.push({
      orderId: order.id,
      supplier: order.supplier,
      status: order.status,
      units: order.units,
      unitsVerified: order.unitsVerified,
      termsHash: order.termsHash,
      amountUsd: order.amountUsd,
      fraction,
      unitsExact,
      unitsAllocated: mine?.units ?? 0n,
      tokens: lines,
      paidUsd: sum(lines.map((l) => usdOf(l.token, l.paid))),
      payments: order.payments
        .filter((p) => lineOf.has(p.token))
        .map((p) => ({
          token: p.token,
          amount: p.amount,
          share: share(p.amount, lineOf.get(p.token)!.net, netPledged(ledger.tokens[p.token])),
          advance: p.advance,
          unitsVerified: p.unitsVerified,
          at: at(history, p),
        })),
      confirmations: [...latestConfirmation.values()].map((c) => ({
        verifier: c.verifier,
        units: c.unitsDelivered,
        evidenceHash: c.evidenceHash,
        bySignature: c.bySignature,
        at: at(history, c),
      })),
      verifiedBy: by,
      verifiedAt: verifiedAt ? at(history, verifiedAt) : undefined,
      shipments: order.shipments.map((s) => ({ evidenceURI: s.evidenceURI, at: at(history, s) })),
      created: at(history, order.created),
      cancelled: order.cancelled
        ? { ...at(history, order.cancelled), by: order.cancelled.by }
        : undefined,
      completed: order.completed ? at(history, order.completed) : undefined,
    });
  }

  const mineEntries = entriesOf(ledger, donor).filter((e) => e.token);
  const pledges = mineEntries
    .filter((e) => e.kind === "pledge")
    .map((e) => ({
      token: e.token!,
      amount: e.amount!,
      usdValue: e.usdValue ?? 0n,
      at: at(history, e),
    }));
  const cancellations = mineEntries
    .filter((e) => e.kind === "cancel")
    .map((e) => ({
      token: e.token!,
      amount: e.amount!,
      usdValue: e.usdValue ?? 0n,
      to: e.detail?.replace(/^sent to /, ""),
      at: at(history, e),
    }));
  const refunds = mineEntries
    .filter((e) => e.kind === "refund")
    .map((e) => ({
      token: e.token!,
      amount: e.amount!,
      to: e.detail?.replace(/^sent to /, ""),
      at: at(history, e),
    }));

  const usdSum = (pick: (l: ReceiptTokenLine) => Ratio) =>
    sum(tokens.map((l) => usdOf(l.token, pick(l))));
  const notes: string[] = [];
  if (history.version === 1)
    notes.push(
      "This appeal belongs to a v1 deployment: each order was paid in one token, so your money funded only the orders placed in the tokens you gave (your share of each is exact, as below); donors of other tokens may have funded a larger or smaller share of the appeal than you.",
    );
  if (history.status === "Funding")
    notes.push("Funding is still open: your share of the pool changes as others pledge or cancel.");
  if (tokens.some((t) => !isZero(t.advancesUnbacked)))
    notes.push(
      "Advances are paid when a supplier accepts an order, before delivery; they count as backed once verified deliveries earn them. The campaign caps them in all.",
    );
  return {
    campaign: history.campaign,
    chainId: history.chainId,
    version: history.version,
    donor,
    status: history.status,
    unitName: params.unitName,
    metadataURI: params.metadataURI,
    fromBlock: history.fromBlock,
    toBlock: history.toBlock,
    pledges,
    cancellations,
    refunds,
    tokens,
    orders,
    totals: {
      pledgedUsd: pledges.reduce((s, p) => s + p.usdValue, 0n),
      netUsd: tokens.reduce((s, t) => s + t.netUsd, 0n),
      paidForDeliveryUsd: usdSum((l) => l.paidForDelivery),
      advancesUnbackedUsd: usdSum((l) => l.advancesUnbacked),
      reservedUsd: usdSum((l) => l.reserved),
      inPoolUsd: usdSum((l) => l.inPool),
      refundedUsd: usdSum((l) => ratio(l.refunded)),
      refundableUsd: usdSum((l) => ratio(l.refundable)),
      unitsExact: sum(orders.map((o) => o.unitsExact)),
      unitsAllocated: orders.reduce((s, o) => s + o.unitsAllocated, 0n),
    },
    notes,
    issues: ledger.issues,
  };
}

/** The donor's fraction of an order nothing has been verified of yet (same weights, no units). */
function fractionWithoutUnits(ledger: Ledger, order: OrderRecord, donor: Address): Ratio {
  const { tokens, coefficient, denominator } = orderWeights(ledger, order);
  let num = 0n;
  for (let i = 0; i < tokens.length; i++) {
    const b = ledger.donors[donor]?.[tokens[i]];
    if (b) num += coefficient[i] * (b.pledged - b.cancelled);
  }
  return denominator > 0n ? ratio(num, denominator) : ZERO;
}

/** Every donor's receipt, in address order (the allocation is computed once for all). */
export function impactReceipts(history: CampaignHistory): DonorReceipt[] {
  return (Object.keys(history.ledger.donors) as Address[])
    .sort(byAddress)
    .map((donor) => impactReceipt(history, donor));
}

// ── the appeal's summary ───────────────────────────────────────────────────────────────────

export type SummaryToken = {
  token: Address;
  pledged: bigint;
  cancelled: bigint;
  net: bigint;
  /** USD raised in this token at pledge time (cancellations excluded). */
  raisedUsd: bigint;
  /** Credited to suppliers (advances and deliveries, reclaims excluded). */
  paid: bigint;
  paidForDelivery: bigint;
  advancesUnbacked: bigint;
  withdrawn: bigint;
  /** Reserved by open orders and not yet paid. */
  reserved: bigint;
  refunded: bigint;
  /** Owed back to donors who have not claimed yet (closed or failed). */
  refundable: bigint;
  /** Left in the campaign by the contract's rounding down of each refund (closed). */
  roundingDust: bigint;
  unspentAtClose: bigint;
};

export type SummarySupplier = {
  supplier: Address;
  orders: bigint[];
  unitsOrdered: bigint;
  unitsVerified: bigint;
  /** Per token: credited, of which for verified deliveries. */
  tokens: { token: Address; paid: bigint; paidForDelivery: bigint }[];
  /** Credited, in USD at pledge-time prices. */
  paidUsd: Ratio;
  paidForDeliveryUsd: Ratio;
  /** Per verified unit: per token, and in USD at pledge-time prices (paid for delivery ÷ units). */
  costPerUnit?: { tokens: { token: Address; amount: Ratio }[]; usd: Ratio };
};

export type AppealSummary = {
  campaign: Address;
  chainId: number;
  version: 1 | 2;
  status: StatusName;
  unitName: string;
  targetUnits: bigint;
  goalUsd: bigint;
  raisedUsd: bigint;
  donors: number;
  tokens: SummaryToken[];
  unitsOrdered: bigint;
  unitsVerified: bigint;
  /** Credited to suppliers, in USD at pledge-time prices. */
  paidUsd: Ratio;
  paidForDeliveryUsd: Ratio;
  advancesUnbackedUsd: Ratio;
  refundedUsd: Ratio;
  refundableUsd: Ratio;
  costPerUnit?: { tokens: { token: Address; amount: Ratio }[]; usd: Ratio };
  suppliers: SummarySupplier[];
  final: boolean;
};

/** USD at pledge-time prices of an amount of a token: the token's pledges' average price. */
const usdAtPledgeExact = (ledger: Ledger, token: Address, amount: bigint | Ratio): Ratio => {
  const book = ledger.tokens[token];
  const net = book ? netPledged(book) : 0n;
  if (!book || net === 0n) return ZERO;
  const x = typeof amount === "bigint" ? ratio(amount) : amount;
  return mul(x, ratio(book.pledgedUsd, net));
};

/** The appeal's summary: raised, spent, refunded, units and cost per unit, per token and supplier. */
export function appealSummary(history: CampaignHistory): AppealSummary {
  const { ledger, params } = history;
  const closed = history.status === "Closed";
  const failed = history.status === "Failed";
  const tokens: SummaryToken[] = params.tokens.map((token) => {
    const book = ledger.tokens[token];
    let backed = 0n;
    let unbacked = 0n;
    for (const order of ledger.orders) {
      const s = order?.shares[token];
      if (!s) continue;
      const due = (s.amount * order.unitsVerified) / order.units;
      backed += s.paid < due ? s.paid : due;
      unbacked += s.paid > due ? s.paid - due : 0n;
    }
    let refundable = 0n;
    let owedInAll = 0n;
    for (const donorBooks of Object.values(ledger.donors)) {
      const d = donorBooks[token];
      if (!d) continue;
      const net = d.pledged - d.cancelled;
      const due = failed
        ? net
        : closed && book.netPledgedAtClose > 0n
          ? (book.unspentAtClose * net) / book.netPledgedAtClose
          : 0n;
      owedInAll += due;
      if (d.refunded === 0n) refundable += due;
    }
    return {
      token,
      pledged: book.pledged,
      cancelled: book.cancelled,
      net: netPledged(book),
      raisedUsd: book.pledgedUsd,
      paid: book.earned,
      paidForDelivery: backed,
      advancesUnbacked: unbacked,
      withdrawn: book.withdrawn,
      reserved: book.reserved,
      refunded: book.refunded,
      refundable,
      roundingDust: closed ? book.unspentAtClose - owedInAll : 0n,
      unspentAtClose: book.unspentAtClose,
    };
  });

  const costPerUnit = (
    paid: { token: Address; amount: bigint }[],
    units: bigint,
  ): AppealSummary["costPerUnit"] =>
    units > 0n
      ? {
          tokens: paid.map((p) => ({ token: p.token, amount: ratio(p.amount, units) })),
          usd: div(sum(paid.map((p) => usdAtPledgeExact(ledger, p.token, p.amount))), ratio(units)),
        }
      : undefined;

  const bySupplier = new Map<Address, SummarySupplier>();
  for (const order of ledger.orders) {
    if (!order) continue;
    const s =
      bySupplier.get(order.supplier) ??
      ({
        supplier: order.supplier,
        orders: [],
        unitsOrdered: 0n,
        unitsVerified: 0n,
        tokens: [],
        paidUsd: ZERO,
        paidForDeliveryUsd: ZERO,
      } as SummarySupplier);
    bySupplier.set(order.supplier, s);
    s.orders.push(order.id);
    if (order.status !== "Cancelled") s.unitsOrdered += order.units;
    else s.unitsOrdered += order.unitsVerified;
    s.unitsVerified += order.unitsVerified;
    for (const token of order.tokens) {
      const share_ = order.shares[token];
      const due = (share_.amount * order.unitsVerified) / order.units;
      let line = s.tokens.find((t) => t.token === token);
      if (!line) s.tokens.push((line = { token, paid: 0n, paidForDelivery: 0n }));
      line.paid += share_.paid;
      line.paidForDelivery += share_.paid < due ? share_.paid : due;
    }
  }
  const suppliers = [...bySupplier.values()].map((s) => {
    s.tokens.sort((a, b) => params.tokens.indexOf(a.token) - params.tokens.indexOf(b.token));
    s.paidUsd = sum(s.tokens.map((t) => usdAtPledgeExact(ledger, t.token, t.paid)));
    s.paidForDeliveryUsd = sum(
      s.tokens.map((t) => usdAtPledgeExact(ledger, t.token, t.paidForDelivery)),
    );
    s.costPerUnit = costPerUnit(
      s.tokens.map((t) => ({ token: t.token, amount: t.paidForDelivery })),
      s.unitsVerified,
    );
    return s;
  });

  const usd = (pick: (t: SummaryToken) => bigint) =>
    sum(tokens.map((t) => usdAtPledgeExact(ledger, t.token, pick(t))));
  const unitsVerified = ledger.orders.reduce((s, o) => s + (o?.unitsVerified ?? 0n), 0n);
  return {
    campaign: history.campaign,
    chainId: history.chainId,
    version: history.version,
    status: history.status,
    unitName: params.unitName,
    targetUnits: params.targetUnits,
    goalUsd: params.goalUsd,
    raisedUsd: tokens.reduce((s, t) => s + t.raisedUsd, 0n),
    donors: Object.keys(ledger.donors).length,
    tokens,
    unitsOrdered: suppliers.reduce((s, x) => s + x.unitsOrdered, 0n),
    unitsVerified,
    paidUsd: usd((t) => t.paid),
    paidForDeliveryUsd: usd((t) => t.paidForDelivery),
    advancesUnbackedUsd: usd((t) => t.advancesUnbacked),
    refundedUsd: usd((t) => t.refunded),
    refundableUsd: usd((t) => t.refundable),
    costPerUnit: costPerUnit(
      tokens.map((t) => ({ token: t.token, amount: t.paidForDelivery })),
      unitsVerified,
    ),
    suppliers,
    final: closed || failed,
  };
}

// ── loading from chain ─────────────────────────────────────────────────────────────────────

export type LoadOptions = {
  fromBlock?: bigint;
  toBlock?: bigint;
  /**
   * Whose blocks to read timestamps of: the donors' own entries plus every order's. Omitted: every
   * block with an entry (one `eth_getBlockByNumber` per block, batched).
   */
  donors?: string[];
};

/**
 * Reads a campaign's history from chain data alone: its parameters, its events (replayed), its
 * tokens and the times of the blocks a receipt dates. Throws `AuditInputError` (the auditor's) for
 * input it cannot work with, with how to fix it.
 */
export async function loadCampaignHistory(
  client: PublicClient,
  campaignInput: string,
  options: LoadOptions = {},
): Promise<CampaignHistory> {
  let campaign: Address;
  try {
    campaign = getAddress(campaignInput);
  } catch {
    throw new AuditInputError(
      `"${campaignInput}" is not an address. Pass the campaign's 0x-prefixed 20-byte address.`,
    );
  }
  let chainId: number;
  let latest: bigint;
  try {
    [chainId, latest] = await Promise.all([client.getChainId(), client.getBlockNumber()]);
  } catch (error) {
    throw new AuditInputError(
      `cannot reach the JSON-RPC endpoint (${(error as Error).message.split("\n")[0]}). Check the --rpc URL and that the node is running.`,
    );
  }
  const toBlock = options.toBlock ?? latest;
  const code = await client.getCode({ address: campaign, blockNumber: toBlock });
  if (!code || code === "0x")
    throw new AuditInputError(
      `${campaign} has no code on chain ${chainId} at block ${toBlock}: it is not a campaign here. Check the address and that --rpc points at the chain it was deployed on.`,
    );
  if (!cloneImplementation(code))
    throw new AuditInputError(
      `${campaign} is a contract but not a Handover campaign (not an EIP-1167 clone). Pass the address of a campaign created by the factory.`,
    );
  const version: 1 | 2 = await client
    .readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: "eip712Domain",
      blockNumber: toBlock,
    })
    .then(([, , v]) => (v === "1" ? 1 : 2) as 1 | 2)
    .catch(() => 2 as const);
  const abi = version === 1 ? campaignV1Abi : campaignAbi;
  const read = <T>(functionName: string) =>
    client.readContract({
      address: campaign,
      abi,
      functionName: functionName as never,
      blockNumber: toBlock,
    }) as Promise<T>;
  let params: CampaignParams;
  let organizer: Address;
  let registry: Address;
  let statusIndex: number;
  try {
    [params, organizer, registry, statusIndex] = await Promise.all([
      read<CampaignParams>("params"),
      read<Address>("organizer"),
      read<Address>("registry"),
      read<number>("status"),
    ]);
  } catch {
    throw new AuditInputError(
      `${campaign} does not answer as a Handover campaign (params() failed). Pass the address of a campaign created by the factory.`,
    );
  }
  params = normalizeParams(params);
  let fromBlock = options.fromBlock;
  if (fromBlock === undefined) {
    try {
      fromBlock = await findCreationBlock(client, campaign, toBlock);
    } catch (error) {
      throw new AuditInputError(
        `this node cannot tell when ${campaign} was created (${(error as Error).message.split("\n")[0]}); it probably keeps no state history. Pass --from-block <the block of the campaign's creation>.`,
      );
    }
  }
  const { logs } = await fetchLogs(client, { address: campaign, fromBlock, toBlock });
  const ledger = replay(params, logs);
  const tokens = await Promise.all(params.tokens.map((t) => tokenInfo(client, t)));

  const wanted = new Set<bigint>();
  const donors = options.donors?.map(lower);
  for (const e of ledger.entries) {
    const orderEvent = e.orderId !== undefined;
    if (!donors || orderEvent || (e.account && donors.includes(e.account)))
      wanted.add(e.blockNumber);
  }
  const blocks = [...wanted];
  const times = await Promise.all(
    blocks.map((blockNumber) =>
      client
        .getBlock({ blockNumber })
        .then((b) => b.timestamp)
        .catch(() => undefined),
    ),
  );
  const blockTimes: Record<string, bigint> = {};
  blocks.forEach((b, i) => {
    if (times[i] !== undefined) blockTimes[b.toString()] = times[i]!;
  });
  return {
    campaign: lower(campaign),
    chainId,
    version: ledger.version === 1 ? 1 : version,
    params,
    ledger,
    tokens,
    organizer: lower(organizer),
    registry: lower(registry),
    fromBlock,
    toBlock,
    status: STATUS_NAMES[Number(statusIndex)] ?? ledger.status,
    blockTimes,
  };
}

/**
 * A history from an audit the caller already ran (the dApp's audit page): the same replayed ledger,
 * without block times unless given.
 */
export function historyFromAudit(
  result: AuditResult,
  blockTimes: Record<string, bigint> = {},
): CampaignHistory {
  return {
    campaign: lower(result.campaign),
    chainId: result.chainId,
    version: result.version,
    params: result.params,
    ledger: result.ledger,
    tokens: result.tokens,
    organizer: lower(result.organizer),
    registry: lower(result.registry),
    fromBlock: result.creationBlock,
    toBlock: result.toBlock,
    status: result.status,
    blockTimes,
  };
}

const PLEDGED_TOPIC = encodeEventTopics({ abi: campaignAbi, eventName: "Pledged" })[0] as Hex;

/**
 * Every campaign of `factory` that `donor` pledged to (the "My giving" list): one `eth_getLogs` for
 * its Pledged events across all addresses (windowed), kept only where the factory vouches for the
 * emitter (`isCampaign`), in the order of the donor's first pledge.
 */
export async function campaignsOfDonor(
  client: PublicClient,
  options: { factory: Address; donor: string; fromBlock?: bigint; toBlock?: bigint },
): Promise<Address[]> {
  const toBlock = options.toBlock ?? (await client.getBlockNumber());
  const { logs } = await fetchLogs(client, {
    topics: [PLEDGED_TOPIC, pad(lower(options.donor))],
    fromBlock: options.fromBlock ?? 0n,
    toBlock,
  });
  const emitters = [...new Set(logs.map((l) => lower(l.address)))];
  const vouched = await Promise.all(
    emitters.map((address) =>
      client
        .readContract({
          address: options.factory,
          abi: campaignFactoryAbi,
          functionName: "isCampaign",
          args: [address],
        })
        .catch(() => false),
    ),
  );
  return emitters.filter((_, i) => vouched[i]);
}

/** Every address a receipt or summary of `history` names: suppliers, verifiers, organizer, beneficiary. */
export function partiesOf(history: CampaignHistory): Address[] {
  const set = new Set<Address>([
    history.organizer,
    lower(history.params.beneficiary),
    ...history.params.verifiers.map(lower),
  ]);
  for (const o of history.ledger.orders) if (o) set.add(o.supplier);
  return [...set];
}

// ── presentation ───────────────────────────────────────────────────────────────────────────

const tokenOf = (history: { tokens: TokenInfo[] }, address: Address): TokenInfo =>
  history.tokens.find((t) => t.address === address) ?? {
    address,
    symbol: address.slice(0, 8),
    decimals: 18,
  };

/** "1.5 ETH" from an exact amount in base units, rounded once to `digits`. */
export function formatTokenAmount(amount: Ratio | bigint, token: TokenInfo, digits = 6): string {
  const r = typeof amount === "bigint" ? ratio(amount) : amount;
  return `${formatRatio(r, token.decimals, Math.min(digits, token.decimals))} ${token.symbol}`;
}

/** "$1,234.56" from USD with 18 decimals, exact or not. */
export function formatUsd(amount: Ratio | bigint): string {
  const r = typeof amount === "bigint" ? ratio(amount) : amount;
  return `$${formatRatio(r, 18, 2, { minDigits: 2 })}`;
}

/** Whole units with grouping; fractional exact units to 2 decimals. */
export function formatUnitsCount(units: Ratio | bigint): string {
  const r = typeof units === "bigint" ? ratio(units) : units;
  return formatRatio(r, 0, 2);
}

const isoDate = (time: bigint | undefined) =>
  time === undefined ? undefined : new Date(Number(time) * 1000).toISOString().replace(/T.*/, "");
const dateOf = (a: At) => isoDate(a.time) ?? `block ${a.blockNumber}`;

/** JSON with bigints as decimal strings and exact ratios as "n/d" with a rounded display beside. */
export function receiptToJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_key, v) => {
        if (typeof v === "bigint") return v.toString();
        if (v && typeof v === "object" && "n" in v && "d" in v && typeof v.n === "bigint")
          return ratioText(v as Ratio);
        if (v instanceof NameBook) return v.toJSON();
        return v;
      },
      2,
    ) + "\n"
  );
}

/** The donor's receipt as Markdown: the trail in sentences, then the tables, every tx named. */
export function receiptToMarkdown(
  receipt: DonorReceipt,
  history: CampaignHistory,
  names: NameBook = new NameBook(),
  title?: string,
): string {
  const tok = (a: Address) => tokenOf(history, a);
  const amt = (a: Ratio | bigint, token: Address) => formatTokenAmount(a, tok(token));
  const who = (a: string) => names.label(a);
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  const gave = receipt.tokens
    .map((t) => `${amt(t.net, t.token)} (${formatUsd(t.netUsd)})`)
    .join(" and ");

  push(
    `# Impact receipt${title ? `: ${title}` : ""}`,
    "",
    `Donor ${names.labelFull(getAddress(receipt.donor))} in appeal \`${getAddress(receipt.campaign)}\` (chain ${receipt.chainId}) for ${receipt.unitName}, organized by ${who(history.organizer)} for ${who(history.params.beneficiary)}; status **${receipt.status}**. Derived from the campaign's events in blocks ${receipt.fromBlock}–${receipt.toBlock} alone; USD at the prices of your own pledges.`,
    "",
  );
  if (receipt.issues.length)
    push(
      `**Warning:** the campaign's event history has ${receipt.issues.length} inconsistencies (run \`npm run audit\` on it); this receipt may be wrong.`,
      "",
    );
  // The trail in sentences.
  const sentences: string[] = [];
  if (gave) sentences.push(`You gave ${gave}.`);
  for (const o of receipt.orders) {
    if (o.unitsVerified === 0n && o.tokens.every((t) => isZero(t.paid))) continue;
    const paid = o.tokens.filter((t) => !isZero(t.paid)).map((t) => amt(t.paid, t.token));
    const verified =
      o.unitsVerified > 0n
        ? `for ${formatUnitsCount(o.unitsAllocated)} of the ${formatUnitsCount(o.unitsVerified)} ${receipt.unitName} delivered${o.verifiedBy.length ? `, verified by ${o.verifiedBy.map(who).join(" and ")}` : ""}${o.verifiedAt ? ` on ${dateOf(o.verifiedAt)}` : ""}`
        : "as an advance, before any delivery was verified";
    sentences.push(
      `${formatUsd(o.paidUsd)} (${paid.join(" + ") || "nothing yet"}) paid ${who(o.supplier)} ${verified} (order ${o.orderId}, ${o.status.toLowerCase()}).`,
    );
  }
  const refunded = receipt.refunds.map((r) => amt(r.amount, r.token));
  if (refunded.length) sentences.push(`${refunded.join(" and ")} refunded to you.`);
  const refundable = receipt.tokens
    .filter((t) => t.refundable > 0n)
    .map((t) => amt(t.refundable, t.token));
  if (refundable.length) sentences.push(`${refundable.join(" and ")} is yours to claim back.`);
  const cancelled = receipt.cancellations.map((c) => amt(c.amount, c.token));
  if (cancelled.length)
    sentences.push(`You cancelled ${cancelled.join(" and ")} while funding was open.`);
  push(sentences.join(" "), "");

  push(
    "| | |",
    "| --- | --- |",
    `| units your money bought (verified) | ${formatUnitsCount(receipt.totals.unitsAllocated)} (exactly ${formatRatio(receipt.totals.unitsExact, 0, 4)}) |`,
    `| paid to suppliers for verified deliveries | ${formatUsd(receipt.totals.paidForDeliveryUsd)} |`,
    `| advances not (yet) backed by delivery | ${formatUsd(receipt.totals.advancesUnbackedUsd)} |`,
    `| reserved by open orders | ${formatUsd(receipt.totals.reservedUsd)} |`,
    `| ${receipt.status === "Closed" ? "unspent (your refund)" : receipt.status === "Failed" ? "to be refunded in full" : "in the pool, not yet ordered"} | ${formatUsd(receipt.status === "Failed" ? ratio(receipt.totals.netUsd) : receipt.totals.inPoolUsd)} |`,
    `| refunded / still to claim | ${formatUsd(receipt.totals.refundedUsd)} / ${formatUsd(receipt.totals.refundableUsd)} |`,
    "",
    "## Your pledges",
    "",
    "| date | token | amount | USD at pledge time | tx |",
    "| --- | --- | ---: | ---: | --- |",
    ...receipt.pledges.map(
      (p) =>
        `| ${dateOf(p.at)} | ${tok(p.token).symbol} | ${amt(p.amount, p.token)} | ${formatUsd(p.usdValue)} | \`${p.at.transactionHash}\` |`,
    ),
    ...receipt.cancellations.map(
      (c) =>
        `| ${dateOf(c.at)} | ${tok(c.token).symbol} | cancelled −${amt(c.amount, c.token)}${c.to ? ` (sent to ${c.to})` : ""} | −${formatUsd(c.usdValue)} | \`${c.at.transactionHash}\` |`,
    ),
    "",
    "## Where each token went",
    "",
    "| token | your net pledge | your part of the pool | paid for verified deliveries | advances unbacked | reserved by open orders | unspent / in the pool | refunded | to claim |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...receipt.tokens.map(
      (t) =>
        `| ${tok(t.token).symbol} | ${amt(t.net, t.token)} | ${formatRatio(mul(t.fraction, ratio(100n)), 0, 4)}% | ${amt(t.paidForDelivery, t.token)} | ${amt(t.advancesUnbacked, t.token)} | ${amt(t.reserved, t.token)} | ${amt(t.inPool, t.token)} | ${amt(t.refunded, t.token)} | ${amt(t.refundable, t.token)} |`,
    ),
    "",
  );
  if (receipt.orders.length) {
    push("## Orders your money reached", "");
    for (const o of receipt.orders) {
      push(
        `### Order ${o.orderId}: ${formatUnitsCount(o.units)} ${receipt.unitName} from ${who(o.supplier)}`,
        "",
        `Status **${o.status}**; ${formatUnitsCount(o.unitsVerified)} units verified${o.verifiedAt ? ` on ${dateOf(o.verifiedAt)}` : ""}${o.verifiedBy.length ? ` by ${o.verifiedBy.map(who).join(", ")}` : ""}. Your share of the order: ${formatRatio(mul(o.fraction, ratio(100n)), 0, 4)}%, ${formatUsd(o.paidUsd)} paid so far, ${formatUnitsCount(o.unitsAllocated)} units (exactly ${formatRatio(o.unitsExact, 0, 4)}). Terms \`${o.termsHash}\`; placed in tx \`${o.created.transactionHash}\`.`,
        "",
        "| date | what | in full | your part | tx |",
        "| --- | --- | ---: | ---: | --- |",
      );
      const rows: { at: At; text: string; full: string; mine: string }[] = [
        ...o.payments.map((p) => ({
          at: p.at,
          text: p.advance
            ? "advance on acceptance"
            : `payment for ${formatUnitsCount(p.unitsVerified)} verified units`,
          full: amt(p.amount, p.token),
          mine: amt(p.share, p.token),
        })),
        ...o.confirmations.map((c) => ({
          at: c.at,
          text: `${who(c.verifier)} confirmed ${formatUnitsCount(c.units)} units${c.bySignature ? " (signed)" : ""}, evidence \`${c.evidenceHash}\``,
          full: "",
          mine: "",
        })),
        ...o.shipments.map((s) => ({
          at: s.at,
          text: `shipped, evidence ${s.evidenceURI}`,
          full: "",
          mine: "",
        })),
        ...(o.cancelled
          ? [
              {
                at: o.cancelled as At,
                text: `cancelled by ${who(o.cancelled.by)}`,
                full: "",
                mine: "",
              },
            ]
          : []),
      ].sort((a, b) =>
        a.at.blockNumber === b.at.blockNumber
          ? a.at.logIndex - b.at.logIndex
          : a.at.blockNumber < b.at.blockNumber
            ? -1
            : 1,
      );
      for (const r of rows)
        push(
          `| ${dateOf(r.at)} | ${r.text} | ${r.full} | ${r.mine} | \`${r.at.transactionHash}\` |`,
        );
      push("");
    }
  }
  if (receipt.refunds.length) {
    push("## Refunds", "", "| date | amount | tx |", "| --- | ---: | --- |");
    for (const r of receipt.refunds)
      push(
        `| ${dateOf(r.at)} | ${amt(r.amount, r.token)}${r.to ? ` (sent to ${r.to})` : ""} | \`${r.at.transactionHash}\` |`,
      );
    push("");
  }
  if (receipt.notes.length) push("## Notes", "", ...receipt.notes.map((n) => `- ${n}`), "");
  push(
    `Shares are exact fractions (your net pledge ÷ the token's net pledges, for every amount spent in that token), rounded once for display. Check it yourself: \`npm run receipt -- --rpc <RPC URL of chain ${receipt.chainId}> --campaign ${getAddress(receipt.campaign)} --donor ${getAddress(receipt.donor)} --from-block ${receipt.fromBlock}\``,
    "",
  );
  return lines.join("\n");
}

/** The appeal's summary as Markdown (the top of a closed appeal's page and report). */
export function summaryToMarkdown(
  summary: AppealSummary,
  history: CampaignHistory,
  names: NameBook = new NameBook(),
): string {
  const tok = (a: Address) => tokenOf(history, a);
  const amt = (a: Ratio | bigint, token: Address) => formatTokenAmount(a, tok(token));
  const basket = (xs: { token: Address; amount: Ratio | bigint }[]) =>
    xs
      .filter((x) => (typeof x.amount === "bigint" ? x.amount !== 0n : !isZero(x.amount)))
      .map((x) => amt(x.amount, x.token))
      .join(" + ") || "—";
  const lines = [
    `## Summary${summary.final ? "" : " (so far)"}`,
    "",
    "| | |",
    "| --- | --- |",
    `| raised | ${formatUsd(summary.raisedUsd)} of ${formatUsd(summary.goalUsd)} from ${summary.donors} donors: ${basket(summary.tokens.map((t) => ({ token: t.token, amount: t.net })))} |`,
    `| spent (credited to suppliers) | ${formatUsd(summary.paidUsd)}: ${basket(summary.tokens.map((t) => ({ token: t.token, amount: t.paid })))} |`,
    `| of which advances not backed by delivery | ${formatUsd(summary.advancesUnbackedUsd)} |`,
    `| refunded / still to claim | ${formatUsd(summary.refundedUsd)} / ${formatUsd(summary.refundableUsd)} |`,
    `| units delivered and verified | ${formatUnitsCount(summary.unitsVerified)} of ${formatUnitsCount(summary.targetUnits)} ${summary.unitName} targeted |`,
    `| cost per verified unit | ${summary.costPerUnit ? `${formatUsd(summary.costPerUnit.usd)} at pledge-time prices (${basket(summary.costPerUnit.tokens)})` : "—"} |`,
    "",
    "| supplier | orders | units verified | paid | USD at pledge-time prices | cost per unit |",
    "| --- | --- | ---: | --- | ---: | --- |",
    ...summary.suppliers.map(
      (s) =>
        `| ${names.label(s.supplier)} | ${s.orders.map((o) => `#${o}`).join(", ")} | ${formatUnitsCount(s.unitsVerified)} | ${basket(s.tokens.map((t) => ({ token: t.token, amount: t.paid })))} | ${formatUsd(s.paidUsd)} | ${s.costPerUnit ? `${formatUsd(s.costPerUnit.usd)} (${basket(s.costPerUnit.tokens)})` : "—"} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
