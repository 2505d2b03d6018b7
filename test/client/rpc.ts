/**
 * The robust JSON-RPC client (client/rpc.ts) against a scripted `fetch`: what it retries and for how
 * long, what it hands back to callers as answers, how it shrinks batches, and the sentences it ends
 * with. No network: each test scripts the provider's answers and counts what was asked.
 */
import { expect } from "chai";

import {
  parseRetryAfter,
  redactUrl,
  robustClient,
  robustRequest,
  RpcFaultError,
  rpcFaultOf,
  type RpcEvent,
} from "../../client/rpc.ts";

type Body = { id: number; method: string; params?: unknown[] } | { id: number; method: string }[];
type Reply = Response | Error;

const URL_WITH_KEY = "https://base-sepolia.g.example.com/v2/SECRET-API-KEY?token=alsosecret";

/** A fetch that answers each HTTP request with `script(body, n)` (n counts from 1). */
function scripted(script: (body: Body, n: number) => Reply | Promise<Reply>) {
  const bodies: Body[] = [];
  const fetch = (async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body) as Body;
    bodies.push(body);
    const reply = await script(body, bodies.length);
    if (reply instanceof Error) throw reply;
    return reply;
  }) as unknown as typeof globalThis.fetch;
  return { fetch, bodies };
}

const json = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
/** Answers every call with `result(method)`, one response per call, batch or not. */
const answer = (body: Body, result: (method: string) => unknown = () => "0x1") =>
  Array.isArray(body)
    ? json(body.map((c) => ({ jsonrpc: "2.0", id: c.id, result: result(c.method) })))
    : json({ jsonrpc: "2.0", id: body.id, result: result(body.method) });
const refused = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
const fast = { backoffMs: 5, patienceMs: 200, startupPatienceMs: 200 };

describe("robust JSON-RPC client", function () {
  it("batches calls made together into one HTTP request, and answers each by id", async function () {
    const { fetch, bodies } = scripted((body) => answer(body, (m) => `${m}-result`));
    const { request, stats } = robustRequest(URL_WITH_KEY, { fetch });
    const results = await Promise.all([
      request({ method: "eth_chainId" }),
      request({ method: "eth_blockNumber" }),
      request({ method: "eth_gasPrice" }),
    ]);
    expect(results).to.deep.equal([
      "eth_chainId-result",
      "eth_blockNumber-result",
      "eth_gasPrice-result",
    ]);
    expect(bodies).to.have.length(1);
    expect(stats()).to.include({ calls: 3, sent: 3, requests: 1, retries: 0 });
  });

  it("waits out HTTP 429 with Retry-After, capped at maxRetryAfterMs, then gets the answer", async function () {
    const events: RpcEvent[] = [];
    const { fetch, bodies } = scripted((body, n) =>
      n <= 2 ? json({ error: "rate limited" }, 429, { "retry-after": "30" }) : answer(body),
    );
    const started = Date.now();
    const { request, stats } = robustRequest(URL_WITH_KEY, {
      fetch,
      maxRetryAfterMs: 40,
      ...fast,
      patienceMs: 5_000,
      onEvent: (e) => events.push(e),
    });
    expect(await request({ method: "eth_blockNumber" })).to.equal("0x1");
    expect(bodies).to.have.length(3);
    expect(Date.now() - started).to.be.lessThan(2_000); // 30 s each, had the cap not held
    expect(
      events.filter((e) => e.type === "retry").map((e) => [e.kind, e.detail, e.waitMs]),
    ).to.deep.equal([
      ["rate-limited", "HTTP 429, Retry-After 30 s", 40],
      ["rate-limited", "HTTP 429, Retry-After 30 s", 40],
    ]);
    expect(stats().faults).to.deep.equal({ "rate-limited": 2 });
  });

  it("retries 5xx pages, dropped connections and non-JSON answers, then succeeds", async function () {
    const replies: Reply[] = [
      new Response("<html>502 Bad Gateway</html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      }),
      refused("ECONNRESET"),
      new Response("<html>maintenance</html>", {
        status: 200,
        headers: { "content-type": "text/html" },
      }),
    ];
    const { fetch, bodies } = scripted((body, n) => replies[n - 1] ?? answer(body));
    const { request, stats } = robustRequest(URL_WITH_KEY, { fetch, ...fast, patienceMs: 5_000 });
    expect(await request({ method: "eth_chainId" })).to.equal("0x1");
    expect(bodies).to.have.length(4);
    expect(stats().faults).to.deep.equal({ "server-error": 1, dropped: 1, "bad-response": 1 });
  });

  it("gives up after its patience with a sentence naming the fault and only the URL's origin", async function () {
    const { fetch } = scripted(() => json({}, 429, { "retry-after": "1" }));
    const { request } = robustRequest(URL_WITH_KEY, { fetch, ...fast, maxRetryAfterMs: 20 });
    const error = await request({ method: "eth_chainId" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(RpcFaultError);
    const fault = error as RpcFaultError;
    expect(fault.kind).to.equal("rate-limited");
    expect(fault.shortMessage).to.match(
      /^the provider at https:\/\/base-sepolia\.g\.example\.com is rate-limiting these requests \(HTTP 429, Retry-After 1 s\) and still was after \d+ tries over 0 s: wait a few minutes and run it again, or use an RPC URL with a higher limit$/,
    );
    expect(fault.message).not.to.include("SECRET");
    expect(fault.attempts).to.be.greaterThan(2);
  });

  it("gives up quickly on a refused connection before the endpoint ever answered (a wrong URL)", async function () {
    const { fetch, bodies } = scripted(() => refused("ECONNREFUSED"));
    const started = Date.now();
    const { request } = robustRequest("http://127.0.0.1:9", {
      fetch,
      backoffMs: 5,
      patienceMs: 60_000,
      startupPatienceMs: 100,
    });
    const error = (await request({ method: "eth_chainId" }).catch(
      (e: unknown) => e,
    )) as RpcFaultError;
    expect(error.kind).to.equal("unreachable");
    expect(error.shortMessage).to.include(
      "the RPC endpoint at http://127.0.0.1:9 is unreachable (connection refused)",
    );
    expect(Date.now() - started).to.be.lessThan(2_000);
    expect(bodies.length).to.be.greaterThan(1);
  });

  it("once the endpoint has answered, a refused connection is an outage: patience applies", async function () {
    const { fetch, bodies } = scripted((body, n) =>
      n === 1 || n > 4 ? answer(body) : refused("ECONNREFUSED"),
    );
    const { request } = robustRequest(URL_WITH_KEY, {
      fetch,
      backoffMs: 5,
      patienceMs: 5_000,
      startupPatienceMs: 1,
    });
    await request({ method: "eth_chainId" });
    expect(await request({ method: "eth_blockNumber" })).to.equal("0x1");
    expect(bodies).to.have.length(5);
  });

  it("hands a JSON-RPC error back to its caller as the answer it is (code, message, data), unretried", async function () {
    const { fetch, bodies } = scripted((body) =>
      json({
        jsonrpc: "2.0",
        id: (body as { id: number }).id,
        error: { code: 3, message: "execution reverted", data: "0x08c379a0" },
      }),
    );
    const { request } = robustRequest(URL_WITH_KEY, { fetch, ...fast });
    const error = (await request({ method: "eth_call" }).catch((e: unknown) => e)) as {
      code: number;
      message: string;
      data: string;
    };
    expect([error.code, error.message, error.data]).to.deep.equal([
      3,
      "execution reverted",
      "0x08c379a0",
    ]);
    expect(rpcFaultOf(error)).to.equal(undefined);
    expect(bodies).to.have.length(1);
  });

  it("retries only the calls of a batch that were rate-limited, and answers the others", async function () {
    const { fetch, bodies } = scripted((body, n) => {
      if (!Array.isArray(body)) return answer(body, (m) => m);
      return json(
        body.map((c, i) =>
          n === 1 && i === 1
            ? {
                jsonrpc: "2.0",
                id: c.id,
                error: {
                  code: -32005,
                  message: "daily request count exceeded, request rate limited",
                },
              }
            : { jsonrpc: "2.0", id: c.id, result: c.method },
        ),
      );
    });
    const { request, stats } = robustRequest(URL_WITH_KEY, { fetch, ...fast, patienceMs: 5_000 });
    const results = await Promise.all(["a", "b", "c"].map((method) => request({ method })));
    expect(results).to.deep.equal(["a", "b", "c"]);
    expect(bodies).to.have.length(2);
    expect(bodies[1]).to.deep.include({ method: "b" });
    expect(stats().faults).to.deep.equal({ "rate-limited": 1 });
  });

  for (const [name, refusal] of [
    [
      "erigon's single error object",
      (body: Body) =>
        json({
          jsonrpc: "2.0",
          id: null,
          error: {
            code: -32600,
            message: `batch limit 2 exceeded (${(body as unknown[]).length})`,
          },
        }),
    ],
    [
      "geth's error per call",
      (body: Body) =>
        json(
          (body as { id: number }[]).map((c) => ({
            jsonrpc: "2.0",
            id: c.id,
            error: { code: -32600, message: "batch too large" },
          })),
        ),
    ],
    ["HTTP 413", () => new Response("Request Entity Too Large", { status: 413 })],
  ] as const) {
    it(`halves batches refused as too large (${name}) until they pass, for the rest of the session`, async function () {
      const events: RpcEvent[] = [];
      const { fetch, bodies } = scripted((body) =>
        Array.isArray(body) && body.length > 2 ? refusal(body) : answer(body, (m) => m),
      );
      const { request, stats } = robustRequest(URL_WITH_KEY, {
        fetch,
        ...fast,
        batchSize: 8,
        onEvent: (e) => events.push(e),
      });
      const methods = Array.from({ length: 8 }, (_, i) => `m${i}`);
      expect(await Promise.all(methods.map((method) => request({ method })))).to.deep.equal(
        methods,
      );
      expect(stats().batchSize).to.equal(2);
      expect(
        events.filter((e) => e.type === "batch-size").map((e) => (e as { size: number }).size),
      ).to.deep.equal([4, 2]);
      // Every call answered exactly once, none lost in the splitting.
      const answered = bodies.filter((b) => !Array.isArray(b) || b.length <= 2).flat();
      expect(answered.map((c) => c.method).sort()).to.deep.equal(methods);
      // Later calls go out in batches of 2 from the start.
      const before = bodies.length;
      await Promise.all(["x", "y", "z"].map((method) => request({ method })));
      expect(bodies.slice(before).map((b) => (Array.isArray(b) ? b.length : 1))).to.deep.equal([
        2, 1,
      ]);
    });
  }

  it("ends every request when the time budget is spent, whatever the patience left", async function () {
    const { fetch } = scripted(async (body) => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      return answer(body);
    });
    const { request } = robustRequest(URL_WITH_KEY, { fetch, budgetMs: 150, patienceMs: 60_000 });
    await request({ method: "eth_chainId" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = (await request({ method: "eth_blockNumber" }).catch(
      (e: unknown) => e,
    )) as RpcFaultError;
    expect(error.kind).to.equal("out-of-time");
    expect(error.shortMessage).to.match(
      /^the time budget of 0 s ran out \(0 s, 1 HTTP requests to https:\/\/base-sepolia\.g\.example\.com; the provider was slow\)/,
    );
  });

  it("a viem client over it: reads work, a transport fault comes out as RpcFaultError", async function () {
    const { fetch } = scripted((body) =>
      answer(body, (m) => (m === "eth_chainId" ? "0x14a34" : "0x2a")),
    );
    const { client, calls, requests } = robustClient(URL_WITH_KEY, { fetch });
    expect(await client.getChainId()).to.equal(84532);
    expect(await client.getBlockNumber({ cacheTime: 0 })).to.equal(42n);
    expect([calls(), requests()]).to.deep.equal([2, 2]);

    const down = robustClient(URL_WITH_KEY, {
      fetch: scripted(() => refused("ENOTFOUND")).fetch,
      ...fast,
    });
    const error = await down.client.getChainId().catch((e: unknown) => e);
    expect(rpcFaultOf(error)?.kind).to.equal("unreachable");
    expect(rpcFaultOf(error)?.shortMessage).to.include(
      "the host name does not resolve (ENOTFOUND)",
    );
  });

  it("parses Retry-After as seconds or an HTTP date, and shows only a URL's origin", function () {
    expect(parseRetryAfter("30")).to.equal(30_000);
    expect(parseRetryAfter("1.5")).to.equal(1_500);
    expect(
      parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1)),
    ).to.equal(30_000);
    expect(parseRetryAfter("soon")).to.equal(undefined);
    expect(parseRetryAfter(null)).to.equal(undefined);
    expect(redactUrl(URL_WITH_KEY)).to.equal("https://base-sepolia.g.example.com");
    expect(redactUrl("not a url")).to.equal("the RPC URL");
  });
});
