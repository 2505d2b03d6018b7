/**
 * An appeal's history as the client's receipts read it (`CampaignHistory`, client/receipt.ts),
 * built from what the dApp already reads: the appeal's logs (cached in the browser once final,
 * `logCache.ts`), replayed by the client's `replay`, its parameters and tokens, its status at the
 * last block read, and the times of the blocks a receipt dates. The same history `npm run receipt`
 * loads with `loadCampaignHistory` at the same blocks, so the receipt and the summary are the
 * client's `impactReceipt` and `appealSummary` of it, number for number.
 */
import {
  encodeEventTopics,
  erc20Abi,
  erc20Abi_bytes32,
  hexToString,
  zeroAddress,
  type Address,
  type Hex,
  type Log,
  type PublicClient,
} from "viem";

import { readCampaignSummary } from "../../../client/actions.ts";
import type { TokenInfo } from "../../../client/audit.ts";
import { campaignAbi, campaignFactoryAbi } from "../../../client/generated/abis.ts";
import { replay, STATUS_NAMES, type CampaignParams, type Ledger } from "../../../client/ledger.ts";
import { fetchLogs } from "../../../client/logs.ts";
import type { CampaignHistory } from "../../../client/receipt.ts";
import {
  confirmationsOf,
  loadFinalLogs,
  readCreationBlock,
  rememberCreationBlock,
  saveFinalLogs,
} from "./logCache.ts";

const lower = (a: string) => a.toLowerCase() as Address;

/** Blocks read per step, so a slow or capped provider shows the history as it arrives. */
export const SEGMENT = 20_000n;

/** The block the campaign was created in, from the factory's CampaignCreated event (cached: final). */
export async function creationBlock(
  client: PublicClient,
  chainId: number,
  factory: Address,
  campaign: Address,
  startBlock: bigint,
): Promise<bigint> {
  const cached = await readCreationBlock(client, chainId, campaign);
  if (cached !== undefined) return cached;
  const latest = await client.getBlockNumber();
  const { logs } = await fetchLogs(client, {
    address: factory,
    topics: encodeEventTopics({
      abi: campaignFactoryAbi,
      eventName: "CampaignCreated",
      args: { campaign },
    }) as Hex[],
    fromBlock: startBlock,
    toBlock: latest,
  });
  const found = logs[0]?.blockNumber ?? undefined;
  if (found !== undefined && found !== null) {
    await rememberCreationBlock(client, chainId, campaign, found);
    return found;
  }
  return startBlock;
}

/**
 * Every log of `campaign` from `fromBlock` to `toBlock`: the cached final part, then the rest in
 * steps of `SEGMENT` blocks (`onStep` after each step but the last). Final logs are cached.
 */
export async function readAppealLogs(
  client: PublicClient,
  chainId: number,
  campaign: Address,
  fromBlock: bigint,
  toBlock: bigint,
  onStep?: (logs: Log[], scannedTo: bigint) => void,
): Promise<Log[]> {
  const cache = await loadFinalLogs(client, chainId, campaign);
  const logs: Log[] = cache ? cache.logs.filter((l) => (l.blockNumber ?? 0n) <= toBlock) : [];
  let start = cache ? (cache.toBlock < toBlock ? cache.toBlock : toBlock) + 1n : fromBlock;
  const final = toBlock > confirmationsOf(chainId) ? toBlock - confirmationsOf(chainId) : -1n;
  while (start <= toBlock) {
    const end = start + SEGMENT - 1n < toBlock ? start + SEGMENT - 1n : toBlock;
    const { logs: found } = await fetchLogs(client, {
      address: campaign,
      fromBlock: start,
      toBlock: end,
    });
    logs.push(...found);
    if (end <= final) await saveFinalLogs(client, chainId, campaign, end, logs);
    if (end < toBlock) onStep?.(logs, end);
    start = end + 1n;
  }
  return logs;
}

/** The client's replay of an appeal's logs, with the parameters as the client normalizes them. */
export const replayAppeal = (params: CampaignParams, logs: Log[]): Ledger =>
  replay(
    { ...params, tokens: params.tokens.map(lower), verifiers: params.verifiers.map(lower) },
    logs,
  );

/**
 * The blocks whose times a receipt shows: every order event's, and the donors' own entries'
 * (all entries' when `donors` is omitted), as `loadCampaignHistory` chooses them.
 */
export function blocksToDate(ledger: Ledger, donors?: readonly string[]): bigint[] {
  const wanted = new Set<bigint>();
  const who = donors?.map(lower);
  for (const e of ledger.entries) {
    if (!who || e.orderId !== undefined || (e.account && who.includes(e.account)))
      wanted.add(e.blockNumber);
  }
  return [...wanted];
}

/** Block timestamps (seconds) by block number; one batched round. */
export async function readBlockTimes(
  client: PublicClient,
  blocks: readonly bigint[],
  known: Record<string, bigint> = {},
): Promise<Record<string, bigint>> {
  const missing = blocks.filter((b) => known[b.toString()] === undefined);
  const times = await Promise.all(
    missing.map((blockNumber) =>
      client
        .getBlock({ blockNumber })
        .then((b) => b.timestamp)
        .catch(() => undefined),
    ),
  );
  const out: Record<string, bigint> = {};
  for (const b of blocks)
    if (known[b.toString()] !== undefined) out[b.toString()] = known[b.toString()];
  missing.forEach((b, i) => {
    if (times[i] !== undefined) out[b.toString()] = times[i]!;
  });
  return out;
}

/** A token's symbol and decimals through the standard ERC-20 ABI (ETH is address 0). */
export async function readTokenInfo(client: PublicClient, token: Address): Promise<TokenInfo> {
  if (lower(token) === zeroAddress) return { address: zeroAddress, symbol: "ETH", decimals: 18 };
  const [symbol, decimals] = await Promise.all([
    client.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }).catch(async () =>
      hexToString(
        await client.readContract({
          address: token,
          abi: erc20Abi_bytes32,
          functionName: "symbol",
        }),
        { size: 32 },
      ),
    ),
    client.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
  ]);
  return { address: lower(token), symbol, decimals: Number(decimals) };
}

/** What `buildHistory` needs, all read by the page already or by `loadAppealHistory`. */
export type HistoryParts = {
  campaign: Address;
  chainId: number;
  params: CampaignParams;
  organizer: Address;
  registry: Address;
  /** The contract's `status()` at `toBlock` (it moves at a deadline before any event says so). */
  status: number;
  ledger: Ledger;
  fromBlock: bigint;
  toBlock: bigint;
  tokens: TokenInfo[];
  blockTimes: Record<string, bigint>;
};

export function buildHistory(p: HistoryParts): CampaignHistory {
  const params = {
    ...p.params,
    tokens: p.params.tokens.map(lower),
    verifiers: p.params.verifiers.map(lower),
  };
  return {
    campaign: lower(p.campaign),
    chainId: p.chainId,
    version: p.ledger.version === 1 ? 1 : 2,
    params,
    ledger: p.ledger,
    tokens: params.tokens.map(
      (t) =>
        p.tokens.find((x) => lower(x.address) === t) ?? {
          address: t,
          symbol: t.slice(0, 8),
          decimals: 18,
        },
    ),
    organizer: lower(p.organizer),
    registry: lower(p.registry),
    fromBlock: p.fromBlock,
    toBlock: p.toBlock,
    status: STATUS_NAMES[p.status] ?? p.ledger.status,
    blockTimes: p.blockTimes,
  };
}

/** The campaign's status and registry as they were at `block`. */
export async function readAt(client: PublicClient, campaign: Address, block: bigint) {
  const [status, registry] = await Promise.all([
    client.readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: "status",
      blockNumber: block,
    }),
    client.readContract({
      address: campaign,
      abi: campaignAbi,
      functionName: "registry",
      blockNumber: block,
    }),
  ]);
  return { status: Number(status), registry: registry as Address };
}

/**
 * An appeal's whole history from the chain (the "My giving" page, which has no appeal page's
 * reads to start from): its summary, its logs (cached once final), its tokens and the times of the
 * blocks the donors' receipts date.
 */
export async function loadAppealHistory(
  client: PublicClient,
  options: {
    chainId: number;
    factory: Address;
    startBlock: bigint;
    campaign: Address;
    donors?: readonly string[];
    toBlock?: bigint;
  },
): Promise<CampaignHistory> {
  const { chainId, campaign } = options;
  const toBlock = options.toBlock ?? (await client.getBlockNumber({ cacheTime: 0 }));
  const [summary, fromBlock, at] = await Promise.all([
    readCampaignSummary(client, campaign),
    creationBlock(client, chainId, options.factory, campaign, options.startBlock),
    readAt(client, campaign, toBlock),
  ]);
  const [logs, tokens] = await Promise.all([
    readAppealLogs(client, chainId, campaign, fromBlock, toBlock),
    Promise.all(summary.params.tokens.map((t) => readTokenInfo(client, t))),
  ]);
  const ledger = replayAppeal(summary.params, logs);
  const blockTimes = await readBlockTimes(client, blocksToDate(ledger, options.donors));
  return buildHistory({
    campaign,
    chainId,
    params: summary.params,
    organizer: summary.organizer,
    registry: at.registry,
    status: at.status,
    ledger,
    fromBlock,
    toBlock,
    tokens,
    blockTimes,
  });
}
