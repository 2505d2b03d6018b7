import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { parseEther, Signature, ZeroAddress } from "ethers";
import { network } from "hardhat";

import type { Campaign, MockUSDC } from "../../types/ethers-contracts/index.js";
import { ETH, PRICES, Status, USD, USDC_UNIT, WBTC_UNIT } from "../helpers/fixtures.js";
import { expectLedger, makeLifecycleFixtures, MAX_STALENESS } from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** An EIP-2612 permit signed by `owner`, with the domain the token itself reports (`eip712Domain()`). */
async function signPermit(
  token: MockUSDC,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
) {
  const [, name, version, chainId, verifyingContract] = await token.eip712Domain();
  const nonce = await token.nonces(owner.address);
  const signature = await owner.signTypedData(
    { name, version, chainId, verifyingContract },
    PERMIT_TYPES,
    { owner: owner.address, spender, value, nonce, deadline },
  );
  return Signature.from(signature);
}

/** A campaign that accepts only ETH and USDC (the registry also lists USDT and WBTC). */
async function ethAndUsdcCampaignFixture() {
  const f = await fixtures.deployFixture();
  const campaign = await f.createCampaign({ tokens: [ETH, await f.usdc.getAddress()] });
  return { ...f, campaign };
}

/** A campaign that accepts only USDC. */
async function usdcOnlyCampaignFixture() {
  const f = await fixtures.deployFixture();
  const campaign = await f.createCampaign({ tokens: [await f.usdc.getAddress()] });
  return { ...f, campaign };
}

/** Moves to a few seconds before the deadline with fresh feeds, so a test can pick exact timestamps. */
async function nearDeadline(f: { campaign: Campaign; refreshFeeds(): Promise<void> }) {
  const deadline = (await f.campaign.params()).deadline;
  await time.increaseTo(deadline - 60n);
  await f.refreshFeeds();
  return deadline;
}

describe("Campaign pledges", function () {
  describe("pledgeETH", function () {
    it("credits the ETH sent at its USD value at pledge time (1 ETH at $3,000 = 3000e18)", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];

      const tx = campaign.connect(donor).pledgeETH({ value: parseEther("1") });
      await expect(tx)
        .to.emit(campaign, "Pledged")
        .withArgs(donor.address, ETH, parseEther("1"), 3_000n * USD);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [donor, campaign],
        [-parseEther("1"), parseEther("1")],
      );

      expect(await campaign.pledgeOf(donor.address, ETH)).to.deep.equal([
        parseEther("1"),
        3_000n * USD,
      ]);
      expect(await campaign.raisedUsd()).to.equal(3_000n * USD);
      await expectLedger(campaign, ETH, {
        pledged: parseEther("1"),
        pledgedUsd: 3_000n * USD,
        available: parseEther("1"),
        cancelled: 0n,
        reserved: 0n,
      });
    });

    it("adds a donor's pledges together, each valued at the price of its own block", async function () {
      const { campaign, donors, feeds } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });
      // ETH falls to $2,500.50 before the second pledge.
      await feeds.eth.updateAnswer(250_050_000_000n);

      await expect(campaign.connect(donor).pledgeETH({ value: parseEther("0.5") }))
        .to.emit(campaign, "Pledged")
        .withArgs(donor.address, ETH, parseEther("0.5"), 1_250_250_000_000_000_000_000n);

      expect(await campaign.pledgeOf(donor.address, ETH)).to.deep.equal([
        parseEther("1.5"),
        4_250_250_000_000_000_000_000n,
      ]);
      expect(await campaign.raisedUsd()).to.equal(4_250_250_000_000_000_000_000n);
    });

    it("welcomes pledges above the goal and sums every donor into raisedUsd", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("3") });
      await campaign.connect(donors[1]).pledgeETH({ value: parseEther("2") });

      // $15,000 against a $10,000 goal.
      expect(await campaign.raisedUsd()).to.equal(15_000n * USD);
      expect(await campaign.pledgeOf(donors[1].address, ETH)).to.deep.equal([
        parseEther("2"),
        6_000n * USD,
      ]);
      await expectLedger(campaign, ETH, { pledged: parseEther("5"), pledgedUsd: 15_000n * USD });
    });

    it("refuses a pledge of zero ETH", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      await expect(
        campaign.connect(donors[0]).pledgeETH({ value: 0n }),
      ).to.be.revertedWithCustomError(campaign, "CampaignZeroAmount");
    });

    it("refuses ETH in a campaign that does not accept it", async function () {
      const { campaign, donors } = await loadFixture(usdcOnlyCampaignFixture);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(campaign, "CampaignTokenNotAccepted")
        .withArgs(ETH);
    });
  });

  describe("pledge (ERC-20)", function () {
    it("credits USDC (6 decimals): 2,500.5 USDC at $1 = 2500.5e18", async function () {
      const { campaign, donors, usdc, fund } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      const amount = 2_500_500_000n; // 2,500.5 USDC
      await fund(usdc, donor, campaign, amount);
      const usdcAddress = await usdc.getAddress();

      const tx = campaign.connect(donor).pledge(usdcAddress, amount);
      await expect(tx)
        .to.emit(campaign, "Pledged")
        .withArgs(donor.address, usdcAddress, amount, 2_500_500_000_000_000_000_000n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [donor, campaign], [-amount, amount]);

      expect(await campaign.pledgeOf(donor.address, usdcAddress)).to.deep.equal([
        amount,
        2_500_500_000_000_000_000_000n,
      ]);
      expect(await campaign.raisedUsd()).to.equal(2_500_500_000_000_000_000_000n);
      await expectLedger(campaign, usdcAddress, {
        pledged: amount,
        pledgedUsd: 2_500_500_000_000_000_000_000n,
        available: amount,
      });
    });

    it("credits WBTC (8 decimals): 0.12345678 BTC at $60,000 = 7,407.4068e18", async function () {
      const { campaign, donors, wbtc, fund } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[1];
      const amount = 12_345_678n; // 0.12345678 WBTC
      await fund(wbtc, donor, campaign, amount);
      const wbtcAddress = await wbtc.getAddress();

      const tx = campaign.connect(donor).pledge(wbtcAddress, amount);
      await expect(tx)
        .to.emit(campaign, "Pledged")
        .withArgs(donor.address, wbtcAddress, amount, 7_407_406_800n * 10n ** 12n);
      await expect(tx).to.changeTokenBalances(ethers, wbtc, [donor, campaign], [-amount, amount]);
      expect(await campaign.pledgeOf(donor.address, wbtcAddress)).to.deep.equal([
        amount,
        7_407_406_800n * 10n ** 12n,
      ]);
      await expectLedger(campaign, wbtcAddress, {
        pledged: amount,
        pledgedUsd: 7_407_406_800n * 10n ** 12n,
      });
    });

    it("credits a USDT-like token whose transfer returns nothing", async function () {
      const { campaign, donors, usdt } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[2];
      const amount = 1_234_567_891n; // 1,234.567891 USDT
      await fixtures.fundUsdt(usdt, donor, campaign, amount);
      const usdtAddress = await usdt.getAddress();

      const tx = campaign.connect(donor).pledge(usdtAddress, amount);
      await expect(tx)
        .to.emit(campaign, "Pledged")
        .withArgs(donor.address, usdtAddress, amount, 1_234_567_891n * 10n ** 12n);
      await expect(tx).to.changeTokenBalances(ethers, usdt, [donor, campaign], [-amount, amount]);
      await expectLedger(campaign, usdtAddress, {
        pledged: amount,
        pledgedUsd: 1_234_567_891n * 10n ** 12n,
      });
    });

    it("adds up raisedUsd across ETH, USDC and WBTC", async function () {
      const { campaign, donors, usdc, wbtc, fund } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("0.5") }); // $1,500
      await fund(usdc, donors[1], campaign, 250n * USDC_UNIT);
      await campaign.connect(donors[1]).pledge(await usdc.getAddress(), 250n * USDC_UNIT); // $250
      await fund(wbtc, donors[1], campaign, WBTC_UNIT / 100n);
      await campaign.connect(donors[1]).pledge(await wbtc.getAddress(), WBTC_UNIT / 100n); // $600

      expect(await campaign.raisedUsd()).to.equal(2_350n * USD);
    });

    it("refuses a pledge of zero tokens", async function () {
      const { campaign, donors, usdc } = await loadFixture(fixtures.campaignFixture);
      await expect(
        campaign.connect(donors[0]).pledge(await usdc.getAddress(), 0n),
      ).to.be.revertedWithCustomError(campaign, "CampaignZeroAmount");
    });

    it("refuses ETH through pledge(address(0), x)", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      await expect(
        campaign.connect(donors[0]).pledge(ETH, parseEther("1")),
      ).to.be.revertedWithCustomError(campaign, "CampaignUsePledgeETH");
    });

    it("refuses a registry-listed token that this campaign does not accept", async function () {
      const { campaign, donors, wbtc, fund } = await loadFixture(ethAndUsdcCampaignFixture);
      await fund(wbtc, donors[0], campaign, WBTC_UNIT);

      await expect(campaign.connect(donors[0]).pledge(await wbtc.getAddress(), WBTC_UNIT))
        .to.be.revertedWithCustomError(campaign, "CampaignTokenNotAccepted")
        .withArgs(await wbtc.getAddress());
    });
  });

  describe("pledgeWithPermit", function () {
    it("pledges USDC with an EIP-2612 signature instead of an approval", async function () {
      const { campaign, donors, usdc } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      const amount = 1_000n * USDC_UNIT;
      await usdc.mint(donor.address, amount);
      const campaignAddress = await campaign.getAddress();
      const deadline = BigInt(await time.latest()) + 3_600n;
      const sig = await signPermit(usdc, donor, campaignAddress, amount, deadline);

      const tx = campaign
        .connect(donor)
        .pledgeWithPermit(await usdc.getAddress(), amount, deadline, sig.v, sig.r, sig.s);
      await expect(tx)
        .to.emit(campaign, "Pledged")
        .withArgs(donor.address, await usdc.getAddress(), amount, 1_000n * USD);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [donor, campaign], [-amount, amount]);
      expect(await usdc.nonces(donor.address)).to.equal(1n);
      expect(await usdc.allowance(donor.address, campaignAddress)).to.equal(0n);
    });

    it("still pledges when someone front-ran the permit on the token itself", async function () {
      const { campaign, donors, usdc, outsider } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      const amount = 1_000n * USDC_UNIT;
      await usdc.mint(donor.address, amount);
      const campaignAddress = await campaign.getAddress();
      const deadline = BigInt(await time.latest()) + 3_600n;
      const sig = await signPermit(usdc, donor, campaignAddress, amount, deadline);
      // The front-runner consumes the nonce; the allowance it sets is what the pledge needs.
      await usdc
        .connect(outsider)
        .permit(donor.address, campaignAddress, amount, deadline, sig.v, sig.r, sig.s);
      expect(await usdc.allowance(donor.address, campaignAddress)).to.equal(amount);

      const tx = campaign
        .connect(donor)
        .pledgeWithPermit(await usdc.getAddress(), amount, deadline, sig.v, sig.r, sig.s);
      await expect(tx)
        .to.emit(campaign, "Pledged")
        .withArgs(donor.address, await usdc.getAddress(), amount, 1_000n * USD);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [donor, campaign], [-amount, amount]);
    });

    it("fails with the token's ERC20InsufficientAllowance when the permit is invalid and nothing is approved", async function () {
      const { campaign, donors, usdc } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      const amount = 1_000n * USDC_UNIT;
      await usdc.mint(donor.address, amount);
      const campaignAddress = await campaign.getAddress();
      const deadline = BigInt(await time.latest()) + 3_600n;
      // Signed by another account: the token rejects it, and no allowance exists.
      const sig = await signPermit(usdc, donors[1], campaignAddress, amount, deadline);

      await expect(
        campaign
          .connect(donor)
          .pledgeWithPermit(await usdc.getAddress(), amount, deadline, sig.v, sig.r, sig.s),
      )
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
        .withArgs(campaignAddress, 0n, amount);
    });
  });

  describe("funding window", function () {
    it("accepts an ETH pledge in the last second before the deadline", async function () {
      const { campaign, donors, refreshFeeds } = await loadFixture(fixtures.campaignFixture);
      const deadline = await nearDeadline({ campaign, refreshFeeds });

      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, ETH, parseEther("1"), 3_000n * USD);
    });

    it("accepts a USDC pledge in the last second before the deadline", async function () {
      const { campaign, donors, usdc, fund, refreshFeeds } = await loadFixture(
        fixtures.campaignFixture,
      );
      const deadline = await nearDeadline({ campaign, refreshFeeds });
      await fund(usdc, donors[1], campaign, 100n * USDC_UNIT);

      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(campaign.connect(donors[1]).pledge(await usdc.getAddress(), 100n * USDC_UNIT))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[1].address, await usdc.getAddress(), 100n * USDC_UNIT, 100n * USD);
    });

    it("refuses pledges exactly at the deadline", async function () {
      const { campaign, donors, refreshFeeds } = await loadFixture(fixtures.campaignFixture);
      const deadline = await nearDeadline({ campaign, refreshFeeds });

      await time.setNextBlockTimestamp(deadline);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline);
    });

    it("refuses ETH, ERC-20 and permit pledges after the deadline", async function () {
      const { campaign, donors, usdc, fund, refreshFeeds } = await loadFixture(
        fixtures.campaignFixture,
      );
      const deadline = await nearDeadline({ campaign, refreshFeeds });
      await fund(usdc, donors[1], campaign, 100n * USDC_UNIT);
      const usdcAddress = await usdc.getAddress();
      const sig = await signPermit(
        usdc,
        donors[1],
        await campaign.getAddress(),
        100n * USDC_UNIT,
        deadline + 3_600n,
      );

      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline + 1n);
      await time.setNextBlockTimestamp(deadline + 2n);
      await expect(campaign.connect(donors[1]).pledge(usdcAddress, 100n * USDC_UNIT))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline + 2n);
      await time.setNextBlockTimestamp(deadline + 3n);
      await expect(
        campaign
          .connect(donors[1])
          .pledgeWithPermit(usdcAddress, 100n * USDC_UNIT, deadline + 3_600n, sig.v, sig.r, sig.s),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline + 3n);
    });

    it("refuses pledges once the organizer closed funding early", async function () {
      const { campaign, donors, organizer, usdc, fund } = await loadFixture(
        fixtures.campaignFixture,
      );
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("4") }); // $12,000
      await campaign.connect(organizer).closeFunding();
      await fund(usdc, donors[1], campaign, 100n * USDC_UNIT);

      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Procurement, Status.Funding);
      await expect(campaign.connect(donors[1]).pledge(await usdc.getAddress(), 100n * USDC_UNIT))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Procurement, Status.Funding);
    });
  });

  describe("registry rules", function () {
    it("refuses pledges while the registry is paused, and accepts them again once unpaused", async function () {
      const { campaign, donors, registry, pauser, usdc, fund } = await loadFixture(
        fixtures.campaignFixture,
      );
      await fund(usdc, donors[1], campaign, 100n * USDC_UNIT);
      await registry.connect(pauser).pause();

      await expect(
        campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }),
      ).to.be.revertedWithCustomError(registry, "EnforcedPause");
      await expect(
        campaign.connect(donors[1]).pledge(await usdc.getAddress(), 100n * USDC_UNIT),
      ).to.be.revertedWithCustomError(registry, "EnforcedPause");

      await registry.connect(pauser).unpause();
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, ETH, parseEther("1"), 3_000n * USD);
    });

    it("refuses a pledge when the token's feed is stale (RegistryStalePrice bubbles up)", async function () {
      const { campaign, donors, registry, feeds } = await loadFixture(fixtures.campaignFixture);
      const [, , , updatedAt] = await feeds.eth.latestRoundData();
      const now = updatedAt + MAX_STALENESS + 1n;

      await time.setNextBlockTimestamp(now);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistryStalePrice")
        .withArgs(ETH, updatedAt, MAX_STALENESS, now);
    });

    it("accepts a pledge when the price is exactly maxStaleness old", async function () {
      const { campaign, donors, feeds } = await loadFixture(fixtures.campaignFixture);
      const [, , , updatedAt] = await feeds.eth.latestRoundData();

      await time.setNextBlockTimestamp(updatedAt + MAX_STALENESS);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, ETH, parseEther("1"), 3_000n * USD);
    });

    it("refuses a pledge when the feed reports a non-positive price", async function () {
      const { campaign, donors, registry, feeds } = await loadFixture(fixtures.campaignFixture);
      await feeds.eth.updateAnswer(0n);

      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistryNonPositivePrice")
        .withArgs(ETH, 0n);
    });

    it("refuses a token the admin removed from the registry (RegistryTokenNotAccepted)", async function () {
      const { campaign, donors, registry, admin, usdc, fund } = await loadFixture(
        fixtures.campaignFixture,
      );
      await fund(usdc, donors[1], campaign, 100n * USDC_UNIT);
      await registry.connect(admin).removeAcceptedToken(await usdc.getAddress());

      await expect(campaign.connect(donors[1]).pledge(await usdc.getAddress(), 100n * USDC_UNIT))
        .to.be.revertedWithCustomError(registry, "RegistryTokenNotAccepted")
        .withArgs(await usdc.getAddress());
    });
  });

  describe("price safeguards", function () {
    it("refuses a pledge priced by a round dated in the future", async function () {
      const { campaign, donors, registry, feeds } = await loadFixture(fixtures.campaignFixture);
      const now = BigInt(await time.latest());
      await feeds.eth.updateRoundData(9n, PRICES.eth * 100n, now + 60n, now + 60n);
      await time.setNextBlockTimestamp(now + 10n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistryFuturePrice")
        .withArgs(ETH, now + 60n, now + 10n);
      expect(await campaign.raisedUsd()).to.equal(0n);
    });

    it("refuses a pledge priced outside the bounds the admin set, and takes one at a bound", async function () {
      const { campaign, donors, registry, admin, feeds } = await loadFixture(
        fixtures.campaignFixture,
      );
      const [min, max] = [2_000n * 10n ** 8n, 5_000n * 10n ** 8n];
      await registry.connect(admin).setPriceBounds(ETH, min, max);
      await feeds.eth.updateAnswer(max + 1n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistryPriceOutOfBounds")
        .withArgs(ETH, max + 1n, min, max);
      await feeds.eth.updateAnswer(min);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, ETH, parseEther("1"), 2_000n * USD);
    });

    it("refuses pledges while the L2 sequencer is down or within its grace period, and takes them after", async function () {
      const { campaign, donors, registry, admin, refreshFeeds } = await loadFixture(
        fixtures.campaignFixture,
      );
      const sequencer = await ethers.deployContract("MockV3Aggregator", [0, 1n, "L2 Sequencer"]);
      const sequencerAddress = await sequencer.getAddress();
      await registry.connect(admin).setSequencerUptimeFeed(sequencerAddress, 3_600);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistrySequencerDown")
        .withArgs(sequencerAddress, 1n);

      const upSince = BigInt(await time.latest());
      await sequencer.updateRoundData(2n, 0n, upSince, upSince);
      await time.setNextBlockTimestamp(upSince + 3_600n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistrySequencerGracePeriod")
        .withArgs(upSince, 3_600n, upSince + 3_600n);
      await time.increaseTo(upSince + 3_600n);
      await refreshFeeds();
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, ETH, parseEther("1"), 3_000n * USD);
    });
  });

  describe("cancelPledge", function () {
    it("returns the donor's whole ETH pledge and takes it out of raisedUsd", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });
      await campaign.connect(donor).pledgeETH({ value: parseEther("0.5") });
      await campaign.connect(donors[1]).pledgeETH({ value: parseEther("1") });
      expect(await campaign.raisedUsd()).to.equal(7_500n * USD);

      const tx = campaign.connect(donor).cancelPledge(ETH);
      await expect(tx)
        .to.emit(campaign, "PledgeCancelled")
        .withArgs(donor.address, ETH, donor.address, parseEther("1.5"), 4_500n * USD);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [donor, campaign],
        [parseEther("1.5"), -parseEther("1.5")],
      );

      expect(await campaign.pledgeOf(donor.address, ETH)).to.deep.equal([0n, 0n]);
      expect(await campaign.raisedUsd()).to.equal(3_000n * USD);
      await expectLedger(campaign, ETH, {
        pledged: parseEther("2.5"),
        cancelled: parseEther("1.5"),
        pledgedUsd: 3_000n * USD,
        available: parseEther("1"),
      });
    });

    it("returns a USDC pledge and a USDT-like pledge", async function () {
      const { campaign, donors, usdc, usdt, fund } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      const usdcAddress = await usdc.getAddress();
      const usdtAddress = await usdt.getAddress();
      await fund(usdc, donor, campaign, 300n * USDC_UNIT);
      await campaign.connect(donor).pledge(usdcAddress, 300n * USDC_UNIT);
      await fixtures.fundUsdt(usdt, donor, campaign, 200n * USDC_UNIT);
      await campaign.connect(donor).pledge(usdtAddress, 200n * USDC_UNIT);

      const usdcTx = campaign.connect(donor).cancelPledge(usdcAddress);
      await expect(usdcTx)
        .to.emit(campaign, "PledgeCancelled")
        .withArgs(donor.address, usdcAddress, donor.address, 300n * USDC_UNIT, 300n * USD);
      await expect(usdcTx).to.changeTokenBalances(
        ethers,
        usdc,
        [donor, campaign],
        [300n * USDC_UNIT, -300n * USDC_UNIT],
      );
      await expect(campaign.connect(donor).cancelPledge(usdtAddress)).to.changeTokenBalances(
        ethers,
        usdt,
        [donor, campaign],
        [200n * USDC_UNIT, -200n * USDC_UNIT],
      );

      expect(await campaign.raisedUsd()).to.equal(0n);
      await expectLedger(campaign, usdtAddress, {
        pledged: 200n * USDC_UNIT,
        cancelled: 200n * USDC_UNIT,
        pledgedUsd: 0n,
        available: 0n,
      });
    });

    it("lets a donor pledge again after cancelling", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });
      await campaign.connect(donor).cancelPledge(ETH);
      await campaign.connect(donor).pledgeETH({ value: parseEther("0.25") });

      expect(await campaign.pledgeOf(donor.address, ETH)).to.deep.equal([
        parseEther("0.25"),
        750n * USD,
      ]);
      await expectLedger(campaign, ETH, {
        pledged: parseEther("1.25"),
        cancelled: parseEther("1"),
        pledgedUsd: 750n * USD,
        available: parseEther("0.25"),
      });
    });

    it("refuses to cancel when the donor has no pledge of that token (or already cancelled)", async function () {
      const { campaign, donors, usdc } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });

      await expect(campaign.connect(donor).cancelPledge(await usdc.getAddress()))
        .to.be.revertedWithCustomError(campaign, "CampaignNoPledge")
        .withArgs(donor.address, await usdc.getAddress());
      await campaign.connect(donor).cancelPledge(ETH);
      await expect(campaign.connect(donor).cancelPledge(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNoPledge")
        .withArgs(donor.address, ETH);
    });

    it("refuses to cancel at and after the deadline", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });
      const deadline = (await campaign.params()).deadline;

      await time.setNextBlockTimestamp(deadline);
      await expect(campaign.connect(donor).cancelPledge(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline);
      await time.setNextBlockTimestamp(deadline + 100n);
      await expect(campaign.connect(donor).cancelPledge(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline + 100n);
    });

    it("still lets a donor cancel at deadline - 1", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });
      const deadline = (await campaign.params()).deadline;

      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(campaign.connect(donor).cancelPledge(ETH)).to.changeEtherBalances(
        ethers,
        [donor, campaign],
        [parseEther("1"), -parseEther("1")],
      );
    });

    it("works while the registry is paused", async function () {
      const { campaign, donors, registry, pauser } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });
      await registry.connect(pauser).pause();

      const tx = campaign.connect(donor).cancelPledge(ETH);
      await expect(tx)
        .to.emit(campaign, "PledgeCancelled")
        .withArgs(donor.address, ETH, donor.address, parseEther("1"), 3_000n * USD);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [donor, campaign],
        [parseEther("1"), -parseEther("1")],
      );
    });

    it("works for a token the admin has since removed from the registry", async function () {
      const { campaign, donors, registry, admin, usdc, fund } = await loadFixture(
        fixtures.campaignFixture,
      );
      const donor = donors[0];
      const usdcAddress = await usdc.getAddress();
      await fund(usdc, donor, campaign, 100n * USDC_UNIT);
      await campaign.connect(donor).pledge(usdcAddress, 100n * USDC_UNIT);
      await registry.connect(admin).removeAcceptedToken(usdcAddress);

      await expect(campaign.connect(donor).cancelPledge(usdcAddress)).to.changeTokenBalances(
        ethers,
        usdc,
        [donor, campaign],
        [100n * USDC_UNIT, -100n * USDC_UNIT],
      );
    });
  });

  describe("cancelPledgeTo", function () {
    it("returns the whole pledge to another address, naming it in the event", async function () {
      const { campaign, donors, outsider } = await loadFixture(fixtures.campaignFixture);
      const donor = donors[0];
      await campaign.connect(donor).pledgeETH({ value: parseEther("1") });

      const tx = campaign.connect(donor).cancelPledgeTo(ETH, outsider.address);
      await expect(tx)
        .to.emit(campaign, "PledgeCancelled")
        .withArgs(donor.address, ETH, outsider.address, parseEther("1"), 3_000n * USD);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [outsider, donor, campaign],
        [parseEther("1"), 0n, -parseEther("1")],
      );
      expect(await campaign.pledgeOf(donor.address, ETH)).to.deep.equal([0n, 0n]);
      await expectLedger(campaign, ETH, { cancelled: parseEther("1"), pledgedUsd: 0n });
      // The pledge is gone: neither the donor nor the recipient can cancel it again.
      for (const who of [donor, outsider]) {
        await expect(campaign.connect(who).cancelPledgeTo(ETH, who.address))
          .to.be.revertedWithCustomError(campaign, "CampaignNoPledge")
          .withArgs(who.address, ETH);
      }
    });

    it("sends a USDC pledge to another address while the registry is paused", async function () {
      const { campaign, donors, usdc, fund, registry, pauser } = await loadFixture(
        fixtures.campaignFixture,
      );
      const usdcAddress = await usdc.getAddress();
      await fund(usdc, donors[0], campaign, 250n * USDC_UNIT);
      await campaign.connect(donors[0]).pledge(usdcAddress, 250n * USDC_UNIT);
      await registry.connect(pauser).pause();
      await expect(
        campaign.connect(donors[0]).cancelPledgeTo(usdcAddress, donors[1].address),
      ).to.changeTokenBalances(
        ethers,
        usdc,
        [donors[1], donors[0], campaign],
        [250n * USDC_UNIT, 0n, -250n * USDC_UNIT],
      );
    });

    it("refuses the zero address, and after the deadline", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") });
      await expect(
        campaign.connect(donors[0]).cancelPledgeTo(ETH, ZeroAddress),
      ).to.be.revertedWithCustomError(campaign, "CampaignZeroAddress");
      const deadline = (await campaign.params()).deadline;
      await time.setNextBlockTimestamp(deadline);
      await expect(campaign.connect(donors[0]).cancelPledgeTo(ETH, donors[1].address))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline);
    });
  });
});
