/**
 * The promise against insiders: each history a review found (an organizer, a supplier and a vetter
 * acting together within their roles) is replayed twice. On the v1 deployment (the frozen contracts of
 * commit 8a668b5) it goes through, which is the bug; on the current contracts it is refused or comes
 * out right, with balances, events and errors checked to the wei. `test/client/promise.ts` then runs
 * the auditor over the v1 histories and checks that it names the broken rule.
 */
import { expect } from "chai";
import { type Contract, id, parseEther } from "ethers";
import { network } from "hardhat";

import type { Campaign, MockSafe } from "../../types/ethers-contracts/index.js";
import {
  DAY,
  ETH,
  OrderStatus,
  PRICES,
  PartyStatus,
  USD,
  USDC_UNIT,
  makeFixtures,
} from "../helpers/fixtures.js";
import { auditor } from "../helpers/audit.js";
import { deployLegacy } from "../helpers/legacy.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);
const { expectBroken, expectReconciles } = auditor(connection);

const TERMS = id("PO-2020-007: EN 14683 Type IIR masks, CIF Abuja");
const EVIDENCE = id("WAHO Abuja warehouse, goods received note");
const MINUTE = 60n;

type F = Awaited<ReturnType<typeof fixtures.deployFixture>>;

// ───────────────────────────── v2 helpers ─────────────────────────────

/**
 * An ETH + USDC appeal that met its $10,000 goal: donors[0] 2 ETH ($6,000), donors[1] 5,000 USDC
 * ($5,000); the organizer closed funding early. $11,000 raised.
 */
async function fundedFixture() {
  const f = await fixtures.deployFixture();
  const usdc = await f.usdc.getAddress();
  const campaign = await f.createCampaign({ tokens: [ETH, usdc] });
  await campaign.connect(f.donors[0]).pledgeETH({ value: parseEther("2") });
  await f.fund(f.usdc, f.donors[1], campaign, 5_000n * USDC_UNIT);
  await campaign.connect(f.donors[1]).pledge(usdc, 5_000n * USDC_UNIT);
  await campaign.connect(f.organizer).closeFunding();
  return { ...f, campaign, usdcAddress: usdc };
}

async function placeOrder(
  f: F,
  campaign: Campaign,
  amountUsd: bigint,
  o: { units?: bigint; advanceBps?: bigint; deliverBy?: bigint; supplier?: string } = {},
) {
  const deliverBy = o.deliverBy ?? BigInt(await time.latest()) + 30n * DAY;
  const args = [
    o.supplier ?? f.supplier.address,
    amountUsd,
    o.units ?? 10_000n,
    deliverBy,
    o.advanceBps ?? 0n,
    TERMS,
  ] as const;
  const orderId = await campaign.connect(f.organizer).createOrder.staticCall(...args);
  await campaign.connect(f.organizer).createOrder(...args);
  return orderId;
}

async function confirmByTwo(f: F, campaign: Campaign, orderId: bigint, units: bigint) {
  await campaign.connect(f.v1).confirmDelivery(orderId, units, EVIDENCE);
  await campaign.connect(f.v2).confirmDelivery(orderId, units, EVIDENCE);
}

/** `refunded ÷ pledged` of a donor as a fraction with 18 decimals (for comparisons across tokens). */
function fraction(refund: bigint, pledged: bigint) {
  return (refund * 10n ** 18n) / pledged;
}

// ───────────────────────────── v1 helpers ─────────────────────────────

async function legacyFixture() {
  const signers = await ethers.getSigners();
  const [admin, organizer, vetter, pauser, supplier, supplier2, v1, v2, v3, relayer, outsider] =
    signers;
  const donors = signers.slice(11);
  const legacy = await deployLegacy(connection, {
    admin,
    organizer,
    vetter,
    pauser,
    suppliers: [supplier, supplier2],
    verifiers: [v1, v2, v3],
  });
  return {
    ...legacy,
    admin,
    organizer,
    vetter,
    pauser,
    supplier,
    v1,
    v2,
    v3,
    relayer,
    outsider,
    donors,
  };
}

async function legacyOrder(
  campaign: Contract,
  supplier: string,
  token: string,
  amount: bigint,
  o: { units?: bigint; advanceBps?: bigint; deliverBy?: bigint } = {},
) {
  const deliverBy = o.deliverBy ?? BigInt(await time.latest()) + 30n * DAY;
  const args = [supplier, token, amount, o.units ?? 10_000n, deliverBy, o.advanceBps ?? 0n, TERMS];
  const orderId = (await campaign.createOrder.staticCall(...args)) as bigint;
  await (await campaign.createOrder(...args)).wait();
  return orderId;
}

describe("The promise against insiders", function () {
  // ───────────────────────────── 1 ─────────────────────────────
  describe("1. advance recycling: unverified payouts stay within the cap over the campaign's whole life", function () {
    it("v1: order the pool with a 30% advance, accept, let it expire, cancel; 13 rounds move 99% with no confirmation", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({ tokens: [ETH] });
      await (
        await (campaign.connect(l.donors[0]) as Contract).pledgeETH({ value: parseEther("4") })
      ).wait();
      await (await campaign.closeFunding()).wait();
      const pool = parseEther("4");
      const supplierBefore = await ethers.provider.getBalance(l.supplier.address);
      let gas = 0n;
      for (let round = 0; round < 13; round++) {
        const available = (await campaign.ledger(ETH)).available as bigint;
        const deliverBy = BigInt(await time.latest()) + MINUTE;
        const orderId = await legacyOrder(campaign, l.supplier.address, ETH, available, {
          advanceBps: 3_000n,
          deliverBy,
        });
        const asSupplier = campaign.connect(l.supplier) as Contract;
        gas += (await (await asSupplier.acceptOrder(orderId)).wait())!.fee;
        gas += (await (await asSupplier.withdraw(ETH)).wait())!.fee; // v1: per token
        await time.increaseTo(deliverBy + 7n * DAY + 1n);
        await (await campaign.cancelOrder(orderId)).wait();
      }
      const moved = (await ethers.provider.getBalance(l.supplier.address)) + gas - supplierBefore;
      // 1 - 0.7^13 of the pool, with no verifier ever asked.
      expect(moved * 100n).to.be.greaterThanOrEqual(pool * 99n);
      expect((await campaign.ledger(ETH)).earned).to.equal(moved);
      const { discrepancy } = await expectBroken(
        await campaign.getAddress(),
        "promise-unverified-within-cap",
        /^ETH$/,
      );
      expect(discrepancy.expected).to.equal(`<= ${parseEther("1.2")} (30% of ${pool} net pledged)`);
    });

    it("v1: with a vetter's suspend and reinstate, 20 rounds in a day move 99.9%", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({ tokens: [ETH] });
      await (
        await (campaign.connect(l.donors[0]) as Contract).pledgeETH({ value: parseEther("4") })
      ).wait();
      await (await campaign.closeFunding()).wait();
      const start = await time.latest();
      const asSupplier = campaign.connect(l.supplier) as Contract;
      const asVetter = l.registry.connect(l.vetter) as Contract;
      for (let round = 0; round < 20; round++) {
        const available = (await campaign.ledger(ETH)).available as bigint;
        const orderId = await legacyOrder(campaign, l.supplier.address, ETH, available, {
          advanceBps: 3_000n,
        });
        await (await asSupplier.acceptOrder(orderId)).wait();
        await (await asVetter.suspendSupplier(l.supplier.address, "audit")).wait();
        await (await campaign.cancelOrder(orderId)).wait();
        await (await asVetter.reinstateSupplier(l.supplier.address)).wait();
      }
      expect((await time.latest()) - start).to.be.lessThan(Number(DAY));
      const earned = (await campaign.ledger(ETH)).earned as bigint;
      expect(earned * 1000n).to.be.greaterThanOrEqual(parseEther("4") * 999n);
      expect(await campaign.withdrawable(l.supplier.address, ETH)).to.equal(earned);
      await expectBroken(await campaign.getAddress(), "promise-unverified-within-cap", /^ETH$/);
    });

    it("v2: the second round's acceptance is refused; the supplier got exactly 30% of each token, and the cap holds", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier, usdcAddress } = f;
      const deliverBy = BigInt(await time.latest()) + MINUTE;
      const first = await placeOrder(f, campaign, 11_000n * USD, { advanceBps: 3_000n, deliverBy });
      await expect(campaign.connect(supplier).acceptOrder(first))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(first, supplier.address, ETH, parseEther("0.6"), 0n, true)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(first, supplier.address, usdcAddress, 1_500n * USDC_UNIT, 0n, true);
      // A withdrawal takes every token the supplier is owed, at once.
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
      await time.increaseTo(deliverBy + 7n * DAY + 1n);
      await expect(campaign.connect(f.organizer).cancelOrder(first))
        .to.emit(campaign, "ReservationReturned")
        .withArgs(first, ETH, parseEther("1.4"))
        .and.to.emit(campaign, "ReservationReturned")
        .withArgs(first, usdcAddress, 3_500n * USDC_UNIT)
        .and.not.to.emit(campaign, "AdvanceReclaimed");
      // The cancelled order's unearned advance stays counted.
      const eth = await campaign.ledger(ETH);
      expect([eth.unbacked, eth.advanceCap, eth.available]).to.deep.equal([
        parseEther("0.6"),
        parseEther("0.6"),
        parseEther("1.4"),
      ]);

      const second = await placeOrder(f, campaign, 7_700n * USD, { advanceBps: 3_000n });
      await expect(campaign.connect(supplier).acceptOrder(second))
        .to.be.revertedWithCustomError(campaign, "CampaignAdvanceCapExceeded")
        .withArgs(ETH, parseEther("0.6"), parseEther("0.42"), parseEther("0.6"));
      // An order without advance is still possible, and pays only against delivery.
      await campaign.connect(f.organizer).cancelOrder(second);
      const third = await placeOrder(f, campaign, 7_700n * USD, { advanceBps: 0n });
      await campaign.connect(supplier).acceptOrder(third);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      expect((await campaign.ledger(usdcAddress)).unbacked).to.equal(1_500n * USDC_UNIT);
      await expectReconciles(await campaign.getAddress());
    });

    it("v2: an advance credited to a supplier that is then suspended cannot leave, and returns to the pool on cancel", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier, vetter, registry, usdcAddress } = f;
      const orderId = await placeOrder(f, campaign, 11_000n * USD, { advanceBps: 3_000n });
      await campaign.connect(supplier).acceptOrder(orderId);
      await registry.connect(vetter).suspendSupplier(supplier.address, "licence under review");
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);
      // Suspended: the organizer may cancel at once; the advance comes back with the reservation.
      await expect(campaign.connect(f.organizer).cancelOrder(orderId))
        .to.emit(campaign, "AdvanceReclaimed")
        .withArgs(orderId, supplier.address, ETH, parseEther("0.6"))
        .and.to.emit(campaign, "AdvanceReclaimed")
        .withArgs(orderId, supplier.address, usdcAddress, 1_500n * USDC_UNIT)
        .and.to.emit(campaign, "ReservationReturned")
        .withArgs(orderId, ETH, parseEther("1.4"));
      await registry.connect(vetter).reinstateSupplier(supplier.address);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      const eth = await campaign.ledger(ETH);
      expect([eth.available, eth.earned, eth.unbacked, eth.reserved]).to.deep.equal([
        parseEther("2"),
        0n,
        0n,
        0n,
      ]);
      const order = await campaign.order(orderId);
      expect([order.status, order.advancePaid]).to.deep.equal([OrderStatus.Cancelled, true]);
      expect(await campaign.orderShare(orderId, ETH)).to.deep.equal([
        parseEther("2"),
        0n,
        parseEther("0.6"),
      ]);
      await expectReconciles(await campaign.getAddress());
    });

    it("v2: withdraw, suspend, cancel, reinstate: the withdrawn advance stays counted and the next advance is refused", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier, vetter, registry } = f;
      const first = await placeOrder(f, campaign, 11_000n * USD, { advanceBps: 3_000n });
      await campaign.connect(supplier).acceptOrder(first);
      await campaign.connect(supplier).withdraw();
      await registry.connect(vetter).suspendSupplier(supplier.address, "audit");
      // The advance left, in every token, before the suspension: nothing to reclaim, it stays counted.
      await expect(campaign.connect(f.organizer).cancelOrder(first)).not.to.emit(
        campaign,
        "AdvanceReclaimed",
      );
      expect((await campaign.ledger(f.usdcAddress)).unbacked).to.equal(1_500n * USDC_UNIT);
      await registry.connect(vetter).reinstateSupplier(supplier.address);
      const second = await placeOrder(f, campaign, 7_700n * USD, { advanceBps: 1_000n });
      await expect(campaign.connect(supplier).acceptOrder(second))
        .to.be.revertedWithCustomError(campaign, "CampaignAdvanceCapExceeded")
        .withArgs(ETH, parseEther("0.6"), parseEther("0.14"), parseEther("0.6"));
      await expectReconciles(await campaign.getAddress());
    });
  });

  // ───────────────────────────── 2 ─────────────────────────────
  describe("2. spending skewed across tokens: every donor gets back the same fraction", function () {
    it("v1: an organizer tops up a 20%-funded appeal with ETH, spends all the donors' USDC, and takes its ETH back", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign();
      const usdc = await l.usdc.getAddress();
      await l.usdc.mint(l.donors[1].address, 2_000n * USDC_UNIT);
      await l.usdc.connect(l.donors[1]).approve(await campaign.getAddress(), 2_000n * USDC_UNIT);
      await (
        await (campaign.connect(l.donors[1]) as Contract).pledge(usdc, 2_000n * USDC_UNIT)
      ).wait();
      // $2,000 of a $10,000 goal: without the top-up this all-or-nothing appeal fails.
      await (await campaign.pledgeETH({ value: parseEther("3") })).wait();
      await (await campaign.closeFunding()).wait();
      const orderId = await legacyOrder(campaign, l.supplier.address, usdc, 2_000n * USDC_UNIT);
      await (await (campaign.connect(l.supplier) as Contract).acceptOrder(orderId)).wait();
      await (
        await (campaign.connect(l.v1) as Contract).confirmDelivery(orderId, 10_000n, EVIDENCE)
      ).wait();
      await (
        await (campaign.connect(l.v2) as Contract).confirmDelivery(orderId, 10_000n, EVIDENCE)
      ).wait();
      await (await campaign.close()).wait();
      // The donor's USDC was spent in full; the organizer's ETH comes back in full.
      expect(await campaign.refundable(l.donors[1].address, usdc)).to.equal(0n);
      await expect(campaign.claimRefund(ETH)).to.changeEtherBalance(
        ethers,
        l.organizer,
        parseEther("3"),
      );
      const { discrepancy } = await expectBroken(
        await campaign.getAddress(),
        "promise-equal-refund-fraction",
        /unspent at close/,
      );
      expect(discrepancy.found).to.equal("ETH 100.00%, USDC 0.00%");
    });

    it("v2: the same appeal spends the same fraction of the organizer's ETH and the donor's USDC", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const { organizer, donors, supplier, usdc } = f;
      const usdcAddress = await usdc.getAddress();
      const campaign = await f.createCampaign({ tokens: [ETH, usdcAddress] });
      await f.fund(usdc, donors[1], campaign, 2_000n * USDC_UNIT);
      await campaign.connect(donors[1]).pledge(usdcAddress, 2_000n * USDC_UNIT);
      await campaign.connect(organizer).pledgeETH({ value: parseEther("3") });
      await campaign.connect(organizer).closeFunding();
      // $2,000 of $11,000: 2/11 of every token's pool, whichever token the organizer would rather spend.
      const orderId = await placeOrder(f, campaign, 2_000n * USD);
      const ethShare = (parseEther("3") * 2n) / 11n;
      const usdcShare = (2_000n * USDC_UNIT * 2n) / 11n;
      expect(await campaign.orderShare(orderId, ETH)).to.deep.equal([ethShare, 0n, 0n]);
      expect(await campaign.orderShare(orderId, usdcAddress)).to.deep.equal([usdcShare, 0n, 0n]);
      await campaign.connect(supplier).acceptOrder(orderId);
      await campaign.connect(f.v1).confirmDelivery(orderId, 10_000n, EVIDENCE);
      await expect(campaign.connect(f.v2).confirmDelivery(orderId, 10_000n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, supplier.address, ETH, ethShare, 10_000n, false)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, supplier.address, usdcAddress, usdcShare, 10_000n, false)
        .and.to.emit(campaign, "OrderCompleted");
      await campaign.connect(organizer).close();

      const ethBack = parseEther("3") - ethShare;
      const usdcBack = 2_000n * USDC_UNIT - usdcShare;
      await expect(campaign.connect(organizer).claimRefund(ETH)).to.changeEtherBalance(
        ethers,
        organizer,
        ethBack,
      );
      await expect(campaign.connect(donors[1]).claimRefund(usdcAddress)).to.changeTokenBalance(
        ethers,
        usdc,
        donors[1],
        usdcBack,
      );
      // 9/11 back to each, within one base unit of the smaller token (10^-6 of a USDC in 2,000).
      const ethFraction = fraction(ethBack, parseEther("3"));
      const usdcFraction = fraction(usdcBack, 2_000n * USDC_UNIT);
      const diff =
        ethFraction > usdcFraction ? ethFraction - usdcFraction : usdcFraction - ethFraction;
      expect(diff).to.be.lessThanOrEqual(fraction(1n, 2_000n * USDC_UNIT));
      await expectReconciles(await campaign.getAddress());
    });
  });

  // ───────────────────────────── 3 ─────────────────────────────
  describe("3. a supplier never forfeits delivered goods", function () {
    it("v1 (a): a pause blocks confirmations but not cancellation: the delivered order is cancelled unpaid", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({ tokens: [ETH] });
      await (
        await (campaign.connect(l.donors[0]) as Contract).pledgeETH({ value: parseEther("4") })
      ).wait();
      await (await campaign.closeFunding()).wait();
      const deliverBy = BigInt(await time.latest()) + DAY;
      const orderId = await legacyOrder(campaign, l.supplier.address, ETH, parseEther("2"), {
        deliverBy,
      });
      await (await (campaign.connect(l.supplier) as Contract).acceptOrder(orderId)).wait();
      await (await (l.registry.connect(l.pauser) as Contract).pause()).wait();
      await expect(
        (campaign.connect(l.v1) as Contract).confirmDelivery(orderId, 10_000n, EVIDENCE),
      ).to.be.revertedWithCustomError(l.registry, "EnforcedPause");
      await time.increaseTo(deliverBy + 7n * DAY);
      await (await campaign.cancelOrder(orderId)).wait();
      expect(await campaign.withdrawable(l.supplier.address, ETH)).to.equal(0n);
      await expectBroken(
        await campaign.getAddress(),
        "promise-verified-units-paid",
        /^order 0 tx /,
      );
    });

    it("v2 (a): confirmations are recorded while paused, and the cancellation credits every verified unit", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier, usdcAddress } = f;
      const deliverBy = BigInt(await time.latest()) + DAY;
      const orderId = await placeOrder(f, campaign, 5_500n * USD, { deliverBy });
      await campaign.connect(supplier).acceptOrder(orderId);
      await f.registry.connect(f.pauser).pause();
      await campaign.connect(f.v1).confirmDelivery(orderId, 6_000n, EVIDENCE);
      await expect(campaign.connect(f.v2).confirmDelivery(orderId, 6_000n, EVIDENCE))
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(orderId, f.v2.address, 6_000n, EVIDENCE, false)
        .and.not.to.emit(campaign, "PaymentReleased");
      expect((await campaign.order(orderId)).unitsVerified).to.equal(6_000n);
      await expect(campaign.releasePayment(orderId)).to.be.revertedWithCustomError(
        f.registry,
        "EnforcedPause",
      );
      await time.increaseTo(deliverBy + 7n * DAY);
      // 6,000 of 10,000 units: 60% of 1 ETH and of 2,500 USDC, credited while paused, the rest returned.
      await expect(campaign.connect(f.organizer).cancelOrder(orderId))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, supplier.address, ETH, parseEther("0.6"), 6_000n, false)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, supplier.address, usdcAddress, 1_500n * USDC_UNIT, 6_000n, false)
        .and.to.emit(campaign, "ReservationReturned")
        .withArgs(orderId, ETH, parseEther("0.4"))
        .and.to.emit(campaign, "OrderCancelled")
        .withArgs(orderId, f.organizer.address);
      // Withdrawing what is owed goes on during a pause.
      await expect(campaign.connect(supplier).withdraw()).to.changeTokenBalances(
        ethers,
        f.usdc,
        [campaign, supplier],
        [-1_500n * USDC_UNIT, 1_500n * USDC_UNIT],
      );
      await expectReconciles(await campaign.getAddress());
    });

    it("v1 (b): suspend, cancel at once, reinstate: a fully verified order pays only its advance", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({ tokens: [ETH] });
      await (
        await (campaign.connect(l.donors[0]) as Contract).pledgeETH({ value: parseEther("4") })
      ).wait();
      await (await campaign.closeFunding()).wait();
      const orderId = await legacyOrder(campaign, l.supplier.address, ETH, parseEther("2"), {
        advanceBps: 1_000n,
      });
      await (await (campaign.connect(l.supplier) as Contract).acceptOrder(orderId)).wait();
      const asVetter = l.registry.connect(l.vetter) as Contract;
      await (await asVetter.suspendSupplier(l.supplier.address, "paperwork")).wait();
      await (
        await (campaign.connect(l.v1) as Contract).confirmDelivery(orderId, 10_000n, EVIDENCE)
      ).wait();
      await (
        await (campaign.connect(l.v2) as Contract).confirmDelivery(orderId, 10_000n, EVIDENCE)
      ).wait();
      await (await campaign.cancelOrder(orderId)).wait();
      await (await asVetter.reinstateSupplier(l.supplier.address)).wait();
      expect(await campaign.withdrawable(l.supplier.address, ETH)).to.equal(parseEther("0.2"));
      await expectBroken(
        await campaign.getAddress(),
        "promise-verified-units-paid",
        /^order 0 ETH$/,
      );
    });

    it("v2 (b): the verified order is credited while the supplier is suspended, held, and paid once reinstated", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier, vetter, registry } = f;
      const orderId = await placeOrder(f, campaign, 5_500n * USD, { advanceBps: 1_000n });
      await campaign.connect(supplier).acceptOrder(orderId);
      await registry.connect(vetter).suspendSupplier(supplier.address, "paperwork");
      await campaign.connect(f.v1).confirmDelivery(orderId, 10_000n, EVIDENCE);
      await expect(campaign.connect(f.v2).confirmDelivery(orderId, 10_000n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, supplier.address, ETH, parseEther("0.9"), 10_000n, false)
        .and.to.emit(campaign, "OrderCompleted")
        .withArgs(orderId);
      await expect(campaign.connect(f.organizer).cancelOrder(orderId))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongOrderStatus")
        .withArgs(orderId, OrderStatus.Completed);
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);
      await registry.connect(vetter).reinstateSupplier(supplier.address);
      await expect(campaign.connect(supplier).withdraw()).to.changeEtherBalances(
        ethers,
        [campaign, supplier],
        [-parseEther("1"), parseEther("1")],
      );
      await expectReconciles(await campaign.getAddress());
    });

    it("v2 (b'): suspended half-way, cancelled at once: half is credited, the unbacked advance comes back", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier, vetter, registry } = f;
      // 1 ETH + 2,500 USDC with a 30% advance; 20% delivered leaves 10% of the advance unbacked.
      const orderId = await placeOrder(f, campaign, 5_500n * USD, { advanceBps: 3_000n });
      await campaign.connect(supplier).acceptOrder(orderId);
      await confirmByTwo(f, campaign, orderId, 2_000n);
      await registry.connect(vetter).suspendSupplier(supplier.address, "quality");
      await expect(campaign.connect(f.organizer).cancelOrder(orderId))
        .to.emit(campaign, "AdvanceReclaimed")
        .withArgs(orderId, supplier.address, ETH, parseEther("0.1"))
        .and.to.emit(campaign, "ReservationReturned")
        .withArgs(orderId, ETH, parseEther("0.7"));
      await registry.connect(vetter).reinstateSupplier(supplier.address);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(parseEther("0.2"));
      expect(await campaign.orderShare(orderId, ETH)).to.deep.equal([
        parseEther("1"),
        parseEther("0.2"),
        parseEther("0.3"),
      ]);
      const eth = await campaign.ledger(ETH);
      expect([eth.available, eth.earned, eth.unbacked]).to.deep.equal([
        parseEther("1.8"),
        parseEther("0.2"),
        0n,
      ]);
      await expectReconciles(await campaign.getAddress());
    });

    it("v1 (c): a pause spanning the procurement deadline sends the verified share to donors at close", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({ tokens: [ETH] });
      await (
        await (campaign.connect(l.donors[0]) as Contract).pledgeETH({ value: parseEther("4") })
      ).wait();
      await (await campaign.closeFunding()).wait();
      const orderId = await legacyOrder(campaign, l.supplier.address, ETH, parseEther("2"));
      await (await (campaign.connect(l.supplier) as Contract).acceptOrder(orderId)).wait();
      await (
        await (campaign.connect(l.v1) as Contract).confirmDelivery(orderId, 10_000n, EVIDENCE)
      ).wait();
      await (await (l.registry.connect(l.pauser) as Contract).pause()).wait();
      await expect(
        (campaign.connect(l.v2) as Contract).confirmDelivery(orderId, 10_000n, EVIDENCE),
      ).to.be.revertedWithCustomError(l.registry, "EnforcedPause");
      await time.increaseTo((await campaign.params()).procurementDeadline);
      await (await (campaign.connect(l.outsider) as Contract).close()).wait();
      expect(await campaign.refundable(l.donors[0].address, ETH)).to.equal(parseEther("4"));
      await expectBroken(
        await campaign.getAddress(),
        "promise-verified-units-paid",
        /^order 0 tx /,
      );
    });

    it("v2 (c): verified under a pause that spans the deadline, credited by whoever closes", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier } = f;
      const orderId = await placeOrder(f, campaign, 5_500n * USD);
      await campaign.connect(supplier).acceptOrder(orderId);
      await f.registry.connect(f.pauser).pause();
      await confirmByTwo(f, campaign, orderId, 10_000n);
      await time.increaseTo((await campaign.params()).procurementDeadline);
      await expect(campaign.connect(f.outsider).close())
        .to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, supplier.address, ETH, parseEther("1"), 10_000n, false)
        .and.to.emit(campaign, "OrderCompleted")
        .and.to.emit(campaign, "UnspentRecorded")
        .withArgs(ETH, parseEther("1"), parseEther("2"));
      expect(await campaign.refundable(f.donors[0].address, ETH)).to.equal(parseEther("1"));
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(parseEther("1"));
      await expectReconciles(await campaign.getAddress());
    });

    it("v2 (c'): a suspension spanning the deadline: close credits and holds, reinstatement releases", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier, registry, vetter } = f;
      const orderId = await placeOrder(f, campaign, 5_500n * USD);
      await campaign.connect(supplier).acceptOrder(orderId);
      await f.registry.connect(f.pauser).pause();
      await confirmByTwo(f, campaign, orderId, 4_000n);
      await f.registry.connect(f.pauser).unpause();
      await registry.connect(vetter).suspendSupplier(supplier.address, "investigation");
      await time.increaseTo((await campaign.params()).procurementDeadline);
      await expect(campaign.connect(f.outsider).close())
        .to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, supplier.address, ETH, parseEther("0.4"), 4_000n, false)
        .and.to.emit(campaign, "OrderCancelled")
        .withArgs(orderId, f.outsider.address);
      await expect(campaign.connect(supplier).withdraw()).to.be.revertedWithCustomError(
        campaign,
        "CampaignSupplierSuspended",
      );
      await registry.connect(vetter).reinstateSupplier(supplier.address);
      await expect(campaign.connect(supplier).withdraw()).to.changeEtherBalance(
        ethers,
        supplier,
        parseEther("0.4"),
      );
      await expectReconciles(await campaign.getAddress());
    });
  });

  // ───────────────────────────── 4 ─────────────────────────────
  describe("4. nobody is locked in: the registry bounds every window", function () {
    it("v1: a 50-year procurement window is accepted", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const now = BigInt(await time.latest());
      const campaign = await l.createCampaign({ procurementDeadline: now + 50n * 365n * DAY });
      expect((await campaign.params()).procurementDeadline).to.equal(now + 50n * 365n * DAY);
      await expectBroken(
        await campaign.getAddress(),
        "promise-bounded-windows",
        /^procurement window$/,
      );
    });

    it("v2: windows beyond the registry's limits are refused, and the admin's limits are bounded too", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const now = BigInt(await time.latest());
      const deadline = now + 14n * DAY;
      await expect(f.createCampaign({ deadline, procurementDeadline: now + 50n * 365n * DAY }))
        .to.be.revertedWithCustomError(f.implementation, "CampaignProcurementWindowTooLong")
        .withArgs(now + 50n * 365n * DAY, deadline + 365n * DAY);
      await expect(
        f.createCampaign({ deadline: now + 91n * DAY, procurementDeadline: now + 200n * DAY }),
      ).to.be.revertedWithCustomError(f.implementation, "CampaignFundingWindowTooLong");
      await expect(
        f.registry.connect(f.admin).setLimits({
          maxFundingWindow: 400n * DAY,
          maxProcurementWindow: 365n * DAY,
          maxAdvanceBps: 3_000n,
          minThreshold: 2n,
        }),
      )
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidLimit")
        .withArgs("maxFundingWindow", 400n * DAY, DAY, 365n * DAY);
      // At the limit exactly: accepted; after the procurement deadline anyone closes.
      const campaign = await f.createCampaign({
        deadline,
        procurementDeadline: deadline + 365n * DAY,
      });
      await campaign.connect(f.donors[0]).pledgeETH({ value: parseEther("4") });
      await time.increaseTo(deadline + 365n * DAY);
      await expect(campaign.connect(f.outsider).close()).to.emit(campaign, "CampaignClosed");
    });
  });

  // ───────────────────────────── 5 ─────────────────────────────
  describe("5. signed confirmations expire, carry a nonce and bind the order's supplier and terms", function () {
    it("v1: a verifier signs 1,000, then confirms 300 by transaction; the old signature still counts 1,000", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({ tokens: [ETH] });
      await (
        await (campaign.connect(l.donors[0]) as Contract).pledgeETH({ value: parseEther("4") })
      ).wait();
      await (await campaign.closeFunding()).wait();
      const orderId = await legacyOrder(campaign, l.supplier.address, ETH, parseEther("1"), {
        units: 1_000n,
      });
      await (await (campaign.connect(l.supplier) as Contract).acceptOrder(orderId)).wait();
      const domain = {
        name: "Handover Campaign",
        version: "1",
        chainId: (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await campaign.getAddress(),
      };
      const types = {
        ConfirmDelivery: [
          { name: "orderId", type: "uint256" },
          { name: "unitsDelivered", type: "uint64" },
          { name: "evidenceHash", type: "bytes32" },
        ],
      };
      const old = await l.v1.signTypedData(domain, types, {
        orderId,
        unitsDelivered: 1_000n,
        evidenceHash: EVIDENCE,
      });
      const fresh = await l.v2.signTypedData(domain, types, {
        orderId,
        unitsDelivered: 1_000n,
        evidenceHash: EVIDENCE,
      });
      await (
        await (campaign.connect(l.v1) as Contract).confirmDelivery(orderId, 300n, EVIDENCE)
      ).wait();
      await time.increase(30n * DAY);
      await (
        await (campaign.connect(l.relayer) as Contract).confirmDeliveryBySig(
          orderId,
          1_000n,
          EVIDENCE,
          [old, fresh],
        )
      ).wait();
      expect((await campaign.order(orderId)).unitsVerified).to.equal(1_000n);
      // A v1 registry keeps no verifiers: nothing shows these were registered, independent parties.
      await expectBroken(
        await campaign.getAddress(),
        "promise-independent-verifier",
        new RegExp(`^${l.v1.address}$`, "i"),
      );
    });

    it("v2: confirming by transaction voids the verifier's earlier signature", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier } = f;
      const orderId = await placeOrder(f, campaign, 5_500n * USD, { units: 1_000n });
      await campaign.connect(supplier).acceptOrder(orderId);
      const old = await f.signConfirmation(f.v1, campaign, orderId, 1_000n, EVIDENCE, {
        deadline: 2n ** 40n,
      });
      await expect(campaign.connect(f.v1).confirmDelivery(orderId, 300n, EVIDENCE))
        .to.emit(campaign, "NonceUsed")
        .withArgs(f.v1.address, 1n);
      await time.increase(30n * DAY);
      const fresh = await f.signConfirmation(f.v2, campaign, orderId, 1_000n, EVIDENCE);
      await expect(
        campaign.connect(f.relayer).confirmDeliveryBySig(orderId, 1_000n, EVIDENCE, [old, fresh]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 1n);
      // With a signature of its current word, the verifier's 1,000 counts.
      const renewed = await f.signConfirmation(f.v1, campaign, orderId, 1_000n, EVIDENCE);
      await expect(
        campaign
          .connect(f.relayer)
          .confirmDeliveryBySig(orderId, 1_000n, EVIDENCE, [renewed, fresh]),
      )
        .to.emit(campaign, "OrderCompleted")
        .withArgs(orderId);
      await expectReconciles(await campaign.getAddress());
    });

    it("v2: a signature past its deadline, cancelled by its verifier, or made for another supplier or terms is refused", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, supplier } = f;
      const orderId = await placeOrder(f, campaign, 5_500n * USD, { units: 1_000n });
      await campaign.connect(supplier).acceptOrder(orderId);
      const now = BigInt(await time.latest());
      const expiring = await f.signConfirmation(f.v1, campaign, orderId, 1_000n, EVIDENCE, {
        deadline: now + 10n,
      });
      const other = await f.signConfirmation(f.v2, campaign, orderId, 1_000n, EVIDENCE);
      await time.increaseTo(now + 11n);
      await expect(campaign.confirmDeliveryBySig(orderId, 1_000n, EVIDENCE, [expiring, other]))
        .to.be.revertedWithCustomError(campaign, "CampaignSignatureExpired")
        .withArgs(f.v1.address, now + 10n, now + 12n);

      const wrongSupplier = await f.signConfirmation(f.v1, campaign, orderId, 1_000n, EVIDENCE, {
        supplier: f.supplier2.address,
      });
      await expect(campaign.confirmDeliveryBySig(orderId, 1_000n, EVIDENCE, [wrongSupplier, other]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 0n);
      const wrongTerms = await f.signConfirmation(f.v1, campaign, orderId, 1_000n, EVIDENCE, {
        termsHash: id("other terms"),
      });
      await expect(
        campaign.confirmDeliveryBySig(orderId, 1_000n, EVIDENCE, [wrongTerms, other]),
      ).to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature");

      const good = await f.signConfirmation(f.v1, campaign, orderId, 1_000n, EVIDENCE);
      await expect(campaign.connect(f.v1).cancelSignatures())
        .to.emit(campaign, "NonceUsed")
        .withArgs(f.v1.address, 1n);
      expect(await campaign.nonces(f.v1.address)).to.equal(1n);
      await expect(campaign.confirmDeliveryBySig(orderId, 1_000n, EVIDENCE, [good, other]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 1n);
      await expect(campaign.connect(f.outsider).cancelSignatures())
        .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
        .withArgs(f.outsider.address);
    });

    it("v2: a verifier that is a contract wallet (a Safe held by WAHO) signs by ERC-1271 and confirms by transaction", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const wallets = [ethers.Wallet.createRandom(), ethers.Wallet.createRandom()].sort((a, b) =>
        BigInt(a.address) < BigInt(b.address) ? -1 : 1,
      );
      const safe = (await ethers.deployContract("MockSafe", [
        wallets.map((w) => w.address),
        2n,
      ])) as unknown as MockSafe;
      const safeAddress = await safe.getAddress();
      await f.registry
        .connect(f.vetter)
        .registerVerifier(safeAddress, "WAHO Abuja warehouse", "WAHO", id("safe"));
      const usdc = await f.usdc.getAddress();
      const campaign = await f.createCampaign({
        tokens: [ETH, usdc],
        verifiers: [safeAddress, f.v2.address],
      });
      await campaign.connect(f.donors[0]).pledgeETH({ value: parseEther("4") });
      await campaign.connect(f.organizer).closeFunding();
      const orderId = await placeOrder(f, campaign, 6_000n * USD, { units: 1_000n });
      await campaign.connect(f.supplier).acceptOrder(orderId);

      const deadline = BigInt(await time.latest()) + DAY;
      const digest = await campaign.confirmationDigest(
        orderId,
        600n,
        EVIDENCE,
        safeAddress,
        0n,
        deadline,
      );
      // A Safe checks its owners' signatures of its own SafeMessage hash, concatenated by owner address.
      const messageHash = await safe.getMessageHashForSafe(digest);
      const ownersSign = (signers: typeof wallets) =>
        ethers.concat(signers.map((w) => w.signingKey.sign(messageHash).serialized));
      const bySafe = { verifier: safeAddress, deadline, signature: ownersSign(wallets) };
      const byUn = await f.signConfirmation(f.v2, campaign, orderId, 600n, EVIDENCE);
      const halfSigned = { ...bySafe, signature: ownersSign([wallets[0]]) };
      await expect(campaign.confirmDeliveryBySig(orderId, 600n, EVIDENCE, [halfSigned, byUn]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(safeAddress, 0n);
      await expect(
        campaign.connect(f.relayer).confirmDeliveryBySig(orderId, 600n, EVIDENCE, [bySafe, byUn]),
      )
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(orderId, safeAddress, 600n, EVIDENCE, true)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(orderId, f.supplier.address, ETH, parseEther("1.2"), 600n, false);

      // By transaction, as a Safe transaction its owners approved.
      const owner = wallets[0].connect(ethers.provider);
      await f.admin.sendTransaction({ to: owner.address, value: parseEther("1") });
      const call = campaign.interface.encodeFunctionData("confirmDelivery", [
        orderId,
        1_000n,
        EVIDENCE,
      ]);
      await expect(safe.connect(owner).execute(await campaign.getAddress(), call))
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(orderId, safeAddress, 1_000n, EVIDENCE, false);
      expect(await campaign.confirmedUnits(orderId, safeAddress)).to.equal(1_000n);
      await expectReconciles(await campaign.getAddress());
    });
  });

  // ───────────────────────────── 6 ─────────────────────────────
  describe("6. verification is independent: registered, named verifiers, never the organizer or the supplier", function () {
    it("v1: the organizer is its own sole verifier (1 of 1) with a 100% advance", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({
        verifiers: [l.organizer.address],
        threshold: 1n,
        maxAdvanceBps: 10_000n,
      });
      expect((await campaign.params()).verifiers).to.deep.equal([l.organizer.address]);
      await expectBroken(
        await campaign.getAddress(),
        "promise-independent-verifier",
        /^campaign verifiers$/,
      );
      await expectBroken(
        await campaign.getAddress(),
        "promise-independent-verifier",
        /^threshold$/,
      );
    });

    it("v2: the organizer as a verifier, an unregistered or suspended verifier, 1 of 1, and a 100% advance cap are refused", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const { organizer, implementation, registry, vetter, v1, v2, outsider } = f;
      await registry
        .connect(vetter)
        .registerVerifier(organizer.address, "Organizer", "FCSSC", id("x"));
      await expect(f.createCampaign({ verifiers: [organizer.address, v1.address] }))
        .to.be.revertedWithCustomError(implementation, "CampaignOrganizerIsVerifier")
        .withArgs(organizer.address);
      await expect(f.createCampaign({ verifiers: [outsider.address, v1.address] }))
        .to.be.revertedWithCustomError(implementation, "CampaignVerifierNotRegistered")
        .withArgs(outsider.address, PartyStatus.None);
      await registry.connect(vetter).suspendVerifier(v2.address, "conflict of interest");
      await expect(f.createCampaign({ verifiers: [v1.address, v2.address] }))
        .to.be.revertedWithCustomError(implementation, "CampaignVerifierNotRegistered")
        .withArgs(v2.address, PartyStatus.Suspended);
      await expect(f.createCampaign({ verifiers: [v1.address], threshold: 1n }))
        .to.be.revertedWithCustomError(implementation, "CampaignThresholdTooLow")
        .withArgs(1n, 2n);
      await expect(f.createCampaign({ maxAdvanceBps: 10_000n }))
        .to.be.revertedWithCustomError(implementation, "CampaignInvalidAdvanceCap")
        .withArgs(10_000n, 3_000n);
    });

    it("v2: a supplier that is one of the campaign's verifiers gets no order; a suspended verifier's confirmation is refused", async function () {
      const f = await networkHelpers.loadFixture(fundedFixture);
      const { campaign, registry, vetter, v3 } = f;
      await registry
        .connect(vetter)
        .registerSupplier(v3.address, "Logistics agent trading arm", "GH", id("y"));
      await expect(placeOrder(f, campaign, 1_000n * USD, { supplier: v3.address }))
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierIsVerifier")
        .withArgs(v3.address);
      const orderId = await placeOrder(f, campaign, 1_000n * USD);
      await campaign.connect(f.supplier).acceptOrder(orderId);
      await registry.connect(vetter).suspendVerifier(f.v1.address, "conflict of interest");
      await expect(campaign.connect(f.v1).confirmDelivery(orderId, 10_000n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignVerifierNotRegistered")
        .withArgs(f.v1.address, PartyStatus.Suspended);
      await registry.connect(vetter).reinstateVerifier(f.v1.address);
      await expect(campaign.connect(f.v1).confirmDelivery(orderId, 10_000n, EVIDENCE)).to.emit(
        campaign,
        "DeliveryConfirmed",
      );
    });
  });

  // ───────────────────────────── 7 ─────────────────────────────
  describe("7. prices: future-dated rounds, the L2 sequencer, and bounds", function () {
    it("v1: a round dated in the future lets about $102 meet a $10,000 goal", async function () {
      const l = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await l.createCampaign({ tokens: [ETH] });
      const now = BigInt(await time.latest());
      // One bad round: 100 times the price, dated a day ahead.
      await (await l.ethFeed.updateRoundData(2n, PRICES.eth * 100n, now + DAY, now + DAY)).wait();
      await (
        await (campaign.connect(l.donors[0]) as Contract).pledgeETH({ value: parseEther("0.034") })
      ).wait();
      expect(await campaign.raisedUsd()).to.be.greaterThanOrEqual(10_000n * USD);
    });

    it("v2: a future-dated round is refused; so are prices while the sequencer is down or in its grace period, and out of bounds", async function () {
      const f = await networkHelpers.loadFixture(fixtures.campaignFixture);
      const { campaign, registry, admin, feeds, donors } = f;
      const now = BigInt(await time.latest());
      await feeds.eth.updateRoundData(2n, PRICES.eth * 100n, now + DAY, now + DAY);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("0.034") }))
        .to.be.revertedWithCustomError(registry, "RegistryFuturePrice")
        .withArgs(ETH, now + DAY, now + 2n);
      await feeds.eth.updateAnswer(PRICES.eth);

      const sequencer = await ethers.deployContract("MockV3Aggregator", [
        0,
        0,
        "L2 Sequencer Uptime Status Feed",
      ]);
      await expect(
        registry.connect(admin).setSequencerUptimeFeed(await sequencer.getAddress(), 3_600),
      )
        .to.emit(registry, "SequencerUptimeFeedSet")
        .withArgs(await sequencer.getAddress(), 3_600);
      // Up since just now: still in the grace period.
      await expect(
        campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }),
      ).to.be.revertedWithCustomError(registry, "RegistrySequencerGracePeriod");
      const t = BigInt(await time.latest());
      await sequencer.updateRoundData(2n, 1n, t, t);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistrySequencerDown")
        .withArgs(await sequencer.getAddress(), 1n);
      await sequencer.updateRoundData(3n, 0n, t, t - 7_200n);
      await feeds.eth.updateAnswer(PRICES.eth);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") })).to.emit(
        campaign,
        "Pledged",
      );

      await expect(
        registry.connect(admin).setPriceBounds(ETH, 500n * 10n ** 8n, 10_000n * 10n ** 8n),
      )
        .to.emit(registry, "PriceBoundsSet")
        .withArgs(ETH, 500n * 10n ** 8n, 10_000n * 10n ** 8n);
      await feeds.eth.updateAnswer(PRICES.eth * 100n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }))
        .to.be.revertedWithCustomError(registry, "RegistryPriceOutOfBounds")
        .withArgs(ETH, PRICES.eth * 100n, 500n * 10n ** 8n, 10_000n * 10n ** 8n);
    });
  });

  // ───────────────────────────── 8 ─────────────────────────────
  describe("8. smaller ways out", function () {
    it("v2: a donor blocklisted by USDC cancels its pledge to another address", async function () {
      const f = await networkHelpers.loadFixture(fixtures.campaignFixture);
      const { campaign, usdc, donors, admin } = f;
      const usdcAddress = await usdc.getAddress();
      await f.fund(usdc, donors[2], campaign, 700n * USDC_UNIT);
      await campaign.connect(donors[2]).pledge(usdcAddress, 700n * USDC_UNIT);
      await usdc.connect(admin).blocklist(donors[2].address);
      await expect(campaign.connect(donors[2]).cancelPledge(usdcAddress))
        .to.be.revertedWithCustomError(usdc, "MockUSDCBlocklisted")
        .withArgs(donors[2].address);
      const cancel = campaign.connect(donors[2]).cancelPledgeTo(usdcAddress, donors[3].address);
      await expect(cancel)
        .to.emit(campaign, "PledgeCancelled")
        .withArgs(donors[2].address, usdcAddress, donors[3].address, 700n * USDC_UNIT, 700n * USD);
      await expect(cancel).to.changeTokenBalances(
        ethers,
        usdc,
        [campaign, donors[3]],
        [-700n * USDC_UNIT, 700n * USDC_UNIT],
      );
      await expect(
        campaign.connect(donors[2]).cancelPledgeTo(usdcAddress, ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(campaign, "CampaignZeroAddress");
    });

    it("v2: a token with more than 24 decimals is never listed, so pledge-and-cancel cannot exhaust a book", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const token = await ethers.deployContract("MockDecimalsToken", [25]);
      const feed = await ethers.deployContract("MockV3Aggregator", [8, 10n ** 8n, "X / USD"]);
      await expect(
        f.registry
          .connect(f.admin)
          .setAcceptedToken(await token.getAddress(), await feed.getAddress(), 3_600),
      )
        .to.be.revertedWithCustomError(f.registry, "RegistryTooManyDecimals")
        .withArgs(await token.getAddress(), 25n, 24n);
    });
  });
});
