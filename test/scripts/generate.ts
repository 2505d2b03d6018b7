/**
 * What `npm run generate` publishes from ignition/deployments (client/generated/deployments.ts): each
 * deployment's chain and first block from Ignition's journal, named deployment ids included, and
 * never the local chain, the scripts' throw-away deployments or anything holding mock tokens; and
 * the scenario's refusal to write its mocks where a real deployment is published.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { network } from "hardhat";
import { mnemonicToAccount } from "viem/accounts";

import { deploymentContaining, publishedDeployments } from "../../client/deployments.ts";
import {
  defaultDeployments,
  readDeploymentRecords,
  readJournal,
  renderDeployments,
} from "../../scripts/generate.ts";
import { deployLocal, HARDHAT_MNEMONIC } from "../../scripts/lib/local-deployment.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const REGISTRY = "0x1111111111111111111111111111111111111111";
const FACTORY = "0x2222222222222222222222222222222222222222";
const IMPLEMENTATION = "0x3333333333333333333333333333333333333333";

/** A journal as Ignition writes it: DEPLOYMENT_INITIALIZE, then a TRANSACTION_CONFIRM per transaction. */
function journal(chainId: number, blocks: number[]): string {
  const lines: unknown[] = [{ chainId, type: "DEPLOYMENT_INITIALIZE" }];
  for (const [i, block] of blocks.entries()) {
    lines.push({ futureId: `HandoverCore#X${i}`, type: "DEPLOYMENT_EXECUTION_STATE_INITIALIZE" });
    lines.push({
      futureId: `HandoverCore#X${i}`,
      hash: `0x${String(i).padStart(64, "0")}`,
      networkInteractionId: 1,
      receipt: {
        blockHash: `0x${"ab".repeat(32)}`,
        blockNumber: block,
        logs: [],
        status: "SUCCESS",
      },
      type: "TRANSACTION_CONFIRM",
    });
  }
  return lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
}

function deployment(
  root: string,
  id: string,
  addresses: Record<string, string>,
  journalText?: string,
) {
  const dir = path.join(root, "ignition", "deployments", id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "deployed_addresses.json"), JSON.stringify(addresses, null, 2));
  if (journalText !== undefined) writeFileSync(path.join(dir, "journal.jsonl"), journalText);
}

const core = {
  "HandoverCore#Registry": REGISTRY,
  "HandoverCore#CampaignProcurement": "0x4444444444444444444444444444444444444444",
  "HandoverCore#CampaignImplementation": IMPLEMENTATION,
  "HandoverCore#CampaignFactory": FACTORY,
};

describe("npm run generate: deployments with their first block", function () {
  let root: string;

  beforeEach(function () {
    root = mkdtempSync(path.join(os.tmpdir(), "handover-generate-"));
  });
  afterEach(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it("reads the chain id and the first confirmed block from a journal, ignoring a line cut short", function () {
    const text = journal(84532, [19_000_007, 19_000_005, 19_000_009]) + '{"type":"TRANSACT';
    expect(readJournal(text)).to.deep.equal({ chainId: 84532, startBlock: 19_000_005 });
    expect(readJournal("")).to.deep.equal({ chainId: undefined, startBlock: undefined });
  });

  it("publishes chain-<id> and named deployments with their start block; leaves out local, scenario, mock and incomplete ones, saying why", async function () {
    deployment(root, "chain-84532", core, journal(84532, [20_000_100, 20_000_101]));
    deployment(
      root,
      "staging",
      { ...core, "HandoverCore#Registry": "0x5555555555555555555555555555555555555555" },
      journal(84532, [20_500_000]),
    );
    deployment(root, "base-prod", core, journal(8453, [30_000_000, 30_000_003]));
    deployment(root, "chain-31337", core, journal(31337, [1]));
    deployment(root, "local-8545", core, journal(31337, [1]));
    deployment(
      root,
      "scenario-84532-cc4a94fa",
      { ...core, "LocalTokens#USDC": "0x6666666666666666666666666666666666666666" },
      journal(84532, [20_000_200]),
    );
    deployment(
      root,
      "mocks-by-hand",
      { ...core, "LocalTokens#EthUsdFeed": "0x7777777777777777777777777777777777777777" },
      journal(84532, [20_000_300]),
    );
    deployment(root, "half-done", { "HandoverCore#Registry": REGISTRY }, journal(84532, [5]));
    deployment(root, "no-journal", core);

    const { records, skipped } = await readDeploymentRecords(root);
    expect(records.map((r) => [r.deploymentId, r.chainId, r.startBlock])).to.deep.equal([
      ["base-prod", 8453, 30_000_000],
      ["chain-84532", 84532, 20_000_100],
      ["staging", 84532, 20_500_000],
    ]);
    expect(Object.fromEntries(skipped.map((s) => [s.deploymentId, s.reason]))).to.deep.equal({
      "chain-31337": "the local chain's deployments are read at run time",
      "half-done": "no HandoverCore#Registry and HandoverCore#CampaignFactory in it",
      "local-8545": "a throw-away deployment of the scripts (local chain or scenario)",
      "mocks-by-hand":
        "it holds mock tokens or feeds (LocalTokens#EthUsdFeed), which anyone can mint or set",
      "no-journal": "its journal (journal.jsonl) does not say which chain it is on",
      "scenario-84532-cc4a94fa": "a throw-away deployment of the scripts (local chain or scenario)",
    });

    // The default per chain: chain-<id> when there is one, else the chain's only deployment.
    const defaults = defaultDeployments(records);
    expect(Object.keys(defaults)).to.deep.equal(["8453", "84532"]);
    expect(defaults[84532].deploymentId).to.equal("chain-84532");
    expect(defaults[8453].deploymentId).to.equal("base-prod");

    const source = await renderDeployments(root);
    expect(source).to.include('"startBlock": 20500000');
    expect(source).to.match(
      /export const startBlocks = \{\s+"8453": 30000000,\s+"84532": 20000100\s+\}/,
    );
    expect(source).not.to.include("0x6666666666666666666666666666666666666666");
    expect(source).not.to.include("0x7777777777777777777777777777777777777777");
  });

  it("finds the deployment a registry, factory or implementation belongs to, with its start block as a bigint", function () {
    const raw = [
      { deploymentId: "chain-84532", chainId: 84532, startBlock: 20_000_100, addresses: core },
    ];
    const found = deploymentContaining(
      84532,
      IMPLEMENTATION.toUpperCase().replace("0X", "0x"),
      raw,
    );
    expect(found?.deploymentId).to.equal("chain-84532");
    expect(found?.startBlock).to.equal(20_000_100n);
    expect(found?.factory).to.equal(FACTORY);
    expect(deploymentContaining(8453, IMPLEMENTATION, raw)).to.equal(undefined);
    expect(publishedDeployments(84532, raw)).to.have.length(1);
  });

  it("client/generated/deployments.ts is what npm run generate writes from ignition/deployments", async function () {
    const committed = readFileSync(
      path.join(ROOT, "client", "generated", "deployments.ts"),
      "utf8",
    );
    expect(committed === (await renderDeployments(ROOT)), "run npm run generate").to.equal(true);
  });
});

describe("mock tokens never go where a real deployment is published", function () {
  it("deployLocal refuses Ignition's default deployment id chain-<id> on a chain other than 31337", async function () {
    const connection = await network.create({ override: { chainId: 84532 } });
    try {
      const account = (i: number) => mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i });
      const roles = { admin: account(0), vetter: account(1), organizer: account(2) };
      for (const id of ["chain-84532", ""]) {
        const refused = await deployLocal(connection, roles, id).then(
          () => undefined,
          (error: Error) => error.message,
        );
        expect(refused).to.equal(
          'refusing to deploy mock tokens and feeds under the deployment id "chain-84532": that folder holds the real deployment of chain 84532, which npm run generate publishes. Use a deployment id of its own (the scenario uses scenario-<chain id>-<genesis>).',
        );
      }
    } finally {
      await connection.close();
    }
  });
});
