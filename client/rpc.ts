/**
 * A JSON-RPC client over HTTP that holds up against public providers, for the auditor, the scripts
 * and the dApp: it batches calls, and it tells transport faults from answers.
 *
 * - **Patience with a cap.** A request that meets a fault a provider recovers from (HTTP 429, 5xx,
 *   a refused or dropped connection, a timeout, an answer that is not JSON-RPC) is retried with
 *   backoff for up to `patienceMs` (60 s: longer than a 30-second outage), honouring `Retry-After`
 *   up to `maxRetryAfterMs` (10 s). After that it fails with an `RpcFaultError` that says what
 *   happened (rate-limited, unreachable, dropped connections, timeouts, server errors).
 * - **A time budget.** With `budgetMs`, every request fails with kind `out-of-time` once the budget
 *   is spent, however patient the retries: an audit ends, it never hangs.
 * - **Batch caps.** A provider that refuses a batch as too large (erigon's "batch limit 100
 *   exceeded", geth's "batch too large", HTTP 413, or any refusal of the batch as a whole) gets
 *   smaller batches, down to single requests, for the rest of the session.
 * - **Answers stay answers.** A JSON-RPC error for one call (a revert, "header not found", an
 *   `eth_getLogs` range refusal) goes back to its caller as the EIP-1193 error it is; only
 *   rate-limit errors inside a batch are retried here.
 *
 * Messages never quote the URL's path or query, where providers put API keys: only its origin.
 */
import { BaseError, createPublicClient, custom, type PublicClient } from "viem";

/** What went wrong between us and the provider. */
export type RpcFaultKind =
  | "rate-limited"
  | "unreachable"
  | "dropped"
  | "timeout"
  | "server-error"
  | "bad-response"
  | "batch-too-large"
  | "out-of-time";

/** A transport fault that outlasted the client's patience or budget. */
export class RpcFaultError extends BaseError {
  override name = "RpcFaultError";
  readonly kind: RpcFaultKind;
  /** Tries made for the request that failed (1 = no retry). */
  readonly attempts: number;
  constructor(kind: RpcFaultKind, sentence: string, attempts: number) {
    super(sentence);
    this.kind = kind;
    this.attempts = attempts;
  }
}

/** The fault of one try, before patience runs out. */
type Fault = {
  kind: RpcFaultKind;
  /** What the provider or the socket said, for the final sentence. */
  detail: string;
  /** From a Retry-After header, in ms. */
  retryAfterMs?: number;
};

export type RpcEvent =
  | { type: "retry"; kind: RpcFaultKind; detail: string; attempt: number; waitMs: number }
  | { type: "batch-size"; size: number; detail: string };

export type RpcOptions = {
  /** Per HTTP request. Default 20 s. */
  timeoutMs?: number;
  /** How long a failing request keeps being retried. Default 60 s. */
  patienceMs?: number;
  /**
   * Until the endpoint has answered once, a refused connection or an unknown host is most likely a
   * wrong URL: give up on those after this long. Default 5 s.
   */
  startupPatienceMs?: number;
  /** The longest Retry-After honoured; longer ones are cut to this. Default 10 s. */
  maxRetryAfterMs?: number;
  /** Every request fails once this much time has passed since the client was created. */
  budgetMs?: number;
  /** Calls per JSON-RPC batch to start with; lowered when the provider refuses a batch. Default 100. */
  batchSize?: number;
  /** HTTP requests in flight at once. Default 4. */
  maxInFlight?: number;
  /** First backoff; doubles on each retry of a request, up to 5 s. Default 250 ms. */
  backoffMs?: number;
  onEvent?: (event: RpcEvent) => void;
  /** For tests. */
  fetch?: typeof fetch;
};

export type RpcStats = {
  /** JSON-RPC calls asked for by callers. */
  calls: number;
  /** JSON-RPC calls sent, retries included. */
  sent: number;
  /** HTTP requests (a batch counts once). */
  requests: number;
  retries: number;
  /** Tries that met each kind of fault. */
  faults: Partial<Record<RpcFaultKind, number>>;
  /** The batch size in use now. */
  batchSize: number;
};

type JsonRpcRequest = { jsonrpc: "2.0"; id: number; method: string; params?: unknown };
type JsonRpcResponse = {
  id?: number | string | null;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
};

type Pending = {
  body: JsonRpcRequest;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
  firstFailureAt?: number;
};

/** The URL's origin only: providers put API keys in the path or the query. */
export function redactUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "the RPC URL";
  }
}

/** Retry-After as ms: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value.trim()) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const RATE_LIMIT_TEXT =
  /rate limit|too many requests|request limit|requests per second|exceeded .*(capacity|quota|credits)|compute units|throughput/i;
/** JSON-RPC error codes providers use for rate limits (429 as a code, QuickNode's -32007, Infura's -32005 with rate words). */
export function isRateLimitError(error: { code?: number; message?: string } | undefined): boolean {
  if (!error) return false;
  if (error.code === 429 || error.code === -32007 || error.code === -32090) return true;
  return (
    RATE_LIMIT_TEXT.test(error.message ?? "") &&
    !/block range|results|range/i.test(error.message ?? "")
  );
}

const BATCH_LIMIT_TEXT =
  /batch (limit|too large|size)|too many (requests|calls) in (a |the )?batch|exceeds? .*batch|batch.*exceed/i;
export function isBatchLimitError(error: { code?: number; message?: string } | undefined): boolean {
  return !!error && BATCH_LIMIT_TEXT.test(error.message ?? "");
}

function fetchFault(error: unknown, timeoutMs: number): Fault {
  const e = error as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError")
    return { kind: "timeout", detail: `no answer within ${timeoutMs / 1000} s` };
  const code = e?.cause?.code ?? e?.code;
  const message = e?.cause?.message ?? (error as Error)?.message ?? String(error);
  if (code === "ECONNREFUSED") return { kind: "unreachable", detail: "connection refused" };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return { kind: "unreachable", detail: `the host name does not resolve (${code})` };
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH")
    return { kind: "unreachable", detail: `no route to the host (${code})` };
  if (code === "UND_ERR_CONNECT_TIMEOUT")
    return { kind: "unreachable", detail: "the connection timed out" };
  return {
    kind: "dropped",
    detail: `the connection was dropped (${code ?? message.split("\n")[0]})`,
  };
}

/** The sentence for a fault that outlasted patience. */
function faultSentence(
  origin: string,
  fault: Fault,
  attempts: number,
  seconds: number,
  statusText?: string,
): string {
  const over = `${attempts} ${attempts === 1 ? "try" : "tries"} over ${seconds.toFixed(0)} s`;
  switch (fault.kind) {
    case "rate-limited":
      return `the provider at ${origin} is rate-limiting these requests (${fault.detail}) and still was after ${over}: wait a few minutes and run it again, or use an RPC URL with a higher limit`;
    case "unreachable":
      return `the RPC endpoint at ${origin} is unreachable (${fault.detail}) and stayed so for ${over}: check the URL and that the node or provider is up`;
    case "dropped":
      return `the RPC endpoint at ${origin} kept dropping connections (${fault.detail}; ${over}): the provider or a proxy in between is failing, try again later or another provider`;
    case "timeout":
      return `the RPC endpoint at ${origin} did not answer in time (${fault.detail}; ${over}): the provider is overloaded or the request too heavy, try again later or another provider`;
    case "server-error":
      return `the RPC endpoint at ${origin} answered with server errors (${fault.detail}${statusText ? ` ${statusText}` : ""}; ${over}): the provider is having an outage, try again later or another provider`;
    case "bad-response":
      return `the RPC endpoint at ${origin} answered something that is not JSON-RPC (${fault.detail}; ${over}): check that the URL is a JSON-RPC endpoint`;
    case "batch-too-large":
      return `the RPC endpoint at ${origin} refuses even single JSON-RPC requests as a batch too large (${fault.detail})`;
    case "out-of-time":
      return fault.detail;
  }
}

/** An EIP-1193-style error for a JSON-RPC error answer, as viem expects from a provider. */
function answerError(error: NonNullable<JsonRpcResponse["error"]>): Error {
  return Object.assign(new Error(error.message ?? "JSON-RPC error"), {
    code: error.code,
    data: error.data,
  });
}

/**
 * The request function of the robust client (EIP-1193's `request`), with its statistics. Use
 * `robustClient` for a viem PublicClient over it.
 */
export function robustRequest(url: string, options: RpcOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const patienceMs = options.patienceMs ?? 60_000;
  const startupPatienceMs = Math.min(options.startupPatienceMs ?? 5_000, patienceMs);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const maxInFlight = options.maxInFlight ?? 4;
  const backoffMs = options.backoffMs ?? 250;
  const doFetch = options.fetch ?? fetch;
  const origin = redactUrl(url);
  const started = Date.now();
  const deadline = options.budgetMs === undefined ? Infinity : started + options.budgetMs;

  const stats: RpcStats = {
    calls: 0,
    sent: 0,
    requests: 0,
    retries: 0,
    faults: {},
    batchSize: Math.max(1, options.batchSize ?? 100),
  };
  let nextId = 1;
  let queue: Pending[] = [];
  let scheduled = false;
  let inFlight = 0;
  let lastFault: Fault | undefined;
  /** Whether the endpoint has answered anything over HTTP yet. */
  let answered = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 0);
  };

  function flush() {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.splice(0, stats.batchSize);
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        if (queue.length > 0) schedule();
      });
    }
  }

  function outOfTime(): RpcFaultError {
    const spent = ((Date.now() - started) / 1000).toFixed(0);
    const why = lastFault
      ? `; the last fault: ${lastFault.kind}, ${lastFault.detail}`
      : "; the provider was slow";
    return new RpcFaultError(
      "out-of-time",
      `the time budget of ${((options.budgetMs ?? 0) / 1000).toFixed(0)} s ran out (${spent} s, ${stats.requests} HTTP requests to ${origin}${why}): run it again with a longer time budget, or use a faster provider`,
      0,
    );
  }

  function retry(batch: Pending[], fault: Fault, statusText?: string) {
    lastFault = fault;
    stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + batch.length;
    const now = Date.now();
    const again: Pending[] = [];
    const patience = !answered && fault.kind === "unreachable" ? startupPatienceMs : patienceMs;
    for (const p of batch) {
      p.firstFailureAt ??= now;
      if (now >= deadline) p.reject(outOfTime());
      else if (now - p.firstFailureAt >= patience)
        p.reject(
          new RpcFaultError(
            fault.kind,
            faultSentence(origin, fault, p.attempts, (now - p.firstFailureAt) / 1000, statusText),
            p.attempts,
          ),
        );
      else again.push(p);
    }
    if (again.length === 0) return;
    const attempt = Math.max(...again.map((p) => p.attempts));
    const backoff = Math.min(5_000, backoffMs * 2 ** Math.min(attempt - 1, 10));
    let waitMs =
      fault.retryAfterMs !== undefined ? Math.min(fault.retryAfterMs, maxRetryAfterMs) : backoff;
    waitMs = Math.max(0, Math.min(waitMs, deadline - now));
    stats.retries += again.length;
    options.onEvent?.({ type: "retry", kind: fault.kind, detail: fault.detail, attempt, waitMs });
    setTimeout(() => {
      queue = [...again, ...queue];
      schedule();
    }, waitMs);
  }

  function split(batch: Pending[], detail: string) {
    const size = Math.max(1, Math.floor(batch.length / 2));
    if (size < stats.batchSize) {
      stats.batchSize = size;
      options.onEvent?.({ type: "batch-size", size, detail });
    }
    queue = [...batch, ...queue];
    schedule();
  }

  async function send(batch: Pending[]): Promise<void> {
    if (Date.now() >= deadline) {
      for (const p of batch) p.reject(outOfTime());
      return;
    }
    for (const p of batch) p.attempts++;
    stats.requests++;
    stats.sent += batch.length;
    const single = batch.length === 1;
    const payload = single ? batch[0].body : batch.map((p) => p.body);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(Math.max(1, Math.min(timeoutMs, deadline - Date.now()))),
      });
      text = await response.text();
    } catch (error) {
      // Cut short by the time budget: not the provider's fault.
      if (Date.now() >= deadline) {
        for (const p of batch) p.reject(outOfTime());
        return;
      }
      return retry(batch, fetchFault(error, timeoutMs));
    }
    answered = true;
    const status = response.status;
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      return retry(batch, {
        kind: "rate-limited",
        detail: `HTTP 429${retryAfterMs !== undefined ? `, Retry-After ${Math.round(retryAfterMs / 1000)} s` : ""}`,
        retryAfterMs,
      });
    }
    if (status === 413 && !single) return split(batch, "HTTP 413 for a batch");
    if (status === 413) {
      // One call too large to answer (an eth_getLogs over too many blocks): the caller's to handle.
      return batch[0].reject(
        Object.assign(new Error("HTTP 413 Request Entity Too Large"), {
          status: 413,
          details: "Request Entity Too Large",
        }),
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (status >= 500)
        return retry(
          batch,
          { kind: "server-error", detail: `HTTP ${status}` },
          response.statusText,
        );
      if (!single && /batch/i.test(text))
        return split(batch, `HTTP ${status}: ${text.slice(0, 80)}`);
      const type = response.headers.get("content-type") ?? "no content type";
      return retry(batch, { kind: "bad-response", detail: `HTTP ${status}, ${type}` });
    }
    if (Array.isArray(json)) {
      const byId = new Map<unknown, JsonRpcResponse>();
      for (const r of json as JsonRpcResponse[]) if (r && typeof r === "object") byId.set(r.id, r);
      const rateLimited: Pending[] = [];
      const tooMany: Pending[] = [];
      const missing: Pending[] = [];
      for (const p of batch) {
        const r = byId.get(p.body.id);
        if (!r) missing.push(p);
        else if (r.error && isRateLimitError(r.error)) rateLimited.push(p);
        else if (r.error && !single && isBatchLimitError(r.error)) tooMany.push(p);
        else if (r.error) p.reject(answerError(r.error));
        else p.resolve(r.result);
      }
      if (tooMany.length > 0)
        split(
          tooMany,
          `"${byId.get(tooMany[0].body.id)?.error?.message}" for ${tooMany.length} of ${batch.length} calls`,
        );
      if (rateLimited.length > 0) {
        const e = byId.get(rateLimited[0].body.id)!.error!;
        retry(rateLimited, {
          kind: "rate-limited",
          detail: `JSON-RPC error ${e.code}: ${e.message}`,
        });
      }
      if (missing.length > 0) {
        if (missing.length === batch.length && status >= 500)
          return retry(
            missing,
            { kind: "server-error", detail: `HTTP ${status}` },
            response.statusText,
          );
        retry(missing, {
          kind: "bad-response",
          detail: `${missing.length} calls unanswered in a batch of ${batch.length}`,
        });
      }
      return;
    }
    if (json && typeof json === "object") {
      const r = json as JsonRpcResponse;
      if (!single) {
        // A single object for a batch: the batch was refused as a whole.
        if (r.error && isRateLimitError(r.error))
          return retry(batch, {
            kind: "rate-limited",
            detail: `JSON-RPC error ${r.error.code}: ${r.error.message}`,
          });
        if (status >= 500 && !r.error)
          return retry(
            batch,
            { kind: "server-error", detail: `HTTP ${status}` },
            response.statusText,
          );
        return split(
          batch,
          r.error ? `"${r.error.message}" (code ${r.error.code})` : `HTTP ${status}`,
        );
      }
      const p = batch[0];
      if (r.error && isRateLimitError(r.error))
        return retry(batch, {
          kind: "rate-limited",
          detail: `JSON-RPC error ${r.error.code}: ${r.error.message}`,
        });
      if (r.error && isBatchLimitError(r.error))
        return p.reject(
          new RpcFaultError(
            "batch-too-large",
            faultSentence(
              origin,
              { kind: "batch-too-large", detail: r.error.message ?? "" },
              p.attempts,
              0,
            ),
            p.attempts,
          ),
        );
      if (r.error) return p.reject(answerError(r.error));
      if ("result" in r) return p.resolve(r.result);
      if (status >= 500)
        return retry(
          batch,
          { kind: "server-error", detail: `HTTP ${status}` },
          response.statusText,
        );
    }
    if (status >= 500)
      return retry(batch, { kind: "server-error", detail: `HTTP ${status}` }, response.statusText);
    return retry(batch, {
      kind: "bad-response",
      detail: `HTTP ${status}, an answer without a result`,
    });
  }

  const request = ({ method, params }: { method: string; params?: unknown }) =>
    new Promise<unknown>((resolve, reject) => {
      stats.calls++;
      queue.push({
        body: { jsonrpc: "2.0", id: nextId++, method, params },
        resolve,
        reject,
        attempts: 0,
      });
      schedule();
    });

  return { request, stats: () => ({ ...stats, faults: { ...stats.faults } }) };
}

export type RobustClient = {
  client: PublicClient;
  request: ReturnType<typeof robustRequest>["request"];
  stats: () => RpcStats;
  /** JSON-RPC calls asked for (a batch of n calls counts n). */
  calls: () => number;
  /** HTTP requests sent (a batch counts once), retries included. */
  requests: () => number;
};

/** A viem PublicClient over the robust request function (viem's own retries off: this one decides). */
export function robustClient(url: string, options: RpcOptions = {}): RobustClient {
  const { request, stats } = robustRequest(url, options);
  const client = createPublicClient({
    transport: custom({ request }, { retryCount: 0 }),
  }) as PublicClient;
  return {
    client,
    request,
    stats,
    calls: () => stats().calls,
    requests: () => stats().requests,
  };
}

export type CountingClient = {
  client: PublicClient;
  /** JSON-RPC calls made (a batch of n calls counts n). */
  calls: () => number;
  /** HTTP requests sent (a batch counts once). */
  requests: () => number;
};

/** The robust client, under the name the scripts used before it was robust. */
export function countingHttpClient(
  url: string,
  options: { timeoutMs?: number; batchSize?: number } = {},
): CountingClient {
  const { client, calls, requests } = robustClient(url, options);
  return { client, calls, requests };
}

/** Whether an error (or one of its causes) is a transport fault, not an answer of the chain. */
export function rpcFaultOf(error: unknown): RpcFaultError | undefined {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 8; depth++) {
    if (e instanceof RpcFaultError) return e;
    e = e.cause as { cause?: unknown } | undefined;
  }
  return undefined;
}
