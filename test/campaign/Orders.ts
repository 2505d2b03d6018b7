/**
 * Purchase orders in v2: an order is worth `amountUsd` and reserves the same fraction
 * (`amountUsd / raisedUsd`) of every token's net pledges; its advance is credited in every token on
 * acceptance, within the campaign-wide cap on unbacked advances; cancelling credits verified units
 * first, reclaims a suspended supplier's unwithdrawn advance, then returns the rest.
 */
import { expect } from "chai";
import { parseEther } from "ethers";
import { network } from "hardhat";

import { ETH, OrderStatus, PartyStatus, Status, USD, USDC_UNIT } from "../helpers/fixtures.js";
import {
  ADVANCE_BPS,
  ADVANCE_ETH,
  ADVANCE_USDC,
  ETH_POOL,
  EVIDENCE,
  eventsOf,
  expectLedger,
  expectOrder,
  makeLifecycleFixtures,
  mulDiv,
  ORDER_ETH,
  ORDER_UNITS,
  ORDER_USD,
  ORDER_USDC,
  RAISED_USD,
  SHIPPING_URI,
  shareOf,
  TERMS_HASH,
  USDC_POOL,
} from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);

const MAX_ORDERS = 100n;
const GRACE = 7n * 24n * 3_600n;

describe("Campaign orders", function () {
  describe("createOrder", function () {
    it("places a $5,500 order: reserves half of every pool and announces each token's share, in order", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, organizer, supplier, usdcAddress, usdt, wbtc } = f;
      const deliverBy = await fixtures.deliverByIn(30n);
      const args = [
        supplier.address,
        ORDER_USD,
        ORDER_UNITS,
        deliverBy,
        ADVANCE_BPS,
        TERMS_HASH,
      ] as const;

      expect(await campaign.connect(organizer).createOrder.staticCall(...args)).to.equal(0n);
      const tx = campaign.connect(organizer).createOrder(...args);
      // The first call after the deadline stores Procurement; USDT and WBTC, never pledged, reserve nothing.
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["StatusChanged", BigInt(Status.Procurement), RAISED_USD],
        [
          "OrderCreated",
          0n,
          supplier.address,
          ORDER_USD,
          ORDER_UNITS,
          deliverBy,
          ADVANCE_BPS,
          TERMS_HASH,
        ],
        ["OrderReserved", 0n, ETH, ORDER_ETH],
        ["OrderReserved", 0n, usdcAddress, ORDER_USDC],
      ]);
      await expect(tx).to.changeEtherBalances(ethers, [campaign, supplier], [0n, 0n]);

      await expectOrder(campaign, 0n, {
        supplier: supplier.address,
        amountUsd: ORDER_USD,
        units: ORDER_UNITS,
        unitsVerified: 0n,
        unitsPaid: 0n,
        deliverBy,
        advanceBps: ADVANCE_BPS,
        advancePaid: false,
        advanceReclaimed: false,
        status: OrderStatus.Placed,
        termsHash: TERMS_HASH,
      });
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([ORDER_ETH, 0n, ADVANCE_ETH]);
      expect(await shareOf(campaign, 0n, usdcAddress)).to.deep.equal([
        ORDER_USDC,
        0n,
        ADVANCE_USDC,
      ]);
      expect(await shareOf(campaign, 0n, await usdt.getAddress())).to.deep.equal([0n, 0n, 0n]);
      expect(await shareOf(campaign, 0n, await wbtc.getAddress())).to.deep.equal([0n, 0n, 0n]);
      await expectLedger(campaign, ETH, {
        pledged: ETH_POOL,
        reserved: ORDER_ETH,
        earned: 0n,
        available: ETH_POOL - ORDER_ETH,
        unbacked: 0n,
      });
      await expectLedger(campaign, usdcAddress, {
        reserved: ORDER_USDC,
        available: USDC_POOL - ORDER_USDC,
      });
      expect(await campaign.unreservedUsd()).to.equal(RAISED_USD - ORDER_USD);
      expect(await campaign.orderCount()).to.equal(1n);
      expect(await campaign.openOrderCount()).to.equal(1n);
    });

    it("reserves the same fraction of every pool, each rounded down ($1,000 of $11,000)", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, usdcAddress } = f;
      const amountUsd = 1_000n * USD;
      const eth = mulDiv(ETH_POOL, amountUsd, RAISED_USD);
      const usdc = mulDiv(USDC_POOL, amountUsd, RAISED_USD);
      expect([eth, usdc]).to.deep.equal([181_818_181_818_181_818n, 454_545_454n]);

      const { tx } = await fixtures.placeOrder(f, { amountUsd });
      const reserved = (await eventsOf(campaign, tx)).filter(([name]) => name === "OrderReserved");
      expect(reserved).to.deep.equal([
        ["OrderReserved", 0n, ETH, eth],
        ["OrderReserved", 0n, usdcAddress, usdc],
      ]);
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([
        eth,
        0n,
        mulDiv(eth, ADVANCE_BPS, 10_000n),
      ]);
      // Both shares are 1/11 of their pool within one base unit of the token.
      expect(eth * 11n).to.be.within(ETH_POOL - 11n, ETH_POOL);
      expect(usdc * 11n).to.be.within(USDC_POOL - 11n, USDC_POOL);

      // What a next order may still reserve: the smallest of the pools' headroom, in USD.
      const ethRoom = mulDiv(ETH_POOL - eth, RAISED_USD, ETH_POOL);
      const usdcRoom = mulDiv(USDC_POOL - usdc, RAISED_USD, USDC_POOL);
      expect(ethRoom < usdcRoom).to.equal(true);
      expect(await campaign.unreservedUsd()).to.equal(ethRoom);
      // An order of exactly that much fits every pool.
      await fixtures.placeOrder(f, { amountUsd: ethRoom, supplier: f.supplier2.address });
      await expectLedger(campaign, ETH, { available: 0n });
    });

    it("reserves 1 wei of ETH and no USDC for the smallest order that buys anything", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      // 2e18 * 5,500 / 11,000e18 = 1 wei; the USDC share rounds to 0 and is not announced.
      const { tx } = await fixtures.placeOrder(f, { amountUsd: 5_500n, advanceBps: 0n });
      const reserved = (await eventsOf(f.campaign, tx)).filter(
        ([name]) => name === "OrderReserved",
      );
      expect(reserved).to.deep.equal([["OrderReserved", 0n, ETH, 1n]]);
      expect(await shareOf(f.campaign, 0n, f.usdcAddress)).to.deep.equal([0n, 0n, 0n]);
    });

    it("refuses an order so small that every share rounds to zero, and a zero amount", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await expect(fixtures.placeOrder(f, { amountUsd: 5_499n })).to.be.revertedWithCustomError(
        f.campaign,
        "CampaignZeroAmount",
      );
      await expect(fixtures.placeOrder(f, { amountUsd: 0n })).to.be.revertedWithCustomError(
        f.campaign,
        "CampaignZeroAmount",
      );
      expect(await f.campaign.orderCount()).to.equal(0n);
    });

    it("numbers orders in sequence, each reserving its fraction of every pool", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, usdcAddress } = f;
      await fixtures.placeOrder(f);
      // $2,200 is a fifth of what was raised: 0.4 ETH and 1,000 USDC.
      const second = await fixtures.placeOrder(f, {
        supplier: f.supplier2.address,
        amountUsd: 2_200n * USD,
      });

      expect(second.orderId).to.equal(1n);
      await expectOrder(campaign, 1n, { supplier: f.supplier2.address, amountUsd: 2_200n * USD });
      expect(await shareOf(campaign, 1n, ETH)).to.deep.equal([
        parseEther("0.4"),
        0n,
        parseEther("0.08"),
      ]);
      await expectLedger(campaign, ETH, {
        reserved: parseEther("1.4"),
        available: parseEther("0.6"),
      });
      await expectLedger(campaign, usdcAddress, {
        reserved: 3_500n * USDC_UNIT,
        available: 1_500n * USDC_UNIT,
      });
      expect(await campaign.unreservedUsd()).to.equal(3_300n * USD);
      expect(await campaign.orderCount()).to.equal(2n);
      expect(await campaign.openOrderCount()).to.equal(2n);
    });

    it("reserves every pool in full with an order of everything raised, and nothing more after", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, usdcAddress } = f;
      await fixtures.placeOrder(f, { amountUsd: RAISED_USD });
      await expectLedger(campaign, ETH, { reserved: ETH_POOL, available: 0n });
      await expectLedger(campaign, usdcAddress, { reserved: USDC_POOL, available: 0n });
      expect(await campaign.unreservedUsd()).to.equal(0n);
      // $1 would need 0.000181818181818181 ETH.
      await expect(fixtures.placeOrder(f, { amountUsd: USD }))
        .to.be.revertedWithCustomError(campaign, "CampaignInsufficientFunds")
        .withArgs(ETH, 0n, mulDiv(ETH_POOL, USD, RAISED_USD));
    });

    it("refuses an order worth more than everything raised", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await expect(fixtures.placeOrder(f, { amountUsd: RAISED_USD + 1n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignOrderAboveRaised")
        .withArgs(RAISED_USD + 1n, RAISED_USD);
    });

    it("refuses an order larger than what earlier orders left in a pool", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await fixtures.placeOrder(f, { amountUsd: 10_000n * USD });
      const left = ETH_POOL - mulDiv(ETH_POOL, 10_000n * USD, RAISED_USD);
      expect(left).to.equal(181_818_181_818_181_819n);

      await expect(fixtures.placeOrder(f, { amountUsd: 1_001n * USD }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInsufficientFunds")
        .withArgs(ETH, left, parseEther("0.182"));
      await expectLedger(f.campaign, ETH, { available: left });
    });

    it("refuses anyone but the organizer", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const deliverBy = await fixtures.deliverByIn(30n);
      await expect(
        f.campaign
          .connect(f.outsider)
          .createOrder(f.supplier.address, ORDER_USD, 1n, deliverBy, 0n, TERMS_HASH),
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
      await expect(fixtures.placeOrder(f, { amountUsd: USD }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongStatus")
        .withArgs(Status.Failed, Status.Procurement);
    });

    it("refuses a supplier the registry does not know (status None)", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await expect(fixtures.placeOrder(f, { supplier: f.outsider.address }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignSupplierNotVetted")
        .withArgs(f.outsider.address, PartyStatus.None);
    });

    it("refuses a suspended supplier (status Suspended)", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await f.registry.connect(f.vetter).suspendSupplier(f.supplier.address, "licence expired");
      await expect(fixtures.placeOrder(f))
        .to.be.revertedWithCustomError(f.campaign, "CampaignSupplierNotVetted")
        .withArgs(f.supplier.address, PartyStatus.Suspended);
    });

    it("refuses a vetted supplier that is one of the campaign's verifiers", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await f.registry
        .connect(f.vetter)
        .registerSupplier(
          f.v3.address,
          "Sahel Freight trading arm",
          "NE",
          ethers.id("v3 as supplier"),
        );
      await expect(fixtures.placeOrder(f, { supplier: f.v3.address }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignSupplierIsVerifier")
        .withArgs(f.v3.address);
      // The same supplier is fine in a campaign it does not verify.
      const other = await f.createCampaign({ verifiers: [f.v1.address, f.v2.address] });
      expect(await other.isVerifier(f.v3.address)).to.equal(false);
    });

    it("refuses an amount above 2^128 - 1 before comparing it with what was raised", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await expect(fixtures.placeOrder(f, { amountUsd: 2n ** 128n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignAmountTooLarge")
        .withArgs(2n ** 128n);
    });

    it("refuses zero units and 2^40 units, and accepts 2^40 - 1", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
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
      const f = await loadFixture(fixtures.fundedFixture);
      const p = await f.campaign.params();
      const latest = p.procurementDeadline - p.deliveryGracePeriod;
      const now = BigInt(await time.latest()) + 10n;

      await time.setNextBlockTimestamp(now);
      await expect(fixtures.placeOrder(f, { deliverBy: now }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInvalidDeliverBy")
        .withArgs(now, now + 1n, latest);
    });

    it("refuses a deliver-by date whose grace period ends after the procurement deadline", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const p = await f.campaign.params();
      const latest = p.procurementDeadline - p.deliveryGracePeriod;
      const now = BigInt(await time.latest()) + 10n;

      await time.setNextBlockTimestamp(now);
      await expect(fixtures.placeOrder(f, { deliverBy: latest + 1n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignInvalidDeliverBy")
        .withArgs(latest + 1n, now + 1n, latest);
    });

    it("accepts a deliver-by date of exactly procurementDeadline - grace", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const p = await f.campaign.params();
      const latest = p.procurementDeadline - p.deliveryGracePeriod;

      const { tx } = await fixtures.placeOrder(f, { deliverBy: latest });
      await expect(tx)
        .to.emit(f.campaign, "OrderCreated")
        .withArgs(0n, f.supplier.address, ORDER_USD, ORDER_UNITS, latest, ADVANCE_BPS, TERMS_HASH);
    });

    it("refuses every deliver-by date when the grace period is longer than the procurement deadline is far", async function () {
      const f = await loadFixture(fixtures.deployFixture);
      const now = BigInt(await time.latest());
      // A grace period of 2^32 - 1 seconds (136 years) leaves no date within the window: latest is 0.
      const campaign = await f.createCampaign({ deliveryGracePeriod: 2n ** 32n - 1n });
      await campaign.connect(f.donors[0]).pledgeETH({ value: parseEther("4") });
      await campaign.connect(f.organizer).closeFunding();
      const deliverBy = now + 30n * 86_400n;
      await time.setNextBlockTimestamp(now + 100n);
      await expect(
        campaign
          .connect(f.organizer)
          .createOrder(f.supplier.address, USD, 1n, deliverBy, 0n, TERMS_HASH),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidDeliverBy")
        .withArgs(deliverBy, now + 101n, 0n);
    });

    it("refuses an advance above the campaign's cap and accepts one at the cap", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await expect(fixtures.placeOrder(f, { advanceBps: 3_001n }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignAdvanceAboveCap")
        .withArgs(3_001n, 3_000n);

      await fixtures.placeOrder(f, { advanceBps: 3_000n });
      await expectOrder(f.campaign, 0n, { advanceBps: 3_000n });
    });

    it("refuses at the procurement deadline", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const p = await f.campaign.params();
      const deliverBy = p.procurementDeadline - p.deliveryGracePeriod;

      await time.setNextBlockTimestamp(p.procurementDeadline);
      await expect(fixtures.placeOrder(f, { deliverBy }))
        .to.be.revertedWithCustomError(f.campaign, "CampaignProcurementEnded")
        .withArgs(p.procurementDeadline, p.procurementDeadline);
    });

    it("refuses while the registry is paused", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await f.registry.connect(f.pauser).pause();
      await expect(fixtures.placeOrder(f)).to.be.revertedWithCustomError(
        f.registry,
        "EnforcedPause",
      );
    });

    it("refuses the 101st order (MAX_ORDERS = 100)", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const c = f.campaign.connect(f.organizer);
      expect(await c.MAX_ORDERS()).to.equal(MAX_ORDERS);
      expect(await c.MAX_ORDER_UNITS()).to.equal(2n ** 40n - 1n);
      const deliverBy = await fixtures.deliverByIn(30n);
      // $55 each: 0.01 ETH and 25 USDC.
      for (let i = 0n; i < MAX_ORDERS; i++) {
        await c.createOrder(f.supplier.address, 55n * USD, 1n, deliverBy, 0n, TERMS_HASH);
      }
      expect(await c.orderCount()).to.equal(MAX_ORDERS);
      expect(await c.openOrderCount()).to.equal(MAX_ORDERS);
      await expectLedger(f.campaign, ETH, { reserved: parseEther("1") });

      await expect(c.createOrder(f.supplier.address, 55n * USD, 1n, deliverBy, 0n, TERMS_HASH))
        .to.be.revertedWithCustomError(c, "CampaignTooManyOrders")
        .withArgs(MAX_ORDERS);
    });
  });

  describe("acceptOrder", function () {
    it("credits the advance in every token (amount * bps / 10,000) as withdrawable, without moving money", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { campaign, supplier, usdc, usdcAddress } = f;

      const tx = campaign.connect(supplier).acceptOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["OrderAccepted", 0n, supplier.address],
        ["PaymentReleased", 0n, supplier.address, ETH, ADVANCE_ETH, 0n, true],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, ADVANCE_USDC, 0n, true],
      ]);
      await expect(tx).to.changeEtherBalances(ethers, [campaign, supplier], [0n, 0n]);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [campaign, supplier], [0n, 0n]);

      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ADVANCE_ETH);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(ADVANCE_USDC);
      await expectOrder(campaign, 0n, {
        status: OrderStatus.Accepted,
        advancePaid: true,
        advanceReclaimed: false,
        unitsPaid: 0n,
      });
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([ORDER_ETH, ADVANCE_ETH, ADVANCE_ETH]);
      expect(await shareOf(campaign, 0n, usdcAddress)).to.deep.equal([
        ORDER_USDC,
        ADVANCE_USDC,
        ADVANCE_USDC,
      ]);
      await expectLedger(campaign, ETH, {
        reserved: ORDER_ETH - ADVANCE_ETH,
        earned: ADVANCE_ETH,
        withdrawn: 0n,
        available: ETH_POOL - ORDER_ETH,
        unbacked: ADVANCE_ETH,
        advanceCap: parseEther("0.6"),
      });
      await expectLedger(campaign, usdcAddress, {
        earned: ADVANCE_USDC,
        unbacked: ADVANCE_USDC,
        advanceCap: 1_500n * USDC_UNIT,
      });
    });

    it("rounds each token's advance down", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      // $1,000 at 30%: 181,818,181,818,181,818 wei * 0.3 and 454.545454 USDC * 0.3, rounded down.
      await fixtures.placeOrder(f, { amountUsd: 1_000n * USD, advanceBps: 3_000n });
      await expect(f.campaign.connect(f.supplier).acceptOrder(0n))
        .to.emit(f.campaign, "PaymentReleased")
        .withArgs(0n, f.supplier.address, ETH, 54_545_454_545_454_545n, 0n, true)
        .and.to.emit(f.campaign, "PaymentReleased")
        .withArgs(0n, f.supplier.address, f.usdcAddress, 136_363_636n, 0n, true);
      expect(await f.campaign.withdrawable(f.supplier.address, ETH)).to.equal(
        54_545_454_545_454_545n,
      );
      expect(await f.campaign.withdrawable(f.supplier.address, f.usdcAddress)).to.equal(
        136_363_636n,
      );
    });

    it("credits nothing and releases no payment for an order without advance", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await fixtures.placeOrder(f, { advanceBps: 0n });

      const tx = f.campaign.connect(f.supplier).acceptOrder(0n);
      expect(await eventsOf(f.campaign, tx)).to.deep.equal([
        ["OrderAccepted", 0n, f.supplier.address],
      ]);
      expect(await f.campaign.withdrawable(f.supplier.address, ETH)).to.equal(0n);
      await expectOrder(f.campaign, 0n, { status: OrderStatus.Accepted, advancePaid: false });
      expect(await shareOf(f.campaign, 0n, ETH)).to.deep.equal([ORDER_ETH, 0n, 0n]);
      await expectLedger(f.campaign, ETH, { reserved: ORDER_ETH, earned: 0n, unbacked: 0n });
    });

    it("accepts advances up to the campaign-wide cap exactly", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await fixtures.placeOrder(f, { advanceBps: 3_000n });
      await fixtures.placeOrder(f, { supplier: f.supplier2.address, advanceBps: 3_000n });
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      await f.campaign.connect(f.supplier2).acceptOrder(1n);
      await expectLedger(f.campaign, ETH, {
        unbacked: parseEther("0.6"),
        advanceCap: parseEther("0.6"),
      });
      await expectLedger(f.campaign, f.usdcAddress, {
        unbacked: 1_500n * USDC_UNIT,
        advanceCap: 1_500n * USDC_UNIT,
      });
    });

    it("refuses an advance beyond the cap: a cancelled order's unearned advance stays counted", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, supplier, organizer } = f;
      const deliverBy = await fixtures.deliverByIn(1n);
      await fixtures.placeOrder(f, { amountUsd: RAISED_USD, advanceBps: 3_000n, deliverBy });
      await campaign.connect(supplier).acceptOrder(0n);
      await time.increaseTo(deliverBy + GRACE);
      await campaign.connect(organizer).cancelOrder(0n);
      await expectLedger(campaign, ETH, {
        unbacked: parseEther("0.6"),
        advanceCap: parseEther("0.6"),
        available: parseEther("1.4"),
      });

      // Even a 0.01% advance (0.0001 ETH of a 1 ETH order) no longer fits.
      await fixtures.placeOrder(f, { advanceBps: 1n });
      await expect(campaign.connect(supplier).acceptOrder(1n))
        .to.be.revertedWithCustomError(campaign, "CampaignAdvanceCapExceeded")
        .withArgs(ETH, parseEther("0.6"), parseEther("0.0001"), parseEther("0.6"));
      // An order without advance is accepted, and pays only against delivery.
      await fixtures.placeOrder(f, { amountUsd: 2_200n * USD, advanceBps: 0n });
      await expect(campaign.connect(supplier).acceptOrder(2n)).to.emit(campaign, "OrderAccepted");
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(parseEther("0.6"));
    });

    it("verified delivery backs an advance and frees the cap for the next one", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, supplier, supplier2, organizer, usdcAddress } = f;
      await fixtures.placeOrder(f, { advanceBps: 3_000n });
      const second = await fixtures.placeOrder(f, {
        supplier: supplier2.address,
        advanceBps: 3_000n,
      });
      await campaign.connect(supplier).acceptOrder(0n);
      await campaign.connect(supplier2).acceptOrder(1n);
      await expectLedger(campaign, ETH, { unbacked: parseEther("0.6") });

      // Every unit of order 0 verified: 1 ETH earned, of which 0.3 was advanced.
      await expect(fixtures.confirmByTwo(f, 0n, ORDER_UNITS))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, parseEther("0.7"), ORDER_UNITS, false)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, usdcAddress, 1_750n * USDC_UNIT, ORDER_UNITS, false);
      await expectLedger(campaign, ETH, { unbacked: parseEther("0.3") });

      await time.increaseTo(second.deliverBy + GRACE);
      await campaign.connect(organizer).cancelOrder(1n);
      await expectLedger(campaign, ETH, {
        unbacked: parseEther("0.3"),
        available: parseEther("0.7"),
      });
      // $3,850 reserves what is left (0.7 ETH, 1,750 USDC); its 30% advance fits next to the 0.3 ETH.
      await fixtures.placeOrder(f, { amountUsd: 3_850n * USD, advanceBps: 3_000n });
      await expect(campaign.connect(supplier).acceptOrder(2n))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(2n, supplier.address, ETH, parseEther("0.21"), 0n, true);
      await expectLedger(campaign, ETH, { unbacked: parseEther("0.51"), available: 0n });
      await expectLedger(campaign, usdcAddress, { unbacked: 1_275n * USDC_UNIT });
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
        .withArgs(f.supplier.address, PartyStatus.Suspended);
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
    it("cancels a placed order at any time and returns every token's reservation, then announces it", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { campaign, organizer, usdcAddress } = f;

      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, ORDER_ETH],
        ["ReservationReturned", 0n, usdcAddress, ORDER_USDC],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      await expect(tx).to.changeEtherBalances(ethers, [campaign], [0n]);

      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, unitsPaid: 0n });
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([ORDER_ETH, 0n, ADVANCE_ETH]);
      await expectLedger(campaign, ETH, { reserved: 0n, earned: 0n, available: ETH_POOL });
      await expectLedger(campaign, usdcAddress, { reserved: 0n, available: USDC_POOL });
      expect(await campaign.unreservedUsd()).to.equal(RAISED_USD);
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
      const cancellableAt = f.order.deliverBy + GRACE;

      await time.setNextBlockTimestamp(cancellableAt - 1n);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignOrderNotExpired")
        .withArgs(0n, cancellableAt);
    });

    it("cancels an accepted order exactly at deliverBy + grace; an active supplier keeps its advance, which stays counted", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, organizer, supplier, usdcAddress } = f;
      await time.setNextBlockTimestamp(f.order.deliverBy + GRACE);
      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, ORDER_ETH - ADVANCE_ETH],
        ["ReservationReturned", 0n, usdcAddress, ORDER_USDC - ADVANCE_USDC],
        ["OrderCancelled", 0n, organizer.address],
      ]);

      await expectLedger(campaign, ETH, {
        reserved: 0n,
        earned: ADVANCE_ETH,
        available: ETH_POOL - ADVANCE_ETH,
        unbacked: ADVANCE_ETH,
      });
      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, advanceReclaimed: false });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ADVANCE_ETH);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(ADVANCE_USDC);
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([ORDER_ETH, ADVANCE_ETH, ADVANCE_ETH]);
      expect(await campaign.openOrderCount()).to.equal(0n);
    });

    it("returns amount - paid when part of a shipped order was paid for verified deliveries", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      await f.campaign.connect(f.supplier).markShipped(0n, SHIPPING_URI);
      await fixtures.confirmByTwo(f, 0n, 500n); // 0.5 ETH and 1,250 USDC paid in all
      await time.setNextBlockTimestamp(f.order.deliverBy + GRACE);

      const tx = f.campaign.connect(f.organizer).cancelOrder(0n);
      expect(await eventsOf(f.campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, parseEther("0.5")],
        ["ReservationReturned", 0n, f.usdcAddress, 1_250n * USDC_UNIT],
        ["OrderCancelled", 0n, f.organizer.address],
      ]);
      await expectLedger(f.campaign, ETH, {
        reserved: 0n,
        earned: parseEther("0.5"),
        available: parseEther("1.5"),
        unbacked: 0n,
      });
    });

    it("first credits the units verified under a pause, then returns the rest (still paused)", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, organizer, supplier, registry, pauser, usdcAddress } = f;
      await registry.connect(pauser).pause();
      await expect(fixtures.confirmByTwo(f, 0n, 600n)).not.to.emit(campaign, "PaymentReleased");
      await expectOrder(campaign, 0n, { unitsVerified: 600n, unitsPaid: 0n });
      await time.increaseTo(f.order.deliverBy + GRACE);

      // 600 units earn 0.6 ETH and 1,500 USDC, of which the advance paid 0.2 ETH and 500 USDC.
      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["PaymentReleased", 0n, supplier.address, ETH, parseEther("0.4"), 600n, false],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, 1_000n * USDC_UNIT, 600n, false],
        ["ReservationReturned", 0n, ETH, parseEther("0.4")],
        ["ReservationReturned", 0n, usdcAddress, 1_000n * USDC_UNIT],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, unitsPaid: 600n });
      await expectLedger(campaign, ETH, {
        earned: parseEther("0.6"),
        unbacked: 0n,
        available: parseEther("1.4"),
      });
      // Withdrawing what is owed, in every token, goes on during the pause.
      const withdrawal = campaign.connect(supplier).withdraw();
      await expect(withdrawal).to.changeEtherBalances(
        ethers,
        [campaign, supplier],
        [-parseEther("0.6"), parseEther("0.6")],
      );
      await expect(withdrawal).to.changeTokenBalances(
        ethers,
        f.usdc,
        [campaign, supplier],
        [-1_500n * USDC_UNIT, 1_500n * USDC_UNIT],
      );
    });

    it("completes instead of cancelling an order whose every unit was verified under a pause", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, organizer, supplier, registry, pauser, vetter, usdcAddress } = f;
      await registry.connect(pauser).pause();
      await fixtures.confirmByTwo(f, 0n, ORDER_UNITS);
      await registry.connect(vetter).suspendSupplier(supplier.address, "investigation");

      // Suspended: cancellable at once; every unit is verified, so it completes and keeps everything.
      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["PaymentReleased", 0n, supplier.address, ETH, ORDER_ETH - ADVANCE_ETH, ORDER_UNITS, false],
        [
          "PaymentReleased",
          0n,
          supplier.address,
          usdcAddress,
          ORDER_USDC - ADVANCE_USDC,
          ORDER_UNITS,
          false,
        ],
        ["OrderCompleted", 0n],
      ]);
      await expectOrder(campaign, 0n, { status: OrderStatus.Completed, unitsPaid: ORDER_UNITS });
      expect(await campaign.openOrderCount()).to.equal(0n);
      await expectLedger(campaign, ETH, { reserved: 0n, earned: ORDER_ETH, unbacked: 0n });
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);
    });

    it("cancels at once once the supplier is suspended, and takes back its advance in every token when it has not withdrawn", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, organizer, supplier, registry, vetter, usdcAddress } = f;
      await registry.connect(vetter).suspendSupplier(supplier.address, "counterfeit masks");
      // A refused withdrawal is no withdrawal: the advance is still here.
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);

      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, ORDER_ETH - ADVANCE_ETH],
        ["AdvanceReclaimed", 0n, supplier.address, ETH, ADVANCE_ETH],
        ["ReservationReturned", 0n, usdcAddress, ORDER_USDC - ADVANCE_USDC],
        ["AdvanceReclaimed", 0n, supplier.address, usdcAddress, ADVANCE_USDC],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      await expect(tx).to.changeEtherBalances(ethers, [campaign, supplier], [0n, 0n]);
      await expectOrder(campaign, 0n, {
        status: OrderStatus.Cancelled,
        advancePaid: true,
        advanceReclaimed: true,
      });
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([ORDER_ETH, 0n, ADVANCE_ETH]);
      expect(await shareOf(campaign, 0n, usdcAddress)).to.deep.equal([
        ORDER_USDC,
        0n,
        ADVANCE_USDC,
      ]);
      await expectLedger(campaign, ETH, {
        reserved: 0n,
        earned: 0n,
        unbacked: 0n,
        available: ETH_POOL,
      });
      await expectLedger(campaign, usdcAddress, {
        reserved: 0n,
        earned: 0n,
        unbacked: 0n,
        available: USDC_POOL,
      });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(0n);
      expect(await campaign.unreservedUsd()).to.equal(RAISED_USD);

      await registry.connect(vetter).reinstateSupplier(supplier.address);
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
        .withArgs(supplier.address);
    });

    it("reclaims in no token once the suspended supplier has withdrawn since accepting (a withdrawal takes every token)", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, organizer, supplier, registry, vetter, usdc, usdcAddress } = f;
      const withdrawal = campaign.connect(supplier).withdraw();
      expect(await eventsOf(campaign, withdrawal)).to.deep.equal([
        ["Withdrawn", supplier.address, ETH, supplier.address, ADVANCE_ETH],
        ["Withdrawn", supplier.address, usdcAddress, supplier.address, ADVANCE_USDC],
      ]);
      expect(await usdc.balanceOf(supplier.address)).to.equal(ADVANCE_USDC);
      await registry.connect(vetter).suspendSupplier(supplier.address, "audit");

      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, ORDER_ETH - ADVANCE_ETH],
        ["ReservationReturned", 0n, usdcAddress, ORDER_USDC - ADVANCE_USDC],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      await expectOrder(campaign, 0n, {
        status: OrderStatus.Cancelled,
        advancePaid: true,
        advanceReclaimed: false,
      });
      // Both advances left together: they stay paid and counted against the cap, in every token alike.
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([ORDER_ETH, ADVANCE_ETH, ADVANCE_ETH]);
      expect(await shareOf(campaign, 0n, usdcAddress)).to.deep.equal([
        ORDER_USDC,
        ADVANCE_USDC,
        ADVANCE_USDC,
      ]);
      await expectLedger(campaign, ETH, {
        reserved: 0n,
        earned: ADVANCE_ETH,
        withdrawn: ADVANCE_ETH,
        unbacked: ADVANCE_ETH,
        available: ETH_POOL - ADVANCE_ETH,
      });
      await expectLedger(campaign, usdcAddress, {
        reserved: 0n,
        earned: ADVANCE_USDC,
        withdrawn: ADVANCE_USDC,
        unbacked: ADVANCE_USDC,
        available: USDC_POOL - ADVANCE_USDC,
      });
    });

    it("reclaims, in every token, an advance accepted after the supplier's last withdrawal, and leaves what it earned since", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, organizer, supplier, registry, vetter, usdcAddress } = f;
      // Order 0: $1,100 (0.2 ETH, 500 USDC) for 10 units, no advance, delivered and withdrawn.
      await fixtures.placeOrder(f, { amountUsd: 1_100n * USD, units: 10n, advanceBps: 0n });
      await campaign.connect(supplier).acceptOrder(0n);
      await fixtures.confirmByTwo(f, 0n, 10n);
      await campaign.connect(supplier).withdraw();
      // Order 1: the default order, accepted afterwards.
      await fixtures.placeOrder(f);
      await campaign.connect(supplier).acceptOrder(1n);
      // Order 2: $1,100 for 10 units, no advance, delivered after that and not withdrawn.
      await fixtures.placeOrder(f, { amountUsd: 1_100n * USD, units: 10n, advanceBps: 0n });
      await campaign.connect(supplier).acceptOrder(2n);
      await fixtures.confirmByTwo(f, 2n, 10n);
      await registry.connect(vetter).suspendSupplier(supplier.address, "audit");

      const tx = campaign.connect(organizer).cancelOrder(1n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 1n, ETH, ORDER_ETH - ADVANCE_ETH],
        ["AdvanceReclaimed", 1n, supplier.address, ETH, ADVANCE_ETH],
        ["ReservationReturned", 1n, usdcAddress, ORDER_USDC - ADVANCE_USDC],
        ["AdvanceReclaimed", 1n, supplier.address, usdcAddress, ADVANCE_USDC],
        ["OrderCancelled", 1n, organizer.address],
      ]);
      await expectOrder(campaign, 1n, { status: OrderStatus.Cancelled, advanceReclaimed: true });
      // What order 2 earned is untouched; order 0's left with the withdrawal.
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(parseEther("0.2"));
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(500n * USDC_UNIT);
      await expectLedger(campaign, ETH, {
        reserved: 0n,
        earned: parseEther("0.4"),
        withdrawn: parseEther("0.2"),
        unbacked: 0n,
        available: parseEther("1.6"),
      });
      await expectLedger(campaign, usdcAddress, {
        reserved: 0n,
        earned: 1_000n * USDC_UNIT,
        withdrawn: 500n * USDC_UNIT,
        unbacked: 0n,
        available: 4_000n * USDC_UNIT,
      });
    });

    it("reclaims only the part of the advance that delivery does not back", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, organizer, supplier, registry, vetter, usdcAddress } = f;
      await fixtures.confirmByTwo(f, 0n, 100n); // due 0.1 ETH and 250 USDC, below the advance
      await expectLedger(campaign, ETH, { unbacked: parseEther("0.1") });
      await registry.connect(vetter).suspendSupplier(supplier.address, "quality");

      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, parseEther("0.8")],
        ["AdvanceReclaimed", 0n, supplier.address, ETH, parseEther("0.1")],
        ["ReservationReturned", 0n, usdcAddress, 2_000n * USDC_UNIT],
        ["AdvanceReclaimed", 0n, supplier.address, usdcAddress, 250n * USDC_UNIT],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, advanceReclaimed: true });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(parseEther("0.1"));
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(250n * USDC_UNIT);
      expect(await shareOf(campaign, 0n, ETH)).to.deep.equal([
        ORDER_ETH,
        parseEther("0.1"),
        ADVANCE_ETH,
      ]);
      expect(await shareOf(campaign, 0n, usdcAddress)).to.deep.equal([
        ORDER_USDC,
        250n * USDC_UNIT,
        ADVANCE_USDC,
      ]);
      await expectLedger(campaign, ETH, {
        earned: parseEther("0.1"),
        unbacked: 0n,
        available: parseEther("1.9"),
      });
      await expectLedger(campaign, usdcAddress, {
        earned: 250n * USDC_UNIT,
        unbacked: 0n,
        available: 4_750n * USDC_UNIT,
      });
    });

    it("reclaims nothing once delivery backs the whole advance", async function () {
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, organizer, supplier, registry, vetter, usdcAddress } = f;
      await fixtures.confirmByTwo(f, 0n, 300n); // due 0.3 ETH, beyond the 0.2 ETH advance
      await registry.connect(vetter).suspendSupplier(supplier.address, "quality");

      const tx = campaign.connect(organizer).cancelOrder(0n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, parseEther("0.7")],
        ["ReservationReturned", 0n, usdcAddress, 1_750n * USDC_UNIT],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      // The advance was still here, so the order records it as taken back; delivery backed all of it.
      await expectOrder(campaign, 0n, { status: OrderStatus.Cancelled, advanceReclaimed: true });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(parseEther("0.3"));
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(750n * USDC_UNIT);
      await expectLedger(campaign, ETH, { earned: parseEther("0.3"), unbacked: 0n });
      await expectLedger(campaign, usdcAddress, { earned: 750n * USDC_UNIT, unbacked: 0n });
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
      await fixtures.placeOrder(f, { supplier: f.supplier2.address, amountUsd: 2_750n * USD });
      await f.registry.connect(f.pauser).pause();

      await expect(f.campaign.connect(f.organizer).cancelOrder(1n))
        .to.emit(f.campaign, "ReservationReturned")
        .withArgs(1n, ETH, parseEther("0.5"))
        .and.to.emit(f.campaign, "OrderCancelled")
        .withArgs(1n, f.organizer.address);
      await time.setNextBlockTimestamp(f.order.deliverBy + GRACE);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.emit(f.campaign, "ReservationReturned")
        .withArgs(0n, ETH, ORDER_ETH - ADVANCE_ETH)
        .and.to.emit(f.campaign, "OrderCancelled")
        .withArgs(0n, f.organizer.address);
      expect(await f.campaign.openOrderCount()).to.equal(0n);
    });
  });

  describe("unknown orders and tokens", function () {
    it("reverts with CampaignUnknownOrder(id, orderCount) for a missing id everywhere", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      const { campaign } = f;
      const missing = 7n;
      const sig = { verifier: f.v1.address, deadline: 2n ** 40n, signature: "0x" };

      const calls = [
        () => campaign.order(missing),
        () => campaign.orderShare(missing, ETH),
        () => campaign.confirmedUnits(missing, f.v1.address),
        () => campaign.confirmationDigest(missing, 1n, EVIDENCE, f.v1.address, 0n, 0n),
        () => campaign.connect(f.supplier).acceptOrder(missing),
        () => campaign.connect(f.supplier).markShipped(missing, SHIPPING_URI),
        () => campaign.connect(f.organizer).cancelOrder(missing),
        () => campaign.connect(f.v1).confirmDelivery(missing, 1n, EVIDENCE),
        () => campaign.connect(f.relayer).confirmDeliveryBySig(missing, 1n, EVIDENCE, [sig]),
        () => campaign.connect(f.outsider).releasePayment(missing),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
          .withArgs(missing, 1n);
      }
    });

    it("knows no order 0 in a campaign without orders", async function () {
      const { campaign } = await loadFixture(fixtures.fundedFixture);
      await expect(campaign.order(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(0n, 0n);
    });

    it("refuses an order's share in a token the campaign does not accept", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.orderShare(0n, f.outsider.address))
        .to.be.revertedWithCustomError(f.campaign, "CampaignTokenNotAccepted")
        .withArgs(f.outsider.address);
    });
  });
});
