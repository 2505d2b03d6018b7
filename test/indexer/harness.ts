/**
 * The indexer tests' world: a local chain of their own (`hardhat node` on 127.0.0.1), Handover deployed
 * on it from the compiled artifacts with mock tokens and feeds, every role held by one of the node's
 * unlocked accounts, and, for the Postgres tests, a private PostgreSQL cluster (Debian's package,
 * `initdb` + `pg_ctl` on 127.0.0.1 in a temporary directory, never the machine's default cluster).
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, openSync, readdirSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  keccak256,
  stringToHex,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { registryWrites, send, type Clients } from "../../client/actions.ts";
import { mockUsdcAbi, mockV3AggregatorAbi } from "../../client/generated/abis.ts";

const exec = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");

export const localChain = defineChain({
  id: 31337,
  name: "Hardhat",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [] } },
});

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

export type LocalChain = {
  url: string;
  publicClient: PublicClient;
  request: (method: string, params?: unknown[]) => Promise<unknown>;
  /** Mines `n` empty blocks. */
  mine: (n?: number) => Promise<void>;
  /** Moves time forward by `seconds` and mines a block. */
  warp: (seconds: bigint) => Promise<void>;
  stop: () => Promise<void>;
};

/** Starts `hardhat node` on 127.0.0.1 (first free port from `from`) and waits for it to answer. */
export async function startChain(from: number, logFile: string): Promise<LocalChain> {
  const port = await freePort(from, from + 20);
  const url = `http://127.0.0.1:${port}`;
  const fd = openSync(logFile, "w");
  const child = spawn(
    path.join(BIN, "hardhat"),
    ["node", "--hostname", "127.0.0.1", "--port", String(port)],
    { cwd: ROOT, detached: true, stdio: ["ignore", fd, fd] },
  );
  let exited = false;
  child.on("exit", () => (exited = true));
  const publicClient = createPublicClient({
    chain: localChain,
    transport: http(url),
    pollingInterval: 50,
  }) as PublicClient;
  const request = (method: string, params: unknown[] = []) =>
    publicClient.request({ method: method as never, params: params as never });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`hardhat node exited; see ${logFile}`);
    try {
      await request("eth_chainId");
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`hardhat node did not answer at ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    url,
    publicClient,
    request,
    mine: async (n = 1) => {
      for (let i = 0; i < n; i++) await request("evm_mine");
    },
    warp: async (seconds) => {
      await request("evm_increaseTime", [Number(seconds)]);
      await request("evm_mine");
    },
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
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
      await gone;
      clearTimeout(timer);
    },
  };
}

export type Deployment = {
  chainId: number;
  registry: Address;
  factory: Address;
  usdc: Address;
  wbtc: Address;
  feeds: { eth: Address; usdc: Address; btc: Address };
  accounts: Address[];
  admin: Address;
  organizer: Address;
  verifiers: [Address, Address, Address];
  suppliers: [Address, Address];
  /** Ten donors (accounts 10–19). */
  donors: Address[];
  /** Wallet and public client for one of the node's unlocked accounts. */
  clientsFor: (account: Address) => Clients;
  /** Sets every mock feed's answer again, so that prices are fresh after time moved. */
  refreshFeeds: () => Promise<void>;
  /** Mints a mock token to `to` and approves `spender` for it, as `to`. */
  fund: (token: Address, to: Address, amount: bigint, spender: Address) => Promise<void>;
};

export const id = (text: string) => keccak256(stringToHex(text));
export const DAY = 86_400n;
const PRICES = { eth: 3_000n * 10n ** 8n, usdc: 10n ** 8n, btc: 60_000n * 10n ** 8n };

/**
 * Deploys Handover (Registry, CampaignProcurement, Campaign, CampaignFactory) from the compiled
 * artifacts, with a USDC-like and a WBTC-like mock and their feeds: admin (account 0) vets and pauses,
 * account 1 organizes, accounts 2–4 are registered verifiers, 5–6 vetted suppliers, 10–19 donors.
 */
export async function deployHandover(chain: LocalChain): Promise<Deployment> {
  const artifactsDir = path.join(ROOT, "artifacts", "contracts");
  if (!existsSync(path.join(artifactsDir, "Campaign.sol", "Campaign.json")))
    throw new Error("no compiled contracts: run `npx hardhat build --no-tests` first");
  const accounts = (await chain.request("eth_accounts")) as Address[];
  const clientsFor = (account: Address): Clients => ({
    publicClient: chain.publicClient,
    walletClient: createWalletClient({ account, chain: localChain, transport: http(chain.url) }),
  });
  const admin = accounts[0];
  const adminClients = clientsFor(admin);
  const deploy = async (artifact: string, args: unknown[] = []) => {
    const { abi, bytecode } = JSON.parse(
      await readFile(path.join(artifactsDir, artifact), "utf8"),
    ) as { abi: Abi; bytecode: Hex };
    const hash = await adminClients.walletClient.deployContract({
      abi,
      bytecode,
      args,
      chain: localChain,
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    return receipt.contractAddress!;
  };
  const registry = await deploy("Registry.sol/Registry.json", [admin, 0]);
  const procurement = await deploy("CampaignProcurement.sol/CampaignProcurement.json", [registry]);
  const implementation = await deploy("Campaign.sol/Campaign.json", [registry, procurement]);
  const factory = await deploy("CampaignFactory.sol/CampaignFactory.json", [
    registry,
    implementation,
  ]);
  const usdc = await deploy("mocks/MockUSDC.sol/MockUSDC.json");
  const wbtc = await deploy("mocks/MockWBTC.sol/MockWBTC.json");
  const feedArtifact = "mocks/MockV3Aggregator.sol/MockV3Aggregator.json";
  const feeds = {
    eth: await deploy(feedArtifact, [8, PRICES.eth, "ETH / USD"]),
    usdc: await deploy(feedArtifact, [8, PRICES.usdc, "USDC / USD"]),
    btc: await deploy(feedArtifact, [8, PRICES.btc, "BTC / USD"]),
  };
  const r = registryWrites(adminClients, registry);
  const organizer = accounts[1];
  for (const [role, account] of [
    ["ORGANIZER_ROLE", organizer],
    ["VETTER_ROLE", admin],
    ["PAUSER_ROLE", admin],
  ] as const)
    await r.grantRole(id(role), account);
  const week = 7 * 86_400;
  await r.setAcceptedToken(zeroAddress, feeds.eth, week);
  await r.setAcceptedToken(usdc, feeds.usdc, week);
  await r.setAcceptedToken(wbtc, feeds.btc, week);
  const verifiers = [accounts[2], accounts[3], accounts[4]] as [Address, Address, Address];
  const names = ["Abuja warehouse", "UN country office", "Sahel Freight"];
  for (const [i, v] of verifiers.entries())
    await r.registerVerifier(v, names[i], "Test", id(`verifier ${i}`));
  const suppliers = [accounts[5], accounts[6]] as [Address, Address];
  await r.registerSupplier(suppliers[0], "Henan Medical", "CN", id("henan"));
  await r.registerSupplier(suppliers[1], "Lagos PPE Works", "NG", id("lagos"));
  const refreshFeeds = async () => {
    for (const [feed, price] of [
      [feeds.eth, PRICES.eth],
      [feeds.usdc, PRICES.usdc],
      [feeds.btc, PRICES.btc],
    ] as const)
      await send(adminClients, {
        address: feed,
        abi: mockV3AggregatorAbi,
        functionName: "updateAnswer",
        args: [price],
      });
  };
  const fund = async (token: Address, to: Address, amount: bigint, spender: Address) => {
    const clients = clientsFor(to);
    await send(clients, {
      address: token,
      abi: mockUsdcAbi,
      functionName: "mint",
      args: [to, amount],
    });
    await send(clients, {
      address: token,
      abi: mockUsdcAbi,
      functionName: "approve",
      args: [spender, amount],
    });
  };
  return {
    chainId: await chain.publicClient.getChainId(),
    registry,
    factory,
    usdc,
    wbtc,
    feeds,
    accounts,
    admin,
    organizer,
    verifiers,
    suppliers,
    donors: accounts.slice(10, 20),
    clientsFor,
    refreshFeeds,
    fund,
  };
}

// ───────────────────────────── PostgreSQL ─────────────────────────────

export type Postgres = {
  url: string;
  /** Runs SQL with psql and returns its unaligned, tuples-only output. */
  psql: (sql: string) => Promise<string>;
  stop: () => Promise<void>;
};

/** The binaries of the newest PostgreSQL Debian installed (/usr/lib/postgresql/<version>/bin). */
export function postgresBin(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : undefined;
}

/**
 * A private cluster on 127.0.0.1 (first free port from `from`), in a temporary directory, trust
 * authentication, user `postgres`. As root, the cluster runs as the `postgres` system user (initdb
 * refuses root).
 */
export async function startPostgres(from: number): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin)
    throw new Error(
      "PostgreSQL is not installed: apt-get install -y postgresql (the tests start a private cluster; they never use the default one)",
    );
  const port = await freePort(from, from + 20);
  const dir = await mkdtemp(path.join(os.tmpdir(), "handover-pg-"));
  const asRoot = process.getuid?.() === 0;
  const as = async (command: string, args: string[]) => {
    const file = path.join(bin, command);
    return asRoot ? exec("runuser", ["-u", "postgres", "--", file, ...args]) : exec(file, args);
  };
  if (asRoot) {
    const { stdout } = await exec("id", ["-u", "postgres"]);
    const { stdout: gid } = await exec("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(dir, "data");
  await as("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  await as("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(dir, "postgres.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    psql: async (sql) =>
      (
        await exec(path.join(bin, "psql"), [
          "-X",
          "-q",
          "-A",
          "-t",
          "-v",
          "ON_ERROR_STOP=1",
          "-d",
          url,
          "-c",
          sql,
        ])
      ).stdout.trim(),
    stop: async () => {
      await as("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ───────────────────────────── EAS ─────────────────────────────

export type EasContracts = { eas: Address; schemaRegistry: Address };

/**
 * The Ethereum Attestation Service as the seed deploys it (ignition/modules/EAS.ts): SchemaRegistry,
 * then EAS bound to it, from the npm package's own build artifacts, deployed by the admin. The audit
 * schema is not registered: `publishAudit` registers it as `npm run audit -- --attest` does.
 */
export async function deployEas(chain: LocalChain, d: Deployment): Promise<EasContracts> {
  const artifacts = path.join(
    ROOT,
    "node_modules",
    "@ethereum-attestation-service",
    "eas-contracts",
    "artifacts",
    "contracts",
  );
  const walletClient = d.clientsFor(d.admin).walletClient;
  const deploy = async (artifact: string, args: unknown[]) => {
    const { abi, bytecode } = JSON.parse(
      await readFile(path.join(artifacts, artifact), "utf8"),
    ) as { abi: Abi; bytecode: Hex };
    const hash = await walletClient.deployContract({ abi, bytecode, args, chain: localChain });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    return receipt.contractAddress!;
  };
  const schemaRegistry = await deploy("SchemaRegistry.sol/SchemaRegistry.json", []);
  const eas = await deploy("EAS.sol/EAS.json", [schemaRegistry]);
  return { eas, schemaRegistry };
}
