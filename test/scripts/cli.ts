/**
 * The scenario and auditor CLIs as real processes against a real `hardhat node` on a port of the
 * 8590-8599 range: `npm run scenario` plays the Bithelp appeal (v2: registered verifiers, orders in
 * USD, every donor refunded the same fraction), `npm run audit` reconciles each campaign it created
 * with every rule of the promise holding (exit 0), refuses bad input with a helpful message (exit 2),
 * itemises discrepancies in an incomplete history (exit 1), and names the broken promise rule
 * (exit 1) in a campaign of the frozen v1 contracts where an insider recycled advances.
 *
 * The node is started here (detached, its process group killed in after()). reports/scenario is moved
 * aside first and put back afterwards; the scenario's Ignition journals for the test's ports
 * (ignition/deployments/scenario-31337-<port>-<genesis>) are removed afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { type Contract, parseEther } from "ethers";
import { network } from "hardhat";

import { PROMISE_RULES } from "../../client/audit.ts";
import { DAY, ETH } from "../helpers/fixtures.js";
import { deployLegacy } from "../helpers/legacy.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEPLOYMENTS = path.join(ROOT, "ignition", "deployments");
const SCENARIO_DIR = path.join(ROOT, "reports", "scenario");
const SCENARIO_OUTPUTS = ["scenario.json", "waho", "banjul"];
const PORTS = [8590, 8591, 8592, 8593, 8594, 8595, 8596, 8597, 8598, 8599];
/** Hardhat's first default account: an EOA with a balance and no code. */
const EOA = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

type Run = { code: number | null; stdout: string; stderr: string; ms: number };

/** Runs a command in its own process group; kills the group if it outlives `timeoutMs`. */
function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      killGroup(child);
      reject(
        new Error(
          `${command} ${args.join(" ")} ran over ${options.timeoutMs} ms\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function killGroup(child: ChildProcess | number, signal: NodeJS.Signals = "SIGTERM") {
  const pid = typeof child === "number" ? child : child.pid;
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function rpc(port: number, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The network scripts/scenario-cli.ts plays the scenario on when no --network is given. */
const LOCAL_NETWORK =
  readFileSync(path.join(ROOT, "scripts", "scenario-cli.ts"), "utf8").match(
    /networkName = "([\w-]+)"/,
  )?.[1] ?? "localhost";

/** The URL that network resolves to when HANDOVER_LOCAL_PORT=port (what `npm run scenario` connects to). */
async function localhostUrl(port: number): Promise<string> {
  const probe = await run(
    process.execPath,
    [
      "--experimental-strip-types",
      "--disable-warning=ExperimentalWarning",
      "--input-type=module",
      "-e",
      `const { default: hre } = await import("hardhat"); const u = hre.config.networks[${JSON.stringify(LOCAL_NETWORK)}].url; console.log(typeof u === "string" ? u : await u.get());`,
    ],
    { env: { HANDOVER_LOCAL_PORT: String(port) } },
  );
  expect(probe.code, probe.stderr).to.equal(0);
  return probe.stdout.trim();
}

/** A minimal RFC 4180 parser: quoted cells may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

const countBy = (values: string[]) =>
  values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});

type ScenarioRecord = {
  chainId: number;
  rpcUrl: string;
  contracts: Record<string, string>;
  campaigns: { name: string; address: string; creationBlock: string }[];
};

describe("CLIs against a real hardhat node", function () {
  let port: number;
  let closedPort: number;
  let selfPort: number;
  let rpcUrl: string;
  let node: ChildProcess | undefined;
  let tmp: string;
  let backup: string;
  let tempConfig: string | undefined;
  let scenario: Run;
  let scenarioViaWorkaround = false;
  let record: ScenarioRecord;
  let scenarioDirExisted = false;

  const audit = (...args: string[]) =>
    run("npm", ["run", "audit", "--", ...args], { timeoutMs: 30_000 });

  before(async function () {
    this.timeout(90_000);
    const free: number[] = [];
    for (const p of PORTS) if (!(await listening(p))) free.push(p);
    expect(free.length, "three free ports in 8590-8599").to.be.at.least(3);
    [port, closedPort, selfPort] = free;
    rpcUrl = `http://127.0.0.1:${port}`;
    tmp = mkdtempSync(path.join(os.tmpdir(), "handover-cli-"));

    // Move a developer's scenario outputs aside; after() puts them back.
    scenarioDirExisted = existsSync(SCENARIO_DIR);
    backup = path.join(SCENARIO_DIR, `.cli-test-backup-${process.pid}`);
    mkdirSync(backup, { recursive: true });
    for (const name of SCENARIO_OUTPUTS)
      if (existsSync(path.join(SCENARIO_DIR, name)))
        renameSync(path.join(SCENARIO_DIR, name), path.join(backup, name));

    const log = openSync(path.join(tmp, "node.log"), "w");
    node = spawn("npx", ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", log, log],
    });
    closeSync(log);
    await waitUntil(
      `hardhat node on ${rpcUrl}`,
      () =>
        rpc(port, "eth_chainId").then(
          () => true,
          () => false,
        ),
      60_000,
    );
  });

  after(async function () {
    this.timeout(30_000);
    if (node?.pid) {
      killGroup(node);
      const exited = await waitUntil(
        `node ${node.pid} to exit`,
        async () => !(await listening(port)),
        10_000,
      ).then(
        () => true,
        () => false,
      );
      if (!exited) killGroup(node, "SIGKILL");
    }
    // A node the scenario CLI may have started itself on selfPort and left running.
    const pidFile = path.join(SCENARIO_DIR, `node-${selfPort}.pid`);
    if (selfPort && existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, "utf8").trim());
      if (pid > 0 && (await listening(selfPort))) killGroup(pid);
      rmSync(pidFile, { force: true });
    }
    rmSync(path.join(SCENARIO_DIR, `node-${selfPort}.log`), { force: true });
    if (tempConfig) rmSync(tempConfig, { force: true });

    // The scenario's journals for the chains of this test (keyed by port and genesis block).
    if (existsSync(DEPLOYMENTS))
      for (const name of readdirSync(DEPLOYMENTS))
        if ([port, selfPort].some((p) => p && name.startsWith(`scenario-31337-${p}-`)))
          rmSync(path.join(DEPLOYMENTS, name), { recursive: true, force: true });
    if (backup) {
      for (const name of SCENARIO_OUTPUTS) {
        rmSync(path.join(SCENARIO_DIR, name), { recursive: true, force: true });
        if (existsSync(path.join(backup, name)))
          renameSync(path.join(backup, name), path.join(SCENARIO_DIR, name));
      }
      rmSync(backup, { recursive: true, force: true });
      if (!scenarioDirExisted && readdirSync(SCENARIO_DIR).length === 0)
        rmSync(SCENARIO_DIR, { recursive: true, force: true });
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe("npm run scenario", function () {
    it(`plays the Bithelp appeal on the node at HANDOVER_LOCAL_PORT: step lines with tx hashes, scenario.json with 2 campaigns`, async function () {
      this.timeout(120_000);
      const target = await localhostUrl(port);
      // A journal left under the id this chain gets (same port, same genesis block) that records a
      // contract this chain does not have: what a reused journal of an earlier chain looks like.
      const genesis = (await rpc(port, "eth_getBlockByNumber", ["0x0", false])) as { hash: string };
      const staleId = `scenario-31337-${port}-${genesis.hash.slice(2, 10)}`;
      mkdirSync(path.join(DEPLOYMENTS, staleId), { recursive: true });
      writeFileSync(
        path.join(DEPLOYMENTS, staleId, "deployed_addresses.json"),
        JSON.stringify({ "HandoverCore#Registry": "0x000000000000000000000000000000000000dEaD" }),
      );
      if (new URL(target).port === String(port)) {
        scenario = await run("npm", ["run", "scenario"], {
          env: { HANDOVER_LOCAL_PORT: String(port) },
          timeoutMs: 110_000,
        });
        expect(scenario.stdout).to.include(`using the local chain already running at ${rpcUrl}`);
      } else {
        // `npm run scenario` would play the scenario on ${target} (another developer's chain),
        // so it is not run; the same script is played on our node through a temporary config
        // so that the audits below have campaigns to check, and this test fails.
        scenarioViaWorkaround = true;
        tempConfig = path.join(ROOT, `hardhat.cli-test-${port}.config.ts`);
        writeFileSync(
          tempConfig,
          `import config from "./hardhat.config.ts";\nexport default { ...config, networks: { ...config.networks, localhost: { type: "http", url: "${rpcUrl}" } } };\n`,
        );
        try {
          scenario = await run(
            "npx",
            [
              "hardhat",
              "--config",
              tempConfig,
              "run",
              "scripts/scenario.ts",
              "--network",
              "localhost",
            ],
            { timeoutMs: 110_000 },
          );
        } finally {
          rmSync(tempConfig, { force: true });
        }
      }
      expect(scenario.code, `${scenario.stdout}\n${scenario.stderr}`).to.equal(0);
      // The stale journal was detected, said so, and replaced by a deployment on this chain.
      expect(scenario.stdout).to.include(
        `Ignition's journal ${path.join("ignition", "deployments", staleId)} does not match this chain (it records HandoverCore#Registry at 0x000000000000000000000000000000000000dEaD, where this chain has no contract)`,
      );
      expect(scenario.stdout).to.match(
        new RegExp(`^ +1\\. deployed registry, .*deployment id ${staleId}\\)`, "m"),
      );
      const published = JSON.parse(
        readFileSync(path.join(DEPLOYMENTS, staleId, "deployed_addresses.json"), "utf8"),
      ) as Record<string, string>;
      expect(published["LocalTokens#USDC"]).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(
        await rpc(port, "eth_getCode", [published["HandoverCore#Registry"], "latest"]),
      ).to.not.equal("0x");
      // The mocks went under the scenario's own id, never into chain-<id>.
      const chainFolder = path.join(DEPLOYMENTS, "chain-31337", "deployed_addresses.json");
      if (existsSync(chainFolder))
        expect(readFileSync(chainFolder, "utf8")).not.to.include(published["LocalTokens#USDC"]);

      // One numbered line per step, most with the transaction hash.
      const steps = [...scenario.stdout.matchAll(/^\s*(\d+)\. (.+)$/gm)];
      expect(steps.length).to.be.greaterThan(90);
      steps.forEach((m, i) => expect(Number(m[1])).to.equal(i + 1));
      const withTx = steps.filter((m) => / {2}tx 0x[0-9a-f]{64}( |$)/.test(m[2]));
      expect(withTx.length).to.be.greaterThan(80);
      expect(scenario.stdout).to.match(
        /organizer launched "250,000 surgical masks for WAHO".* {2}tx 0x[0-9a-f]{64} {2}at 0x[0-9a-fA-F]{40}/,
      );
      // v2: the verifiers are named parties the vetter registered, and the campaign names them.
      for (const name of [
        "WAHO Abuja warehouse",
        "UN country office, Abuja",
        "Sahel Freight logistics desk",
      ])
        expect(scenario.stdout).to.match(new RegExp(`vetter registered verifier ${name} \\(`));
      expect(scenario.stdout).to.match(
        /verifiers WAHO Abuja warehouse, UN country office, Abuja, Sahel Freight logistics desk \(2 of 3\)/,
      );
      // Orders in USD reserve the same fraction of every token; every donor gets the same fraction back.
      const reserved = [...scenario.stdout.matchAll(/\(([\d.]+%) of each token's pool\)/g)];
      expect(reserved).to.have.length(3);
      const refunds = [
        ...scenario.stdout.matchAll(
          /donor \d+ claimed [\d,.]+ (ETH|USDC|USDT|WBTC), ([\d.]+%) of its pledge/g,
        ),
      ];
      expect(refunds).to.have.length(35);
      expect(new Set(refunds.map((m) => m[1]))).to.deep.equal(
        new Set(["ETH", "USDC", "USDT", "WBTC"]),
      );
      const fractions = new Set(refunds.map((m) => m[2]));
      expect(fractions.size, [...fractions].join(", ")).to.equal(1);
      expect(scenario.stdout).to.include(`of every token's net pledges goes back to its donors`);
      expect(scenario.stdout).to.match(
        new RegExp(
          `unspent .*: ${[...fractions][0].replace(".", "\\.")} of every token's net pledges`,
        ),
      );
      // The final audit: each appeal, every rule of the promise checked and holding.
      for (const rule of Object.keys(PROMISE_RULES))
        expect(
          [
            ...scenario.stdout.matchAll(
              new RegExp(`^ {2}holds {3}${rule} \\(\\d+ checks?\\)$`, "gm"),
            ),
          ],
          rule,
        ).to.have.length(2);
      expect(scenario.stdout).not.to.include("BROKEN");

      record = JSON.parse(readFileSync(path.join(SCENARIO_DIR, "scenario.json"), "utf8"));
      expect(record.chainId).to.equal(31337);
      expect(record.campaigns.map((c) => c.name)).to.deep.equal([
        "250,000 surgical masks for WAHO",
        "20,000 surgical masks for Banjul",
      ]);
      for (const c of record.campaigns) {
        expect(c.address).to.match(/^0x[0-9a-fA-F]{40}$/);
        expect(c.creationBlock).to.match(/^\d+$/);
        // Created on OUR node, in exactly that block.
        const at = (block: bigint) =>
          rpc(port, "eth_getCode", [c.address, `0x${block.toString(16)}`]);
        expect(await at(BigInt(c.creationBlock))).to.not.equal("0x");
        expect(await at(BigInt(c.creationBlock) - 1n)).to.equal("0x");
      }
      expect(
        BigInt(record.campaigns[1].creationBlock) > BigInt(record.campaigns[0].creationBlock),
      ).to.equal(true);

      if (scenarioViaWorkaround)
        expect.fail(
          `BUG: with HANDOVER_LOCAL_PORT=${port}, Hardhat's ${LOCAL_NETWORK} network (which scripts/scenario-cli.ts runs scripts/scenario.ts on) still resolves to ${target}: npm run scenario would play the scenario on whatever node listens there, not on ${rpcUrl}. (The assertions above ran on a scenario played through a temporary config.)`,
        );
    });

    it("records the RPC URL of the chain it ran on (scenario.json, 'audit it yourself' lines)", function () {
      expect(record, "the scenario did not run").to.not.equal(undefined);
      const hints = [
        ...scenario.stdout.matchAll(
          /audit it yourself: npm run audit -- --rpc (\S+) --campaign (\S+) --from-block (\d+)/g,
        ),
      ];
      expect(hints).to.have.length(2);
      expect(hints.map((h) => [h[2], h[3]])).to.deep.equal(
        record.campaigns.map((c) => [c.address, c.creationBlock]),
      );
      expect(record.rpcUrl).to.equal(rpcUrl);
      for (const h of hints) expect(h[1]).to.equal(rpcUrl);
    });
  });

  describe("npm run audit", function () {
    const campaign = (i: number) => {
      expect(record, "the scenario did not run").to.not.equal(undefined);
      return record.campaigns[i];
    };

    for (const [i, name, status] of [
      [0, "waho", "Closed"],
      [1, "banjul", "Failed"],
    ] as const) {
      it(`reconciles the ${name} campaign: exit 0, report.md, ledger.csv and audit.json`, async function () {
        this.timeout(40_000);
        const c = campaign(i);
        const out = path.join(tmp, name);
        const result = await audit("--rpc", rpcUrl, "--campaign", c.address, "--out", out);
        expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
        expect(result.stdout).to.match(
          new RegExp(
            `OK: \\d+ checks hold for ${c.address.toLowerCase()} \\(status ${status}\\)\\.`,
          ),
        );
        expect(readdirSync(out).sort()).to.deep.equal(["audit.json", "ledger.csv", "report.md"]);

        const json = JSON.parse(readFileSync(path.join(out, "audit.json"), "utf8"));
        expect(json.campaign).to.equal(c.address.toLowerCase());
        expect(json.chainId).to.equal(31337);
        expect(json.creationBlock).to.equal(c.creationBlock); // found by the auditor on its own
        expect(json.status).to.equal(status);
        expect(json.discrepancies).to.deep.equal([]);
        expect(json.factory).to.equal(record.contracts.factory.toLowerCase());
        const entries = json.ledger.entries as { kind: string; transactionHash: string }[];

        const rows = parseCsv(readFileSync(path.join(out, "ledger.csv"), "utf8"));
        expect(rows[0].join(",")).to.equal(
          "block,tx,log_index,kind,account,account_name,token,symbol,amount_base_units,amount,usd_at_pledge,order_id,units,detail",
        );
        const body = rows.slice(1);
        expect(body).to.have.length(entries.length);
        for (const row of body) expect(row).to.have.length(14);
        // Suppliers and verifiers by their registry names; donors have none.
        for (const row of body.filter((r) => ["payment", "confirmation"].includes(r[3])))
          expect(row[5], `${row[3]} by ${row[4]}`).to.not.equal("");
        for (const row of body.filter((r) => r[3] === "pledge")) expect(row[5]).to.equal("");
        expect(body.map((r) => r[1])).to.deep.equal(entries.map((e) => e.transactionHash));
        const kinds = countBy(body.map((r) => r[3]));
        expect(kinds).to.deep.equal(countBy(entries.map((e) => e.kind)));

        const md = readFileSync(path.join(out, "report.md"), "utf8");
        expect(md).to.include("**Everything reconciles, and the promise holds.**");
        expect(md).to.include("## The promise");
        expect(md.match(/^\| ✔ \| /gm) ?? []).to.have.length(Object.keys(PROMISE_RULES).length);
        expect(md).to.include(`Campaign \`${c.address.toLowerCase()}\` on chain 31337`);
        expect(md).to.match(new RegExp(`\\| status \\| ${status} \\|`));

        expect(json.version).to.equal(2);
        for (const rule of Object.keys(PROMISE_RULES)) {
          const checks = (json.checks as { rule: string; ok: boolean }[]).filter(
            (check) => check.rule === rule,
          );
          expect(checks.length, rule).to.be.greaterThan(0);
          expect(
            checks.every((check) => check.ok),
            rule,
          ).to.equal(true);
        }
        // What the scenario printed it raised is what the chain says.
        const printed = scenario.stdout.match(
          new RegExp(
            `the funding deadlines passed: WAHO raised \\$([\\d,.]+) .*, Banjul \\$([\\d,.]+) `,
          ),
        );
        expect(printed, "the deadline line").to.not.equal(null);
        const raised = Number(BigInt(json.raisedUsd) / 10n ** 16n) / 100;
        expect(printed![i + 1]).to.equal(
          raised.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
        );

        const claimed = (scenario.stdout.match(/^ *\d+\. donor \d+ claimed /gm) ?? []).length;
        if (name === "waho") {
          // 3 orders in 4 tokens; order A's advance and its two payments, order B's payment; Henan
          // withdrew twice and Lagos once (every token at once); order C's reservation returned;
          // six confirmations, each using its verifier's nonce.
          expect(kinds).to.deep.include({
            pledge: 36,
            cancel: 1,
            order: 3,
            reserve: 12,
            accept: 3,
            advance: 4,
            payment: 12,
            withdrawal: 12,
            confirmation: 6,
            nonce: 6,
            "order-completed": 2,
            "order-cancelled": 1,
            returned: 4,
            unspent: 4,
            closed: 1,
          });
          expect(kinds.refund).to.equal(claimed);
          expect(claimed).to.equal(35);
          expect(
            json.ledger.orders.map((o: { status: string; unitsVerified: string }) => [
              o.status,
              o.unitsVerified,
            ]),
          ).to.deep.equal([
            ["Completed", "60000"],
            ["Completed", "110000"],
            ["Cancelled", "0"],
          ]);
        } else {
          expect(kinds).to.deep.equal({ pledge: 4, status: 1, refund: 4 });
          expect(json.ledger.orders).to.deep.equal([]);
        }
      });
    }

    it("writes only the format asked for (--format json)", async function () {
      this.timeout(40_000);
      const out = path.join(tmp, "json-only");
      const result = await audit(
        "--rpc",
        rpcUrl,
        "--campaign",
        campaign(1).address,
        "--format",
        "json",
        "--out",
        out,
      );
      expect(result.code, result.stderr).to.equal(0);
      expect(readdirSync(out)).to.deep.equal(["audit.json"]);
    });

    it("exits 1 and itemises each discrepancy when --from-block skips the campaign's first blocks", async function () {
      this.timeout(40_000);
      const c = campaign(0);
      const from = BigInt(c.creationBlock) + 5n; // misses the creation and the first pledges
      const out = path.join(tmp, "incomplete");
      const result = await audit(
        "--rpc",
        rpcUrl,
        "--campaign",
        c.address,
        "--from-block",
        String(from),
        "--out",
        out,
      );
      expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(1);
      const header = result.stdout.match(/DISCREPANCIES \((\d+)\):/);
      expect(header, result.stdout).to.not.equal(null);
      const n = Number(header![1]);
      expect(n).to.be.greaterThan(3);
      const items = result.stdout.split("\n").filter((l) => l.startsWith("- "));
      expect(items).to.have.length(n);
      expect(items).to.include(
        `- created-by-factory [campaign]: expected one CampaignCreated event in block ${from}, found 0 (the campaign was not created by a factory in its creation block (or --from-block is not its creation block))`,
      );
      expect(
        items.some((l) =>
          /^- events-match-views \[ETH pledged\]: expected \d+ \(from events\), found \d+ \(ledger view\)$/.test(
            l,
          ),
        ),
      ).to.equal(true);
      expect(
        items.some((l) => /^- event-history \[block \d+ tx 0x[0-9a-f]{64}\]: /.test(l)),
      ).to.equal(true);
      const json = JSON.parse(readFileSync(path.join(out, "audit.json"), "utf8"));
      expect(json.discrepancies).to.have.length(n);
      expect(json.creationBlock).to.equal(String(from));
      const breaking = items.filter((l) => l.startsWith("- promise-")).length;
      expect(readFileSync(path.join(out, "report.md"), "utf8")).to.include(
        `**${n} discrepancies** (listed below)${breaking ? `, ${breaking} of them breaking the promise` : ""}.`,
      );
    });

    describe("exits 2 with a helpful message for bad input", function () {
      const expectBadInput = (result: Run, message: string | RegExp) => {
        expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(2);
        const first = result.stderr.split("\n").find((l) => l.startsWith("error: "));
        expect(first, result.stderr).to.not.equal(undefined);
        if (typeof message === "string") expect(first).to.include(message);
        else expect(first).to.match(message);
        expect(result.stderr).to.include(
          "usage: npm run audit -- --rpc <url> --campaign <address>",
        );
        expect(result.stdout).not.to.include("OK:");
      };

      it("a campaign that is not an address", async function () {
        this.timeout(20_000);
        const out = path.join(tmp, "bad-address");
        const result = await audit("--rpc", rpcUrl, "--campaign", "0x1234", "--out", out);
        expectBadInput(
          result,
          `"0x1234" is not an address. Pass the campaign's 0x-prefixed 20-byte address.`,
        );
        expect(existsSync(out)).to.equal(false);
      });

      it("an address without code", async function () {
        this.timeout(20_000);
        const result = await audit(
          "--rpc",
          rpcUrl,
          "--campaign",
          "0x000000000000000000000000000000000000dEaD",
        );
        expectBadInput(
          result,
          /0x000000000000000000000000000000000000dEaD has no code on chain 31337 at block \d+: it is not a campaign here/,
        );
      });

      it("an EOA (a funded account)", async function () {
        this.timeout(20_000);
        expect(await rpc(port, "eth_getBalance", [EOA, "latest"])).to.not.equal("0x0");
        const result = await audit("--rpc", rpcUrl, "--campaign", EOA.toLowerCase());
        expectBadInput(result, new RegExp(`${EOA} has no code on chain 31337`));
      });

      it("a contract that is not a campaign (the registry)", async function () {
        this.timeout(20_000);
        const result = await audit("--rpc", rpcUrl, "--campaign", record.contracts.registry);
        expectBadInput(result, "is a contract but not a Handover campaign (not an EIP-1167 clone)");
      });

      it("an unreachable RPC (a closed port)", async function () {
        this.timeout(30_000);
        expect(await listening(closedPort)).to.equal(false);
        const result = await audit(
          "--rpc",
          `http://127.0.0.1:${closedPort}`,
          "--campaign",
          campaign(0).address,
        );
        expectBadInput(result, "cannot reach the JSON-RPC endpoint");
        expect(result.stderr).to.include("Check the --rpc URL and that the node is running.");
      });

      it("--chain-id 1 against chain 31337", async function () {
        this.timeout(20_000);
        const result = await audit(
          "--rpc",
          rpcUrl,
          "--chain-id",
          "1",
          "--campaign",
          campaign(0).address,
        );
        expectBadInput(result, `the RPC at ${rpcUrl} serves chain 31337, not chain 1.`);
      });

      it("a bad --format", async function () {
        this.timeout(20_000);
        const result = await audit(
          "--rpc",
          rpcUrl,
          "--format",
          "pdf",
          "--campaign",
          campaign(0).address,
        );
        expectBadInput(result, `--format must be md, csv or json, got "pdf"`);
      });

      it("a missing --rpc, a non-http --rpc, a non-numeric --from-block", async function () {
        this.timeout(20_000);
        const [noRpc, ws, block] = await Promise.all([
          audit("--campaign", EOA),
          audit("--rpc", "ws://127.0.0.1:8545", "--campaign", EOA),
          audit("--rpc", rpcUrl, "--campaign", EOA, "--from-block", "latest"),
        ]);
        expectBadInput(noRpc, "--rpc is required");
        expectBadInput(ws, `--rpc must be an http(s) URL, got "ws://127.0.0.1:8545"`);
        expectBadInput(block, `--from-block must be a block number (digits only), got "latest"`);
      });
    });
  });

  describe("npm run audit on a campaign of the v1 contracts (before the promise held against insiders)", function () {
    it("exits 1 and names promise-unverified-within-cap when a supplier recycled advances through cancelled orders", async function () {
      this.timeout(120_000);
      // The frozen v1 registry, implementation and factory (test/legacy/handover-v1.json), deployed on
      // the node this test started, by its unlocked accounts.
      const connection = await network.create({ network: "localhost", override: { url: rpcUrl } });
      try {
        const { ethers, networkHelpers } = connection;
        const [admin, organizer, vetter, pauser, supplier, supplier2, v1, v2, v3] =
          await ethers.getSigners();
        const donor = (await ethers.getSigners())[11];
        const legacy = await deployLegacy(connection, {
          admin,
          organizer,
          vetter,
          pauser,
          suppliers: [supplier, supplier2],
          verifiers: [v1, v2, v3],
        });
        const campaign = await legacy.createCampaign({ tokens: [ETH] });
        const address = await campaign.getAddress();
        await (
          await (campaign.connect(donor) as Contract).pledgeETH({ value: parseEther("4") })
        ).wait();
        await (await campaign.closeFunding()).wait();

        // The insiders' history: order the whole pool with a 30% advance, accept, take the advance,
        // let the order expire, cancel it (v1 gives the pool back the unpaid 70%), and again.
        const asSupplier = campaign.connect(supplier) as Contract;
        const supplierBefore = await ethers.provider.getBalance(supplier.address);
        let fees = 0n;
        for (let round = 0; round < 3; round++) {
          const available = (await campaign.ledger(ETH)).available as bigint;
          const deliverBy = BigInt(await networkHelpers.time.latest()) + 60n;
          const args = [
            supplier.address,
            ETH,
            available,
            10_000n,
            deliverBy,
            3_000n,
            ethers.id("PO"),
          ];
          const orderId = (await campaign.createOrder.staticCall(...args)) as bigint;
          await (await campaign.createOrder(...args)).wait();
          fees += (await (await asSupplier.acceptOrder(orderId)).wait())!.fee;
          fees += (await (await asSupplier.withdraw(ETH)).wait())!.fee; // v1: one token at a time
          await networkHelpers.time.increaseTo(deliverBy + 7n * DAY + 1n);
          await (await campaign.cancelOrder(orderId)).wait();
        }
        // 30% + 21% + 14.7% of the pool left with no delivery verified: 2.628 ETH of 4.
        const moved = (await ethers.provider.getBalance(supplier.address)) + fees - supplierBefore;
        expect(moved).to.equal(parseEther("2.628"));
        expect((await campaign.ledger(ETH)).earned).to.equal(moved);

        const out = path.join(tmp, "v1-recycled-advances");
        const result = await audit("--rpc", rpcUrl, "--campaign", address, "--out", out);
        expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(1);
        expect(result.stdout).to.include("promise-unverified-within-cap");
        const line = result.stdout
          .split("\n")
          .find((l) => l.startsWith("- promise-unverified-within-cap [ETH]: "));
        expect(line, result.stdout).to.not.equal(undefined);
        expect(line).to.include(
          `expected <= ${parseEther("1.2")} (30% of ${parseEther("4")} net pledged), found ${moved} at the most`,
        );
        expect(result.stdout).not.to.include("OK:");
        const json = JSON.parse(readFileSync(path.join(out, "audit.json"), "utf8"));
        expect(json.version).to.equal(1);
        const broken = (json.discrepancies as { rule: string }[]).filter((d) =>
          d.rule.startsWith("promise-"),
        ).length;
        expect(readFileSync(path.join(out, "report.md"), "utf8")).to.include(
          `of them breaking the promise`,
        );
        expect(broken).to.be.greaterThan(0);
        expect(
          (json.discrepancies as { rule: string; scope: string }[]).some(
            (d) => d.rule === "promise-unverified-within-cap" && d.scope === "ETH",
          ),
        ).to.equal(true);
      } finally {
        await connection.close();
      }
    });
  });

  describe("npm run scenario without a node, then npm run chain:stop", function () {
    it("starts its own node on HANDOVER_LOCAL_PORT, leaves it running, and chain:stop stops it", async function () {
      this.timeout(150_000);
      const target = await localhostUrl(selfPort);
      if (new URL(target).port !== String(selfPort))
        expect.fail(
          `not run: with HANDOVER_LOCAL_PORT=${selfPort} the scenario would be played on ${target} (see the first test)`,
        );
      expect(await listening(selfPort)).to.equal(false);
      const env = { HANDOVER_LOCAL_PORT: String(selfPort) };
      const url = `http://127.0.0.1:${selfPort}`;
      const played = await run("npm", ["run", "scenario"], { env, timeoutMs: 140_000 });
      expect(played.code, `${played.stdout}\n${played.stderr}`).to.equal(0);
      expect(played.stdout).to.include(`starting the embedded local chain at ${url}`);
      expect(played.stdout).to.match(/local chain started \(pid \d+\)/);
      expect(await rpc(selfPort, "eth_chainId")).to.equal("0x7a69");
      expect(existsSync(path.join(SCENARIO_DIR, `node-${selfPort}.pid`))).to.equal(true);

      const stopped = await run("npm", ["run", "chain:stop"], { env });
      expect(stopped.code, stopped.stderr).to.equal(0);
      expect(stopped.stdout).to.include(`stopped the local chain at ${url}`);
      await waitUntil(
        `the node on ${selfPort} to stop`,
        async () => !(await listening(selfPort)),
        10_000,
      );
      expect(existsSync(path.join(SCENARIO_DIR, `node-${selfPort}.pid`))).to.equal(false);
    });
  });
});
