import { expect } from "chai";
import { parseEther } from "ethers";
import { network } from "hardhat";

import { ORGANIZER_ROLE } from "../../ignition/modules/Handover.js";
import { ETH, Status, USD, USDC_UNIT, WBTC_UNIT } from "../helpers/fixtures.js";
import {
  ADVANCE_BPS,
  eventsOf,
  makeLifecycleFixtures,
  ORDER_UNITS,
  ORDER_USD,
  TERMS_HASH,
} from "./lifecycle-helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);

/** A keep-what-you-raise campaign (otherwise the defaults: $10,000 goal, 14 days). */
async function keepWhatYouRaiseFixture() {
  const f = await fixtures.deployFixture();
  const campaign = await f.createCampaign({ allOrNothing: false });
  return { ...f, campaign };
}

/** The default campaign with $12,000 pledged (4 ETH from donors[0]): the goal is met before the deadline. */
async function goalMetFixture() {
  const f = await fixtures.campaignFixture();
  await f.campaign.connect(f.donors[0]).pledgeETH({ value: parseEther("4") });
  return f;
}

describe("Campaign funding", function () {
  describe("status()", function () {
    it("is Funding from creation until deadline - 1", async function () {
      const { campaign } = await loadFixture(fixtures.campaignFixture);
      expect(await campaign.status()).to.equal(Status.Funding);

      await time.increaseTo((await campaign.params()).deadline - 1n);
      expect(await campaign.status()).to.equal(Status.Funding);
    });

    it("is Failed exactly at the deadline when an all-or-nothing appeal missed its goal", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("3") }); // $9,000 < $10,000
      const deadline = (await campaign.params()).deadline;

      await time.increaseTo(deadline - 1n);
      expect(await campaign.status()).to.equal(Status.Funding);
      await time.increaseTo(deadline);
      expect(await campaign.status()).to.equal(Status.Failed);
    });

    it("is Failed when the goal is missed by a single USDC unit", async function () {
      const { campaign, donors, usdc, fund } = await loadFixture(fixtures.campaignFixture);
      const amount = 10_000n * USDC_UNIT - 1n; // $9,999.999999
      await fund(usdc, donors[0], campaign, amount);
      await campaign.connect(donors[0]).pledge(await usdc.getAddress(), amount);

      await time.increaseTo((await campaign.params()).deadline);
      expect(await campaign.raisedUsd()).to.equal(10_000n * USD - 10n ** 12n);
      expect(await campaign.status()).to.equal(Status.Failed);
    });

    it("is Procurement exactly at the deadline when the goal is met to the cent", async function () {
      const { campaign, donors, usdc, fund } = await loadFixture(fixtures.campaignFixture);
      await fund(usdc, donors[0], campaign, 10_000n * USDC_UNIT);
      await campaign.connect(donors[0]).pledge(await usdc.getAddress(), 10_000n * USDC_UNIT);
      const deadline = (await campaign.params()).deadline;

      await time.increaseTo(deadline - 1n);
      expect(await campaign.status()).to.equal(Status.Funding);
      await time.increaseTo(deadline);
      expect(await campaign.status()).to.equal(Status.Procurement);
    });

    it("is Procurement at the deadline for keep-what-you-raise even below the goal", async function () {
      const { campaign, donors } = await loadFixture(keepWhatYouRaiseFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("0.1") }); // $300 of $10,000

      await time.increaseTo((await campaign.params()).deadline);
      expect(await campaign.status()).to.equal(Status.Procurement);
    });

    it("judges the goal on USD at pledge time: a price drop after pledging does not fail the appeal", async function () {
      const { campaign, donors, feeds, registry } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("4") }); // $12,000 at $3,000
      await feeds.eth.updateAnswer(1_000n * 10n ** 8n); // ETH now $1,000: 4 ETH are worth $4,000

      expect(await registry.usdValue(ETH, parseEther("4"))).to.equal(4_000n * USD);
      expect(await campaign.raisedUsd()).to.equal(12_000n * USD);
      await time.increaseTo((await campaign.params()).deadline);
      expect(await campaign.status()).to.equal(Status.Procurement);
    });

    it("judges the goal on USD at pledge time: a price rise after pledging does not rescue the appeal", async function () {
      const { campaign, donors, feeds } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("3") }); // $9,000 at $3,000
      await feeds.eth.updateAnswer(5_000n * 10n ** 8n); // now worth $15,000

      await time.increaseTo((await campaign.params()).deadline);
      expect(await campaign.raisedUsd()).to.equal(9_000n * USD);
      expect(await campaign.status()).to.equal(Status.Failed);
    });

    it("counts a cancelled pledge no more: cancelling below the goal before the deadline fails the appeal", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("3") });
      await campaign.connect(donors[1]).pledgeETH({ value: parseEther("1") }); // $12,000 in all
      await campaign.connect(donors[1]).cancelPledge(ETH); // back to $9,000

      await time.increaseTo((await campaign.params()).deadline);
      expect(await campaign.status()).to.equal(Status.Failed);
    });

    it("stores Procurement lazily: the first state-changing call emits StatusChanged once", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const { campaign } = f;
      expect(await campaign.status()).to.equal(Status.Procurement);

      const first = await fixtures.placeOrder(f);
      await expect(first.tx)
        .to.emit(campaign, "StatusChanged")
        .withArgs(Status.Procurement, 11_000n * USD);
      // The status is stored now: the next order does not announce it again.
      const second = await fixtures.placeOrder(f, { amountUsd: USD });
      await expect(second.tx).not.to.emit(campaign, "StatusChanged");
    });

    it("stores Failed lazily: the first refund claim emits StatusChanged once", async function () {
      const { campaign, donors } = await loadFixture(fixtures.failedCampaignFixture);

      await expect(campaign.connect(donors[0]).claimRefund(ETH))
        .to.emit(campaign, "StatusChanged")
        .withArgs(Status.Failed, 6_300n * USD);
      await expect(campaign.connect(donors[1]).claimRefund(ETH)).not.to.emit(
        campaign,
        "StatusChanged",
      );
      expect(await campaign.status()).to.equal(Status.Failed);
    });
  });

  describe("closeFunding", function () {
    it("ends funding early once the goal is met: FundingClosed and StatusChanged(Procurement)", async function () {
      const { campaign, organizer } = await loadFixture(goalMetFixture);

      const tx = campaign.connect(organizer).closeFunding();
      await expect(tx)
        .to.emit(campaign, "FundingClosed")
        .withArgs(organizer.address, 12_000n * USD);
      await expect(tx)
        .to.emit(campaign, "StatusChanged")
        .withArgs(Status.Procurement, 12_000n * USD);
      expect(await campaign.status()).to.equal(Status.Procurement);
      expect(await time.latest()).to.be.lessThan(Number((await campaign.params()).deadline));
    });

    it("lets the organizer place orders right away, before the funding deadline", async function () {
      const f = await loadFixture(goalMetFixture);
      await f.campaign.connect(f.organizer).closeFunding();

      // $5,500 of the $12,000 raised in ETH: 11/24 of the 4 ETH.
      const order = await fixtures.placeOrder(f);
      expect(await eventsOf(f.campaign, order.tx)).to.deep.equal([
        [
          "OrderCreated",
          0n,
          f.supplier.address,
          ORDER_USD,
          ORDER_UNITS,
          order.deliverBy,
          ADVANCE_BPS,
          TERMS_HASH,
        ],
        ["OrderReserved", 0n, ETH, (parseEther("4") * 5_500n) / 12_000n],
      ]);
      expect(await f.campaign.openOrderCount()).to.equal(1n);
      expect(await time.latest()).to.be.lessThan(Number((await f.campaign.params()).deadline));
    });

    it("refuses anyone but the campaign's organizer, even another organizer", async function () {
      const { campaign, organizer, outsider, registry, admin } = await loadFixture(goalMetFixture);
      await expect(campaign.connect(outsider).closeFunding())
        .to.be.revertedWithCustomError(campaign, "CampaignNotOrganizer")
        .withArgs(outsider.address, organizer.address);

      await registry.connect(admin).grantRole(ORGANIZER_ROLE, outsider.address);
      await expect(campaign.connect(outsider).closeFunding())
        .to.be.revertedWithCustomError(campaign, "CampaignNotOrganizer")
        .withArgs(outsider.address, organizer.address);
    });

    it("refuses before the goal is reached", async function () {
      const { campaign, organizer, donors } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("3") });

      await expect(campaign.connect(organizer).closeFunding())
        .to.be.revertedWithCustomError(campaign, "CampaignGoalNotReached")
        .withArgs(9_000n * USD, 10_000n * USD);
    });

    it("refuses at and after the deadline", async function () {
      const { campaign, organizer } = await loadFixture(goalMetFixture);
      const deadline = (await campaign.params()).deadline;

      await time.setNextBlockTimestamp(deadline);
      await expect(campaign.connect(organizer).closeFunding())
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline);
      await time.setNextBlockTimestamp(deadline + 10n);
      await expect(campaign.connect(organizer).closeFunding())
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline + 10n);
    });

    it("refuses a second time", async function () {
      const { campaign, organizer } = await loadFixture(goalMetFixture);
      await campaign.connect(organizer).closeFunding();

      await expect(campaign.connect(organizer).closeFunding())
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Procurement, Status.Funding);
    });

    it("refuses pledges of every accepted token afterwards", async function () {
      const { campaign, organizer, donors, usdc, usdt, wbtc, fund } =
        await loadFixture(goalMetFixture);
      const donor = donors[1];
      await fund(usdc, donor, campaign, 100n * USDC_UNIT);
      await fixtures.fundUsdt(usdt, donor, campaign, 100n * USDC_UNIT);
      await fund(wbtc, donor, campaign, WBTC_UNIT);
      await campaign.connect(organizer).closeFunding();

      await expect(campaign.connect(donor).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Procurement, Status.Funding);
      for (const [token, amount] of [
        [await usdc.getAddress(), 100n * USDC_UNIT],
        [await usdt.getAddress(), 100n * USDC_UNIT],
        [await wbtc.getAddress(), WBTC_UNIT],
      ] as const) {
        await expect(campaign.connect(donor).pledge(token, amount))
          .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
          .withArgs(Status.Procurement, Status.Funding);
      }
      expect(await campaign.raisedUsd()).to.equal(12_000n * USD);
    });

    it("locks pledges in: donors can no longer cancel", async function () {
      const { campaign, organizer, donors } = await loadFixture(goalMetFixture);
      await campaign.connect(organizer).closeFunding();
      const deadline = (await campaign.params()).deadline;
      const now = BigInt(await time.latest()) + 1n;

      expect(now).to.be.lessThan(deadline); // the deadline has not passed: the status is what refuses
      await time.setNextBlockTimestamp(now);
      await expect(campaign.connect(donors[0]).cancelPledge(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Procurement, Status.Funding);
    });

    it("keeps Procurement after the deadline (an early close is not re-judged)", async function () {
      const { campaign, organizer } = await loadFixture(goalMetFixture);
      await campaign.connect(organizer).closeFunding();

      await time.increaseTo((await campaign.params()).deadline + 1n);
      expect(await campaign.status()).to.equal(Status.Procurement);
    });
  });
});
