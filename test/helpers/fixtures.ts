/**
 * Shared fixtures: every TypeScript test deploys through the same Ignition modules a real
 * deployment uses (HandoverCore -> Handover -> LocalTokens, which adds mock tokens and feeds).
 *
 * Usage in a test file (Hardhat 3):
 *
 *   const connection = await network.create();
 *   const { networkHelpers } = connection;
 *   const fixtures = makeFixtures(connection);
 *   const f = await networkHelpers.loadFixture(fixtures.campaignFixture);
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import LocalTokensModule, { ETH } from "../../ignition/modules/LocalTokens.js";
import type {
  Campaign,
  CampaignFactory,
  MockUSDC,
  MockUSDT,
  MockV3Aggregator,
  MockWBTC,
  Registry,
} from "../../types/ethers-contracts/index.js";

export { ETH };

export const DAY = 24n * 60n * 60n;
/** USD amounts in the contracts have 18 decimals. */
export const USD = 10n ** 18n;
export const USDC_UNIT = 10n ** 6n;
export const WBTC_UNIT = 10n ** 8n;
/** Feed answers have 8 decimals. */
export const PRICES = {
  eth: 3_000n * 10n ** 8n,
  usdc: 10n ** 8n,
  usdt: 10n ** 8n,
  btc: 60_000n * 10n ** 8n,
};

/** The EIP-712 type verifiers sign. */
export const CONFIRM_DELIVERY_TYPES = {
  ConfirmDelivery: [
    { name: "orderId", type: "uint256" },
    { name: "unitsDelivered", type: "uint64" },
    { name: "evidenceHash", type: "bytes32" },
  ],
};

export enum Status {
  Uninitialized,
  Funding,
  Failed,
  Procurement,
  Closed,
}

export enum OrderStatus {
  None,
  Placed,
  Accepted,
  Shipped,
  Completed,
  Cancelled,
}

export enum SupplierStatus {
  None,
  Active,
  Suspended,
}

export type CampaignParams = {
  beneficiary: string;
  goalUsd: bigint;
  targetUnits: bigint;
  deadline: bigint;
  procurementDeadline: bigint;
  deliveryGracePeriod: bigint;
  maxAdvanceBps: bigint;
  threshold: bigint;
  allOrNothing: boolean;
  tokens: string[];
  verifiers: string[];
  unitName: string;
  metadataURI: string;
};

export function makeFixtures(connection: NetworkConnection) {
  const { ethers, ignition, networkHelpers } = connection;

  /** Registry, implementation, factory, mock tokens and feeds, roles and two vetted suppliers. */
  async function deployFixture() {
    const signers = await ethers.getSigners();
    const [admin, organizer, vetter, pauser, supplier, supplier2, v1, v2, v3, relayer, outsider] =
      signers;
    const donors = signers.slice(11);

    const deployment = await ignition.deploy(LocalTokensModule, {
      parameters: {
        Handover: { organizer: organizer.address, vetter: vetter.address, pauser: pauser.address },
      },
    });
    const at = async <T>(name: string, contract: { getAddress(): Promise<string> }) =>
      (await ethers.getContractAt(name, await contract.getAddress())) as unknown as T;

    const registry = await at<Registry>("Registry", deployment.registry);
    const factory = await at<CampaignFactory>("CampaignFactory", deployment.factory);
    const implementation = await at<Campaign>("Campaign", deployment.campaignImplementation);
    const usdc = await at<MockUSDC>("MockUSDC", deployment.usdc);
    const usdt = await at<MockUSDT>("MockUSDT", deployment.usdt);
    const wbtc = await at<MockWBTC>("MockWBTC", deployment.wbtc);
    const feeds = {
      eth: await at<MockV3Aggregator>("MockV3Aggregator", deployment.ethUsdFeed),
      usdc: await at<MockV3Aggregator>("MockV3Aggregator", deployment.usdcUsdFeed),
      usdt: await at<MockV3Aggregator>("MockV3Aggregator", deployment.usdtUsdFeed),
      btc: await at<MockV3Aggregator>("MockV3Aggregator", deployment.btcUsdFeed),
    };

    await registry
      .connect(vetter)
      .registerSupplier(
        supplier.address,
        "Henan Medical Supplies Co.",
        "CN",
        ethers.id("dossier 1"),
      );
    await registry
      .connect(vetter)
      .registerSupplier(supplier2.address, "Lagos PPE Works Ltd", "NG", ethers.id("dossier 2"));

    /** Pushes fresh answers to every feed (feeds go stale an hour after their last update). */
    async function refreshFeeds() {
      await feeds.eth.updateAnswer(PRICES.eth);
      await feeds.usdc.updateAnswer(PRICES.usdc);
      await feeds.usdt.updateAnswer(PRICES.usdt);
      await feeds.btc.updateAnswer(PRICES.btc);
    }

    /** Default parameters: $10,000 goal, all-or-nothing, 14 days, 4 tokens, 3 verifiers (2 of 3). */
    async function defaultParams(overrides: Partial<CampaignParams> = {}): Promise<CampaignParams> {
      const now = BigInt(await networkHelpers.time.latest());
      return {
        beneficiary: outsider.address,
        goalUsd: 10_000n * USD,
        targetUnits: 250_000n,
        deadline: now + 14n * DAY,
        procurementDeadline: now + 120n * DAY,
        deliveryGracePeriod: 7n * DAY,
        maxAdvanceBps: 3_000n,
        threshold: 2n,
        allOrNothing: true,
        tokens: [ETH, await usdc.getAddress(), await usdt.getAddress(), await wbtc.getAddress()],
        verifiers: [v1.address, v2.address, v3.address],
        unitName: "surgical masks",
        metadataURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
        ...overrides,
      };
    }

    /** Creates a campaign as `organizer` and returns it. */
    async function createCampaign(overrides: Partial<CampaignParams> = {}, by = organizer) {
      const params = await defaultParams(overrides);
      const address = await factory.connect(by).createCampaign.staticCall(params);
      await factory.connect(by).createCampaign(params);
      return (await ethers.getContractAt("Campaign", address)) as unknown as Campaign;
    }

    /** A verifier's EIP-712 signature of a delivery confirmation for `campaign`. */
    async function signConfirmation(
      signer: HardhatEthersSigner,
      campaign: Campaign,
      orderId: bigint,
      unitsDelivered: bigint,
      evidenceHash: string,
      chainId?: bigint,
    ) {
      const domain = {
        name: "Handover Campaign",
        version: "1",
        chainId: chainId ?? (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await campaign.getAddress(),
      };
      return signer.signTypedData(domain, CONFIRM_DELIVERY_TYPES, {
        orderId,
        unitsDelivered,
        evidenceHash,
      });
    }

    /** Mints `amount` of a mock token to `donor` and approves `campaign` for exactly that amount. */
    async function fund(
      token: MockUSDC | MockWBTC,
      donor: HardhatEthersSigner,
      campaign: Campaign,
      amount: bigint,
    ) {
      await token.mint(donor.address, amount);
      await token.connect(donor).approve(await campaign.getAddress(), amount);
    }

    return {
      admin,
      organizer,
      vetter,
      pauser,
      supplier,
      supplier2,
      verifiers: [v1, v2, v3] as const,
      v1,
      v2,
      v3,
      relayer,
      outsider,
      donors,
      registry,
      factory,
      implementation,
      usdc,
      usdt,
      wbtc,
      feeds,
      refreshFeeds,
      defaultParams,
      createCampaign,
      signConfirmation,
      fund,
    };
  }

  /** `deployFixture` plus one default campaign in Funding. */
  async function campaignFixture() {
    const deployed = await deployFixture();
    const campaign = await deployed.createCampaign();
    return { ...deployed, campaign };
  }

  /**
   * A campaign that met its goal: donors[0] pledged 2 ETH ($6,000) and donors[1] 5,000 USDC;
   * the deadline passed and feeds were refreshed. Status: Procurement (stored lazily).
   */
  async function fundedCampaignFixture() {
    const deployed = await campaignFixture();
    const { campaign, donors, usdc, fund, refreshFeeds } = deployed;
    await campaign.connect(donors[0]).pledgeETH({ value: ethers.parseEther("2") });
    await fund(usdc, donors[1], campaign, 5_000n * USDC_UNIT);
    await campaign.connect(donors[1]).pledge(await usdc.getAddress(), 5_000n * USDC_UNIT);
    await networkHelpers.time.increase(15n * DAY);
    await refreshFeeds();
    return deployed;
  }

  return { deployFixture, campaignFixture, fundedCampaignFixture };
}
