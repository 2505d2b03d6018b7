/**
 * Deliveries in v2: verifiers confirm by transaction or by EIP-712 signature (nonce, deadline, bound
 * to the order's supplier and terms); once `threshold` agree, the supplier is credited its share of
 * the verified units in every token. Confirmations are recorded during a pause (credit deferred to
 * `releasePayment`); a suspended supplier is credited but cannot withdraw until reinstated.
 */
import { expect } from "chai";
import { parseEther, recoverAddress, TypedDataEncoder, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import {
  CONFIRM_DELIVERY_TYPES,
  ETH,
  OrderStatus,
  PartyStatus,
  USD,
  USDC_UNIT,
} from "../helpers/fixtures.js";
import {
  ETH_POOL,
  EVIDENCE,
  EVIDENCE_2,
  eventsOf,
  expectLedger,
  expectOrder,
  makeLifecycleFixtures,
  MILLI,
  mulDiv,
  ORDER_ETH,
  ORDER_UNITS,
  ORDER_USDC,
  RAISED_USD,
  SHIPPING_URI,
  USDC_PER_UNIT,
  USDC_POOL,
} from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);

/** The default order without advance, accepted, with 400 of its 1,000 units verified: 0.4 ETH and 1,000 USDC earned. */
async function earnedFixture() {
  const f = await fixtures.acceptedNoAdvanceFixture();
  await fixtures.confirmByTwo(f, 0n, 400n);
  return f;
}

/**
 * Two campaigns with the same verifiers, each funded with 4 ETH past its deadline, each holding an
 * accepted order #0 ($3,000 of $12,000: 1 ETH for 1,000 units, no advance) with the same supplier.
 */
async function twoCampaignsFixture() {
  const f = await fixtures.deployFixture();
  const campaign = await f.createCampaign();
  const other = await f.createCampaign();
  for (const c of [campaign, other]) {
    await c.connect(f.donors[0]).pledgeETH({ value: parseEther("4") });
  }
  await time.increaseTo((await other.params()).deadline);
  for (const c of [campaign, other]) {
    await fixtures.placeOrder({ ...f, campaign: c }, { amountUsd: 3_000n * USD, advanceBps: 0n });
    await c.connect(f.supplier).acceptOrder(0n);
  }
  return { ...f, campaign, other };
}

describe("Campaign deliveries", function () {
  describe("confirmDelivery", function () {
    it("refuses a caller who is not one of the campaign's verifiers", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      for (const caller of [f.outsider, f.supplier, f.organizer]) {
        await expect(f.campaign.connect(caller).confirmDelivery(0n, 100n, EVIDENCE))
          .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
          .withArgs(caller.address);
      }
    });

    it("requires an evidence hash", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await expect(
        f.campaign.connect(f.v1).confirmDelivery(0n, 100n, ZeroHash),
      ).to.be.revertedWithCustomError(f.campaign, "CampaignMissingEvidence");
    });

    it("checks the evidence first, then the order, then the verifier", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, outsider } = f;
      await fixtures.placeOrder(f, { supplier: f.supplier2.address, amountUsd: USD });
      const asOutsider = campaign.connect(outsider);
      await expect(asOutsider.confirmDelivery(9n, 1n, ZeroHash)).to.be.revertedWithCustomError(
        campaign,
        "CampaignMissingEvidence",
      );
      await expect(asOutsider.confirmDelivery(9n, 1n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignUnknownOrder")
        .withArgs(9n, 2n);
      await expect(asOutsider.confirmDelivery(1n, 1n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongOrderStatus")
        .withArgs(1n, OrderStatus.Placed);
      await expect(asOutsider.confirmDelivery(0n, 1n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
        .withArgs(outsider.address);
    });

    it("refuses more units than the order buys", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await expect(f.campaign.connect(f.v1).confirmDelivery(0n, 1_001n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignUnitsExceedOrder")
        .withArgs(0n, 1_001n, 1_000n);
    });

    it("refuses a confirmation that does not increase the verifier's own count", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const c = f.campaign.connect(f.v1);
      await c.confirmDelivery(0n, 300n, EVIDENCE);

      for (const units of [300n, 200n, 0n]) {
        await expect(c.confirmDelivery(0n, units, EVIDENCE_2))
          .to.be.revertedWithCustomError(f.campaign, "CampaignConfirmationNotIncreasing")
          .withArgs(0n, f.v1.address, 300n, units);
      }
      expect(await f.campaign.nonces(f.v1.address)).to.equal(1n);
    });

    it("refuses an order the supplier has not accepted", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.connect(f.v1).confirmDelivery(0n, 100n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Placed);
    });

    it("records one verifier's confirmation and uses its nonce, without paying (1 of the 2 needed)", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier } = f;

      const tx = campaign.connect(v1).confirmDelivery(0n, 400n, EVIDENCE);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["NonceUsed", v1.address, 1n],
        ["DeliveryConfirmed", 0n, v1.address, 400n, EVIDENCE, false],
      ]);

      expect(await campaign.confirmedUnits(0n, v1.address)).to.equal(400n);
      expect(await campaign.confirmedUnits(0n, v2.address)).to.equal(0n);
      expect(await campaign.nonces(v1.address)).to.equal(1n);
      expect(await campaign.nonces(v2.address)).to.equal(0n);
      await expectOrder(campaign, 0n, { unitsVerified: 0n, unitsPaid: 0n });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
    });

    it("credits amount * verified / units in every token once a second verifier agrees (shipped order)", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier, usdc, usdcAddress } = f;
      await campaign.connect(supplier).markShipped(0n, SHIPPING_URI);
      await campaign.connect(v1).confirmDelivery(0n, 400n, EVIDENCE);

      const tx = campaign.connect(v2).confirmDelivery(0n, 400n, EVIDENCE_2);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["NonceUsed", v2.address, 1n],
        ["DeliveryConfirmed", 0n, v2.address, 400n, EVIDENCE_2, false],
        ["PaymentReleased", 0n, supplier.address, ETH, 400n * MILLI, 400n, false],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, 400n * USDC_PER_UNIT, 400n, false],
      ]);
      // Pull payments: nothing leaves the campaign until the supplier withdraws.
      await expect(tx).to.changeEtherBalances(ethers, [campaign, supplier], [0n, 0n]);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [campaign, supplier], [0n, 0n]);

      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(400n * MILLI);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(
        1_000n * USDC_UNIT,
      );
      await expectOrder(campaign, 0n, {
        unitsVerified: 400n,
        unitsPaid: 400n,
        status: OrderStatus.Shipped,
      });
      expect(await campaign.orderShare(0n, ETH)).to.deep.equal([ORDER_ETH, 400n * MILLI, 0n]);
      await expectLedger(campaign, ETH, {
        reserved: 600n * MILLI,
        earned: 400n * MILLI,
        withdrawn: 0n,
        available: parseEther("1"),
        unbacked: 0n,
      });
      await expectLedger(campaign, usdcAddress, {
        reserved: 1_500n * USDC_UNIT,
        earned: 1_000n * USDC_UNIT,
      });
    });

    it("verifies the k-th highest confirmation: 100 and 80 verify 80, then 100 and 100 verify 100", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier, usdcAddress } = f;
      await campaign.connect(v1).confirmDelivery(0n, 100n, EVIDENCE);

      await expect(campaign.connect(v2).confirmDelivery(0n, 80n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 80n * MILLI, 80n, false)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, usdcAddress, 80n * USDC_PER_UNIT, 80n, false);
      await expectOrder(campaign, 0n, { unitsVerified: 80n, unitsPaid: 80n });

      await expect(campaign.connect(v2).confirmDelivery(0n, 100n, EVIDENCE_2))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 20n * MILLI, 100n, false);
      await expectOrder(campaign, 0n, { unitsVerified: 100n, unitsPaid: 100n });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(100n * MILLI);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(
        100n * USDC_PER_UNIT,
      );
    });

    it("with three verifiers, verifies the second highest of 100, 80 and 90", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, v3, supplier } = f;
      await campaign.connect(v1).confirmDelivery(0n, 100n, EVIDENCE);
      await campaign.connect(v2).confirmDelivery(0n, 80n, EVIDENCE);

      await expect(campaign.connect(v3).confirmDelivery(0n, 90n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 10n * MILLI, 90n, false);
      expect(await campaign.confirmedUnits(0n, v3.address)).to.equal(90n);
      await expectOrder(campaign, 0n, { unitsVerified: 90n, unitsPaid: 90n });
    });

    it("completes the order when every unit is verified and paid", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier, usdcAddress } = f;
      await campaign.connect(v1).confirmDelivery(0n, 1_000n, EVIDENCE);

      const tx = campaign.connect(v2).confirmDelivery(0n, 1_000n, EVIDENCE);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["NonceUsed", v2.address, 1n],
        ["DeliveryConfirmed", 0n, v2.address, 1_000n, EVIDENCE, false],
        ["PaymentReleased", 0n, supplier.address, ETH, ORDER_ETH, 1_000n, false],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, ORDER_USDC, 1_000n, false],
        ["OrderCompleted", 0n],
      ]);
      await expectOrder(campaign, 0n, {
        status: OrderStatus.Completed,
        unitsVerified: 1_000n,
        unitsPaid: 1_000n,
      });
      expect(await campaign.openOrderCount()).to.equal(0n);
      await expectLedger(campaign, ETH, { reserved: 0n, earned: ORDER_ETH });
      await expectLedger(campaign, usdcAddress, { reserved: 0n, earned: ORDER_USDC });
    });

    it("pays a partial delivery, then the rest on full delivery", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, v1, v2, supplier } = f;
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(400n * MILLI);
      await campaign.connect(v1).confirmDelivery(0n, 1_000n, EVIDENCE_2);
      expect(await campaign.openOrderCount()).to.equal(1n);

      const tx = campaign.connect(v2).confirmDelivery(0n, 1_000n, EVIDENCE_2);
      await expect(tx)
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 600n * MILLI, 1_000n, false);
      await expect(tx).to.emit(campaign, "OrderCompleted").withArgs(0n);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ORDER_ETH);
      expect(await campaign.withdrawable(supplier.address, f.usdcAddress)).to.equal(ORDER_USDC);
      expect(await campaign.openOrderCount()).to.equal(0n);
    });

    it("rounds each payment down and pays exactly the amount in total (1 ETH and 2,500 USDC for 3 units)", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      await fixtures.placeOrder(f, { units: 3n, advanceBps: 0n });
      const { campaign, v1, v2, supplier, usdcAddress } = f;
      await campaign.connect(supplier).acceptOrder(0n);
      const eth: bigint[] = [];
      const usdc: bigint[] = [];
      for (const units of [1n, 2n, 3n]) {
        await campaign.connect(v1).confirmDelivery(0n, units, EVIDENCE);
        const before = [
          await campaign.withdrawable(supplier.address, ETH),
          await campaign.withdrawable(supplier.address, usdcAddress),
        ];
        await campaign.connect(v2).confirmDelivery(0n, units, EVIDENCE);
        eth.push((await campaign.withdrawable(supplier.address, ETH)) - before[0]);
        usdc.push((await campaign.withdrawable(supplier.address, usdcAddress)) - before[1]);
      }

      expect(eth).to.deep.equal([
        333_333_333_333_333_333n,
        333_333_333_333_333_333n,
        333_333_333_333_333_334n,
      ]);
      expect(usdc).to.deep.equal([833_333_333n, 833_333_333n, 833_333_334n]);
      await expectOrder(campaign, 0n, { status: OrderStatus.Completed, unitsPaid: 3n });
      expect(await campaign.orderShare(0n, ETH)).to.deep.equal([ORDER_ETH, ORDER_ETH, 0n]);
    });

    it("pays nothing while the delivered share is below the advance, which delivery backs step by step", async function () {
      // 20% advance (0.2 ETH, 500 USDC) already credited on acceptance.
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, supplier, usdcAddress } = f;
      await expectLedger(campaign, ETH, { unbacked: parseEther("0.2") });
      await expect(fixtures.confirmByTwo(f, 0n, 100n)).not.to.emit(campaign, "PaymentReleased");
      await expectOrder(campaign, 0n, { unitsVerified: 100n, unitsPaid: 100n });
      expect(await campaign.orderShare(0n, ETH)).to.deep.equal([
        ORDER_ETH,
        200n * MILLI,
        200n * MILLI,
      ]);
      await expectLedger(campaign, ETH, { unbacked: parseEther("0.1"), earned: parseEther("0.2") });
      await expectLedger(campaign, usdcAddress, { unbacked: 250n * USDC_UNIT });

      // 200 units are worth exactly the advance: still nothing to pay, nothing unbacked.
      await expect(fixtures.confirmByTwo(f, 0n, 200n)).not.to.emit(campaign, "PaymentReleased");
      await expectLedger(campaign, ETH, { unbacked: 0n });

      await expect(fixtures.confirmByTwo(f, 0n, 300n))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 100n * MILLI, 300n, false)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, usdcAddress, 250n * USDC_UNIT, 300n, false);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(300n * MILLI);
      await expectOrder(campaign, 0n, { unitsVerified: 300n, unitsPaid: 300n });
      await expectLedger(campaign, ETH, { unbacked: 0n, earned: parseEther("0.3") });
    });

    it("refuses confirmations and cancellation of a completed order", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await fixtures.confirmByTwo(f, 0n, 1_000n);

      await expect(f.campaign.connect(f.v3).confirmDelivery(0n, 1_000n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Completed);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Completed);
    });

    it("records confirmations while the registry is paused and defers the credit to releasePayment", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, registry, pauser, supplier, v2, outsider, usdcAddress } = f;
      await registry.connect(pauser).pause();
      const tx = fixtures.confirmByTwo(f, 0n, 400n);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["NonceUsed", v2.address, 1n],
        ["DeliveryConfirmed", 0n, v2.address, 400n, EVIDENCE, false],
      ]);
      await expectOrder(campaign, 0n, { unitsVerified: 400n, unitsPaid: 0n });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      await expect(campaign.connect(outsider).releasePayment(0n)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );

      await registry.connect(pauser).unpause();
      const release = campaign.connect(outsider).releasePayment(0n);
      expect(await eventsOf(campaign, release)).to.deep.equal([
        ["PaymentReleased", 0n, supplier.address, ETH, 400n * MILLI, 400n, false],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, 1_000n * USDC_UNIT, 400n, false],
      ]);
      await expectOrder(campaign, 0n, { unitsVerified: 400n, unitsPaid: 400n });
      await expectLedger(campaign, ETH, { reserved: 600n * MILLI, earned: 400n * MILLI });
      await expect(campaign.connect(outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRelease")
        .withArgs(0n);
    });

    it("credits a suspended supplier, whose withdrawals wait for its reinstatement", async function () {
      const f = await loadFixture(earnedFixture); // 400 units verified and paid
      const { campaign, registry, vetter, supplier, outsider, usdc, usdcAddress } = f;
      await registry.connect(vetter).suspendSupplier(supplier.address, "under investigation");

      await expect(fixtures.confirmByTwo(f, 0n, 700n, EVIDENCE_2))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 300n * MILLI, 700n, false)
        .and.to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, usdcAddress, 300n * USDC_PER_UNIT, 700n, false);
      await expectOrder(campaign, 0n, { unitsVerified: 700n, unitsPaid: 700n });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(700n * MILLI);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(
        700n * USDC_PER_UNIT,
      );
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);
      await expect(campaign.connect(supplier).withdrawTo(outsider.address))
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);

      await registry.connect(vetter).reinstateSupplier(supplier.address);
      const tx = campaign.connect(supplier).withdraw();
      await expect(tx).to.changeEtherBalances(
        ethers,
        [campaign, supplier],
        [-700n * MILLI, 700n * MILLI],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [campaign, supplier],
        [-700n * USDC_PER_UNIT, 700n * USDC_PER_UNIT],
      );
    });

    it("refuses a verifier the registry suspended, and takes it again once reinstated", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, registry, vetter, v1 } = f;
      await registry.connect(vetter).suspendVerifier(v1.address, "conflict of interest");
      await expect(campaign.connect(v1).confirmDelivery(0n, 100n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignVerifierNotRegistered")
        .withArgs(v1.address, PartyStatus.Suspended);
      expect(await campaign.nonces(v1.address)).to.equal(0n);
      await registry.connect(vetter).reinstateVerifier(v1.address);
      await expect(campaign.connect(v1).confirmDelivery(0n, 100n, EVIDENCE))
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(0n, v1.address, 100n, EVIDENCE, false);
    });

    it("refuses to query confirmedUnits or nonces for a non-verifier", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await expect(f.campaign.confirmedUnits(0n, f.outsider.address))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
        .withArgs(f.outsider.address);
      await expect(f.campaign.nonces(f.outsider.address))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
        .withArgs(f.outsider.address);
    });
  });

  describe("confirmDeliveryBySig", function () {
    it("records 2 of 3 verifiers' signatures submitted by a relayer, uses their nonces and pays", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, v3, relayer, supplier, usdcAddress } = f;
      const sigs = [
        await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE),
      ];

      const tx = campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["NonceUsed", v1.address, 1n],
        ["DeliveryConfirmed", 0n, v1.address, 600n, EVIDENCE, true],
        ["NonceUsed", v2.address, 1n],
        ["DeliveryConfirmed", 0n, v2.address, 600n, EVIDENCE, true],
        ["PaymentReleased", 0n, supplier.address, ETH, 600n * MILLI, 600n, false],
        ["PaymentReleased", 0n, supplier.address, usdcAddress, 600n * USDC_PER_UNIT, 600n, false],
      ]);

      expect(await campaign.confirmedUnits(0n, v1.address)).to.equal(600n);
      expect(await campaign.confirmedUnits(0n, v2.address)).to.equal(600n);
      expect(await campaign.confirmedUnits(0n, v3.address)).to.equal(0n);
      expect([
        await campaign.nonces(v1.address),
        await campaign.nonces(v2.address),
        await campaign.nonces(v3.address),
      ]).to.deep.equal([1n, 1n, 0n]);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(600n * MILLI);
      expect(await campaign.withdrawable(relayer.address, ETH)).to.equal(0n);
    });

    it("combines an earlier on-chain confirmation with a later signature set", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, v3, relayer, supplier } = f;
      await campaign.connect(v1).confirmDelivery(0n, 1_000n, EVIDENCE);
      const sigs = [
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE_2),
        await f.signConfirmation(v3, campaign, 0n, 600n, EVIDENCE_2),
      ];

      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE_2, sigs))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 600n * MILLI, 600n, false);
      // v1 said 1,000; v2 and v3 said 600: the second highest is 600.
      await expectOrder(campaign, 0n, { unitsVerified: 600n, unitsPaid: 600n });
    });

    it("accepts a verifier's signature, made with its new nonce, that raises its own earlier confirmation", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, relayer, supplier } = f;
      await campaign.connect(v1).confirmDelivery(0n, 300n, EVIDENCE);
      const sigs = [
        await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE_2),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE_2),
      ];

      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE_2, sigs))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 600n * MILLI, 600n, false);
      expect(await campaign.confirmedUnits(0n, v1.address)).to.equal(600n);
      expect(await campaign.nonces(v1.address)).to.equal(2n);
    });

    it("refuses fewer signatures than the threshold", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const sig = await f.signConfirmation(f.v1, f.campaign, 0n, 600n, EVIDENCE);
      const c = f.campaign.connect(f.relayer);

      await expect(c.confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig]))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotEnoughSignatures")
        .withArgs(1n, 2n);
      await expect(c.confirmDeliveryBySig(0n, 600n, EVIDENCE, []))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotEnoughSignatures")
        .withArgs(0n, 2n);
      expect(await f.campaign.nonces(f.v1.address)).to.equal(0n);
    });

    it("refuses a replayed signature set and a signature twice in one set: the nonce is used up", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, relayer } = f;
      const sig1 = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE);
      const sig2 = await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE);

      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig1]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(v1.address, 1n);

      await campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(v1.address, 1n);
    });

    it("refuses a verifier's second signature of the same quantity in one set: it does not increase", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, relayer } = f;
      // Signed with nonce 0 and with nonce 1: both valid in turn, but the second confirms nothing new.
      const first = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE);
      const second = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE, { nonce: 1n });
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [first, second]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignConfirmationNotIncreasing")
        .withArgs(0n, v1.address, 600n, 600n);
    });

    it("refuses a signature by someone who is not a verifier", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const sigs = [
        await f.signConfirmation(f.v1, f.campaign, 0n, 600n, EVIDENCE),
        await f.signConfirmation(f.outsider, f.campaign, 0n, 600n, EVIDENCE, { nonce: 0n }),
      ];
      await expect(f.campaign.connect(f.relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
        .withArgs(f.outsider.address);
    });

    it("refuses a signature made for other units, other evidence or another nonce, naming the verifier and its nonce", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, relayer, v1, v2 } = f;
      const good = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE);
      const wrong = [
        await f.signConfirmation(v2, campaign, 0n, 500n, EVIDENCE),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE_2),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE, { nonce: 1n }),
      ];
      for (const sig of wrong) {
        await expect(
          campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [good, sig]),
        )
          .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
          .withArgs(v2.address, 0n);
      }
      expect(await campaign.confirmedUnits(0n, v1.address)).to.equal(0n);
    });

    it("binds a signature to the order's supplier and terms: one made for others is refused", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, relayer, v1, v2 } = f;
      const good = await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE);
      const forOtherSupplier = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE, {
        supplier: f.supplier2.address,
      });
      const forOtherTerms = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE, {
        termsHash: ethers.id("PO-2020-002: another purchase"),
      });
      for (const sig of [forOtherSupplier, forOtherTerms]) {
        await expect(
          campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig, good]),
        )
          .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
          .withArgs(v1.address, 0n);
      }
      const right = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE);
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [right, good]),
      ).to.emit(campaign, "PaymentReleased");
    });

    it("refuses signatures made for another campaign, another chain or another verifying contract", async function () {
      const f = await loadFixture(twoCampaignsFixture);
      const { campaign, other, v1, v2, relayer } = f;
      // Same verifiers, same order id, same supplier and terms: only the EIP-712 domain differs.
      const forOther = [
        await f.signConfirmation(v1, other, 0n, 600n, EVIDENCE),
        await f.signConfirmation(v2, other, 0n, 600n, EVIDENCE),
      ];
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, forOther))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(v1.address, 0n);

      const forChain1 = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE, { chainId: 1n });
      const forOtherContract = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE, {
        verifyingContract: await f.factory.getAddress(),
      });
      for (const sig of [forChain1, forOtherContract]) {
        await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig]))
          .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
          .withArgs(v1.address, 0n);
      }

      // The signatures are good where they belong.
      await expect(other.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, forOther))
        .to.emit(other, "PaymentReleased")
        .withArgs(0n, f.supplier.address, ETH, 600n * MILLI, 600n, false);
    });

    it("accepts a signature at its deadline and refuses it one second later", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, relayer } = f;
      const deadline = BigInt(await time.latest()) + 100n;
      const sig1 = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE, { deadline });
      const sig2 = await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE, { deadline });

      const snapshot = await networkHelpers.takeSnapshot();
      await time.setNextBlockTimestamp(deadline);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, f.supplier.address, ETH, 600n * MILLI, 600n, false);
      await snapshot.restore();

      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]))
        .to.be.revertedWithCustomError(campaign, "CampaignSignatureExpired")
        .withArgs(v1.address, deadline, deadline + 1n);
    });

    it("requires an evidence hash", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const sigs = [
        await f.signConfirmation(f.v1, f.campaign, 0n, 600n, ZeroHash),
        await f.signConfirmation(f.v2, f.campaign, 0n, 600n, ZeroHash),
      ];
      await expect(
        f.campaign.connect(f.relayer).confirmDeliveryBySig(0n, 600n, ZeroHash, sigs),
      ).to.be.revertedWithCustomError(f.campaign, "CampaignMissingEvidence");
    });

    it("records signed confirmations while the registry is paused, crediting nothing yet", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, registry, pauser, v1, v2, relayer } = f;
      const sigs = [
        await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE),
      ];
      await registry.connect(pauser).pause();
      const tx = campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["NonceUsed", v1.address, 1n],
        ["DeliveryConfirmed", 0n, v1.address, 600n, EVIDENCE, true],
        ["NonceUsed", v2.address, 1n],
        ["DeliveryConfirmed", 0n, v2.address, 600n, EVIDENCE, true],
      ]);
      await expectOrder(campaign, 0n, { unitsVerified: 600n, unitsPaid: 0n });
    });

    it("refuses a signature by a verifier the registry suspended", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, registry, vetter, v1, v2, relayer } = f;
      const sigs = [
        await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE),
      ];
      await registry.connect(vetter).suspendVerifier(v2.address, "audit");
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs))
        .to.be.revertedWithCustomError(campaign, "CampaignVerifierNotRegistered")
        .withArgs(v2.address, PartyStatus.Suspended);
    });

    it("exposes the digest verifiers sign: EIP-712 over the order, its supplier and terms, the verifier, nonce and deadline", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, supplier } = f;
      const deadline = 1_900_000_000n;
      const { chainId } = await ethers.provider.getNetwork();
      const campaignAddress = await campaign.getAddress();
      const domain = {
        name: "Handover Campaign",
        version: "2",
        chainId,
        verifyingContract: campaignAddress,
      };
      const order = await campaign.order(0n);
      const value = {
        orderId: 0n,
        supplier: supplier.address,
        termsHash: order.termsHash,
        unitsDelivered: 600n,
        evidenceHash: EVIDENCE,
        verifier: v1.address,
        nonce: 3n,
        deadline,
      };
      const digest = await campaign.confirmationDigest(
        0n,
        600n,
        EVIDENCE,
        v1.address,
        3n,
        deadline,
      );
      expect(digest).to.equal(TypedDataEncoder.hash(domain, CONFIRM_DELIVERY_TYPES, value));
      const signature = await v1.signTypedData(domain, CONFIRM_DELIVERY_TYPES, value);
      expect(recoverAddress(digest, signature)).to.equal(v1.address);

      // EIP-5267: the domain a wallet reads to show what it signs.
      const [fields, name, version, domainChainId, verifyingContract, salt, extensions] =
        await campaign.eip712Domain();
      expect([
        fields,
        name,
        version,
        domainChainId,
        verifyingContract,
        salt,
        [...extensions],
      ]).to.deep.equal(["0x0f", "Handover Campaign", "2", chainId, campaignAddress, ZeroHash, []]);
    });
  });

  describe("cancelSignatures", function () {
    it("uses up the verifier's nonce, voiding what it signed and did not use", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, relayer } = f;
      const sig1 = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE);
      const sig2 = await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE);
      const tx = campaign.connect(v1).cancelSignatures();
      expect(await eventsOf(campaign, tx)).to.deep.equal([["NonceUsed", v1.address, 1n]]);
      expect(await campaign.nonces(v1.address)).to.equal(1n);
      expect(await campaign.nonces(v2.address)).to.equal(0n);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(v1.address, 1n);
      // A new signature with the new nonce works.
      const renewed = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE);
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [renewed, sig2]),
      ).to.emit(campaign, "PaymentReleased");
    });

    it("is open to a suspended verifier and during a pause, and closed to anyone who is not a verifier", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, registry, vetter, pauser, v3, outsider, supplier } = f;
      await registry.connect(vetter).suspendVerifier(v3.address, "audit");
      await registry.connect(pauser).pause();
      await expect(campaign.connect(v3).cancelSignatures())
        .to.emit(campaign, "NonceUsed")
        .withArgs(v3.address, 1n);
      await expect(campaign.connect(v3).cancelSignatures())
        .to.emit(campaign, "NonceUsed")
        .withArgs(v3.address, 2n);
      for (const caller of [outsider, supplier]) {
        await expect(campaign.connect(caller).cancelSignatures())
          .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
          .withArgs(caller.address);
      }
    });
  });

  describe("releasePayment", function () {
    it("reverts CampaignNothingToRelease when nothing is verified beyond what was credited", async function () {
      const f = await loadFixture(earnedFixture);
      await expect(f.campaign.connect(f.outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNothingToRelease")
        .withArgs(0n);
    });

    it("completes an order fully verified during a pause, once anyone releases it after the pause", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, registry, pauser, supplier, outsider } = f;
      await registry.connect(pauser).pause();
      await expect(fixtures.confirmByTwo(f, 0n, 1_000n)).not.to.emit(campaign, "OrderCompleted");
      await expectOrder(campaign, 0n, { status: OrderStatus.Accepted, unitsVerified: 1_000n });
      expect(await campaign.openOrderCount()).to.equal(1n);

      await registry.connect(pauser).unpause();
      const tx = campaign.connect(outsider).releasePayment(0n);
      await expect(tx)
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ORDER_ETH, 1_000n, false);
      await expect(tx).to.emit(campaign, "OrderCompleted").withArgs(0n);
      expect(await campaign.openOrderCount()).to.equal(0n);
      await expect(campaign.connect(outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Completed);
    });

    it("is blocked while the registry is paused", async function () {
      const f = await loadFixture(earnedFixture);
      await f.registry.connect(f.pauser).pause();
      await expect(f.campaign.connect(f.outsider).releasePayment(0n)).to.be.revertedWithCustomError(
        f.registry,
        "EnforcedPause",
      );
    });

    it("refuses an order that is not accepted, or cancelled", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.connect(f.outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Placed);
      await f.campaign.connect(f.organizer).cancelOrder(0n);
      await expect(f.campaign.connect(f.outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Cancelled);
    });
  });

  describe("withdraw and withdrawTo", function () {
    it("pays the supplier what deliveries earned in every token at once, in the campaign's token order", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, supplier, usdc, usdcAddress } = f;

      const tx = campaign.connect(supplier).withdraw();
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["Withdrawn", supplier.address, ETH, supplier.address, 400n * MILLI],
        ["Withdrawn", supplier.address, usdcAddress, supplier.address, 1_000n * USDC_UNIT],
      ]);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [supplier, campaign],
        [400n * MILLI, -400n * MILLI],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [supplier, campaign],
        [1_000n * USDC_UNIT, -1_000n * USDC_UNIT],
      );
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(0n);
      await expectLedger(campaign, ETH, {
        earned: 400n * MILLI,
        withdrawn: 400n * MILLI,
        reserved: 600n * MILLI,
        available: parseEther("1"),
      });
      await expectLedger(campaign, usdcAddress, {
        earned: 1_000n * USDC_UNIT,
        withdrawn: 1_000n * USDC_UNIT,
        reserved: 1_500n * USDC_UNIT,
        available: 2_500n * USDC_UNIT,
      });
      expect(await ethers.provider.getBalance(await campaign.getAddress())).to.equal(
        ETH_POOL - 400n * MILLI,
      );
      expect(await usdc.balanceOf(await campaign.getAddress())).to.equal(
        USDC_POOL - 1_000n * USDC_UNIT,
      );
    });

    it("pays only what was earned since the last withdrawal, and nothing in the tokens nobody pledged (USDT, WBTC)", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, supplier, usdc, usdcAddress } = f;
      await campaign.connect(supplier).withdraw();

      await fixtures.confirmByTwo(f, 0n, 500n, EVIDENCE_2); // 100 more units: 0.1 ETH and 250 USDC
      const tx = campaign.connect(supplier).withdraw();
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["Withdrawn", supplier.address, ETH, supplier.address, 100n * MILLI],
        ["Withdrawn", supplier.address, usdcAddress, supplier.address, 100n * USDC_PER_UNIT],
      ]);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [supplier, campaign],
        [100n * MILLI, -100n * MILLI],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [supplier, campaign],
        [100n * USDC_PER_UNIT, -100n * USDC_PER_UNIT],
      );
      await expectLedger(campaign, ETH, { earned: 500n * MILLI, withdrawn: 500n * MILLI });
      await expectLedger(campaign, usdcAddress, {
        earned: 500n * USDC_PER_UNIT,
        withdrawn: 500n * USDC_PER_UNIT,
      });
    });

    it("refuses when nothing is due in any token, including a second withdrawal", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, supplier, supplier2 } = f;
      await expect(campaign.connect(supplier2).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
        .withArgs(supplier2.address);
      await expect(campaign.connect(supplier2).withdrawTo(supplier.address))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
        .withArgs(supplier2.address);

      await campaign.connect(supplier).withdraw();
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
        .withArgs(supplier.address);
    });

    it("withdrawTo sends the supplier's earnings in every token to another address", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, supplier, outsider, usdc, usdcAddress } = f;

      const tx = campaign.connect(supplier).withdrawTo(outsider.address);
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["Withdrawn", supplier.address, ETH, outsider.address, 400n * MILLI],
        ["Withdrawn", supplier.address, usdcAddress, outsider.address, 1_000n * USDC_UNIT],
      ]);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [outsider, supplier, campaign],
        [400n * MILLI, 0n, -400n * MILLI],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [outsider, supplier, campaign],
        [1_000n * USDC_UNIT, 0n, -1_000n * USDC_UNIT],
      );
      await expectLedger(campaign, ETH, { withdrawn: 400n * MILLI });
      await expectLedger(campaign, usdcAddress, { withdrawn: 1_000n * USDC_UNIT });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(0n);
    });

    it("withdrawTo refuses the zero address", async function () {
      const f = await loadFixture(earnedFixture);
      await expect(
        f.campaign.connect(f.supplier).withdrawTo(ZeroAddress),
      ).to.be.revertedWithCustomError(f.campaign, "CampaignZeroAddress");
    });

    it("works while the registry is paused", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, registry, pauser, supplier, usdc } = f;
      await registry.connect(pauser).pause();

      const tx = campaign.connect(supplier).withdraw();
      await expect(tx).to.changeEtherBalances(
        ethers,
        [supplier, campaign],
        [400n * MILLI, -400n * MILLI],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [supplier, campaign],
        [1_000n * USDC_UNIT, -1_000n * USDC_UNIT],
      );
    });

    it("pays exactly each token's share of an order of an odd amount", async function () {
      const f = await loadFixture(fixtures.fundedFixture);
      const { campaign, usdc, supplier2, usdcAddress } = f;
      const amountUsd = 1_234_567_891n * 10n ** 12n; // $1,234.567891
      const eth = mulDiv(ETH_POOL, amountUsd, RAISED_USD);
      const usdcShare = mulDiv(USDC_POOL, amountUsd, RAISED_USD);
      expect([eth, usdcShare]).to.deep.equal([224_466_889_272_727_272n, 561_167_223n]);
      await fixtures.placeOrder(f, {
        supplier: supplier2.address,
        amountUsd,
        units: 7n,
        advanceBps: 0n,
      });
      await campaign.connect(supplier2).acceptOrder(0n);
      await fixtures.confirmByTwo(f, 0n, 7n);

      const tx = campaign.connect(supplier2).withdraw();
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [supplier2, campaign],
        [usdcShare, -usdcShare],
      );
      await expect(tx).to.changeEtherBalances(ethers, [supplier2, campaign], [eth, -eth]);
      await expectLedger(campaign, usdcAddress, {
        pledged: USDC_POOL,
        earned: usdcShare,
        withdrawn: usdcShare,
        reserved: 0n,
        available: USDC_POOL - usdcShare,
      });
      await expectLedger(campaign, ETH, {
        pledged: ETH_POOL,
        earned: eth,
        withdrawn: eth,
        reserved: 0n,
        available: ETH_POOL - eth,
      });
    });
  });
});
