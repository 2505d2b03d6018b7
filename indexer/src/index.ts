/**
 * The indexing functions: each event updates the rows that answer the platform's questions, following
 * the client's replay (client/ledger.ts `replay`) step by step, through the rules it exports (rules.ts).
 * A handler loads the rows it changes into a unit of work, changes them in memory and writes back only
 * what changed, stamped with the event's block.
 */
import { ponder, type Context } from "ponder:registry";
import * as s from "ponder:schema";
import { erc20Abi, zeroAddress, type Address, type Hex } from "viem";

import { AUDIT_SCHEMA_UID, decodeAuditClaim, easAbi } from "../eas.ts";
import {
  bookFigures,
  emptyBook,
  isOpen,
  kthHighest,
  shareUnbacked,
  STATUS_NAMES,
  tokenUsd,
  type Book,
} from "../rules.ts";
import { parseSources, SOURCES_VARIABLE } from "../sources.ts";

type Db = Context["db"];
/** Any table of the schema (drizzle tables carry their row type as `$inferSelect`). */
type AnyTable = { $inferSelect: unknown };
type Row<T> = T extends { $inferSelect: infer R } ? R : never;

const lower = (a: string) => a.toLowerCase() as Address;
const PARTY_STATUS = ["None", "Active", "Suspended"] as const;

/**
 * The rows one event changes: loaded once, changed in memory, written back (inserted when new,
 * updated when any field changed) by `flush`.
 */
class Work {
  private readonly rows = new Map<
    string,
    {
      table: AnyTable;
      key: Record<string, unknown>;
      row: Record<string, unknown>;
      /** A shallow copy as loaded (handlers replace arrays and objects, never change them in place). */
      before?: Record<string, unknown>;
    }
  >();
  constructor(
    private readonly db: Db,
    readonly chainId: number,
    readonly block: bigint,
  ) {}

  private static id(table: AnyTable, key: Record<string, unknown>) {
    return `${(table as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")]}:${Object.values(
      key,
    )
      .map(String)
      .join("/")}`;
  }

  /** The row, or undefined when it does not exist. */
  async find<T extends AnyTable>(table: T, key: Partial<Row<T>>): Promise<Row<T> | undefined> {
    const id = Work.id(table, key);
    const cached = this.rows.get(id);
    if (cached) return cached.row as Row<T>;
    const row = (await this.db.find(table as never, key as never)) as Record<
      string,
      unknown
    > | null;
    if (!row) return undefined;
    this.rows.set(id, { table, key, row, before: { ...row } });
    return row as Row<T>;
  }

  /** The row, created from `init` (inserted at flush) when it does not exist. */
  async get<T extends AnyTable>(
    table: T,
    key: Partial<Row<T>>,
    init?: () => Omit<Row<T>, "updatedBlock">,
  ): Promise<Row<T>> {
    const found = await this.find(table, key);
    if (found) return found;
    if (!init)
      throw new Error(
        `indexer: no ${Work.id(table, key)} row (an event arrived before the one that creates it)`,
      );
    return this.create(table, key, init());
  }

  /** A new row (inserted at flush). */
  create<T extends AnyTable>(
    table: T,
    key: Partial<Row<T>>,
    values: Omit<Row<T>, "updatedBlock">,
  ): Row<T> {
    const row = { ...values, ...key } as Record<string, unknown>;
    if ("updatedBlock" in (table as object)) row.updatedBlock = this.block;
    this.rows.set(Work.id(table, key), { table, key, row });
    return row as Row<T>;
  }

  async flush() {
    for (const { table, key, row, before } of this.rows.values()) {
      if (before === undefined) {
        if ("updatedBlock" in (table as object)) row.updatedBlock = this.block;
        await this.db.insert(table as never).values(row as never);
        continue;
      }
      const changes: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row))
        if (value !== before[field] && !(field in key)) changes[field] = value;
      if (Object.keys(changes).length === 0) continue;
      if ("updatedBlock" in (table as object)) changes.updatedBlock = this.block;
      await this.db.update(table as never, key as never).set(changes as never);
    }
  }
}

type AnyEvent = {
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
  log: { address: Address; logIndex: number };
};

/** Runs `fn` in a unit of work for the event's chain and block, then writes what changed. */
async function work<T>(
  context: { db: Db; chain: { id: number } },
  event: AnyEvent,
  fn: (w: Work) => Promise<T>,
): Promise<T> {
  const w = new Work(context.db, context.chain.id, event.block.number);
  const result = await fn(w);
  await w.flush();
  return result;
}

// ───────────────────────────── shared rows ─────────────────────────────

function platformOf(w: Work) {
  return w.get(s.platform, { chainId: w.chainId }, () => ({
    chainId: w.chainId,
    appeals: 0,
    donors: 0,
    pledges: 0,
    orders: 0,
    openOrders: 0,
    raisedUsd: 0n,
    cancelledUsd: 0n,
    spentUsd: 0n,
    refundedUsd: 0n,
    withdrawnUsd: 0n,
    unitsOrdered: 0n,
    unitsVerified: 0n,
    unitsPaid: 0n,
  }));
}

function platformTokenOf(w: Work, token: Address) {
  return w.get(s.platformToken, { chainId: w.chainId, token }, () => ({
    chainId: w.chainId,
    token,
    pledged: 0n,
    cancelled: 0n,
    refunded: 0n,
    reserved: 0n,
    earned: 0n,
    withdrawn: 0n,
  }));
}

async function appealOf(w: Work, address: Address) {
  return w.get(s.appeal, { chainId: w.chainId, address: lower(address) });
}

type AppealRow = Row<typeof s.appeal>;
type BookRow = Row<typeof s.appealToken>;

async function bookOf(w: Work, appeal: AppealRow, token: Address): Promise<BookRow> {
  const key = lower(token);
  return w.get(s.appealToken, { chainId: w.chainId, appeal: appeal.address, token: key }, () => ({
    chainId: w.chainId,
    appeal: appeal.address,
    token: key,
    ...emptyBook(),
    ...bookFigures(emptyBook(), appeal.maxAdvanceBps),
  }));
}

/**
 * Changes a token's books through `change`, then re-derives the figures that depend on them
 * (available, advance cap, USD of earned/refunded/withdrawn) and carries the USD differences to the
 * appeal's and the platform's totals, and the token amounts to the platform's token totals.
 */
async function changeBook(w: Work, appeal: AppealRow, book: BookRow, change: (b: Book) => void) {
  const before = { ...book };
  change(book);
  Object.assign(book, bookFigures(book, appeal.maxAdvanceBps));
  if (book.unbacked > book.unbackedPeak) book.unbackedPeak = book.unbacked;
  const spent = book.earnedUsd - before.earnedUsd;
  const refunded = book.refundedUsd - before.refundedUsd;
  const withdrawn = book.withdrawnUsd - before.withdrawnUsd;
  const raised = book.pledgedUsd - before.pledgedUsd;
  appeal.spentUsd += spent;
  appeal.refundedUsd += refunded;
  appeal.withdrawnUsd += withdrawn;
  appeal.raisedUsd += raised;
  if (spent || refunded || withdrawn || raised) {
    const p = await platformOf(w);
    p.spentUsd += spent;
    p.refundedUsd += refunded;
    p.withdrawnUsd += withdrawn;
    p.raisedUsd += raised;
  }
  const t = await platformTokenOf(w, book.token);
  t.pledged += book.pledged - before.pledged;
  t.cancelled += book.cancelled - before.cancelled;
  t.refunded += book.refunded - before.refunded;
  t.reserved += book.reserved - before.reserved;
  t.earned += book.earned - before.earned;
  t.withdrawn += book.withdrawn - before.withdrawn;
}

function stamp(appeal: AppealRow, event: AnyEvent) {
  appeal.updatedAt = event.block.timestamp;
}

// ───────────────────────────── registry ─────────────────────────────

function registryOf(w: Work, address: Address) {
  return w.get(s.registry, { chainId: w.chainId }, () => ({
    chainId: w.chainId,
    address: lower(address),
    paused: false,
    maxFundingWindow: null,
    maxProcurementWindow: null,
    maxAdvanceBps: null,
    minThreshold: null,
    sequencerUptimeFeed: null,
    sequencerGracePeriod: null,
  }));
}

ponder.on("Registry:Paused", async ({ event, context }) =>
  work(context, event, async (w) => {
    (await registryOf(w, event.log.address)).paused = true;
  }),
);

ponder.on("Registry:Unpaused", async ({ event, context }) =>
  work(context, event, async (w) => {
    (await registryOf(w, event.log.address)).paused = false;
  }),
);

ponder.on("Registry:LimitsSet", async ({ event, context }) =>
  work(context, event, async (w) => {
    const r = await registryOf(w, event.log.address);
    r.maxFundingWindow = Number(event.args.maxFundingWindow);
    r.maxProcurementWindow = Number(event.args.maxProcurementWindow);
    r.maxAdvanceBps = Number(event.args.maxAdvanceBps);
    r.minThreshold = Number(event.args.minThreshold);
  }),
);

ponder.on("Registry:SequencerUptimeFeedSet", async ({ event, context }) =>
  work(context, event, async (w) => {
    const r = await registryOf(w, event.log.address);
    r.sequencerUptimeFeed = event.args.feed === zeroAddress ? null : lower(event.args.feed);
    r.sequencerGracePeriod = Number(event.args.gracePeriod);
  }),
);

/** The native coin's symbol on the chains Handover is configured for. */
const NATIVE_SYMBOL: Record<number, string> = { 137: "POL", 80_002: "POL", 42_220: "CELO" };

ponder.on("Registry:AcceptedTokenSet", async ({ event, context }) => {
  const address = lower(event.args.token);
  let symbol = NATIVE_SYMBOL[context.chain.id] ?? "ETH";
  if (address !== zeroAddress) {
    symbol = await context.client
      .readContract({ address, abi: erc20Abi, functionName: "symbol" })
      .catch(() => address.slice(0, 8));
  }
  await work(context, event, async (w) => {
    const existing = await w.find(s.token, { chainId: w.chainId, address });
    const values = {
      symbol,
      decimals: Number(event.args.tokenDecimals),
      feed: lower(event.args.feed),
      feedDecimals: Number(event.args.feedDecimals),
      maxStaleness: Number(event.args.maxStaleness),
      accepted: true,
    };
    if (existing) {
      // A new feed drops the bounds (they were in the old feed's terms), as the registry does.
      if (existing.feed !== values.feed) Object.assign(existing, { minAnswer: 0n, maxAnswer: 0n });
      Object.assign(existing, values);
    } else {
      w.create(
        s.token,
        { chainId: w.chainId, address },
        {
          chainId: w.chainId,
          address,
          ...values,
          minAnswer: 0n,
          maxAnswer: 0n,
          listedAt: event.block.timestamp,
        },
      );
    }
  });
});

ponder.on("Registry:AcceptedTokenRemoved", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await w.find(s.token, { chainId: w.chainId, address: lower(event.args.token) });
    if (row) row.accepted = false;
  }),
);

ponder.on("Registry:PriceBoundsSet", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await w.find(s.token, { chainId: w.chainId, address: lower(event.args.token) });
    if (row)
      Object.assign(row, { minAnswer: event.args.minAnswer, maxAnswer: event.args.maxAnswer });
  }),
);

function supplierInit(w: Work, address: Address) {
  return () => ({
    chainId: w.chainId,
    address,
    status: "Active",
    name: "",
    country: "",
    dossierHash: `0x${"0".repeat(64)}` as Hex,
    suspendedReason: null,
    registeredAt: 0n,
    ordersTotal: 0,
    ordersOpen: 0,
    unitsOrdered: 0n,
    unitsVerified: 0n,
    earnedUsd: 0n,
    withdrawnUsd: 0n,
    owedUsd: 0n,
  });
}

const supplierOf = (w: Work, address: Address) =>
  w.get(
    s.supplier,
    { chainId: w.chainId, address: lower(address) },
    supplierInit(w, lower(address)),
  );

ponder.on("Registry:SupplierRegistered", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await supplierOf(w, event.args.supplier);
    Object.assign(row, {
      status: "Active",
      name: event.args.name,
      country: event.args.country,
      dossierHash: event.args.dossierHash,
      suspendedReason: null,
      registeredAt: event.block.timestamp,
    });
  }),
);

ponder.on("Registry:SupplierSuspended", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await supplierOf(w, event.args.supplier);
    Object.assign(row, { status: PARTY_STATUS[2], suspendedReason: event.args.reason });
  }),
);

ponder.on("Registry:SupplierReinstated", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await supplierOf(w, event.args.supplier);
    Object.assign(row, { status: PARTY_STATUS[1], suspendedReason: null });
  }),
);

const verifierOf = (w: Work, address: Address) =>
  w.get(s.verifier, { chainId: w.chainId, address: lower(address) }, () => ({
    chainId: w.chainId,
    address: lower(address),
    status: "Active",
    name: "",
    organization: "",
    dossierHash: `0x${"0".repeat(64)}` as Hex,
    suspendedReason: null,
    registeredAt: 0n,
    confirmations: 0,
  }));

ponder.on("Registry:VerifierRegistered", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await verifierOf(w, event.args.verifier);
    Object.assign(row, {
      status: "Active",
      name: event.args.name,
      organization: event.args.organization,
      dossierHash: event.args.dossierHash,
      suspendedReason: null,
      registeredAt: event.block.timestamp,
    });
  }),
);

ponder.on("Registry:VerifierSuspended", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await verifierOf(w, event.args.verifier);
    Object.assign(row, { status: PARTY_STATUS[2], suspendedReason: event.args.reason });
  }),
);

ponder.on("Registry:VerifierReinstated", async ({ event, context }) =>
  work(context, event, async (w) => {
    const row = await verifierOf(w, event.args.verifier);
    Object.assign(row, { status: PARTY_STATUS[1], suspendedReason: null });
  }),
);

// ───────────────────────────── the factory ─────────────────────────────

ponder.on("CampaignFactory:CampaignCreated", async ({ event, context }) =>
  work(context, event, async (w) => {
    const address = lower(event.args.campaign);
    const p = event.args.params;
    const appeal = w.create(
      s.appeal,
      { chainId: w.chainId, address },
      {
        chainId: w.chainId,
        address,
        factory: lower(event.log.address),
        index: event.args.index,
        organizer: lower(event.args.organizer),
        beneficiary: lower(p.beneficiary),
        goalUsd: p.goalUsd,
        targetUnits: p.targetUnits,
        deadline: BigInt(p.deadline),
        procurementDeadline: BigInt(p.procurementDeadline),
        deliveryGracePeriod: BigInt(p.deliveryGracePeriod),
        maxAdvanceBps: Number(p.maxAdvanceBps),
        threshold: Number(p.threshold),
        allOrNothing: p.allOrNothing,
        tokens: p.tokens.map(lower),
        verifiers: p.verifiers.map(lower),
        unitName: p.unitName,
        metadataURI: p.metadataURI,
        title: null,
        beneficiaryName: null,
        country: null,
        status: "Funding",
        fundingClosedEarly: false,
        closedBy: null,
        closedAt: null,
        raisedUsd: 0n,
        spentUsd: 0n,
        refundedUsd: 0n,
        withdrawnUsd: 0n,
        cancelledUsd: 0n,
        donorCount: 0,
        pledgeCount: 0,
        orderCount: 0,
        openOrderCount: 0,
        unitsOrdered: 0n,
        unitsVerified: 0n,
        unitsPaid: 0n,
        audits: 0,
        createdBlock: event.block.number,
        createdAt: event.block.timestamp,
        createdTx: event.transaction.hash,
        updatedAt: event.block.timestamp,
      },
    );
    for (const token of appeal.tokens) await bookOf(w, appeal, token);
    for (const [position, v] of appeal.verifiers.entries())
      w.create(
        s.appealVerifier,
        { chainId: w.chainId, appeal: address, verifier: v },
        { chainId: w.chainId, appeal: address, verifier: v, position, nonce: 0n, confirmations: 0 },
      );
    (await platformOf(w)).appeals++;
  }),
);

// ───────────────────────────── donors ─────────────────────────────

async function donorBooks(w: Work, appeal: AppealRow, donorAddress: Address, token: Address) {
  const donorKey = lower(donorAddress);
  const tokenKey = lower(token);
  const chainId = w.chainId;
  const donationToken = await w.get(
    s.donationToken,
    { chainId, appeal: appeal.address, donor: donorKey, token: tokenKey },
    () => ({
      chainId,
      appeal: appeal.address,
      donor: donorKey,
      token: tokenKey,
      pledged: 0n,
      pledgedUsd: 0n,
      cancelled: 0n,
      refunded: 0n,
      active: 0n,
      activeUsd: 0n,
      pledges: 0,
      cancelledUsd: 0n,
      refundedUsd: 0n,
    }),
  );
  return { donorKey, tokenKey, donationToken };
}

function donorEvent(
  w: Work,
  event: AnyEvent,
  values: { appeal: Address; donor: Address; kind: string; token: Address; amount: bigint },
  usdValue: bigint,
  to: Address | null,
) {
  const id = `${w.chainId}-${event.transaction.hash}-${event.log.logIndex}`;
  w.create(
    s.donorEvent,
    { id },
    {
      id,
      chainId: w.chainId,
      ...values,
      usdValue,
      to,
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
      transactionHash: event.transaction.hash,
      logIndex: event.log.logIndex,
    },
  );
}

ponder.on("Campaign:Pledged", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { donor, token, amount, usdValue } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const book = await bookOf(w, appeal, token);
    await changeBook(w, appeal, book, (b) => {
      b.pledged += amount;
      b.pledgedUsd += usdValue;
    });
    const { donorKey, tokenKey, donationToken: d } = await donorBooks(w, appeal, donor, token);
    d.pledged += amount;
    d.pledgedUsd += usdValue;
    d.active += amount;
    d.activeUsd += usdValue;
    d.pledges++;
    const time = event.block.timestamp;
    const platform = await platformOf(w);
    let donation = await w.find(s.donation, {
      chainId: w.chainId,
      appeal: appeal.address,
      donor: donorKey,
    });
    if (!donation) {
      donation = w.create(
        s.donation,
        { chainId: w.chainId, appeal: appeal.address, donor: donorKey },
        {
          chainId: w.chainId,
          appeal: appeal.address,
          donor: donorKey,
          pledges: 0,
          activeUsd: 0n,
          pledgedUsd: 0n,
          cancelledUsd: 0n,
          refundedUsd: 0n,
          firstPledgeAt: time,
          lastPledgeAt: time,
        },
      );
      appeal.donorCount++;
    }
    donation.pledges++;
    donation.activeUsd += usdValue;
    donation.pledgedUsd += usdValue;
    donation.lastPledgeAt = time;
    let donorRow = await w.find(s.donor, { chainId: w.chainId, address: donorKey });
    if (!donorRow) {
      donorRow = w.create(
        s.donor,
        { chainId: w.chainId, address: donorKey },
        {
          chainId: w.chainId,
          address: donorKey,
          appeals: 0,
          pledges: 0,
          activeUsd: 0n,
          pledgedUsd: 0n,
          cancelledUsd: 0n,
          refundedUsd: 0n,
          firstPledgeAt: time,
          lastPledgeAt: time,
        },
      );
      platform.donors++;
    }
    if (donation.pledges === 1) donorRow.appeals++;
    donorRow.pledges++;
    donorRow.activeUsd += usdValue;
    donorRow.pledgedUsd += usdValue;
    donorRow.lastPledgeAt = time;
    appeal.pledgeCount++;
    platform.pledges++;
    stamp(appeal, event);
    donorEvent(
      w,
      event,
      { appeal: appeal.address, donor: donorKey, kind: "pledge", token: tokenKey, amount },
      usdValue,
      null,
    );
  }),
);

ponder.on("Campaign:PledgeCancelled", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { donor, token, to, amount, usdValue } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const book = await bookOf(w, appeal, token);
    await changeBook(w, appeal, book, (b) => {
      b.cancelled += amount;
      b.pledgedUsd -= usdValue;
    });
    const { donorKey, tokenKey, donationToken: d } = await donorBooks(w, appeal, donor, token);
    d.cancelled += amount;
    d.active -= amount;
    d.activeUsd -= usdValue;
    d.cancelledUsd += usdValue;
    const donation = await w.get(s.donation, {
      chainId: w.chainId,
      appeal: appeal.address,
      donor: donorKey,
    });
    donation.activeUsd -= usdValue;
    donation.cancelledUsd += usdValue;
    const donorRow = await w.get(s.donor, { chainId: w.chainId, address: donorKey });
    donorRow.activeUsd -= usdValue;
    donorRow.cancelledUsd += usdValue;
    appeal.cancelledUsd += usdValue;
    (await platformOf(w)).cancelledUsd += usdValue;
    stamp(appeal, event);
    donorEvent(
      w,
      event,
      { appeal: appeal.address, donor: donorKey, kind: "cancel", token: tokenKey, amount },
      usdValue,
      lower(to),
    );
  }),
);

ponder.on("Campaign:RefundClaimed", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { donor, token, to, amount } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const book = await bookOf(w, appeal, token);
    await changeBook(w, appeal, book, (b) => {
      b.refunded += amount;
    });
    // Pledged USD and net pledges are fixed once funding ended: the refund's value at pledge time.
    const usd = tokenUsd(book, amount);
    const { donorKey, tokenKey, donationToken: d } = await donorBooks(w, appeal, donor, token);
    const standingUsd = d.activeUsd;
    d.refunded += amount;
    d.refundedUsd += usd;
    d.active = 0n;
    d.activeUsd = 0n;
    const donation = await w.get(s.donation, {
      chainId: w.chainId,
      appeal: appeal.address,
      donor: donorKey,
    });
    donation.activeUsd -= standingUsd;
    donation.refundedUsd += usd;
    const donorRow = await w.get(s.donor, { chainId: w.chainId, address: donorKey });
    donorRow.activeUsd -= standingUsd;
    donorRow.refundedUsd += usd;
    stamp(appeal, event);
    donorEvent(
      w,
      event,
      { appeal: appeal.address, donor: donorKey, kind: "refund", token: tokenKey, amount },
      usd,
      lower(to),
    );
  }),
);

// ───────────────────────────── status ─────────────────────────────

ponder.on("Campaign:FundingClosed", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    appeal.fundingClosedEarly = true;
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:StatusChanged", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    appeal.status = STATUS_NAMES[Number(event.args.status)];
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:UnspentRecorded", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    const book = await bookOf(w, appeal, event.args.token);
    await changeBook(w, appeal, book, (b) => {
      b.unspentAtClose = event.args.unspent;
      b.netPledgedAtClose = event.args.netPledged;
    });
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:CampaignClosed", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    appeal.closedBy = lower(event.args.by);
    appeal.closedAt = event.block.timestamp;
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:NonceUsed", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    const verifierKey = lower(event.args.verifier);
    const row = await w.get(
      s.appealVerifier,
      { chainId: w.chainId, appeal: appeal.address, verifier: verifierKey },
      () => ({
        chainId: w.chainId,
        appeal: appeal.address,
        verifier: verifierKey,
        position: appeal.verifiers.indexOf(verifierKey),
        nonce: 0n,
        confirmations: 0,
      }),
    );
    row.nonce = event.args.nonce;
  }),
);

// ───────────────────────────── orders ─────────────────────────────

type OrderRow = Row<typeof s.purchaseOrder>;
type ShareRow = Row<typeof s.orderShare>;

const orderOf = (w: Work, appeal: AppealRow, orderId: bigint) =>
  w.get(s.purchaseOrder, { chainId: w.chainId, appeal: appeal.address, orderId });

const shareOf = (w: Work, appeal: AppealRow, orderId: bigint, token: Address) =>
  w.get(s.orderShare, { chainId: w.chainId, appeal: appeal.address, orderId, token: lower(token) });

/** The order's verifier-queue rows (one per verifier of its appeal). */
async function tasksOf(w: Work, appeal: AppealRow, order: OrderRow) {
  return Promise.all(
    appeal.verifiers.map((v) =>
      w.get(s.verifierTask, {
        chainId: w.chainId,
        verifier: v,
        appeal: appeal.address,
        orderId: order.orderId,
      }),
    ),
  );
}

/** Carries the order's status and verified units to its verifiers' queues. */
async function syncTasks(w: Work, appeal: AppealRow, order: OrderRow) {
  for (const task of await tasksOf(w, appeal, order)) {
    task.orderStatus = order.status;
    task.unitsVerified = order.unitsVerified;
    task.confirmedUnits = BigInt(order.confirmedBy[task.verifier] ?? "0");
    task.lastShipmentAt = order.shippedAt;
    task.pending =
      (order.status === "Accepted" || order.status === "Shipped") &&
      task.confirmedUnits < order.units;
  }
}

/**
 * The order's shares and, per token, the part of its payments that verified delivery does not back
 * (the client's `unbackedSnapshot`), before something changes what the order was paid or verified.
 */
async function backingOf(w: Work, appeal: AppealRow, order: OrderRow) {
  const shares = new Map<Address, ShareRow>();
  for (const token of order.tokens)
    shares.set(token, await shareOf(w, appeal, order.orderId, token));
  const before = new Map(
    [...shares].map(([t, sh]) => [t, shareUnbacked(sh, order.units, order.unitsVerified)]),
  );
  return { shares, before };
}

ponder.on("Campaign:OrderCreated", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { orderId, supplier, amountUsd, units, deliverBy, advanceBps, termsHash } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const supplierKey = lower(supplier);
    const order = w.create(
      s.purchaseOrder,
      { chainId: w.chainId, appeal: appeal.address, orderId },
      {
        chainId: w.chainId,
        appeal: appeal.address,
        orderId,
        supplier: supplierKey,
        amountUsd,
        units,
        deliverBy: BigInt(deliverBy),
        advanceBps: Number(advanceBps),
        termsHash,
        status: "Placed",
        tokens: [],
        confirmedBy: {},
        unitsVerified: 0n,
        unitsPaid: 0n,
        advancePaid: false,
        advanceReclaimed: false,
        shipments: 0,
        lastEvidenceURI: null,
        confirmations: 0,
        createdAt: event.block.timestamp,
        acceptedAt: null,
        shippedAt: null,
        completedAt: null,
        cancelledAt: null,
        cancelledBy: null,
        createdBlock: event.block.number,
      },
    );
    for (const v of appeal.verifiers)
      w.create(
        s.verifierTask,
        { chainId: w.chainId, verifier: v, appeal: appeal.address, orderId },
        {
          chainId: w.chainId,
          verifier: v,
          appeal: appeal.address,
          orderId,
          supplier: supplierKey,
          units,
          unitsVerified: 0n,
          confirmedUnits: 0n,
          orderStatus: order.status,
          pending: false,
          deliverBy: order.deliverBy,
          lastShipmentAt: null,
        },
      );
    appeal.orderCount++;
    appeal.openOrderCount++;
    appeal.unitsOrdered += units;
    const sup = await supplierOf(w, supplierKey);
    sup.ordersTotal++;
    sup.ordersOpen++;
    sup.unitsOrdered += units;
    const platform = await platformOf(w);
    platform.orders++;
    platform.openOrders++;
    platform.unitsOrdered += units;
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:OrderReserved", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { orderId, token, amount } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, orderId);
    const key = lower(token);
    const book = await bookOf(w, appeal, key);
    await changeBook(w, appeal, book, (b) => {
      b.reserved += amount;
    });
    const existing = await w.find(s.orderShare, {
      chainId: w.chainId,
      appeal: appeal.address,
      orderId,
      token: key,
    });
    if (existing) {
      existing.amount += amount; // as the replay does with a token reserved twice
    } else {
      order.tokens = [...order.tokens, key];
      w.create(
        s.orderShare,
        { chainId: w.chainId, appeal: appeal.address, orderId, token: key },
        {
          chainId: w.chainId,
          appeal: appeal.address,
          orderId,
          token: key,
          amount,
          paid: 0n,
          advance: 0n,
          reclaimed: 0n,
          returned: 0n,
        },
      );
    }
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:OrderAccepted", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, event.args.orderId);
    order.status = "Accepted";
    order.acceptedAt = event.block.timestamp;
    order.advancePaid = order.advanceBps !== 0;
    await syncTasks(w, appeal, order);
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:ShipmentMarked", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, event.args.orderId);
    order.status = "Shipped";
    order.shipments++;
    order.lastEvidenceURI = event.args.evidenceURI;
    order.shippedAt = event.block.timestamp;
    await syncTasks(w, appeal, order);
    stamp(appeal, event);
  }),
);

/** Adds a change of verified units to the appeal's, its supplier's and the platform's totals. */
async function addVerified(w: Work, appeal: AppealRow, order: OrderRow, delta: bigint) {
  if (delta === 0n) return;
  appeal.unitsVerified += delta;
  (await supplierOf(w, order.supplier)).unitsVerified += delta;
  (await platformOf(w)).unitsVerified += delta;
}

/** Books the change of every token's unbacked part after `backingOf` (the client's `updateUnbacked`). */
async function settleBacking(
  w: Work,
  appeal: AppealRow,
  order: OrderRow,
  shares: Map<Address, ShareRow>,
  before: Map<Address, bigint>,
) {
  for (const [token, share] of shares) {
    const after = shareUnbacked(share, order.units, order.unitsVerified);
    const delta = after - (before.get(token) ?? 0n);
    if (delta === 0n) continue;
    const book = await bookOf(w, appeal, token);
    await changeBook(w, appeal, book, (b) => {
      b.unbacked += delta;
    });
  }
}

ponder.on("Campaign:DeliveryConfirmed", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { orderId, verifier, unitsDelivered, evidenceHash, bySignature } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, orderId);
    const v = lower(verifier);
    const { shares, before } = await backingOf(w, appeal, order);
    const previousVerified = order.unitsVerified;
    // A confirmation by someone who is not a verifier counts for nothing (the contract refuses it).
    if (appeal.verifiers.includes(v))
      order.confirmedBy = { ...order.confirmedBy, [v]: unitsDelivered.toString() };
    order.unitsVerified = kthHighest(
      Object.values(order.confirmedBy).map((u) => BigInt(u)),
      appeal.threshold,
    );
    order.confirmations++;
    await settleBacking(w, appeal, order, shares, before);
    await addVerified(w, appeal, order, order.unitsVerified - previousVerified);
    await syncTasks(w, appeal, order);
    const id = `${w.chainId}-${event.transaction.hash}-${event.log.logIndex}`;
    w.create(
      s.confirmation,
      { id },
      {
        id,
        chainId: w.chainId,
        appeal: appeal.address,
        orderId,
        verifier: v,
        unitsDelivered,
        evidenceHash,
        bySignature,
        blockNumber: event.block.number,
        timestamp: event.block.timestamp,
        transactionHash: event.transaction.hash,
      },
    );
    const av = await w.find(s.appealVerifier, {
      chainId: w.chainId,
      appeal: appeal.address,
      verifier: v,
    });
    if (av) av.confirmations++;
    const vr = await w.find(s.verifier, { chainId: w.chainId, address: v });
    if (vr) vr.confirmations++;
    stamp(appeal, event);
  }),
);

/** A supplier's balance in one token of one appeal, and the change carried to its totals. */
async function changeBalance(
  w: Work,
  appeal: AppealRow,
  book: BookRow,
  supplierAddress: Address,
  change: (b: Row<typeof s.supplierBalance>) => void,
) {
  const supplierKey = lower(supplierAddress);
  const balance = await w.get(
    s.supplierBalance,
    { chainId: w.chainId, supplier: supplierKey, appeal: appeal.address, token: book.token },
    () => ({
      chainId: w.chainId,
      supplier: supplierKey,
      appeal: appeal.address,
      token: book.token,
      credited: 0n,
      reclaimed: 0n,
      earned: 0n,
      withdrawn: 0n,
      owed: 0n,
      earnedUsd: 0n,
      withdrawnUsd: 0n,
      owedUsd: 0n,
    }),
  );
  const before = { ...balance };
  change(balance);
  balance.earned = balance.credited - balance.reclaimed;
  balance.owed = balance.earned - balance.withdrawn;
  balance.earnedUsd = tokenUsd(book, balance.earned);
  balance.withdrawnUsd = tokenUsd(book, balance.withdrawn);
  balance.owedUsd = tokenUsd(book, balance.owed);
  const sup = await supplierOf(w, supplierKey);
  sup.earnedUsd += balance.earnedUsd - before.earnedUsd;
  sup.withdrawnUsd += balance.withdrawnUsd - before.withdrawnUsd;
  sup.owedUsd += balance.owedUsd - before.owedUsd;
  const total = await w.get(
    s.supplierToken,
    { chainId: w.chainId, supplier: supplierKey, token: book.token },
    () => ({
      chainId: w.chainId,
      supplier: supplierKey,
      token: book.token,
      earned: 0n,
      withdrawn: 0n,
      owed: 0n,
    }),
  );
  total.earned += balance.earned - before.earned;
  total.withdrawn += balance.withdrawn - before.withdrawn;
  total.owed += balance.owed - before.owed;
}

ponder.on("Campaign:PaymentReleased", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { orderId, supplier, token, amount, unitsVerified, advance } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, orderId);
    const key = lower(token);
    const book = await bookOf(w, appeal, key);
    const share = await shareOf(w, appeal, orderId, key);
    const before = shareUnbacked(share, order.units, order.unitsVerified);
    share.paid += amount;
    if (advance) {
      share.advance += amount;
    } else if (unitsVerified > order.unitsPaid) {
      const delta = unitsVerified - order.unitsPaid;
      order.unitsPaid = unitsVerified;
      appeal.unitsPaid += delta;
      (await platformOf(w)).unitsPaid += delta;
    }
    const after = shareUnbacked(share, order.units, order.unitsVerified);
    await changeBook(w, appeal, book, (b) => {
      if (advance) b.advances += amount;
      b.reserved -= amount;
      b.earned += amount;
      b.unbacked += after - before;
    });
    await changeBalance(w, appeal, book, supplier, (b) => {
      b.credited += amount;
    });
    stamp(appeal, event);
  }),
);

/** Closes an order (completed or cancelled): counts, and its verifiers' queues. */
async function closeOrder(w: Work, appeal: AppealRow, order: OrderRow) {
  if (!isOpen(order.status)) return;
  appeal.openOrderCount--;
  (await supplierOf(w, order.supplier)).ordersOpen--;
  (await platformOf(w)).openOrders--;
}

ponder.on("Campaign:OrderCompleted", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, event.args.orderId);
    await closeOrder(w, appeal, order);
    order.status = "Completed";
    order.completedAt = event.block.timestamp;
    await syncTasks(w, appeal, order);
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:OrderCancelled", async ({ event, context }) =>
  work(context, event, async (w) => {
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, event.args.orderId);
    await closeOrder(w, appeal, order);
    if (order.status !== "Cancelled") {
      appeal.unitsOrdered -= order.units;
      (await supplierOf(w, order.supplier)).unitsOrdered -= order.units;
      (await platformOf(w)).unitsOrdered -= order.units;
    }
    order.status = "Cancelled";
    order.cancelledAt = event.block.timestamp;
    order.cancelledBy = lower(event.args.by);
    await syncTasks(w, appeal, order);
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:ReservationReturned", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { orderId, token, amount } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const share = await shareOf(w, appeal, orderId, token);
    share.returned += amount;
    const book = await bookOf(w, appeal, token);
    await changeBook(w, appeal, book, (b) => {
      b.reserved -= amount;
    });
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:AdvanceReclaimed", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { orderId, supplier, token, amount } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const order = await orderOf(w, appeal, orderId);
    const book = await bookOf(w, appeal, token);
    const share = await shareOf(w, appeal, orderId, token);
    const before = shareUnbacked(share, order.units, order.unitsVerified);
    share.paid -= amount;
    share.reclaimed += amount;
    order.advanceReclaimed = true;
    const after = shareUnbacked(share, order.units, order.unitsVerified);
    await changeBook(w, appeal, book, (b) => {
      b.earned -= amount;
      b.reclaimed += amount;
      b.unbacked += after - before;
    });
    await changeBalance(w, appeal, book, supplier, (b) => {
      b.reclaimed += amount;
    });
    stamp(appeal, event);
  }),
);

ponder.on("Campaign:Withdrawn", async ({ event, context }) =>
  work(context, event, async (w) => {
    const { supplier, token, amount } = event.args;
    const appeal = await appealOf(w, event.log.address);
    const book = await bookOf(w, appeal, token);
    await changeBook(w, appeal, book, (b) => {
      b.withdrawn += amount;
    });
    await changeBalance(w, appeal, book, supplier, (b) => {
      b.withdrawn += amount;
    });
    stamp(appeal, event);
  }),
);

// ───────────────────────────── audits (EAS, optional) ─────────────────────────────

/** Only chains whose source names an EAS contract have an `EAS` contract in the config. */
const withEas = parseSources(process.env[SOURCES_VARIABLE]).some((source) => source.eas);

if (withEas) {
  const on = ponder.on.bind(ponder) as unknown as (
    name: string,
    fn: (args: {
      event: AnyEvent & {
        args: { recipient: Address; attester: Address; uid: Hex; schemaUID: Hex };
      };
      context: Context;
    }) => Promise<void>,
  ) => void;

  on("EAS:Attested", async ({ event, context }) => {
    if (event.args.schemaUID !== AUDIT_SCHEMA_UID) return;
    const attestation = await context.client.readContract({
      address: event.log.address,
      abi: easAbi,
      functionName: "getAttestation",
      args: [event.args.uid],
    });
    const claim = decodeAuditClaim(attestation.data);
    if (!claim) return; // not decodable under the audit schema: nothing to show
    await work(context, event, async (w) => {
      const appealKey = lower(event.args.recipient);
      // Filed under one campaign but saying another (or another chain): listed, not counted.
      const mismatch =
        lower(claim.campaign) !== appealKey
          ? `its data names campaign ${claim.campaign}`
          : claim.chainId !== BigInt(w.chainId)
            ? `its data names chain ${claim.chainId}, not ${w.chainId}`
            : null;
      const appeal = await w.find(s.appeal, { chainId: w.chainId, address: appealKey });
      if (appeal && mismatch === null) appeal.audits++;
      w.create(
        s.auditAttestation,
        { chainId: w.chainId, uid: event.args.uid },
        {
          chainId: w.chainId,
          uid: event.args.uid,
          appeal: appealKey,
          attester: lower(event.args.attester),
          auditedChainId: claim.chainId,
          fromBlock: claim.fromBlock,
          toBlock: claim.toBlock,
          checksRun: claim.checksRun,
          checksFailed: claim.checksFailed,
          reportCid: claim.reportCid,
          mismatch,
          time: attestation.time,
          revoked: false,
          revokedAt: null,
          blockNumber: event.block.number,
          transactionHash: event.transaction.hash,
        },
      );
    });
  });

  on("EAS:Revoked", async ({ event, context }) =>
    work(context, event, async (w) => {
      const row = await w.find(s.auditAttestation, { chainId: w.chainId, uid: event.args.uid });
      if (!row || row.revoked) return;
      row.revoked = true;
      row.revokedAt = event.block.timestamp;
      const appeal = await w.find(s.appeal, { chainId: w.chainId, address: row.appeal });
      if (appeal && row.mismatch === null) appeal.audits--;
    }),
  );
}
