/**
 * The indexer as a data source for the dApp's lists (docs/indexer.md): where it is, whether it may be
 * used now, and a one-click re-check of an appeal's money figures against the chain.
 *
 * Where: `VITE_INDEXER_URL` at build time (any chain), else, on the local chain, the `indexer` field
 * `npm start` writes into local-deployment.json. Whether: the indexer must follow this deployment
 * (its `/handover/sources` names the same registry and factory on this chain) and be at most
 * `MAX_LAG_BLOCKS` behind the chain's head (its `/status`); otherwise the pages read from RPC and say
 * why. It is a convenience, never an authority: what a page acts on is read from the chain.
 */
import { createClient } from "@ponder/client";
import { type Address, type PublicClient } from "viem";

import { campaignAbi } from "../../../client/generated/abis.ts";
import { STATUS_NAMES } from "../../../client/ledger.ts";
import { appealDetail, type IndexerDb } from "../../../indexer/queries.ts";
import { t } from "../i18n/index.ts";

/** How far behind the chain's head the indexer may be before the pages read from RPC instead. */
export const MAX_LAG_BLOCKS = 3n;

export type IndexerSource =
  | { kind: "indexer"; url: string; db: IndexerDb; block: bigint; head: bigint }
  | {
      kind: "rpc";
      /** none: no indexer configured; unreachable; behind: more than MAX_LAG_BLOCKS; mismatch: another deployment. */
      why: "none" | "unreachable" | "behind" | "mismatch";
      url?: string;
      block?: bigint;
      head?: bigint;
    };

/** The indexer's URL for `chainId`: the build's VITE_INDEXER_URL, else the local record's `indexer`. */
export function configuredIndexerUrl(
  envUrl: string | undefined,
  localRecord: unknown,
  chainId: number,
  localChainId = 31337,
): string | undefined {
  const clean = (u: unknown) =>
    typeof u === "string" && /^https?:\/\/[^\s]+$/.test(u.trim())
      ? u.trim().replace(/\/+$/, "")
      : undefined;
  const fromEnv = clean(envUrl);
  if (fromEnv) return fromEnv;
  if (chainId !== localChainId || typeof localRecord !== "object" || localRecord === null)
    return undefined;
  const record = localRecord as { chainId?: unknown; indexer?: unknown };
  return record.chainId === chainId ? clean(record.indexer) : undefined;
}

const dbs = new Map<string, IndexerDb>();
/** One SQL-over-HTTP client per indexer URL. */
export function indexerDb(url: string): IndexerDb {
  let db = dbs.get(url);
  if (!db) {
    db = createClient(`${url}/sql`).db as unknown as IndexerDb;
    dbs.set(url, db);
  }
  return db;
}

/** The last block the indexer at `url` has indexed on `chainId` (its `/status`), or undefined. */
export async function indexedBlock(
  url: string,
  chainId: number,
  fetcher: typeof fetch = fetch,
): Promise<bigint | undefined> {
  const response = await fetcher(`${url}/status`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as Record<string, { id: number; block: { number: number } }>;
  const chain = Object.values(body).find((c) => c.id === chainId);
  return chain ? BigInt(chain.block.number) : undefined;
}

/**
 * Whether the indexer at `url` may serve the pages now: it follows this deployment on this chain and
 * is at most MAX_LAG_BLOCKS behind `head`.
 */
export async function probeIndexer(
  url: string,
  expected: { chainId: number; registry: Address; factory: Address },
  head: bigint,
  fetcher: typeof fetch = fetch,
): Promise<IndexerSource> {
  let block: bigint | undefined;
  try {
    const response = await fetcher(`${url}/handover/sources`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { chains } = (await response.json()) as {
      chains: { chainId: number; registry: string; factory: string }[];
    };
    const chain = chains.find((c) => c.chainId === expected.chainId);
    if (
      !chain ||
      chain.registry.toLowerCase() !== expected.registry.toLowerCase() ||
      chain.factory.toLowerCase() !== expected.factory.toLowerCase()
    )
      return { kind: "rpc", why: "mismatch", url };
    block = await indexedBlock(url, expected.chainId, fetcher);
  } catch {
    return { kind: "rpc", why: "unreachable", url };
  }
  if (block === undefined || head - block > MAX_LAG_BLOCKS)
    return { kind: "rpc", why: "behind", url, block, head };
  return { kind: "indexer", url, db: indexerDb(url), block, head };
}

/** One figure of an appeal, as the indexer serves it and as the chain reads at the same block. */
export type FigureCheck = {
  /** `status`, `raisedUsd`, `orderCount`, `unitsVerified`, or a book field with its token. */
  field: string;
  token?: Address;
  indexer: string;
  chain: string;
  equal: boolean;
};

export const BOOK_FIELDS = [
  "pledged",
  "cancelled",
  "refunded",
  "reserved",
  "earned",
  "withdrawn",
  "available",
  "unspentAtClose",
  "unbacked",
  "advanceCap",
] as const;

type LedgerView = Record<(typeof BOOK_FIELDS)[number], bigint>;

/** What the chain says of an appeal at one block (its views), for `figureChecks`. */
export type ChainFigures = {
  status: string;
  raisedUsd: bigint;
  orderCount: bigint;
  unitsVerified: bigint;
  books: ({ token: Address } & LedgerView)[];
};

/**
 * The indexer's figures of an appeal (`appealDetail`) against the chain's, field by field: status,
 * raised USD, orders, units verified, and each of the chain's tokens' books (a token the indexer lacks
 * differs on every field).
 */
export function figureChecks(
  detail: Awaited<ReturnType<typeof appealDetail>>,
  chain: ChainFigures,
): FigureCheck[] {
  const check = (field: string, indexer: unknown, onChain: unknown, token?: Address) => ({
    field,
    token,
    indexer: indexer === undefined ? "—" : String(indexer),
    chain: String(onChain),
    equal: indexer !== undefined && String(indexer) === String(onChain),
  });
  const card = detail?.card;
  const checks: FigureCheck[] = [
    check("status", card?.status, chain.status),
    check("raisedUsd", card?.raisedUsd, chain.raisedUsd),
    check("orderCount", card?.orderCount, chain.orderCount),
    check("unitsVerified", card?.unitsVerified, chain.unitsVerified),
  ];
  for (const b of chain.books) {
    const mine = detail?.books.find((x) => x.token.toLowerCase() === b.token.toLowerCase());
    for (const field of BOOK_FIELDS)
      checks.push(check(field, mine?.[field], BigInt(b[field]), b.token));
  }
  return checks;
}

/**
 * Re-checks an appeal's money figures from RPC: the indexer's status, raised USD, orders, units
 * verified and every token's books, against the campaign's own views read at the block the indexer
 * serves (so both describe the same state). If the indexer moves on while being read, it starts
 * again (up to 3 times).
 */
export async function recheckAppeal(
  client: PublicClient,
  url: string,
  options: { chainId: number; appeal: Address },
): Promise<{ block: bigint; checks: FigureCheck[] }> {
  const db = indexerDb(url);
  for (let attempt = 1; ; attempt++) {
    const block = await indexedBlock(url, options.chainId);
    if (block === undefined) throw new Error(t("indexer.notFollowing"));
    const { timestamp } = await client.getBlock({ blockNumber: block });
    const detail = await appealDetail(db, {
      chainId: options.chainId,
      appeal: options.appeal,
      now: timestamp,
    });
    if ((await indexedBlock(url, options.chainId)) !== block && attempt < 3) continue;
    const read = <T>(functionName: string, args: readonly unknown[] = []) =>
      client.readContract({
        address: options.appeal,
        abi: campaignAbi,
        functionName: functionName as never,
        args: args as never,
        blockNumber: block,
      }) as Promise<T>;
    const [status, raisedUsd, orderCount, params] = await Promise.all([
      read<number>("status"),
      read<bigint>("raisedUsd"),
      read<bigint>("orderCount"),
      read<{ tokens: readonly Address[] }>("params"),
    ]);
    const [orders, books] = await Promise.all([
      Promise.all(
        Array.from({ length: Number(orderCount) }, (_, i) =>
          read<{ unitsVerified: bigint | number }>("order", [BigInt(i)]),
        ),
      ),
      Promise.all(params.tokens.map((token) => read<LedgerView>("ledger", [token]))),
    ]);
    const checks = figureChecks(detail, {
      status: STATUS_NAMES[Number(status)],
      raisedUsd,
      orderCount,
      unitsVerified: orders.reduce((sum, o) => sum + BigInt(o.unitsVerified), 0n),
      books: params.tokens.map((token, i) => ({ token, ...books[i] })),
    });
    return { block, checks };
  }
}
