/**
 * Fetches logs in block windows that shrink and retry when a provider refuses a range or times
 * out (public RPCs cap `eth_getLogs` ranges at a few thousand blocks, some at a few hundred, and
 * some cap the number of results), and grow again after successes. Where the refusal names a range
 * that would work (Alchemy, Infura, QuickNode, Base, Cloudflare and others: Ponder's
 * `getLogsRetryHelper` reads them), that range is used, and a block-range cap is kept as the
 * largest window from then on, instead of halving back into refusals.
 *
 * For the dApp: `onLogs` hands over each window's logs as they arrive, and a `LogCache` keeps what
 * lies at or below `finalBlock` (blocks that can no longer change), so that the next scan of the
 * same filter only asks for newer blocks.
 */
import { getLogsRetryHelper } from "@ponder/utils";
import { numberToHex, type Address, type Hex, type Log, type PublicClient } from "viem";

import { isRateLimitError, rpcFaultOf, type RpcFaultError } from "./rpc.ts";

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
  /** Each answered window's logs, in chain order, as they arrive (cached ones first, at once). */
  onLogs?: (logs: Log[], progress: LogProgress) => void;
  /** Keeps logs of final blocks between scans of the same filter. */
  cache?: LogCache;
  /**
   * The newest block that can no longer change (a few confirmations behind the head). Only logs at
   * or below it are cached. Without it nothing is cached.
   */
  finalBlock?: bigint;
  /** Stop after the first window that holds a matching log (its logs are returned). */
  firstMatch?: boolean;
  /** Rate-limit refusals (HTTP 429 and their JSON-RPC equivalents) waited out before giving up. Default 6. */
  maxRateLimitRetries?: number;
};

/** Logs of final blocks per filter: the contiguous range scanned from its first block, and its logs. */
export type LogCache = Map<string, { fromBlock: bigint; toBlock: bigint; logs: Log[] }>;

export function createLogCache(): LogCache {
  return new Map();
}

function filterKey(options: FetchLogsOptions): string {
  const address = options.address
    ? [options.address]
        .flat()
        .map((a) => a.toLowerCase())
        .sort()
    : null;
  return JSON.stringify({ address, topics: options.topics ?? null });
}

export class LogFetchError extends Error {
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  /** Set when the transport gave up (rate-limited, unreachable...): the chain never answered. */
  readonly fault?: RpcFaultError;
  constructor(message: string, fromBlock: bigint, toBlock: bigint, cause?: unknown) {
    super(message, { cause });
    this.name = "LogFetchError";
    this.fromBlock = fromBlock;
    this.toBlock = toBlock;
    this.fault = rpcFaultOf(cause);
  }
}

/** HTTP statuses that mean "ask for less": payload too large, gateway gave up. (429 is a rate limit: wait, don't shrink.) */
const RANGE_STATUSES = new Set([413, 502, 503, 504]);
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
  if (rpcFaultOf(error) || isRateLimited(error)) return false;
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

/** HTTP 429, or a JSON-RPC rate-limit error, anywhere along the cause chain. */
export function isRateLimited(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 8; depth++) {
    if (e.status === 429) return true;
    if (
      isRateLimitError({
        code: typeof e.code === "number" ? e.code : undefined,
        message: [e.details, e.shortMessage ?? (e.cause ? undefined : e.message)]
          .filter((w): w is string => typeof w === "string")
          .join(" "),
      })
    )
      return true;
    e = e.cause as Record<string, unknown> | undefined;
  }
  return false;
}

/**
 * The window a provider's refusal suggests for [from, to], if it names one (Ponder's
 * getLogsRetryHelper knows the providers' wording), and whether it is a cap on the block range
 * (kept from then on) rather than on the number of results (valid for this stretch only).
 */
export function suggestedWindow(
  error: unknown,
  from: bigint,
  to: bigint,
): { window: bigint; blockCap: boolean } | undefined {
  const parts: string[] = [];
  let code: number | undefined;
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 8; depth++) {
    for (const w of [e.details, e.shortMessage, e.message])
      if (typeof w === "string") parts.push(w);
    if (code === undefined && typeof e.code === "number") code = e.code;
    e = e.cause as Record<string, unknown> | undefined;
  }
  const message = parts.join(" | ");
  const helped = getLogsRetryHelper({
    params: [{ fromBlock: numberToHex(from), toBlock: numberToHex(to) }],
    error: { code, message, details: message } as never,
  });
  if (!helped.shouldRetry || !helped.isSuggestedRange || helped.ranges.length === 0)
    return undefined;
  const first = helped.ranges[0];
  const window = BigInt(first.toBlock) - BigInt(first.fromBlock) + 1n;
  if (window <= 0n || window >= to - from + 1n) return undefined;
  return { window, blockCap: !/result|response size|too many logs|logs matched/i.test(message) };
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
  let maxWindow = options.maxWindow ?? 100_000n;
  const maxRetries = options.maxRetries ?? 5;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 6;
  let window = options.initialWindow ?? 50_000n;
  if (window > maxWindow) window = maxWindow;
  const logs: Log[] = [];
  let calls = 0;
  let start = fromBlock;
  let otherFailures = 0;
  let singleBlockRefusals = 0;
  let rateLimited = 0;
  const progress = (): LogProgress => ({
    fromBlock,
    toBlock,
    scannedTo: start - 1n,
    logs: logs.length,
    calls,
    window,
  });

  // Final blocks already scanned for this filter come from the cache.
  const key = options.cache ? filterKey(options) : "";
  const cached = options.cache?.get(key);
  if (cached && cached.fromBlock <= fromBlock && cached.toBlock >= fromBlock) {
    const upTo = cached.toBlock < toBlock ? cached.toBlock : toBlock;
    const hits = cached.logs.filter((l) => l.blockNumber! >= fromBlock && l.blockNumber! <= upTo);
    logs.push(...hits);
    start = upTo + 1n;
    options.onLogs?.(hits, progress());
    if (options.firstMatch && hits.length > 0) return { logs: hits, calls };
  }

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
      const fresh = batch.filter((l) => !l.removed).map(normalizeLog);
      fresh.sort(byChainOrder);
      logs.push(...fresh);
      otherFailures = 0;
      singleBlockRefusals = 0;
      rateLimited = 0;
      start = end + 1n;
      options.onLogs?.(fresh, progress());
      if (options.firstMatch && fresh.length > 0) {
        options.onProgress?.(progress());
        return { logs: fresh, calls };
      }
      // Grow again after a success, up to the cap.
      if (window < maxWindow) window = window * 2n > maxWindow ? maxWindow : window * 2n;
    } catch (error) {
      const reason = (error as { shortMessage?: string; details?: string; message?: string }) ?? {};
      const words = [reason.shortMessage ?? reason.message, reason.details]
        .filter(Boolean)
        .join(": ");
      const fault = rpcFaultOf(error);
      if (fault) {
        // The transport already waited as long as it should: the provider is not answering.
        throw new LogFetchError(
          `eth_getLogs for blocks ${start}-${end} failed: ${fault.shortMessage}`,
          start,
          end,
          error,
        );
      }
      if (isRateLimited(error)) {
        // A rate limit says nothing about the range: wait, ask again for the same blocks.
        rateLimited++;
        if (rateLimited > maxRateLimitRetries) {
          throw new LogFetchError(
            `the provider kept rate-limiting eth_getLogs (${rateLimited} refusals for blocks ${start}-${end}): ${words}`,
            start,
            end,
            error,
          );
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(8_000, 250 * 2 ** rateLimited)),
        );
      } else if (isRangeError(error)) {
        otherFailures = 0; // the node answered: it is reachable
        rateLimited = 0;
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
        const suggested = suggestedWindow(error, start, end);
        if (suggested) {
          window = suggested.window;
          if (suggested.blockCap && suggested.window < maxWindow) maxWindow = suggested.window;
        } else window = window / 2n > 0n ? window / 2n : 1n;
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
        window = window / 2n > 0n ? window / 2n : 1n;
      }
    }
    options.onProgress?.(progress());
  }
  logs.sort(byChainOrder);

  // Keep what can no longer change for the next scan of this filter.
  if (options.cache && options.finalBlock !== undefined && options.finalBlock >= fromBlock) {
    const finalTo = options.finalBlock < toBlock ? options.finalBlock : toBlock;
    const finalLogs = logs.filter((l) => l.blockNumber! <= finalTo);
    const before = options.cache.get(key);
    const extends_ = before && before.fromBlock <= fromBlock && before.toBlock >= fromBlock - 1n;
    if (extends_ && before) {
      if (finalTo > before.toBlock)
        options.cache.set(key, {
          fromBlock: before.fromBlock,
          toBlock: finalTo,
          logs: [...before.logs.filter((l) => l.blockNumber! < fromBlock), ...finalLogs],
        });
    } else if (!before || fromBlock < before.fromBlock) {
      options.cache.set(key, { fromBlock, toBlock: finalTo, logs: finalLogs });
    }
  }
  return { logs, calls };
}

const byChainOrder = (a: Log, b: Log) =>
  a.blockNumber === b.blockNumber
    ? a.logIndex! - b.logIndex!
    : a.blockNumber! < b.blockNumber!
      ? -1
      : 1;

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
