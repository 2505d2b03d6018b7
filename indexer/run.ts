/**
 * Starts the indexer (Ponder) as a child process and waits until it serves the chains' current blocks.
 *
 *   npm run indexer                       # the local chain npm start runs, PGlite under .handover/indexer
 *   npm run indexer -- --deployment app/public/local-deployment.json --rpc http://127.0.0.1:8545
 *   npm run indexer -- --ignition ignition/deployments/chain-8453 --rpc "$BASE_RPC_URL" \
 *                      --database-url "$DATABASE_URL" --schema handover_1 --hostname 0.0.0.0
 *
 * `--deployment`/`--ignition` and `--rpc` repeat, one pair per chain (one Ponder instance follows them
 * all). The embedded default listens on 127.0.0.1 (HANDOVER_INDEXER_PORT, default 42069), keeps its
 * data in PGlite under `.handover/indexer/` and, on a local chain (which is redeployed on every start),
 * starts from an empty database. With `--database-url` (or DATABASE_URL) it writes to Postgres instead.
 * Telemetry is off. Ctrl-C, SIGTERM or SIGHUP stop it.
 *
 * Programmatic use (for `npm start`): `startIndexer({ sources })` returns `{ url, stop, waitForBlock }`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import {
  chainName,
  readSource,
  SOURCES_VARIABLE,
  SourceError,
  type ChainSource,
} from "./sources.ts";

export const INDEXER_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_DIR = path.resolve(INDEXER_DIR, "..");
/** The project's local data folder for the indexer: PGlite files and the log. */
export const DEFAULT_DATA_DIR = path.join(PROJECT_DIR, ".handover", "indexer");
export const DEFAULT_PORT = Number(process.env.HANDOVER_INDEXER_PORT ?? 42069);
const PONDER_BIN = path.join(
  PROJECT_DIR,
  "node_modules",
  "ponder",
  "dist",
  "esm",
  "bin",
  "ponder.js",
);

export type IndexerOptions = {
  sources: ChainSource[];
  port?: number;
  /** Default 127.0.0.1: nothing the project starts listens on other interfaces unless asked. */
  hostname?: string;
  /** Postgres connection string; default: PGlite on disk under `dataDir`. */
  databaseUrl?: string;
  /** Default `.handover/indexer` in the project. */
  dataDir?: string;
  /** Database schema (Ponder's `--schema`); default "handover". */
  schema?: string;
  /** Start from an empty PGlite database (default: when every chain is a local one, reset on each start). */
  fresh?: boolean;
  /** Ponder's output; default `<dataDir>/ponder-<port>.log`. */
  logFile?: string;
  /** How long to wait for the HTTP server, in ms (default 120 s: the first build compiles the project). */
  timeoutMs?: number;
};

export type RunningIndexer = {
  url: string;
  pid: number;
  logFile: string;
  process: ChildProcess;
  /** Resolves once the indexer has indexed `block` (or later) of `chainId`, per its `/status`. */
  waitForBlock(chainId: number, block: bigint | number, timeoutMs?: number): Promise<void>;
  /** Stops Ponder (its whole process group) and waits for it to exit. */
  stop(): Promise<void>;
};

export const isLocalChain = (chainId: number) => chainId === 31337 || chainId === 1337;

/** `/status`: the last block indexed per chain id. */
export async function indexerStatus(url: string): Promise<Map<number, bigint>> {
  const response = await fetch(new URL("/status", url), { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url}/status answered ${response.status}`);
  const body = (await response.json()) as Record<string, { id: number; block: { number: number } }>;
  return new Map(Object.values(body).map((c) => [c.id, BigInt(c.block.number)]));
}

/** Waits until the indexer at `url` has indexed `block` of `chainId` (never `/ready`, which answers early). */
export async function waitForIndexedBlock(
  url: string,
  chainId: number,
  block: bigint | number,
  timeoutMs = 120_000,
  exited?: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: bigint | undefined;
  while (Date.now() < deadline) {
    const why = exited?.();
    if (why) throw new Error(why);
    try {
      last = (await indexerStatus(url)).get(chainId);
      if (last !== undefined && last >= BigInt(block)) return;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the indexer at ${url} did not reach block ${block} of chain ${chainId} within ${timeoutMs / 1000} s (last indexed: ${last ?? "none"})`,
  );
}

async function latestBlock(rpc: string): Promise<bigint> {
  const response = await fetch(rpc, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { result?: string; error?: { message: string } };
  if (!body.result) throw new Error(body.error?.message ?? "no result");
  return BigInt(body.result);
}

/** Starts Ponder on the sources and resolves once its API answers with every chain at its head. */
export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  const port = options.port ?? DEFAULT_PORT;
  const hostname = options.hostname ?? "127.0.0.1";
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const databaseUrl = options.databaseUrl;
  const pgliteDir = path.join(dataDir, "pglite");
  const logFile = options.logFile ?? path.join(dataDir, `ponder-${port}.log`);
  const fresh = options.fresh ?? options.sources.every((s) => isLocalChain(s.chainId));
  if (!existsSync(PONDER_BIN))
    throw new Error(`Ponder is not installed (${PONDER_BIN} is missing): run npm ci first`);
  await mkdir(dataDir, { recursive: true });
  if (fresh && !databaseUrl) await rm(pgliteDir, { recursive: true, force: true });

  // Ponder writes generated/schema.graphql into its working directory: run it in indexer/.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [SOURCES_VARIABLE]: JSON.stringify(options.sources),
    PONDER_TELEMETRY_DISABLED: "1",
    HANDOVER_INDEXER_DATA: pgliteDir,
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const fd = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    [
      PONDER_BIN,
      "--root",
      INDEXER_DIR,
      "--log-format",
      "pretty",
      "start",
      "--schema",
      options.schema ?? "handover",
      "--port",
      String(port),
      "--hostname",
      hostname,
    ],
    { cwd: INDEXER_DIR, env, detached: true, stdio: ["ignore", fd, fd] },
  );
  let exit: string | undefined;
  // Never outlive the process that started it (an exception, Ctrl-C, process.exit).
  const orphanGuard = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", orphanGuard);
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = `the indexer stopped (${signal ?? `exit ${code}`}); see ${logFile}`;
      process.off("exit", orphanGuard);
      resolve();
    }),
  );
  const url = `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`;
  const stop = async () => {
    if (exit) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const waitForBlock = (chainId: number, block: bigint | number, timeoutMs = 60_000) =>
    waitForIndexedBlock(url, chainId, block, timeoutMs, () => exit);
  try {
    for (const source of options.sources) {
      const head = await latestBlock(source.rpc).catch((error: Error) => {
        throw new Error(
          `cannot reach the RPC of chain ${source.chainId} (${error.message}); check --rpc`,
        );
      });
      await waitForBlock(source.chainId, head, options.timeoutMs ?? 120_000);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, logFile, process: child, waitForBlock, stop };
}

// ── CLI ──────────────────────────────────────────────────────────────────────────────────

const USAGE = `usage: npm run indexer -- [--deployment <file.json> | --ignition <dir>] [--rpc <url>] [--eas <address>]
                           [--port N] [--hostname H] [--database-url <postgres://...>] [--schema S]
                           [--data-dir <dir>] [--fresh | --keep]
  --deployment/--ignition and --rpc repeat, one pair per chain.
  Defaults: --deployment app/public/local-deployment.json --rpc http://127.0.0.1:$HANDOVER_LOCAL_PORT (8545),
            --port $HANDOVER_INDEXER_PORT (42069), --hostname 127.0.0.1, PGlite in .handover/indexer.`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        deployment: { type: "string", multiple: true },
        ignition: { type: "string", multiple: true },
        rpc: { type: "string", multiple: true },
        eas: { type: "string", multiple: true },
        port: { type: "string" },
        hostname: { type: "string" },
        "database-url": { type: "string" },
        schema: { type: "string" },
        "data-dir": { type: "string" },
        fresh: { type: "boolean" },
        keep: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const locations = [...(values.deployment ?? []), ...(values.ignition ?? [])];
  if (locations.length === 0)
    locations.push(path.join(PROJECT_DIR, "app", "public", "local-deployment.json"));
  const rpcs = values.rpc ?? [`http://127.0.0.1:${process.env.HANDOVER_LOCAL_PORT ?? 8545}`];
  if (rpcs.length !== locations.length) {
    console.error(
      `error: ${locations.length} deployment(s) but ${rpcs.length} --rpc: give one --rpc per --deployment/--ignition, in the same order\n${USAGE}`,
    );
    return 2;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`error: --port must be a port number (1-65535), got "${values.port}"`);
    return 2;
  }
  let sources: ChainSource[];
  try {
    sources = locations.map((location, i) => readSource(location, rpcs[i], values.eas?.[i]));
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    const hint = locations.some((l) => l.endsWith("local-deployment.json"))
      ? " (the local deployment record is written by `npm start`; start it first, or pass --deployment)"
      : "";
    console.error(`error: ${error.message}${hint}`);
    return 2;
  }
  const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
  if (values.fresh && databaseUrl) {
    console.error(
      "error: --fresh empties the embedded PGlite database; with Postgres use a new --schema instead",
    );
    return 2;
  }
  for (const s of sources)
    console.log(
      `indexing chain ${s.chainId} (${chainName(s.chainId)}): registry ${s.registry}, factory ${s.factory}${s.eas ? `, EAS ${s.eas}` : ""}, from block ${s.startBlock}`,
    );
  console.log(
    databaseUrl
      ? `database: Postgres (${databaseUrl.replace(/\/\/[^@]*@/, "//***@")}), schema ${values.schema ?? "handover"}`
      : `database: PGlite in ${path.join(path.resolve(values["data-dir"] ?? DEFAULT_DATA_DIR), "pglite")}`,
  );
  let indexer: RunningIndexer;
  try {
    indexer = await startIndexer({
      sources,
      port,
      hostname: values.hostname,
      databaseUrl,
      schema: values.schema,
      dataDir: values["data-dir"],
      fresh: values.keep ? false : values.fresh ? true : undefined,
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }
  console.log(`indexer ready at ${indexer.url}  (GraphQL ${indexer.url}/graphql, SQL ${indexer.url}/sql, status ${indexer.url}/status)
log: ${indexer.logFile}. Press Ctrl-C to stop it.`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping the indexer…`);
      void indexer.stop().then(() => process.exit(0));
    });
  return await new Promise<number>((resolve) =>
    indexer.process.on("exit", (code) => {
      if (stopping) return;
      console.error(
        `error: the indexer stopped unexpectedly (exit ${code}); see ${indexer.logFile}`,
      );
      resolve(1);
    }),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
