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

/** HTTP statuses that mean "ask for less": payload too large, rate limited, gateway gave up. */
const RANGE_STATUSES = new Set([413, 429, 502, 503, 504]);
/** JSON-RPC codes providers use for range and result caps (-32005 limit exceeded, -32602 bad range). */
const RANGE_CODES = new Set([-32005, -32602]);
const RANGE_TEXT =
  /range|too many|limit|exceed|timeout|timed out|took too long|query returned more than|response size|10000 results|payload too large/i;

/**
 * Errors that mean "ask for fewer blocks": range or result caps, timeouts, payload limits. Looks at
 * the HTTP status, the JSON-RPC code and the provider's own words along the cause chain, never at
 * viem's full message (which quotes the URL, API key included, and the request body).
 */
export function isRangeError(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 8; depth++) {
    if (typeof e.status === "number" && RANGE_STATUSES.has(e.status)) return true;
    if (typeof e.code === "number" && RANGE_CODES.has(e.code)) return true;
    const words = [e.details, e.shortMessage ?? (e.cause ? undefined : e.message)]
      .filter((w): w is string => typeof w === "string")
      .join(" ");
    if (RANGE_TEXT.test(words)) return true;
    e = e.cause as Record<string, unknown> | undefined;
  }
  return false;
}

/**
 * Returns every log matching the filter between `fromBlock` and `toBlock` inclusive, in chain order.
 * A range refusal halves the window (down to one block, which is tried `maxRetries` times); any other
 * failure is retried once with a halved window, then thrown as `LogFetchError`; successes grow the
 * window back up to `maxWindow`.
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
  let otherFailures = 0;
  let singleBlockRefusals = 0;

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
      otherFailures = 0;
      singleBlockRefusals = 0;
      start = end + 1n;
      // Grow again after a success, up to the cap.
      if (window < maxWindow) window = window * 2n > maxWindow ? maxWindow : window * 2n;
    } catch (error) {
      const reason = (error as { shortMessage?: string; details?: string; message?: string }) ?? {};
      const words = [reason.shortMessage ?? reason.message, reason.details]
        .filter(Boolean)
        .join(": ");
      if (isRangeError(error)) {
        otherFailures = 0; // the node answered: it is reachable
        if (end === start) {
          singleBlockRefusals++;
          if (singleBlockRefusals >= maxRetries) {
            throw new LogFetchError(
              `the provider refused eth_getLogs even for block ${start} alone (${singleBlockRefusals} tries): ${words}`,
              start,
              end,
              error,
            );
          }
        }
      } else {
        otherFailures++;
        if (otherFailures > 1) {
          throw new LogFetchError(
            `eth_getLogs failed for blocks ${start}-${end}: ${words}`,
            start,
            end,
            error,
          );
        }
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
