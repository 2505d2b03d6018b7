/**
 * The browser tests' world: a local chain of their own (first free port in 8570–8579), the embedded
 * IPFS node as `npm start` runs it (scripts/lib/ipfs-node.ts: Helia, blocks on disk in a temporary
 * folder, a trustless gateway on 127.0.0.1, pre-loaded with the seeded content), the seed
 * (scripts/seed.ts, which records that gateway in local-deployment.json), the dApp built with the developer wallet and that chain's RPC URL, a static
 * server for it (first free port in 5170–5179) and a headless Chromium (playwright-core driving the
 * system's browser, CHROMIUM_PATH or /usr/bin/chromium). `stop()` tears everything down.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream, existsSync, openSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { chromium, type Browser } from "playwright-core";
import { createPublicClient, http, type Address, type PublicClient } from "viem";
import { hardhat } from "viem/chains";

import { startLocalIpfs, type LocalIpfs } from "../scripts/lib/ipfs-node.ts";
import { startIndexer as startPonder } from "../indexer/run.ts";
import { readSource } from "../indexer/sources.ts";
import { isNodeUp, waitForNode } from "../scripts/lib/local-node.ts";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const REPORT_DIR = path.join(ROOT, "reports", "e2e");
const BIN = path.join(ROOT, "node_modules", ".bin");

export type Seeded = {
  chainId: number;
  contracts: Record<
    | "registry"
    | "factory"
    | "campaignImplementation"
    | "usdc"
    | "usdt"
    | "wbtc"
    | "ethUsdFeed"
    | "usdcUsdFeed"
    | "usdtUsdFeed"
    | "btcUsdFeed",
    Address
  >;
  appeals: Record<"open" | "delivering" | "closed" | "failed", Address>;
};

export type World = {
  rpcUrl: string;
  appUrl: string;
  seeded: Seeded;
  publicClient: PublicClient;
  browser: Browser;
  /** The embedded IPFS node the dApp fetches content from (its gateway is in local-deployment.json). */
  ipfs: LocalIpfs;
  /** local-deployment.json as the seed wrote it (for the CLIs: HANDOVER_SEED_OUT). */
  deploymentFile: string;
  /**
   * Starts the indexer (Ponder on PGlite, in a temporary folder, first free port in 42170–42179)
   * following this world's chain, and names it to the dApp in the served local-deployment.json
   * (`indexer`), as npm start does. `stop` takes it out of the record and stops it.
   */
  startIndexer: () => Promise<{ url: string; stop: () => Promise<void> }>;
  stop: () => Promise<void>;
};

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}

export async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) if (!(await portInUse(port))) return port;
  throw new Error(`no free port in ${from}-${to}`);
}

/** Runs a command to completion; rejects with its output's tail when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: string) {
  return new Promise<void>((resolve, reject) => {
    const fd = openSync(log, "w");
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", fd, fd] });
    child.on("error", reject);
    child.on("exit", async (code) => {
      if (code === 0) return resolve();
      const text = await readFile(log, "utf8").catch(() => "");
      reject(
        new Error(
          `${path.basename(command)} ${args.join(" ")} failed (${code}):\n${text.slice(-3000)}`,
        ),
      );
    });
  });
}

/** Kills a detached child's whole process group and waits for it to go. */
export async function killGroup(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5_000);
  await gone;
  clearTimeout(timer);
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** Serves `dir` and, at /local-deployment.json, `deploymentFile`. */
function staticServer(dir: string, deploymentFile: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let file =
      url.pathname === "/local-deployment.json"
        ? deploymentFile
        : path.join(dir, path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ""));
    if (!file.startsWith(dir) && file !== deploymentFile) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      await stat(file);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export async function startWorld(): Promise<World> {
  await mkdir(REPORT_DIR, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), "handover-e2e-"));
  const chainPort = await freePort(8570, 8579);
  const appPort = await freePort(5170, 5179);
  const rpcUrl = `http://127.0.0.1:${chainPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );

  let node: ChildProcess | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let ipfs: LocalIpfs | undefined;
  let stopIndexer: (() => Promise<void>) | undefined;
  const stop = async () => {
    await stopIndexer?.();
    await browser?.close().catch(() => undefined);
    await ipfs?.stop().catch(() => undefined);
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server?.closeAllConnections();
    await killGroup(node);
    await rm(tmp, { recursive: true, force: true });
    await rm(path.join(ROOT, "ignition", "deployments", `local-${chainPort}`), {
      recursive: true,
      force: true,
    });
  };

  try {
    const nodeLog = openSync(path.join(REPORT_DIR, "node.log"), "w");
    node = spawn(
      path.join(BIN, "hardhat"),
      ["node", "--hostname", "127.0.0.1", "--port", String(chainPort)],
      { cwd: ROOT, detached: true, stdio: ["ignore", nodeLog, nodeLog] },
    );
    const deploymentFile = path.join(tmp, "local-deployment.json");
    const dist = path.join(tmp, "dist");
    // The build does not need the chain: it runs while the node starts.
    const build = run(
      path.join(BIN, "vite"),
      [
        "build",
        "--config",
        "app/vite.config.ts",
        "--outDir",
        dist,
        "--emptyOutDir",
        "--logLevel",
        "warn",
      ],
      { ...process.env, VITE_DEV_WALLET: "1", VITE_LOCAL_RPC_URL: rpcUrl, VITE_CHAIN_ID: "31337" },
      path.join(REPORT_DIR, "build.log"),
    );
    // As npm start: the IPFS node in this process, before the seed (which names its gateway).
    ipfs = await startLocalIpfs({ dir: path.join(tmp, "ipfs"), port: 0 });
    await waitForNode(rpcUrl, 60_000);
    await run(
      path.join(BIN, "hardhat"),
      ["run", "scripts/seed.ts", "--network", "localhost"],
      {
        ...process.env,
        HANDOVER_LOCAL_PORT: String(chainPort),
        HANDOVER_SEED_OUT: deploymentFile,
        HANDOVER_IPFS_GATEWAY: ipfs.url,
      },
      path.join(REPORT_DIR, "seed.log"),
    );
    await build;
    server = await staticServer(dist, deploymentFile, appPort);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const seeded = JSON.parse(await readFile(deploymentFile, "utf8")) as Seeded;
    const publicClient = createPublicClient({
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    }) as PublicClient;
    if (!(await isNodeUp(rpcUrl))) throw new Error("the chain stopped answering");
    const startIndexer = async () => {
      const running = await startPonder({
        sources: [readSource(deploymentFile, rpcUrl)],
        port: await freePort(42170, 42179),
        dataDir: path.join(tmp, "indexer"),
        logFile: path.join(REPORT_DIR, "indexer.log"),
        fresh: true,
      });
      const record = JSON.parse(await readFile(deploymentFile, "utf8")) as Record<string, unknown>;
      await writeFile(deploymentFile, JSON.stringify({ ...record, indexer: running.url }, null, 2));
      stopIndexer = async () => {
        stopIndexer = undefined;
        const { indexer: _gone, ...rest } = JSON.parse(
          await readFile(deploymentFile, "utf8"),
        ) as Record<string, unknown>;
        await writeFile(deploymentFile, JSON.stringify(rest, null, 2));
        await running.stop();
      };
      return { url: running.url, stop: () => stopIndexer?.() ?? Promise.resolve() };
    };
    return {
      rpcUrl,
      appUrl,
      seeded,
      publicClient,
      browser,
      ipfs,
      deploymentFile,
      startIndexer,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
