import { expect } from "chai";
import { parseEther, recoverAddress, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import { ETH, OrderStatus, SupplierStatus, USDC_UNIT } from "../helpers/fixtures.js";
import {
  EVIDENCE,
  EVIDENCE_2,
  expectLedger,
  expectOrder,
  makeLifecycleFixtures,
  MILLI,
  ORDER_AMOUNT,
  SHIPPING_URI,
} from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture } = networkHelpers;
const fixtures = makeLifecycleFixtures(connection);

/** The default order without advance, accepted, with 400 of its 1,000 units verified by v1 and v2: 0.4 ETH earned. */
async function earnedFixture() {
  const f = await fixtures.acceptedNoAdvanceFixture();
  await f.campaign.connect(f.v1).confirmDelivery(0n, 400n, EVIDENCE);
  await f.campaign.connect(f.v2).confirmDelivery(0n, 400n, EVIDENCE);
  return f;
}

/**
 * Two campaigns with the same verifiers, each funded with 4 ETH past its deadline, each holding an
 * accepted order #0 (1 ETH for 1,000 units, no advance) with the same supplier.
 */
async function twoCampaignsFixture() {
  const f = await fixtures.deployFixture();
  const campaign = await f.createCampaign();
  const other = await f.createCampaign();
  for (const c of [campaign, other]) {
    await c.connect(f.donors[0]).pledgeETH({ value: parseEther("4") });
  }
  await networkHelpers.time.increaseTo((await other.params()).deadline);
  for (const c of [campaign, other]) {
    await fixtures.placeOrder({ ...f, campaign: c }, { advanceBps: 0n });
    await c.connect(f.supplier).acceptOrder(0n);
  }
  return { ...f, campaign, other };
}

describe("Campaign deliveries", function () {
  describe("confirmDelivery", function () {
    it("refuses a caller who is not one of the campaign's verifiers", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await expect(f.campaign.connect(f.outsider).confirmDelivery(0n, 100n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
        .withArgs(f.outsider.address);
      await expect(f.campaign.connect(f.supplier).confirmDelivery(0n, 100n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
        .withArgs(f.supplier.address);
    });

    it("requires an evidence hash", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await expect(
        f.campaign.connect(f.v1).confirmDelivery(0n, 100n, ZeroHash),
      ).to.be.revertedWithCustomError(f.campaign, "CampaignMissingEvidence");
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

      await expect(c.confirmDelivery(0n, 300n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignConfirmationNotIncreasing")
        .withArgs(0n, f.v1.address, 300n, 300n);
      await expect(c.confirmDelivery(0n, 200n, EVIDENCE_2))
        .to.be.revertedWithCustomError(f.campaign, "CampaignConfirmationNotIncreasing")
        .withArgs(0n, f.v1.address, 300n, 200n);
      await expect(c.confirmDelivery(0n, 0n, EVIDENCE_2))
        .to.be.revertedWithCustomError(f.campaign, "CampaignConfirmationNotIncreasing")
        .withArgs(0n, f.v1.address, 300n, 0n);
    });

    it("refuses an order the supplier has not accepted", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.connect(f.v1).confirmDelivery(0n, 100n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Placed);
    });

    it("records one verifier's confirmation without paying (1 of the 2 needed)", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier } = f;

      const tx = campaign.connect(v1).confirmDelivery(0n, 400n, EVIDENCE);
      await expect(tx)
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(0n, v1.address, 400n, EVIDENCE, false);
      await expect(tx).not.to.emit(campaign, "PaymentReleased");

      expect(await campaign.confirmedUnits(0n, v1.address)).to.equal(400n);
      expect(await campaign.confirmedUnits(0n, v2.address)).to.equal(0n);
      await expectOrder(campaign, 0n, { unitsVerified: 0n, paid: 0n });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
    });

    it("pays amount * verified / units once a second verifier agrees (on a shipped order)", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier } = f;
      await campaign.connect(supplier).markShipped(0n, SHIPPING_URI);
      await campaign.connect(v1).confirmDelivery(0n, 400n, EVIDENCE);

      const tx = campaign.connect(v2).confirmDelivery(0n, 400n, EVIDENCE_2);
      await expect(tx)
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(0n, v2.address, 400n, EVIDENCE_2, false);
      await expect(tx)
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 400n * MILLI, 400n, false);
      // Pull payments: nothing leaves the campaign until the supplier withdraws.
      await expect(tx).to.changeEtherBalances(ethers, [campaign, supplier], [0n, 0n]);

      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(400n * MILLI);
      await expectOrder(campaign, 0n, {
        unitsVerified: 400n,
        paid: 400n * MILLI,
        status: OrderStatus.Shipped,
      });
      await expectLedger(campaign, ETH, {
        reserved: 600n * MILLI,
        earned: 400n * MILLI,
        withdrawn: 0n,
        available: parseEther("1"),
      });
    });

    it("verifies the k-th highest confirmation: 100 and 80 verify 80, then 100 and 100 verify 100", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier } = f;
      await campaign.connect(v1).confirmDelivery(0n, 100n, EVIDENCE);

      await expect(campaign.connect(v2).confirmDelivery(0n, 80n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 80n * MILLI, 80n, false);
      await expectOrder(campaign, 0n, { unitsVerified: 80n, paid: 80n * MILLI });

      await expect(campaign.connect(v2).confirmDelivery(0n, 100n, EVIDENCE_2))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 20n * MILLI, 100n, false);
      await expectOrder(campaign, 0n, { unitsVerified: 100n, paid: 100n * MILLI });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(100n * MILLI);
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
      await expectOrder(campaign, 0n, { unitsVerified: 90n, paid: 90n * MILLI });
    });

    it("completes the order when every unit is verified and paid", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, supplier } = f;
      await campaign.connect(v1).confirmDelivery(0n, 1_000n, EVIDENCE);

      const tx = campaign.connect(v2).confirmDelivery(0n, 1_000n, EVIDENCE);
      await expect(tx)
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ORDER_AMOUNT, 1_000n, false);
      await expect(tx).to.emit(campaign, "OrderCompleted").withArgs(0n);

      await expectOrder(campaign, 0n, {
        status: OrderStatus.Completed,
        unitsVerified: 1_000n,
        paid: ORDER_AMOUNT,
      });
      expect(await campaign.openOrderCount()).to.equal(0n);
      await expectLedger(campaign, ETH, { reserved: 0n, earned: ORDER_AMOUNT });
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
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ORDER_AMOUNT);
      expect(await campaign.openOrderCount()).to.equal(0n);
    });

    it("rounds each payment down and pays exactly the amount in total (1 ETH for 3 units)", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      await fixtures.placeOrder(f, { units: 3n, advanceBps: 0n });
      const { campaign, v1, v2, supplier } = f;
      await campaign.connect(supplier).acceptOrder(0n);
      const payments: bigint[] = [];
      for (const units of [1n, 2n, 3n]) {
        await campaign.connect(v1).confirmDelivery(0n, units, EVIDENCE);
        const before = await campaign.withdrawable(supplier.address, ETH);
        await campaign.connect(v2).confirmDelivery(0n, units, EVIDENCE);
        payments.push((await campaign.withdrawable(supplier.address, ETH)) - before);
      }

      expect(payments).to.deep.equal([
        333_333_333_333_333_333n,
        333_333_333_333_333_333n,
        333_333_333_333_333_334n,
      ]);
      await expectOrder(campaign, 0n, { status: OrderStatus.Completed, paid: ORDER_AMOUNT });
    });

    it("pays nothing while the delivered share is below the advance, then only the excess", async function () {
      // 20% advance (0.2 ETH) already paid on acceptance.
      const f = await loadFixture(fixtures.acceptedOrderFixture);
      const { campaign, v1, v2, supplier } = f;
      await campaign.connect(v1).confirmDelivery(0n, 100n, EVIDENCE);
      await expect(campaign.connect(v2).confirmDelivery(0n, 100n, EVIDENCE)).not.to.emit(
        campaign,
        "PaymentReleased",
      );
      await expectOrder(campaign, 0n, { unitsVerified: 100n, paid: 200n * MILLI });

      // 200 units are worth exactly the advance: still nothing.
      await campaign.connect(v1).confirmDelivery(0n, 200n, EVIDENCE);
      await expect(campaign.connect(v2).confirmDelivery(0n, 200n, EVIDENCE)).not.to.emit(
        campaign,
        "PaymentReleased",
      );

      await campaign.connect(v1).confirmDelivery(0n, 300n, EVIDENCE);
      await expect(campaign.connect(v2).confirmDelivery(0n, 300n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 100n * MILLI, 300n, false);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(300n * MILLI);
      await expectOrder(campaign, 0n, { unitsVerified: 300n, paid: 300n * MILLI });
    });

    it("refuses confirmations and cancellation of a completed order", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await f.campaign.connect(f.v1).confirmDelivery(0n, 1_000n, EVIDENCE);
      await f.campaign.connect(f.v2).confirmDelivery(0n, 1_000n, EVIDENCE);

      await expect(f.campaign.connect(f.v3).confirmDelivery(0n, 1_000n, EVIDENCE))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Completed);
      await expect(f.campaign.connect(f.organizer).cancelOrder(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Completed);
    });

    it("is blocked while the registry is paused, even a first confirmation", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await f.registry.connect(f.pauser).pause();
      await expect(
        f.campaign.connect(f.v1).confirmDelivery(0n, 100n, EVIDENCE),
      ).to.be.revertedWithCustomError(f.registry, "EnforcedPause");
    });

    it("refuses to query confirmedUnits for a non-verifier", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      await expect(f.campaign.confirmedUnits(0n, f.outsider.address))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
        .withArgs(f.outsider.address);
    });
  });

  describe("confirmDeliveryBySig", function () {
    it("records 2 of 3 verifiers' signatures submitted by a relayer and pays", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, v3, relayer, supplier } = f;
      const sigs = [
        await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE),
      ];

      const tx = campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs);
      await expect(tx)
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(0n, v1.address, 600n, EVIDENCE, true)
        .and.to.emit(campaign, "DeliveryConfirmed")
        .withArgs(0n, v2.address, 600n, EVIDENCE, true);
      await expect(tx)
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 600n * MILLI, 600n, false);

      expect(await campaign.confirmedUnits(0n, v1.address)).to.equal(600n);
      expect(await campaign.confirmedUnits(0n, v2.address)).to.equal(600n);
      expect(await campaign.confirmedUnits(0n, v3.address)).to.equal(0n);
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
      await expectOrder(campaign, 0n, { unitsVerified: 600n, paid: 600n * MILLI });
    });

    it("accepts a verifier's signature that raises its own earlier on-chain confirmation", async function () {
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
    });

    it("refuses a replayed signature set and a verifier's signature twice in one set", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, v1, v2, relayer } = f;
      const sig1 = await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE);
      const sig2 = await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE);

      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig1]))
        .to.be.revertedWithCustomError(campaign, "CampaignConfirmationNotIncreasing")
        .withArgs(0n, v1.address, 600n, 600n);

      await campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]))
        .to.be.revertedWithCustomError(campaign, "CampaignConfirmationNotIncreasing")
        .withArgs(0n, v1.address, 600n, 600n);
    });

    it("refuses a signature by someone who is not a verifier", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const sigs = [
        await f.signConfirmation(f.v1, f.campaign, 0n, 600n, EVIDENCE),
        await f.signConfirmation(f.outsider, f.campaign, 0n, 600n, EVIDENCE),
      ];
      await expect(f.campaign.connect(f.relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNotVerifier")
        .withArgs(f.outsider.address);
    });

    it("refuses a signature made for other units (it recovers to another address)", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign } = f;
      const signedFor500 = await f.signConfirmation(f.v2, campaign, 0n, 500n, EVIDENCE);
      const sigs = [await f.signConfirmation(f.v1, campaign, 0n, 600n, EVIDENCE), signedFor500];
      const digest = await campaign.confirmationDigest(0n, 600n, EVIDENCE);
      const recovered = recoverAddress(digest, signedFor500);
      expect(recovered).not.to.equal(f.v2.address);
      // The digest the contract exposes is the one verifiers sign.
      expect(recoverAddress(digest, sigs[0])).to.equal(f.v1.address);

      await expect(campaign.connect(f.relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs))
        .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
        .withArgs(recovered);
    });

    it("refuses signatures made for another campaign or another chain", async function () {
      const f = await loadFixture(twoCampaignsFixture);
      const { campaign, other, v1, v2, relayer } = f;
      // Same verifiers, same order id, same units: only the EIP-712 domain differs.
      const forOther = [
        await f.signConfirmation(v1, other, 0n, 600n, EVIDENCE),
        await f.signConfirmation(v2, other, 0n, 600n, EVIDENCE),
      ];
      const digest = await campaign.confirmationDigest(0n, 600n, EVIDENCE);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, forOther))
        .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
        .withArgs(recoverAddress(digest, forOther[0]));

      const forChain1 = [
        await f.signConfirmation(v1, campaign, 0n, 600n, EVIDENCE, 1n),
        await f.signConfirmation(v2, campaign, 0n, 600n, EVIDENCE, 1n),
      ];
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, forChain1))
        .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
        .withArgs(recoverAddress(digest, forChain1[0]));

      // The signatures are good where they belong.
      await expect(other.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, forOther))
        .to.emit(other, "PaymentReleased")
        .withArgs(0n, f.supplier.address, ETH, 600n * MILLI, 600n, false);
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

    it("is blocked while the registry is paused", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const sigs = [
        await f.signConfirmation(f.v1, f.campaign, 0n, 600n, EVIDENCE),
        await f.signConfirmation(f.v2, f.campaign, 0n, 600n, EVIDENCE),
      ];
      await f.registry.connect(f.pauser).pause();
      await expect(
        f.campaign.connect(f.relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, sigs),
      ).to.be.revertedWithCustomError(f.registry, "EnforcedPause");
    });
  });

  describe("releasePayment", function () {
    it("reverts CampaignNothingToRelease when nothing is verified beyond what was paid", async function () {
      const f = await loadFixture(earnedFixture);
      await expect(f.campaign.connect(f.outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignNothingToRelease")
        .withArgs(0n);
    });

    it("holds a suspended supplier's share and releases exactly that share after reinstatement", async function () {
      const f = await loadFixture(earnedFixture); // 400 units verified and paid
      const { campaign, registry, vetter, v1, v2, supplier, outsider } = f;
      await registry.connect(vetter).suspendSupplier(supplier.address, "under investigation");

      await campaign.connect(v1).confirmDelivery(0n, 700n, EVIDENCE_2);
      const tx = campaign.connect(v2).confirmDelivery(0n, 700n, EVIDENCE_2);
      await expect(tx)
        .to.emit(campaign, "DeliveryConfirmed")
        .withArgs(0n, v2.address, 700n, EVIDENCE_2, false);
      await expect(tx).not.to.emit(campaign, "PaymentReleased");
      await expectOrder(campaign, 0n, { unitsVerified: 700n, paid: 400n * MILLI });
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(400n * MILLI);

      await expect(campaign.connect(outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierNotVetted")
        .withArgs(supplier.address, SupplierStatus.Suspended);

      await registry.connect(vetter).reinstateSupplier(supplier.address);
      await expect(campaign.connect(outsider).releasePayment(0n))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, 300n * MILLI, 700n, false);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(700n * MILLI);
      await expectLedger(campaign, ETH, { reserved: 300n * MILLI, earned: 700n * MILLI });
      await expect(campaign.connect(outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRelease")
        .withArgs(0n);
    });

    it("completes an order fully verified during a suspension once the supplier is reinstated and paid", async function () {
      const f = await loadFixture(fixtures.acceptedNoAdvanceFixture);
      const { campaign, registry, vetter, v1, v2, supplier, outsider } = f;
      await registry.connect(vetter).suspendSupplier(supplier.address, "under investigation");
      await campaign.connect(v1).confirmDelivery(0n, 1_000n, EVIDENCE);
      await expect(campaign.connect(v2).confirmDelivery(0n, 1_000n, EVIDENCE)).not.to.emit(
        campaign,
        "OrderCompleted",
      );
      await expectOrder(campaign, 0n, { status: OrderStatus.Accepted, unitsVerified: 1_000n });
      expect(await campaign.openOrderCount()).to.equal(1n);

      await registry.connect(vetter).reinstateSupplier(supplier.address);
      const tx = campaign.connect(outsider).releasePayment(0n);
      await expect(tx)
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ORDER_AMOUNT, 1_000n, false);
      await expect(tx).to.emit(campaign, "OrderCompleted").withArgs(0n);
      expect(await campaign.openOrderCount()).to.equal(0n);
    });

    it("is blocked while the registry is paused", async function () {
      const f = await loadFixture(earnedFixture);
      await f.registry.connect(f.pauser).pause();
      await expect(f.campaign.connect(f.outsider).releasePayment(0n)).to.be.revertedWithCustomError(
        f.registry,
        "EnforcedPause",
      );
    });

    it("refuses an order that is not accepted", async function () {
      const f = await loadFixture(fixtures.placedOrderFixture);
      await expect(f.campaign.connect(f.outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(f.campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Placed);
    });
  });

  describe("withdraw and withdrawTo", function () {
    it("pays the supplier what deliveries earned", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, supplier } = f;

      const tx = campaign.connect(supplier).withdraw(ETH);
      await expect(tx)
        .to.emit(campaign, "Withdrawn")
        .withArgs(supplier.address, ETH, supplier.address, 400n * MILLI);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [supplier, campaign],
        [400n * MILLI, -400n * MILLI],
      );

      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      await expectLedger(campaign, ETH, {
        earned: 400n * MILLI,
        withdrawn: 400n * MILLI,
        reserved: 600n * MILLI,
        available: parseEther("1"),
      });
      expect(await ethers.provider.getBalance(await campaign.getAddress())).to.equal(
        parseEther("2") - 400n * MILLI,
      );
    });

    it("refuses when nothing is due, including a second withdrawal", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, supplier, supplier2 } = f;
      await expect(campaign.connect(supplier2).withdraw(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
        .withArgs(supplier2.address, ETH);

      await campaign.connect(supplier).withdraw(ETH);
      await expect(campaign.connect(supplier).withdraw(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
        .withArgs(supplier.address, ETH);
    });

    it("withdrawTo sends the supplier's earnings to another address", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, supplier, outsider } = f;

      const tx = campaign.connect(supplier).withdrawTo(ETH, outsider.address);
      await expect(tx)
        .to.emit(campaign, "Withdrawn")
        .withArgs(supplier.address, ETH, outsider.address, 400n * MILLI);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [outsider, supplier, campaign],
        [400n * MILLI, 0n, -400n * MILLI],
      );
      await expectLedger(campaign, ETH, { withdrawn: 400n * MILLI });
    });

    it("withdrawTo refuses the zero address", async function () {
      const f = await loadFixture(earnedFixture);
      await expect(
        f.campaign.connect(f.supplier).withdrawTo(ETH, ZeroAddress),
      ).to.be.revertedWithCustomError(f.campaign, "CampaignZeroAddress");
    });

    it("works while the registry is paused and while the supplier is suspended", async function () {
      const f = await loadFixture(earnedFixture);
      const { campaign, registry, pauser, vetter, supplier } = f;
      await registry.connect(vetter).suspendSupplier(supplier.address, "under investigation");
      await registry.connect(pauser).pause();

      await expect(campaign.connect(supplier).withdraw(ETH)).to.changeEtherBalances(
        ethers,
        [supplier, campaign],
        [400n * MILLI, -400n * MILLI],
      );
    });

    it("pays USDC earned on a USDC order", async function () {
      const f = await loadFixture(fixtures.fundedCampaignFixture);
      const { campaign, usdc, v1, v2, supplier2 } = f;
      const usdcAddress = await usdc.getAddress();
      await fixtures.placeOrder(f, {
        supplier: supplier2.address,
        token: usdcAddress,
        amount: 1_234_567_891n,
        units: 7n,
        advanceBps: 0n,
      });
      await campaign.connect(supplier2).acceptOrder(0n);
      await campaign.connect(v1).confirmDelivery(0n, 7n, EVIDENCE);
      await campaign.connect(v2).confirmDelivery(0n, 7n, EVIDENCE);

      await expect(campaign.connect(supplier2).withdraw(usdcAddress)).to.changeTokenBalances(
        ethers,
        usdc,
        [supplier2, campaign],
        [1_234_567_891n, -1_234_567_891n],
      );
      await expectLedger(campaign, usdcAddress, {
        pledged: 5_000n * USDC_UNIT,
        earned: 1_234_567_891n,
        withdrawn: 1_234_567_891n,
        reserved: 0n,
        available: 5_000n * USDC_UNIT - 1_234_567_891n,
      });
    });
  });
});
