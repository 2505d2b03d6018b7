/**
 * Generates the TypeScript the client, scripts and dApp import from the compiled contracts and from
 * Ignition's deployments:
 *
 *   client/generated/abis.ts         every ABI `as const`, so viem and wagmi infer argument types
 *   client/generated/deployments.ts  every published deployment: chain id, first block (from Ignition's
 *                                    journal) and addresses, with the default one per chain id
 *
 * Run by `npm run build` after `hardhat build`; `npm run generate` alone when artifacts exist.
 * The files are committed and a test checks they match what this script would write.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Contracts whose ABI the client exposes, by artifact path (relative to artifacts/contracts). */
export const CONTRACTS: Record<string, string> = {
  registryAbi: "Registry.sol/Registry.json",
  campaignFactoryAbi: "CampaignFactory.sol/CampaignFactory.json",
  campaignAbi: "Campaign.sol/Campaign.json",
  aggregatorV3Abi: "interfaces/AggregatorV3Interface.sol/AggregatorV3Interface.json",
  mockUsdcAbi: "mocks/MockUSDC.sol/MockUSDC.json",
  mockUsdtAbi: "mocks/MockUSDT.sol/MockUSDT.json",
  mockWbtcAbi: "mocks/MockWBTC.sol/MockWBTC.json",
  mockV3AggregatorAbi: "mocks/MockV3Aggregator.sol/MockV3Aggregator.json",
};

const HEADER = (what: string) =>
  `// generated — do not edit. ${what}\n// Regenerate with \`npm run generate\` (part of \`npm run build\`).\n`;

export async function renderAbis(root = ROOT): Promise<string> {
  let out = HEADER("ABIs from the compiled contracts (artifacts/).") + "\n";
  for (const [name, artifactPath] of Object.entries(CONTRACTS)) {
    const file = path.join(root, "artifacts", "contracts", artifactPath);
    const artifact = JSON.parse(await readFile(file, "utf8")) as {
      abi: unknown[];
      contractName: string;
    };
    out += `export const ${name} = ${JSON.stringify(artifact.abi, null, 2)} as const;\n\n`;
  }
  // Campaigns deployed before the promise held against insiders (v1, commit 8a668b5) emit other
  // events: the auditor decodes them with this ABI, frozen with the v1 artifacts.
  const legacy = JSON.parse(
    await readFile(path.join(root, "test", "legacy", "handover-v1.json"), "utf8"),
  ) as { commit: string; Campaign: { abi: unknown[] } };
  out += `/** The v1 Campaign (commit ${legacy.commit}), for auditing campaigns of deployments made before v2. */
`;
  out += `export const campaignV1Abi = ${JSON.stringify(legacy.Campaign.abi, null, 2)} as const;

`;
  return out;
}

/** One deployment of Handover that Ignition recorded in `ignition/deployments/<deployment id>/`. */
export type DeploymentRecord = {
  /** Ignition's deployment id: `chain-<chain id>` by default, or the `--deployment-id` given. */
  deploymentId: string;
  chainId: number;
  /**
   * The block of the deployment's first transaction (from Ignition's journal): nothing of this
   * deployment, registry events included, is older, so every log scan starts here.
   */
  startBlock: number;
  /** Ignition's future id -> address, as in deployed_addresses.json. */
  addresses: Record<string, `0x${string}`>;
};

/** A deployment left out of the generated file, and why. */
export type SkippedDeployment = { deploymentId: string; reason: string };

/** Future ids of the modules that deploy mock tokens and feeds (local chains and the scenario only). */
const MOCK_MODULES = ["LocalTokens#"];
/** Deployment ids the scripts use for throw-away deployments: never published. */
const LOCAL_DEPLOYMENT_ID = /^(local-|scenario-)/;

type JournalLine = { type?: string; chainId?: number; receipt?: { blockNumber?: number | string } };

/** The chain id and first block recorded in an Ignition journal (journal.jsonl). */
export function readJournal(text: string): { chainId?: number; startBlock?: number } {
  let chainId: number | undefined;
  let startBlock: number | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let entry: JournalLine;
    try {
      entry = JSON.parse(line) as JournalLine;
    } catch {
      continue; // a line cut short by an interrupted deployment
    }
    if (entry.type === "DEPLOYMENT_INITIALIZE" && typeof entry.chainId === "number")
      chainId = entry.chainId;
    if (entry.type === "TRANSACTION_CONFIRM" && entry.receipt?.blockNumber !== undefined) {
      const block = Number(entry.receipt.blockNumber);
      if (Number.isSafeInteger(block) && (startBlock === undefined || block < startBlock))
        startBlock = block;
    }
  }
  return { chainId, startBlock };
}

/**
 * Every deployment of Handover under ignition/deployments that may be published: its chain id and
 * first block from the journal, its addresses from deployed_addresses.json. Left out, with the
 * reason: the local chain (31337, redeployed on every start; its addresses are read at run time),
 * throw-away deployments of the scripts (`local-*`, `scenario-*`), any deployment holding mock
 * tokens or feeds (anyone can mint those and set their prices), deployments without a registry and
 * a factory, and those whose journal does not say which chain they are on.
 */
export async function readDeploymentRecords(
  root = ROOT,
): Promise<{ records: DeploymentRecord[]; skipped: SkippedDeployment[] }> {
  const dir = path.join(root, "ignition", "deployments");
  const records: DeploymentRecord[] = [];
  const skipped: SkippedDeployment[] = [];
  if (!existsSync(dir)) return { records, skipped };
  for (const deploymentId of (await readdir(dir)).sort()) {
    if (deploymentId.startsWith(".")) continue;
    const addressesFile = path.join(dir, deploymentId, "deployed_addresses.json");
    if (!existsSync(addressesFile)) continue;
    const skip = (reason: string) => skipped.push({ deploymentId, reason });
    if (LOCAL_DEPLOYMENT_ID.test(deploymentId)) {
      skip("a throw-away deployment of the scripts (local chain or scenario)");
      continue;
    }
    const addresses = JSON.parse(await readFile(addressesFile, "utf8")) as Record<
      string,
      `0x${string}`
    >;
    const mocks = Object.keys(addresses).filter((id) => MOCK_MODULES.some((m) => id.startsWith(m)));
    if (mocks.length > 0) {
      skip(`it holds mock tokens or feeds (${mocks.join(", ")}), which anyone can mint or set`);
      continue;
    }
    if (!addresses["HandoverCore#Registry"] || !addresses["HandoverCore#CampaignFactory"]) {
      skip("no HandoverCore#Registry and HandoverCore#CampaignFactory in it");
      continue;
    }
    const journalFile = path.join(dir, deploymentId, "journal.jsonl");
    const journal = existsSync(journalFile) ? readJournal(await readFile(journalFile, "utf8")) : {};
    const fromName = /^chain-(\d+)$/.exec(deploymentId);
    const chainId = journal.chainId ?? (fromName ? Number(fromName[1]) : undefined);
    if (chainId === undefined) {
      skip("its journal (journal.jsonl) does not say which chain it is on");
      continue;
    }
    if (chainId === 31337) {
      skip("the local chain's deployments are read at run time");
      continue;
    }
    if (journal.startBlock === undefined) {
      skip("its journal records no confirmed transaction, so its first block is unknown");
      continue;
    }
    records.push({ deploymentId, chainId, startBlock: journal.startBlock, addresses });
  }
  return { records, skipped };
}

/**
 * The deployment the client uses by default on each chain: `chain-<id>` (Ignition's default id),
 * else the only deployment on that chain. A chain with several named deployments and no default has
 * none (every one stays in `handoverDeployments`).
 */
export function defaultDeployments(records: DeploymentRecord[]): Record<number, DeploymentRecord> {
  const byChain = new Map<number, DeploymentRecord[]>();
  for (const r of records) byChain.set(r.chainId, [...(byChain.get(r.chainId) ?? []), r]);
  const result: Record<number, DeploymentRecord> = {};
  for (const [chainId, list] of byChain) {
    const chosen =
      list.find((r) => r.deploymentId === `chain-${chainId}`) ??
      (list.length === 1 ? list[0] : undefined);
    if (chosen) result[chainId] = chosen;
  }
  return result;
}

export async function renderDeployments(root = ROOT): Promise<string> {
  // What was left out (and why) is printed by main(), not written: the generated file must not
  // depend on a developer's throw-away local deployments.
  const { records } = await readDeploymentRecords(root);
  const defaults = defaultDeployments(records);
  const byChain = (pick: (r: DeploymentRecord) => unknown) =>
    Object.fromEntries(Object.entries(defaults).map(([chainId, r]) => [chainId, pick(r)]));
  return (
    HEADER(
      "Deployments from ignition/deployments/*/ (deployed_addresses.json and journal.jsonl).",
    ) +
    "\n" +
    `/**
 * Every published deployment: Ignition's deployment id, the chain, the block of its first
 * transaction (start every log scan there, never at block 0) and its addresses by future id.
 */
export const handoverDeployments = ${JSON.stringify(records, null, 2)} as const satisfies readonly {
  deploymentId: string;
  chainId: number;
  startBlock: number;
  addresses: Record<string, \`0x\${string}\`>;
}[];

/** The default deployment's addresses per chain id (\`chain-<id>\`, else the chain's only deployment). */
export const deployments = ${JSON.stringify(
      byChain((r) => r.addresses),
      null,
      2,
    )} as const satisfies Record<number, Record<string, \`0x\${string}\`>>;

/** The default deployment's first block per chain id: where the appeal page and the auditor start scanning. */
export const startBlocks = ${JSON.stringify(
      byChain((r) => r.startBlock),
      null,
      2,
    )} as const satisfies Record<number, number>;
`
  );
}

async function main() {
  const outDir = path.join(ROOT, "client", "generated");
  await writeFile(path.join(outDir, "abis.ts"), await renderAbis());
  await writeFile(path.join(outDir, "deployments.ts"), await renderDeployments());
  const { records, skipped } = await readDeploymentRecords();
  console.log(
    `generated client/generated/abis.ts (${Object.keys(CONTRACTS).length} ABIs) and client/generated/deployments.ts (${records.length} deployment${records.length === 1 ? "" : "s"})`,
  );
  for (const r of records)
    console.log(`  ${r.deploymentId}: chain ${r.chainId}, from block ${r.startBlock}`);
  for (const s of skipped) console.log(`  not published: ${s.deploymentId}, ${s.reason}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    console.error(
      e.code === "ENOENT"
        ? `error: ${e.path} is missing: compile the contracts first (npm run build, or npx hardhat build)`
        : `error: ${String(e.message).split("\n")[0]}`,
    );
    process.exitCode = 1;
  }
}
