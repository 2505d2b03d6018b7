import { describe, expect, it } from "vitest";

import {
  BOOK_FIELDS,
  configuredIndexerUrl,
  figureChecks,
  MAX_LAG_BLOCKS,
  probeIndexer,
  type ChainFigures,
} from "../lib/indexer.ts";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const FACTORY = "0x610178dA211FEF7D417bC0e6FeD39F05609AD788";
const expected = { chainId: 31337, registry: REGISTRY, factory: FACTORY } as const;

/** An indexer's HTTP answers, as Ponder and indexer/src/api serve them. */
function indexer(options: { chains?: unknown[]; block?: number; down?: boolean }) {
  const calls: string[] = [];
  const fetcher = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    if (options.down) throw new TypeError("Failed to fetch");
    if (url.endsWith("/handover/sources"))
      return Response.json({
        chains: options.chains ?? [
          {
            chainId: 31337,
            registry: REGISTRY.toLowerCase(),
            factory: FACTORY.toLowerCase(),
            eas: null,
            startBlock: 0,
          },
        ],
      });
    if (url.endsWith("/status"))
      return Response.json({ chain31337: { id: 31337, block: { number: options.block ?? 100 } } });
    return new Response("not found", { status: 404 });
  }) as typeof fetch;
  return { fetcher, calls };
}

describe("the indexer as the pages' source", () => {
  it("is configured by VITE_INDEXER_URL, else by the local record's indexer on the local chain only", () => {
    expect(configuredIndexerUrl("https://idx.example.org/", null, 8453)).toBe(
      "https://idx.example.org",
    );
    const record = { chainId: 31337, indexer: "http://127.0.0.1:42069" };
    expect(configuredIndexerUrl(undefined, record, 31337)).toBe("http://127.0.0.1:42069");
    expect(configuredIndexerUrl(undefined, record, 8453)).toBeUndefined();
    expect(configuredIndexerUrl(undefined, { chainId: 31337 }, 31337)).toBeUndefined();
    expect(configuredIndexerUrl("", { chainId: 31337, indexer: "not a url" }, 31337)).toBe(
      undefined,
    );
  });

  it("serves the pages when it follows this deployment and is caught up", async () => {
    const { fetcher } = indexer({ block: 100 });
    const source = await probeIndexer("http://i", expected, 100n + MAX_LAG_BLOCKS, fetcher);
    expect(source).toMatchObject({ kind: "indexer", url: "http://i", block: 100n, head: 103n });
  });

  it("gives way to RPC, saying why: behind, another deployment, unreachable", async () => {
    const behind = await probeIndexer(
      "http://i",
      expected,
      100n + MAX_LAG_BLOCKS + 1n,
      indexer({ block: 100 }).fetcher,
    );
    expect(behind).toMatchObject({ kind: "rpc", why: "behind", block: 100n });
    const other = await probeIndexer(
      "http://i",
      expected,
      100n,
      indexer({
        chains: [{ chainId: 31337, registry: FACTORY, factory: REGISTRY, startBlock: 0 }],
      }).fetcher,
    );
    expect(other).toMatchObject({ kind: "rpc", why: "mismatch" });
    const elsewhere = await probeIndexer(
      "http://i",
      expected,
      100n,
      indexer({ chains: [{ chainId: 8453, registry: REGISTRY, factory: FACTORY }] }).fetcher,
    );
    expect(elsewhere).toMatchObject({ kind: "rpc", why: "mismatch" });
    const down = await probeIndexer("http://i", expected, 100n, indexer({ down: true }).fetcher);
    expect(down).toMatchObject({ kind: "rpc", why: "unreachable", url: "http://i" });
  });
});

describe("re-checking an appeal's figures against the chain", () => {
  const USDC = "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9";
  const ledger = Object.fromEntries(
    BOOK_FIELDS.map((f, i) => [f, BigInt(1_000 * (i + 1))]),
  ) as Record<(typeof BOOK_FIELDS)[number], bigint>;
  const chain: ChainFigures = {
    status: "Procurement",
    raisedUsd: 11_000n * 10n ** 18n,
    orderCount: 2n,
    unitsVerified: 10_000n,
    books: [{ token: USDC, ...ledger }],
  };
  const detail = () =>
    ({
      card: {
        status: "Procurement",
        raisedUsd: 11_000n * 10n ** 18n,
        orderCount: 2,
        unitsVerified: 10_000n,
      },
      books: [{ token: USDC, ...ledger }],
      orders: [],
      verifiers: [],
    }) as never;

  it("says equal when every figure is the chain's", () => {
    const checks = figureChecks(detail(), chain);
    expect(checks).toHaveLength(4 + BOOK_FIELDS.length);
    expect(checks.filter((c) => !c.equal)).toEqual([]);
  });

  it("names each figure that differs, with both values", () => {
    const altered = detail() as { card: { raisedUsd: bigint }; books: { reserved: bigint }[] };
    altered.card.raisedUsd += 1n;
    altered.books[0].reserved = 0n;
    expect(figureChecks(altered as never, chain).filter((c) => !c.equal)).toEqual([
      {
        field: "raisedUsd",
        token: undefined,
        indexer: "11000000000000000000001",
        chain: "11000000000000000000000",
        equal: false,
      },
      { field: "reserved", token: USDC, indexer: "0", chain: "4000", equal: false },
    ]);
  });

  it("an appeal or a token the indexer does not have differs on every field", () => {
    const missing = figureChecks(undefined, chain);
    expect(missing.every((c) => !c.equal && c.indexer === "—")).toBe(true);
  });
});
