/**
 * The v1 deployment (commit 8a668b5, the contracts before the promise held against insiders), deployed
 * from its frozen artifacts in `test/legacy/handover-v1.json`. The insider attacks run on it to show
 * each history was possible, and that the auditor, which must still audit deployments made before
 * the fix, names the broken rule.
 */
import { readFileSync } from "node:fs";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Contract, ContractFactory, id, type InterfaceAbi } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { DAY, ETH, PRICES, USD } from "./fixtures.js";

type Artifact = { abi: InterfaceAbi; bytecode: string };
export const LEGACY = JSON.parse(
  readFileSync(new URL("../legacy/handover-v1.json", import.meta.url), "utf8"),
) as { commit: string; Registry: Artifact; CampaignFactory: Artifact; Campaign: Artifact };

/**
 * Deploys the v1 registry, implementation and factory, grants the roles, lists ETH and the mock USDC
 * with fresh feeds, and vets `suppliers`. `any` contracts: v1's ABI has no generated types.
 */
export async function deployLegacy(
  connection: NetworkConnection,
  roles: {
    admin: HardhatEthersSigner;
    organizer: HardhatEthersSigner;
    vetter: HardhatEthersSigner;
    pauser: HardhatEthersSigner;
    suppliers: HardhatEthersSigner[];
    verifiers: HardhatEthersSigner[];
  },
) {
  const { ethers } = connection;
  const deploy = async (artifact: Artifact, args: unknown[]) => {
    const factory = new ContractFactory(artifact.abi, artifact.bytecode, roles.admin);
    const contract = await factory.deploy(...args);
    await contract.waitForDeployment();
    return contract as Contract;
  };
  const registry = await deploy(LEGACY.Registry, [roles.admin.address, 0]);
  const implementation = await deploy(LEGACY.Campaign, [await registry.getAddress()]);
  const factory = await deploy(LEGACY.CampaignFactory, [
    await registry.getAddress(),
    await implementation.getAddress(),
  ]);
  await registry.grantRole(id("ORGANIZER_ROLE"), roles.organizer.address);
  await registry.grantRole(id("VETTER_ROLE"), roles.vetter.address);
  await registry.grantRole(id("PAUSER_ROLE"), roles.pauser.address);

  const usdc = await ethers.deployContract("MockUSDC");
  const ethFeed = await ethers.deployContract("MockV3Aggregator", [8, PRICES.eth, "ETH / USD"]);
  const usdcFeed = await ethers.deployContract("MockV3Aggregator", [8, PRICES.usdc, "USDC / USD"]);
  await registry.setAcceptedToken(ETH, await ethFeed.getAddress(), 3_600);
  await registry.setAcceptedToken(await usdc.getAddress(), await usdcFeed.getAddress(), 3_600);
  for (const [i, s] of roles.suppliers.entries()) {
    await (registry.connect(roles.vetter) as Contract).registerSupplier(
      s.address,
      `Supplier ${i + 1}`,
      "NG",
      ethers.id(`v1 dossier ${i}`),
    );
  }

  async function refreshFeeds() {
    await ethFeed.updateAnswer(PRICES.eth);
    await usdcFeed.updateAnswer(PRICES.usdc);
  }

  /** Creates a v1 campaign (ETH and USDC) as the organizer; overrides as in the v2 fixture. */
  async function createCampaign(overrides: Record<string, unknown> = {}) {
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const params = {
      beneficiary: roles.admin.address,
      goalUsd: 10_000n * USD,
      targetUnits: 250_000n,
      deadline: now + 14n * DAY,
      procurementDeadline: now + 120n * DAY,
      deliveryGracePeriod: 7n * DAY,
      maxAdvanceBps: 3_000n,
      threshold: 2n,
      allOrNothing: true,
      tokens: [ETH, await usdc.getAddress()],
      verifiers: roles.verifiers.map((v) => v.address),
      unitName: "surgical masks",
      metadataURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      ...overrides,
    };
    const asOrganizer = factory.connect(roles.organizer) as Contract;
    const address = await asOrganizer.createCampaign.staticCall(params);
    await (await asOrganizer.createCampaign(params)).wait();
    return new Contract(address, LEGACY.Campaign.abi, roles.organizer);
  }

  return {
    registry,
    implementation,
    factory,
    usdc,
    ethFeed,
    usdcFeed,
    refreshFeeds,
    createCampaign,
  };
}
