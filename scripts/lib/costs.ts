/**
 * What a deployment costs and how big its contracts are: the bytecode size limits (EIP-170's 24,576
 * bytes of runtime code, EIP-3860's 49,152 bytes of initcode) with the margin the project keeps
 * below them, and the deployer funding per network from measured gas and stated prices.
 *
 * Plain Node (no Hardhat import, erasable TypeScript only): scripts/check-gas.ts and the tests use
 * it as well as scripts/gas.ts.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

/** EIP-170: a contract's runtime code may not exceed this. */
export const MAX_RUNTIME_BYTES = 24_576;
/** EIP-3860: a creation transaction's initcode may not exceed this. */
export const MAX_INITCODE_BYTES = 49_152;
/**
 * The check fails this far before the limit: a change that leaves less than 1 KiB of room fails
 * the tests while there is still room to split a function out (as CampaignProcurement was).
 */
export const SIZE_MARGIN_BYTES = 1_024;

/** The contracts a deployment creates, by artifact. */
export const DEPLOYED_CONTRACTS = [
  { name: "Registry", artifact: "Registry.sol/Registry.json" },
  { name: "CampaignProcurement", artifact: "CampaignProcurement.sol/CampaignProcurement.json" },
  { name: "Campaign", artifact: "Campaign.sol/Campaign.json" },
  { name: "CampaignFactory", artifact: "CampaignFactory.sol/CampaignFactory.json" },
] as const;

export type ContractSize = {
  name: string;
  runtime: number;
  initcode: number;
  /** Bytes left below EIP-170's limit. */
  margin: number;
  ok: boolean;
};

/** The runtime and initcode sizes of the deployed contracts, from the compiled artifacts. */
export async function contractSizes(root: string): Promise<ContractSize[]> {
  const sizes: ContractSize[] = [];
  for (const { name, artifact } of DEPLOYED_CONTRACTS) {
    const file = path.join(root, "artifacts", "contracts", artifact);
    const json = JSON.parse(await readFile(file, "utf8")) as {
      bytecode: string;
      deployedBytecode: string;
    };
    const runtime = (json.deployedBytecode.length - 2) / 2;
    const initcode = (json.bytecode.length - 2) / 2;
    const margin = MAX_RUNTIME_BYTES - runtime;
    sizes.push({
      name,
      runtime,
      initcode,
      margin,
      ok: margin >= SIZE_MARGIN_BYTES && initcode <= MAX_INITCODE_BYTES - SIZE_MARGIN_BYTES,
    });
  }
  return sizes;
}

export function sizeProblems(sizes: ContractSize[]): string[] {
  return sizes
    .filter((s) => !s.ok)
    .map(
      (s) =>
        `${s.name}: ${s.runtime.toLocaleString("en-US")} bytes of runtime code (${s.initcode.toLocaleString("en-US")} of initcode) leaves ${s.margin.toLocaleString("en-US")} bytes below EIP-170's ${MAX_RUNTIME_BYTES.toLocaleString("en-US")}, less than the ${SIZE_MARGIN_BYTES.toLocaleString("en-US")} the project keeps: move code into a library or the procurement module before it cannot deploy`,
    );
}

/**
 * Prices assumed for the funding table (gwei of the chain's native coin per gas, and for OP-stack
 * rollups the L1 data fee's parameters). They are deliberately high for each network, so that the
 * funding covers a busy day; check the current ones before deploying (docs/deploy.md).
 */
export type NetworkPrice = {
  network: string;
  coin: string;
  /** Gas price assumed for the execution gas, in gwei. */
  gwei: number;
  /** OP-stack L1 data fee (Fjord): per the chain's GasPriceOracle parameters. */
  l1?: {
    baseFeeGwei: number;
    blobBaseFeeGwei: number;
    baseFeeScalar: number;
    blobBaseFeeScalar: number;
  };
  note: string;
};

export const NETWORK_PRICES: readonly NetworkPrice[] = [
  {
    network: "sepolia",
    coin: "Sepolia ETH",
    gwei: 20,
    note: "L1 testnet; base fees usually 1-10 gwei, spikes above",
  },
  {
    network: "baseSepolia",
    coin: "Base Sepolia ETH",
    gwei: 0.01,
    l1: { baseFeeGwei: 20, blobBaseFeeGwei: 1, baseFeeScalar: 1_101, blobBaseFeeScalar: 659_851 },
    note: "OP stack: L2 execution plus the L1 data fee, charged per transaction by its compressed size",
  },
  {
    network: "base",
    coin: "ETH",
    gwei: 0.05,
    l1: { baseFeeGwei: 20, blobBaseFeeGwei: 1, baseFeeScalar: 1_101, blobBaseFeeScalar: 659_851 },
    note: "OP stack, as Base Sepolia; L2 base fees are usually below 0.01 gwei",
  },
  {
    network: "celo",
    coin: "CELO",
    gwei: 50,
    note: "an OP-stack L2 since March 2025 with its data on EigenDA: no separate L1 data fee assumed; base fee floor 25 gwei",
  },
  {
    network: "polygon",
    coin: "POL",
    gwei: 200,
    note: "PoS chain; base fees usually 30-100 gwei, spikes far above",
  },
];

/** How many times the estimate a deployer should hold: prices move, and a resumed deployment pays again for what failed. */
export const FUNDING_FACTOR = 3;

/**
 * The L1 data fee of transactions whose estimated compressed sizes (GasPriceOracle.getL1GasUsed / 16,
 * Fjord) add up to `compressedBytes`, in gwei: size × (16 × baseFeeScalar × l1BaseFee +
 * blobBaseFeeScalar × blobBaseFee) / 10^6.
 */
export function l1DataFeeGwei(
  compressedBytes: number,
  l1: NonNullable<NetworkPrice["l1"]>,
): number {
  return (
    (compressedBytes *
      (16 * l1.baseFeeScalar * l1.baseFeeGwei + l1.blobBaseFeeScalar * l1.blobBaseFeeGwei)) /
    1e6
  );
}

export type Funding = {
  network: string;
  coin: string;
  executionCoin: number;
  l1Coin: number;
  totalCoin: number;
  fundCoin: number;
  note: string;
};

/** The deployer funding per network for `gas` of execution and `compressedBytes` of L1 data. */
export function fundingTable(gas: number, compressedBytes: number): Funding[] {
  return NETWORK_PRICES.map((p) => {
    const executionCoin = (gas * p.gwei) / 1e9;
    const l1Coin = p.l1 ? l1DataFeeGwei(compressedBytes, p.l1) / 1e9 : 0;
    const totalCoin = executionCoin + l1Coin;
    return {
      network: p.network,
      coin: p.coin,
      executionCoin,
      l1Coin,
      totalCoin,
      fundCoin: totalCoin * FUNDING_FACTOR,
      note: p.note,
    };
  });
}
