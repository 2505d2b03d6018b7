import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import type { Campaign } from "../../types/ethers-contracts/index.js";
import { ETH, makeFixtures } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const fixtures = makeFixtures(connection);

describe("Campaign edges", function () {
  describe("deployment", function () {
    it("refuses an implementation or a procurement module without a registry", async function () {
      const { procurement } = await networkHelpers.loadFixture(fixtures.deployFixture);
      const campaignFactory = await ethers.getContractFactory("Campaign");
      await expect(
        campaignFactory.deploy(ZeroAddress, await procurement.getAddress()),
      ).to.be.revertedWithCustomError(campaignFactory, "CampaignZeroAddress");
      const moduleFactory = await ethers.getContractFactory("CampaignProcurement");
      await expect(moduleFactory.deploy(ZeroAddress)).to.be.revertedWithCustomError(
        campaignFactory,
        "CampaignZeroAddress",
      );
    });

    it("refuses a procurement module that has no code or was made for another registry", async function () {
      const { registry, outsider, admin } = await networkHelpers.loadFixture(
        fixtures.deployFixture,
      );
      const registryAddress = await registry.getAddress();
      const campaignFactory = await ethers.getContractFactory("Campaign");
      await expect(campaignFactory.deploy(registryAddress, outsider.address))
        .to.be.revertedWithCustomError(campaignFactory, "CampaignInvalidModule")
        .withArgs(outsider.address);

      const otherRegistry = await ethers.deployContract("Registry", [admin.address, 0n]);
      const foreign = await ethers.deployContract("CampaignProcurement", [
        await otherRegistry.getAddress(),
      ]);
      await expect(campaignFactory.deploy(registryAddress, await foreign.getAddress()))
        .to.be.revertedWithCustomError(campaignFactory, "CampaignInvalidModule")
        .withArgs(await foreign.getAddress());

      // The module made for this registry is accepted, and both report their wiring.
      const own = await ethers.deployContract("CampaignProcurement", [registryAddress]);
      const implementation = await campaignFactory.deploy(registryAddress, await own.getAddress());
      expect(await implementation.procurement()).to.equal(await own.getAddress());
      expect(await implementation.registry()).to.equal(registryAddress);
      expect(await own.registry()).to.equal(registryAddress);
    });

    it("wires the deployment's implementation to its module", async function () {
      const { implementation, procurement, registry } = await networkHelpers.loadFixture(
        fixtures.deployFixture,
      );
      expect(await implementation.procurement()).to.equal(await procurement.getAddress());
      expect(await procurement.registry()).to.equal(await registry.getAddress());
    });
  });

  describe("the procurement module refuses to run on its own storage", function () {
    it("reverts CampaignNotInitialized for every function called on it directly", async function () {
      const { procurement, organizer, supplier, v1, outsider } = await networkHelpers.loadFixture(
        fixtures.deployFixture,
      );
      // The module has the campaign's procurement ABI; call it through that.
      const direct = (await ethers.getContractAt(
        "Campaign",
        await procurement.getAddress(),
      )) as unknown as Campaign;
      const id = ethers.id("evidence");
      const calls = [
        () =>
          direct.connect(organizer).createOrder(supplier.address, 1n, 1n, 2n ** 39n, 0n, ZeroHash),
        () => direct.connect(organizer).cancelOrder(0n),
        () => direct.connect(outsider).close(),
        () => direct.connect(supplier).acceptOrder(0n),
        () => direct.connect(supplier).markShipped(0n, "ipfs://x"),
        () => direct.connect(v1).confirmDelivery(0n, 1n, id),
        () => direct.connect(outsider).confirmDeliveryBySig(0n, 1n, id, []),
        () => direct.connect(v1).cancelSignatures(),
        () => direct.connect(outsider).releasePayment(0n),
      ];
      for (const call of calls) {
        await expect(call()).to.be.revertedWithCustomError(direct, "CampaignNotInitialized");
      }
    });
  });

  describe("the implementation holds no campaign", function () {
    it("refuses cancellations, refunds, orders, close, signatures and the organizer's calls", async function () {
      const { implementation, donors, organizer, v1 } = await networkHelpers.loadFixture(
        fixtures.deployFixture,
      );
      const calls = [
        () => implementation.connect(donors[0]).cancelPledge(ETH),
        () => implementation.connect(donors[0]).cancelPledgeTo(ETH, donors[1].address),
        () => implementation.connect(donors[0]).claimRefund(ETH),
        () => implementation.connect(donors[0]).close(),
        () => implementation.connect(organizer).closeFunding(),
        () =>
          implementation
            .connect(organizer)
            .createOrder(donors[0].address, 1n, 1n, 1n, 0n, ZeroHash),
        () => implementation.connect(organizer).cancelOrder(0n),
        () => implementation.connect(v1).cancelSignatures(),
        () => implementation.raisedUsd(),
        () => implementation.isVerifier(v1.address),
        () => implementation.params(),
        () => implementation.organizer(),
      ];
      for (const call of calls) {
        await expect(call()).to.be.revertedWithCustomError(
          implementation,
          "CampaignNotInitialized",
        );
      }
      expect(await implementation.refundable(donors[0].address, ETH)).to.equal(0n);
      expect(await implementation.withdrawable(donors[0].address, ETH)).to.equal(0n);
      expect(await implementation.pledgeOf(donors[0].address, ETH)).to.deep.equal([0n, 0n]);
      expect((await implementation.ledger(ETH)).pledged).to.equal(0n);
      expect(await implementation.orderCount()).to.equal(0n);
      expect(await implementation.openOrderCount()).to.equal(0n);
    });
  });

  describe("books that would overflow", function () {
    it("refuses a pledge whose USD total would not fit the books (CampaignAmountTooLarge) and books nothing", async function () {
      const { campaign, donors, wbtc, fund } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      // 2^120 base units of an 8-decimal token at $60,000 is worth far more than 2^120 USD wei.
      const amount = 2n ** 120n;
      await fund(wbtc, donors[0], campaign, amount);
      await expect(campaign.connect(donors[0]).pledge(await wbtc.getAddress(), amount))
        .to.be.revertedWithCustomError(campaign, "CampaignAmountTooLarge")
        .withArgs(amount);
      expect((await campaign.ledger(await wbtc.getAddress())).pledged).to.equal(0n);
      expect(await wbtc.balanceOf(donors[0].address)).to.equal(amount);
    });

    it("refuses a pledge whose token total would pass 2^128 - 1, even when its USD value fits", async function () {
      const { campaign, donors, admin, registry, organizer, createCampaign } =
        await networkHelpers.loadFixture(fixtures.campaignFixture);
      // A 24-decimal token worth $10^-8: 2^127 base units are worth about $1.7 million.
      const token = await ethers.deployContract("MockDecimalsToken", [24]);
      const feed = await ethers.deployContract("MockV3Aggregator", [8, 1n, "DUST / USD"]);
      const tokenAddress = await token.getAddress();
      await registry.connect(admin).setAcceptedToken(tokenAddress, await feed.getAddress(), 3_600n);
      const dust = await createCampaign({ tokens: [tokenAddress] }, organizer);
      const half = 2n ** 127n;
      await token.mint(donors[0].address, 3n * half);
      await token.connect(donors[0]).approve(await dust.getAddress(), 3n * half);
      await dust.connect(donors[0]).pledge(tokenAddress, half);
      await expect(dust.connect(donors[0]).pledge(tokenAddress, half))
        .to.be.revertedWithCustomError(dust, "CampaignAmountTooLarge")
        .withArgs(half);
      // One base unit less fits exactly.
      await dust.connect(donors[0]).pledge(tokenAddress, half - 1n);
      expect((await dust.ledger(tokenAddress)).pledged).to.equal(2n ** 128n - 1n);
      expect(await campaign.raisedUsd()).to.equal(0n);
    });

    it("refuses a verifier's 2^32nd use of its nonce rather than wrapping it to a used one", async function () {
      const f = await networkHelpers.loadFixture(fixtures.fundedCampaignFixture);
      const { campaign, v1, v2 } = f;
      // 2^32 - 1 confirmations cannot be made in a test: write v1's nonce into the campaign's state
      // slot (ERC-7201 "handover.storage.Campaign": status, orderCount, openOrders, a 64-bit sequence,
      // then five 32-bit nonces from bit 88).
      const slot = "0x13d17eeefc3b063f07db710df05289ae0492e3e565d7b843f78c38e8b809e400";
      const address = await campaign.getAddress();
      const state = BigInt(await ethers.provider.getStorage(address, slot));
      const maxNonce = 2n ** 32n - 1n;
      await networkHelpers.setStorageAt(address, slot, state | (maxNonce << 88n));
      expect(await campaign.nonces(v1.address)).to.equal(maxNonce);
      expect(await campaign.nonces(v2.address)).to.equal(0n);

      await expect(campaign.connect(v1).cancelSignatures())
        .to.be.revertedWithCustomError(campaign, "CampaignAmountTooLarge")
        .withArgs(2n ** 32n);
      await expect(campaign.connect(v2).cancelSignatures())
        .to.emit(campaign, "NonceUsed")
        .withArgs(v2.address, 1n);
      expect(await campaign.nonces(v1.address)).to.equal(maxNonce);
    });
  });
});
