/**
 * `npm start`: the whole of Handover on this machine, in one command.
 *
 * 1. starts the embedded chain (`hardhat node --hostname 127.0.0.1`, port HANDOVER_LOCAL_PORT or 8545);
 * 2. deploys the contracts through the Ignition modules and seeds the appeals (scripts/seed.ts): one
 *    taking pledges, one with orders awaiting delivery, one closed and audited, one failed;
 * 3. writes app/public/local-deployment.json and serves the dApp with Vite (developer wallet on) on
 *    http://127.0.0.1:<HANDOVER_APP_PORT or 5173>;
 *    (before the seed, the embedded IPFS node starts in this process: blocks under .handover/ipfs,
 *    a trustless gateway on 127.0.0.1:<HANDOVER_IPFS_PORT or 8180>, pre-loaded with the seeded
 *    appeals' stories, images, terms and evidence; the seed names its gateway to the dApp)
 * 4. starts the indexer (indexer/run.ts: Ponder on 127.0.0.1:<HANDOVER_INDEXER_PORT or 42069>, PGlite
 *    under .handover/indexer, following the local chain from an empty database) and names its URL to
 *    the dApp in local-deployment.json (`indexer`); the dApp reads its lists from it and falls back to
 *    RPC when it is unreachable or behind. HANDOVER_INDEXER=0 leaves it out. A failed start is reported
 *    and the rest keeps running (the dApp then reads from the chain);
 * 5. prints the URL, the developer accounts and their roles.
 *
 * The console shows only that (and errors): the chain's, the seed's (compiler warnings included),
 * the indexer's and the web server's output go to their logs in reports/start/.
 *
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP stops the chain, the indexer and the web server (their whole
 * process groups).
 * A chain left by an earlier `npm start` or `npm run scenario` on the same port is stopped first; a
 * port held by anything else is reported and the script exits with status 1. No Docker, no network.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";

import { startIndexer, type RunningIndexer } from "../indexer/run.ts";
import { readSource } from "../indexer/sources.ts";
import { DEFAULT_IPFS_PORT, startLocalIpfs, type LocalIpfs } from "./lib/ipfs-node.ts";
import { stopNode, waitForNode } from "./lib/local-node.ts";

const CHAIN_PORT = Number(process.env.HANDOVER_LOCAL_PORT ?? 8545);
const APP_PORT = Number(process.env.HANDOVER_APP_PORT ?? 5173);
const IPFS_PORT = Number(process.env.HANDOVER_IPFS_PORT ?? DEFAULT_IPFS_PORT);
const INDEXER_PORT = Number(process.env.HANDOVER_INDEXER_PORT ?? 42069);
const WITH_INDEXER = process.env.HANDOVER_INDEXER !== "0";
const IPFS_DIR = path.join(".handover", "ipfs");
const RPC_URL = `http://127.0.0.1:${CHAIN_PORT}`;
const APP_URL = `http://127.0.0.1:${APP_PORT}/`;
const DIR = path.join("reports", "start");
const STATE_FILE = path.join(DIR, `start-${CHAIN_PORT}.json`);
const NODE_LOG = path.join(DIR, `node-${CHAIN_PORT}.log`);
const APP_LOG = path.join(DIR, `app-${APP_PORT}.log`);
const SEED_LOG = path.join(DIR, `seed-${CHAIN_PORT}.log`);
const INDEXER_LOG = path.join(DIR, `indexer-${INDEXER_PORT}.log`);
const BIN = path.join("node_modules", ".bin");
const DEPLOYMENT_FILE = path.join("app", "public", "local-deployment.json");

for (const [name, port] of [
  ["HANDOVER_LOCAL_PORT", CHAIN_PORT],
  ["HANDOVER_APP_PORT", APP_PORT],
  ["HANDOVER_IPFS_PORT", IPFS_PORT],
  ["HANDOVER_INDEXER_PORT", INDEXER_PORT],
] as const) {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`error: ${name} must be a port number (1-65535)`);
    process.exit(1);
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replace(/\0/g, " ");
}

async function waitGone(pids: number[], ms: number) {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Stops what an earlier `npm start` on this port left running (after a kill -9, a closed terminal...). */
async function stopLeftovers() {
  let state: { node?: number; app?: number; indexer?: number; pid?: number };
  try {
    state = JSON.parse(await readFile(STATE_FILE, "utf8"));
  } catch {
    state = {};
  }
  if (state.pid && state.pid !== process.pid && alive(state.pid)) {
    const line = await commandLine(state.pid);
    if (line.includes("start.ts")) {
      console.error(
        `error: npm start is already running for port ${CHAIN_PORT} (pid ${state.pid}). Stop it with Ctrl-C in its terminal (or kill ${state.pid}), or choose other ports: HANDOVER_LOCAL_PORT=8546 HANDOVER_APP_PORT=5174 npm start`,
      );
      process.exit(1);
    }
  }
  const stopped: number[] = [];
  for (const [what, pid] of [
    ["chain", state.node],
    ["web server", state.app],
    ["indexer", state.indexer],
  ] as const) {
    if (!pid || !alive(pid)) continue;
    const line = await commandLine(pid);
    if (!/hardhat|vite|ponder/.test(line)) continue; // the pid was reused by something else
    console.log(`stopping the ${what} an earlier npm start left running (pid ${pid})`);
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      process.kill(pid, "SIGTERM");
    }
    stopped.push(pid);
  }
  await waitGone(stopped, 5_000);
  await rm(STATE_FILE, { force: true });
  // `npm run scenario` leaves its chain running on purpose; `npm start` needs a fresh one.
  if (await stopNode()) {
    console.log(`stopped the chain npm run scenario left running on port ${CHAIN_PORT}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const children: ChildProcess[] = [];
let stopping = false;
/** The embedded IPFS node, in this process. */
let ipfs: LocalIpfs | undefined;
/** The indexer (Ponder, a child process in its own group). */
let indexer: RunningIndexer | undefined;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
  const indexerStopped = indexer?.stop().catch(() => undefined);
  const pids = children.map((c) => c.pid!).filter(Boolean);
  const ipfsStopped = ipfs?.stop().catch(() => undefined);
  void waitGone(pids, 5_000).then(async () => {
    await ipfsStopped;
    await indexerStopped;
    for (const pid of pids.filter(alive)) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(STATE_FILE, { force: true });
    process.exit(code);
  });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.on(signal, () => {
    if (!stopping) console.log(`\n${signal}: stopping the chain, the indexer and the web server…`);
    stopAll(0);
  });

/** Starts a long-running child in its own process group, logging to `log`. */
function launch(what: string, command: string, args: string[], log: string, env = process.env) {
  const fd = openSync(log, "w");
  const child = spawn(command, args, { detached: true, stdio: ["ignore", fd, fd], env });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(
      `error: the ${what} stopped unexpectedly (${signal ?? `exit ${code}`}); see ${log}. Stopping everything.`,
    );
    stopAll(1);
  });
  return child;
}

function saveState() {
  writeFileSync(
    STATE_FILE,
    JSON.stringify({
      pid: process.pid,
      node: children[0]?.pid,
      app: children[1]?.pid,
      indexer: indexer?.pid,
    }) + "\n",
  );
}

async function waitForHttp(url: string, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the dApp did not answer at ${url} within ${ms / 1000} s (see ${APP_LOG})`);
}

// ── go ───────────────────────────────────────────────────────────────────────────────────
await mkdir(DIR, { recursive: true });
await stopLeftovers();
for (const [what, port, variable] of [
  ["the chain", CHAIN_PORT, "HANDOVER_LOCAL_PORT"],
  ["the dApp", APP_PORT, "HANDOVER_APP_PORT"],
  ["the IPFS gateway", IPFS_PORT, "HANDOVER_IPFS_PORT"],
  ["the indexer", INDEXER_PORT, "HANDOVER_INDEXER_PORT"],
] as const) {
  if (port === INDEXER_PORT && !WITH_INDEXER) continue;
  if (await portInUse(port)) {
    console.error(
      `error: port ${port} (for ${what}) is already in use by another program. Stop it, or choose another port: ${variable}=<port> npm start`,
    );
    process.exit(1);
  }
}

console.log(`starting the local chain on ${RPC_URL} (log: ${NODE_LOG})`);
launch(
  "chain",
  path.join(BIN, "hardhat"),
  ["node", "--hostname", "127.0.0.1", "--port", String(CHAIN_PORT)],
  NODE_LOG,
);
saveState();
try {
  await waitForNode(RPC_URL, 60_000);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  stopAll(1);
  await new Promise(() => undefined);
}

try {
  ipfs = await startLocalIpfs({ dir: IPFS_DIR, port: IPFS_PORT });
  console.log(
    `IPFS node (in this process): gateway ${ipfs.url}, blocks in ${IPFS_DIR}, ${ipfs.preloaded.length} seeded files`,
  );
} catch (error) {
  console.error(`error: the IPFS node did not start: ${(error as Error).message}`);
  stopAll(1);
  await new Promise(() => undefined);
}

// The compiler's output (its warnings look like failures mid-start) and every seeding step go to
// the seed's log; the console keeps what a person needs.
console.log(`deploying the contracts and seeding the appeals (log: ${SEED_LOG})…`);
const seedLog = openSync(SEED_LOG, "w");
const seed = spawn(
  path.join(BIN, "hardhat"),
  ["run", "scripts/seed.ts", "--network", "localhost"],
  {
    stdio: ["ignore", seedLog, seedLog],
    env: {
      ...process.env,
      HANDOVER_LOCAL_PORT: String(CHAIN_PORT),
      HANDOVER_SEED_OUT: DEPLOYMENT_FILE,
      HANDOVER_IPFS_GATEWAY: ipfs!.url,
    },
  },
);
const seeded: number = await new Promise((resolve) => seed.on("exit", (c) => resolve(c ?? 1)));
if (seeded !== 0 || stopping) {
  if (!stopping) {
    const tail = (await readFile(SEED_LOG, "utf8").catch(() => ""))
      .trimEnd()
      .split("\n")
      .slice(-15);
    console.error(`error: seeding failed (exit ${seeded}); the end of ${SEED_LOG}:`);
    for (const line of tail) console.error(`  ${line}`);
    console.error("Stopping the chain.");
  }
  stopAll(1);
  await new Promise(() => undefined);
}
const record = JSON.parse(await readFile(DEPLOYMENT_FILE, "utf8")) as {
  contracts: Record<string, string>;
  appeals: Record<string, string>;
};

// The indexer follows the chain the seed just filled (from an empty PGlite database: the chain is
// new); the dApp learns its URL from the deployment record. It is a convenience: if it does not
// start, the dApp reads from the chain, and npm start goes on.
const indexerStarted = WITH_INDEXER
  ? (async () => {
      console.log(
        `starting the indexer on http://127.0.0.1:${INDEXER_PORT} (PGlite in .handover/indexer, log: ${INDEXER_LOG})`,
      );
      try {
        indexer = await startIndexer({
          sources: [readSource(DEPLOYMENT_FILE, RPC_URL)],
          port: INDEXER_PORT,
          logFile: path.resolve(INDEXER_LOG),
        });
      } catch (error) {
        if (!stopping)
          console.error(
            `error: the indexer did not start: ${(error as Error).message.split("\n")[0]}. The dApp reads everything from the chain (RPC).`,
          );
        return;
      }
      if (stopping) return void (await indexer.stop());
      saveState();
      indexer.process.on("exit", (code, signal) => {
        if (stopping) return;
        console.error(
          `error: the indexer stopped unexpectedly (${signal ?? `exit ${code}`}); see ${INDEXER_LOG}. The dApp falls back to reading from the chain (RPC).`,
        );
      });
      const current = JSON.parse(await readFile(DEPLOYMENT_FILE, "utf8")) as object;
      writeFileSync(
        DEPLOYMENT_FILE,
        JSON.stringify({ ...current, indexer: indexer.url }, null, 2) + "\n",
      );
    })()
  : Promise.resolve();

console.log(`starting the dApp on ${APP_URL} (Vite dev server, log: ${APP_LOG})`);
launch(
  "web server",
  path.join(BIN, "vite"),
  ["--config", "app/vite.config.ts", "--clearScreen", "false"],
  APP_LOG,
  {
    ...process.env,
    HANDOVER_APP_PORT: String(APP_PORT),
    VITE_DEV_WALLET: "1",
    VITE_LOCAL_RPC_URL: RPC_URL,
    VITE_CHAIN_ID: "31337",
  },
);
saveState();
try {
  await waitForHttp(APP_URL, 60_000);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  stopAll(1);
  await new Promise(() => undefined);
}

await indexerStarted;

const { mnemonicToAccount } = await import("viem/accounts");
const { createPublicClient, http, keccak256, stringToHex, zeroHash } = await import("viem");
const { registryAbi } = await import("../client/generated/abis.ts");
const MNEMONIC = "test test test test test test test test test test test junk";
const registryAddress = record.contracts.registry as `0x${string}`;
const chain = createPublicClient({ transport: http(RPC_URL) });
const readRegistry = <T>(functionName: string, args: readonly unknown[]) =>
  chain.readContract({
    address: registryAddress,
    abi: registryAbi,
    functionName: functionName as never,
    args: args as never,
  }) as Promise<T>;
/** What no contract records: who relays signatures and who donates. */
const OFF_CHAIN_ROLES: Record<number, string> = {
  9: "relayer (submits verifiers' signatures)",
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [10 + i, `donor ${i + 1}`])),
};
const ROLE_IDS = [
  ["platform admin", zeroHash],
  ["pauser", keccak256(stringToHex("PAUSER_ROLE"))],
  ["vetter", keccak256(stringToHex("VETTER_ROLE"))],
  ["organizer (all four appeals)", keccak256(stringToHex("ORGANIZER_ROLE"))],
] as const;
type Party = { status: number; name: string; country: string; organization: string };
/** Each account's part, as the registry holds it: roles, vetted suppliers, registered verifiers. */
async function roleOf(address: `0x${string}`, index: number): Promise<string> {
  const [roles, supplier, verifier] = await Promise.all([
    Promise.all(
      ROLE_IDS.map(async ([name, role]) =>
        (await readRegistry<boolean>("hasRole", [role, address])) ? name : undefined,
      ),
    ),
    readRegistry<Party>("supplier", [address]),
    readRegistry<Party>("verifier", [address]),
  ]);
  const parts: string[] = roles.filter((r) => r !== undefined);
  const suspended = (p: Party) => (p.status === 2 ? ", suspended" : "");
  if (supplier.status !== 0)
    parts.push(`supplier: ${supplier.name} (${supplier.country}${suspended(supplier)})`);
  if (verifier.status !== 0)
    parts.push(
      `registered verifier: ${verifier.name} (${verifier.organization}${suspended(verifier)})`,
    );
  if (OFF_CHAIN_ROLES[index]) parts.push(OFF_CHAIN_ROLES[index]);
  return parts.join(", ") || "-";
}
const accounts = Array.from(
  { length: 20 },
  (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }).address,
);
const ROLES = await Promise.all(accounts.map((address, i) => roleOf(address, i)));
const line = "─".repeat(78);
console.log(`\n${line}`);
console.log(`Handover is running.  Open ${APP_URL}`);
console.log(`${line}`);
console.log(`chain  ${RPC_URL} (chain id 31337)     dApp  ${APP_URL}`);
if (indexer)
  console.log(
    `indexer  ${indexer.url} (GraphQL ${indexer.url}/graphql, SQL ${indexer.url}/sql; the dApp reads its lists from it)`,
  );
console.log(
  `\nIn the dApp, "Use Developer wallet" then "Act as" switches between these accounts (each holds\n10,000 ETH; the mnemonic is Hardhat's "${MNEMONIC}"):`,
);
ROLES.forEach((role, i) => console.log(`  #${String(i).padEnd(2)} ${accounts[i]}  ${role}`));
// The appeals as the chain holds them (what each targets; the Accra orders' progress).
const { campaignAbi } = await import("../client/generated/abis.ts");
const readCampaign = <T>(address: string, functionName: string, args: readonly unknown[] = []) =>
  chain.readContract({
    address: address as `0x${string}`,
    abi: campaignAbi,
    functionName: functionName as never,
    args: args as never,
  }) as Promise<T>;
const target = async (appeal: string) =>
  (await readCampaign<{ targetUnits: bigint }>(appeal, "params")).targetUnits.toLocaleString(
    "en-US",
  );
type OrderView = { supplier: string; units: bigint; unitsVerified: bigint; status: number };
const [accraFirst, accraSecond] = await Promise.all(
  [0n, 1n].map((id) => readCampaign<OrderView>(record.appeals.delivering, "order", [id])),
);
const supplierName = async (address: string) =>
  (await readRegistry<Party>("supplier", [address])).name;
console.log(`
Appeals, each with something left to do:
  taking pledges      ${record.appeals.open}  ${await target(record.appeals.open)} masks for Niamey (pledge as a donor)
  awaiting delivery   ${record.appeals.delivering}  ${await target(record.appeals.delivering)} masks for Accra (order #1: accept as
                      ${await supplierName(accraSecond.supplier)}; order #0: ${accraFirst.unitsVerified.toLocaleString("en-US")} of ${accraFirst.units.toLocaleString("en-US")} masks verified)
  closed and audited  ${record.appeals.closed}  ${await target(record.appeals.closed)} masks for WAHO (donors 1-4 claim unspent)
  failed              ${record.appeals.failed}  ${await target(record.appeals.failed)} masks for Banjul (donors 1, 2, 6 refund)

Contracts: registry ${record.contracts.registry}, factory ${record.contracts.factory}, procurement module ${record.contracts.procurement}
Logs: ${NODE_LOG}, ${SEED_LOG}, ${APP_LOG}${indexer ? `, ${INDEXER_LOG}` : ""}.  Prices go stale after an hour: "Refresh mock price feeds".
Press Ctrl-C to stop the chain${indexer ? ", the indexer" : ""} and the dApp.`);
await new Promise(() => undefined);
