/**
 * An HTTP JSON-RPC proxy in front of a local node that behaves like public providers do when they
 * are busy, capped or broken, so that the auditor can be tested against each way they fail:
 *
 * - `rangeCap`: eth_getLogs over more than N blocks refused, with a given provider's error shape;
 * - `resultCap`: eth_getLogs returning more than N logs refused (Infura's "Try with this block range");
 * - `rateLimit`: more than N HTTP requests per second answered 429 with a Retry-After;
 * - `serverError`: every k-th HTTP request answered 5xx (an HTML error page);
 * - `drop`: every k-th connection destroyed before any answer;
 * - `outage`: from the n-th request, connections refused (or 503s) for a while;
 * - `batchCap`: JSON-RPC batches of more than N calls refused (erigon's, geth's or HTTP 413's way);
 * - `lag`: eth_blockNumber tells the true head, every other method serves the chain as of L blocks
 *   before it (a node lagging behind its load balancer): newer blocks are "header not found",
 *   eth_getLogs silently stops at the lagging head;
 * - `reorg`: from the n-th request on, blocks from a given number come back with other hashes;
 * - `delayMs`: every answer late.
 *
 * Faults are deterministic (counters, not chance), so each test's outcome is too.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

type Upstream = (args: { method: string; params?: unknown[] }) => Promise<unknown>;
type Call = { jsonrpc?: string; id?: unknown; method: string; params?: unknown[] };
type Answer = { jsonrpc: "2.0"; id: unknown; result?: unknown; error?: RpcErrorShape };
type RpcErrorShape = { code: number; message: string; data?: unknown };

/**
 * How each provider words an eth_getLogs block-range refusal, for a cap of `cap` blocks from `from`
 * (QuickNode, LlamaRPC and PublicNode count a range as toBlock - fromBlock, Cloudflare in blocks).
 */
export const RANGE_SHAPES = {
  alchemy: (cap: bigint, from: bigint) => ({
    code: -32602,
    message: `You can make eth_getLogs requests with up to a ${cap} block range. Based on your parameters, this block range should work: [0x${from.toString(16)}, 0x${(from + cap - 1n).toString(16)}]`,
  }),
  quicknode: (cap: bigint) => ({
    code: -32614,
    message: `eth_getLogs is limited to a ${(cap - 1n).toLocaleString("en-US")} range`,
  }),
  cloudflare: (cap: bigint) => ({ code: -32047, message: `Max range: ${cap}` }),
  llamarpc: (cap: bigint) => ({
    code: -32602,
    message: `query exceeds max block range ${cap - 1n}`,
  }),
  publicnode: (cap: bigint) => ({
    code: -32701,
    message: `exceed maximum block range: ${cap - 1n}`,
  }),
  ankr: () => ({ code: -32600, message: "block range is too wide" }),
} as const;
export type RangeShape = keyof typeof RANGE_SHAPES | "http413" | "http503";

export type Faults = {
  rangeCap?: { blocks: bigint; shape: RangeShape };
  resultCap?: { logs: number };
  rateLimit?: { perSecond: number; retryAfterS: number };
  serverError?: { every: number; status: 500 | 502 | 503 | 504 };
  drop?: { every: number };
  outage?: { afterRequests: number; durationMs: number; mode: "refuse" | "503" };
  batchCap?: { calls: number; shape: "erigon" | "geth" | "http413" };
  lag?: { blocks: bigint };
  reorg?: { afterRequests: number; fromBlock: bigint };
  delayMs?: number;
};

export type ProxyStats = {
  requests: number;
  calls: number;
  refused: Record<string, number>;
};

const hex = (n: bigint) => `0x${n.toString(16)}`;
const BLOCK_PARAM: Record<string, number> = {
  eth_call: 1,
  eth_getBalance: 1,
  eth_getCode: 1,
  eth_getStorageAt: 2,
  eth_getTransactionCount: 1,
  eth_getBlockByNumber: 0,
};

export class ProviderProxy {
  readonly #upstream: Upstream;
  #server: http.Server;
  #sockets = new Set<Socket>();
  #port = 0;
  faults: Faults = {};
  stats: ProxyStats = { requests: 0, calls: 0, refused: {} };
  #window = { second: 0, count: 0 };
  #outageUntil = 0;
  #outageStarted = false;
  #reopen?: NodeJS.Timeout;

  constructor(upstream: Upstream) {
    this.#upstream = upstream;
    this.#server = this.#createServer();
  }

  get url() {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Sets the faults for what follows and resets the counters (and ends an outage in progress). */
  set(faults: Faults) {
    if (this.#reopen) {
      clearTimeout(this.#reopen);
      this.#reopen = undefined;
      this.#server.listen(this.#port, "127.0.0.1");
    }
    this.faults = faults;
    this.stats = { requests: 0, calls: 0, refused: {} };
    this.#window = { second: 0, count: 0 };
    this.#outageUntil = 0;
    this.#outageStarted = false;
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(port, "127.0.0.1", () => resolve()));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.url;
  }

  async close() {
    if (this.#reopen) clearTimeout(this.#reopen);
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #createServer() {
    const server = http.createServer((req, res) => void this.#handle(req, res));
    server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    return server;
  }

  #refuse(what: string) {
    this.stats.refused[what] = (this.stats.refused[what] ?? 0) + 1;
  }

  /** Connections refused for a while: the listening socket closes, then opens again on the same port. */
  #startOutage(durationMs: number) {
    this.#outageStarted = true;
    this.#outageUntil = Date.now() + durationMs;
    const old = this.#server;
    this.#server = this.#createServer();
    old.close();
    for (const socket of this.#sockets) socket.destroy();
    this.#reopen = setTimeout(() => {
      this.#reopen = undefined;
      this.#server.listen(this.#port, "127.0.0.1");
    }, durationMs);
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const f = this.faults;
    const n = ++this.stats.requests;

    if (f.outage && !this.#outageStarted && n >= f.outage.afterRequests) {
      if (f.outage.mode === "refuse") {
        this.#refuse("outage");
        this.#startOutage(f.outage.durationMs);
        req.socket.destroy();
        return;
      }
      this.#outageStarted = true;
      this.#outageUntil = Date.now() + f.outage.durationMs;
    }
    if (Date.now() < this.#outageUntil) {
      this.#refuse("outage");
      res.writeHead(503, { "content-type": "text/html" });
      res.end("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
      return;
    }
    if (f.drop && n % f.drop.every === 0) {
      this.#refuse("drop");
      req.socket.destroy();
      return;
    }
    if (f.serverError && n % f.serverError.every === 0) {
      this.#refuse(`http ${f.serverError.status}`);
      res.writeHead(f.serverError.status, { "content-type": "text/html" });
      res.end(`<html><body><h1>${f.serverError.status} Bad Gateway</h1></body></html>`);
      return;
    }
    if (f.rateLimit) {
      const second = Math.floor(Date.now() / 1000);
      if (second !== this.#window.second) this.#window = { second, count: 0 };
      if (++this.#window.count > f.rateLimit.perSecond) {
        this.#refuse("429");
        res.writeHead(429, {
          "content-type": "application/json",
          "retry-after": String(f.rateLimit.retryAfterS),
        });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: null,
            error: {
              code: 429,
              message:
                "Your app has exceeded its compute units per second capacity. If you have retries enabled, you can safely ignore this message.",
            },
          }),
        );
        return;
      }
    }

    let body: Call | Call[];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Call | Call[];
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: null,
          error: { code: -32700, message: "parse error" },
        }),
      );
      return;
    }
    if (Array.isArray(body) && f.batchCap && body.length > f.batchCap.calls) {
      this.#refuse(`batch ${f.batchCap.shape}`);
      if (f.batchCap.shape === "http413") {
        res.writeHead(413, { "content-type": "text/plain" });
        res.end("Request Entity Too Large");
        return;
      }
      const error =
        f.batchCap.shape === "erigon"
          ? { code: -32600, message: `batch limit ${f.batchCap.calls} exceeded` }
          : { code: -32600, message: "batch too large" };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          f.batchCap.shape === "erigon"
            ? { jsonrpc: "2.0", id: null, error }
            : body.map((c) => ({ jsonrpc: "2.0", id: c.id, error })),
        ),
      );
      return;
    }

    const answers = await Promise.all([body].flat().map((call) => this.#answer(call)));
    const http413 = answers.find(
      (a) => (a as { http?: number }).http === 413 || (a as { http?: number }).http === 503,
    );
    if (http413) {
      const status = (http413 as { http: number }).http;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 413 ? "Request Entity Too Large" : "Service Unavailable");
      return;
    }
    if (f.delayMs) await new Promise((resolve) => setTimeout(resolve, f.delayMs));
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(Array.isArray(body) ? answers : answers[0]));
  }

  async #call(method: string, params: unknown[] = []): Promise<unknown> {
    return this.#upstream({ method, params });
  }

  async #answer(call: Call): Promise<Answer | { http: number }> {
    this.stats.calls++;
    const f = this.faults;
    const ok = (result: unknown): Answer => ({ jsonrpc: "2.0", id: call.id, result });
    const fail = (error: RpcErrorShape): Answer => ({ jsonrpc: "2.0", id: call.id, error });
    try {
      let params = [...(call.params ?? [])];
      const head = BigInt((await this.#call("eth_blockNumber")) as string);
      const visible = f.lag ? head - f.lag.blocks : head;
      const resolve = (tag: unknown): bigint | "future" => {
        if (
          tag === undefined ||
          tag === "latest" ||
          tag === "pending" ||
          tag === "safe" ||
          tag === "finalized"
        )
          return visible;
        if (tag === "earliest") return 0n;
        const block = BigInt(tag as string);
        return block > visible ? "future" : block;
      };

      if (call.method === "eth_blockNumber") return ok(hex(head));

      if (call.method in BLOCK_PARAM) {
        const i = BLOCK_PARAM[call.method];
        const block = resolve(params[i]);
        if (block === "future") {
          if (call.method === "eth_getBlockByNumber") return ok(null);
          return fail({ code: -32000, message: "header not found" });
        }
        params[i] = hex(block);
      }

      if (call.method === "eth_getLogs") {
        const filter = { ...(params[0] as Record<string, unknown>) };
        if (filter.blockHash !== undefined) {
          const block = (await this.#call("eth_getBlockByHash", [filter.blockHash, false])) as {
            number: string;
          } | null;
          if (!block || BigInt(block.number) > visible)
            return fail({ code: -32000, message: `unknown block` });
        } else {
          const from = resolve(filter.fromBlock ?? "latest");
          let to = resolve(filter.toBlock ?? "latest");
          if (from === "future") return ok([]);
          if (to === "future") to = visible; // a lagging node answers up to its own head, silently
          const span = to - from + 1n;
          if (f.rangeCap && span > f.rangeCap.blocks) {
            this.#refuse(`range ${f.rangeCap.shape}`);
            if (f.rangeCap.shape === "http413") return { http: 413 };
            if (f.rangeCap.shape === "http503") return { http: 503 };
            return fail(RANGE_SHAPES[f.rangeCap.shape](f.rangeCap.blocks, from));
          }
          filter.fromBlock = hex(from);
          filter.toBlock = hex(to);
          params = [filter];
          if (f.resultCap) {
            const logs = (await this.#call("eth_getLogs", params)) as { blockNumber: string }[];
            if (logs.length > f.resultCap.logs) {
              this.#refuse("results infura");
              const last = BigInt(logs[f.resultCap.logs].blockNumber) - 1n;
              const suggestedTo = last < from ? from : last;
              return fail({
                code: -32005,
                message: `query returned more than ${f.resultCap.logs} results. Try with this block range [${hex(from)}, ${hex(suggestedTo)}].`,
              });
            }
            return ok(logs);
          }
        }
        params = [filter];
      }

      let result = await this.#call(call.method, params);
      if (
        f.reorg &&
        this.stats.requests >= f.reorg.afterRequests &&
        (call.method === "eth_getBlockByNumber" || call.method === "eth_getBlockByHash") &&
        result &&
        BigInt((result as { number: string }).number) >= f.reorg.fromBlock
      ) {
        const block = result as { hash: string };
        result = { ...block, hash: `0x${"ee".repeat(4)}${block.hash.slice(10)}` };
      }
      return ok(result);
    } catch (error) {
      const e = error as { code?: number; message?: string; data?: unknown };
      return fail({
        code: typeof e.code === "number" ? e.code : -32603,
        message: e.message ?? String(error),
        ...(e.data !== undefined ? { data: e.data } : {}),
      });
    }
  }
}
