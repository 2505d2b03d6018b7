/**
 * The auditor: from a campaign address and a JSON-RPC client alone, fetches the campaign's events,
 * replays them (ledger.ts) and checks the result against the campaign's views, the token balances
 * and the ERC-20 transfers in and out of the campaign: every invariant of the design, per token.
 */
import {
  decodeEventLog,
  encodeEventTopics,
  erc20Abi,
  getAddress,
  pad,
  parseAbiItem,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { campaignAbi, campaignFactoryAbi, registryAbi } from "./generated/abis.ts";
import {
  available,
  held,
  normalizeParams,
  replay,
  STATUS_NAMES,
  ORDER_STATUS_NAMES,
  type CampaignParams,
  type Ledger,
} from "./ledger.ts";
import { fetchLogs, type LogProgress } from "./logs.ts";

/** One checked statement: an invariant of the design, or the agreement of events with the chain. */
export type Check = {
  /** Short id of the rule, e.g. "balance-covers-held". */
  rule: string;
  /** What it is about: a token, an order, a donor. */
  scope: string;
  ok: boolean;
  expected: string;
  found: string;
  /** Optional human explanation. */
  detail?: string;
};

export type TokenInfo = { address: Address; symbol: string; decimals: number };

export type AuditResult = {
  chainId: number;
  campaign: Address;
  factory?: Address;
  registry: Address;
  implementation: Address;
  organizer: Address;
  creationBlock: bigint;
  toBlock: bigint;
  blockTimestamp: bigint;
  status: (typeof STATUS_NAMES)[number];
  raisedUsd: bigint;
  params: CampaignParams;
  tokens: TokenInfo[];
  ledger: Ledger;
  /** Views read at `toBlock`, per token. */
  onChain: Record<Address, { ledger: Record<string, bigint>; balance: bigint }>;
  checks: Check[];
  discrepancies: Check[];
  warnings: string[];
  rpc: { calls: number; logCalls: number };
};

export type AuditProgress =
  | { phase: "start"; message: string }
  | { phase: "logs"; progress: LogProgress }
  | { phase: "views"; message: string };

export type AuditOptions = {
  fromBlock?: bigint;
  toBlock?: bigint;
  onProgress?: (p: AuditProgress) => void;
  /** Counts JSON-RPC calls; the CLI passes its transport's counter. */
  rpcCalls?: () => number;
};

/** Bad input that the auditor refuses (CLI exit code 2), with how to fix it. */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditInputError";
  }
}

const EIP1167_PREFIX = "0x363d3d373d3d3d363d73";
const EIP1167_SUFFIX = "5af43d82803e903d91602b57fd5bf3";
const CAMPAIGN_CREATED = parseAbiItem(
  "event CampaignCreated(address indexed campaign, address indexed organizer, uint256 indexed index, (address beneficiary,uint128 goalUsd,uint64 targetUnits,uint40 deadline,uint40 procurementDeadline,uint32 deliveryGracePeriod,uint16 maxAdvanceBps,uint8 threshold,bool allOrNothing,address[] tokens,address[] verifiers,string unitName,string metadataURI) params)",
);
const TRANSFER = parseAbiItem(
  "event Transfer(address indexed from, address indexed to, uint256 value)",
);
const lower = (a: string) => a.toLowerCase() as Address;

/** The implementation a campaign clone delegates to, or undefined when `code` is not an EIP-1167 clone. */
export function cloneImplementation(code: Hex | undefined): Address | undefined {
  if (!code || !code.toLowerCase().startsWith(EIP1167_PREFIX)) return undefined;
  const body = code.slice(EIP1167_PREFIX.length);
  if (body.slice(40, 40 + EIP1167_SUFFIX.length).toLowerCase() !== EIP1167_SUFFIX) return undefined;
  return getAddress(`0x${body.slice(0, 40)}`);
}

/** The first block at which `address` has code (binary search over eth_getCode; needs state history). */
export async function findCreationBlock(
  client: PublicClient,
  address: Address,
  latest: bigint,
): Promise<bigint> {
  let low = 0n;
  let high = latest;
  while (low < high) {
    const mid = (low + high) / 2n;
    const code = await client.getCode({ address, blockNumber: mid });
    if (code && code !== "0x") high = mid;
    else low = mid + 1n;
  }
  return low;
}

export async function tokenInfo(client: PublicClient, token: Address): Promise<TokenInfo> {
  if (lower(token) === zeroAddress) return { address: zeroAddress, symbol: "ETH", decimals: 18 };
  const [symbol, decimals] = await Promise.all([
    client
      .readContract({ address: token, abi: erc20Abi, functionName: "symbol" })
      .catch(() => token.slice(0, 8)),
    client
      .readContract({ address: token, abi: erc20Abi, functionName: "decimals" })
      .catch(() => 18),
  ]);
  return { address: lower(token), symbol, decimals: Number(decimals) };
}

/** Audits `campaign`. Throws `AuditInputError` for input the auditor cannot work with. */
export async function auditCampaign(
  client: PublicClient,
  campaignInput: string,
  options: AuditOptions = {},
): Promise<AuditResult> {
  const say = (message: string) => options.onProgress?.({ phase: "start", message });
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
  say(`chain ${chainId}, block ${toBlock}`);

  const code = await client.getCode({ address: campaign, blockNumber: toBlock });
  if (!code || code === "0x") {
    throw new AuditInputError(
      `${campaign} has no code on chain ${chainId} at block ${toBlock}: it is not a campaign here. Check the address and that --rpc points at the chain it was deployed on.`,
    );
  }
  const implementation = cloneImplementation(code);
  if (!implementation) {
    throw new AuditInputError(
      `${campaign} is a contract but not a Handover campaign (not an EIP-1167 clone). Pass the address of a campaign created by the factory.`,
    );
  }
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: functionName as never,
      args: args as never,
      blockNumber: toBlock,
    }) as Promise<T>;

  let params: CampaignParams;
  let organizer: Address;
  let registry: Address;
  try {
    [params, organizer, registry] = await Promise.all([
      read<CampaignParams>("params"),
      read<Address>("organizer"),
      read<Address>("registry"),
    ]);
  } catch {
    throw new AuditInputError(
      `${campaign} does not answer as a Handover campaign (params() failed). Pass the address of a campaign created by the factory.`,
    );
  }
  params = normalizeParams(params);

  const warnings: string[] = [];
  let creationBlock = options.fromBlock;
  if (creationBlock === undefined) {
    say("finding the campaign's creation block");
    try {
      creationBlock = await findCreationBlock(client, campaign, toBlock);
    } catch (error) {
      throw new AuditInputError(
        `this node cannot tell when ${campaign} was created (${(error as Error).message.split("\n")[0]}); it probably keeps no state history. Pass --from-block <the block of the campaign's creation>, e.g. from the factory's CampaignCreated event on an explorer.`,
      );
    }
  }

  // The factory that created the campaign: its CampaignCreated log in the creation block.
  let factory: Address | undefined;
  const createdLogs = await fetchLogs(client, {
    topics: encodeEventTopics({
      abi: [CAMPAIGN_CREATED],
      eventName: "CampaignCreated",
      args: { campaign },
    }) as Hex[],
    fromBlock: creationBlock,
    toBlock: creationBlock + 0n,
  });
  let logCalls = createdLogs.calls;

  say(`scanning blocks ${creationBlock}-${toBlock} for the campaign's events`);
  const campaignLogs = await fetchLogs(client, {
    address: campaign,
    fromBlock: creationBlock,
    toBlock,
    onProgress: (progress) => options.onProgress?.({ phase: "logs", progress }),
  });
  logCalls += campaignLogs.calls;

  const checks: Check[] = [];
  const check = (
    rule: string,
    scope: string,
    ok: boolean,
    expected: unknown,
    found: unknown,
    detail?: string,
  ) => checks.push({ rule, scope, ok, expected: String(expected), found: String(found), detail });

  if (createdLogs.logs.length === 1) {
    factory = lower(createdLogs.logs[0].address);
    const [isCampaign, factoryImplementation] = await Promise.all([
      client.readContract({
        address: factory,
        abi: campaignFactoryAbi,
        functionName: "isCampaign",
        args: [campaign],
        blockNumber: toBlock,
      }),
      client.readContract({
        address: factory,
        abi: campaignFactoryAbi,
        functionName: "implementation",
        blockNumber: toBlock,
      }),
    ]);
    check("created-by-factory", "campaign", isCampaign, "factory.isCampaign = true", isCampaign);
    check(
      "factory-implementation",
      "campaign",
      lower(factoryImplementation) === lower(implementation),
      factoryImplementation,
      implementation,
    );
  } else {
    check(
      "created-by-factory",
      "campaign",
      false,
      `one CampaignCreated event in block ${creationBlock}`,
      `${createdLogs.logs.length}`,
      "the campaign was not created by a factory in its creation block (or --from-block is not its creation block)",
    );
  }

  const ledger = replay(params, campaignLogs.logs);
  for (const issue of ledger.issues) {
    check(
      "event-history",
      `block ${issue.blockNumber} tx ${issue.transactionHash}`,
      false,
      issue.expected,
      issue.found,
      issue.what,
    );
  }

  // ── views at toBlock ──
  options.onProgress?.({ phase: "views", message: "reading the campaign's views and balances" });
  const tokens = await Promise.all(params.tokens.map((t) => tokenInfo(client, t)));
  const [statusIndex, raisedUsd, orderCount, block] = await Promise.all([
    read<number>("status"),
    read<bigint>("raisedUsd"),
    read<bigint>("orderCount"),
    client.getBlock({ blockNumber: toBlock }),
  ]);
  const status = STATUS_NAMES[statusIndex];

  const onChain: AuditResult["onChain"] = {};
  for (const token of params.tokens) {
    const [viewLedger, balance] = await Promise.all([
      read<Record<string, bigint>>("ledger", [token]),
      token === zeroAddress
        ? client.getBalance({ address: campaign, blockNumber: toBlock })
        : client.readContract({
            address: token,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [campaign],
            blockNumber: toBlock,
          }),
    ]);
    onChain[token] = { ledger: { ...viewLedger }, balance };
    const book = ledger.tokens[token];
    const symbol = tokens.find((t) => t.address === token)!.symbol;
    for (const field of [
      "pledged",
      "cancelled",
      "refunded",
      "reserved",
      "earned",
      "withdrawn",
      "pledgedUsd",
      "unspentAtClose",
    ] as const) {
      check(
        "events-match-views",
        `${symbol} ${field}`,
        book[field] === viewLedger[field],
        `${book[field]} (from events)`,
        `${viewLedger[field]} (ledger view)`,
      );
    }
    check(
      "events-match-views",
      `${symbol} available`,
      available(book) === viewLedger.available,
      `${available(book)} (from events)`,
      `${viewLedger.available} (ledger view)`,
    );
    const heldAmount = held(book);
    check(
      "balance-covers-held",
      symbol,
      balance >= heldAmount,
      `balance >= pledged - cancelled - refunded - withdrawn = ${heldAmount}`,
      `${balance}`,
    );
    const owed = book.earned - book.withdrawn;
    check(
      "held-is-accounted",
      symbol,
      viewLedger.reserved + owed + viewLedger.available === heldAmount,
      `reserved + owed + available = ${heldAmount}`,
      `${viewLedger.reserved} + ${owed} + ${viewLedger.available} = ${viewLedger.reserved + owed + viewLedger.available}`,
    );
  }
  const eventsRaisedUsd = Object.values(ledger.tokens).reduce((sum, b) => sum + b.pledgedUsd, 0n);
  check(
    "events-match-views",
    "raised USD",
    eventsRaisedUsd === raisedUsd,
    `${eventsRaisedUsd} (from events)`,
    `${raisedUsd} (raisedUsd view)`,
  );
  const storedStatus = ledger.status;
  const derivedOk =
    status === storedStatus ||
    (storedStatus === "Funding" &&
      (status === "Failed" || status === "Procurement") &&
      block.timestamp >= params.deadline);
  check(
    "status-consistent",
    "campaign",
    derivedOk,
    `${storedStatus} (from events, or what the deadline moves it to)`,
    status,
  );

  // ── orders ──
  check(
    "events-match-views",
    "order count",
    BigInt(ledger.orders.length) === orderCount,
    ledger.orders.length,
    orderCount,
  );
  const orderViews = await Promise.all(
    ledger.orders.map((o) =>
      read<{
        paid: bigint;
        unitsVerified: bigint;
        status: number;
        amount: bigint;
        supplier: Address;
      }>("order", [o.id]),
    ),
  );
  const earnedBySupplier: Record<string, bigint> = {};
  const orderedBySupplier: Record<string, bigint> = {};
  ledger.orders.forEach((order, i) => {
    const view = orderViews[i];
    const scope = `order ${order.id}`;
    check("events-match-views", `${scope} paid`, order.paid === view.paid, order.paid, view.paid);
    check(
      "events-match-views",
      `${scope} units verified`,
      order.unitsVerified === view.unitsVerified,
      order.unitsVerified,
      view.unitsVerified,
    );
    check(
      "events-match-views",
      `${scope} status`,
      order.status === ORDER_STATUS_NAMES[view.status],
      order.status,
      ORDER_STATUS_NAMES[view.status],
    );
    check(
      "paid-within-amount",
      scope,
      order.paid <= order.amount,
      `<= ${order.amount}`,
      order.paid,
    );
    const key = `${order.supplier}/${order.token}`;
    earnedBySupplier[key] = (earnedBySupplier[key] ?? 0n) + order.paid;
    orderedBySupplier[key] = (orderedBySupplier[key] ?? 0n) + order.amount;
    const advances = order.payments.filter((p) => p.advance).reduce((s, p) => s + p.amount, 0n);
    const cap = (order.amount * BigInt(params.maxAdvanceBps)) / 10_000n;
    check(
      "advance-within-cap",
      scope,
      advances <= cap,
      `<= ${cap} (${params.maxAdvanceBps} bps)`,
      advances,
    );
    const deliveryPaid = order.paid - advances;
    const verifiedShare = (order.amount * order.unitsVerified) / order.units;
    check(
      "paid-for-verified-delivery",
      scope,
      order.paid <= (advances > verifiedShare ? advances : verifiedShare),
      `<= max(advance, amount × verified / units) = ${advances > verifiedShare ? advances : verifiedShare}`,
      `${order.paid} (${deliveryPaid} for deliveries)`,
    );
  });
  for (const key of Object.keys(earnedBySupplier)) {
    check(
      "supplier-earned-within-orders",
      key,
      earnedBySupplier[key] <= orderedBySupplier[key],
      `<= ${orderedBySupplier[key]}`,
      earnedBySupplier[key],
    );
  }

  // Every payment went to a supplier the registry vetted at that block.
  const paymentBlocks = ledger.orders.flatMap((o) =>
    o.payments.map((p) => ({
      supplier: o.supplier,
      order: o.id,
      block: p.blockNumber,
      tx: p.transactionHash,
    })),
  );
  await Promise.all(
    paymentBlocks.map(async (p) => {
      try {
        const vetted = await client.readContract({
          address: registry,
          abi: registryAbi,
          functionName: "isVettedSupplier",
          args: [p.supplier],
          blockNumber: p.block,
        });
        check(
          "paid-to-vetted-supplier",
          `order ${p.order} tx ${p.tx}`,
          vetted,
          `${p.supplier} vetted at block ${p.block}`,
          vetted ? "vetted" : "not vetted",
        );
      } catch {
        warnings.push(
          `could not read the registry at block ${p.block} (the node keeps no history there): the supplier of order ${p.order} was not checked as vetted at payment time`,
        );
      }
    }),
  );

  // ── suppliers: what they are owed ──
  const supplierTokens = Object.entries(ledger.owed).flatMap(([supplier, byToken]) =>
    Object.entries(byToken).map(([token, owed]) => ({
      supplier: supplier as Address,
      token: token as Address,
      owed,
    })),
  );
  const withdrawables = await Promise.all(
    supplierTokens.map((s) => read<bigint>("withdrawable", [s.supplier, s.token])),
  );
  supplierTokens.forEach((s, i) => {
    check(
      "events-match-views",
      `withdrawable ${s.supplier} ${s.token}`,
      s.owed === withdrawables[i],
      s.owed,
      withdrawables[i],
    );
  });

  // ── donors: standing pledges, and nobody got back more than it pledged ──
  const donorTokens = Object.entries(ledger.donors).flatMap(([donor, byToken]) =>
    Object.entries(byToken).map(([token, book]) => ({
      donor: donor as Address,
      token: token as Address,
      book,
    })),
  );
  options.onProgress?.({
    phase: "views",
    message: `checking ${donorTokens.length} standing pledges`,
  });
  const pledgeViews = await Promise.all(
    donorTokens.map((d) => read<readonly [bigint, bigint]>("pledgeOf", [d.donor, d.token])),
  );
  let pledgeMismatches = 0;
  let overRefunded = 0;
  donorTokens.forEach((d, i) => {
    const [amount, usd] = pledgeViews[i];
    if (amount !== d.book.active || usd !== d.book.activeUsd) {
      pledgeMismatches++;
      check(
        "events-match-views",
        `pledge of ${d.donor} in ${d.token}`,
        false,
        `${d.book.active} (${d.book.activeUsd} USD)`,
        `${amount} (${usd} USD)`,
      );
    }
    if (d.book.cancelled + d.book.refunded > d.book.pledged) {
      overRefunded++;
      check(
        "donor-never-gets-more",
        `${d.donor} in ${d.token}`,
        false,
        `<= ${d.book.pledged}`,
        d.book.cancelled + d.book.refunded,
      );
    }
  });
  check(
    "events-match-views",
    `${donorTokens.length} standing pledges`,
    pledgeMismatches === 0,
    "every pledgeOf equals the replayed pledge",
    `${pledgeMismatches} differ`,
  );
  check(
    "donor-never-gets-more",
    `${donorTokens.length} donor-token pairs`,
    overRefunded === 0,
    "cancelled + refunded <= pledged for each",
    `${overRefunded} over`,
  );

  // ── ERC-20 transfers out of (and into) the campaign: what left is exactly cancellations, refunds, withdrawals ──
  for (const token of params.tokens.filter((t) => t !== zeroAddress)) {
    const symbol = tokens.find((t) => t.address === token)!.symbol;
    const [out, into] = await Promise.all([
      fetchLogs(client, {
        address: token,
        topics: [encodeEventTopics({ abi: [TRANSFER], eventName: "Transfer" })[0], pad(campaign)],
        fromBlock: creationBlock,
        toBlock,
      }),
      fetchLogs(client, {
        address: token,
        topics: [
          encodeEventTopics({ abi: [TRANSFER], eventName: "Transfer" })[0],
          null,
          pad(campaign),
        ],
        fromBlock: creationBlock,
        toBlock,
      }),
    ]);
    logCalls += out.calls + into.calls;
    const sum = (logs: typeof out.logs) =>
      logs.reduce(
        (s, log) =>
          s + decodeEventLog({ abi: [TRANSFER], data: log.data, topics: log.topics }).args.value,
        0n,
      );
    const book = ledger.tokens[token];
    const left = sum(out.logs);
    const expectedOut = book.cancelled + book.refunded + book.withdrawn;
    check(
      "transfers-out-match",
      symbol,
      left === expectedOut,
      `cancelled + refunded + withdrawn = ${expectedOut}`,
      `${left} in ${out.logs.length} Transfer events`,
    );
    const arrived = sum(into.logs);
    check(
      "transfers-in-cover-pledges",
      symbol,
      arrived >= book.pledged,
      `>= ${book.pledged} pledged`,
      `${arrived} in ${into.logs.length} Transfer events`,
    );
  }

  const discrepancies = checks.filter((c) => !c.ok);
  return {
    chainId,
    campaign: lower(campaign),
    factory,
    registry: lower(registry),
    implementation: lower(implementation),
    organizer: lower(organizer),
    creationBlock,
    toBlock,
    blockTimestamp: block.timestamp,
    status,
    raisedUsd,
    params,
    tokens,
    ledger,
    onChain,
    checks,
    discrepancies,
    warnings,
    rpc: { calls: options.rpcCalls?.() ?? 0, logCalls },
  };
}
