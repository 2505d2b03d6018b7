/**
 * Final chain data kept in the browser: an appeal's logs up to a block below the confirmed head
 * (those never change), and the block each appeal was created in. Every entry carries the hash of
 * its last block and is used only while the chain still has that block there, so a reset local
 * chain or a reorganisation throws it away. Storage that is full or refused is simply not used.
 */
import type { Address, Hex, Log, PublicClient } from "viem";

const PREFIX = "handover.cache.";

/** Blocks behind the head after which the dApp treats logs as final. */
export function confirmationsOf(chainId: number): bigint {
  return chainId === 31337 ? 0n : 12n;
}

type Stored = { toBlock: string; hash: Hex; logs: SerializedLog[] };
type SerializedLog = Record<string, string | string[] | number | boolean | null>;

function serialize(log: Log): SerializedLog {
  return {
    address: log.address,
    blockHash: log.blockHash,
    blockNumber: String(log.blockNumber),
    data: log.data,
    logIndex: log.logIndex,
    removed: log.removed,
    topics: log.topics as string[],
    transactionHash: log.transactionHash,
    transactionIndex: log.transactionIndex,
  };
}

function deserialize(raw: SerializedLog): Log {
  return { ...raw, blockNumber: BigInt(raw.blockNumber as string) } as unknown as Log;
}

function read<T>(key: string): T | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown) {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Full or refused: the cache is an optimisation only.
  }
}

async function stillThere(client: PublicClient, block: bigint, hash: Hex): Promise<boolean> {
  try {
    return (await client.getBlock({ blockNumber: block })).hash === hash;
  } catch {
    return false;
  }
}

const logsKey = (chainId: number, campaign: Address) => `logs.${chainId}.${campaign.toLowerCase()}`;

/** The cached final logs of `campaign`, if the chain still has their last block. */
export async function loadFinalLogs(
  client: PublicClient,
  chainId: number,
  campaign: Address,
): Promise<{ toBlock: bigint; logs: Log[] } | undefined> {
  const stored = read<Stored>(logsKey(chainId, campaign));
  if (!stored) return undefined;
  const toBlock = BigInt(stored.toBlock);
  if (!(await stillThere(client, toBlock, stored.hash))) return undefined;
  return { toBlock, logs: stored.logs.map(deserialize) };
}

/** Keeps `logs` (every log of `campaign` up to `toBlock`, which is final). */
export async function saveFinalLogs(
  client: PublicClient,
  chainId: number,
  campaign: Address,
  toBlock: bigint,
  logs: Log[],
) {
  const block = await client.getBlock({ blockNumber: toBlock }).catch(() => undefined);
  if (!block?.hash) return;
  const upTo = logs.filter((l) => (l.blockNumber ?? 0n) <= toBlock);
  write(logsKey(chainId, campaign), {
    toBlock: toBlock.toString(),
    hash: block.hash,
    logs: upTo.map(serialize),
  } satisfies Stored);
}

const creationKey = (chainId: number, campaign: Address) =>
  `created.${chainId}.${campaign.toLowerCase()}`;

export async function readCreationBlock(
  client: PublicClient,
  chainId: number,
  campaign: Address,
): Promise<bigint | undefined> {
  const stored = read<{ block: string; hash: Hex }>(creationKey(chainId, campaign));
  if (!stored) return undefined;
  const block = BigInt(stored.block);
  return (await stillThere(client, block, stored.hash)) ? block : undefined;
}

export async function rememberCreationBlock(
  client: PublicClient,
  chainId: number,
  campaign: Address,
  block: bigint,
) {
  const found = await client.getBlock({ blockNumber: block }).catch(() => undefined);
  if (found?.hash)
    write(creationKey(chainId, campaign), { block: block.toString(), hash: found.hash });
}
