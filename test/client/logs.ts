/**
 * fetchLogs (client/logs.ts) against fake providers that serve synthetic logs and refuse ranges the
 * way real JSON-RPC providers do. No chain involved: every number here is known in advance.
 */
import { expect } from "chai";
import {
  createPublicClient,
  custom,
  HttpRequestError,
  TimeoutError,
  toHex,
  type Address,
  type Hex,
  type Log,
  type PublicClient,
} from "viem";

import {
  createLogCache,
  fetchLogs,
  isRangeError,
  isRateLimited,
  LogFetchError,
  type LogProgress,
} from "../../client/logs.ts";
import { RpcFaultError } from "../../client/rpc.ts";

const CONTRACT = "0xAbCdEf0123456789aBcDeF0123456789abCDef01" as Address;
const TOPIC = `0x${"ab".repeat(32)}` as Hex;

type RawLog = {
  address: string;
  blockHash: Hex;
  blockNumber: Hex;
  data: Hex;
  logIndex: Hex;
  removed: boolean;
  topics: Hex[];
  transactionHash: Hex;
  transactionIndex: Hex;
};

/** Blocks 0..blocks-1; block b holds (b * 7) % 4 logs (0 to 3), each tagged b * 1000 + index in its data. */
function syntheticChain(blocks: number): RawLog[] {
  const logs: RawLog[] = [];
  for (let b = 0; b < blocks; b++) {
    const count = (b * 7) % 4;
    for (let i = 0; i < count; i++) {
      logs.push({
        address: CONTRACT,
        blockHash: toHex(b + 1, { size: 32 }),
        blockNumber: toHex(b),
        data: toHex(b * 1000 + i, { size: 32 }),
        logIndex: toHex(i),
        removed: false,
        topics: [TOPIC],
        transactionHash: toHex(b * 1000 + i + 1, { size: 32 }),
        transactionIndex: toHex(i),
      });
    }
  }
  return logs;
}

type Call = { from: bigint; to: bigint; ok: boolean; filter: Record<string, unknown> };

/**
 * An EIP-1193 provider serving `logs` for eth_getLogs. `refuse(from, to, callIndex)` returns the error
 * to throw for a call, or undefined to answer it. Answers come back in reverse order, so that the
 * ordering is fetchLogs' job, not the provider's.
 */
function fakeProvider(
  logs: RawLog[],
  refuse: (from: bigint, to: bigint, callIndex: number) => unknown = () => undefined,
) {
  const calls: Call[] = [];
  const request = async ({ method, params }: { method: string; params?: unknown }) => {
    if (method !== "eth_getLogs") throw new Error(`unexpected method ${method}`);
    const filter = (params as Record<string, unknown>[])[0];
    const from = BigInt(filter.fromBlock as string);
    const to = BigInt(filter.toBlock as string);
    const error = refuse(from, to, calls.length);
    calls.push({ from, to, ok: error === undefined, filter });
    if (error !== undefined) throw error;
    return logs
      .filter((l) => BigInt(l.blockNumber) >= from && BigInt(l.blockNumber) <= to)
      .map((l) => ({ ...l }))
      .reverse();
  };
  return { calls, request };
}

/** The bare "client" fetchLogs needs: an object with `request`. */
const bareClient = (provider: ReturnType<typeof fakeProvider>) =>
  ({ request: provider.request }) as unknown as PublicClient;

/** A real viem public client over the fake provider (errors come back as viem wraps them), no retries. */
const viemClient = (provider: ReturnType<typeof fakeProvider>) =>
  createPublicClient({
    transport: custom({ request: provider.request as never }, { retryCount: 0 }),
  }) as PublicClient;

const span = (c: { from: bigint; to: bigint }) => c.to - c.from + 1n;
const key = (l: Log) => `${l.blockNumber}/${l.logIndex}`;

/** Every synthetic log exactly once, in (blockNumber, logIndex) order, normalised. */
function expectExactlyOnceInOrder(got: Log[], expected: RawLog[]) {
  expect(got.length).to.equal(expected.length);
  expect(new Set(got.map(key)).size).to.equal(got.length, "a log came back twice");
  for (let i = 1; i < got.length; i++) {
    const a = got[i - 1];
    const b = got[i];
    const ordered =
      a.blockNumber! < b.blockNumber! ||
      (a.blockNumber === b.blockNumber && a.logIndex! < b.logIndex!);
    expect(ordered, `log ${i} (${key(b)}) is not after ${key(a)}`).to.equal(true);
  }
  // Same logs as the chain, in chain order, with numbers normalised.
  expect(got.map((l) => l.data)).to.deep.equal(expected.map((l) => l.data));
  expect(typeof got[0].blockNumber).to.equal("bigint");
  expect(typeof got[0].logIndex).to.equal("number");
  expect(got[0].address).to.equal(CONTRACT.toLowerCase());
}

/** The calls that succeeded cover [from, to] exactly once, in order, with no gap or overlap. */
function expectContiguousCoverage(calls: Call[], from: bigint, to: bigint) {
  let next = from;
  for (const c of calls.filter((c) => c.ok)) {
    expect(c.from).to.equal(next, "a successful window does not start where the previous ended");
    next = c.to + 1n;
  }
  expect(next - 1n).to.equal(to);
}

describe("fetchLogs", function () {
  const chain = syntheticChain(300);

  it("builds a chain with logs in most blocks (sanity of the synthetic data)", function () {
    // (b * 7) % 4 over 300 blocks: 75 blocks each of 0, 1, 2, 3 logs.
    expect(chain.length).to.equal(75 * (0 + 1 + 2 + 3));
  });

  it("returns every log once, in order, in a single call when the provider accepts the whole range", async function () {
    const provider = fakeProvider(chain);
    const { logs, calls } = await fetchLogs(bareClient(provider), {
      address: CONTRACT,
      topics: [TOPIC],
      fromBlock: 0n,
      toBlock: 299n,
    });
    expectExactlyOnceInOrder(logs, chain);
    expect(calls).to.equal(1);
    expect(provider.calls).to.have.length(1);
    // The filter is passed through, blocks as hex quantities.
    expect(provider.calls[0].filter).to.deep.include({
      address: CONTRACT,
      topics: [TOPIC],
      fromBlock: "0x0",
      toBlock: "0x12b",
    });
  });

  it("returns only the logs inside [fromBlock, toBlock]", async function () {
    const provider = fakeProvider(chain);
    const { logs } = await fetchLogs(bareClient(provider), { fromBlock: 100n, toBlock: 149n });
    const expected = chain.filter(
      (l) => BigInt(l.blockNumber) >= 100n && BigInt(l.blockNumber) <= 149n,
    );
    expectExactlyOnceInOrder(logs, expected);
    expect(logs[0].blockNumber).to.equal(101n); // block 100 has (700 % 4) = 0 logs
    expect(logs.at(-1)!.blockNumber).to.equal(149n);
  });

  it("makes no call for an empty range (fromBlock > toBlock)", async function () {
    const provider = fakeProvider(chain);
    const { logs, calls } = await fetchLogs(bareClient(provider), { fromBlock: 10n, toBlock: 9n });
    expect(logs).to.deep.equal([]);
    expect(calls).to.equal(0);
    expect(provider.calls).to.have.length(0);
  });

  it("grows the window after successes, up to maxWindow", async function () {
    const provider = fakeProvider(chain);
    const { logs, calls } = await fetchLogs(bareClient(provider), {
      fromBlock: 0n,
      toBlock: 99n,
      initialWindow: 1n,
      maxWindow: 8n,
    });
    expectExactlyOnceInOrder(
      logs,
      chain.filter((l) => BigInt(l.blockNumber) < 100n),
    );
    // 1, 2, 4, 8 (blocks 0-14), then 8-block windows over 15-99 (85 blocks: 10 full, one of 5).
    expect(provider.calls.map(span)).to.deep.equal([
      1n,
      2n,
      4n,
      8n,
      ...Array<bigint>(10).fill(8n),
      5n,
    ]);
    expect(calls).to.equal(15);
  });

  it("caps the first window at maxWindow", async function () {
    const provider = fakeProvider(chain);
    await fetchLogs(bareClient(provider), {
      fromBlock: 0n,
      toBlock: 299n,
      initialWindow: 1_000n,
      maxWindow: 100n,
    });
    expect(provider.calls.map(span)).to.deep.equal([100n, 100n, 100n]);
  });

  describe("providers that refuse wide ranges", function () {
    const LIMIT = 10n;
    const body = { method: "eth_getLogs" };
    /** What real providers answer when a range is too wide (as an EIP-1193 provider or HTTP transport would throw it). */
    const refusals: [string, () => unknown][] = [
      [
        'Infura: -32005 "query returned more than 10000 results"',
        () => ({ code: -32005, message: "query returned more than 10000 results" }),
      ],
      [
        'publicnode/Cloudflare: -32000 "block range is too wide"',
        () => ({ code: -32000, message: "block range is too wide" }),
      ],
      ['JSON-RPC -32005 "limit exceeded"', () => ({ code: -32005, message: "limit exceeded" })],
      [
        'Alchemy: -32602 "Log response size exceeded"',
        () => ({
          code: -32602,
          message:
            "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response.",
        }),
      ],
      [
        "HTTP 413 Request Entity Too Large",
        () =>
          new HttpRequestError({
            url: "https://rpc.example.org",
            status: 413,
            body,
            details: "Request Entity Too Large",
          }),
      ],
      [
        "HTTP 503 Service Unavailable",
        () =>
          new HttpRequestError({
            url: "https://rpc.example.org",
            status: 503,
            body,
            details: "Service Unavailable",
          }),
      ],
      ["a timeout", () => new TimeoutError({ body, url: "https://rpc.example.org" })],
      [
        "a plain Error with the Infura message (bare client)",
        () => new Error("query returned more than 10000 results"),
      ],
    ];

    for (const [name, makeError] of refusals) {
      it(`shrinks and retries on ${name}, then returns every log once in order`, async function () {
        const provider = fakeProvider(chain, (from, to) =>
          to - from + 1n > LIMIT ? makeError() : undefined,
        );
        const client = name.includes("bare client") ? bareClient(provider) : viemClient(provider);
        const progress: LogProgress[] = [];
        const { logs, calls } = await fetchLogs(client, {
          fromBlock: 0n,
          toBlock: 299n,
          initialWindow: 64n,
          onProgress: (p) => progress.push({ ...p }),
        });

        expectExactlyOnceInOrder(logs, chain);
        expectContiguousCoverage(provider.calls, 0n, 299n);
        expect(calls).to.equal(provider.calls.length);

        // No window the provider answered was wider than its limit.
        const ok = provider.calls.filter((c) => c.ok);
        const refused = provider.calls.filter((c) => !c.ok);
        for (const c of ok) expect(span(c) <= LIMIT).to.equal(true);
        expect(refused.length).to.be.greaterThan(0);

        // Shrinks: 64 -> 32 -> 16 refused, then 8 answered.
        expect(provider.calls.slice(0, 4).map(span)).to.deep.equal([64n, 32n, 16n, 8n]);
        expect(provider.calls.slice(0, 4).map((c) => c.ok)).to.deep.equal([
          false,
          false,
          false,
          true,
        ]);
        // ...then grows: the call after the first success asks for more blocks than it got.
        expect(span(provider.calls[4]) > span(provider.calls[3])).to.equal(true);

        // Then every 8-block success but the last is followed by one refused 16-block try: 37
        // windows of 8 blocks (0-295) and one of 4 (296-299) answered; 3 + 36 refusals.
        expect(ok.map(span)).to.deep.equal([...Array<bigint>(37).fill(8n), 4n]);
        expect(refused.length).to.equal(39);
        expect(calls).to.equal(77);

        // Progress: one report per call, scannedTo never goes back and ends at toBlock.
        expect(progress).to.have.length(calls);
        progress.forEach((p, i) => {
          expect(p.calls).to.equal(i + 1);
          expect(p.fromBlock).to.equal(0n);
          expect(p.toBlock).to.equal(299n);
          if (i > 0) {
            expect(p.scannedTo >= progress[i - 1].scannedTo).to.equal(true);
            expect(p.logs >= progress[i - 1].logs).to.equal(true);
          }
        });
        // It strictly increases on every successful call.
        const afterSuccess = progress
          .filter((_, i) => provider.calls[i].ok)
          .map((p) => p.scannedTo);
        for (let i = 1; i < afterSuccess.length; i++)
          expect(afterSuccess[i] > afterSuccess[i - 1]).to.equal(true);
        expect(progress.at(-1)!.scannedTo).to.equal(299n);
        expect(progress.at(-1)!.logs).to.equal(chain.length);
        // The reported window shrinks to 8 then grows to 16 after the first success.
        expect(progress.slice(0, 4).map((p) => p.window)).to.deep.equal([32n, 16n, 8n, 16n]);
      });
    }

    it("classifies each provider's refusal as a range error, and a generic failure as not", function () {
      for (const [, makeError] of refusals.filter(
        ([n]) => !n.startsWith("HTTP") && !n.includes("timeout"),
      )) {
        const raw = makeError() as { message: string };
        expect(isRangeError(raw), raw.message).to.equal(true);
      }
      expect(isRangeError(new TimeoutError({ body: {}, url: "https://x.example" }))).to.equal(true);
      expect(isRangeError(new Error("socket hang up"))).to.equal(false);
      expect(isRangeError(new Error("execution reverted"))).to.equal(false);
    });
  });

  describe("failures", function () {
    it("retries once after a transient non-range failure, then returns every log once", async function () {
      const provider = fakeProvider(chain, (_from, _to, index) =>
        index === 0 ? new Error("socket hang up") : undefined,
      );
      const { logs, calls } = await fetchLogs(bareClient(provider), {
        fromBlock: 0n,
        toBlock: 299n,
      });
      expectExactlyOnceInOrder(logs, chain);
      expectContiguousCoverage(provider.calls, 0n, 299n);
      expect(provider.calls.filter((c) => !c.ok)).to.have.length(1);
      expect(calls).to.equal(provider.calls.length);
      expect(calls).to.be.within(2, 3);
    });

    it("retries once after a transient JSON-RPC internal error through a viem client", async function () {
      const provider = fakeProvider(chain, (_from, _to, index) =>
        index === 0 ? { code: -32603, message: "Internal error" } : undefined,
      );
      const { logs } = await fetchLogs(viemClient(provider), { fromBlock: 0n, toBlock: 299n });
      expectExactlyOnceInOrder(logs, chain);
      expect(provider.calls.filter((c) => !c.ok)).to.have.length(1);
    });

    it("survives one transient failure that follows a range refusal", async function () {
      // A provider with a 50-block cap that also drops one connection: the first call is refused for
      // its range, the second fails transiently, everything after works.
      const provider = fakeProvider(chain, (from, to, index) => {
        if (index === 1) return new Error("socket hang up");
        return to - from + 1n > 50n ? new Error("block range is too wide") : undefined;
      });
      const { logs } = await fetchLogs(bareClient(provider), {
        fromBlock: 0n,
        toBlock: 299n,
        initialWindow: 64n,
      });
      expectExactlyOnceInOrder(logs, chain);
    });

    it("does not mistake an unreachable node for a range refusal because of digits in its URL", async function () {
      // What viem's HTTP transport throws when the node is down: no status, "fetch failed", and the
      // URL (with its API key) and the request body in the message. "413" in the key is not a 413.
      const url = "https://eth-mainnet.g.alchemy.com/v2/Zq5oX413kRtYb8aWq";
      const provider = fakeProvider(
        chain,
        (from, to) =>
          new HttpRequestError({
            url,
            body: {
              method: "eth_getLogs",
              params: [{ fromBlock: toHex(from), toBlock: toHex(to) }],
            },
            details: "fetch failed",
            cause: new TypeError("fetch failed"),
          }),
      );
      const error = await fetchLogs(bareClient(provider), { fromBlock: 0n, toBlock: 299n }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(LogFetchError);
      expect((error as Error).message).to.include("fetch failed");
      expect((error as Error).message).not.to.include("alone");
      // A persistent non-range failure is tried twice, not shrunk down to a single block.
      expect(provider.calls).to.have.length(2);
    });

    it("gives up with LogFetchError (fromBlock/toBlock) when a non-range failure persists", async function () {
      const cause = new Error("ECONNREFUSED 127.0.0.1:8545");
      const provider = fakeProvider(chain, () => cause);
      const error = await fetchLogs(bareClient(provider), {
        fromBlock: 40n,
        toBlock: 299n,
        initialWindow: 64n,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(LogFetchError);
      const e = error as LogFetchError;
      expect(e.cause).to.equal(cause);
      expect(e.message).to.include("ECONNREFUSED");
      expect(e.fromBlock).to.equal(40n);
      // Tried twice: 40-103, then (after halving) 40-71.
      expect(provider.calls.map((c) => [c.from, c.to])).to.deep.equal([
        [40n, 103n],
        [40n, 71n],
      ]);
      expect(e.toBlock).to.equal(71n);
    });

    it("throws LogFetchError naming the single block a provider refuses forever", async function () {
      // Block 120 is too heavy for this provider even alone; everything before it is fine.
      const provider = fakeProvider(chain, (from, to) =>
        from <= 120n && to >= 120n
          ? { code: -32602, message: "Log response size exceeded" }
          : undefined,
      );
      const progress: LogProgress[] = [];
      const error = await fetchLogs(viemClient(provider), {
        fromBlock: 0n,
        toBlock: 299n,
        initialWindow: 64n,
        onProgress: (p) => progress.push({ ...p }),
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(LogFetchError);
      const e = error as LogFetchError;
      expect(e.name).to.equal("LogFetchError");
      expect(e.fromBlock).to.equal(120n);
      expect(e.toBlock).to.equal(120n);
      expect(e.message).to.include("block 120");
      // It got as far as block 119 before giving up, and never past 120.
      expect(progress.at(-1)!.scannedTo).to.equal(119n);
      expect(provider.calls.every((c) => c.from <= 120n)).to.equal(true);
      expect(provider.calls.at(-1)).to.deep.include({ from: 120n, to: 120n, ok: false });
    });

    it("throws LogFetchError when a provider refuses even one block from the start", async function () {
      const provider = fakeProvider(
        chain,
        () => new Error("query returned more than 10000 results"),
      );
      const error = await fetchLogs(bareClient(provider), {
        fromBlock: 7n,
        toBlock: 299n,
        initialWindow: 16n,
        maxRetries: 3,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(LogFetchError);
      expect((error as LogFetchError).fromBlock).to.equal(7n);
      expect((error as LogFetchError).toBlock).to.equal(7n);
      expect(provider.calls.every((c) => !c.ok && c.from === 7n)).to.equal(true);
      // Shrinks 16 -> 8 -> 4 -> 2 -> 1 before it concludes.
      expect(provider.calls.slice(0, 5).map(span)).to.deep.equal([16n, 8n, 4n, 2n, 1n]);
    });

    it("tries a refused single block maxRetries times before giving up, as documented", async function () {
      // FetchLogsOptions.maxRetries: "Give up once a single block is refused this many times in a row".
      const provider = fakeProvider(chain, (from, to) =>
        from <= 120n && to >= 120n ? new Error("Log response size exceeded") : undefined,
      );
      const error = await fetchLogs(bareClient(provider), {
        fromBlock: 0n,
        toBlock: 299n,
        initialWindow: 64n,
        maxRetries: 5,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(LogFetchError);
      const singleBlockTries = provider.calls.filter((c) => c.from === 120n && c.to === 120n);
      expect(singleBlockTries, "tries of block 120 alone").to.have.length(5);
    });
  });

  describe("providers that name the range that would work", function () {
    const CAP = 40n;
    const shapes: [string, (from: bigint) => unknown][] = [
      [
        "Alchemy: 'this block range should work: [0x…, 0x…]'",
        (from) => ({
          code: -32602,
          message: `You can make eth_getLogs requests with up to a ${CAP} block range. Based on your parameters, this block range should work: [${toHex(from)}, ${toHex(from + CAP - 1n)}]`,
        }),
      ],
      [
        // QuickNode counts the range as toBlock - fromBlock: 39 allows 40 blocks.
        "QuickNode: 'eth_getLogs is limited to a 39 range'",
        () => ({ code: -32614, message: `eth_getLogs is limited to a ${CAP - 1n} range` }),
      ],
      ["Cloudflare: 'Max range: 40'", () => ({ code: -32047, message: `Max range: ${CAP}` })],
    ];
    for (const [name, refusal] of shapes) {
      it(`follows ${name}: one refusal, then windows of the cap, never wider`, async function () {
        const provider = fakeProvider(chain, (from, to) =>
          to - from + 1n > CAP ? refusal(from) : undefined,
        );
        const { logs } = await fetchLogs(viemClient(provider), {
          fromBlock: 0n,
          toBlock: 299n,
          initialWindow: 1_000n,
        });
        expectExactlyOnceInOrder(logs, chain);
        expectContiguousCoverage(provider.calls, 0n, 299n);
        expect(provider.calls.filter((c) => !c.ok)).to.have.length(1);
        // 300 blocks in windows of at most 40: 8 answered calls.
        expect(provider.calls.filter((c) => c.ok).map(span)).to.deep.equal([
          ...Array<bigint>(7).fill(40n),
          20n,
        ]);
      });
    }

    it("follows Infura's result cap ('Try with this block range') for that stretch only, then grows again", async function () {
      // More than 30 logs in one answer is refused, with the range that holds 30.
      const provider = fakeProvider(chain, (from, to) => {
        const inRange = chain.filter(
          (l) => BigInt(l.blockNumber) >= from && BigInt(l.blockNumber) <= to,
        );
        if (inRange.length <= 30) return undefined;
        const last = BigInt(inRange[30].blockNumber) - 1n;
        return {
          code: -32005,
          message: `query returned more than 30 results. Try with this block range [${toHex(from)}, ${toHex(last)}].`,
        };
      });
      const { logs } = await fetchLogs(viemClient(provider), {
        fromBlock: 0n,
        toBlock: 299n,
        initialWindow: 1_000n,
      });
      expectExactlyOnceInOrder(logs, chain);
      expectContiguousCoverage(provider.calls, 0n, 299n);
      const ok = provider.calls.filter((c) => c.ok);
      // Every answered window holds at most 30 logs, and the window grew back after each suggestion.
      for (const c of ok)
        expect(
          chain.filter((l) => BigInt(l.blockNumber) >= c.from && BigInt(l.blockNumber) <= c.to)
            .length,
        ).to.be.at.most(30);
      expect(provider.calls.filter((c) => !c.ok).length).to.be.lessThan(ok.length + 2);
    });
  });

  describe("rate limits and transport faults are not range refusals", function () {
    it("waits out a 429 and asks again for the same blocks, without shrinking", async function () {
      const provider = fakeProvider(chain, (_from, _to, index) =>
        index < 2
          ? new HttpRequestError({
              url: "https://rpc.example.org",
              status: 429,
              body: {},
              details: "Too Many Requests",
            })
          : undefined,
      );
      const { logs } = await fetchLogs(viemClient(provider), { fromBlock: 0n, toBlock: 299n });
      expectExactlyOnceInOrder(logs, chain);
      expect(provider.calls.map(span)).to.deep.equal([300n, 300n, 300n]);
      expect(
        isRangeError(new HttpRequestError({ url: "https://x.example", status: 429, body: {} })),
      ).to.equal(false);
      expect(
        isRateLimited({
          code: -32005,
          message: "daily request count exceeded, request rate limited",
        }),
      ).to.equal(true);
      expect(
        isRateLimited({ code: -32005, message: "query returned more than 10000 results" }),
      ).to.equal(false);
    });

    it("stops at once with the transport's fault when the robust client gave up (no halving into it)", async function () {
      const fault = new RpcFaultError(
        "unreachable",
        "the RPC endpoint at https://rpc.example.org is unreachable (connection refused)",
        9,
      );
      const provider = fakeProvider(chain, () => fault);
      const error = (await fetchLogs(bareClient(provider), { fromBlock: 0n, toBlock: 299n }).catch(
        (e: unknown) => e,
      )) as LogFetchError;
      expect(error).to.be.instanceOf(LogFetchError);
      expect(error.fault?.kind).to.equal("unreachable");
      expect(error.message).to.equal(
        "eth_getLogs for blocks 0-299 failed: the RPC endpoint at https://rpc.example.org is unreachable (connection refused)",
      );
      expect(provider.calls).to.have.length(1);
    });
  });

  describe("for the dApp: what has loaded, as it loads, and final blocks cached", function () {
    it("hands each window's logs to onLogs as they arrive, in chain order", async function () {
      const provider = fakeProvider(chain, (from, to) =>
        to - from + 1n > 100n ? { code: -32000, message: "block range is too wide" } : undefined,
      );
      const batches: bigint[][] = [];
      const { logs } = await fetchLogs(viemClient(provider), {
        fromBlock: 0n,
        toBlock: 299n,
        initialWindow: 100n,
        maxWindow: 100n,
        onLogs: (batch, p) => batches.push([p.scannedTo, BigInt(batch.length)]),
      });
      expect(batches).to.deep.equal([
        [99n, BigInt(chain.filter((l) => BigInt(l.blockNumber) <= 99n).length)],
        [
          199n,
          BigInt(
            chain.filter((l) => BigInt(l.blockNumber) >= 100n && BigInt(l.blockNumber) <= 199n)
              .length,
          ),
        ],
        [299n, BigInt(chain.filter((l) => BigInt(l.blockNumber) >= 200n).length)],
      ]);
      expect(logs).to.have.length(chain.length);
    });

    it("a second scan of the same filter asks only for blocks after the cached final ones", async function () {
      const provider = fakeProvider(chain);
      const cache = createLogCache();
      const filter = { address: CONTRACT, topics: [TOPIC] };
      const first = await fetchLogs(viemClient(provider), {
        ...filter,
        fromBlock: 0n,
        toBlock: 199n,
        cache,
        finalBlock: 150n,
      });
      expect(provider.calls.map((c) => [c.from, c.to])).to.deep.equal([[0n, 199n]]);
      const streamed: number[] = [];
      const second = await fetchLogs(viemClient(provider), {
        ...filter,
        fromBlock: 0n,
        toBlock: 299n,
        cache,
        finalBlock: 290n,
        onLogs: (batch) => streamed.push(batch.length),
      });
      // Blocks 0-150 came from the cache; 151-299 from the provider.
      expect(provider.calls.slice(1).map((c) => [c.from, c.to])).to.deep.equal([[151n, 299n]]);
      expectExactlyOnceInOrder(second.logs, chain);
      expect(streamed[0]).to.equal(chain.filter((l) => BigInt(l.blockNumber) <= 150n).length);
      expect(first.logs).to.have.length(chain.filter((l) => BigInt(l.blockNumber) <= 199n).length);
      // A third scan reads blocks up to 290 from the cache.
      await fetchLogs(viemClient(provider), {
        ...filter,
        fromBlock: 0n,
        toBlock: 299n,
        cache,
        finalBlock: 290n,
      });
      expect(provider.calls.slice(2).map((c) => [c.from, c.to])).to.deep.equal([[291n, 299n]]);
      // Another filter shares nothing.
      await fetchLogs(viemClient(provider), {
        address: CONTRACT,
        fromBlock: 0n,
        toBlock: 9n,
        cache,
      });
      expect(provider.calls.at(-1)).to.deep.include({ from: 0n, to: 9n });
    });

    it("firstMatch stops after the first window holding a log", async function () {
      const provider = fakeProvider(chain);
      const { logs } = await fetchLogs(viemClient(provider), {
        fromBlock: 2n,
        toBlock: 299n,
        initialWindow: 1n,
        firstMatch: true,
      });
      expect(logs.length).to.be.greaterThan(0);
      expect(new Set(logs.map((l) => l.blockNumber)).size).to.equal(1);
      expect(provider.calls.at(-1)!.to).to.equal(logs[0].blockNumber);
    });
  });
});
