import { expect } from "chai";
import { network } from "hardhat";

import { ETH, makeFixtures, OrderStatus, Status, USD } from "../helpers/fixtures.js";
import {
  EVIDENCE,
  eventsOf,
  expectOrder,
  makeLifecycleFixtures,
  ORDER_ETH,
  ORDER_USD,
  ORDER_USDC,
  RAISED_USD,
  TERMS_HASH,
  USDC_POOL,
} from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);
const base = makeFixtures(connection);

/** The default campaign with $12,000 pledged before the deadline: the goal is met. */
async function goalMetFixture() {
  const f = await base.campaignFixture();
  await f.campaign.connect(f.donors[0]).pledgeETH({ value: ethers.parseEther("4") });
  return f;
}

/** The accepted no-advance order with v1 having confirmed 500 of 1,000 units. */
async function halfConfirmedFixture() {
  const f = await fixtures.acceptedNoAdvanceFixture();
  await f.campaign.connect(f.v1).confirmDelivery(0n, 500n, EVIDENCE);
  return f;
}

describe("Campaign deadlines and lost roles", function () {
  describe("the procurement deadline ends confirmations, not what they earned", function () {
    it("pays a confirmation made one second before the procurement deadline", async function () {
      const { campaign, v2, supplier, usdcAddress } = await loadFixture(halfConfirmedFixture);
      const { procurementDeadline } = await campaign.params();
      await time.setNextBlockTimestamp(procurementDeadline - 1n);
      await expect(campaign.connect(v2).confirmDelivery(0n, 500n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ORDER_ETH / 2n, 500n, false)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, usdcAddress, ORDER_USDC / 2n, 500n, false);
    });

    it("refuses an on-chain confirmation at the procurement deadline", async function () {
      const { campaign, v2, supplier } = await loadFixture(halfConfirmedFixture);
      const { procurementDeadline } = await campaign.params();
      await time.setNextBlockTimestamp(procurementDeadline);
      await expect(campaign.connect(v2).confirmDelivery(0n, 500n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignProcurementEnded")
        .withArgs(procurementDeadline, procurementDeadline);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
    });

    it("refuses signed confirmations after the procurement deadline, even before their own deadline", async function () {
      const { campaign, v1, v2, relayer, signConfirmation } = await loadFixture(
        fixtures.acceptedNoAdvanceFixture,
      );
      const { procurementDeadline } = await campaign.params();
      const deadline = procurementDeadline + 3_600n;
      const signatures = [
        await signConfirmation(v1, campaign, 0n, 1_000n, EVIDENCE, { deadline }),
        await signConfirmation(v2, campaign, 0n, 1_000n, EVIDENCE, { deadline }),
      ];
      await time.setNextBlockTimestamp(procurementDeadline + 10n);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 1_000n, EVIDENCE, signatures))
        .to.be.revertedWithCustomError(campaign, "CampaignProcurementEnded")
        .withArgs(procurementDeadline, procurementDeadline + 10n);
    });

    it("pays units verified under a pause before the deadline through releasePayment after it", async function () {
      const { campaign, v2, supplier, registry, pauser, outsider, usdcAddress } =
        await loadFixture(halfConfirmedFixture);
      await registry.connect(pauser).pause();
      await campaign.connect(v2).confirmDelivery(0n, 500n, EVIDENCE);
      const { procurementDeadline } = await campaign.params();
      await time.increaseTo(procurementDeadline + 10n);
      await registry.connect(pauser).unpause();

      const tx = campaign.connect(outsider).releasePayment(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["PaymentReleased", 0n, supplier.address, ETH, ORDER_ETH / 2n, 500n, false],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, ORDER_USDC / 2n, 500n, false],
      ]);
      await expect(campaign.connect(outsider).close())
        .to.emit(campaign, "ReservationReturned")
        .withArgs(0n, ETH, ORDER_ETH / 2n)
        .and.to.emit(campaign, "OrderCancelled")
        .withArgs(0n, outsider.address);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ORDER_ETH / 2n);
    });

    it("pays them when whoever closes after the deadline does so, the pause still on", async function () {
      const f = await loadFixture(halfConfirmedFixture);
      const { campaign, v2, supplier, registry, pauser, outsider, usdcAddress, usdt, wbtc } = f;
      await registry.connect(pauser).pause();
      await campaign.connect(v2).confirmDelivery(0n, 500n, EVIDENCE);
      const { procurementDeadline } = await campaign.params();
      await time.increaseTo(procurementDeadline);

      const tx = campaign.connect(outsider).close();
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["PaymentReleased", 0n, supplier.address, ETH, ORDER_ETH / 2n, 500n, false],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, ORDER_USDC / 2n, 500n, false],
        ["ReservationReturned", 0n, ETH, ORDER_ETH / 2n],
        ["ReservationReturned", 0n, usdcAddress, ORDER_USDC / 2n],
        ["OrderCancelled", 0n, outsider.address],
        ["UnspentRecorded", ETH, ethers.parseEther("1.5"), ethers.parseEther("2")],
        ["UnspentRecorded", usdcAddress, USDC_POOL - ORDER_USDC / 2n, USDC_POOL],
        ["UnspentRecorded", await usdt.getAddress(), 0n, 0n],
        ["UnspentRecorded", await wbtc.getAddress(), 0n, 0n],
        ["CampaignClosed", outsider.address],
        ["StatusChanged", BigInt(Status.Closed), RAISED_USD],
      ]);
      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, unitsPaid: 500n });
      expect(await campaign.status()).to.equal(Status.Closed);
    });
  });

  describe("a relayed signature completes the threshold with confirmations already made", function () {
    it("pays when one verifier confirmed by transaction and a relayer submits the second one's signature", async function () {
      const { campaign, v1, v2, relayer, supplier, signConfirmation } = await loadFixture(
        fixtures.acceptedNoAdvanceFixture,
      );
      await campaign.connect(v1).confirmDelivery(0n, 1_000n, EVIDENCE);
      const signature = await signConfirmation(v2, campaign, 0n, 1_000n, EVIDENCE);
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 1_000n, EVIDENCE, [signature]),
      )
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ORDER_ETH, 1_000n, false)
        .and.to.emit(campaign, "OrderCompleted")
        .withArgs(0n);
    });

    it("refuses a lone signature that leaves the quantity below the threshold, and records nothing", async function () {
      const { campaign, v1, v2, relayer, signConfirmation } = await loadFixture(
        fixtures.acceptedNoAdvanceFixture,
      );
      // v1 confirmed 400; v2 signs 1,000: only v2 would agree on 1,000.
      await campaign.connect(v1).confirmDelivery(0n, 400n, EVIDENCE);
      const signature = await signConfirmation(v2, campaign, 0n, 1_000n, EVIDENCE);
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 1_000n, EVIDENCE, [signature]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignNotEnoughSignatures")
        .withArgs(1n, 2n);
      expect(await campaign.confirmedUnits(0n, v2.address)).to.equal(0n);
      expect(await campaign.nonces(v2.address)).to.equal(0n);
    });

    it("refuses an empty signature list", async function () {
      const { campaign, relayer } = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 1n, EVIDENCE, []))
        .to.be.revertedWithCustomError(campaign, "CampaignNotEnoughSignatures")
        .withArgs(0n, 2n);
    });
  });

  describe("an order can't be accepted once it is overdue", function () {
    it("accepts on the deliver-by date and refuses one second later with CampaignOrderOverdue", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { campaign, supplier, order } = f;
      const snapshot = await networkHelpers.takeSnapshot();
      await time.setNextBlockTimestamp(order.deliverBy);
      await expect(campaign.connect(supplier).acceptOrder(order.orderId)).to.emit(
        campaign,
        "OrderAccepted",
      );
      await snapshot.restore();
      await time.setNextBlockTimestamp(order.deliverBy + 1n);
      await expect(campaign.connect(supplier).acceptOrder(order.orderId))
        .to.be.revertedWithCustomError(campaign, "CampaignOrderOverdue")
        .withArgs(order.orderId, order.deliverBy);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
    });
  });

  describe("an organizer whose role is revoked loses its campaigns' controls", function () {
    async function revokedFixture() {
      const f = await fixtures.placedOrderFixture();
      const role = ethers.id("ORGANIZER_ROLE");
      await f.registry.connect(f.admin).revokeRole(role, f.organizer.address);
      return f;
    }

    it("refuses createOrder, cancelOrder and an early close with CampaignOrganizerRevoked", async function () {
      const { campaign, organizer, supplier, order } = await loadFixture(revokedFixture);
      const deliverBy = BigInt(await time.latest()) + 30n * 86_400n;
      await expect(
        campaign
          .connect(organizer)
          .createOrder(supplier.address, USD, 1n, deliverBy, 0n, TERMS_HASH),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignOrganizerRevoked")
        .withArgs(organizer.address);
      await expect(campaign.connect(organizer).cancelOrder(order.orderId))
        .to.be.revertedWithCustomError(campaign, "CampaignOrganizerRevoked")
        .withArgs(organizer.address);
      await expect(campaign.connect(organizer).close())
        .to.be.revertedWithCustomError(campaign, "CampaignOrganizerRevoked")
        .withArgs(organizer.address);
    });

    it("refuses closeFunding to a revoked organizer", async function () {
      const f = await loadFixture(goalMetFixture);
      await f.registry
        .connect(f.admin)
        .revokeRole(ethers.id("ORGANIZER_ROLE"), f.organizer.address);
      await expect(f.campaign.connect(f.organizer).closeFunding())
        .to.be.revertedWithCustomError(f.campaign, "CampaignOrganizerRevoked")
        .withArgs(f.organizer.address);
    });

    it("still lets anyone close after the procurement deadline, so no money is stuck", async function () {
      const { campaign, outsider, order, donors, usdcAddress } = await loadFixture(revokedFixture);
      await time.increaseTo((await campaign.params()).procurementDeadline);
      await expect(campaign.connect(outsider).close())
        .to.emit(campaign, "ReservationReturned")
        .withArgs(order.orderId, ETH, ORDER_ETH)
        .and.to.emit(campaign, "ReservationReturned")
        .withArgs(order.orderId, usdcAddress, ORDER_USDC)
        .and.to.emit(campaign, "OrderCancelled")
        .withArgs(order.orderId, outsider.address);
      expect(await campaign.refundable(donors[0].address, ETH)).to.equal(ethers.parseEther("2"));
      expect(await campaign.refundable(donors[1].address, usdcAddress)).to.equal(USDC_POOL);
      expect((await campaign.order(order.orderId)).amountUsd).to.equal(ORDER_USD);
    });
  });

  describe("a closed funding is checked before the price", function () {
    it("refuses a pledge after closeFunding with CampaignWrongStatus even while paused", async function () {
      const f = await loadFixture(goalMetFixture);
      await f.campaign.connect(f.organizer).closeFunding();
      await f.registry.connect(f.pauser).pause();
      await expect(f.campaign.connect(f.donors[3]).pledgeETH({ value: 1n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongStatus")
        .withArgs(Status.Procurement, Status.Funding);
    });
  });
});
