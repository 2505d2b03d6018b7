/**
 * Ledger reconstruction: rebuilds a campaign's books from its events alone (`replay`), so that they
 * can be checked against the campaign's own views and balances (see audit.ts). Pure functions:
 * the tests feed them tampered or incomplete histories.
 *
 * Two generations of campaigns are understood. v2 (the current contracts) places orders in USD that
 * reserve the same fraction of every token's pool (`OrderCreated` then one `OrderReserved` per
 * token); v1 (deployments made before the promise held against insiders) placed single-token
 * orders. Both are replayed into the same shape: an order has a share per token.
 */
import { decodeEventLog, type Address, type Hex, type Log } from "viem";

import { campaignAbi, campaignV1Abi } from "./generated/abis.ts";

export const STATUS_NAMES = [
  "Uninitialized",
  "Funding",
  "Failed",
  "Procurement",
  "Closed",
] as const;
export const ORDER_STATUS_NAMES = [
  "None",
  "Placed",
  "Accepted",
  "Shipped",
  "Completed",
  "Cancelled",
] as const;
export type StatusName = (typeof STATUS_NAMES)[number];
export type OrderStatusName = (typeof ORDER_STATUS_NAMES)[number];

export const BPS = 10_000n;

export type CampaignParams = {
  beneficiary: Address;
  goalUsd: bigint;
  targetUnits: bigint;
  deadline: bigint;
  procurementDeadline: bigint;
  deliveryGracePeriod: bigint;
  maxAdvanceBps: number;
  threshold: number;
  allOrNothing: boolean;
  tokens: readonly Address[];
  verifiers: readonly Address[];
  unitName: string;
  metadataURI: string;
};

/**
 * The parameters as `params()` returns them through viem (which reads `uint40`/`uint32` as numbers),
 * with every time as a bigint, addresses lower-cased.
 */
export function normalizeParams(raw: {
  [K in keyof CampaignParams]: CampaignParams[K] extends bigint
    ? bigint | number
    : CampaignParams[K];
}): CampaignParams {
  return {
    ...raw,
    goalUsd: BigInt(raw.goalUsd),
    targetUnits: BigInt(raw.targetUnits),
    deadline: BigInt(raw.deadline),
    procurementDeadline: BigInt(raw.procurementDeadline),
    deliveryGracePeriod: BigInt(raw.deliveryGracePeriod),
    tokens: raw.tokens.map((t) => t.toLowerCase() as Address),
    verifiers: raw.verifiers.map((v) => v.toLowerCase() as Address),
  };
}

/** Where an entry came from on chain. */
export type Source = { blockNumber: bigint; transactionHash: Hex; logIndex: number };

export type TokenBook = {
  pledged: bigint;
  cancelled: bigint;
  refunded: bigint;
  reserved: bigint;
  earned: bigint;
  withdrawn: bigint;
  /** USD (18 decimals) of pledges not cancelled, at pledge time. */
  pledgedUsd: bigint;
  unspentAtClose: bigint;
  /** Set once the campaign closed: net pledged the unspent is shared over. */
  netPledgedAtClose: bigint;
  /** Advances credited on acceptance (all time). */
  advances: bigint;
  /** Advances taken back from suspended suppliers when their orders were cancelled. */
  reclaimed: bigint;
  /**
   * Credited to suppliers beyond what threshold-verified deliveries earned, summed over every
   * order (cancelled ones included): Σ max(0, paid − amount × verified / units).
   */
  unbacked: bigint;
  /** The highest `unbacked` ever reached, and where. */
  unbackedPeak: bigint;
  unbackedPeakAt?: Source;
};

export type DonorBook = {
  pledged: bigint;
  pledgedUsd: bigint;
  cancelled: bigint;
  refunded: bigint;
  /** The standing pledge (what `pledgeOf` should report). */
  active: bigint;
  activeUsd: bigint;
  pledges: number;
};

export type Confirmation = Source & {
  verifier: Address;
  unitsDelivered: bigint;
  evidenceHash: Hex;
  bySignature: boolean;
};

export type Payment = Source & {
  token: Address;
  amount: bigint;
  unitsVerified: bigint;
  advance: boolean;
};

/** What an order pays in one token. */
export type OrderShare = {
  /** Reserved for the order in this token. */
  amount: bigint;
  /** Credited to the supplier (advance and deliveries), less what was reclaimed. */
  paid: bigint;
  /** The advance credited on acceptance. */
  advance: bigint;
  reclaimed: bigint;
  /** Returned to the pool when the order was cancelled. */
  returned: bigint;
};

export type OrderRecord = {
  id: bigint;
  /** 2: in USD across every token; 1: a single-token order of a v1 campaign. */
  version: 1 | 2;
  supplier: Address;
  /** v2: what the order pays in full, in USD at pledge-time prices (18 decimals). */
  amountUsd?: bigint;
  units: bigint;
  deliverBy: bigint;
  advanceBps: number;
  termsHash: Hex;
  status: OrderStatusName;
  /** The order's tokens, in the order they were reserved. */
  tokens: Address[];
  shares: Record<Address, OrderShare>;
  /** Each verifier's latest cumulative confirmation. */
  confirmedBy: Record<Address, bigint>;
  /** Units that `threshold` verifiers have each confirmed. */
  unitsVerified: bigint;
  /** The highest verified units a payment reported. */
  unitsPaid: bigint;
  confirmations: Confirmation[];
  payments: Payment[];
  shipments: (Source & { evidenceURI: string })[];
  created: Source;
  accepted?: Source;
  completed?: Source;
  cancelled?: Source & { by: Address };
};

export type EntryKind =
  | "pledge"
  | "cancel"
  | "refund"
  | "order"
  | "reserve"
  | "accept"
  | "advance"
  | "shipment"
  | "confirmation"
  | "payment"
  | "order-completed"
  | "order-cancelled"
  | "returned"
  | "reclaimed"
  | "withdrawal"
  | "funding-closed"
  | "status"
  | "unspent"
  | "closed"
  | "nonce";

/** One line of the ledger, in chain order (the CSV rows). */
export type LedgerEntry = Source & {
  kind: EntryKind;
  account?: Address;
  token?: Address;
  amount?: bigint;
  usdValue?: bigint;
  orderId?: bigint;
  units?: bigint;
  detail?: string;
};

/** Something in the event history that the contract's rules make impossible. */
export type ReplayIssue = Source & { what: string; expected: string; found: string };

export type Ledger = {
  params: CampaignParams;
  /** 2 when the history holds only current events; 1 when it holds v1 events. */
  version: 1 | 2;
  tokens: Record<Address, TokenBook>;
  donors: Record<Address, Record<Address, DonorBook>>;
  orders: OrderRecord[];
  /** Earned but not yet withdrawn, per supplier and token. */
  owed: Record<Address, Record<Address, bigint>>;
  /** Each verifier's signature nonce as last reported (v2). */
  nonces: Record<Address, bigint>;
  status: StatusName;
  statusHistory: (Source & { status: StatusName; raisedUsd: bigint })[];
  fundingClosedEarly?: Source & { by: Address; raisedUsd: bigint };
  closed?: Source & { by: Address };
  entries: LedgerEntry[];
  issues: ReplayIssue[];
  eventCount: number;
};

const lower = (a: string) => a.toLowerCase() as Address;

/** Both generations' events, decoded by their signatures (their topics differ where they differ). */
const EVENTS = [...campaignAbi, ...campaignV1Abi].filter((item) => item.type === "event");

function emptyBook(): TokenBook {
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

function emptyDonor(): DonorBook {
  return {
    pledged: 0n,
    pledgedUsd: 0n,
    cancelled: 0n,
    refunded: 0n,
    active: 0n,
    activeUsd: 0n,
    pledges: 0,
  };
}

function emptyShare(amount = 0n): OrderShare {
  return { amount, paid: 0n, advance: 0n, reclaimed: 0n, returned: 0n };
}

/** `a * b / c` rounded down, as the contracts' `Math.mulDiv`. */
export function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  return c === 0n ? 0n : (a * b) / c;
}

/** The largest quantity that at least `threshold` verifiers have each confirmed (the contract's rule). */
export function kthHighest(values: bigint[], threshold: number): bigint {
  if (threshold <= 0 || values.length < threshold) return 0n;
  const sorted = [...values].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  return sorted[threshold - 1];
}

/** Available = pledged − cancelled − refunded − reserved − earned. */
export function available(book: TokenBook): bigint {
  return book.pledged - book.cancelled - book.refunded - book.reserved - book.earned;
}

/** Held = pledged − cancelled − refunded − withdrawn: what the campaign must still hold. */
export function held(book: TokenBook): bigint {
  return book.pledged - book.cancelled - book.refunded - book.withdrawn;
}

/** Net pledged = pledged − cancelled: fixed once funding has ended. */
export function netPledged(book: TokenBook): bigint {
  return book.pledged - book.cancelled;
}

/** The campaign-wide cap on a token's unbacked payouts: `maxAdvanceBps` of its net pledges. */
export function advanceCap(book: TokenBook, maxAdvanceBps: number): bigint {
  return mulDiv(netPledged(book), BigInt(maxAdvanceBps), BPS);
}

/** USD raised: Σ pledged USD of every token (pledge-time values, cancellations excluded). */
export function raisedUsd(ledger: Pick<Ledger, "tokens">): bigint {
  return Object.values(ledger.tokens).reduce((sum, b) => sum + b.pledgedUsd, 0n);
}

/**
 * The USD value at pledge time of `amount` of a token of the campaign: the token's pledges were
 * worth `pledgedUsd` for `net` units, so each unit spent or refunded carries that average value.
 */
export function usdAtPledge(book: TokenBook, amount: bigint): bigint {
  return mulDiv(amount, book.pledgedUsd, netPledged(book));
}

/** What threshold-verified deliveries of `order` earned in `token`: amount × verified / units. */
export function dueOf(order: OrderRecord, token: Address): bigint {
  const share = order.shares[token];
  return share ? mulDiv(share.amount, order.unitsVerified, order.units) : 0n;
}

/** The part of an order's payments in `token` that verified delivery does not back. */
export function unbackedOf(order: OrderRecord, token: Address): bigint {
  const share = order.shares[token];
  if (!share) return 0n;
  const due = dueOf(order, token);
  return share.paid > due ? share.paid - due : 0n;
}

/** An order's value in USD at pledge-time prices (v2: its `amountUsd`; v1: its token's average). */
export function orderUsd(ledger: Pick<Ledger, "tokens">, order: OrderRecord): bigint {
  if (order.amountUsd !== undefined) return order.amountUsd;
  return order.tokens.reduce(
    (sum, t) => sum + usdAtPledge(ledger.tokens[t], order.shares[t].amount),
    0n,
  );
}

/**
 * Replays `logs` (the campaign's own logs, in chain order) under `params`. Events that the contract
 * could not have emitted in that order are recorded in `issues` rather than thrown.
 */
export function replay(params: CampaignParams, logs: Log[]): Ledger {
  const tokens: Record<Address, TokenBook> = {};
  for (const token of params.tokens) tokens[lower(token)] = emptyBook();
  const verifiers = new Set(params.verifiers.map(lower));
  const ledger: Ledger = {
    params,
    version: 2,
    tokens,
    donors: {},
    orders: [],
    owed: {},
    nonces: {},
    status: "Funding",
    statusHistory: [],
    entries: [],
    issues: [],
    eventCount: 0,
  };
  const issue = (source: Source, what: string, expected: string, found: string) =>
    ledger.issues.push({ ...source, what, expected, found });
  const bookOf = (source: Source, token: Address): TokenBook => {
    const key = lower(token);
    if (!tokens[key]) {
      issue(
        source,
        "event in a token the campaign does not accept",
        params.tokens.join(", "),
        token,
      );
      tokens[key] = emptyBook();
    }
    return tokens[key];
  };
  const donorOf = (donor: Address, token: Address): DonorBook => {
    const d = (ledger.donors[lower(donor)] ??= {});
    return (d[lower(token)] ??= emptyDonor());
  };
  const owedOf = (supplier: Address) => (ledger.owed[lower(supplier)] ??= {});
  const orderOf = (source: Source, id: bigint): OrderRecord | undefined => {
    const order = ledger.orders[Number(id)];
    if (!order)
      issue(
        source,
        `event for order ${id}, which was never created`,
        "an OrderCreated first",
        "none",
      );
    return order;
  };
  const shareOf = (source: Source, order: OrderRecord, token: Address): OrderShare => {
    const key = lower(token);
    if (!order.shares[key]) {
      issue(
        source,
        `event of order ${order.id} in a token it did not reserve`,
        order.tokens.join(", "),
        key,
      );
      order.shares[key] = emptyShare();
      order.tokens.push(key);
    }
    return order.shares[key];
  };
  /**
   * Re-derives the unbacked total of the order's tokens after anything that changes what an order
   * was paid or what its deliveries earned, and records each token's peak.
   */
  const updateUnbacked = (source: Source, order: OrderRecord, before: Record<Address, bigint>) => {
    for (const token of order.tokens) {
      const book = tokens[token];
      if (!book) continue;
      book.unbacked += unbackedOf(order, token) - (before[token] ?? 0n);
      if (book.unbacked > book.unbackedPeak) {
        book.unbackedPeak = book.unbacked;
        book.unbackedPeakAt = source;
      }
    }
  };
  const unbackedSnapshot = (order: OrderRecord) =>
    Object.fromEntries(order.tokens.map((t) => [t, unbackedOf(order, t)])) as Record<
      Address,
      bigint
    >;

  for (const log of logs) {
    let decoded;
    try {
      decoded = decodeEventLog({ abi: EVENTS, data: log.data, topics: log.topics, strict: true });
    } catch {
      continue; // Not one of the campaign's events (e.g. Initialized): nothing to book.
    }
    ledger.eventCount++;
    const source: Source = {
      blockNumber: log.blockNumber!,
      transactionHash: log.transactionHash!,
      logIndex: log.logIndex!,
    };
    const entry = (e: Omit<LedgerEntry, keyof Source>) => ledger.entries.push({ ...source, ...e });
    const args = decoded.args as Record<string, unknown>;

    switch (decoded.eventName) {
      case "Pledged": {
        const { donor, token, amount, usdValue } = args as {
          donor: Address;
          token: Address;
          amount: bigint;
          usdValue: bigint;
        };
        if (ledger.status !== "Funding" || ledger.fundingClosedEarly) {
          issue(
            source,
            `pledge by ${donor} after funding ended`,
            "pledges only while Funding",
            ledger.status,
          );
        }
        const book = bookOf(source, token);
        book.pledged += amount;
        book.pledgedUsd += usdValue;
        const d = donorOf(donor, token);
        d.pledged += amount;
        d.pledgedUsd += usdValue;
        d.active += amount;
        d.activeUsd += usdValue;
        d.pledges++;
        entry({ kind: "pledge", account: lower(donor), token: lower(token), amount, usdValue });
        break;
      }
      case "PledgeCancelled": {
        const { donor, token, amount, usdValue, to } = args as {
          donor: Address;
          token: Address;
          amount: bigint;
          usdValue: bigint;
          to?: Address;
        };
        const book = bookOf(source, token);
        const d = donorOf(donor, token);
        if (amount !== d.active || usdValue !== d.activeUsd) {
          issue(
            source,
            `cancellation by ${donor} differs from its standing pledge`,
            `${d.active} (${d.activeUsd} USD)`,
            `${amount} (${usdValue} USD)`,
          );
        }
        book.cancelled += amount;
        book.pledgedUsd -= usdValue;
        d.cancelled += amount;
        d.active -= amount;
        d.activeUsd -= usdValue;
        entry({
          kind: "cancel",
          account: lower(donor),
          token: lower(token),
          amount,
          usdValue,
          detail: to && lower(to) !== lower(donor) ? `sent to ${to}` : undefined,
        });
        break;
      }
      case "RefundClaimed": {
        const { donor, token, to, amount } = args as {
          donor: Address;
          token: Address;
          to: Address;
          amount: bigint;
        };
        const book = bookOf(source, token);
        const d = donorOf(donor, token);
        let due = 0n;
        if (ledger.status === "Failed") due = d.active;
        else if (ledger.status === "Closed" && book.netPledgedAtClose > 0n) {
          due = (book.unspentAtClose * d.active) / book.netPledgedAtClose;
        }
        if (amount !== due) {
          issue(
            source,
            `refund to ${donor} in ${token} (status ${ledger.status})`,
            `${due}`,
            `${amount}`,
          );
        }
        book.refunded += amount;
        d.refunded += amount;
        d.active = 0n;
        d.activeUsd = 0n;
        entry({
          kind: "refund",
          account: lower(donor),
          token: lower(token),
          amount,
          detail: lower(to) === lower(donor) ? undefined : `sent to ${to}`,
        });
        break;
      }
      case "FundingClosed": {
        const { by, raisedUsd: raised } = args as { by: Address; raisedUsd: bigint };
        ledger.fundingClosedEarly = { ...source, by: lower(by), raisedUsd: raised };
        entry({ kind: "funding-closed", account: lower(by), usdValue: raised });
        break;
      }
      case "StatusChanged": {
        const status = STATUS_NAMES[Number(args.status)];
        const order = STATUS_NAMES.indexOf(ledger.status);
        if (STATUS_NAMES.indexOf(status) <= order) {
          issue(source, "status moved backwards or repeated", `after ${ledger.status}`, status);
        }
        ledger.status = status;
        ledger.statusHistory.push({ ...source, status, raisedUsd: args.raisedUsd as bigint });
        entry({ kind: "status", usdValue: args.raisedUsd as bigint, detail: status });
        break;
      }
      case "OrderCreated": {
        const { orderId, supplier, units, deliverBy, advanceBps, termsHash } = args as {
          orderId: bigint;
          supplier: Address;
          units: bigint;
          deliverBy: number | bigint;
          advanceBps: number;
          termsHash: Hex;
        };
        if (orderId !== BigInt(ledger.orders.length)) {
          issue(source, "order ids out of sequence", `${ledger.orders.length}`, `${orderId}`);
        }
        if (advanceBps > params.maxAdvanceBps) {
          issue(
            source,
            `order ${orderId} advance above the campaign's cap`,
            `<= ${params.maxAdvanceBps} bps`,
            `${advanceBps} bps`,
          );
        }
        const order: OrderRecord = {
          id: orderId,
          version: 2,
          supplier: lower(supplier),
          units,
          deliverBy: BigInt(deliverBy),
          advanceBps,
          termsHash,
          status: "Placed",
          tokens: [],
          shares: {},
          confirmedBy: {},
          unitsVerified: 0n,
          unitsPaid: 0n,
          confirmations: [],
          payments: [],
          shipments: [],
          created: source,
        };
        let detail = `deliver by ${new Date(Number(deliverBy) * 1000).toISOString()}, advance ${advanceBps} bps, terms ${termsHash}`;
        if ("token" in args) {
          // v1: a single-token order reserved at once.
          ledger.version = 1;
          order.version = 1;
          const token = lower(args.token as Address);
          const amount = args.amount as bigint;
          const book = bookOf(source, token);
          if (amount > available(book)) {
            issue(
              source,
              `order ${orderId} reserves more than the pool holds`,
              `<= ${available(book)}`,
              `${amount}`,
            );
          }
          book.reserved += amount;
          order.tokens.push(token);
          order.shares[token] = emptyShare(amount);
          ledger.orders[Number(orderId)] = order;
          entry({ kind: "order", account: order.supplier, token, amount, orderId, units, detail });
        } else {
          order.amountUsd = args.amountUsd as bigint;
          const raised = raisedUsd(ledger);
          if (order.amountUsd > raised) {
            issue(
              source,
              `order ${orderId} is worth more than all raised`,
              `<= ${raised}`,
              `${order.amountUsd}`,
            );
          }
          detail = `worth ${order.amountUsd} USD (18 decimals) at pledge-time prices, ${detail}`;
          ledger.orders[Number(orderId)] = order;
          entry({
            kind: "order",
            account: order.supplier,
            usdValue: order.amountUsd,
            orderId,
            units,
            detail,
          });
        }
        break;
      }
      case "OrderReserved": {
        const { orderId, token, amount } = args as {
          orderId: bigint;
          token: Address;
          amount: bigint;
        };
        const order = orderOf(source, orderId);
        if (!order) break;
        const key = lower(token);
        const book = bookOf(source, key);
        // The same fraction of every token's net pledges: amountUsd / raisedUsd.
        const expected = mulDiv(netPledged(book), order.amountUsd ?? 0n, raisedUsd(ledger));
        if (amount !== expected) {
          issue(
            source,
            `order ${orderId} reserves another share of ${token} than of the other tokens`,
            `${expected} (net pledged × ${order.amountUsd} / ${raisedUsd(ledger)})`,
            `${amount}`,
          );
        }
        if (amount > available(book)) {
          issue(
            source,
            `order ${orderId} reserves more than the pool holds`,
            `<= ${available(book)}`,
            `${amount}`,
          );
        }
        book.reserved += amount;
        if (order.shares[key]) {
          issue(source, `order ${orderId} reserved ${token} twice`, "once", "twice");
          // Keep the share equal to what the book reserved for it, and the token listed once.
          order.shares[key].amount += amount;
        } else {
          order.tokens.push(key);
          order.shares[key] = emptyShare(amount);
        }
        entry({ kind: "reserve", account: order.supplier, token: key, amount, orderId });
        break;
      }
      case "OrderAccepted": {
        const { orderId, supplier } = args as { orderId: bigint; supplier: Address };
        const order = orderOf(source, orderId);
        if (!order) break;
        if (lower(supplier) !== order.supplier)
          issue(
            source,
            `acceptance of order ${orderId} by another supplier`,
            order.supplier,
            supplier,
          );
        if (order.status !== "Placed") {
          issue(source, `acceptance of order ${orderId}`, "a placed order", order.status);
        }
        if ("advance" in args && order.version === 1) {
          const token = order.tokens[0];
          const expected = (order.shares[token].amount * BigInt(order.advanceBps)) / BPS;
          if (args.advance !== expected)
            issue(source, `advance of order ${orderId}`, `${expected}`, `${args.advance}`);
        }
        order.status = "Accepted";
        order.accepted = source;
        entry({ kind: "accept", account: lower(supplier), orderId });
        break;
      }
      case "ShipmentMarked": {
        const { orderId, supplier, evidenceURI } = args as {
          orderId: bigint;
          supplier: Address;
          evidenceURI: string;
        };
        const order = orderOf(source, orderId);
        if (!order) break;
        order.status = "Shipped";
        order.shipments.push({ ...source, evidenceURI });
        entry({ kind: "shipment", account: lower(supplier), orderId, detail: evidenceURI });
        break;
      }
      case "DeliveryConfirmed": {
        const { orderId, verifier, unitsDelivered, evidenceHash, bySignature } = args as {
          orderId: bigint;
          verifier: Address;
          unitsDelivered: bigint;
          evidenceHash: Hex;
          bySignature: boolean;
        };
        const order = orderOf(source, orderId);
        if (!order) break;
        const v = lower(verifier);
        if (!verifiers.has(v))
          issue(
            source,
            `confirmation of order ${orderId} by someone who is not a verifier`,
            [...verifiers].join(", "),
            verifier,
          );
        const previous = order.confirmedBy[v] ?? 0n;
        if (unitsDelivered <= previous || unitsDelivered > order.units) {
          issue(
            source,
            `confirmation of order ${orderId} by ${verifier}`,
            `more than ${previous} and at most ${order.units} units`,
            `${unitsDelivered}`,
          );
        }
        const before = unbackedSnapshot(order);
        // A confirmation by someone who is not a verifier counts for nothing (the contract refuses it).
        if (verifiers.has(v)) order.confirmedBy[v] = unitsDelivered;
        order.unitsVerified = kthHighest(Object.values(order.confirmedBy), params.threshold);
        updateUnbacked(source, order, before);
        order.confirmations.push({
          ...source,
          verifier: v,
          unitsDelivered,
          evidenceHash,
          bySignature,
        });
        entry({
          kind: "confirmation",
          account: v,
          orderId,
          units: unitsDelivered,
          detail: `evidence ${evidenceHash}${bySignature ? " (EIP-712 signature)" : ""}`,
        });
        break;
      }
      case "PaymentReleased": {
        const { orderId, supplier, token, amount, unitsVerified, advance } = args as {
          orderId: bigint;
          supplier: Address;
          token: Address;
          amount: bigint;
          unitsVerified: bigint;
          advance: boolean;
        };
        const order = orderOf(source, orderId);
        if (!order) break;
        const key = lower(token);
        const book = bookOf(source, key);
        if (lower(supplier) !== order.supplier) {
          issue(
            source,
            `payment of order ${orderId} to another supplier`,
            order.supplier,
            supplier,
          );
        }
        const share = shareOf(source, order, key);
        const before = unbackedSnapshot(order);
        const paid = share.paid + amount;
        const advanceDue = (share.amount * BigInt(order.advanceBps)) / BPS;
        if (advance) {
          if (share.advance !== 0n || amount !== advanceDue) {
            issue(
              source,
              `advance of order ${orderId} in ${token}`,
              `${advanceDue} once, on acceptance`,
              `${amount}${share.advance !== 0n ? " again" : ""}`,
            );
          }
          share.advance += amount;
          book.advances += amount;
        } else {
          const counted = share.advance - share.reclaimed;
          const cap = [counted, mulDiv(share.amount, order.unitsVerified, order.units)].reduce(
            (a, b) => (a > b ? a : b),
          );
          if (paid > cap) {
            issue(
              source,
              `payment of order ${orderId} in ${token} beyond what verified deliveries earned`,
              `cumulative <= ${cap}`,
              `${paid}`,
            );
          }
          if (unitsVerified !== order.unitsVerified) {
            issue(
              source,
              `verified units reported with the payment of order ${orderId}`,
              `${order.unitsVerified}`,
              `${unitsVerified}`,
            );
          }
          if (unitsVerified > order.unitsPaid) order.unitsPaid = unitsVerified;
        }
        share.paid = paid;
        order.payments.push({ ...source, token: key, amount, unitsVerified, advance });
        book.reserved -= amount;
        book.earned += amount;
        const owed = owedOf(supplier);
        owed[key] = (owed[key] ?? 0n) + amount;
        updateUnbacked(source, order, before);
        entry({
          kind: advance ? "advance" : "payment",
          account: lower(supplier),
          token: key,
          amount,
          orderId,
          units: unitsVerified,
        });
        break;
      }
      case "OrderCompleted": {
        const order = orderOf(source, args.orderId as bigint);
        if (!order) break;
        // Paid in full means exactly the share: less is unpaid, more is an overpayment.
        const off = order.tokens
          .filter((t) => order.shares[t].paid !== order.shares[t].amount)
          .map((t) => `, ${t} paid ${order.shares[t].paid} of ${order.shares[t].amount}`);
        if (off.length || order.unitsVerified !== order.units) {
          issue(
            source,
            `completion of order ${order.id}`,
            `${order.units} units verified and every share paid in full`,
            `${order.unitsVerified} units${off.join("")}`,
          );
        }
        order.status = "Completed";
        order.completed = source;
        entry({ kind: "order-completed", account: order.supplier, orderId: order.id });
        break;
      }
      case "OrderCancelled": {
        const { orderId, by } = args as { orderId: bigint; by: Address };
        const order = orderOf(source, orderId);
        if (!order) break;
        if ("returnedToPool" in args && order.version === 1) {
          // v1: the reservation's unpaid remainder returns with the cancellation itself.
          const token = order.tokens[0];
          const share = order.shares[token];
          const returned = args.returnedToPool as bigint;
          if (returned !== share.amount - share.paid) {
            issue(
              source,
              `remainder returned by cancelling order ${orderId}`,
              `${share.amount - share.paid}`,
              `${returned}`,
            );
          }
          share.returned = returned;
          bookOf(source, token).reserved -= returned;
          entry({ kind: "returned", account: lower(by), token, amount: returned, orderId });
        } else {
          for (const token of order.tokens) {
            const share = order.shares[token];
            const expected = share.amount - share.paid - share.returned - share.reclaimed;
            if (expected !== 0n && share.returned === 0n) {
              issue(
                source,
                `reservation of order ${orderId} in ${token} not returned on cancellation`,
                `${expected} returned`,
                "0",
              );
            }
          }
        }
        order.status = "Cancelled";
        order.cancelled = { ...source, by: lower(by) };
        entry({ kind: "order-cancelled", account: lower(by), orderId });
        break;
      }
      case "ReservationReturned": {
        const { orderId, token, amount } = args as {
          orderId: bigint;
          token: Address;
          amount: bigint;
        };
        const order = orderOf(source, orderId);
        if (!order) break;
        const key = lower(token);
        const share = shareOf(source, order, key);
        if (amount !== share.amount - share.paid) {
          issue(
            source,
            `reservation returned by cancelling order ${orderId} in ${token}`,
            `${share.amount - share.paid}`,
            `${amount}`,
          );
        }
        share.returned += amount;
        bookOf(source, key).reserved -= amount;
        entry({ kind: "returned", account: order.supplier, token: key, amount, orderId });
        break;
      }
      case "AdvanceReclaimed": {
        const { orderId, supplier, token, amount } = args as {
          orderId: bigint;
          supplier: Address;
          token: Address;
          amount: bigint;
        };
        const order = orderOf(source, orderId);
        if (!order) break;
        const key = lower(token);
        const share = shareOf(source, order, key);
        const before = unbackedSnapshot(order);
        const unbacked = unbackedOf(order, key);
        if (amount > unbacked) {
          issue(
            source,
            `advance reclaimed from order ${orderId} in ${token}`,
            `<= ${unbacked} (unbacked)`,
            `${amount}`,
          );
        }
        share.paid -= amount;
        share.reclaimed += amount;
        const book = bookOf(source, key);
        book.earned -= amount;
        book.reclaimed += amount;
        const owed = owedOf(supplier);
        owed[key] = (owed[key] ?? 0n) - amount;
        updateUnbacked(source, order, before);
        entry({ kind: "reclaimed", account: lower(supplier), token: key, amount, orderId });
        break;
      }
      case "NonceUsed": {
        const { verifier, nonce } = args as { verifier: Address; nonce: bigint };
        const v = lower(verifier);
        const previous = ledger.nonces[v] ?? 0n;
        if (nonce !== previous + 1n) {
          issue(source, `signature nonce of ${verifier}`, `${previous + 1n}`, `${nonce}`);
        }
        ledger.nonces[v] = nonce;
        entry({ kind: "nonce", account: v, detail: `next nonce ${nonce}` });
        break;
      }
      case "UnspentRecorded": {
        const {
          token,
          unspent,
          netPledged: net,
        } = args as {
          token: Address;
          unspent: bigint;
          netPledged: bigint;
        };
        const book = bookOf(source, token);
        if (unspent !== available(book))
          issue(
            source,
            `unspent recorded at close in ${token}`,
            `${available(book)}`,
            `${unspent}`,
          );
        if (net !== netPledged(book)) {
          issue(
            source,
            `net pledged recorded at close in ${token}`,
            `${netPledged(book)}`,
            `${net}`,
          );
        }
        book.unspentAtClose = unspent;
        book.netPledgedAtClose = net;
        entry({
          kind: "unspent",
          token: lower(token),
          amount: unspent,
          detail: `shared over ${net} net pledged`,
        });
        break;
      }
      case "CampaignClosed": {
        ledger.closed = { ...source, by: lower(args.by as Address) };
        entry({ kind: "closed", account: lower(args.by as Address) });
        break;
      }
      case "Withdrawn": {
        const { supplier, token, to, amount } = args as {
          supplier: Address;
          token: Address;
          to: Address;
          amount: bigint;
        };
        const book = bookOf(source, token);
        const owed = owedOf(supplier);
        const key = lower(token);
        const due = owed[key] ?? 0n;
        if (amount !== due)
          issue(
            source,
            `withdrawal by ${supplier} in ${token}`,
            `${due} (everything owed)`,
            `${amount}`,
          );
        owed[key] = due - amount;
        book.withdrawn += amount;
        entry({
          kind: "withdrawal",
          account: lower(supplier),
          token: key,
          amount,
          detail: lower(to) === lower(supplier) ? undefined : `sent to ${to}`,
        });
        break;
      }
    }
  }
  return ledger;
}
