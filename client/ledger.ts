/**
 * Ledger reconstruction: rebuilds a campaign's books from its events alone (`replay`), so that they
 * can be checked against the campaign's own views and balances (see audit.ts). Pure functions:
 * the tests feed them tampered or incomplete histories.
 */
import { decodeEventLog, type Address, type Hex, type Log } from "viem";

import { campaignAbi } from "./generated/abis.ts";

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
  advances: bigint;
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
  amount: bigint;
  unitsVerified: bigint;
  advance: boolean;
};

export type OrderRecord = {
  id: bigint;
  supplier: Address;
  token: Address;
  amount: bigint;
  units: bigint;
  deliverBy: bigint;
  advanceBps: number;
  termsHash: Hex;
  status: OrderStatusName;
  paid: bigint;
  /** Each verifier's latest cumulative confirmation. */
  confirmedBy: Record<Address, bigint>;
  /** Units that `threshold` verifiers have each confirmed. */
  unitsVerified: bigint;
  confirmations: Confirmation[];
  payments: Payment[];
  shipments: (Source & { evidenceURI: string })[];
  created: Source;
  accepted?: Source;
  completed?: Source;
  cancelled?: Source & { by: Address; returnedToPool: bigint };
};

export type EntryKind =
  | "pledge"
  | "cancel"
  | "refund"
  | "order"
  | "accept"
  | "advance"
  | "shipment"
  | "confirmation"
  | "payment"
  | "order-completed"
  | "order-cancelled"
  | "withdrawal"
  | "funding-closed"
  | "status"
  | "unspent"
  | "closed";

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
  tokens: Record<Address, TokenBook>;
  donors: Record<Address, Record<Address, DonorBook>>;
  orders: OrderRecord[];
  /** Earned but not yet withdrawn, per supplier and token. */
  owed: Record<Address, Record<Address, bigint>>;
  status: StatusName;
  statusHistory: (Source & { status: StatusName; raisedUsd: bigint })[];
  fundingClosedEarly?: Source & { by: Address; raisedUsd: bigint };
  closed?: Source & { by: Address };
  entries: LedgerEntry[];
  issues: ReplayIssue[];
  eventCount: number;
};

const lower = (a: string) => a.toLowerCase() as Address;

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
    tokens,
    donors: {},
    orders: [],
    owed: {},
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
  const owedOf = (supplier: Address, token: Address) => (ledger.owed[lower(supplier)] ??= {});
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

  for (const log of logs) {
    let decoded;
    try {
      decoded = decodeEventLog({
        abi: campaignAbi,
        data: log.data,
        topics: log.topics,
        strict: true,
      });
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

    switch (decoded.eventName) {
      case "Pledged": {
        const { donor, token, amount, usdValue } = decoded.args;
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
        const { donor, token, amount, usdValue } = decoded.args;
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
        entry({ kind: "cancel", account: lower(donor), token: lower(token), amount, usdValue });
        break;
      }
      case "RefundClaimed": {
        const { donor, token, to, amount } = decoded.args;
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
        const { by, raisedUsd } = decoded.args;
        ledger.fundingClosedEarly = { ...source, by: lower(by), raisedUsd };
        entry({ kind: "funding-closed", account: lower(by), usdValue: raisedUsd });
        break;
      }
      case "StatusChanged": {
        const status = STATUS_NAMES[decoded.args.status];
        const order = STATUS_NAMES.indexOf(ledger.status);
        if (STATUS_NAMES.indexOf(status) <= order) {
          issue(source, "status moved backwards or repeated", `after ${ledger.status}`, status);
        }
        ledger.status = status;
        ledger.statusHistory.push({ ...source, status, raisedUsd: decoded.args.raisedUsd });
        entry({ kind: "status", usdValue: decoded.args.raisedUsd, detail: status });
        break;
      }
      case "OrderCreated": {
        const { orderId, supplier, token, amount, units, deliverBy, advanceBps, termsHash } =
          decoded.args;
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
        ledger.orders[Number(orderId)] = {
          id: orderId,
          supplier: lower(supplier),
          token: lower(token),
          amount,
          units,
          deliverBy: BigInt(deliverBy),
          advanceBps,
          termsHash,
          status: "Placed",
          paid: 0n,
          confirmedBy: {},
          unitsVerified: 0n,
          confirmations: [],
          payments: [],
          shipments: [],
          created: source,
        };
        entry({
          kind: "order",
          account: lower(supplier),
          token: lower(token),
          amount,
          orderId,
          units,
          detail: `deliver by ${new Date(Number(deliverBy) * 1000).toISOString()}, advance ${advanceBps} bps, terms ${termsHash}`,
        });
        break;
      }
      case "OrderAccepted": {
        const { orderId, supplier, advance } = decoded.args;
        const order = orderOf(source, orderId);
        if (!order) break;
        const expected = (order.amount * BigInt(order.advanceBps)) / 10_000n;
        if (advance !== expected)
          issue(source, `advance of order ${orderId}`, `${expected}`, `${advance}`);
        if (lower(supplier) !== order.supplier)
          issue(
            source,
            `acceptance of order ${orderId} by another supplier`,
            order.supplier,
            supplier,
          );
        order.status = "Accepted";
        order.accepted = source;
        entry({
          kind: "accept",
          account: lower(supplier),
          token: order.token,
          amount: advance,
          orderId,
        });
        break;
      }
      case "ShipmentMarked": {
        const { orderId, supplier, evidenceURI } = decoded.args;
        const order = orderOf(source, orderId);
        if (!order) break;
        order.status = "Shipped";
        order.shipments.push({ ...source, evidenceURI });
        entry({
          kind: "shipment",
          account: lower(supplier),
          token: order.token,
          orderId,
          detail: evidenceURI,
        });
        break;
      }
      case "DeliveryConfirmed": {
        const { orderId, verifier, unitsDelivered, evidenceHash, bySignature } = decoded.args;
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
        // A confirmation by someone who is not a verifier counts for nothing (the contract refuses it).
        if (verifiers.has(v)) order.confirmedBy[v] = unitsDelivered;
        order.unitsVerified = kthHighest(Object.values(order.confirmedBy), params.threshold);
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
          token: order.token,
          orderId,
          units: unitsDelivered,
          detail: `evidence ${evidenceHash}${bySignature ? " (EIP-712 signature)" : ""}`,
        });
        break;
      }
      case "PaymentReleased": {
        const { orderId, supplier, token, amount, unitsVerified, advance } = decoded.args;
        const order = orderOf(source, orderId);
        if (!order) break;
        const book = bookOf(source, token);
        if (lower(supplier) !== order.supplier || lower(token) !== order.token) {
          issue(
            source,
            `payment of order ${orderId} to another supplier or token`,
            `${order.supplier} in ${order.token}`,
            `${supplier} in ${token}`,
          );
        }
        const paid = order.paid + amount;
        const cap = advance
          ? (order.amount * BigInt(order.advanceBps)) / 10_000n
          : (order.amount * order.unitsVerified) / order.units;
        if (paid > cap) {
          issue(
            source,
            `payment of order ${orderId} beyond what ${advance ? "the advance" : "verified deliveries"} allow`,
            `cumulative <= ${cap}`,
            `${paid}`,
          );
        }
        if (!advance && unitsVerified !== order.unitsVerified) {
          issue(
            source,
            `verified units reported with the payment of order ${orderId}`,
            `${order.unitsVerified}`,
            `${unitsVerified}`,
          );
        }
        order.paid = paid;
        order.payments.push({ ...source, amount, unitsVerified, advance });
        book.reserved -= amount;
        book.earned += amount;
        if (advance) book.advances += amount;
        const owed = owedOf(supplier, token);
        owed[lower(token)] = (owed[lower(token)] ?? 0n) + amount;
        entry({
          kind: advance ? "advance" : "payment",
          account: lower(supplier),
          token: lower(token),
          amount,
          orderId,
          units: unitsVerified,
        });
        break;
      }
      case "OrderCompleted": {
        const order = orderOf(source, decoded.args.orderId);
        if (!order) break;
        if (order.paid !== order.amount || order.unitsVerified !== order.units) {
          issue(
            source,
            `completion of order ${order.id}`,
            `${order.units} units verified and ${order.amount} paid`,
            `${order.unitsVerified} units, ${order.paid} paid`,
          );
        }
        order.status = "Completed";
        order.completed = source;
        entry({
          kind: "order-completed",
          account: order.supplier,
          token: order.token,
          orderId: order.id,
        });
        break;
      }
      case "OrderCancelled": {
        const { orderId, by, returnedToPool } = decoded.args;
        const order = orderOf(source, orderId);
        if (!order) break;
        if (returnedToPool !== order.amount - order.paid) {
          issue(
            source,
            `remainder returned by cancelling order ${orderId}`,
            `${order.amount - order.paid}`,
            `${returnedToPool}`,
          );
        }
        bookOf(source, order.token).reserved -= returnedToPool;
        order.status = "Cancelled";
        order.cancelled = { ...source, by: lower(by), returnedToPool };
        entry({
          kind: "order-cancelled",
          account: lower(by),
          token: order.token,
          amount: returnedToPool,
          orderId,
        });
        break;
      }
      case "UnspentRecorded": {
        const { token, unspent, netPledged } = decoded.args;
        const book = bookOf(source, token);
        if (unspent !== available(book))
          issue(
            source,
            `unspent recorded at close in ${token}`,
            `${available(book)}`,
            `${unspent}`,
          );
        if (netPledged !== book.pledged - book.cancelled) {
          issue(
            source,
            `net pledged recorded at close in ${token}`,
            `${book.pledged - book.cancelled}`,
            `${netPledged}`,
          );
        }
        book.unspentAtClose = unspent;
        book.netPledgedAtClose = netPledged;
        entry({
          kind: "unspent",
          token: lower(token),
          amount: unspent,
          detail: `shared over ${netPledged} net pledged`,
        });
        break;
      }
      case "CampaignClosed": {
        ledger.closed = { ...source, by: lower(decoded.args.by) };
        entry({ kind: "closed", account: lower(decoded.args.by) });
        break;
      }
      case "Withdrawn": {
        const { supplier, token, to, amount } = decoded.args;
        const book = bookOf(source, token);
        const owed = owedOf(supplier, token);
        const due = owed[lower(token)] ?? 0n;
        if (amount !== due)
          issue(
            source,
            `withdrawal by ${supplier} in ${token}`,
            `${due} (everything owed)`,
            `${amount}`,
          );
        owed[lower(token)] = due - amount;
        book.withdrawn += amount;
        entry({
          kind: "withdrawal",
          account: lower(supplier),
          token: lower(token),
          amount,
          detail: lower(to) === lower(supplier) ? undefined : `sent to ${to}`,
        });
        break;
      }
    }
  }
  return ledger;
}
