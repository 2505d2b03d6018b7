import { expect } from "chai";
import { parseEther } from "ethers";
import { network } from "hardhat";

import { ETH, OrderStatus, Status, SupplierStatus, USDC_UNIT } from "../helpers/fixtures.js";
import {
  ADVANCE_BPS,
  EVIDENCE,
  expectLedger,
  expectOrder,
  makeLifecycleFixtures,
  ORDER_AMOUNT,
  ORDER_UNITS,
  SHIPPING_URI,
  TERMS_HASH,
} from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);

/** The advance of the default order: 20% of 1 ETH. */
const ADVANCE = parseEther("0.2");
/** The ETH pool of the funded fixture (donors[0] pledged 2 ETH). */
const ETH_POOL = parseEther("2");
const MAX_ORDERS = 100n;

describe("Campaign orders", function () {
  describe("createOrder", function () {
    it("places an order, reserves its amount from the token's pool and announces it", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const { campaign, organizer, supplier } = f;
      const deliverBy = await fixtures.deliverByIn(30n);

      const id = await campaign
        .connect(organizer)
        .createOrder.staticCall(
          supplier.address,
          ETH,
          ORDER_AMOUNT,
          ORDER_UNITS,
          deliverBy,
          ADVANCE_BPS,
          TERMS_HASH,
        );
      expect(id).to.equal(0n);
      await expect(
        campaign
          .connect(organizer)
          .createOrder(
            supplier.address,
            ETH,
            ORDER_AMOUNT,
            ORDER_UNITS,
            deliverBy,
            ADVANCE_BPS,
            TERMS_HASH,
          ),
      )
        .to.emit(campaign, "OrderCreated")
        .withArgs(
          0n,
          supplier.address,
          ETH,
          ORDER_AMOUNT,
          ORDER_UNITS,
          deliverBy,
          ADVANCE_BPS,
          TERMS_HASH,
        );

      await expectOrder(campaign, 0n, {
        supplier: supplier.address,
        token: ETH,
        amount: ORDER_AMOUNT,
        paid: 0n,
        units: ORDER_UNITS,
        unitsVerified: 0n,
        deliverBy,
        advanceBps: ADVANCE_BPS,
        status: OrderStatus.Placed,
        termsHash: TERMS_HASH,
      });
      await expectLedger(campaign, ETH, {
        pledged: ETH_POOL,
        reserved: ORDER_AMOUNT,
        earned: 0n,
        available: ETH_POOL - ORDER_AMOUNT,
      });
      expect(await campaign.orderCount()).to.equal(1n);
      expect(await campaign.openOrderCount()).to.equal(1n);
    });

    it("numbers orders in sequence and reserves each from its own token", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const usdc = await f.usdc.getAddress();
      await fixtures.placeOrder(f);
      const second = await fixtures.placeOrder(f, {
        supplier: f.supplier2.address,
        token: usdc,
        amount: 1_500n * USDC_UNIT,
      });

      expect(second.orderId).to.equal(1n);
      await expectOrder(f.campaign, 1n, { supplier: f.supplier2.address, token: usdc });
      await expectLedger(f.campaign, usdc, {
        reserved: 1_500n * USDC_UNIT,
        available: 3_500n * USDC_UNIT,
      });
      await expectLedger(f.campaign, ETH, { reserved: ORDER_AMOUNT });
      expect(await f.campaign.orderCount()).to.equal(2n);
      expect(await f.campaign.openOrderCount()).to.equal(2n);
    });

    it("refuses anyone but the organizer", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const deliverBy = await fixtures.deliverByIn(30n);
      await expect(
        f.campaign
          .connect(f.outsider)
          .createOrder(f.supplier.address, ETH, 1n, 1n, deliverBy, 0n, TERMS_HASH),
      )
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotOrganizer")
        .withArgs(f.outsider.address, f.organizer.address);
    });

    it("refuses while the campaign is still Funding", async function () {
      const f = await loadFixture(fixtures.campaignFixture);
      await f.campaign.connect(f.donors[0]).pledgeETH({ value: parseEther("4") });
      await expect(fixtures.placeOrder(f))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongStatus")
        .withArgs(Status.Funding, Status.Procurement);
    });

    it("refuses in a Failed campaign", async function () {
      const f = await loadFixture(fixtures.failedCampaignFixture);
      await expect(fixtures.placeOrder(f, { amount: 1n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongStatus")
        .withArgs(Status.Failed, Status.Procurement);
    });

    it("refuses a supplier the registry does not know (status None)", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await expect(fixtures.placeOrder(f, { supplier: f.outsider.address }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignSupplierNotVetted")
        .withArgs(f.outsider.address, SupplierStatus.None);
    });

    it("refuses a suspended supplier (status Suspended)", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await f.registry.connect(f.vetter).suspendSupplier(f.supplier.address, "licence expired");
      await expect(fixtures.placeOrder(f))
        .to.be.revertedWithCustomError(f.campaign, "CampaignSupplierNotVetted")
        .withArgs(f.supplier.address, SupplierStatus.Suspended);
    });

    it("refuses a token the campaign does not accept", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const notAToken = f.outsider.address;
      await expect(fixtures.placeOrder(f, { token: notAToken }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignTokenNotAccepted")
        .withArgs(notAToken);
    });

    it("refuses a zero amount", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await expect(fixtures.placeOrder(f, { amount: 0n })).to.be.revertedWithCustomError(
        f.campaign,
        "CampaignZeroAmount",
      );
    });

    it("refuses an amount above 2^128 - 1", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await expect(fixtures.placeOrder(f, { amount: 2n ** 128n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignAmountTooLarge")
        .withArgs(2n ** 128n);
    });

    it("refuses zero units and 2^40 units, and accepts 2^40 - 1", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await expect(fixtures.placeOrder(f, { units: 0n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInvalidUnits")
        .withArgs(0n);
      await expect(fixtures.placeOrder(f, { units: 2n ** 40n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInvalidUnits")
        .withArgs(2n ** 40n);

      await fixtures.placeOrder(f, { units: 2n ** 40n - 1n });
      await expectOrder(f.campaign, 0n, { units: 2n ** 40n - 1n });
    });

    it("refuses a deliver-by date that is not in the future", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const p = await f.campaign.params();
      const latest = p.procurementDeadline - p.deliveryGracePeriod;
      const now = BigInt(await time.latest()) + 10n;

      await time.setNextBlockTimestamp(now);
      await expect(fixtures.placeOrder(f, { deliverBy: now }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInvalidDeliverBy")
        .withArgs(now, now + 1n, latest);
    });

    it("refuses a deliver-by date whose grace period ends after the procurement deadline", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const p = await f.campaign.params();
      const latest = p.procurementDeadline - p.deliveryGracePeriod;
      const now = BigInt(await time.latest()) + 10n;

      await time.setNextBlockTimestamp(now);
      await expect(fixtures.placeOrder(f, { deliverBy: latest + 1n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInvalidDeliverBy")
        .withArgs(latest + 1n, now + 1n, latest);
    });

    it("accepts a deliver-by date of exactly procurementDeadline - grace", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const p = await f.campaign.params();
      const latest = p.procurementDeadline - p.deliveryGracePeriod;

      const { tx } = await fixtures.placeOrder(f, { deliverBy: latest });
      await expect(tx)
        .to.emit(f.campaign, "OrderCreated")
        .withArgs(
          0n,
          f.supplier.address,
          ETH,
          ORDER_AMOUNT,
          ORDER_UNITS,
          latest,
          ADVANCE_BPS,
          TERMS_HASH,
        );
    });

    it("refuses an advance above the campaign's cap and accepts one at the cap", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await expect(fixtures.placeOrder(f, { advanceBps: 3_001n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignAdvanceAboveCap")
        .withArgs(3_001n, 3_000n);

      await fixtures.placeOrder(f, { advanceBps: 3_000n });
      await expectOrder(f.campaign, 0n, { advanceBps: 3_000n });
    });

    it("refuses an order larger than the token's pool", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await expect(fixtures.placeOrder(f, { amount: ETH_POOL + 1n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInsufficientFunds")
        .withArgs(ETH, ETH_POOL, ETH_POOL + 1n);
      // The whole pool is fine.
      await fixtures.placeOrder(f, { amount: ETH_POOL });
      await expectLedger(f.campaign, ETH, { reserved: ETH_POOL, available: 0n });
    });

    it("refuses an order larger than what earlier orders left available", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await fixtures.placeOrder(f, { amount: parseEther("1.5") });

      await expect(fixtures.placeOrder(f, { amount: parseEther("0.6") }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInsufficientFunds")
        .withArgs(ETH, parseEther("0.5"), parseEther("0.6"));
    });

    it("refuses at the procurement deadline", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const p = await f.campaign.params();
      const deliverBy = p.procurementDeadline - p.deliveryGracePeriod;

      await time.setNextBlockTimestamp(p.procurementDeadline);
      await expect(fixtures.placeOrder(f, { deliverBy }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignProcurementEnded")
        .withArgs(p.procurementDeadline, p.procurementDeadline);
    });

    it("refuses while the registry is paused", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await f.registry.connect(f.pauser).pause();
      await expect(fixtures.placeOrder(f)).to.be.revertedWithCustomError(
        f.registry,
        "EnforcedPause",
      );
    });

    it("refuses the 101st order (MAX_ORDERS = 100)", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const c = f.campaign.connect(f.organizer);
      expect(await c.MAX_ORDERS()).to.equal(MAX_ORDERS);
      const deliverBy = await fixtures.deliverByIn(30n);
      for (let i = 0n; i < MAX_ORDERS; i++) {
        await c.createOrder(f.supplier.address, ETH, 1n, 1n, deliverBy, 0n, TERMS_HASH);
      }
      expect(await c.orderCount()).to.equal(MAX_ORDERS);
      expect(await c.openOrderCount()).to.equal(MAX_ORDERS);

      await expect(c.createOrder(f.supplier.address, ETH, 1n, 1n, deliverBy, 0n, TERMS_HASH))
        .to.be.revertedWithCustomError(c, "CampaignTooManyOrders")
        .withArgs(MAX_ORDERS);
    });
  });

  describe("acceptOrder", function () {
    it("credits the advance (amount * bps / 10,000) as withdrawable, without moving money", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { campaign, supplier } = f;

      const tx = campaign.connect(supplier).acceptOrder(0n);
      await expect(tx).to.emit(campaign, "OrderAccepted").withArgs(0n, supplier.address, ADVANCE);
      await expect(tx)
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ADVANCE, 0n, true);
      await expect(tx).to.changeEtherBalances(ethers, [campaign, supplier], [0n, 0n]);

      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ADVANCE);
      await expectOrder(campaign, 0n, { status: OrderStatus.Accepted, paid: ADVANCE });
      await expectLedger(campaign, ETH, {
        reserved: ORDER_AMOUNT - ADVANCE,
        earned: ADVANCE,
        withdrawn: 0n,
        available: ETH_POOL - ORDER_AMOUNT,
      });
    });

    it("rounds the advance down", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      // 1,000,001 wei at 30% = 300,000.3 wei, rounded down to 300,000.
      await fixtures.placeOrder(f, { amount: 1_000_001n, advanceBps: 3_000n });
      await expect(f.campaign.connect(f.supplier).acceptOrder(0n))
        .to.emit(f.campaign, "OrderAccepted")
        .withArgs(0n, f.supplier.address, 300_000n);
      expect(await f.campaign.withdrawable(f.supplier.address, ETH)).to.equal(300_000n);
    });

    it("credits nothing and releases no payment for an order without advance", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await fixtures.placeOrder(f, { advanceBps: 0n });

      const tx = f.campaign.connect(f.supplier).acceptOrder(0n);
      await expect(tx).to.emit(f.campaign, "OrderAccepted").withArgs(0n, f.supplier.address, 0n);
      await expect(tx).not.to.emit(f.campaign, "PaymentReleased");
      expect(await f.campaign.withdrawable(f.supplier.address, ETH)).to.equal(0n);
      await expectLedger(f.campaign, ETH, { reserved: ORDER_AMOUNT, earned: 0n });
    });

    it("refuses anyone but the order's supplier", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.connect(f.supplier2).acceptOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotSupplier")
        .withArgs(0n, f.supplier2.address, f.supplier.address);
    });

    it("refuses to accept twice", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      await expect(f.campaign.connect(f.supplier).acceptOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Accepted);
    });

    it("refuses a cancelled order", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await f.campaign.connect(f.organizer).cancelOrder(0n);
      await expect(f.campaign.connect(f.supplier).acceptOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Cancelled);
    });

    it("refuses a supplier suspended since the order was placed", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await f.registry.connect(f.vetter).suspendSupplier(f.supplier.address, "failed audit");
      await expect(f.campaign.connect(f.supplier).acceptOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignSupplierNotVetted")
        .withArgs(f.supplier.address, SupplierStatus.Suspended);
    });

    it("refuses at the procurement deadline", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { procurementDeadline } = await f.campaign.params();
      await time.setNextBlockTimestamp(procurementDeadline);
      await expect(f.campaign.connect(f.supplier).acceptOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignProcurementEnded")
        .withArgs(procurementDeadline, procurementDeadline);
    });

    it("refuses while the registry is paused", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await f.registry.connect(f.pauser).pause();
      await expect(f.campaign.connect(f.supplier).acceptOrder(0n)).to.be.revertedWithCustomError(
        f.registry,
        "EnforcedPause",
      );
    });
  });

  describe("markShipped", function () {
    it("marks a shipment with evidence and may repeat", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const c = f.campaign.connect(f.supplier);

      await expect(c.markShipped(0n, SHIPPING_URI))
        .to.emit(f.campaign, "ShipmentMarked")
        .withArgs(0n, f.supplier.address, SHIPPING_URI);
      await expectOrder(f.campaign, 0n, { status: OrderStatus.Shipped });
      await expect(c.markShipped(0n, "https://tracking.example/second-lot"))
        .to.emit(f.campaign, "ShipmentMarked")
        .withArgs(0n, f.supplier.address, "https://tracking.example/second-lot");
      await expectOrder(f.campaign, 0n, { status: OrderStatus.Shipped });
    });

    it("requires evidence", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      await expect(
        f.campaign.connect(f.supplier).markShipped(0n, ""),
      ).to.be.revertedWithCustomError(f.campaign, "CampaignMissingEvidence");
    });

    it("refuses before the order is accepted", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.connect(f.supplier).markShipped(0n, SHIPPING_URI))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Placed);
    });

    it("refuses anyone but the order's supplier", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      await expect(f.campaign.connect(f.outsider).markShipped(0n, SHIPPING_URI))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotSupplier")
        .withArgs(0n, f.outsider.address, f.supplier.address);
    });
  });

  describe("cancelOrder", function () {
    it("cancels a placed order at any time and returns its whole amount to the pool", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { campaign, organizer } = f;

      const tx = campaign.connect(organizer).cancelOrder(0n);
      await expect(tx)
        .to.emit(campaign, "OrderCancelled")
        .withArgs(0n, organizer.address, ORDER_AMOUNT);
      await expect(tx).to.changeEtherBalances(ethers, [campaign], [0n]);

      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, paid: 0n });
      await expectLedger(campaign, ETH, { reserved: 0n, earned: 0n, available: ETH_POOL });
      expect(await campaign.openOrderCount()).to.equal(0n);
      expect(await campaign.orderCount()).to.equal(1n);
    });

    it("refuses anyone but the organizer", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.connect(f.supplier).cancelOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotOrganizer")
        .withArgs(f.supplier.address, f.organizer.address);
    });

    it("refuses an accepted order one second before deliverBy + grace", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { deliveryGracePeriod } = await f.campaign.params();
      const cancellableAt = f.order.deliverBy + deliveryGracePeriod;

      await time.setNextBlockTimestamp(cancellableAt - 1n);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignOrderNotExpired")
        .withArgs(0n, cancellableAt);
    });

    it("cancels an accepted order exactly at deliverBy + grace; the supplier keeps its advance", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { deliveryGracePeriod } = await f.campaign.params();
      const cancellableAt = f.order.deliverBy + deliveryGracePeriod;

      await time.setNextBlockTimestamp(cancellableAt);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.emit(f.campaign, "OrderCancelled")
        .withArgs(0n, f.organizer.address, ORDER_AMOUNT - ADVANCE);

      await expectLedger(f.campaign, ETH, {
        reserved: 0n,
        earned: ADVANCE,
        available: ETH_POOL - ADVANCE,
      });
      expect(await f.campaign.withdrawable(f.supplier.address, ETH)).to.equal(ADVANCE);
      expect(await f.campaign.openOrderCount()).to.equal(0n);
    });

    it("returns amount - paid when part of a shipped order was paid for verified deliveries", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      await f.campaign.connect(f.supplier).markShipped(0n, SHIPPING_URI);
      await f.campaign.connect(f.v1).confirmDelivery(0n, 500n, EVIDENCE);
      await f.campaign.connect(f.v2).confirmDelivery(0n, 500n, EVIDENCE); // paid: 0.5 ETH in all
      const { deliveryGracePeriod } = await f.campaign.params();
      await time.setNextBlockTimestamp(f.order.deliverBy + deliveryGracePeriod);

      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.emit(f.campaign, "OrderCancelled")
        .withArgs(0n, f.organizer.address, parseEther("0.5"));
      await expectLedger(f.campaign, ETH, {
        reserved: 0n,
        earned: parseEther("0.5"),
        available: parseEther("1.5"),
      });
    });

    it("cancels an accepted order at any time once its supplier is suspended", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      await f.registry.connect(f.vetter).suspendSupplier(f.supplier.address, "counterfeit masks");

      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.emit(f.campaign, "OrderCancelled")
        .withArgs(0n, f.organizer.address, ORDER_AMOUNT - ADVANCE);
      await expectOrder(f.campaign, 0n, { status: OrderStatus.Cancelled });
      expect(await f.campaign.openOrderCount()).to.equal(0n);
    });

    it("refuses to cancel twice", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await f.campaign.connect(f.organizer).cancelOrder(0n);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Cancelled);
    });

    it("works while the registry is paused (placed, and accepted past its grace period)", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      await fixtures.placeOrder(f, { supplier: f.supplier2.address, amount: parseEther("0.5") });
      await f.registry.connect(f.pauser).pause();

      await expect(f.campaign.connect(f.organizer).cancelOrder(1n))
        .to.emit(f.campaign, "OrderCancelled")
        .withArgs(1n, f.organizer.address, parseEther("0.5"));
      const { deliveryGracePeriod } = await f.campaign.params();
      await time.setNextBlockTimestamp(f.order.deliverBy + deliveryGracePeriod);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.emit(f.campaign, "OrderCancelled")
        .withArgs(0n, f.organizer.address, ORDER_AMOUNT - ADVANCE);
      expect(await f.campaign.openOrderCount()).to.equal(0n);
    });
  });

  describe("unknown orders", function () {
    it("reverts with CampaignUnknownOrder(id, orderCount) for a missing id everywhere", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { campaign } = f;
      const missing = 7n;

      await expect(campaign.order(missing))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(missing, 1n);
      await expect(campaign.confirmedUnits(missing, f.v1.address))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(missing, 1n);
      await expect(campaign.connect(f.supplier).acceptOrder(missing))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(missing, 1n);
      await expect(campaign.connect(f.supplier).markShipped(missing, SHIPPING_URI))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(missing, 1n);
      await expect(campaign.connect(f.organizer).cancelOrder(missing))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(missing, 1n);
      await expect(campaign.connect(f.v1).confirmDelivery(missing, 1n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(missing, 1n);
      await expect(campaign.connect(f.outsider).releasePayment(missing))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(missing, 1n);
    });

    it("knows no order 0 in a campaign without orders", async function () {
      const { campaign } = await loadFixture(fixtures.fundedCampaignFixture);
      await expect(campaign.order(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(0n, 0n);
    });
  });
});
