/**
 * The auditor's CLI (`npm run audit`, scripts/audit.ts) through a proxy that fails the way public
 * providers do (test/proxy/provider-proxy.ts), in front of a local chain holding a campaign whose
 * events are spread over a few thousand blocks. For every fault mode the audit either gives the
 * direct audit's result (exit 0, the same checks) or exits 2 naming what happened — never another
 * verdict, a false discrepancy (exit 1), or a hang (each run has a time limit).
 *
 * The 30-second outage runs when HANDOVER_SLOW_TESTS=1 (.ci/run sets it). `npm run bench:faults`
 * runs everything and writes the table of outcomes and times to reports/audit-faults.md.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { network } from "hardhat";

import { makeFixtures, USDC_UNIT, DAY } from "../helpers/fixtures.js";
import { ProviderProxy, type Faults } from "./provider-proxy.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { deployFixture } = makeFixtures(connection);

type Run = { code: number | null; stdout: string; stderr: string; seconds: number };
type Row = { mode: string; expected: string; outcome: string; seconds: number; requests: number };

function audit(url: string, campaign: string, out: string, extra: string[], limitMs: number) {
  const started = Date.now();
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--experimental-strip-types",
        "--disable-warning=ExperimentalWarning",
        "scripts/audit.ts",
        "--rpc",
        url,
        "--campaign",
        campaign,
        "--format",
        "json",
        "--out",
        out,
        ...extra,
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the audit hung: still running after ${limitMs} ms\n${stderr}`));
    }, limitMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

describe("the auditor against providers that fail like public ones", function () {
  let proxy: ProviderProxy;
  let campaign: string;
  let createdAt: bigint;
  let tmp: string;
  let baseline: { checks: unknown[]; discrepancies: unknown[]; creationBlock: string };
  const rows: Row[] = [];

  before(async function () {
    this.timeout(120_000);
    const f = await deployFixture();
    const { organizer, supplier, v1, v2, donors, usdc, fund, refreshFeeds } = f;
    // A chain with some history before the campaign, then its events spread over ~2,500 blocks.
    await networkHelpers.mine(700);
    const created = await f.createCampaign({ goalUsd: 5_000n * 10n ** 18n });
    campaign = await created.getAddress();
    createdAt = BigInt(await ethers.provider.getBlockNumber());
    for (let i = 0; i < 8; i++) {
      if (i % 2 === 0) {
        await created.connect(donors[i]).pledgeETH({ value: ethers.parseEther(`0.${i + 2}`) });
      } else {
        await fund(usdc, donors[i], created, BigInt(300 + i) * USDC_UNIT);
        await created
          .connect(donors[i])
          .pledge(await usdc.getAddress(), BigInt(300 + i) * USDC_UNIT);
      }
      await networkHelpers.mine(250);
    }
    await created.connect(donors[1]).cancelPledge(await usdc.getAddress());
    await networkHelpers.time.increase(15n * DAY);
    await refreshFeeds();
    const deliverBy = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
    await created
      .connect(organizer)
      .createOrder(
        supplier.address,
        1_000n * 10n ** 18n,
        1_000n,
        deliverBy,
        2_000n,
        ethers.id("PO 1"),
      );
    await created.connect(supplier).acceptOrder(0n);
    await networkHelpers.mine(300);
    await created.connect(supplier).markShipped(0n, "ipfs://bafkreiwaybill");
    await created.connect(v1).confirmDelivery(0n, 600n, ethers.id("photos"));
    await created.connect(v2).confirmDelivery(0n, 600n, ethers.id("photos"));
    await networkHelpers.mine(200);
    await created.connect(supplier).withdraw();
    await networkHelpers.mine(20);

    proxy = new ProviderProxy((args) => connection.provider.request(args));
    await proxy.listen();
    tmp = mkdtempSync(path.join(os.tmpdir(), "handover-faults-"));

    proxy.set({});
    const direct = await audit(proxy.url, campaign, path.join(tmp, "direct"), [], 60_000);
    expect(direct.code, direct.stderr).to.equal(0);
    baseline = JSON.parse(readFileSync(path.join(tmp, "direct", "audit.json"), "utf8"));
    expect(baseline.discrepancies).to.deep.equal([]);
    rows.push({
      mode: "none (the direct audit)",
      expected: "0",
      outcome: `exit 0, ${baseline.checks.length} checks hold`,
      seconds: direct.seconds,
      requests: proxy.stats.requests,
    });
  });

  after(async function () {
    if (proxy) await proxy.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await connection.close();
    if (rows.length > 1 && process.env.HANDOVER_FAULT_REPORT === "1") {
      const lines = [
        "# The auditor against failing providers",
        "",
        "Written by `npm run bench:faults` (test/proxy/audit-faults.ts, also part of `npm test`): `npm run audit` through",
        "test/proxy/provider-proxy.ts in front of a local chain, one campaign with its events spread",
        `over ~2,500 blocks. Measured ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores.`,
        "",
        "| fault | expected | outcome | time | HTTP requests |",
        "| --- | --- | --- | ---: | ---: |",
        ...rows.map(
          (r) =>
            `| ${r.mode} | ${r.expected} | ${r.outcome.replace(/\|/g, "\\|")} | ${r.seconds.toFixed(1)} s | ${r.requests} |`,
        ),
        "",
      ];
      mkdirSync(path.join(ROOT, "reports"), { recursive: true });
      writeFileSync(path.join(ROOT, "reports", "audit-faults.md"), lines.join("\n"));
    }
  });

  it("the direct audit finds the campaign's creation block by its CampaignCreated event, not by code alone (after hardhat_mine)", function () {
    expect(baseline.creationBlock).to.equal(String(createdAt));
  });

  /** The audit under `faults` gives the direct audit's result: exit 0, the same checks. */
  async function sameVerdict(mode: string, faults: Faults, extra: string[] = [], limitMs = 60_000) {
    proxy.set(faults);
    const out = path.join(tmp, mode.replace(/\W+/g, "-"));
    const run = await audit(proxy.url, campaign, out, extra, limitMs);
    const outcome =
      run.code === 0
        ? `exit 0, the direct audit's ${baseline.checks.length} checks`
        : `exit ${run.code}: ${run.stderr.split("\n").find((l) => l.startsWith("error:")) ?? ""}`;
    rows.push({
      mode,
      expected: "0",
      outcome,
      seconds: run.seconds,
      requests: proxy.stats.requests,
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    const result = JSON.parse(readFileSync(path.join(out, "audit.json"), "utf8"));
    expect(result.checks).to.deep.equal(baseline.checks);
    expect(result.creationBlock).to.equal(baseline.creationBlock);
    return { run, refused: proxy.stats.refused };
  }

  /** The audit under `faults` exits 2 and says `reason` (no verdict). */
  async function noVerdict(
    mode: string,
    faults: Faults,
    reason: RegExp,
    extra: string[] = [],
    limitMs = 60_000,
  ) {
    proxy.set(faults);
    const out = path.join(tmp, mode.replace(/\W+/g, "-"));
    const run = await audit(proxy.url, campaign, out, extra, limitMs);
    const line = run.stderr.split("\n").find((l) => l.startsWith("error:")) ?? "";
    rows.push({
      mode,
      expected: "2",
      outcome: `exit ${run.code}: ${line.slice(0, 160)}${line.length > 160 ? "…" : ""}`,
      seconds: run.seconds,
      requests: proxy.stats.requests,
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(2);
    expect(line, run.stderr).to.match(reason);
    expect(run.stdout).not.to.match(/^OK:|DISCREPANCIES/m);
    return run;
  }

  describe("range and result caps: the audit follows them and gives the same verdict", function () {
    for (const shape of ["alchemy", "quicknode", "cloudflare", "ankr", "http413"] as const) {
      it(`a 500-block eth_getLogs cap, refused as ${shape} does`, async function () {
        this.timeout(70_000);
        const { refused } = await sameVerdict(`range cap 500 blocks (${shape})`, {
          rangeCap: { blocks: 500n, shape },
        });
        expect(refused[`range ${shape}`], "the cap was hit").to.be.greaterThan(0);
      });
    }

    it("a suggested range is followed: a 500-block cap costs few refusals (Alchemy's 'this block range should work')", async function () {
      this.timeout(70_000);
      const { refused } = await sameVerdict("range cap 50 blocks (alchemy), suggestion followed", {
        rangeCap: { blocks: 50n, shape: "alchemy" },
      });
      // One refusal per scan (it learns the cap), not one per window: a few scans of ~2,500 blocks.
      expect(refused["range alchemy"]).to.be.lessThan(12);
    });

    it("Infura's result cap ('query returned more than 10 results. Try with this block range')", async function () {
      this.timeout(70_000);
      const { refused } = await sameVerdict("result cap 10 logs (infura)", {
        resultCap: { logs: 10 },
      });
      expect(refused["results infura"]).to.be.greaterThan(0);
    });
  });

  describe("transient faults: the audit waits them out and gives the same verdict", function () {
    it("HTTP 429 with a 30-second Retry-After, honoured up to the cap (2 s here)", async function () {
      this.timeout(70_000);
      const { run, refused } = await sameVerdict(
        "429 rate limit (8 requests/s, Retry-After 30 s, cap 2 s)",
        { rateLimit: { perSecond: 8, retryAfterS: 30 } },
        ["--max-retry-after", "2"],
      );
      expect(refused["429"]).to.be.greaterThan(0);
      expect(run.stderr).to.include(
        "the provider: rate-limited (HTTP 429, Retry-After 30 s); trying again in 2.0 s",
      );
    });

    it("HTTP 502 on every third request", async function () {
      this.timeout(70_000);
      await sameVerdict("HTTP 502 on every 3rd request", {
        serverError: { every: 3, status: 502 },
      });
    });

    it("dropped connections (every fourth one destroyed before an answer)", async function () {
      this.timeout(70_000);
      await sameVerdict("dropped connection every 4th request", { drop: { every: 4 } });
    });

    it("a 3-second outage (connections refused) in the middle of the audit", async function () {
      this.timeout(70_000);
      const { run } = await sameVerdict("3 s outage, connections refused", {
        outage: { afterRequests: 6, durationMs: 3_000, mode: "refuse" },
      });
      expect(run.seconds).to.be.greaterThan(3);
    });

    it("a 3-second outage answered with 503 pages", async function () {
      this.timeout(70_000);
      await sameVerdict("3 s outage, HTTP 503", {
        outage: { afterRequests: 6, durationMs: 3_000, mode: "503" },
      });
    });

    it("batches capped at 4 calls, refused as erigon does ('batch limit 4 exceeded')", async function () {
      this.timeout(70_000);
      const { run } = await sameVerdict("batch cap 4 (erigon)", {
        batchCap: { calls: 4, shape: "erigon" },
      });
      expect(run.stderr).to.match(
        /refused a batch .*batch limit 4 exceeded.*sending \d+ calls per batch/,
      );
    });

    it("batches capped at 4 calls, refused as geth does (an error per call)", async function () {
      this.timeout(70_000);
      const { refused } = await sameVerdict("batch cap 4 (geth)", {
        batchCap: { calls: 4, shape: "geth" },
      });
      expect(refused["batch geth"]).to.be.greaterThan(0);
    });

    it("batches capped by HTTP 413", async function () {
      this.timeout(70_000);
      const { refused } = await sameVerdict("batch cap 4 (HTTP 413)", {
        batchCap: { calls: 4, shape: "http413" },
      });
      expect(refused["batch http413"]).to.be.greaterThan(0);
    });

    it("a node lagging 3 blocks behind the head it reports, audited 5 confirmations behind", async function () {
      this.timeout(70_000);
      // The chain grows a little so that 5 confirmations leave every event inside the audit (block
      // by block: EDR's state of blocks mined in bulk by hardhat_mine is not kept block by block).
      for (let i = 0; i < 10; i++) await connection.provider.request({ method: "evm_mine" });
      await sameVerdict("lagging node (3 blocks), --confirmations 5", { lag: { blocks: 3n } }, [
        "--confirmations",
        "5",
      ]);
    });

    if (process.env.HANDOVER_SLOW_TESTS === "1") {
      it("a 30-second outage (connections refused): patience outlasts it", async function () {
        this.timeout(120_000);
        const { run } = await sameVerdict(
          "30 s outage, connections refused",
          { outage: { afterRequests: 6, durationMs: 30_000, mode: "refuse" } },
          [],
          110_000,
        );
        expect(run.seconds).to.be.greaterThan(30);
      });
    }
  });

  describe("faults that outlast patience or budget: exit 2 with the true reason, no verdict", function () {
    it("an outage longer than the patience (3 s): unreachable", async function () {
      this.timeout(70_000);
      await noVerdict(
        "outage longer than patience (3 s)",
        { outage: { afterRequests: 6, durationMs: 40_000, mode: "refuse" } },
        /\(unreachable\): .*is unreachable \(connection refused\)/,
        ["--patience", "3"],
      );
    });

    it("rate-limited on every request for longer than the patience (3 s): rate-limited", async function () {
      this.timeout(70_000);
      await noVerdict(
        "rate-limited past patience (every request 429, patience 3 s)",
        { rateLimit: { perSecond: 0, retryAfterS: 5 } },
        /\(rate-limited\): .*is rate-limiting these requests \(HTTP 429, Retry-After 5 s\)/,
        ["--patience", "3", "--max-retry-after", "1"],
      );
    });

    it("503s for longer than the patience: server errors", async function () {
      this.timeout(70_000);
      await noVerdict(
        "HTTP 503 outage past patience",
        { outage: { afterRequests: 3, durationMs: 40_000, mode: "503" } },
        /\(server-error\): .*answered with server errors \(HTTP 503/,
        ["--patience", "3"],
      );
    });

    it("a node lagging 10 blocks with 2 confirmations: lagging node", async function () {
      this.timeout(70_000);
      await noVerdict(
        "lagging node (10 blocks), --confirmations 2",
        { lag: { blocks: 10n } },
        /\(lagging\): .*lagging behind its load balancer/,
        ["--confirmations", "2"],
      );
    });

    it("the audited block's hash changes during the audit: reorganised", async function () {
      this.timeout(70_000);
      const head = BigInt(await ethers.provider.getBlockNumber());
      await noVerdict(
        "block hash changes during the audit (reorg)",
        { reorg: { afterRequests: 4, fromBlock: head - 2n } },
        /\(reorg\): block \d+ changed during the audit/,
      );
    });

    it("a provider too slow for the time budget (2 s): out of time", async function () {
      this.timeout(70_000);
      await noVerdict(
        "slow provider (300 ms per answer), --timeout 2",
        { delayMs: 300 },
        /\(out-of-time\): .*the time budget of 2 s ran out \(2 s, \d+ HTTP requests to http:\/\/127\.0\.0\.1:\d+; /,
        ["--timeout", "2"],
      );
    });
  });
});
