/**
 * The auditor: from a campaign address and a JSON-RPC client alone, fetches the campaign's events,
 * replays them (ledger.ts) and checks the result against the campaign's views, the token balances
 * and the ERC-20 transfers in and out of the campaign: every invariant of the design, per token.
 *
 * Beyond the books adding up, it checks the promise itself (rules prefixed `promise-`): unverified
 * payouts within the campaign-wide cap, every donor's refund fraction equal, no verified unit left
 * unpaid, suppliers vetted when money reaches them, verifiers registered and independent, windows
 * bounded. Campaigns of v1 deployments (made before these rules were enforced) are audited too: the
 * same histories that v2 refuses make the audit fail there, naming the rule.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  decodeEventLog,
  encodeEventTopics,
  erc20Abi,
  getAddress,
  pad,
  parseAbiItem,
  zeroAddress,
  type Address,
  type Hex,
  type Log,
  type PublicClient,
} from "viem";

import { campaignAbi, campaignFactoryAbi, campaignV1Abi, registryAbi } from "./generated/abis.ts";
import {
  advanceCap,
  available,
  BPS,
  dueOf,
  held,
  mulDiv,
  netPledged,
  normalizeParams,
  replay,
  STATUS_NAMES,
  ORDER_STATUS_NAMES,
  type CampaignParams,
  type Ledger,
  type OrderRecord,
} from "./ledger.ts";
import { deploymentContaining } from "./deployments.ts";
import { fetchLogs, LogFetchError, type LogProgress } from "./logs.ts";
import { redactUrl, rpcFaultOf, type RpcFaultKind } from "./rpc.ts";

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

/** The rules that check the promise itself (see docs/DESIGN.md, "The promise"), in report order. */
export const PROMISE_RULES = {
  "promise-unverified-within-cap":
    "No unverified money out: per token, payouts beyond verified delivery stay within the advance cap × net pledges, over the campaign's whole life",
  "promise-equal-refund-fraction":
    "Every donor treated alike: every token's pool is spent, and given back, in the same proportion",
  "promise-verified-units-paid":
    "Delivered means paid: every verified unit of a settled order was credited",
  "promise-vetted-supplier":
    "Money reaches only vetted suppliers: vetted when an order is accepted and whenever money leaves",
  "promise-independent-verifier":
    "Independent verification: registered, active verifiers, never the organizer or the order's supplier",
  "promise-bounded-windows":
    "Nobody locked in: funding and procurement windows within the registry's limits",
} as const;
export type PromiseRule = keyof typeof PROMISE_RULES;

/**
 * The longest windows a v2 registry ever allows (Registry.FUNDING_WINDOW_BOUND and
 * PROCUREMENT_WINDOW_BOUND): used for campaigns whose registry keeps no limits (v1).
 */
const FUNDING_WINDOW_BOUND = 365n * 86_400n;
const PROCUREMENT_WINDOW_BOUND = 3n * 365n * 86_400n;

export type AuditResult = {
  chainId: number;
  /** 2: current contracts; 1: a campaign of a deployment made before the promise was enforced. */
  version: 1 | 2;
  campaign: Address;
  factory?: Address;
  registry: Address;
  implementation: Address;
  organizer: Address;
  creationBlock: bigint;
  /** Every event up to this block, and every view and balance read at it. */
  toBlock: bigint;
  /** Its hash, read at the start of the audit and checked again at the end. */
  toBlockHash: Hex;
  /** The head the provider reported when the audit started. */
  head: bigint;
  /** How many blocks behind that head the audit stayed (`head - toBlock`). */
  confirmations: number;
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
  /** Audit at this block (instead of `confirmations` behind the head). */
  toBlock?: bigint;
  /**
   * Stay this many blocks behind the head the provider reports, so that a node lagging behind its
   * load balancer or a shallow reorganisation cannot make the books look wrong. Default 6, or 0 on
   * the local development chains (31337, 1337), which mine only on demand.
   */
  confirmations?: number;
  onProgress?: (p: AuditProgress) => void;
  /** Counts JSON-RPC calls; the CLI passes its transport's counter. */
  rpcCalls?: () => number;
  /** The RPC URL, for messages (only its origin is ever shown). */
  rpcUrl?: string;
};

/** Bad input that the auditor refuses (CLI exit code 2), with how to fix it. */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditInputError";
  }
}

/** Why an audit could not be carried out although the input was fine: the provider, not the campaign. */
export type UnavailableReason = RpcFaultKind | "lagging" | "reorg" | "no-history";

/**
 * The provider could not give the audit what it needs (CLI exit code 2): rate-limited, unreachable,
 * lagging behind the head it reports, reorganised under the audited block... No verdict is given:
 * what the chain holds is unknown, not wrong.
 */
export class AuditUnavailableError extends Error {
  readonly reason: UnavailableReason;
  constructor(reason: UnavailableReason, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "AuditUnavailableError";
    this.reason = reason;
  }
}

/** The local development chains, which mine only when asked: nothing to wait for there. */
const LOCAL_CHAINS = new Set([31337, 1337]);
export const DEFAULT_CONFIRMATIONS = 6;

const MISSING_BLOCK =
  /header not found|unknown block|block not found|could not find block|block .*not (yet )?(found|available)|requested block .*(not|unavailable)|beyond (the )?(current )?head|after last accepted block|future block/i;
const PRUNED_STATE =
  /missing trie node|state (is )?not available|pruned|historical state|state histor(y|ies)|old data not available|archive/i;

/** The words of an error along its cause chain (never viem's full message, which quotes the URL). */
function errorWords(error: unknown): string {
  const words: string[] = [];
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 8; depth++) {
    for (const w of [e.details, e.shortMessage, e instanceof BaseError ? undefined : e.message])
      if (typeof w === "string") words.push(w);
    e = e.cause as Record<string, unknown> | undefined;
  }
  return words.join(" | ");
}

/** The node does not (yet) have the block asked for. */
export function isMissingBlockError(error: unknown): boolean {
  return MISSING_BLOCK.test(errorWords(error));
}

/** The node no longer keeps the state of the block asked for (not an archive node). */
export function isPrunedStateError(error: unknown): boolean {
  return PRUNED_STATE.test(errorWords(error));
}

/** A contract answered with a revert (or no data): a finding about the contract, not about the provider. */
export function isRevert(error: unknown): boolean {
  if (error instanceof BaseError) {
    const found = error.walk(
      (e) =>
        e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError,
    );
    if (found) return true;
  }
  return /execution reverted|revert/i.test(errorWords(error)) && !rpcFaultOf(error);
}

/**
 * Turns a failure of the provider into `AuditUnavailableError` (thrown), so that no fallback or
 * "not found" ever stands in for data; returns for errors that are answers of the chain.
 */
function rethrowUnavailable(error: unknown, where: string, origin = "the provider"): void {
  if (error instanceof AuditUnavailableError || error instanceof AuditInputError) throw error;
  const fault = rpcFaultOf(error) ?? (error instanceof LogFetchError ? error.fault : undefined);
  if (fault) throw new AuditUnavailableError(fault.kind, `${where}: ${fault.shortMessage}`, error);
  if (error instanceof LogFetchError)
    throw new AuditUnavailableError("server-error", `${where}: ${error.message}`, error);
  if (isMissingBlockError(error))
    throw new AuditUnavailableError(
      "lagging",
      `${where}: ${origin} does not have the block asked for (${errorWords(error).split(" | ")[0]}) although it reported a newer head: a node lagging behind its load balancer. Run the audit again, with more --confirmations (e.g. 20) if it keeps happening.`,
      error,
    );
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

/**
 * The first block at which `address` has code (binary search over eth_getCode; needs state history),
 * at or after `earliest`. Only a candidate: confirm it with the factory's CampaignCreated event.
 */
export async function findCreationBlock(
  client: PublicClient,
  address: Address,
  latest: bigint,
  earliest = 0n,
): Promise<bigint> {
  let low = earliest;
  let high = latest;
  while (low < high) {
    const mid = (low + high) / 2n;
    const code = await client.getCode({ address, blockNumber: mid });
    if (code && code !== "0x") high = mid;
    else low = mid + 1n;
  }
  return low;
}

/**
 * A token's symbol and decimals, read from the chain (at `blockNumber` when given). Never guessed:
 * a transport failure is thrown (the robust client has already retried it), and so is a token that
 * does not answer `decimals()`, since amounts cannot be shown without it. Only a token whose
 * `symbol()` reverts (the contract answered, it has none) is named by its address.
 */
export async function tokenInfo(
  client: PublicClient,
  token: Address,
  blockNumber?: bigint,
): Promise<TokenInfo> {
  if (lower(token) === zeroAddress) return { address: zeroAddress, symbol: "ETH", decimals: 18 };
  const at = blockNumber === undefined ? {} : { blockNumber };
  const [symbol, decimals] = await Promise.all([
    client
      .readContract({ address: token, abi: erc20Abi, functionName: "symbol", ...at })
      .catch((error: unknown) => {
        if (rpcFaultOf(error) || !isRevert(error)) throw error;
        return token.slice(0, 8);
      }),
    client.readContract({ address: token, abi: erc20Abi, functionName: "decimals", ...at }),
  ]);
  return { address: lower(token), symbol, decimals: Number(decimals) };
}

const CREATED_TOPIC = encodeEventTopics({
  abi: [CAMPAIGN_CREATED],
  eventName: "CampaignCreated",
})[0];

/**
 * The block where `campaign` was created, confirmed by the CampaignCreated event that names it
 * (from any factory: the audit checks the factory afterwards). A binary search over eth_getCode from
 * the deployment's first block gives a candidate in a few dozen calls; the event is then looked for
 * from that block on, so that a node whose state history misleads the search (blocks mined in bulk
 * by hardhat_mine, a pruned node) cannot make the audit start at the wrong block. Without state
 * history, the event is looked for from the deployment's first block, when the deployment is known.
 */
async function locateCreation(
  client: PublicClient,
  campaign: Address,
  toBlock: bigint,
  earliest: bigint | undefined,
  say: (message: string) => void,
): Promise<{ block: bigint; created?: Log[]; calls: number }> {
  const topics = [CREATED_TOPIC, pad(campaign)] as Hex[];
  let calls = 0;
  let created: Log[] | undefined;
  const findEvent = async (from: bigint, to: bigint) => {
    const found = await fetchLogs(client, {
      topics,
      fromBlock: from,
      toBlock: to,
      firstMatch: true,
    });
    calls += found.calls;
    const block = found.logs[0]?.blockNumber ?? undefined;
    if (block !== undefined) created = found.logs.filter((l) => l.blockNumber === block);
    return block;
  };
  let candidate: bigint | undefined;
  try {
    candidate = await findCreationBlock(client, campaign, toBlock, earliest ?? 0n);
  } catch (error) {
    rethrowUnavailable(error, "finding the campaign's creation block");
    if (!isPrunedStateError(error))
      throw new AuditUnavailableError(
        "bad-response",
        `finding the campaign's creation block: the node answered eth_getCode for an older block with an error (${errorWords(error).split(" | ")[0]}). Pass --from-block <the block of the campaign's creation> to skip that search, or use another provider.`,
        error,
      );
    if (earliest === undefined) {
      throw new AuditInputError(
        `this node keeps no state history (${errorWords(error).split(" | ")[0]}), so it cannot tell when ${campaign} was created, and its deployment is not one of the published ones. Pass --from-block <the block of the campaign's creation>, e.g. from the factory's CampaignCreated event on an explorer, or use an archive node.`,
      );
    }
    say(
      `this node keeps no state history: looking for the CampaignCreated event from block ${earliest}`,
    );
  }
  try {
    if (candidate !== undefined && (await findEvent(candidate, candidate)) === candidate)
      return { block: candidate, created, calls };
    // The code search misled (blocks mined in bulk, a node whose history is not what it says):
    // the event itself tells, from the deployment's first block (or the chain's).
    const from = earliest ?? 0n;
    const found = await findEvent(from, toBlock);
    if (found !== undefined) {
      if (candidate !== undefined)
        say(
          `block ${candidate} is where this node first shows the campaign's code, but the CampaignCreated event is in block ${found}: starting there`,
        );
      return { block: found, created, calls };
    }
  } catch (error) {
    rethrowUnavailable(error, "looking for the campaign's CampaignCreated event");
    throw error;
  }
  if (candidate === undefined) {
    throw new AuditInputError(
      `no CampaignCreated event names ${campaign} between blocks ${earliest} and ${toBlock}: it was not created by a factory of this deployment. Pass --from-block if you know its creation block.`,
    );
  }
  // No event: not created by a factory. Start at the first block with code; the audit reports it.
  return { block: candidate, created: [], calls };
}

/** Audits `campaign`. Throws `AuditInputError` for input the auditor cannot work with. */
export async function auditCampaign(
  client: PublicClient,
  campaignInput: string,
  options: AuditOptions = {},
): Promise<AuditResult> {
  try {
    return await runAudit(client, campaignInput, options);
  } catch (error) {
    // Whatever the provider failed to give, wherever: no verdict, and the true reason.
    rethrowUnavailable(error, "the audit could not read the chain");
    throw error;
  }
}

async function runAudit(
  client: PublicClient,
  campaignInput: string,
  options: AuditOptions,
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
  let head: bigint;
  try {
    [chainId, head] = await Promise.all([client.getChainId(), client.getBlockNumber()]);
  } catch (error) {
    const fault = rpcFaultOf(error);
    if (fault && fault.kind !== "unreachable")
      rethrowUnavailable(error, "asking the chain id and the head");
    throw new AuditInputError(
      `cannot reach the JSON-RPC endpoint${options.rpcUrl ? ` at ${redactUrl(options.rpcUrl)}` : ""} (${fault ? fault.shortMessage : errorWords(error).split(" | ")[0]}). Check the --rpc URL and that the node is running.`,
    );
  }
  const origin = options.rpcUrl ? `the node behind ${redactUrl(options.rpcUrl)}` : "the node";
  const confirmations =
    options.confirmations ?? (LOCAL_CHAINS.has(chainId) ? 0 : DEFAULT_CONFIRMATIONS);
  if (!Number.isInteger(confirmations) || confirmations < 0)
    throw new AuditInputError(`confirmations must be a whole number >= 0, got ${confirmations}`);
  const behind = head > BigInt(confirmations) ? head - BigInt(confirmations) : 0n;
  const toBlock = options.toBlock ?? behind;
  if (toBlock > head)
    throw new AuditInputError(
      `--to-block ${toBlock} is after the chain's head (${head}) on chain ${chainId}. Pass a block that exists.`,
    );

  // The audited block, as this provider sees it. A node behind a load balancer that lags the head it
  // reported may not have it yet: give it a few seconds to catch up, then say what is happening.
  let toBlockHash: Hex | undefined;
  for (let attempt = 0; toBlockHash === undefined; attempt++) {
    try {
      const block = await client.getBlock({ blockNumber: toBlock });
      toBlockHash = block.hash!;
    } catch (error) {
      rethrowUnavailable(error, `reading block ${toBlock}`, origin);
      const missing = isMissingBlockError(error) || /could not be found/i.test(errorWords(error));
      if (!missing) throw error;
      if (attempt >= 3)
        throw new AuditUnavailableError(
          "lagging",
          `${origin} reported block ${head} as its head but does not serve block ${toBlock} (${confirmations} behind it) after ${attempt + 1} tries: a node lagging behind its load balancer. Run the audit again with more --confirmations (e.g. ${confirmations + 20}), or use another provider.`,
          error,
        );
      await new Promise((resolve) => setTimeout(resolve, 1_000 * 2 ** attempt));
    }
  }
  say(
    `chain ${chainId}, audited at block ${toBlock}${toBlock === behind ? ` (${confirmations} confirmations behind the head, ${head})` : ` (the head is ${head})`}`,
  );

  let code: Hex | undefined;
  try {
    code = await client.getCode({ address: campaign, blockNumber: toBlock });
  } catch (error) {
    rethrowUnavailable(error, `reading ${campaign}'s code`, origin);
    throw error;
  }
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
  // v2 campaigns sign EIP-712 confirmations in version "2" of their domain; v1 ones in "1".
  const version: 1 | 2 = await client
    .readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: "eip712Domain",
      blockNumber: toBlock,
    })
    .then(([, , domainVersion]) => (domainVersion === "1" ? 1 : 2) as 1 | 2)
    .catch((error: unknown) => {
      rethrowUnavailable(error, "reading the campaign's EIP-712 domain", origin);
      return 2 as const;
    });
  const campaignReadAbi = version === 1 ? campaignV1Abi : campaignAbi;
  const read = <T>(functionName: string, args: readonly unknown[] = [], blockNumber = toBlock) =>
    client
      .readContract({
        address: campaign,
        abi: campaignReadAbi,
        functionName: functionName as never,
        args: args as never,
        blockNumber,
      })
      .catch((error: unknown) => {
        rethrowUnavailable(error, `reading the campaign's ${functionName}()`, origin);
        throw error;
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
  } catch (error) {
    rethrowUnavailable(error, "reading the campaign's parameters", origin);
    throw new AuditInputError(
      `${campaign} does not answer as a Handover campaign (params() failed). Pass the address of a campaign created by the factory.`,
    );
  }
  params = normalizeParams(params);

  const warnings: string[] = [];
  // A published deployment this campaign belongs to (by its implementation): nothing before its
  // first block needs to be scanned.
  const deployment = deploymentContaining(chainId, implementation);
  let creationBlock = options.fromBlock;
  let located: Awaited<ReturnType<typeof locateCreation>> | undefined;
  if (creationBlock === undefined) {
    say(
      `finding the campaign's creation block${deployment ? ` (from block ${deployment.startBlock}, where deployment ${deployment.deploymentId} starts)` : ""}`,
    );
    located = await locateCreation(client, campaign, toBlock, deployment?.startBlock, say);
    creationBlock = located.block;
  }

  // The factory that created the campaign: its CampaignCreated log in the creation block.
  let factory: Address | undefined;
  // Found while locating the creation block, or looked for in the block --from-block names.
  const createdLogs = located?.created
    ? { logs: located.created, calls: 0 }
    : await fetchLogs(client, {
        topics: encodeEventTopics({
          abi: [CAMPAIGN_CREATED],
          eventName: "CampaignCreated",
          args: { campaign },
        }) as Hex[],
        fromBlock: creationBlock,
        toBlock: creationBlock + 0n,
      });
  let logCalls = createdLogs.calls + (located?.calls ?? 0);

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
  const tokens = await Promise.all(params.tokens.map((t) => tokenInfo(client, t, toBlock)));
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
  const symbolOf = (token: Address) => tokens.find((t) => t.address === token)?.symbol ?? token;
  // A history may name orders or tokens the campaign never had (the views then revert): that is a
  // finding, not a reason to stop the audit.
  const orderViews = await Promise.all(
    ledger.orders.map((o) =>
      read<{ paid?: bigint; unitsVerified: bigint; status: number }>("order", [o.id]).catch(
        () => undefined,
      ),
    ),
  );
  const shareViews =
    version === 2
      ? await Promise.all(
          ledger.orders.flatMap((o) =>
            o.tokens.map(async (token) => ({
              order: o,
              token,
              view: await read<readonly [bigint, bigint, bigint]>("orderShare", [
                o.id,
                token,
              ]).catch(() => undefined),
            })),
          ),
        )
      : [];
  ledger.orders.forEach((order, i) => {
    const view = orderViews[i];
    const scope = `order ${order.id}`;
    if (!view) {
      check(
        "events-match-views",
        scope,
        false,
        "an order the campaign's views know",
        `none: order(${order.id}) reverts`,
      );
    } else {
      if (version === 1) {
        const share = order.shares[order.tokens[0]];
        check(
          "events-match-views",
          `${scope} paid`,
          share.paid === view.paid,
          share.paid,
          view.paid,
        );
      }
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
    }
    for (const token of order.tokens) {
      const share = order.shares[token];
      const tscope = `${scope} ${symbolOf(token)}`;
      check(
        "paid-within-amount",
        tscope,
        share.paid <= share.amount,
        `<= ${share.amount}`,
        share.paid,
      );
      const cap = (share.amount * BigInt(params.maxAdvanceBps)) / BPS;
      check(
        "advance-within-cap",
        tscope,
        share.advance <= cap,
        `<= ${cap} (${params.maxAdvanceBps} bps of the order)`,
        share.advance,
      );
      const verifiedShare = dueOf(order, token);
      const counted = share.advance - share.reclaimed;
      const allowed = counted > verifiedShare ? counted : verifiedShare;
      check(
        "paid-for-verified-delivery",
        tscope,
        share.paid <= allowed,
        `<= max(advance, amount × verified / units) = ${allowed}`,
        share.paid,
      );
    }
  });
  for (const { order, token, view } of shareViews) {
    const share = order.shares[token];
    const scope = `order ${order.id} ${symbolOf(token)}`;
    if (!view) {
      check(
        "events-match-views",
        scope,
        false,
        "a share the campaign's views know",
        `none: orderShare(${order.id}, ${token}) reverts`,
      );
      continue;
    }
    const [amount, paid] = view;
    check("events-match-views", `${scope} amount`, share.amount === amount, share.amount, amount);
    check("events-match-views", `${scope} paid`, share.paid === paid, share.paid, paid);
  }
  const earnedBySupplier: Record<string, bigint> = {};
  const orderedBySupplier: Record<string, bigint> = {};
  for (const order of ledger.orders) {
    for (const token of order.tokens) {
      const key = `${order.supplier}/${token}`;
      earnedBySupplier[key] = (earnedBySupplier[key] ?? 0n) + order.shares[token].paid;
      orderedBySupplier[key] = (orderedBySupplier[key] ?? 0n) + order.shares[token].amount;
    }
  }
  for (const key of Object.keys(earnedBySupplier)) {
    check(
      "supplier-earned-within-orders",
      key,
      earnedBySupplier[key] <= orderedBySupplier[key],
      `<= ${orderedBySupplier[key]}`,
      earnedBySupplier[key],
    );
  }

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

  // ── the promise ──
  options.onProgress?.({ phase: "views", message: "checking the promise" });
  await checkPromise({
    client,
    registry,
    organizer: lower(organizer),
    creationBlock,
    toBlock,
    version,
    ledger,
    params,
    symbolOf,
    check,
    warnings,
  });

  // The audited block must still be the one the audit started from (no reorganisation under it),
  // and the node serving logs must have it (EIP-234: logs by block hash fail on a node that lacks
  // the block, where a range query would silently return nothing).
  options.onProgress?.({
    phase: "views",
    message: `checking that block ${toBlock} did not change`,
  });
  const [again] = await Promise.all([
    client.getBlock({ blockNumber: toBlock }),
    client
      .request({ method: "eth_getLogs", params: [{ blockHash: toBlockHash, address: campaign }] })
      .catch((error: unknown) => {
        rethrowUnavailable(error, `asking the logs of block ${toBlock} by its hash`, origin);
        if (isMissingBlockError(error))
          throw new AuditUnavailableError(
            "lagging",
            `${origin} does not know block ${toBlock} by its hash ${toBlockHash}, which it served at the start of the audit (${errorWords(error).split(" | ")[0]}): its nodes disagree or lag. Run the audit again, with more --confirmations if it keeps happening.`,
            error,
          );
        return []; // a node that does not support blockHash filters: nothing more to learn here
      }),
  ]);
  logCalls++; // the logs of the audited block, by its hash
  if (again.hash !== toBlockHash || block.hash !== toBlockHash) {
    throw new AuditUnavailableError(
      "reorg",
      `block ${toBlock} changed during the audit (hash ${toBlockHash} at the start, ${again.hash === toBlockHash ? block.hash : again.hash} later): the chain reorganised, or the provider's nodes disagree. Nothing read is reliable; run the audit again with more --confirmations (it used ${confirmations}).`,
    );
  }

  const discrepancies = checks.filter((c) => !c.ok);
  return {
    chainId,
    version,
    campaign: lower(campaign),
    factory,
    registry: lower(registry),
    implementation: lower(implementation),
    organizer: lower(organizer),
    creationBlock,
    toBlock,
    toBlockHash,
    head,
    confirmations: Number(head - toBlock),
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

// ───────────────────────────── the promise ─────────────────────────────

type PromiseContext = {
  client: PublicClient;
  registry: Address;
  organizer: Address;
  creationBlock: bigint;
  toBlock: bigint;
  version: 1 | 2;
  ledger: Ledger;
  params: CampaignParams;
  symbolOf: (token: Address) => string;
  check: (
    rule: string,
    scope: string,
    ok: boolean,
    expected: unknown,
    found: unknown,
    detail?: string,
  ) => void;
  warnings: string[];
};

const percent = (numerator: bigint, denominator: bigint) =>
  denominator === 0n
    ? "n/a"
    : `${(Number((numerator * 1_000_000n) / denominator) / 10_000).toFixed(2)}%`;

const days = (seconds: bigint) =>
  `${(Number(seconds) / 86_400).toLocaleString("en-US", { maximumFractionDigits: 2 })} days`;

/** Reads the registry at `blockNumber`; undefined when the node keeps no state that old. */
async function readRegistryAt<T>(
  ctx: PromiseContext,
  functionName: string,
  args: readonly unknown[],
  blockNumber: bigint,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    const value = (await ctx.client.readContract({
      address: ctx.registry,
      abi: registryAbi,
      functionName: functionName as never,
      args: args as never,
      blockNumber,
    })) as T;
    return { ok: true, value };
  } catch (error) {
    rethrowUnavailable(error, `reading the registry at block ${blockNumber}`);
    return { ok: false, error };
  }
}

/** Checks the five parts of the promise (and bounded windows) from the replayed ledger and the registry. */
async function checkPromise(ctx: PromiseContext): Promise<void> {
  const { ledger, params, check, symbolOf } = ctx;
  const settled = (o: OrderRecord) =>
    o.status === "Completed" || o.status === "Cancelled" || ledger.status === "Closed";

  // 1. No unverified money out: per token, all time.
  for (const token of params.tokens) {
    const book = ledger.tokens[token];
    const cap = advanceCap(book, params.maxAdvanceBps);
    const at = book.unbackedPeakAt;
    check(
      "promise-unverified-within-cap",
      symbolOf(token),
      book.unbackedPeak <= cap,
      `<= ${cap} (${params.maxAdvanceBps / 100}% of ${netPledged(book)} net pledged)`,
      `${book.unbackedPeak} at the most${at ? ` (block ${at.blockNumber}, tx ${at.transactionHash})` : ""}, ${book.unbacked} now`,
      book.unbackedPeak <= cap
        ? undefined
        : "credited to suppliers beyond what threshold-verified deliveries earned, cancelled orders included",
    );
  }

  // 2. Every donor treated alike: every token's pool spent (and returned) in the same proportion.
  const pools = params.tokens
    .map((token) => ({ token, book: ledger.tokens[token] }))
    .filter(({ book }) => netPledged(book) > 0n);
  const closed = ledger.status === "Closed";
  const part = ({ book }: (typeof pools)[number]) =>
    closed ? book.unspentAtClose : netPledged(book) - book.refunded - available(book);
  // Each order rounds each token down at most twice (its reservation, its payments): a few base units.
  const tolerance = 2n * BigInt(ledger.orders.length) + 1n;
  let worst: { a: (typeof pools)[number]; b: (typeof pools)[number] } | undefined;
  for (const a of pools) {
    for (const b of pools) {
      const na = netPledged(a.book);
      const nb = netPledged(b.book);
      const gap = part(a) * nb - part(b) * na;
      if (gap > tolerance * (na + nb)) worst ??= { a, b };
    }
  }
  if (ledger.status !== "Failed" && ledger.orders.length > 0) {
    const shares = pools
      .map((p) => `${symbolOf(p.token)} ${percent(part(p), netPledged(p.book))}`)
      .join(", ");
    check(
      "promise-equal-refund-fraction",
      closed ? "unspent at close" : "spent so far",
      worst === undefined,
      `the same share of every token's net pledges (within ${tolerance} base units per token)`,
      shares || "no pledges",
      worst
        ? `${symbolOf(worst.a.token)} donors ${closed ? "get back" : "have had spent"} a different share than ${symbolOf(worst.b.token)} donors`
        : undefined,
    );
  } else {
    check(
      "promise-equal-refund-fraction",
      ledger.status === "Failed" ? "failed appeal" : "no orders",
      true,
      "the same share of every token's net pledges",
      ledger.status === "Failed" ? "everyone takes back 100%" : "nothing spent",
    );
  }

  // 3. Delivered means paid.
  let settledOrders = 0;
  for (const order of ledger.orders) {
    if (!settled(order)) continue;
    settledOrders++;
    for (const token of order.tokens) {
      const due = dueOf(order, token);
      const paid = order.shares[token].paid;
      if (paid < due) {
        check(
          "promise-verified-units-paid",
          `order ${order.id} ${symbolOf(token)}`,
          false,
          `>= ${due} (${order.unitsVerified} of ${order.units} units verified)`,
          `${paid} credited`,
          `order ${order.status.toLowerCase()} without paying for what verifiers confirmed`,
        );
      }
    }
  }
  if (ctx.version === 1) {
    // v1 campaigns refuse confirmations during a pause but not cancellations: a delivery may have
    // been cut off unrecorded. The auditor flags every v1 cancellation made while paused.
    const cancelled = ledger.orders.filter((o) => o.cancelled);
    await Promise.all(
      cancelled.map(async (order) => {
        const at = order.cancelled!;
        const paused = await readRegistryAt<boolean>(ctx, "paused", [], at.blockNumber);
        if (!paused.ok) {
          ctx.warnings.push(
            `could not read the registry's pause at block ${at.blockNumber}: order ${order.id}'s cancellation was not checked against a pause`,
          );
          return;
        }
        if (paused.value) {
          check(
            "promise-verified-units-paid",
            `order ${order.id} tx ${at.transactionHash}`,
            false,
            "no cancellation while a pause stops verifiers from confirming",
            "cancelled while the deployment was paused",
            "v1 contracts refuse confirmations during a pause, so deliveries could not be recorded before the cancellation",
          );
        }
      }),
    );
  }
  check(
    "promise-verified-units-paid",
    `${settledOrders} settled orders`,
    !ctx.ledger.orders.some(
      (o) => settled(o) && o.tokens.some((t) => o.shares[t].paid < dueOf(o, t)),
    ),
    "every verified unit credited",
    `${ledger.orders.filter((o) => settled(o) && o.tokens.some((t) => o.shares[t].paid < dueOf(o, t))).length} orders short`,
  );

  // 4. Money reaches only vetted suppliers: at acceptance (the advance) and at every withdrawal.
  const moments = [
    ...ledger.orders
      .filter((o) => o.accepted)
      .map((o) => ({ supplier: o.supplier, at: o.accepted!, what: `acceptance of order ${o.id}` })),
    ...ledger.entries
      .filter((e) => e.kind === "withdrawal")
      .map((e) => ({ supplier: e.account!, at: e as LedgerSource, what: "withdrawal" })),
  ];
  let unvetted = 0;
  await Promise.all(
    moments.map(async (m) => {
      const vetted = await readRegistryAt<boolean>(
        ctx,
        "isVettedSupplier",
        [m.supplier],
        m.at.blockNumber,
      );
      if (!vetted.ok) {
        ctx.warnings.push(
          `could not read the registry at block ${m.at.blockNumber} (the node keeps no history there): ${m.what} by ${m.supplier} was not checked as vetted`,
        );
        return;
      }
      if (!vetted.value) {
        unvetted++;
        check(
          "promise-vetted-supplier",
          `${m.what} tx ${m.at.transactionHash}`,
          false,
          `${m.supplier} vetted at block ${m.at.blockNumber}`,
          "not vetted (suspended or unknown)",
        );
      }
    }),
  );
  check(
    "promise-vetted-supplier",
    `${moments.length} acceptances and withdrawals`,
    unvetted === 0,
    "the supplier vetted at each",
    `${unvetted} not vetted`,
  );

  // 5. Independent verification.
  check(
    "promise-independent-verifier",
    "campaign verifiers",
    !params.verifiers.includes(ctx.organizer),
    `never the organizer (${ctx.organizer})`,
    params.verifiers.includes(ctx.organizer) ? "the organizer is a verifier" : "independent",
  );
  const limitsAtCreation = await readRegistryAt<{
    maxFundingWindow: number;
    maxProcurementWindow: number;
    maxAdvanceBps: number;
    minThreshold: number;
  }>(ctx, "limits", [], ctx.creationBlock);
  const minThreshold = limitsAtCreation.ok ? limitsAtCreation.value.minThreshold : 2;
  check(
    "promise-independent-verifier",
    "threshold",
    params.threshold >= minThreshold,
    `>= ${minThreshold}${limitsAtCreation.ok ? " (the registry's minimum at creation)" : " (the v2 default; this registry sets no minimum)"}`,
    `${params.threshold} of ${params.verifiers.length}`,
  );
  const registryKeepsVerifiers = (
    await readRegistryAt<number>(ctx, "verifierStatus", [params.verifiers[0]], ctx.toBlock)
  ).ok;
  // The campaign's verifier set, whether or not they confirmed yet: registered and active at creation.
  const noVerifiers = "the registry keeps no verifiers (a v1 deployment)";
  const registeredExpected = `every one of the ${params.verifiers.length} verifiers an active registered verifier at creation (block ${ctx.creationBlock})`;
  if (registryKeepsVerifiers) {
    const statuses = await Promise.all(
      params.verifiers.map((v) =>
        readRegistryAt<number>(ctx, "verifierStatus", [v], ctx.creationBlock),
      ),
    );
    const inactive = params.verifiers.filter((_, i) => {
      const status = statuses[i];
      if (!status.ok) {
        ctx.warnings.push(
          `could not read the registry at block ${ctx.creationBlock}: ${params.verifiers[i]}'s registration at the campaign's creation was not checked`,
        );
        return false;
      }
      return status.value !== 1;
    });
    check(
      "promise-independent-verifier",
      "registered verifiers",
      inactive.length === 0,
      registeredExpected,
      inactive.length ? `not active then: ${inactive.join(", ")}` : "all registered and active",
    );
  } else {
    check(
      "promise-independent-verifier",
      "registered verifiers",
      false,
      registeredExpected,
      noVerifiers,
    );
  }
  const byVerifier = new Map<Address, { count: number; problems: string[] }>();
  await Promise.all(
    ledger.orders.flatMap((order) =>
      order.confirmations.map(async (c) => {
        const entry = byVerifier.get(c.verifier) ?? { count: 0, problems: [] };
        byVerifier.set(c.verifier, entry);
        entry.count++;
        if (c.verifier === ctx.organizer)
          entry.problems.push(`the organizer confirmed order ${order.id}`);
        if (c.verifier === order.supplier)
          entry.problems.push(`the supplier confirmed its own order ${order.id}`);
        if (!registryKeepsVerifiers) return;
        const status = await readRegistryAt<number>(
          ctx,
          "verifierStatus",
          [c.verifier],
          c.blockNumber,
        );
        if (!status.ok) {
          ctx.warnings.push(
            `could not read the registry at block ${c.blockNumber}: ${c.verifier}'s registration was not checked for its confirmation of order ${order.id}`,
          );
        } else if (status.value !== 1) {
          entry.problems.push(
            `not an active registered verifier at block ${c.blockNumber} (order ${order.id}, tx ${c.transactionHash})`,
          );
        }
      }),
    ),
  );
  for (const [verifier, { count, problems }] of byVerifier) {
    if (!registryKeepsVerifiers) problems.push(noVerifiers);
    check(
      "promise-independent-verifier",
      verifier,
      problems.length === 0,
      `a registered, active verifier, neither organizer nor supplier, at each of its ${count} confirmations`,
      problems.length ? problems.join("; ") : "independent",
    );
  }

  // Nobody locked in: bounded windows.
  const created = await ctx.client.getBlock({ blockNumber: ctx.creationBlock });
  const fundingWindow = params.deadline - created.timestamp;
  const procurementWindow = params.procurementDeadline - params.deadline;
  const maxFunding = limitsAtCreation.ok
    ? BigInt(limitsAtCreation.value.maxFundingWindow)
    : FUNDING_WINDOW_BOUND;
  const maxProcurement = limitsAtCreation.ok
    ? BigInt(limitsAtCreation.value.maxProcurementWindow)
    : PROCUREMENT_WINDOW_BOUND;
  const source = limitsAtCreation.ok
    ? "the registry's limit at creation"
    : "the longest a v2 registry allows; this registry sets no limits";
  check(
    "promise-bounded-windows",
    "funding window",
    fundingWindow <= maxFunding,
    `<= ${days(maxFunding)} (${source})`,
    days(fundingWindow),
  );
  check(
    "promise-bounded-windows",
    "procurement window",
    procurementWindow <= maxProcurement,
    `<= ${days(maxProcurement)} (${source})`,
    days(procurementWindow),
  );
  void mulDiv;
}

type LedgerSource = { blockNumber: bigint; transactionHash: Hex };
