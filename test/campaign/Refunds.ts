import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { parseEther, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { ETH, OrderStatus, Status, USD, USDC_UNIT, WBTC_UNIT } from "../helpers/fixtures.js";
import {
  ETH_POOL,
  eventsOf,
  expectLedger,
  expectOrder,
  makeLifecycleFixtures,
  mulDiv,
  ORDER_ETH,
  ORDER_UNITS,
  ORDER_USDC,
  RAISED_USD,
  USDC_POOL,
} from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);

/** Funded campaign whose only order ($5,500, 20% advance) was accepted and fully delivered: 1 ETH and 2,500 USDC spent. */
async function completedOrderFixture() {
  const f = await fixtures.acceptedOrderFixture();
  await fixtures.confirmByTwo(f, 0n, ORDER_UNITS);
  return f;
}

/** Awkward USDC pledges: 3,333.333333 + 4,444.444444 + 2,222.222223 = exactly the $10,000 goal. */
const SHARES = { a: 3_333_333_333n, b: 4_444_444_444n, c: 2_222_222_223n };
const NET_PLEDGED = 10_000n * USDC_UNIT;
const SPENT = 1_234_567_891n; // one completed order of 1,234.567891 USDC ($1,234.567891)
const UNSPENT = NET_PLEDGED - SPENT; // 8,765.432109 USDC

/**
 * Three donors pledge awkward USDC amounts (a fourth pledges 1,000 USDC and cancels), the appeal
 * succeeds, and one order of $1,234.567891 (all in USDC, the only token pledged) is delivered and
 * paid. No order is open.
 */
async function proRataFixture() {
  const f = await fixtures.campaignFixture();
  const { campaign, donors, usdc, fund } = f;
  const usdcAddress = await usdc.getAddress();
  const [a, b, c, d] = donors;
  for (const [donor, amount] of [
    [a, SHARES.a],
    [b, SHARES.b],
    [c, SHARES.c],
    [d, 1_000n * USDC_UNIT],
  ] as const) {
    await fund(usdc, donor, campaign, amount);
    await campaign.connect(donor).pledge(usdcAddress, amount);
  }
  await campaign.connect(d).cancelPledge(usdcAddress);
  await time.increaseTo((await campaign.params()).deadline);
  await fixtures.placeOrder(f, { amountUsd: SPENT * 10n ** 12n, units: 1n, advanceBps: 0n });
  await campaign.connect(f.supplier).acceptOrder(0n);
  await fixtures.confirmByTwo(f, 0n, 1n);
  return f;
}

/**
 * Procurement with three orders: #0 placed ($2,750: 0.5 ETH and 1,250 USDC, supplier2), #1 the
 * default order accepted with its 20% advance and 500 of 1,000 units paid (0.5 ETH and 1,250 USDC),
 * #2 $2,200 (0.4 ETH and 1,000 USDC) for 10 units, completed.
 */
async function openOrdersFixture() {
  const f = await fixtures.fundedFixture();
  await fixtures.placeOrder(f, { supplier: f.supplier2.address, amountUsd: 2_750n * USD });
  await fixtures.placeOrder(f);
  await f.campaign.connect(f.supplier).acceptOrder(1n);
  await fixtures.confirmByTwo(f, 1n, 500n);
  await fixtures.placeOrder(f, { amountUsd: 2_200n * USD, units: 10n, advanceBps: 0n });
  await f.campaign.connect(f.supplier).acceptOrder(2n);
  await fixtures.confirmByTwo(f, 2n, 10n);
  return f;
}

describe("Campaign refunds and close", function () {
  describe("after a failed appeal", function () {
    it("gives every donor back 100% of each token pledged", async function () {
      const { campaign, donors, usdc, usdt, wbtc } = await loadFixture(
        fixtures.failedCampaignFixture,
      );
      const [d0, d1, d2] = donors;
      const claims: [HardhatEthersSigner, string, bigint][] = [
        [d0, ETH, parseEther("1")],
        [d0, await usdc.getAddress(), 500_000_000n],
        [d1, ETH, parseEther("0.5")],
        [d2, await usdt.getAddress(), 700_000_000n],
        [d2, await wbtc.getAddress(), 1_000_000n],
      ];
      const tokenContract = new Map<string, typeof usdc | typeof usdt | typeof wbtc>([
        [await usdc.getAddress(), usdc],
        [await usdt.getAddress(), usdt],
        [await wbtc.getAddress(), wbtc],
      ]);

      for (const [donor, token, amount] of claims) {
        expect(await campaign.refundable(donor.address, token)).to.equal(amount);
        const tx = campaign.connect(donor).claimRefund(token);
        await expect(tx)
          .to.emit(campaign, "RefundClaimed")
          .withArgs(donor.address, token, donor.address, amount);
        if (token === ETH) {
          await expect(tx).to.changeEtherBalances(ethers, [donor, campaign], [amount, -amount]);
        } else {
          await expect(tx).to.changeTokenBalances(
            ethers,
            tokenContract.get(token),
            [donor, campaign],
            [amount, -amount],
          );
        }
        expect(await campaign.refundable(donor.address, token)).to.equal(0n);
        expect(await campaign.pledgeOf(donor.address, token)).to.deep.equal([0n, 0n]);
      }

      await expectLedger(campaign, ETH, {
        pledged: parseEther("1.5"),
        refunded: parseEther("1.5"),
        available: 0n,
      });
      await expectLedger(campaign, await usdt.getAddress(), {
        pledged: 700_000_000n,
        refunded: 700_000_000n,
      });
      expect(await ethers.provider.getBalance(await campaign.getAddress())).to.equal(0n);
      expect(await usdc.balanceOf(await campaign.getAddress())).to.equal(0n);
      expect(await wbtc.balanceOf(await campaign.getAddress())).to.equal(0n);
    });

    it("refuses a second claim and a claim by someone who never pledged", async function () {
      const { campaign, donors, outsider } = await loadFixture(fixtures.failedCampaignFixture);
      await campaign.connect(donors[1]).claimRefund(ETH);

      await expect(campaign.connect(donors[1]).claimRefund(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRefund")
        .withArgs(donors[1].address, ETH);
      await expect(campaign.connect(outsider).claimRefund(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRefund")
        .withArgs(outsider.address, ETH);
    });

    it("claimRefundTo sends the refund to another address", async function () {
      const { campaign, donors, outsider } = await loadFixture(fixtures.failedCampaignFixture);
      const tx = campaign.connect(donors[0]).claimRefundTo(ETH, outsider.address);
      await expect(tx)
        .to.emit(campaign, "RefundClaimed")
        .withArgs(donors[0].address, ETH, outsider.address, parseEther("1"));
      await expect(tx).to.changeEtherBalances(
        ethers,
        [outsider, donors[0], campaign],
        [parseEther("1"), 0n, -parseEther("1")],
      );
    });

    it("claimRefundTo refuses the zero address", async function () {
      const { campaign, donors } = await loadFixture(fixtures.failedCampaignFixture);
      await expect(
        campaign.connect(donors[0]).claimRefundTo(ETH, ZeroAddress),
      ).to.be.revertedWithCustomError(campaign, "CampaignZeroAddress");
    });

    it("keeps refunds open while the registry is paused", async function () {
      const { campaign, donors, registry, pauser, usdc } = await loadFixture(
        fixtures.failedCampaignFixture,
      );
      await registry.connect(pauser).pause();

      await expect(campaign.connect(donors[0]).claimRefund(ETH)).to.changeEtherBalances(
        ethers,
        [donors[0], campaign],
        [parseEther("1"), -parseEther("1")],
      );
      await expect(
        campaign.connect(donors[0]).claimRefund(await usdc.getAddress()),
      ).to.changeTokenBalances(ethers, usdc, [donors[0], campaign], [500_000_000n, -500_000_000n]);
    });

    it("refuses close() in a Failed campaign", async function () {
      const { campaign, organizer } = await loadFixture(fixtures.failedCampaignFixture);
      await expect(campaign.connect(organizer).close())
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Failed, Status.Procurement);
    });

    it("has nothing for a donor who cancelled during funding", async function () {
      const f = await loadFixture(fixtures.campaignFixture);
      const { campaign, donors } = f;
      await campaign.connect(donors[3]).pledgeETH({ value: parseEther("1") });
      await campaign.connect(donors[3]).cancelPledge(ETH);
      await time.increaseTo((await campaign.params()).deadline);

      expect(await campaign.status()).to.equal(Status.Failed);
      await expect(campaign.connect(donors[3]).claimRefund(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRefund")
        .withArgs(donors[3].address, ETH);
    });
  });

  describe("claimRefund before the end", function () {
    it("refuses while Funding, with nothing refundable", async function () {
      const { campaign, donors } = await loadFixture(fixtures.campaignFixture);
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") });

      expect(await campaign.refundable(donors[0].address, ETH)).to.equal(0n);
      await expect(campaign.connect(donors[0]).claimRefund(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Funding, Status.Closed);
    });

    it("refuses during Procurement, with nothing refundable", async function () {
      const { campaign, donors } = await loadFixture(fixtures.fundedCampaignFixture);

      expect(await campaign.refundable(donors[0].address, ETH)).to.equal(0n);
      await expect(campaign.connect(donors[0]).claimRefundTo(ETH, donors[0].address))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Procurement, Status.Closed);
    });
  });

  describe("close()", function () {
    it("lets the organizer close once no order is open, recording what is unspent per token", async function () {
      const f = await loadFixture(completedOrderFixture);
      const { campaign, organizer, usdcAddress, usdt, wbtc } = f;

      const tx = campaign.connect(organizer).close();
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["UnspentRecorded", ETH, ETH_POOL - ORDER_ETH, ETH_POOL],
        ["UnspentRecorded", usdcAddress, USDC_POOL - ORDER_USDC, USDC_POOL],
        ["UnspentRecorded", await usdt.getAddress(), 0n, 0n],
        ["UnspentRecorded", await wbtc.getAddress(), 0n, 0n],
        ["CampaignClosed", organizer.address],
        ["StatusChanged", BigInt(Status.Closed), RAISED_USD],
      ]);
      await expect(tx).to.changeEtherBalances(ethers, [campaign], [0n]);

      expect(await campaign.status()).to.equal(Status.Closed);
      await expectLedger(campaign, ETH, {
        unspentAtClose: ETH_POOL - ORDER_ETH,
        earned: ORDER_ETH,
        available: ETH_POOL - ORDER_ETH,
      });
      await expectLedger(campaign, usdcAddress, { unspentAtClose: USDC_POOL - ORDER_USDC });
      // Half of every pool was spent: each donor gets back half of what it gave.
      expect(await campaign.refundable(f.donors[0].address, ETH)).to.equal(ETH_POOL / 2n);
      expect(await campaign.refundable(f.donors[1].address, usdcAddress)).to.equal(USDC_POOL / 2n);
    });

    it("emits StatusChanged(Procurement) then StatusChanged(Closed) when close is the first call after the deadline", async function () {
      const { campaign, organizer } = await loadFixture(fixtures.fundedFixture);
      const statuses = (await eventsOf(campaign, campaign.connect(organizer).close())).filter(
        ([name]) => name === "StatusChanged",
      );
      expect(statuses).to.deep.equal([
        ["StatusChanged", BigInt(Status.Procurement), RAISED_USD],
        ["StatusChanged", BigInt(Status.Closed), RAISED_USD],
      ]);
    });

    it("refuses the organizer while an order is open before the procurement deadline", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { procurementDeadline } = await f.campaign.params();
      await expect(f.campaign.connect(f.organizer).close())
        .to.be.revertedWithCustomError(f.campaign, "CampaignOrdersOpen")
        .withArgs(1n, procurementDeadline);
    });

    it("refuses anyone else before the procurement deadline", async function () {
      const f = await loadFixture(completedOrderFixture);
      const { procurementDeadline } = await f.campaign.params();
      const now = procurementDeadline - 1n;

      await time.setNextBlockTimestamp(now);
      await expect(f.campaign.connect(f.donors[0]).close())
        .to.be.revertedWithCustomError(f.campaign, "CampaignCloseTooEarly")
        .withArgs(procurementDeadline, now);
    });

    it("lets anyone close at the procurement deadline, settling every open order and skipping the completed one", async function () {
      const f = await loadFixture(openOrdersFixture);
      const { campaign, outsider, usdcAddress, usdt, wbtc } = f;
      const { procurementDeadline } = await campaign.params();
      expect(await campaign.openOrderCount()).to.equal(2n);

      await time.setNextBlockTimestamp(procurementDeadline);
      const tx = campaign.connect(outsider).close();
      // Spent: order #1's 0.5 ETH and 1,250 USDC, order #2's 0.4 ETH and 1,000 USDC.
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, parseEther("0.5")],
        ["ReservationReturned", 0n, usdcAddress, 1_250n * USDC_UNIT],
        ["OrderCancelled", 0n, outsider.address],
        ["ReservationReturned", 1n, ETH, parseEther("0.5")],
        ["ReservationReturned", 1n, usdcAddress, 1_250n * USDC_UNIT],
        ["OrderCancelled", 1n, outsider.address],
        ["UnspentRecorded", ETH, parseEther("1.1"), ETH_POOL],
        ["UnspentRecorded", usdcAddress, 2_750n * USDC_UNIT, USDC_POOL],
        ["UnspentRecorded", await usdt.getAddress(), 0n, 0n],
        ["UnspentRecorded", await wbtc.getAddress(), 0n, 0n],
        ["CampaignClosed", outsider.address],
        ["StatusChanged", BigInt(Status.Closed), RAISED_USD],
      ]);

      expect(await campaign.openOrderCount()).to.equal(0n);
      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled });
      await expectOrder(campaign, 1n, { status: OrderStatus.Cancelled, unitsPaid: 500n });
      await expectOrder(campaign, 2n, { status: OrderStatus.Completed });
      await expectLedger(campaign, ETH, {
        reserved: 0n,
        earned: parseEther("0.9"),
        unspentAtClose: parseEther("1.1"),
      });
      await expectLedger(campaign, usdcAddress, {
        reserved: 0n,
        unspentAtClose: 2_750n * USDC_UNIT,
      });
      // 55% of every pool is left: 55% back to each donor, whatever the token.
      expect(await campaign.refundable(f.donors[0].address, ETH)).to.equal(parseEther("1.1"));
      expect(await campaign.refundable(f.donors[1].address, usdcAddress)).to.equal(
        2_750n * USDC_UNIT,
      );
    });

    it("lets anyone close after the procurement deadline even while the registry is paused", async function () {
      const f = await loadFixture(openOrdersFixture);
      const { procurementDeadline } = await f.campaign.params();
      await f.registry.connect(f.pauser).pause();
      await time.increaseTo(procurementDeadline + 1n);

      await expect(f.campaign.connect(f.donors[1]).close())
        .to.emit(f.campaign, "CampaignClosed")
        .withArgs(f.donors[1].address);
    });

    it("settles a suspended supplier's order at close: the unbacked advance it still holds returns to donors", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, outsider, supplier, registry, vetter, usdcAddress } = f;
      await fixtures.confirmByTwo(f, 0n, 100n); // due 0.1 ETH and 250 USDC; advance 0.2 ETH and 500 USDC
      await registry.connect(vetter).suspendSupplier(supplier.address, "investigation");
      await time.increaseTo((await campaign.params()).procurementDeadline);

      const settled = (await eventsOf(campaign, campaign.connect(outsider).close())).slice(0, 5);
      expect(settled).to.deep.equal([
        ["ReservationReturned", 0n, ETH, parseEther("0.8")],
        ["AdvanceReclaimed", 0n, supplier.address, ETH, parseEther("0.1")],
        ["ReservationReturned", 0n, usdcAddress, 2_000n * USDC_UNIT],
        ["AdvanceReclaimed", 0n, supplier.address, usdcAddress, 250n * USDC_UNIT],
        ["OrderCancelled", 0n, outsider.address],
      ]);
      // 100 of 1,000 units delivered: 5% of each pool spent, 95% back to each donor.
      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, advanceReclaimed: true });
      await expectLedger(campaign, ETH, { unspentAtClose: parseEther("1.9"), unbacked: 0n });
      await expectLedger(campaign, usdcAddress, {
        unspentAtClose: 4_750n * USDC_UNIT,
        unbacked: 0n,
      });
      expect(await campaign.refundable(f.donors[0].address, ETH)).to.equal(parseEther("1.9"));
      expect(await campaign.refundable(f.donors[1].address, usdcAddress)).to.equal(
        4_750n * USDC_UNIT,
      );
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);
      await registry.connect(vetter).reinstateSupplier(supplier.address);
      const withdrawal = campaign.connect(supplier).withdraw();
      await expect(withdrawal).to.changeEtherBalance(ethers, supplier, parseEther("0.1"));
      await expect(withdrawal).to.changeTokenBalance(ethers, f.usdc, supplier, 250n * USDC_UNIT);
    });

    it("closes a keep-what-you-raise appeal that raised nothing: no order can be placed, nothing is owed", async function () {
      const f = await loadFixture(fixtures.deployFixture);
      const campaign = await f.createCampaign({ allOrNothing: false });
      await time.increaseTo((await campaign.params()).deadline);
      expect(await campaign.status()).to.equal(Status.Procurement);
      expect(await campaign.unreservedUsd()).to.equal(0n);
      await expect(fixtures.placeOrder({ ...f, campaign }, { amountUsd: 1n }))
        .to.be.revertedWithCustomError(campaign, "CampaignOrderAboveRaised")
        .withArgs(1n, 0n);
      await expect(campaign.connect(f.organizer).close())
        .to.emit(campaign, "UnspentRecorded")
        .withArgs(ETH, 0n, 0n)
        .and.to.emit(campaign, "CampaignClosed")
        .withArgs(f.organizer.address);
      expect(await campaign.refundable(f.donors[0].address, ETH)).to.equal(0n);
      expect((await campaign.ledger(ETH)).advanceCap).to.equal(0n);
    });

    it("refuses to close twice", async function () {
      const f = await loadFixture(completedOrderFixture);
      await f.campaign.connect(f.organizer).close();
      await expect(f.campaign.connect(f.organizer).close())
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongStatus")
        .withArgs(Status.Closed, Status.Procurement);
    });

    it("refuses while Funding", async function () {
      const { campaign, organizer } = await loadFixture(fixtures.campaignFixture);
      await expect(campaign.connect(organizer).close())
        .to.be.revertedWithCustomError(campaign, "CampaignWrongStatus")
        .withArgs(Status.Funding, Status.Procurement);
    });

    it("stops orders and confirmations afterwards", async function () {
      const f = await loadFixture(openOrdersFixture);
      const { procurementDeadline } = await f.campaign.params();
      await time.setNextBlockTimestamp(procurementDeadline);
      await f.campaign.connect(f.outsider).close();

      await expect(f.campaign.connect(f.v1).confirmDelivery(1n, 1_000n, ethers.id("late")))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(1n, OrderStatus.Cancelled);
      await expect(fixtures.placeOrder(f, { amountUsd: USD }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongStatus")
        .withArgs(Status.Closed, Status.Procurement);
    });
  });

  describe("pro-rata refunds after close", function () {
    it("pays unspent * pledge / netPledged rounded down to three donors with awkward amounts", async function () {
      const f = await loadFixture(proRataFixture);
      const { campaign, organizer, usdc, donors } = f;
      const [a, b, c, d] = donors;
      const usdcAddress = await usdc.getAddress();
      expect(await campaign.refundable(a.address, usdcAddress)).to.equal(0n);

      await expect(campaign.connect(organizer).close())
        .to.emit(campaign, "UnspentRecorded")
        .withArgs(usdcAddress, UNSPENT, NET_PLEDGED);

      // 8,765,432,109 * pledge / 10,000,000,000, rounded down:
      const expected: [HardhatEthersSigner, bigint][] = [
        [c, 1_947_873_802n], // 2,222,222,223 -> 1,947,873,802.4...
        [a, 2_921_810_702n], // 3,333,333,333 -> 2,921,810,702.7...
        [b, 3_895_747_603n], // 4,444,444,444 -> 3,895,747,603.6... (the last claimer)
      ];
      for (const [donor, amount] of expected) {
        expect(await campaign.refundable(donor.address, usdcAddress)).to.equal(amount);
      }
      for (const [donor, amount] of expected) {
        const tx = campaign.connect(donor).claimRefund(usdcAddress);
        await expect(tx)
          .to.emit(campaign, "RefundClaimed")
          .withArgs(donor.address, usdcAddress, donor.address, amount);
        await expect(tx).to.changeTokenBalances(ethers, usdc, [donor, campaign], [amount, -amount]);
      }

      const refunded = 1_947_873_802n + 2_921_810_702n + 3_895_747_603n;
      expect(refunded).to.be.at.most(UNSPENT);
      await expectLedger(campaign, usdcAddress, {
        pledged: NET_PLEDGED + 1_000n * USDC_UNIT,
        cancelled: 1_000n * USDC_UNIT,
        refunded,
        earned: SPENT,
        unspentAtClose: UNSPENT,
      });
      // The donor who cancelled during funding has nothing more to claim.
      await expect(campaign.connect(d).claimRefund(usdcAddress))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRefund")
        .withArgs(d.address, usdcAddress);
      // After the supplier withdraws, only the rounding dust (2 units) is left.
      await expect(campaign.connect(f.supplier).withdraw()).to.changeTokenBalance(
        ethers,
        usdc,
        f.supplier,
        SPENT,
      );
      expect(await usdc.balanceOf(await campaign.getAddress())).to.equal(UNSPENT - refunded);
      expect(UNSPENT - refunded).to.equal(2n);
    });

    it("gives every donor back the same fraction of its pledge, whatever the token", async function () {
      const f = await loadFixture(fixtures.campaignFixture);
      const { campaign, donors, usdc, usdt, wbtc, fund, organizer, supplier, supplier2 } = f;
      const [usdcAddress, usdtAddress, wbtcAddress] = await Promise.all(
        [usdc, usdt, wbtc].map((t) => t.getAddress()),
      );
      const pledges: [HardhatEthersSigner, string, bigint][] = [
        [donors[0], ETH, parseEther("2")],
        [donors[1], usdcAddress, 5_000n * USDC_UNIT],
        [donors[2], wbtcAddress, WBTC_UNIT / 20n],
        [donors[3], ETH, parseEther("0.7")],
        [donors[4], usdtAddress, 1_234_567_891n],
        [donors[5], usdcAddress, 333_333_333n],
      ];
      for (const [donor, token, amount] of pledges) {
        if (token === ETH) await campaign.connect(donor).pledgeETH({ value: amount });
        else if (token === usdtAddress) {
          await fixtures.fundUsdt(usdt, donor, campaign, amount);
          await campaign.connect(donor).pledge(token, amount);
        } else {
          await fund(token === usdcAddress ? usdc : wbtc, donor, campaign, amount);
          await campaign.connect(donor).pledge(token, amount);
        }
      }
      const raised = await campaign.raisedUsd();
      await campaign.connect(organizer).closeFunding();
      // A delivered order, a half-delivered one with an advance, and one cancelled unaccepted.
      await fixtures.placeOrder(f, { amountUsd: 4_321n * USD, units: 7n, advanceBps: 0n });
      await campaign.connect(supplier).acceptOrder(0n);
      await fixtures.confirmByTwo(f, 0n, 7n);
      await fixtures.placeOrder(f, { supplier: supplier2.address, amountUsd: 2_999n * USD });
      await campaign.connect(supplier2).acceptOrder(1n);
      await fixtures.confirmByTwo(f, 1n, 333n);
      await fixtures.placeOrder(f, { amountUsd: 1_000n * USD });
      await campaign.connect(organizer).cancelOrder(2n);
      await time.increaseTo((await campaign.params()).procurementDeadline);
      await campaign.connect(f.outsider).close();

      // Spent: order 0 in full, 333 of 1,000 units of order 1 (more than its 20% advance).
      const spentUsd = 4_321n * USD + (2_999n * USD * 333n) / 1_000n;
      const ideal = ((raised - spentUsd) * 10n ** 18n) / raised;
      for (const [donor, token, amount] of pledges) {
        const net = (await campaign.ledger(token)).pledged;
        const refund = await campaign.refundable(donor.address, token);
        const fraction = (refund * 10n ** 18n) / amount;
        // Within a few base units of the token's pool, from rounding each order's share down.
        const tolerance = (4n * 10n ** 18n) / net + 1n;
        const gap = fraction > ideal ? fraction - ideal : ideal - fraction;
        expect(gap, `${donor.address} in ${token}`).to.be.at.most(tolerance);
        expect(refund, "never more than the ideal share").to.be.at.most(
          (amount * (raised - spentUsd)) / raised + 2n,
        );
      }
    });

    // A suspended supplier's cancelled order: its advance comes back in every token, or in none.
    // Either way the ETH donor and the USDC donor get back the same fraction of what they gave.
    for (const history of [
      {
        name: "reclaimed (never withdrawn)",
        withdrawsFirst: false,
        refundBps: 9_500n, // 100 of 1,000 units delivered: 5% spent
        supplierAfter: [parseEther("0.1"), 250n * USDC_UNIT],
      },
      {
        name: "not reclaimed (withdrawn since acceptance)",
        withdrawsFirst: true,
        refundBps: 9_000n, // the 20% advance, half of it backed by delivery: 10% spent
        supplierAfter: [0n, 0n],
      },
    ]) {
      it(`gives the ETH and USDC donors the same fraction after a suspended supplier's advance is ${history.name}`, async function () {
        const f = await loadFixture(fixtures.acceptedOrderFixture);
        const { campaign, organizer, supplier, registry, vetter, donors, usdc, usdcAddress } = f;
        if (history.withdrawsFirst) {
          const tx = campaign.connect(supplier).withdraw();
          await expect(tx).to.changeEtherBalance(ethers, supplier, parseEther("0.2"));
          await expect(tx).to.changeTokenBalance(ethers, usdc, supplier, 500n * USDC_UNIT);
        }
        await fixtures.confirmByTwo(f, 0n, 100n); // due 0.1 ETH and 250 USDC, below the advance
        await registry.connect(vetter).suspendSupplier(supplier.address, "counterfeit masks");
        const cancel = campaign.connect(organizer).cancelOrder(0n);
        const reclaimed = (await eventsOf(campaign, cancel)).filter(
          ([name]) => name === "AdvanceReclaimed",
        );
        expect(reclaimed).to.deep.equal(
          history.withdrawsFirst
            ? []
            : [
                ["AdvanceReclaimed", 0n, supplier.address, ETH, parseEther("0.1")],
                ["AdvanceReclaimed", 0n, supplier.address, usdcAddress, 250n * USDC_UNIT],
              ],
        );
        await expectOrder(campaign, 0n, {
          status: OrderStatus.Cancelled,
          advanceReclaimed: !history.withdrawsFirst,
        });
        await campaign.connect(organizer).close();

        const ethBack = (ETH_POOL * history.refundBps) / 10_000n;
        const usdcBack = (USDC_POOL * history.refundBps) / 10_000n;
        await expectLedger(campaign, ETH, { unspentAtClose: ethBack });
        await expectLedger(campaign, usdcAddress, { unspentAtClose: usdcBack });
        // Same fraction, to the wei: refund * other pool == other refund * pool.
        expect(ethBack * USDC_POOL).to.equal(usdcBack * ETH_POOL);
        const ethClaim = campaign.connect(donors[0]).claimRefund(ETH);
        await expect(ethClaim).to.changeEtherBalances(
          ethers,
          [donors[0], campaign],
          [ethBack, -ethBack],
        );
        const usdcClaim = campaign.connect(donors[1]).claimRefund(usdcAddress);
        await expect(usdcClaim).to.changeTokenBalances(
          ethers,
          usdc,
          [donors[1], campaign],
          [usdcBack, -usdcBack],
        );

        // What the supplier keeps is what donors do not get back, in both tokens.
        await registry.connect(vetter).reinstateSupplier(supplier.address);
        const [ethOwed, usdcOwed] = history.supplierAfter;
        expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ethOwed);
        expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(usdcOwed);
        if (ethOwed === 0n) {
          await expect(campaign.connect(supplier).withdraw())
            .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
            .withArgs(supplier.address);
        } else {
          await campaign.connect(supplier).withdraw();
        }
        expect(await ethers.provider.getBalance(await campaign.getAddress())).to.equal(0n);
        expect(await usdc.balanceOf(await campaign.getAddress())).to.equal(0n);
      });
    }

    it("pays ETH shares with claimRefundTo while the registry is paused", async function () {
      const f = await loadFixture(completedOrderFixture);
      const { campaign, organizer, donors, outsider, registry, pauser, usdc } = f;
      await campaign.connect(organizer).close();
      await registry.connect(pauser).pause();

      // donors[0] is the only ETH donor: the whole unspent 1 ETH is theirs.
      const tx = campaign.connect(donors[0]).claimRefundTo(ETH, outsider.address);
      await expect(tx)
        .to.emit(campaign, "RefundClaimed")
        .withArgs(donors[0].address, ETH, outsider.address, parseEther("1"));
      await expect(tx).to.changeEtherBalances(
        ethers,
        [outsider, donors[0], campaign],
        [parseEther("1"), 0n, -parseEther("1")],
      );
      await expect(
        campaign.connect(donors[1]).claimRefund(await usdc.getAddress()),
      ).to.changeTokenBalances(
        ethers,
        usdc,
        [donors[1], campaign],
        [2_500n * USDC_UNIT, -2_500n * USDC_UNIT],
      );
    });

    it("leaves the supplier's earnings withdrawable after close", async function () {
      const f = await loadFixture(completedOrderFixture);
      await f.campaign.connect(f.organizer).close();
      await f.campaign.connect(f.donors[0]).claimRefund(ETH);
      await f.campaign.connect(f.donors[1]).claimRefund(f.usdcAddress);

      const tx = f.campaign.connect(f.supplier).withdraw();
      expect(await eventsOf(f.campaign, tx)).to.deep.equal([
        ["Withdrawn", f.supplier.address, ETH, f.supplier.address, ORDER_ETH],
        ["Withdrawn", f.supplier.address, f.usdcAddress, f.supplier.address, ORDER_USDC],
      ]);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [f.supplier, f.campaign],
        [ORDER_ETH, -ORDER_ETH],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.supplier, f.campaign],
        [ORDER_USDC, -ORDER_USDC],
      );
      expect(await ethers.provider.getBalance(await f.campaign.getAddress())).to.equal(0n);
      expect(await f.usdc.balanceOf(await f.campaign.getAddress())).to.equal(0n);
    });

    it("has nothing for any donor once an order of everything raised was delivered", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await fixtures.placeOrder(f, { amountUsd: RAISED_USD, advanceBps: 0n });
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      await fixtures.confirmByTwo(f, 0n, ORDER_UNITS);
      await f.campaign.connect(f.organizer).close();

      for (const [donor, token] of [
        [f.donors[0], ETH],
        [f.donors[1], f.usdcAddress],
      ] as const) {
        expect(await f.campaign.refundable(donor.address, token)).to.equal(0n);
        await expect(f.campaign.connect(donor).claimRefund(token))
          .to.be.revertedWithCustomError(f.campaign, "CampaignNothingToRefund")
          .withArgs(donor.address, token);
      }
      expect(mulDiv(ETH_POOL, RAISED_USD, RAISED_USD)).to.equal(
        (await f.campaign.ledger(ETH)).earned,
      );
    });
  });
});
