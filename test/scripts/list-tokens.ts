/**
 * scripts/list-tokens.ts as a real process (`hardhat run … --network custom`) against a local chain
 * served over HTTP: the L2 sequencer uptime feed of the parameters file is checked and set in the
 * registry (dry run first), left alone when already set, and printed for the admin when the signer
 * is not the admin; each feed's update interval is reported.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { HDNodeWallet, Interface, Mnemonic, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { makeFixtures } from "../helpers/fixtures.js";
import { ProviderProxy } from "../proxy/provider-proxy.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const connection = await network.create();
const { ethers } = connection;
const { deployFixture } = makeFixtures(connection);
const key = (i: number) =>
  HDNodeWallet.fromMnemonic(
    Mnemonic.fromPhrase("test test test test test test test test test test test junk"),
    `m/44'/60'/0'/0/${i}`,
  ).privateKey;
const DEPLOYMENT_ID = `test-list-tokens-${process.pid}`;

describe("list-tokens: the L2 sequencer uptime feed and the feeds' update intervals", function () {
  this.timeout(90_000);
  let f: Awaited<ReturnType<typeof deployFixture>>;
  let proxy: ProviderProxy;
  let tmp: string;
  let parameters: string;
  let sequencer: string;

  before(async function () {
    f = await deployFixture();
    proxy = new ProviderProxy((args) => connection.provider.request(args));
    await proxy.listen();
    tmp = mkdtempSync(path.join(os.tmpdir(), "handover-list-tokens-"));
    const feed = await ethers.deployContract("MockV3Aggregator", [
      0,
      0n,
      "L2 Sequencer Uptime Status Feed",
    ]);
    sequencer = await feed.getAddress();
    // Two more rounds of the ETH feed, a known time apart, for the update interval.
    await f.feeds.eth.updateAnswer(3_000n * 10n ** 8n);
    await connection.networkHelpers.time.increase(600);
    await f.feeds.eth.updateAnswer(3_000n * 10n ** 8n);
    parameters = path.join(tmp, "parameters.json");
    writeFileSync(
      parameters,
      JSON.stringify({
        AcceptedTokens: {
          tokens: [
            {
              symbol: "ETH",
              token: ZeroAddress,
              feed: await f.feeds.eth.getAddress(),
              description: "ETH / USD",
              maxStaleness: 3600,
            },
          ],
        },
        Sequencer: {
          feed: sequencer,
          description: "L2 Sequencer Uptime Status Feed",
          gracePeriod: 1800,
        },
      }),
    );
    const dir = path.join(ROOT, "ignition", "deployments", DEPLOYMENT_ID);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "deployed_addresses.json"),
      JSON.stringify({
        "HandoverCore#Registry": await f.registry.getAddress(),
        "HandoverCore#CampaignFactory": await f.factory.getAddress(),
      }),
    );
  });
  after(async function () {
    rmSync(path.join(ROOT, "ignition", "deployments", DEPLOYMENT_ID), {
      recursive: true,
      force: true,
    });
    await proxy?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await connection.close();
  });

  function listTokens(signer: number, env: Record<string, string> = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          path.join(ROOT, "node_modules", ".bin", "hardhat"),
          ["run", "scripts/list-tokens.ts", "--network", "custom"],
          {
            cwd: ROOT,
            env: {
              ...process.env,
              CUSTOM_RPC_URL: proxy.url,
              DEPLOYER_PRIVATE_KEY: key(signer),
              HANDOVER_PARAMETERS: parameters,
              HANDOVER_DEPLOYMENT_ID: DEPLOYMENT_ID,
              ...env,
            },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c) => (stdout += c));
        child.stderr.on("data", (c) => (stderr += c));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      },
    );
  }

  it("a signer that is not the admin: nothing sent, the setSequencerUptimeFeed transaction printed for the admin", async function () {
    const run = await listTokens(10);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.include(
      `sequencer to set  ${sequencer} (sequencer up), grace period 1800 s`,
    );
    const line = /^SEQ {4}to (0x[0-9a-fA-F]{40}) {2}data (0x[0-9a-f]+)$/m.exec(run.stdout);
    expect(line, run.stdout).to.not.equal(null);
    expect(line![1]).to.equal(await f.registry.getAddress());
    const call = new Interface(f.registry.interface.fragments).parseTransaction({
      data: line![2],
    })!;
    expect([call.name, ...call.args]).to.deep.equal(["setSequencerUptimeFeed", sequencer, 1800n]);
    expect((await f.registry.sequencerUptimeFeed())[0]).to.equal(ZeroAddress);
  });

  it("the admin: a dry run sends nothing, then the feed is set; a second run leaves it unchanged", async function () {
    const dry = await listTokens(0, { HANDOVER_DRY_RUN: "1" });
    expect(dry.code, dry.stdout + dry.stderr).to.equal(0);
    expect(dry.stdout).to.include("sequencer to set");
    expect((await f.registry.sequencerUptimeFeed())[0]).to.equal(ZeroAddress);

    const run = await listTokens(0);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.match(
      new RegExp(`^sequencer set {2}${sequencer}, grace period 1800 s {2}tx 0x[0-9a-f]{64}$`, "m"),
    );
    expect([...(await f.registry.sequencerUptimeFeed())]).to.deep.equal([sequencer, 1800n]);
    // ETH was listed by the deployment with the same feed and staleness: unchanged, with its cadence.
    expect(run.stdout).to.match(
      /^ETH {4}unchanged .*updated every ≤ \d+ s over its last \d+ rounds\)$/m,
    );

    const again = await listTokens(0);
    expect(again.stdout).to.include(
      `sequencer unchanged  ${sequencer} (sequencer up), grace period 1800 s`,
    );
    expect(again.stdout).to.include(
      "summary   0 sent, 1 unchanged, 0 left for the admin, 0 failed",
    );
  });

  it("warns when maxStaleness is shorter than the longest gap between the feed's updates", async function () {
    const short = path.join(tmp, "short.json");
    writeFileSync(
      short,
      JSON.stringify({
        AcceptedTokens: {
          tokens: [
            {
              symbol: "ETH",
              token: ZeroAddress,
              feed: await f.feeds.eth.getAddress(),
              maxStaleness: 300,
            },
          ],
        },
      }),
    );
    await f.feeds.eth.updateAnswer(3_000n * 10n ** 8n); // fresh, so the listing check itself passes
    const run = await listTokens(0, { HANDOVER_PARAMETERS: short, HANDOVER_DRY_RUN: "1" });
    expect(run.stdout).to.match(
      /^warning {3}ETH: maxStaleness 300 s is shorter than the \d+ s this feed went without an update/m,
    );
  });
});
