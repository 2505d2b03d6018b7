/**
 * The indexer's tables, shaped for the questions people ask of the platform rather than as a copy of
 * the logs: an appeal's live totals, a donor's giving across appeals, a supplier's open orders and what
 * it is owed everywhere, a verifier's pending confirmations, the platform's totals.
 *
 * Conventions:
 * - every table has `chainId`: one indexer may follow several chains (one deployment per chain);
 * - addresses are lower-case hex; amounts are in the token's own units (`numeric(78)`, bigint in
 *   TypeScript); USD amounts have 18 decimals and are valued at pledge-time prices, as the contracts
 *   and the client's replay value them (`usdAtPledge` in client/ledger.ts: an amount of a token carries
 *   the average USD value of that token's net pledges);
 * - the money columns of `appeal_token`, `donation_token`, `purchase_order` and `order_share` are the
 *   client's `TokenBook`, `DonorBook`, `OrderRecord` and `OrderShare` field for field, so that
 *   `npm run audit -- --indexer URL` compares them with its own replay one by one;
 * - `updatedBlock` is the block of the last event that changed a row (the auditor uses it to know that
 *   the rows it read are the state at the block it replayed to);
 * - `title`, `beneficiaryName` and `country` of an appeal come from its metadata (IPFS), not from the
 *   chain: they stay null until a metadata step fills them (see docs/indexer.md).
 *
 * Column names in SQL are the snake_case of the property names (`raisedUsd` is `raised_usd`).
 */
import { index, onchainTable, primaryKey, relations } from "ponder";

// ───────────────────────────── registry ─────────────────────────────

/** The registry of a chain: pause, limits on new campaigns, the L2 sequencer feed. */
export const registry = onchainTable("registry", (t) => ({
  chainId: t.integer().primaryKey(),
  address: t.hex().notNull(),
  paused: t.boolean().notNull(),
  maxFundingWindow: t.integer(),
  maxProcurementWindow: t.integer(),
  maxAdvanceBps: t.integer(),
  minThreshold: t.integer(),
  sequencerUptimeFeed: t.hex(),
  sequencerGracePeriod: t.integer(),
  updatedBlock: t.bigint().notNull(),
}));

/** A token the registry lists (address(0) is the chain's native coin). */
export const token = onchainTable(
  "token",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    symbol: t.text().notNull(),
    decimals: t.integer().notNull(),
    feed: t.hex().notNull(),
    feedDecimals: t.integer().notNull(),
    maxStaleness: t.integer().notNull(),
    accepted: t.boolean().notNull(),
    /** Price bounds in the feed's decimals ((0, 0) when none). */
    minAnswer: t.bigint().notNull(),
    maxAnswer: t.bigint().notNull(),
    listedAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

/**
 * A supplier: its registration (name, country, status) and what it does across every appeal. A row
 * exists from its registration on.
 */
export const supplier = onchainTable(
  "supplier",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    /** "Active" or "Suspended" (the registry's `PartyStatus`). */
    status: t.text().notNull(),
    name: t.text().notNull(),
    country: t.text().notNull(),
    dossierHash: t.hex().notNull(),
    suspendedReason: t.text(),
    registeredAt: t.bigint().notNull(),
    /** Orders ever placed with it, and those still open (Placed, Accepted or Shipped). */
    ordersTotal: t.integer().notNull(),
    ordersOpen: t.integer().notNull(),
    /** Units of its orders that are not cancelled, and units verified delivered. */
    unitsOrdered: t.bigint().notNull(),
    unitsVerified: t.bigint().notNull(),
    /** USD at pledge-time prices (18 decimals) of what it earned (net of reclaimed advances), withdrew, is owed. */
    earnedUsd: t.bigint().notNull(),
    withdrawnUsd: t.bigint().notNull(),
    owedUsd: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

/** A registered verifier (a warehouse, a UN office, a logistics agent). */
export const verifier = onchainTable(
  "verifier",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    status: t.text().notNull(),
    name: t.text().notNull(),
    organization: t.text().notNull(),
    dossierHash: t.hex().notNull(),
    suspendedReason: t.text(),
    registeredAt: t.bigint().notNull(),
    /** Confirmations it made, by transaction or signature, in every appeal. */
    confirmations: t.integer().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

// ───────────────────────────── appeals ─────────────────────────────

/**
 * An appeal (a campaign clone of the factory) with its parameters and live totals. `status` is the
 * status the campaign stored; the one its `status()` view reports moves on by itself at the deadline:
 * Funding with `deadline <= now` reads Failed when `allOrNothing` and `raisedUsd < goalUsd`, else
 * Procurement (see docs/indexer.md for the SQL).
 */
export const appeal = onchainTable(
  "appeal",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    factory: t.hex().notNull(),
    /** Position in the factory's index (0-based, creation order). */
    index: t.bigint().notNull(),
    organizer: t.hex().notNull(),
    beneficiary: t.hex().notNull(),
    goalUsd: t.bigint().notNull(),
    targetUnits: t.bigint().notNull(),
    deadline: t.bigint().notNull(),
    procurementDeadline: t.bigint().notNull(),
    deliveryGracePeriod: t.bigint().notNull(),
    maxAdvanceBps: t.integer().notNull(),
    threshold: t.integer().notNull(),
    allOrNothing: t.boolean().notNull(),
    tokens: t.hex().array().notNull(),
    verifiers: t.hex().array().notNull(),
    unitName: t.text().notNull(),
    metadataURI: t.text().notNull(),
    /** From the appeal's metadata (IPFS), when a metadata step has filled them; null until then. */
    title: t.text(),
    beneficiaryName: t.text(),
    /** ISO 3166 code of the beneficiary's country, from the metadata; null until filled. */
    country: t.text(),
    /** The stored status: Funding, Failed, Procurement or Closed. */
    status: t.text().notNull(),
    fundingClosedEarly: t.boolean().notNull(),
    closedBy: t.hex(),
    closedAt: t.bigint(),
    /** Σ pledged USD of every token, cancellations excluded: the contract's `raisedUsd()`. */
    raisedUsd: t.bigint().notNull(),
    /** USD (pledge-time prices) of what was credited to suppliers, refunded to donors, withdrawn by suppliers. */
    spentUsd: t.bigint().notNull(),
    refundedUsd: t.bigint().notNull(),
    withdrawnUsd: t.bigint().notNull(),
    /** USD of pledges cancelled while funding was open (their own pledge-time values). */
    cancelledUsd: t.bigint().notNull(),
    /** Donors who ever pledged, and pledges made. */
    donorCount: t.integer().notNull(),
    pledgeCount: t.integer().notNull(),
    orderCount: t.integer().notNull(),
    openOrderCount: t.integer().notNull(),
    /** Units of orders not cancelled; units threshold-verified delivered; verified units paid for. */
    unitsOrdered: t.bigint().notNull(),
    unitsVerified: t.bigint().notNull(),
    unitsPaid: t.bigint().notNull(),
    /** Audit attestations (EAS) about this appeal, not revoked. */
    audits: t.integer().notNull(),
    createdBlock: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    createdTx: t.hex().notNull(),
    updatedBlock: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.address] }),
    byIndex: index().on(table.chainId, table.index),
    byStatus: index().on(table.chainId, table.status, table.index),
    byOrganizer: index().on(table.chainId, table.organizer),
    byBeneficiary: index().on(table.chainId, table.beneficiary),
  }),
);

/**
 * One token's books in one appeal: the client's `TokenBook` (client/ledger.ts) with the contract's
 * `available` and `advanceCap`, and the USD (pledge-time prices) of what was earned, refunded and withdrawn.
 */
export const appealToken = onchainTable(
  "appeal_token",
  (t) => ({
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    token: t.hex().notNull(),
    pledged: t.bigint().notNull(),
    cancelled: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    reserved: t.bigint().notNull(),
    earned: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    pledgedUsd: t.bigint().notNull(),
    unspentAtClose: t.bigint().notNull(),
    netPledgedAtClose: t.bigint().notNull(),
    advances: t.bigint().notNull(),
    reclaimed: t.bigint().notNull(),
    unbacked: t.bigint().notNull(),
    unbackedPeak: t.bigint().notNull(),
    available: t.bigint().notNull(),
    advanceCap: t.bigint().notNull(),
    earnedUsd: t.bigint().notNull(),
    refundedUsd: t.bigint().notNull(),
    withdrawnUsd: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.appeal, table.token] }),
  }),
);

/** A verifier of an appeal: its signature nonce there and how many confirmations it made there. */
export const appealVerifier = onchainTable(
  "appeal_verifier",
  (t) => ({
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    verifier: t.hex().notNull(),
    /** Its place in the appeal's list of verifiers (0-based). */
    position: t.integer().notNull(),
    /** The next EIP-712 nonce (`nonces(verifier)`): 0 until it first confirms or cancels signatures. */
    nonce: t.bigint().notNull(),
    confirmations: t.integer().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.appeal, table.verifier] }),
    byVerifier: index().on(table.chainId, table.verifier),
  }),
);

// ───────────────────────────── donors ─────────────────────────────

/** A donor across every appeal of a chain. */
export const donor = onchainTable(
  "donor",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    appeals: t.integer().notNull(),
    pledges: t.integer().notNull(),
    /** USD standing in appeals (pledged − cancelled − refunded, pledge-time values): Σ `donation.activeUsd`. */
    activeUsd: t.bigint().notNull(),
    /** USD ever pledged, cancelled, and refunded (refunds at pledge-time prices). */
    pledgedUsd: t.bigint().notNull(),
    cancelledUsd: t.bigint().notNull(),
    refundedUsd: t.bigint().notNull(),
    firstPledgeAt: t.bigint().notNull(),
    lastPledgeAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

/** A donor in one appeal ("My giving"): sums over its tokens there. */
export const donation = onchainTable(
  "donation",
  (t) => ({
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    donor: t.hex().notNull(),
    pledges: t.integer().notNull(),
    activeUsd: t.bigint().notNull(),
    pledgedUsd: t.bigint().notNull(),
    cancelledUsd: t.bigint().notNull(),
    refundedUsd: t.bigint().notNull(),
    firstPledgeAt: t.bigint().notNull(),
    lastPledgeAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.appeal, table.donor] }),
    byDonor: index().on(table.chainId, table.donor, table.lastPledgeAt),
  }),
);

/**
 * A donor's books in one token of one appeal: the client's `DonorBook` (`active`/`activeUsd` is the
 * standing pledge, `pledgeOf`), with the USD of cancellations and refunds.
 */
export const donationToken = onchainTable(
  "donation_token",
  (t) => ({
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    donor: t.hex().notNull(),
    token: t.hex().notNull(),
    pledged: t.bigint().notNull(),
    pledgedUsd: t.bigint().notNull(),
    cancelled: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    active: t.bigint().notNull(),
    activeUsd: t.bigint().notNull(),
    pledges: t.integer().notNull(),
    cancelledUsd: t.bigint().notNull(),
    refundedUsd: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.appeal, table.donor, table.token] }),
    byDonor: index().on(table.chainId, table.donor),
  }),
);

/** A donor's receipts: every pledge, cancellation and refund, with its transaction. */
export const donorEvent = onchainTable(
  "donor_event",
  (t) => ({
    /** `<chainId>-<transaction hash>-<log index>`. */
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    donor: t.hex().notNull(),
    /** "pledge", "cancel" or "refund". */
    kind: t.text().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /** Pledges and cancellations: their own USD value; refunds: at pledge-time prices. */
    usdValue: t.bigint().notNull(),
    /** Where a cancellation or refund was sent (null for pledges). */
    to: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    byDonor: index().on(table.chainId, table.donor, table.blockNumber),
    byAppeal: index().on(table.chainId, table.appeal, table.blockNumber),
  }),
);

// ───────────────────────────── orders ─────────────────────────────

/** A purchase order: the client's `OrderRecord` without its histories, plus timestamps. */
export const purchaseOrder = onchainTable(
  "purchase_order",
  (t) => ({
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    orderId: t.bigint().notNull(),
    supplier: t.hex().notNull(),
    amountUsd: t.bigint().notNull(),
    units: t.bigint().notNull(),
    deliverBy: t.bigint().notNull(),
    advanceBps: t.integer().notNull(),
    termsHash: t.hex().notNull(),
    /** Placed, Accepted, Shipped, Completed or Cancelled. */
    status: t.text().notNull(),
    /** Tokens reserved, in the order of their `OrderReserved` events. */
    tokens: t.hex().array().notNull(),
    /** Each verifier's latest cumulative confirmation: { "<verifier>": "<units>" }. */
    confirmedBy: t.json().$type<Record<string, string>>().notNull(),
    unitsVerified: t.bigint().notNull(),
    unitsPaid: t.bigint().notNull(),
    advancePaid: t.boolean().notNull(),
    advanceReclaimed: t.boolean().notNull(),
    shipments: t.integer().notNull(),
    lastEvidenceURI: t.text(),
    confirmations: t.integer().notNull(),
    createdAt: t.bigint().notNull(),
    acceptedAt: t.bigint(),
    shippedAt: t.bigint(),
    completedAt: t.bigint(),
    cancelledAt: t.bigint(),
    cancelledBy: t.hex(),
    createdBlock: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.appeal, table.orderId] }),
    bySupplier: index().on(table.chainId, table.supplier, table.status),
  }),
);

/** What an order pays in one token: the client's `OrderShare`. */
export const orderShare = onchainTable(
  "order_share",
  (t) => ({
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    orderId: t.bigint().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    paid: t.bigint().notNull(),
    advance: t.bigint().notNull(),
    reclaimed: t.bigint().notNull(),
    returned: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.appeal, table.orderId, table.token] }),
  }),
);

/** A verifier's confirmation of delivered units (by transaction or EIP-712 signature). */
export const confirmation = onchainTable(
  "confirmation",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    appeal: t.hex().notNull(),
    orderId: t.bigint().notNull(),
    verifier: t.hex().notNull(),
    unitsDelivered: t.bigint().notNull(),
    evidenceHash: t.hex().notNull(),
    bySignature: t.boolean().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    byOrder: index().on(table.chainId, table.appeal, table.orderId),
    byVerifier: index().on(table.chainId, table.verifier, table.blockNumber),
  }),
);

/**
 * A verifier's work queue: one row per order of every appeal it verifies. `pending` is true while the
 * order is Accepted or Shipped and this verifier has confirmed fewer units than the order holds.
 */
export const verifierTask = onchainTable(
  "verifier_task",
  (t) => ({
    chainId: t.integer().notNull(),
    verifier: t.hex().notNull(),
    appeal: t.hex().notNull(),
    orderId: t.bigint().notNull(),
    supplier: t.hex().notNull(),
    units: t.bigint().notNull(),
    unitsVerified: t.bigint().notNull(),
    /** What this verifier confirmed so far (cumulative). */
    confirmedUnits: t.bigint().notNull(),
    orderStatus: t.text().notNull(),
    pending: t.boolean().notNull(),
    deliverBy: t.bigint().notNull(),
    lastShipmentAt: t.bigint(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.verifier, table.appeal, table.orderId] }),
    byPending: index().on(table.chainId, table.verifier, table.pending),
  }),
);

// ───────────────────────────── suppliers' money ─────────────────────────────

/** What a supplier was credited, had reclaimed, withdrew and is owed, in one token of one appeal. */
export const supplierBalance = onchainTable(
  "supplier_balance",
  (t) => ({
    chainId: t.integer().notNull(),
    supplier: t.hex().notNull(),
    appeal: t.hex().notNull(),
    token: t.hex().notNull(),
    /** Payments (advances included). */
    credited: t.bigint().notNull(),
    reclaimed: t.bigint().notNull(),
    /** credited − reclaimed. */
    earned: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    /** earned − withdrawn: what `withdraw()` would send now (the client's `ledger.owed`). */
    owed: t.bigint().notNull(),
    earnedUsd: t.bigint().notNull(),
    withdrawnUsd: t.bigint().notNull(),
    owedUsd: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.supplier, table.appeal, table.token] }),
    byAppeal: index().on(table.chainId, table.appeal),
  }),
);

/** A supplier's money in one token, summed over every appeal. */
export const supplierToken = onchainTable(
  "supplier_token",
  (t) => ({
    chainId: t.integer().notNull(),
    supplier: t.hex().notNull(),
    token: t.hex().notNull(),
    earned: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    owed: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.supplier, table.token] }),
  }),
);

// ───────────────────────────── platform ─────────────────────────────

/** The platform's totals on one chain (the sums of the `appeal` rows, kept as they change). */
export const platform = onchainTable("platform", (t) => ({
  chainId: t.integer().primaryKey(),
  appeals: t.integer().notNull(),
  donors: t.integer().notNull(),
  pledges: t.integer().notNull(),
  orders: t.integer().notNull(),
  openOrders: t.integer().notNull(),
  raisedUsd: t.bigint().notNull(),
  cancelledUsd: t.bigint().notNull(),
  spentUsd: t.bigint().notNull(),
  refundedUsd: t.bigint().notNull(),
  withdrawnUsd: t.bigint().notNull(),
  unitsOrdered: t.bigint().notNull(),
  unitsVerified: t.bigint().notNull(),
  unitsPaid: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/** The platform's totals in one token. */
export const platformToken = onchainTable(
  "platform_token",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    pledged: t.bigint().notNull(),
    cancelled: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    reserved: t.bigint().notNull(),
    earned: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token] }) }),
);

// ───────────────────────────── audits ─────────────────────────────

/**
 * An auditor's verdict on an appeal published through EAS (schema `AUDIT_SCHEMA` in indexer/eas.ts,
 * recipient = the appeal). Indexed only when an EAS address is configured.
 */
export const auditAttestation = onchainTable(
  "audit_attestation",
  (t) => ({
    chainId: t.integer().notNull(),
    uid: t.hex().notNull(),
    appeal: t.hex().notNull(),
    attester: t.hex().notNull(),
    /** What the attestation says: the chain and blocks audited, checks run and failed, the report's CID. */
    auditedChainId: t.bigint().notNull(),
    fromBlock: t.bigint().notNull(),
    toBlock: t.bigint().notNull(),
    checksRun: t.integer().notNull(),
    checksFailed: t.integer().notNull(),
    reportCid: t.text().notNull(),
    /**
     * Set when the data names another campaign than the attestation's recipient, or another chain than
     * the one it is on (client/attest.ts `listAuditAttestations` flags the same): not counted in
     * `appeal.audits`.
     */
    mismatch: t.text(),
    time: t.bigint().notNull(),
    revoked: t.boolean().notNull(),
    revokedAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.uid] }),
    byAppeal: index().on(table.chainId, table.appeal),
  }),
);

// ───────────────────────────── relations (GraphQL) ─────────────────────────────

export const appealRelations = relations(appeal, ({ many }) => ({
  books: many(appealToken),
  orders: many(purchaseOrder),
  verifierRows: many(appealVerifier),
  donations: many(donation),
  attestations: many(auditAttestation),
}));

export const appealTokenRelations = relations(appealToken, ({ one }) => ({
  appealRow: one(appeal, {
    fields: [appealToken.chainId, appealToken.appeal],
    references: [appeal.chainId, appeal.address],
  }),
  tokenRow: one(token, {
    fields: [appealToken.chainId, appealToken.token],
    references: [token.chainId, token.address],
  }),
}));

export const appealVerifierRelations = relations(appealVerifier, ({ one }) => ({
  appealRow: one(appeal, {
    fields: [appealVerifier.chainId, appealVerifier.appeal],
    references: [appeal.chainId, appeal.address],
  }),
  verifierRow: one(verifier, {
    fields: [appealVerifier.chainId, appealVerifier.verifier],
    references: [verifier.chainId, verifier.address],
  }),
}));

export const donationRelations = relations(donation, ({ one, many }) => ({
  appealRow: one(appeal, {
    fields: [donation.chainId, donation.appeal],
    references: [appeal.chainId, appeal.address],
  }),
  tokens: many(donationToken),
}));

export const donationTokenRelations = relations(donationToken, ({ one }) => ({
  donationRow: one(donation, {
    fields: [donationToken.chainId, donationToken.appeal, donationToken.donor],
    references: [donation.chainId, donation.appeal, donation.donor],
  }),
}));

export const purchaseOrderRelations = relations(purchaseOrder, ({ one, many }) => ({
  appealRow: one(appeal, {
    fields: [purchaseOrder.chainId, purchaseOrder.appeal],
    references: [appeal.chainId, appeal.address],
  }),
  supplierRow: one(supplier, {
    fields: [purchaseOrder.chainId, purchaseOrder.supplier],
    references: [supplier.chainId, supplier.address],
  }),
  shares: many(orderShare),
}));

export const orderShareRelations = relations(orderShare, ({ one }) => ({
  order: one(purchaseOrder, {
    fields: [orderShare.chainId, orderShare.appeal, orderShare.orderId],
    references: [purchaseOrder.chainId, purchaseOrder.appeal, purchaseOrder.orderId],
  }),
}));

export const supplierRelations = relations(supplier, ({ many }) => ({
  orders: many(purchaseOrder),
  balances: many(supplierToken),
}));

export const supplierTokenRelations = relations(supplierToken, ({ one }) => ({
  supplierRow: one(supplier, {
    fields: [supplierToken.chainId, supplierToken.supplier],
    references: [supplier.chainId, supplier.address],
  }),
}));

export const verifierTaskRelations = relations(verifierTask, ({ one }) => ({
  appealRow: one(appeal, {
    fields: [verifierTask.chainId, verifierTask.appeal],
    references: [appeal.chainId, appeal.address],
  }),
  order: one(purchaseOrder, {
    fields: [verifierTask.chainId, verifierTask.appeal, verifierTask.orderId],
    references: [purchaseOrder.chainId, purchaseOrder.appeal, purchaseOrder.orderId],
  }),
}));

export const auditAttestationRelations = relations(auditAttestation, ({ one }) => ({
  appealRow: one(appeal, {
    fields: [auditAttestation.chainId, auditAttestation.appeal],
    references: [appeal.chainId, appeal.address],
  }),
}));
