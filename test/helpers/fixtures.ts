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
  CampaignProcurement,
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

/** The EIP-712 type verifiers sign (domain "Handover Campaign", version "2"). */
export const CONFIRM_DELIVERY_TYPES = {
  ConfirmDelivery: [
    { name: "orderId", type: "uint256" },
    { name: "supplier", type: "address" },
    { name: "termsHash", type: "bytes32" },
    { name: "unitsDelivered", type: "uint64" },
    { name: "evidenceHash", type: "bytes32" },
    { name: "verifier", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A signed confirmation as `confirmDeliveryBySig` takes it. */
export type SignedConfirmation = { verifier: string; deadline: bigint; signature: string };

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

/** `IRegistry.PartyStatus`: where a supplier or a verifier stands. */
export enum PartyStatus {
  None,
  Active,
  Suspended,
}
/** Suppliers and verifiers share `PartyStatus`. */
export const SupplierStatus = PartyStatus;

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
    const procurement = await at<CampaignProcurement>(
      "CampaignProcurement",
      deployment.procurement,
    );
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
    const verifierNames = [
      ["WAHO Abuja warehouse", "West African Health Organization"],
      ["UN country office", "United Nations"],
      ["Logistics agent", "Sahel Freight"],
    ] as const;
    for (const [i, v] of [v1, v2, v3].entries()) {
      await registry
        .connect(vetter)
        .registerVerifier(
          v.address,
          verifierNames[i][0],
          verifierNames[i][1],
          ethers.id(`verifier ${i}`),
        );
    }

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

    /**
     * A verifier's EIP-712 confirmation for `campaign`, ready for `confirmDeliveryBySig`: signed
     * over the order's supplier and terms, with the verifier's current nonce and a deadline an hour
     * ahead unless given.
     */
    async function signConfirmation(
      signer: HardhatEthersSigner,
      campaign: Campaign,
      orderId: bigint,
      unitsDelivered: bigint,
      evidenceHash: string,
      options: {
        chainId?: bigint;
        deadline?: bigint;
        nonce?: bigint;
        supplier?: string;
        termsHash?: string;
        verifyingContract?: string;
      } = {},
    ): Promise<SignedConfirmation> {
      const order = await campaign.order(orderId);
      const deadline = options.deadline ?? BigInt(await networkHelpers.time.latest()) + 3_600n;
      const domain = {
        name: "Handover Campaign",
        version: "2",
        chainId: options.chainId ?? (await ethers.provider.getNetwork()).chainId,
        verifyingContract: options.verifyingContract ?? (await campaign.getAddress()),
      };
      const signature = await signer.signTypedData(domain, CONFIRM_DELIVERY_TYPES, {
        orderId,
        supplier: options.supplier ?? order.supplier,
        termsHash: options.termsHash ?? order.termsHash,
        unitsDelivered,
        evidenceHash,
        verifier: signer.address,
        nonce: options.nonce ?? (await campaign.nonces(signer.address)),
        deadline,
      });
      return { verifier: signer.address, deadline, signature };
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
      procurement,
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
