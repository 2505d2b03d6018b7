/**
 * Fetches logs in block windows that shrink and retry when a provider refuses a range or times
 * out (public RPCs cap `eth_getLogs` ranges at a few thousand blocks, some at a few hundred, and
 * some cap the number of results), and grow again after successes.
 */
import type { Address, Hex, Log, PublicClient } from "viem";

export type LogProgress = {
  fromBlock: bigint;
  toBlock: bigint;
  /** Last block scanned so far. */
  scannedTo: bigint;
  /** Logs found so far. */
  logs: number;
  /** `eth_getLogs` calls so far, including refused ones. */
  calls: number;
  /** The current window size, in blocks. */
  window: bigint;
};

export type FetchLogsOptions = {
  address?: Address | Address[];
  /** Topic filter, as in `eth_getLogs` (position 0 is the event signature). */
  topics?: (Hex | Hex[] | null)[];
  fromBlock: bigint;
  toBlock: bigint;
  /** First window size in blocks. Default 50,000. */
  initialWindow?: bigint;
  /** Never try more than this many blocks at once. Default 100,000. */
  maxWindow?: bigint;
  /** Give up once a single block is refused this many times in a row. Default 5. */
  maxRetries?: number;
  onProgress?: (progress: LogProgress) => void;
};

export class LogFetchError extends Error {
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  constructor(message: string, fromBlock: bigint, toBlock: bigint, cause?: unknown) {
    super(message, { cause });
    this.name = "LogFetchError";
    this.fromBlock = fromBlock;
    this.toBlock = toBlock;
  }
}

/** Errors that mean "ask for fewer blocks": range or result caps, timeouts, payload limits. */
export function isRangeError(error: unknown): boolean {
  const text =
    String((error as { details?: string })?.details ?? "") +
    " " +
    String((error as Error)?.message ?? error);
  return /range|too many|limit|exceed|timeout|timed out|took too long|query returned more than|response size|block range|10000 results|payload|-32005|-32602|503|504|413/i.test(
    text,
  );
}

/**
 * Returns every log matching the filter between `fromBlock` and `toBlock` inclusive, in chain order.
 * Throws `LogFetchError` when a provider keeps refusing even a one-block window or fails for a
 * reason that a smaller window cannot fix.
 */
export async function fetchLogs(
  client: PublicClient,
  options: FetchLogsOptions,
): Promise<{ logs: Log[]; calls: number }> {
  const { fromBlock, toBlock } = options;
  const maxWindow = options.maxWindow ?? 100_000n;
  const maxRetries = options.maxRetries ?? 5;
  let window = options.initialWindow ?? 50_000n;
  if (window > maxWindow) window = maxWindow;
  const logs: Log[] = [];
  let calls = 0;
  let start = fromBlock;
  let failuresInARow = 0;

  while (start <= toBlock) {
    const end = start + window - 1n < toBlock ? start + window - 1n : toBlock;
    calls++;
    try {
      const batch = (await client.request({
        method: "eth_getLogs",
        params: [
          {
            address: options.address,
            topics: options.topics,
            fromBlock: `0x${start.toString(16)}`,
            toBlock: `0x${end.toString(16)}`,
          },
        ],
      })) as Log[];
      for (const log of batch) logs.push(normalizeLog(log));
      failuresInARow = 0;
      start = end + 1n;
      // Grow again after a success, up to the cap.
      if (window < maxWindow) window = window * 2n > maxWindow ? maxWindow : window * 2n;
    } catch (error) {
      failuresInARow++;
      if (!isRangeError(error) && failuresInARow > 1) {
        throw new LogFetchError(
          `eth_getLogs failed for blocks ${start}-${end}: ${(error as Error).message}`,
          start,
          end,
          error,
        );
      }
      if (window === 1n && failuresInARow >= maxRetries) {
        throw new LogFetchError(
          `the provider refused eth_getLogs even for block ${start} alone (${failuresInARow} tries): ${(error as Error).message}`,
          start,
          end,
          error,
        );
      }
      window = window / 2n > 0n ? window / 2n : 1n;
    }
    options.onProgress?.({
      fromBlock,
      toBlock,
      scannedTo: start - 1n,
      logs: logs.length,
      calls,
      window,
    });
  }
  logs.sort((a, b) =>
    a.blockNumber === b.blockNumber
      ? a.logIndex! - b.logIndex!
      : a.blockNumber! < b.blockNumber!
        ? -1
        : 1,
  );
  return { logs, calls };
}

/** The raw JSON-RPC log with numbers as bigint/number like viem's formatted logs. */
function normalizeLog(raw: Log): Log {
  const r = raw as unknown as Record<string, string | string[] | boolean>;
  return {
    address: (r.address as string).toLowerCase() as Address,
    blockHash: r.blockHash as Hex,
    blockNumber: BigInt(r.blockNumber as string),
    data: r.data as Hex,
    logIndex: Number(r.logIndex as string),
    removed: Boolean(r.removed),
    topics: r.topics as [Hex, ...Hex[]],
    transactionHash: r.transactionHash as Hex,
    transactionIndex: Number(r.transactionIndex as string),
  } as Log;
}
