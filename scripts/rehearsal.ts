/**
 * The go-live rehearsal: an operator deploying Handover to Base Sepolia, played against a local
 * stand-in for it, non-interactively, exactly as docs/deploy.md says.
 *
 *   npm run rehearsal          (`.ci/run` runs it)
 *
 * 1. Copies the project (its tracked files; node_modules linked) to a scratch directory, so that the
 *    rehearsal's deployment never reaches this tree's ignition/deployments or generated files.
 * 2. Starts `hardhat node --chain-id 84532 --chain-type op` and installs working contracts where Base
 *    Sepolia has its ETH/USD and USDC/USD feeds and Circle's USDC (hardhat_setCode and the storage of
 *    a freshly deployed mock), so that the real parameters file works unchanged.
 * 3. Follows docs/deploy.md with no terminal (stdin closed) and CI=true: `ignition deploy` of
 *    Handover.ts with the network's parameters file (HARDHAT_IGNITION_CONFIRM_DEPLOYMENT=1), the
 *    listing script dry-run then for real, `npm run generate`, `npm run ops` to vet suppliers and
 *    verifiers and create an appeal from a JSON file, `npm run app:build` for chain 84532.
 * 4. Donors pledge ETH and USDC; the appeal is audited with `npm run audit` (6 confirmations behind
 *    the head, as on any public chain).
 *
 * Prints one line per step with its time; writes reports/rehearsal.md; exits 1 at the first step
 * that fails, with that step's output. HANDOVER_REHEARSAL_KEEP=1 keeps the scratch copy and node.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  http,
  parseEther,
  parseUnits,
  type Address,
  type Hex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHAIN_ID = 84_532;
const MNEMONIC = "test test test test test test test test test test test junk";
/** Base Sepolia's addresses, as ignition/parameters/baseSepolia.json lists them. */
const PARAMETERS = JSON.parse(
  readFileSync(path.join(ROOT, "ignition", "parameters", "baseSepolia.json"), "utf8"),
) as {
  AcceptedTokens: {
    tokens: { symbol: string; token: Address; feed: Address; description: string }[];
  };
};

type Step = { name: string; seconds: number; detail?: string };
const steps: Step[] = [];
const started = Date.now();
let node: ChildProcess | undefined;
let work = "";

async function step<T>(
  name: string,
  action: () => Promise<T> | T,
  detail?: (value: T) => string,
): Promise<T> {
  const t0 = Date.now();
  try {
    const value = await action();
    const s: Step = { name, seconds: (Date.now() - t0) / 1000, detail: detail?.(value) };
    steps.push(s);
    console.log(
      `  ${s.seconds.toFixed(1).padStart(5)} s  ${name}${s.detail ? `: ${s.detail}` : ""}`,
    );
    return value;
  } catch (error) {
    console.error(`FAILED: ${name}\n${(error as Error).message}`);
    throw error;
  }
}

/** Runs a command in the scratch copy with stdin closed, as a script or CI would; throws with its output on a non-zero exit. */
function run(command: string, args: string[], env: Record<string, string> = {}, expectCode = 0) {
  return new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: work,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => (stdout += c));
    child.stderr!.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== expectCode)
        reject(
          new Error(
            `${command} ${args.join(" ")} exited ${code} (expected ${expectCode})\n${stdout}\n${stderr}`,
          ),
        );
      else resolve({ stdout, stderr, code });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  console.log(
    "Rehearsal: deploying Handover to a local stand-in for Base Sepolia (chain 84532), as docs/deploy.md says",
  );

  // ── 1. a scratch copy of the project ──────────────────────────────────────────────────────
  work = await step(
    "copy the project to a scratch directory (tracked files, node_modules linked)",
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "handover-rehearsal-"));
      const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
        .split("\0")
        .filter(Boolean);
      for (const file of files) {
        const from = path.join(ROOT, file);
        if (!existsSync(from)) continue;
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        cpSync(from, path.join(dir, file));
      }
      // Compiled artifacts carry over (the build is the same); the copy's own deployments start empty
      // for this chain, as a first deployment's would.
      for (const built of ["artifacts", "cache"])
        if (existsSync(path.join(ROOT, built)))
          cpSync(path.join(ROOT, built), path.join(dir, built), { recursive: true });
      rmSync(path.join(dir, "ignition", "deployments", `chain-${CHAIN_ID}`), {
        recursive: true,
        force: true,
      });
      symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
      return dir;
    },
    () => "ok",
  );
  const bin = (name: string) => path.join(work, "node_modules", ".bin", name);
  const nodeTs = ["--experimental-strip-types", "--disable-warning=ExperimentalWarning"];

  // ── 2. the stand-in chain, with Base Sepolia's feeds and USDC at their addresses ─────────────
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  await step(`start hardhat node --chain-id ${CHAIN_ID} --chain-type op on ${rpcUrl}`, async () => {
    node = spawn(
      bin("hardhat"),
      [
        "node",
        "--hostname",
        "127.0.0.1",
        "--port",
        String(port),
        "--chain-id",
        String(CHAIN_ID),
        "--chain-type",
        "op",
      ],
      {
        cwd: work,
        detached: true,
        stdio: ["ignore", "ignore", "ignore"],
      },
    );
    for (let i = 0; i < 240; i++) {
      try {
        const response = await fetch(rpcUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }),
        });
        if (response.ok) return;
      } catch {
        // not yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("the node did not start within 60 s");
  });
  const chain = defineChain({
    id: CHAIN_ID,
    name: "Base Sepolia (rehearsal)",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 100 });
  const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
  const wallet = (i: number) =>
    createWalletClient({ chain, account: account(i), transport: http(rpcUrl) });
  const deployer = account(0);
  const deployerKey = `0x${Buffer.from(deployer.getHdKey().privateKey!).toString("hex")}` as Hex;
  const rpc = (method: string, params: unknown[]) =>
    publicClient.request({ method: method as never, params: params as never });

  const artifact = (file: string) =>
    JSON.parse(readFileSync(path.join(work, "artifacts", "contracts", "mocks", file), "utf8")) as {
      abi: unknown[];
      bytecode: Hex;
    };
  /** Deploys `file`'s contract, then puts its code and first storage slots at `target`. */
  async function installAt(target: Address, file: string, args: unknown[]) {
    const { abi, bytecode } = artifact(file);
    const hash = await wallet(0).deployContract({
      abi: abi as never,
      bytecode,
      args: args as never,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const source = receipt.contractAddress!;
    await rpc("hardhat_setCode", [target, await publicClient.getCode({ address: source })]);
    for (let slot = 0; slot < 16; slot++) {
      const value = await publicClient.getStorageAt({
        address: source,
        slot: `0x${slot.toString(16)}`,
      });
      await rpc("hardhat_setStorageAt", [target, `0x${slot.toString(16)}`, value]);
    }
    return abi;
  }
  const [eth, usdc] = ["ETH", "USDC"].map((symbol) =>
    PARAMETERS.AcceptedTokens.tokens.find((t) => t.symbol === symbol)!,
  );
  await step(
    "install working contracts at Base Sepolia's ETH/USD and USDC/USD feeds and Circle's USDC",
    async () => {
      for (const [entry, answer] of [
        [eth, 3_000n * 10n ** 8n],
        [usdc, 10n ** 8n],
      ] as const) {
        const abi = await installAt(entry.feed, "MockV3Aggregator.sol/MockV3Aggregator.json", [
          8,
          answer,
          entry.description,
        ]);
        // A round of its own at the new address (the mock keeps rounds in a mapping).
        const hash = await wallet(0).writeContract({
          address: entry.feed,
          abi: abi as never,
          functionName: "updateAnswer" as never,
          args: [answer] as never,
        });
        await publicClient.waitForTransactionReceipt({ hash });
      }
      await installAt(usdc.token, "MockUSDC.sol/MockUSDC.json", []);
      const symbol = await publicClient.readContract({
        address: usdc.token,
        abi: erc20Abi,
        functionName: "symbol",
      });
      if (symbol !== "USDC") throw new Error(`the token at ${usdc.token} answers symbol ${symbol}`);
    },
    () => `${eth.feed}, ${usdc.feed}, ${usdc.token}`,
  );

  // ── 3. docs/deploy.md, with no terminal ────────────────────────────────────────────────────
  // Secrets as a script or CI passes them: environment variables (CI=true: Hardhat skips the keystore).
  const operator = {
    CI: "true",
    BASE_SEPOLIA_RPC_URL: rpcUrl,
    DEPLOYER_PRIVATE_KEY: deployerKey,
    HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1",
  };
  const deployed = await step(
    "npx hardhat ignition deploy ignition/modules/Handover.ts --network baseSepolia --parameters ignition/parameters/baseSepolia.json",
    async () => {
      await run(
        bin("hardhat"),
        [
          "ignition",
          "deploy",
          "ignition/modules/Handover.ts",
          "--network",
          "baseSepolia",
          "--parameters",
          "ignition/parameters/baseSepolia.json",
        ],
        operator,
      );
      return JSON.parse(
        readFileSync(
          path.join(
            work,
            "ignition",
            "deployments",
            `chain-${CHAIN_ID}`,
            "deployed_addresses.json",
          ),
          "utf8",
        ),
      ) as Record<string, Address>;
    },
    (a) => `factory ${a["HandoverCore#CampaignFactory"]}`,
  );

  await step(
    "HANDOVER_DRY_RUN=1 npx hardhat run scripts/list-tokens.ts --network baseSepolia (sends nothing)",
    async () => {
      const { stdout } = await run(
        bin("hardhat"),
        ["run", "scripts/list-tokens.ts", "--network", "baseSepolia"],
        { ...operator, HANDOVER_DRY_RUN: "1" },
      );
      if (!/summary {3}0 sent, 0 unchanged, 2 would be sent, 0 failed/.test(stdout))
        throw new Error(stdout);
    },
  );
  await step("npx hardhat run scripts/list-tokens.ts --network baseSepolia", async () => {
    const { stdout } = await run(
      bin("hardhat"),
      ["run", "scripts/list-tokens.ts", "--network", "baseSepolia"],
      operator,
    );
    if (!/summary {3}2 sent, 0 unchanged, 0 left for the admin, 0 failed/.test(stdout))
      throw new Error(stdout);
    if (!stdout.includes("Chainlink publishes no L2 sequencer uptime feed for Base Sepolia"))
      throw new Error(`no word about the sequencer feed:\n${stdout}`);
  });
  const generated = await step(
    "npm run generate (the deployment, with its first block, for the client and the dApp)",
    async () => {
      await run("npm", ["run", "generate"], operator);
      const source = readFileSync(path.join(work, "client", "generated", "deployments.ts"), "utf8");
      const startBlock = /export const startBlocks = \{\s*"84532": (\d+)/.exec(source)?.[1];
      if (!startBlock || !source.includes(deployed["HandoverCore#CampaignFactory"]))
        throw new Error(source);
      return startBlock;
    },
    (block) => `chain 84532 starts at block ${block}`,
  );

  // The vetter and the organizer: the deployer holds both roles (Handover.ts's defaults).
  const ops = (...args: string[]) =>
    run(
      process.execPath,
      [...nodeTs, "scripts/ops.ts", "--network", "baseSepolia", ...args],
      operator,
    );
  const parties = [
    [
      "register-supplier",
      account(3).address,
      "--name",
      "Henan Medical Supplies Co., Ltd.",
      "--country",
      "CN",
    ],
    [
      "register-verifier",
      account(6).address,
      "--name",
      "WAHO Abuja warehouse",
      "--organization",
      "West African Health Organization",
    ],
    [
      "register-verifier",
      account(7).address,
      "--name",
      "UN country office, Abuja",
      "--organization",
      "United Nations Development Programme",
    ],
    [
      "register-verifier",
      account(8).address,
      "--name",
      "Sahel Freight logistics desk",
      "--organization",
      "Sahel Freight Ltd",
    ],
  ];
  await step(
    "npm run ops -- register-supplier / register-verifier (a supplier, three verifiers)",
    async () => {
      for (const [command, address, ...rest] of parties)
        await ops(command, "--account", address, ...rest, "--dossier", `0x${"ab".repeat(32)}`);
    },
  );
  const appealFile = path.join(work, "appeal.json");
  writeFileSync(
    appealFile,
    JSON.stringify(
      {
        beneficiary: account(9).address,
        goalUsd: "1000",
        targetUnits: 2500,
        unitName: "surgical masks",
        fundingDays: 14,
        procurementDays: 120,
        deliveryGraceDays: 7,
        maxAdvancePercent: 20,
        threshold: 2,
        allOrNothing: true,
        tokens: ["ETH", "USDC"],
        verifiers: [account(6).address, account(7).address, account(8).address],
        metadataCid: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      },
      null,
      2,
    ),
  );
  const appeal = await step(
    "npm run ops -- create-campaign appeal.json",
    async () => {
      const { stdout } = await ops("create-campaign", appealFile);
      const match = /^appeal (0x[0-9a-fA-F]{40}) \(index 0\), created in block (\d+)$/m.exec(
        stdout,
      );
      if (!match) throw new Error(stdout);
      return match[1] as Address;
    },
    (a) => a,
  );

  await step("npm run app:build for chain 84532 (VITE_CHAIN_ID, VITE_RPC_URLS_84532)", async () => {
    await run("npm", ["run", "app:build"], {
      VITE_CHAIN_ID: String(CHAIN_ID),
      [`VITE_RPC_URLS_${CHAIN_ID}`]: rpcUrl,
    });
    const assets = path.join(work, "app", "dist", "assets");
    const bundle = readdirSync(assets)
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(path.join(assets, f), "utf8"))
      .join("\n");
    const factory = deployed["HandoverCore#CampaignFactory"];
    if (!bundle.toLowerCase().includes(factory.toLowerCase()))
      throw new Error(`the built dApp does not hold the factory ${factory} of chain ${CHAIN_ID}`);
  });

  // ── 4. donors pledge; the appeal is audited ────────────────────────────────────────────────
  await step("two donors pledge: 0.2 ETH, and 500 USDC (approve, then pledge)", async () => {
    const { campaignAbi } = await import("../client/generated/abis.ts");
    const first = await wallet(10).writeContract({
      address: appeal,
      abi: campaignAbi,
      functionName: "pledgeETH",
      value: parseEther("0.2"),
    });
    await publicClient.waitForTransactionReceipt({ hash: first });
    const amount = parseUnits("500", 6);
    const usdcAbi = artifact("MockUSDC.sol/MockUSDC.json").abi as never;
    for (const [functionName, args] of [
      ["mint", [account(11).address, amount]],
      ["approve", [appeal, amount]],
    ] as const) {
      const hash = await wallet(11).writeContract({
        address: usdc.token,
        abi: usdcAbi,
        functionName: functionName as never,
        args: args as never,
      });
      await publicClient.waitForTransactionReceipt({ hash });
    }
    const second = await wallet(11).writeContract({
      address: appeal,
      abi: campaignAbi,
      functionName: "pledge",
      args: [usdc.token, amount],
    });
    await publicClient.waitForTransactionReceipt({ hash: second });
    // Blocks go on being made: the audit stays 6 confirmations behind the head.
    for (let i = 0; i < 8; i++) await rpc("evm_mine", []);
  });
  const audited = await step(
    "npm run audit -- --rpc <the chain> --campaign <the appeal> --chain-id 84532",
    async () => {
      const out = path.join(work, "reports", "audit", "rehearsal");
      const { stdout, stderr } = await run("npm", [
        "run",
        "audit",
        "--",
        "--rpc",
        rpcUrl,
        "--campaign",
        appeal,
        "--chain-id",
        String(CHAIN_ID),
        "--out",
        out,
      ]);
      if (!/^OK: \d+ checks hold for 0x[0-9a-f]{40} \(status Funding\)\.$/m.test(stdout))
        throw new Error(`${stdout}\n${stderr}`);
      const result = JSON.parse(readFileSync(path.join(out, "audit.json"), "utf8")) as {
        checks: unknown[];
        confirmations: number;
        ledger: { eventCount: number };
      };
      if (result.confirmations !== 6)
        throw new Error(`audited ${result.confirmations} confirmations behind the head, not 6`);
      return result;
    },
    (r) =>
      `${r.checks.length} checks hold, ${r.ledger.eventCount} events, 6 confirmations behind the head`,
  );

  const total = (Date.now() - started) / 1000;
  console.log(`Rehearsal passed in ${total.toFixed(1)} s.`);
  const md = [
    "# Go-live rehearsal",
    "",
    "Written by `npm run rehearsal` (scripts/rehearsal.ts): docs/deploy.md followed with no terminal against",
    `a local stand-in for Base Sepolia (chain ${CHAIN_ID}), in a scratch copy of the project. ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}.`,
    "",
    "| step | time | result |",
    "| --- | ---: | --- |",
    ...steps.map(
      (s) =>
        `| ${s.name.replace(/\|/g, "\\|")} | ${s.seconds.toFixed(1)} s | ${s.detail ?? "ok"} |`,
    ),
    `| **total** | **${total.toFixed(1)} s** | appeal ${appeal}, ${audited.checks.length} checks hold |`,
    "",
  ].join("\n");
  mkdirSync(path.join(ROOT, "reports"), { recursive: true });
  writeFileSync(path.join(ROOT, "reports", "rehearsal.md"), md);
  console.log("wrote reports/rehearsal.md");
  void generated;
}

let code = 0;
try {
  await main();
} catch {
  code = 1;
} finally {
  if (process.env.HANDOVER_REHEARSAL_KEEP === "1") {
    console.log(`kept: ${work} and the node (pid ${node?.pid})`);
  } else {
    if (node?.pid) {
      try {
        process.kill(-node.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
  }
}
process.exit(code);
