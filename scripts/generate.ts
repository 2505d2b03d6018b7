/**
 * Generates the TypeScript the client, scripts and dApp import from the compiled contracts and from
 * Ignition's deployments:
 *
 *   client/generated/abis.ts         every ABI `as const`, so viem and wagmi infer argument types
 *   client/generated/deployments.ts  deployed addresses per chain id (ignition/deployments/chain-*)
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

export type DeploymentsByChain = Record<number, Record<string, `0x${string}`>>;

export async function readDeployments(root = ROOT): Promise<DeploymentsByChain> {
  const dir = path.join(root, "ignition", "deployments");
  const result: DeploymentsByChain = {};
  if (!existsSync(dir)) return result;
  for (const entry of (await readdir(dir)).sort()) {
    const match = /^chain-(\d+)$/.exec(entry);
    if (!match) continue;
    const file = path.join(dir, entry, "deployed_addresses.json");
    if (!existsSync(file)) continue;
    result[Number(match[1])] = JSON.parse(await readFile(file, "utf8"));
  }
  return result;
}

export async function renderDeployments(root = ROOT): Promise<string> {
  // The local chain (31337) is redeployed on every start; its addresses are read at run time instead.
  const deployments = await readDeployments(root);
  delete deployments[31337];
  return (
    HEADER(
      "Deployed addresses per chain id, from ignition/deployments/chain-*/deployed_addresses.json.",
    ) +
    "\n" +
    `export const deployments = ${JSON.stringify(deployments, null, 2)} as const satisfies Record<number, Record<string, \`0x\${string}\`>>;\n`
  );
}

async function main() {
  const outDir = path.join(ROOT, "client", "generated");
  await writeFile(path.join(outDir, "abis.ts"), await renderAbis());
  await writeFile(path.join(outDir, "deployments.ts"), await renderDeployments());
  console.log(
    `generated client/generated/abis.ts (${Object.keys(CONTRACTS).length} ABIs) and client/generated/deployments.ts`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
