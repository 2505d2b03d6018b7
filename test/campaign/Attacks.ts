/**
 * Attacks and mistakes that hit crowdfunding and escrow contracts, one test each, asserting the money
 * (balances before and after, `ledger(token)`) and the exact errors.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { Interface } from "ethers";
import { network } from "hardhat";

import type {
  Campaign,
  MockFalseToken,
  MockFeeOnTransferToken,
  MockSafe,
  MockV3Aggregator,
  ReentrantToken,
} from "../../types/ethers-contracts/index.js";
import {
  DAY,
  ETH,
  OrderStatus,
  PartyStatus,
  Status,
  USD,
  USDC_UNIT,
  makeFixtures,
  type CampaignParams,
} from "../helpers/fixtures.js";
import { eventsOf, expectInvariants, type Ledger, ledgerOf } from "./lifecycle-helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);

const ONE_ETH = 10n ** 18n;
const TOKEN_UNIT = 10n ** 18n;
/** $1 with the feed's 8 decimals: one whole extra token (18 decimals) is worth 1 USD. */
const ONE_DOLLAR_FEED = 10n ** 8n;
const MAX_STALENESS = 3_600n;
const EVIDENCE = ethers.id("WAHO warehouse receipt, Abuja");
const TERMS = ethers.id("purchase terms: EN 14683 Type IIR masks");
/** The order of the secp256k1 group. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** `deployFixture` plus attacker contracts and three extra tokens listed with $1 feeds. */
async function attackFixture() {
  const deployed = await fixtures.deployFixture();
  const { admin, registry, refreshFeeds } = deployed;

  const reentrantToken = await ethers.deployContract("ReentrantToken");
  const falseToken = await ethers.deployContract("MockFalseToken");
  const feeToken = await ethers.deployContract("MockFeeOnTransferToken", [100n]); // 1%
  const extraFeeds: MockV3Aggregator[] = [];
  for (const token of [reentrantToken, falseToken, feeToken]) {
    const feed = await ethers.deployContract("MockV3Aggregator", [8, ONE_DOLLAR_FEED, "X / USD"]);
    await registry
      .connect(admin)
      .setAcceptedToken(await token.getAddress(), await feed.getAddress(), MAX_STALENESS);
    extraFeeds.push(feed);
  }
  const attacker = await ethers.deployContract("ReentrantReceiver");
  const rejecting = await ethers.deployContract("RejectingReceiver");
  const forceSender = await ethers.deployContract("ForceSender", [ethers.ZeroAddress]);

  /** Pushes fresh answers to the four default feeds and the three extra ones. */
  async function refreshAll() {
    await refreshFeeds();
    for (const feed of extraFeeds) await feed.updateAnswer(ONE_DOLLAR_FEED);
  }

  return {
    ...deployed,
    reentrantToken,
    falseToken,
    feeToken,
    attacker,
    rejecting,
    forceSender,
    refreshAll,
  };
}

type F = Awaited<ReturnType<typeof attackFixture>>;

// ───────────────────────────── helpers ─────────────────────────────

async function addr(x: { getAddress(): Promise<string> }) {
  return x.getAddress();
}

/** A donor's standing pledge as a plain `[amount, usdValue]` array. */
async function pledgeOf(campaign: Campaign, donor: string, token: string) {
  const [amount, usdValue] = await campaign.pledgeOf(donor, token);
  return [amount, usdValue];
}

/** Calldata for a campaign function chosen at run time. */
function calldata(campaign: Campaign, fn: string, args: unknown[] = []) {
  return (campaign.interface as unknown as Interface).encodeFunctionData(fn, args);
}

function reentryGuardError(campaign: Campaign) {
  return campaign.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []);
}

/** Creates a campaign whose tokens are ETH and `extra` (one of the extra listed tokens). */
async function campaignWith(f: F, extra: string, overrides: Partial<CampaignParams> = {}) {
  return f.createCampaign({ tokens: [ETH, extra], ...overrides });
}

/** Moves a fresh campaign to Procurement: donors[0] pledges 4 ETH ($12,000) and the organizer closes funding. */
async function fundAndCloseFunding(f: F, campaign: Campaign, donor = f.donors[0]) {
  await campaign.connect(donor).pledgeETH({ value: 4n * ONE_ETH });
  await campaign.connect(f.organizer).closeFunding();
}

/** Places an order worth `amountUsd` as the organizer and returns its id. */
async function placeOrder(
  f: Pick<F, "organizer" | "supplier">,
  campaign: Campaign,
  o: {
    supplier?: string;
    amountUsd: bigint;
    units: bigint;
    advanceBps?: bigint;
    deliverBy?: bigint;
  },
) {
  const deliverBy = o.deliverBy ?? BigInt(await time.latest()) + 30n * DAY;
  const args = [
    o.supplier ?? f.supplier.address,
    o.amountUsd,
    o.units,
    deliverBy,
    o.advanceBps ?? 0n,
    TERMS,
  ] as const;
  const id = await campaign.connect(f.organizer).createOrder.staticCall(...args);
  await campaign.connect(f.organizer).createOrder(...args);
  return id;
}

/** Two of the three verifiers confirm `units` delivered (the threshold is 2). */
async function confirmByTwo(f: F, campaign: Campaign, orderId: bigint, units: bigint) {
  await campaign.connect(f.v1).confirmDelivery(orderId, units, EVIDENCE);
  await campaign.connect(f.v2).confirmDelivery(orderId, units, EVIDENCE);
}

async function passDeadline(campaign: Campaign) {
  await time.increaseTo((await campaign.params()).deadline);
}

async function mintAndApprove(
  token: ReentrantToken | MockFalseToken | MockFeeOnTransferToken,
  donor: HardhatEthersSigner,
  campaign: Campaign,
  amount: bigint,
) {
  await token.mint(donor.address, amount);
  await token.connect(donor).approve(await campaign.getAddress(), amount);
}

/** Makes the reentrant token call `target` with `data` as itself, by triggering a harmless transfer. */
async function asToken(
  token: ReentrantToken,
  by: HardhatEthersSigner,
  target: string,
  data: string,
) {
  await token.arm(target, data);
  await token.connect(by).transfer(by.address, 0n);
  expect(await token.lastReentrySucceeded()).to.equal(true);
}

// ───────────────────────────── tests ─────────────────────────────

describe("Campaign attacks", function () {
  describe("re-entrancy", function () {
    for (const reentry of ["claimRefund", "claimRefundTo", "cancelPledge", "withdraw"] as const) {
      it(`claimRefund(ETH): a receiver re-entering ${reentry} is stopped by the guard and gets exactly its pledge`, async function () {
        const f = await networkHelpers.loadFixture(attackFixture);
        const { attacker, outsider, donors } = f;
        const campaign = await f.createCampaign();
        const campaignAddress = await addr(campaign);
        const attackerAddress = await addr(attacker);
        const pledgeData = campaign.interface.encodeFunctionData("pledgeETH");
        await attacker
          .connect(outsider)
          .execute(campaignAddress, ONE_ETH, pledgeData, { value: ONE_ETH });
        await campaign.connect(donors[0]).pledgeETH({ value: (3n * ONE_ETH) / 2n });
        await passDeadline(campaign); // $7,500 < $10,000: failed
        expect(await campaign.status()).to.equal(Status.Failed);

        const reentryData =
          reentry === "claimRefund"
            ? campaign.interface.encodeFunctionData("claimRefund", [ETH])
            : reentry === "claimRefundTo"
              ? campaign.interface.encodeFunctionData("claimRefundTo", [ETH, attackerAddress])
              : reentry === "cancelPledge"
                ? campaign.interface.encodeFunctionData("cancelPledge", [ETH])
                : campaign.interface.encodeFunctionData("withdraw");
        await attacker.arm(campaignAddress, reentryData);

        const claim = campaign.interface.encodeFunctionData("claimRefund", [ETH]);
        const tx = attacker.connect(outsider).execute(campaignAddress, 0n, claim);
        await expect(tx).to.changeEtherBalances(ethers, [attacker, campaign], [ONE_ETH, -ONE_ETH]);
        await expect(tx)
          .to.emit(campaign, "RefundClaimed")
          .withArgs(attackerAddress, ETH, attackerAddress, ONE_ETH);

        expect(await attacker.reentryCount()).to.equal(1n);
        expect(await attacker.lastReentrySucceeded()).to.equal(false);
        expect(await attacker.lastReentryRevertData()).to.equal(reentryGuardError(campaign));
        expect((await ledgerOf(campaign, ETH)).refunded).to.equal(ONE_ETH);
        expect(await campaign.refundable(attackerAddress, ETH)).to.equal(0n);
        await expect(attacker.connect(outsider).execute(campaignAddress, 0n, claim))
          .to.be.revertedWithCustomError(campaign, "CampaignNothingToRefund")
          .withArgs(attackerAddress, ETH);

        // The honest donor is untouched and the campaign ends empty.
        await expect(campaign.connect(donors[0]).claimRefund(ETH)).to.changeEtherBalances(
          ethers,
          [donors[0], campaign],
          [(3n * ONE_ETH) / 2n, (-3n * ONE_ETH) / 2n],
        );
        expect(await ethers.provider.getBalance(campaignAddress)).to.equal(0n);
      });
    }

    it("claimRefund(ETH): a bubbled re-entry reverts the whole refund and books nothing", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { attacker, outsider } = f;
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      const attackerAddress = await addr(attacker);
      await attacker
        .connect(outsider)
        .execute(campaignAddress, ONE_ETH, campaign.interface.encodeFunctionData("pledgeETH"), {
          value: ONE_ETH,
        });
      await passDeadline(campaign);
      const claim = campaign.interface.encodeFunctionData("claimRefund", [ETH]);
      await attacker.arm(campaignAddress, claim);
      await attacker.setBubbleReentryFailure(true);

      await expect(
        attacker.connect(outsider).execute(campaignAddress, 0n, claim),
      ).to.be.revertedWithCustomError(campaign, "ReentrancyGuardReentrantCall");
      expect((await ledgerOf(campaign, ETH)).refunded).to.equal(0n);
      expect(await campaign.refundable(attackerAddress, ETH)).to.equal(ONE_ETH);

      await attacker.disarm();
      await expect(
        attacker.connect(outsider).execute(campaignAddress, 0n, claim),
      ).to.changeEtherBalances(ethers, [attacker, campaign], [ONE_ETH, -ONE_ETH]);
    });

    it("claimRefund(token): a reentrant token that is itself a donor cannot claim inside another donor's refund", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { reentrantToken: rt, donors } = f;
      const rtAddress = await addr(rt);
      const campaign = await campaignWith(f, rtAddress);
      const campaignAddress = await addr(campaign);

      // An honest donor pledges 1,000 REENTER; the token contract makes itself a donor of 300.
      await mintAndApprove(rt, donors[0], campaign, 1_000n * TOKEN_UNIT);
      await campaign.connect(donors[0]).pledge(rtAddress, 1_000n * TOKEN_UNIT);
      await rt.mint(rtAddress, 300n * TOKEN_UNIT);
      await asToken(
        rt,
        donors[5],
        rtAddress,
        rt.interface.encodeFunctionData("approve", [campaignAddress, 300n * TOKEN_UNIT]),
      );
      await asToken(
        rt,
        donors[5],
        campaignAddress,
        campaign.interface.encodeFunctionData("pledge", [rtAddress, 300n * TOKEN_UNIT]),
      );
      expect((await campaign.pledgeOf(rtAddress, rtAddress))[0]).to.equal(300n * TOKEN_UNIT);
      await passDeadline(campaign);

      // The token tries to claim its own refund while the honest donor's refund is moving.
      await rt.arm(
        campaignAddress,
        campaign.interface.encodeFunctionData("claimRefund", [rtAddress]),
      );
      await expect(campaign.connect(donors[0]).claimRefund(rtAddress)).to.changeTokenBalances(
        ethers,
        rt,
        [donors[0], campaign],
        [1_000n * TOKEN_UNIT, -1_000n * TOKEN_UNIT],
      );
      expect(await rt.reentryCount()).to.equal(3n);
      expect(await rt.lastReentrySucceeded()).to.equal(false);
      expect(await rt.lastReentryRevertData()).to.equal(reentryGuardError(campaign));
      expect((await ledgerOf(campaign, rtAddress)).refunded).to.equal(1_000n * TOKEN_UNIT);
      expect(await campaign.refundable(rtAddress, rtAddress)).to.equal(300n * TOKEN_UNIT);

      // Outside any other call it claims exactly its 300, once.
      const before = await rt.balanceOf(rtAddress);
      await asToken(
        rt,
        donors[5],
        campaignAddress,
        campaign.interface.encodeFunctionData("claimRefund", [rtAddress]),
      );
      expect((await rt.balanceOf(rtAddress)) - before).to.equal(300n * TOKEN_UNIT);
      expect(await rt.balanceOf(campaignAddress)).to.equal(0n);
      expect((await ledgerOf(campaign, rtAddress)).refunded).to.equal(1_300n * TOKEN_UNIT);
    });

    it("pledge(token): a reentrant token cannot re-enter pledge to have one transfer counted twice", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { reentrantToken: rt, donors } = f;
      const rtAddress = await addr(rt);
      const campaign = await campaignWith(f, rtAddress);
      const campaignAddress = await addr(campaign);
      await mintAndApprove(rt, donors[0], campaign, 2_000n * TOKEN_UNIT);
      await rt.arm(
        campaignAddress,
        campaign.interface.encodeFunctionData("pledge", [rtAddress, 1_000n * TOKEN_UNIT]),
      );

      await expect(campaign.connect(donors[0]).pledge(rtAddress, 1_000n * TOKEN_UNIT))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, rtAddress, 1_000n * TOKEN_UNIT, 1_000n * USD);
      expect(await rt.lastReentryRevertData()).to.equal(reentryGuardError(campaign));
      expect(await rt.balanceOf(campaignAddress)).to.equal(1_000n * TOKEN_UNIT);
      const l = await ledgerOf(campaign, rtAddress);
      expect(l.pledged).to.equal(1_000n * TOKEN_UNIT);
      expect(l.pledgedUsd).to.equal(1_000n * USD);
      expect(await pledgeOf(campaign, donors[0].address, rtAddress)).to.deep.equal([
        1_000n * TOKEN_UNIT,
        1_000n * USD,
      ]);
    });

    for (const reentry of ["cancelPledge", "cancelPledgeTo", "claimRefund", "pledgeETH"] as const) {
      it(`cancelPledge(ETH): a receiver re-entering ${reentry} gets exactly its pledge back, once`, async function () {
        const f = await networkHelpers.loadFixture(attackFixture);
        const { attacker, outsider, donors } = f;
        const campaign = await f.createCampaign();
        const campaignAddress = await addr(campaign);
        const attackerAddress = await addr(attacker);
        await attacker
          .connect(outsider)
          .execute(campaignAddress, ONE_ETH, campaign.interface.encodeFunctionData("pledgeETH"), {
            value: ONE_ETH,
          });
        await campaign.connect(donors[0]).pledgeETH({ value: 2n * ONE_ETH });
        const raisedBefore = await campaign.raisedUsd();

        const data =
          reentry === "pledgeETH"
            ? campaign.interface.encodeFunctionData("pledgeETH")
            : reentry === "cancelPledgeTo"
              ? campaign.interface.encodeFunctionData("cancelPledgeTo", [ETH, attackerAddress])
              : calldata(campaign, reentry, [ETH]);
        await attacker.arm(campaignAddress, data);
        const cancel = campaign.interface.encodeFunctionData("cancelPledge", [ETH]);
        const tx = attacker.connect(outsider).execute(campaignAddress, 0n, cancel);
        await expect(tx).to.changeEtherBalances(ethers, [attacker, campaign], [ONE_ETH, -ONE_ETH]);
        await expect(tx)
          .to.emit(campaign, "PledgeCancelled")
          .withArgs(attackerAddress, ETH, attackerAddress, ONE_ETH, 3_000n * USD);

        expect(await attacker.lastReentrySucceeded()).to.equal(false);
        // pledgeETH is not guarded (it sends nothing); re-entered without value it is refused as zero.
        expect(await attacker.lastReentryRevertData()).to.equal(
          reentry === "pledgeETH"
            ? campaign.interface.encodeErrorResult("CampaignZeroAmount", [])
            : reentryGuardError(campaign),
        );
        const l = await ledgerOf(campaign, ETH);
        expect(l.pledged).to.equal(3n * ONE_ETH);
        expect(l.cancelled).to.equal(ONE_ETH);
        expect(l.pledgedUsd).to.equal(6_000n * USD);
        expect(await campaign.raisedUsd()).to.equal(raisedBefore - 3_000n * USD);
        expect(await pledgeOf(campaign, attackerAddress, ETH)).to.deep.equal([0n, 0n]);
        await expect(attacker.connect(outsider).execute(campaignAddress, 0n, cancel))
          .to.be.revertedWithCustomError(campaign, "CampaignNoPledge")
          .withArgs(attackerAddress, ETH);
        expect(await ethers.provider.getBalance(campaignAddress)).to.equal(2n * ONE_ETH);
      });
    }

    it("cancelPledge(token): a reentrant token calling back during the cancel is stopped; the donor gets exactly its pledge", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { reentrantToken: rt, donors } = f;
      const rtAddress = await addr(rt);
      const campaign = await campaignWith(f, rtAddress);
      const campaignAddress = await addr(campaign);
      await mintAndApprove(rt, donors[0], campaign, 500n * TOKEN_UNIT);
      await campaign.connect(donors[0]).pledge(rtAddress, 500n * TOKEN_UNIT);
      await rt.arm(
        campaignAddress,
        campaign.interface.encodeFunctionData("cancelPledge", [rtAddress]),
      );

      await expect(campaign.connect(donors[0]).cancelPledge(rtAddress)).to.changeTokenBalances(
        ethers,
        rt,
        [donors[0], campaign],
        [500n * TOKEN_UNIT, -500n * TOKEN_UNIT],
      );
      expect(await rt.lastReentryRevertData()).to.equal(reentryGuardError(campaign));
      const l = await ledgerOf(campaign, rtAddress);
      expect(l.cancelled).to.equal(500n * TOKEN_UNIT);
      expect(l.available).to.equal(0n);
      expect(l.pledgedUsd).to.equal(0n);
    });

    describe("withdraw by a reentrant supplier contract", function () {
      async function supplierAttackFixture() {
        const f = await attackFixture();
        const { attacker, vetter, outsider } = f;
        const attackerAddress = await addr(attacker);
        await f.registry
          .connect(vetter)
          .registerSupplier(attackerAddress, "Shell PPE Ltd", "XX", ethers.id("dossier 3"));
        const campaign = await f.createCampaign();
        await fundAndCloseFunding(f, campaign);
        const campaignAddress = await addr(campaign);
        // Of the $12,000 raised in ETH: order 0, $3,000 (1 ETH) for 1,000 units with a 30% advance;
        // order 1, $1,500 (0.5 ETH) for 100 units with a 20% advance.
        await placeOrder(f, campaign, {
          supplier: attackerAddress,
          amountUsd: 3_000n * USD,
          units: 1_000n,
          advanceBps: 3_000n,
        });
        await placeOrder(f, campaign, {
          supplier: attackerAddress,
          amountUsd: 1_500n * USD,
          units: 100n,
          advanceBps: 2_000n,
        });
        await attacker
          .connect(outsider)
          .execute(campaignAddress, 0n, campaign.interface.encodeFunctionData("acceptOrder", [0n]));
        return { ...f, campaign, campaignAddress, attackerAddress };
      }

      for (const reentry of ["withdraw", "withdrawTo", "claimRefund"] as const) {
        it(`a supplier re-entering ${reentry} while withdrawing its advance gets exactly the advance`, async function () {
          const f = await networkHelpers.loadFixture(supplierAttackFixture);
          const { attacker, outsider, campaign, campaignAddress, attackerAddress } = f;
          expect(await campaign.withdrawable(attackerAddress, ETH)).to.equal((3n * ONE_ETH) / 10n);
          const data =
            reentry === "withdrawTo"
              ? campaign.interface.encodeFunctionData("withdrawTo", [attackerAddress])
              : reentry === "withdraw"
                ? campaign.interface.encodeFunctionData("withdraw")
                : campaign.interface.encodeFunctionData("claimRefund", [ETH]);
          await attacker.arm(campaignAddress, data);

          const withdraw = campaign.interface.encodeFunctionData("withdraw");
          const tx = attacker.connect(outsider).execute(campaignAddress, 0n, withdraw);
          await expect(tx).to.changeEtherBalances(
            ethers,
            [attacker, campaign],
            [(3n * ONE_ETH) / 10n, (-3n * ONE_ETH) / 10n],
          );
          expect(await eventsOf(campaign, tx)).to.deep.equal([
            ["Withdrawn", attackerAddress, ETH, attackerAddress, (3n * ONE_ETH) / 10n],
          ]);
          expect(await attacker.lastReentrySucceeded()).to.equal(false);
          expect(await attacker.lastReentryRevertData()).to.equal(reentryGuardError(campaign));

          const l = await ledgerOf(campaign, ETH);
          expect(l.earned).to.equal((3n * ONE_ETH) / 10n);
          expect(l.withdrawn).to.equal((3n * ONE_ETH) / 10n);
          expect(await campaign.withdrawable(attackerAddress, ETH)).to.equal(0n);
          await expect(attacker.connect(outsider).execute(campaignAddress, 0n, withdraw))
            .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
            .withArgs(attackerAddress);
          await expectInvariants(campaign, ETH, await ethers.provider.getBalance(campaignAddress));
        });
      }

      it("a supplier accepting another order from inside its withdraw books that advance once, paid by a later withdraw", async function () {
        const f = await networkHelpers.loadFixture(supplierAttackFixture);
        const { attacker, outsider, campaign, campaignAddress, attackerAddress } = f;
        await attacker.arm(
          campaignAddress,
          campaign.interface.encodeFunctionData("acceptOrder", [1n]),
        );

        const withdraw = campaign.interface.encodeFunctionData("withdraw");
        await expect(
          attacker.connect(outsider).execute(campaignAddress, 0n, withdraw),
        ).to.changeEtherBalances(
          ethers,
          [attacker, campaign],
          [(3n * ONE_ETH) / 10n, (-3n * ONE_ETH) / 10n],
        );
        // acceptOrder moves no money, so it is not guarded: it succeeded, and its advance waits.
        expect(await attacker.lastReentrySucceeded()).to.equal(true);
        expect((await campaign.order(1n)).status).to.equal(OrderStatus.Accepted);
        expect(await campaign.withdrawable(attackerAddress, ETH)).to.equal(ONE_ETH / 10n);
        let l = await ledgerOf(campaign, ETH);
        expect(l.earned).to.equal((4n * ONE_ETH) / 10n);
        expect(l.withdrawn).to.equal((3n * ONE_ETH) / 10n);
        await expectInvariants(campaign, ETH, await ethers.provider.getBalance(campaignAddress));

        await expect(
          attacker.connect(outsider).execute(campaignAddress, 0n, withdraw),
        ).to.changeEtherBalances(ethers, [attacker, campaign], [ONE_ETH / 10n, -ONE_ETH / 10n]);
        l = await ledgerOf(campaign, ETH);
        expect(l.withdrawn).to.equal((4n * ONE_ETH) / 10n);
        expect(l.reserved).to.equal(ONE_ETH + ONE_ETH / 2n - (4n * ONE_ETH) / 10n);
      });

      it("an advance accepted from inside a withdrawal is known to be still here: suspended, it is reclaimed; the one that left is not", async function () {
        const f = await networkHelpers.loadFixture(supplierAttackFixture);
        const { attacker, outsider, campaign, campaignAddress, attackerAddress, organizer } = f;
        await attacker.arm(
          campaignAddress,
          campaign.interface.encodeFunctionData("acceptOrder", [1n]),
        );
        await attacker
          .connect(outsider)
          .execute(campaignAddress, 0n, campaign.interface.encodeFunctionData("withdraw"));
        expect(await campaign.withdrawable(attackerAddress, ETH)).to.equal(ONE_ETH / 10n);
        await f.registry.connect(f.vetter).suspendSupplier(attackerAddress, "shell company");

        // Order 1 was accepted after the withdrawal's sequence: its 0.1 ETH advance comes back.
        expect(await eventsOf(campaign, campaign.connect(organizer).cancelOrder(1n))).to.deep.equal(
          [
            ["ReservationReturned", 1n, ETH, (4n * ONE_ETH) / 10n],
            ["AdvanceReclaimed", 1n, attackerAddress, ETH, ONE_ETH / 10n],
            ["OrderCancelled", 1n, organizer.address],
          ],
        );
        // Order 0's 0.3 ETH advance left with the withdrawal: nothing to take back, it stays counted.
        expect(await eventsOf(campaign, campaign.connect(organizer).cancelOrder(0n))).to.deep.equal(
          [
            ["ReservationReturned", 0n, ETH, (7n * ONE_ETH) / 10n],
            ["OrderCancelled", 0n, organizer.address],
          ],
        );
        expect([
          (await campaign.order(0n)).advanceReclaimed,
          (await campaign.order(1n)).advanceReclaimed,
        ]).to.deep.equal([false, true]);
        const l = await ledgerOf(campaign, ETH);
        expect([l.earned, l.withdrawn, l.unbacked, l.reserved]).to.deep.equal([
          (3n * ONE_ETH) / 10n,
          (3n * ONE_ETH) / 10n,
          (3n * ONE_ETH) / 10n,
          0n,
        ]);
        expect(await campaign.withdrawable(attackerAddress, ETH)).to.equal(0n);
        await expectInvariants(campaign, ETH, await ethers.provider.getBalance(campaignAddress));
      });
    });

    it("an advance accepted inside the ETH leg of a two-token withdrawal stays whole in both tokens, and is reclaimed in both", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { attacker, vetter, outsider, organizer, donors, usdc } = f;
      const attackerAddress = await addr(attacker);
      const usdcAddress = await addr(usdc);
      await f.registry
        .connect(vetter)
        .registerSupplier(attackerAddress, "Shell PPE Ltd", "XX", ethers.id("dossier 3"));
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      await campaign.connect(donors[0]).pledgeETH({ value: 2n * ONE_ETH });
      await f.fund(usdc, donors[1], campaign, 6_000n * USDC_UNIT);
      await campaign.connect(donors[1]).pledge(usdcAddress, 6_000n * USDC_UNIT);
      await campaign.connect(organizer).closeFunding();
      // $12,000 raised, half in each token. Order 0: $3,000 (0.5 ETH, 1,500 USDC), 30% advance;
      // order 1: $1,500 (0.25 ETH, 750 USDC), 20% advance.
      await placeOrder(f, campaign, {
        supplier: attackerAddress,
        amountUsd: 3_000n * USD,
        units: 1_000n,
        advanceBps: 3_000n,
      });
      await placeOrder(f, campaign, {
        supplier: attackerAddress,
        amountUsd: 1_500n * USD,
        units: 100n,
        advanceBps: 2_000n,
      });
      await attacker
        .connect(outsider)
        .execute(campaignAddress, 0n, campaign.interface.encodeFunctionData("acceptOrder", [0n]));
      await attacker.arm(
        campaignAddress,
        campaign.interface.encodeFunctionData("acceptOrder", [1n]),
      );

      // The withdrawal books both tokens before it sends either: the ETH leg's reentry accepts
      // order 1, whose USDC advance the USDC leg that follows does not take.
      const tx = attacker
        .connect(outsider)
        .execute(campaignAddress, 0n, campaign.interface.encodeFunctionData("withdraw"));
      await expect(tx).to.changeEtherBalances(
        ethers,
        [attacker, campaign],
        [(15n * ONE_ETH) / 100n, (-15n * ONE_ETH) / 100n],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [attacker, campaign],
        [450n * USDC_UNIT, -450n * USDC_UNIT],
      );
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["Withdrawn", attackerAddress, ETH, attackerAddress, (15n * ONE_ETH) / 100n],
        ["Withdrawn", attackerAddress, usdcAddress, attackerAddress, 450n * USDC_UNIT],
        ["OrderAccepted", 1n, attackerAddress],
        ["PaymentReleased", 1n, attackerAddress, ETH, (5n * ONE_ETH) / 100n, 0n, true],
        ["PaymentReleased", 1n, attackerAddress, usdcAddress, 150n * USDC_UNIT, 0n, true],
      ]);
      expect(await attacker.lastReentrySucceeded()).to.equal(true);
      expect(await campaign.withdrawable(attackerAddress, ETH)).to.equal((5n * ONE_ETH) / 100n);
      expect(await campaign.withdrawable(attackerAddress, usdcAddress)).to.equal(150n * USDC_UNIT);

      await f.registry.connect(vetter).suspendSupplier(attackerAddress, "shell company");
      expect(await eventsOf(campaign, campaign.connect(organizer).cancelOrder(1n))).to.deep.equal([
        ["ReservationReturned", 1n, ETH, (20n * ONE_ETH) / 100n],
        ["AdvanceReclaimed", 1n, attackerAddress, ETH, (5n * ONE_ETH) / 100n],
        ["ReservationReturned", 1n, usdcAddress, 600n * USDC_UNIT],
        ["AdvanceReclaimed", 1n, attackerAddress, usdcAddress, 150n * USDC_UNIT],
        ["OrderCancelled", 1n, organizer.address],
      ]);
      expect(await eventsOf(campaign, campaign.connect(organizer).cancelOrder(0n))).to.deep.equal([
        ["ReservationReturned", 0n, ETH, (35n * ONE_ETH) / 100n],
        ["ReservationReturned", 0n, usdcAddress, 1_050n * USDC_UNIT],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      const eth = await ledgerOf(campaign, ETH);
      const usd = await ledgerOf(campaign, usdcAddress);
      expect([eth.earned, eth.withdrawn, eth.unbacked, eth.reserved]).to.deep.equal([
        (15n * ONE_ETH) / 100n,
        (15n * ONE_ETH) / 100n,
        (15n * ONE_ETH) / 100n,
        0n,
      ]);
      expect([usd.earned, usd.withdrawn, usd.unbacked, usd.reserved]).to.deep.equal([
        450n * USDC_UNIT,
        450n * USDC_UNIT,
        450n * USDC_UNIT,
        0n,
      ]);
      // What left, left in the pool's proportions: both donors get back the same 92.5%.
      await campaign.connect(organizer).close();
      expect(await campaign.refundable(donors[0].address, ETH)).to.equal((185n * ONE_ETH) / 100n);
      expect(await campaign.refundable(donors[1].address, usdcAddress)).to.equal(
        5_550n * USDC_UNIT,
      );
      await expectInvariants(campaign, ETH, await ethers.provider.getBalance(campaignAddress));
      await expectInvariants(campaign, usdcAddress, await usdc.balanceOf(campaignAddress));
    });

    it("release into a reentrant token: confirmDelivery moves no tokens, and the withdraw that does cannot re-enter", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { reentrantToken: rt, donors, supplier, organizer } = f;
      const rtAddress = await addr(rt);
      const campaign = await campaignWith(f, rtAddress);
      const campaignAddress = await addr(campaign);
      await mintAndApprove(rt, donors[0], campaign, 12_000n * TOKEN_UNIT);
      await campaign.connect(donors[0]).pledge(rtAddress, 12_000n * TOKEN_UNIT);
      await campaign.connect(organizer).closeFunding();
      // $5,000 of the $12,000 raised, all of it in REENTER: 5,000 REENTER.
      await placeOrder(f, campaign, { amountUsd: 5_000n * USD, units: 1_000n });
      await campaign.connect(supplier).acceptOrder(0n);

      await rt.arm(campaignAddress, campaign.interface.encodeFunctionData("withdraw"));
      await expect(
        campaign.connect(f.v1).confirmDelivery(0n, 400n, EVIDENCE),
      ).to.changeTokenBalances(ethers, rt, [campaign, supplier], [0n, 0n]);
      await expect(campaign.connect(f.v2).confirmDelivery(0n, 400n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, rtAddress, 2_000n * TOKEN_UNIT, 400n, false);
      expect(await rt.reentryCount()).to.equal(0n); // still armed: no transfer happened
      expect(await rt.armed()).to.equal(true);
      expect(await campaign.withdrawable(supplier.address, rtAddress)).to.equal(
        2_000n * TOKEN_UNIT,
      );

      // Only REENTER was pledged: the withdrawal of every token is one transfer of it.
      const withdrawal = campaign.connect(supplier).withdraw();
      await expect(withdrawal).to.changeTokenBalances(
        ethers,
        rt,
        [supplier, campaign],
        [2_000n * TOKEN_UNIT, -2_000n * TOKEN_UNIT],
      );
      expect(await eventsOf(campaign, withdrawal)).to.deep.equal([
        ["Withdrawn", supplier.address, rtAddress, supplier.address, 2_000n * TOKEN_UNIT],
      ]);
      expect(await rt.reentryCount()).to.equal(1n);
      expect(await rt.lastReentryRevertData()).to.equal(reentryGuardError(campaign));
      const l = await ledgerOf(campaign, rtAddress);
      expect(l.earned).to.equal(2_000n * TOKEN_UNIT);
      expect(l.withdrawn).to.equal(2_000n * TOKEN_UNIT);
      expect(l.reserved).to.equal(3_000n * TOKEN_UNIT);
      await expectInvariants(campaign, rtAddress, await rt.balanceOf(campaignAddress));
    });
  });

  describe("receivers that refuse money", function () {
    it("a donor contract that rejects ETH cannot block other refunds and takes its own with claimRefundTo", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { rejecting, outsider, donors } = f;
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      const rejectingAddress = await addr(rejecting);
      await rejecting
        .connect(outsider)
        .execute(campaignAddress, ONE_ETH, campaign.interface.encodeFunctionData("pledgeETH"), {
          value: ONE_ETH,
        });
      await campaign.connect(donors[0]).pledgeETH({ value: ONE_ETH });
      await campaign.connect(donors[1]).pledgeETH({ value: ONE_ETH / 2n });
      await passDeadline(campaign);

      await expect(
        rejecting
          .connect(outsider)
          .execute(
            campaignAddress,
            0n,
            campaign.interface.encodeFunctionData("claimRefund", [ETH]),
          ),
      )
        .to.be.revertedWithCustomError(rejecting, "RejectingReceiverRejected")
        .withArgs(campaignAddress, ONE_ETH);
      expect((await ledgerOf(campaign, ETH)).refunded).to.equal(0n);

      await expect(campaign.connect(donors[0]).claimRefund(ETH)).to.changeEtherBalances(
        ethers,
        [donors[0], campaign],
        [ONE_ETH, -ONE_ETH],
      );
      await expect(campaign.connect(donors[1]).claimRefund(ETH)).to.changeEtherBalances(
        ethers,
        [donors[1], campaign],
        [ONE_ETH / 2n, -ONE_ETH / 2n],
      );

      const to = donors[2];
      const claimTo = rejecting
        .connect(outsider)
        .execute(
          campaignAddress,
          0n,
          campaign.interface.encodeFunctionData("claimRefundTo", [ETH, to.address]),
        );
      await expect(claimTo).to.changeEtherBalances(
        ethers,
        [to, rejecting, campaign],
        [ONE_ETH, 0n, -ONE_ETH],
      );
      await expect(claimTo)
        .to.emit(campaign, "RefundClaimed")
        .withArgs(rejectingAddress, ETH, to.address, ONE_ETH);
      expect((await ledgerOf(campaign, ETH)).refunded).to.equal((5n * ONE_ETH) / 2n);
      expect(await ethers.provider.getBalance(campaignAddress)).to.equal(0n);
    });

    it("a blocklisted USDC supplier cannot withdraw to itself (not even its ETH), does not block others, and can withdrawTo another address", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { usdc, admin, donors, supplier, supplier2, organizer, outsider } = f;
      const usdcAddress = await addr(usdc);
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      await campaign.connect(donors[0]).pledgeETH({ value: 4n * ONE_ETH });
      await f.fund(usdc, donors[1], campaign, 12_000n * USDC_UNIT);
      await campaign.connect(donors[1]).pledge(usdcAddress, 12_000n * USDC_UNIT);
      await campaign.connect(organizer).closeFunding();
      // $24,000 raised, half in each token: a $6,000 order is 1 ETH and 3,000 USDC, a $4,800 order
      // 0.8 ETH and 2,400 USDC; their 30% advances are 0.3 ETH and 900 USDC, 0.24 ETH and 720 USDC.
      await placeOrder(f, campaign, { amountUsd: 6_000n * USD, units: 100n, advanceBps: 3_000n });
      await placeOrder(f, campaign, {
        supplier: supplier2.address,
        amountUsd: 4_800n * USD,
        units: 100n,
        advanceBps: 3_000n,
      });
      await campaign.connect(supplier).acceptOrder(0n);
      await campaign.connect(supplier2).acceptOrder(1n);
      await usdc.connect(admin).blocklist(supplier.address);

      // One withdrawal takes every token: the USDC transfer fails, so the ETH stays too.
      const ethBefore = await ethers.provider.getBalance(campaignAddress);
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(usdc, "MockUSDCBlocklisted")
        .withArgs(supplier.address);
      expect(await ethers.provider.getBalance(campaignAddress)).to.equal(ethBefore);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal((3n * ONE_ETH) / 10n);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(900n * USDC_UNIT);
      expect((await ledgerOf(campaign, ETH)).withdrawn).to.equal(0n);
      expect((await ledgerOf(campaign, usdcAddress)).withdrawn).to.equal(0n);

      const other = campaign.connect(supplier2).withdraw();
      await expect(other).to.changeTokenBalances(
        ethers,
        usdc,
        [supplier2, campaign],
        [720n * USDC_UNIT, -720n * USDC_UNIT],
      );
      await expect(other).to.changeEtherBalances(
        ethers,
        [supplier2, campaign],
        [(24n * ONE_ETH) / 100n, (-24n * ONE_ETH) / 100n],
      );
      const tx = campaign.connect(supplier).withdrawTo(outsider.address);
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [outsider, supplier, campaign],
        [900n * USDC_UNIT, 0n, -900n * USDC_UNIT],
      );
      await expect(tx).to.changeEtherBalances(
        ethers,
        [outsider, supplier, campaign],
        [(3n * ONE_ETH) / 10n, 0n, (-3n * ONE_ETH) / 10n],
      );
      expect(await eventsOf(campaign, tx)).to.deep.equal([
        ["Withdrawn", supplier.address, ETH, outsider.address, (3n * ONE_ETH) / 10n],
        ["Withdrawn", supplier.address, usdcAddress, outsider.address, 900n * USDC_UNIT],
      ]);
      expect((await ledgerOf(campaign, usdcAddress)).withdrawn).to.equal(1_620n * USDC_UNIT);
      expect((await ledgerOf(campaign, ETH)).withdrawn).to.equal((54n * ONE_ETH) / 100n);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(0n);
      expect(await campaign.withdrawable(supplier.address, usdcAddress)).to.equal(0n);
      await expectInvariants(campaign, usdcAddress, await usdc.balanceOf(campaignAddress));
      await expectInvariants(campaign, ETH, await ethers.provider.getBalance(campaignAddress));
    });

    it("a blocklisted USDC donor cannot take its refund itself, and takes it to another address", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { usdc, admin, donors } = f;
      const usdcAddress = await addr(usdc);
      const campaign = await f.createCampaign();
      await f.fund(usdc, donors[2], campaign, 700n * USDC_UNIT);
      await campaign.connect(donors[2]).pledge(usdcAddress, 700n * USDC_UNIT);
      await passDeadline(campaign); // $700 of $10,000: failed
      await usdc.connect(admin).blocklist(donors[2].address);

      await expect(campaign.connect(donors[2]).claimRefund(usdcAddress))
        .to.be.revertedWithCustomError(usdc, "MockUSDCBlocklisted")
        .withArgs(donors[2].address);
      expect(await campaign.refundable(donors[2].address, usdcAddress)).to.equal(700n * USDC_UNIT);
      const tx = campaign.connect(donors[2]).claimRefundTo(usdcAddress, donors[3].address);
      await expect(tx)
        .to.emit(campaign, "RefundClaimed")
        .withArgs(donors[2].address, usdcAddress, donors[3].address, 700n * USDC_UNIT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [donors[3], campaign],
        [700n * USDC_UNIT, -700n * USDC_UNIT],
      );
    });
  });

  describe("non-standard tokens", function () {
    it("USDT (returns nothing): pledges, cancellations and refunds move exactly the amounts", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { usdt, donors } = f;
      const usdtAddress = await addr(usdt);
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      for (const [donor, amount] of [
        [donors[0], 3_000n * USDC_UNIT],
        [donors[1], 2_000n * USDC_UNIT],
      ] as const) {
        await usdt.mint(donor.address, amount);
        await usdt.connect(donor).approve(campaignAddress, amount);
      }

      const pledge = campaign.connect(donors[0]).pledge(usdtAddress, 3_000n * USDC_UNIT);
      await expect(pledge).to.changeTokenBalances(
        ethers,
        usdt,
        [donors[0], campaign],
        [-3_000n * USDC_UNIT, 3_000n * USDC_UNIT],
      );
      await expect(pledge)
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, usdtAddress, 3_000n * USDC_UNIT, 3_000n * USD);
      await campaign.connect(donors[1]).pledge(usdtAddress, 2_000n * USDC_UNIT);
      await expect(campaign.connect(donors[1]).cancelPledge(usdtAddress)).to.changeTokenBalances(
        ethers,
        usdt,
        [donors[1], campaign],
        [2_000n * USDC_UNIT, -2_000n * USDC_UNIT],
      );
      await passDeadline(campaign);
      await expect(campaign.connect(donors[0]).claimRefund(usdtAddress)).to.changeTokenBalances(
        ethers,
        usdt,
        [donors[0], campaign],
        [3_000n * USDC_UNIT, -3_000n * USDC_UNIT],
      );
      const l = await ledgerOf(campaign, usdtAddress);
      expect([l.pledged, l.cancelled, l.refunded, l.available]).to.deep.equal([
        5_000n * USDC_UNIT,
        2_000n * USDC_UNIT,
        3_000n * USDC_UNIT,
        0n,
      ]);
      expect(await usdt.balanceOf(campaignAddress)).to.equal(0n);
    });

    it("USDT (returns nothing): a supplier withdraws exactly what it earned", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { usdt, donors, supplier, organizer } = f;
      const usdtAddress = await addr(usdt);
      const campaign = await f.createCampaign();
      await usdt.mint(donors[0].address, 10_000n * USDC_UNIT);
      await usdt.connect(donors[0]).approve(await addr(campaign), 10_000n * USDC_UNIT);
      await campaign.connect(donors[0]).pledge(usdtAddress, 10_000n * USDC_UNIT);
      await campaign.connect(organizer).closeFunding();
      // Only USDT was pledged: $9,000 is 9,000 USDT.
      await placeOrder(f, campaign, { amountUsd: 9_000n * USD, units: 9n, advanceBps: 1_000n });
      await campaign.connect(supplier).acceptOrder(0n);
      await confirmByTwo(f, campaign, 0n, 3n);
      await expect(campaign.connect(supplier).withdraw()).to.changeTokenBalances(
        ethers,
        usdt,
        [supplier, campaign],
        [3_000n * USDC_UNIT, -3_000n * USDC_UNIT],
      );
      await expectInvariants(campaign, usdtAddress, await usdt.balanceOf(await addr(campaign)));
    });

    it("a token whose transferFrom returns false: the pledge reverts with SafeERC20FailedOperation and books nothing", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { falseToken: ft, donors } = f;
      const ftAddress = await addr(ft);
      const campaign = await campaignWith(f, ftAddress);
      const campaignAddress = await addr(campaign);
      await mintAndApprove(ft, donors[0], campaign, 100n * TOKEN_UNIT);
      const empty: Ledger = {
        pledged: 0n,
        cancelled: 0n,
        refunded: 0n,
        reserved: 0n,
        earned: 0n,
        withdrawn: 0n,
        available: 0n,
        pledgedUsd: 0n,
        unspentAtClose: 0n,
        unbacked: 0n,
        advanceCap: 0n,
      };

      await ft.setFailTransfers(true);
      await expect(campaign.connect(donors[0]).pledge(ftAddress, 100n * TOKEN_UNIT))
        .to.be.revertedWithCustomError(campaign, "SafeERC20FailedOperation")
        .withArgs(ftAddress);
      // Transfers working but more than the allowance: false again, not a silent zero pledge.
      await ft.setFailTransfers(false);
      await expect(campaign.connect(donors[0]).pledge(ftAddress, 101n * TOKEN_UNIT))
        .to.be.revertedWithCustomError(campaign, "SafeERC20FailedOperation")
        .withArgs(ftAddress);
      expect(await ledgerOf(campaign, ftAddress)).to.deep.equal(empty);
      expect(await pledgeOf(campaign, donors[0].address, ftAddress)).to.deep.equal([0n, 0n]);
      expect(await campaign.raisedUsd()).to.equal(0n);
      expect(await ft.balanceOf(donors[0].address)).to.equal(100n * TOKEN_UNIT);
      expect(await ft.balanceOf(campaignAddress)).to.equal(0n);

      // Working transfers pledge; a refund whose transfer returns false reverts and books nothing.
      await campaign.connect(donors[0]).pledge(ftAddress, 100n * TOKEN_UNIT);
      expect((await ledgerOf(campaign, ftAddress)).pledged).to.equal(100n * TOKEN_UNIT);
      await passDeadline(campaign);
      await ft.setFailTransfers(true);
      await expect(campaign.connect(donors[0]).claimRefund(ftAddress))
        .to.be.revertedWithCustomError(campaign, "SafeERC20FailedOperation")
        .withArgs(ftAddress);
      expect((await ledgerOf(campaign, ftAddress)).refunded).to.equal(0n);
      expect(await campaign.refundable(donors[0].address, ftAddress)).to.equal(100n * TOKEN_UNIT);
      await ft.setFailTransfers(false);
      await expect(campaign.connect(donors[0]).claimRefund(ftAddress)).to.changeTokenBalances(
        ethers,
        ft,
        [donors[0], campaign],
        [100n * TOKEN_UNIT, -100n * TOKEN_UNIT],
      );
    });

    it("a fee-on-transfer token (1%): the pledge credits and values only what arrived", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { feeToken: fot, donors } = f;
      const fotAddress = await addr(fot);
      const campaign = await campaignWith(f, fotAddress);
      const campaignAddress = await addr(campaign);
      await mintAndApprove(fot, donors[0], campaign, 1_000n * TOKEN_UNIT);
      await mintAndApprove(fot, donors[1], campaign, 333n * TOKEN_UNIT);

      const tx = campaign.connect(donors[0]).pledge(fotAddress, 1_000n * TOKEN_UNIT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        fot,
        [donors[0], campaign],
        [-1_000n * TOKEN_UNIT, 990n * TOKEN_UNIT],
      );
      await expect(tx)
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, fotAddress, 990n * TOKEN_UNIT, 990n * USD);
      expect(await pledgeOf(campaign, donors[0].address, fotAddress)).to.deep.equal([
        990n * TOKEN_UNIT,
        990n * USD,
      ]);
      await campaign.connect(donors[1]).pledge(fotAddress, 333n * TOKEN_UNIT);
      const arrived1 = (333n * TOKEN_UNIT * 9_900n) / 10_000n;
      expect(await pledgeOf(campaign, donors[1].address, fotAddress)).to.deep.equal([
        arrived1,
        arrived1,
      ]);
      let l = await ledgerOf(campaign, fotAddress);
      expect(l.pledged).to.equal(990n * TOKEN_UNIT + arrived1);
      expect(l.pledgedUsd).to.equal(990n * USD + arrived1);
      expect(await campaign.raisedUsd()).to.equal(990n * USD + arrived1);
      expect(await fot.balanceOf(campaignAddress)).to.equal(l.pledged);

      // A 100% fee delivers nothing: refused, not booked as a zero pledge.
      await fot.setFeeBasisPoints(10_000n);
      await mintAndApprove(fot, donors[2], campaign, 10n * TOKEN_UNIT);
      await expect(
        campaign.connect(donors[2]).pledge(fotAddress, 10n * TOKEN_UNIT),
      ).to.be.revertedWithCustomError(campaign, "CampaignZeroAmount");
      await fot.setFeeBasisPoints(100n);

      // Refunds send what was credited; the campaign can always pay them.
      await passDeadline(campaign);
      await expect(campaign.connect(donors[0]).claimRefund(fotAddress)).to.changeTokenBalances(
        ethers,
        fot,
        [donors[0], campaign],
        [(990n * TOKEN_UNIT * 9_900n) / 10_000n, -990n * TOKEN_UNIT],
      );
      await expectInvariants(campaign, fotAddress, await fot.balanceOf(campaignAddress));
      await campaign.connect(donors[1]).claimRefund(fotAddress);
      l = await ledgerOf(campaign, fotAddress);
      expect(l.refunded).to.equal(l.pledged);
      expect(await fot.balanceOf(campaignAddress)).to.equal(0n);
    });
  });

  describe("EIP-712 confirmations", function () {
    /** The funded campaign with order 0 ($5,500: 1 ETH and 2,500 USDC for 1,000 units, no advance) accepted. */
    async function signatureFixture() {
      const f = await fixtures.fundedCampaignFixture();
      const { campaign, organizer, supplier } = f;
      const deliverBy = BigInt(await time.latest()) + 30n * DAY;
      await campaign
        .connect(organizer)
        .createOrder(supplier.address, 5_500n * USD, 1_000n, deliverBy, 0n, TERMS);
      await campaign.connect(supplier).acceptOrder(0n);
      const sig1 = await f.signConfirmation(f.v1, campaign, 0n, 500n, EVIDENCE);
      const sig2 = await f.signConfirmation(f.v2, campaign, 0n, 500n, EVIDENCE);
      return { ...f, sig1, sig2 };
    }

    async function expectNothingConfirmed(f: Awaited<ReturnType<typeof signatureFixture>>) {
      for (const v of f.verifiers) {
        expect(await f.campaign.confirmedUnits(0n, v.address)).to.equal(0n);
        expect(await f.campaign.nonces(v.address)).to.equal(0n);
      }
      expect(await f.campaign.withdrawable(f.supplier.address, ETH)).to.equal(0n);
      expect((await ledgerOf(f.campaign, ETH)).earned).to.equal(0n);
    }

    it("a signature set cannot be replayed on the same order: each used its verifier's nonce", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, supplier, sig1, sig2 } = f;
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig1, sig2]))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ONE_ETH / 2n, 500n, false);

      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig1, sig2]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 1n);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig2, sig1]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v2.address, 1n);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ONE_ETH / 2n);
      expect((await ledgerOf(campaign, ETH)).earned).to.equal(ONE_ETH / 2n);
    });

    it("a signature set made for a sibling clone (same verifiers, order id, supplier and terms) is refused", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, supplier, organizer, donors } = f;
      const sibling = await f.createCampaign();
      await sibling.connect(donors[2]).pledgeETH({ value: 4n * ONE_ETH });
      await sibling.connect(organizer).closeFunding();
      const deliverBy = BigInt(await time.latest()) + 30n * DAY;
      await sibling
        .connect(organizer)
        .createOrder(supplier.address, 3_000n * USD, 1_000n, deliverBy, 0n, TERMS);
      await sibling.connect(supplier).acceptOrder(0n);
      const s1 = await f.signConfirmation(f.v1, sibling, 0n, 500n, EVIDENCE);
      const s2 = await f.signConfirmation(f.v2, sibling, 0n, 500n, EVIDENCE);

      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [s1, s2]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 0n);
      await expectNothingConfirmed(f);
      await expect(sibling.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [s1, s2]))
        .to.emit(sibling, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ONE_ETH / 2n, 500n, false);
    });

    it("a signature made for another chain id is refused", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, sig2 } = f;
      const mainnet = await f.signConfirmation(f.v1, campaign, 0n, 500n, EVIDENCE, { chainId: 1n });
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig2, mainnet]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 0n);
      await expectNothingConfirmed(f);
    });

    it("the high-s twin of a valid signature is refused; the canonical form is accepted", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, sig1, sig2 } = f;
      const sig = ethers.Signature.from(sig1.signature);
      const highS = SECP256K1_N - BigInt(sig.s);
      const twin = {
        ...sig1,
        signature: ethers.concat([
          sig.r,
          ethers.toBeHex(highS, 32),
          ethers.toBeHex(sig.v === 27 ? 28 : 27, 1),
        ]),
      };
      expect(ethers.dataLength(twin.signature)).to.equal(65);
      // The malleated twin of the verifier's own signature: the contract accepts only the lower s.
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [twin, sig2]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 0n);
      await expectNothingConfirmed(f);
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig1, sig2]),
      ).to.emit(campaign, "PaymentReleased");
    });

    it("a signer who is not a verifier is refused with its address, wherever it stands in the set", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, outsider, sig1, sig2 } = f;
      const forged = await f.signConfirmation(outsider, campaign, 0n, 500n, EVIDENCE, {
        nonce: 0n,
      });
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [forged, sig1]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
        .withArgs(outsider.address);
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig2, forged]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignNotVerifier")
        .withArgs(outsider.address);
      // Claiming to be a verifier with the outsider's signature does not help either.
      const impersonated = { ...forged, verifier: f.v3.address };
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig1, impersonated]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v3.address, 0n);
      await expectNothingConfirmed(f);
    });

    it("fewer signatures than the threshold are refused", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, sig1 } = f;
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig1]))
        .to.be.revertedWithCustomError(campaign, "CampaignNotEnoughSignatures")
        .withArgs(1n, 2n);
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, []))
        .to.be.revertedWithCustomError(campaign, "CampaignNotEnoughSignatures")
        .withArgs(0n, 2n);
      await expectNothingConfirmed(f);
    });

    it("the same signature twice in one set does not count twice", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, sig1 } = f;
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig1, sig1]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 1n);
      await expectNothingConfirmed(f);
    });

    it("signatures submitted with other units or other evidence are refused", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, sig1, sig2 } = f;
      await expect(campaign.connect(relayer).confirmDeliveryBySig(0n, 600n, EVIDENCE, [sig1, sig2]))
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 0n);
      const otherEvidence = ethers.id("a different receipt");
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, otherEvidence, [sig1, sig2]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 0n);
      // Nor with another deadline than the one signed.
      const later = { ...sig1, deadline: sig1.deadline + 1n };
      await expect(
        campaign.connect(relayer).confirmDeliveryBySig(0n, 500n, EVIDENCE, [later, sig2]),
      )
        .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
        .withArgs(f.v1.address, 0n);
      await expectNothingConfirmed(f);
    });

    it("signatures of a malformed length are refused, not recovered", async function () {
      const f = await networkHelpers.loadFixture(signatureFixture);
      const { campaign, relayer, sig1, sig2 } = f;
      // r and s only (EIP-2098 compact is not accepted), one byte too many, and nothing.
      for (const signature of [
        ethers.dataSlice(sig1.signature, 0, 64),
        ethers.concat([sig1.signature, "0x00"]),
        "0x",
      ]) {
        await expect(
          campaign
            .connect(relayer)
            .confirmDeliveryBySig(0n, 500n, EVIDENCE, [sig2, { ...sig1, signature }]),
        )
          .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
          .withArgs(f.v1.address, 0n);
      }
      await expectNothingConfirmed(f);
    });

    describe("a verifier that is a contract wallet (ERC-1271)", function () {
      /** A 2-of-2 MockSafe registered as a verifier of a fresh campaign with v2; order 0 accepted. */
      async function safeFixture() {
        const f = await fixtures.deployFixture();
        const owners = [ethers.Wallet.createRandom(), ethers.Wallet.createRandom()].sort((a, b) =>
          BigInt(a.address) < BigInt(b.address) ? -1 : 1,
        );
        const safe = (await ethers.deployContract("MockSafe", [
          owners.map((w) => w.address),
          2n,
        ])) as unknown as MockSafe;
        const safeAddress = await safe.getAddress();
        await f.registry
          .connect(f.vetter)
          .registerVerifier(safeAddress, "Abuja warehouse Safe", "WAHO", ethers.id("safe"));
        const campaign = await f.createCampaign({ verifiers: [safeAddress, f.v2.address] });
        await campaign.connect(f.donors[0]).pledgeETH({ value: 4n * ONE_ETH });
        await campaign.connect(f.organizer).closeFunding();
        await placeOrder(f, campaign, { amountUsd: 3_000n * USD, units: 1_000n });
        await campaign.connect(f.supplier).acceptOrder(0n);
        const deadline = BigInt(await time.latest()) + DAY;
        /** The owners' signatures of the Safe's message for `digest`, concatenated by owner address. */
        const sign = async (digest: string, signers = owners) => {
          const messageHash = await safe.getMessageHashForSafe(digest);
          return ethers.concat(signers.map((w) => w.signingKey.sign(messageHash).serialized));
        };
        const digestFor = (units: bigint, nonce = 0n) =>
          campaign.confirmationDigest(0n, units, EVIDENCE, safeAddress, nonce, deadline);
        return { ...f, campaign, safe, safeAddress, owners, deadline, sign, digestFor };
      }

      it("is refused when its owners did not sign this digest, or not enough of them, or out of order", async function () {
        const f = await networkHelpers.loadFixture(safeFixture);
        const { campaign, safeAddress, owners, deadline, sign, digestFor, relayer } = f;
        const byV2 = await f.signConfirmation(f.v2, campaign, 0n, 600n, EVIDENCE);
        const bad = [
          await sign(await digestFor(500n)), // another quantity
          await sign(await digestFor(600n, 1n)), // another nonce
          await sign(await digestFor(600n), [owners[0]]), // 1 of 2 owners
          await sign(await digestFor(600n), [owners[1], owners[0]]), // not in address order
          // An owner's plain ECDSA signature of the digest is not the Safe's.
          owners[0].signingKey.sign(await digestFor(600n)).serialized,
        ];
        for (const signature of bad) {
          await expect(
            campaign
              .connect(relayer)
              .confirmDeliveryBySig(0n, 600n, EVIDENCE, [
                { verifier: safeAddress, deadline, signature },
                byV2,
              ]),
          )
            .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
            .withArgs(safeAddress, 0n);
        }
        expect(await campaign.nonces(safeAddress)).to.equal(0n);
      });

      it("counts when both owners signed, and its nonce moves on like an EOA's", async function () {
        const f = await networkHelpers.loadFixture(safeFixture);
        const { campaign, safeAddress, deadline, sign, digestFor, relayer, supplier } = f;
        const byV2 = await f.signConfirmation(f.v2, campaign, 0n, 600n, EVIDENCE);
        const bySafe = {
          verifier: safeAddress,
          deadline,
          signature: await sign(await digestFor(600n)),
        };
        const tx = campaign
          .connect(relayer)
          .confirmDeliveryBySig(0n, 600n, EVIDENCE, [bySafe, byV2]);
        expect(await eventsOf(campaign, tx)).to.deep.equal([
          ["NonceUsed", safeAddress, 1n],
          ["DeliveryConfirmed", 0n, safeAddress, 600n, EVIDENCE, true],
          ["NonceUsed", f.v2.address, 1n],
          ["DeliveryConfirmed", 0n, f.v2.address, 600n, EVIDENCE, true],
          ["PaymentReleased", 0n, supplier.address, ETH, (6n * ONE_ETH) / 10n, 600n, false],
        ]);
        // The same Safe signature cannot be used again.
        const byV2Again = await f.signConfirmation(f.v2, campaign, 0n, 700n, EVIDENCE);
        await expect(
          campaign.connect(relayer).confirmDeliveryBySig(0n, 700n, EVIDENCE, [bySafe, byV2Again]),
        )
          .to.be.revertedWithCustomError(campaign, "CampaignInvalidSignature")
          .withArgs(safeAddress, 1n);
      });
    });
  });

  describe("initialisation", function () {
    it("neither the implementation nor a clone can be initialised again", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { implementation, outsider, organizer } = f;
      const campaign = await f.createCampaign();
      await expect(implementation.connect(outsider).initialize()).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
      await expect(campaign.connect(outsider).initialize()).to.be.revertedWithCustomError(
        campaign,
        "InvalidInitialization",
      );
      await expect(campaign.connect(organizer).initialize()).to.be.revertedWithCustomError(
        campaign,
        "InvalidInitialization",
      );
      // The implementation holds no campaign: it refuses money and has no organizer.
      await expect(
        implementation.connect(outsider).pledgeETH({ value: ONE_ETH }),
      ).to.be.revertedWithCustomError(implementation, "CampaignNotInitialized");
      await expect(implementation.organizer()).to.be.revertedWithCustomError(
        implementation,
        "CampaignNotInitialized",
      );
      expect(await campaign.organizer()).to.equal(organizer.address);
    });
  });

  describe("forced ETH", function () {
    it("ETH forced in by SELFDESTRUCT changes no books and is never paid out", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { forceSender, donors, organizer, supplier, outsider } = f;
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      const pledges = [2n * ONE_ETH, (3n * ONE_ETH) / 2n, (7n * ONE_ETH) / 10n];
      for (let i = 0; i < pledges.length; i++)
        await campaign.connect(donors[i]).pledgeETH({ value: pledges[i] });
      const net = pledges.reduce((a, b) => a + b, 0n);
      const balance = () => ethers.provider.getBalance(campaignAddress);

      const ledgerBefore = await ledgerOf(campaign, ETH);
      const raisedBefore = await campaign.raisedUsd();
      await forceSender.connect(outsider).forceSend(campaignAddress, { value: 5n * ONE_ETH });
      expect(await balance()).to.equal(net + 5n * ONE_ETH);
      expect(await ledgerOf(campaign, ETH)).to.deep.equal(ledgerBefore);
      expect(await campaign.raisedUsd()).to.equal(raisedBefore);
      expect(await campaign.status()).to.equal(Status.Funding);
      expect(await pledgeOf(campaign, await addr(forceSender), ETH)).to.deep.equal([0n, 0n]);
      await expectInvariants(campaign, ETH, await balance());

      // The forced ETH cannot be reserved for an order either: orders are a fraction of what was
      // pledged ($12,600), never of the balance.
      await campaign.connect(organizer).closeFunding();
      await expect(placeOrder(f, campaign, { amountUsd: raisedBefore + 1n, units: 1_000n }))
        .to.be.revertedWithCustomError(campaign, "CampaignOrderAboveRaised")
        .withArgs(raisedBefore + 1n, raisedBefore);
      const snapshot = await networkHelpers.takeSnapshot();
      const deliverBy = BigInt(await time.latest()) + 30n * DAY;
      await expect(
        campaign
          .connect(organizer)
          .createOrder(supplier.address, raisedBefore, 1_000n, deliverBy, 0n, TERMS),
      )
        .to.emit(campaign, "OrderReserved")
        .withArgs(0n, ETH, net);
      await snapshot.restore();
      // $3,000 of $12,600 is 1 ETH of the 4.2 ETH pledged.
      await placeOrder(f, campaign, { amountUsd: 3_000n * USD, units: 1_000n });
      await campaign.connect(supplier).acceptOrder(0n);
      await confirmByTwo(f, campaign, 0n, 700n);
      await forceSender.connect(outsider).forceSend(campaignAddress, { value: ONE_ETH });
      await expectInvariants(campaign, ETH, await balance());

      // After the procurement deadline anyone closes; the open order's remainder returns to donors.
      await time.increaseTo((await campaign.params()).procurementDeadline);
      const spent = (7n * ONE_ETH) / 10n;
      await expect(campaign.connect(outsider).close())
        .to.emit(campaign, "UnspentRecorded")
        .withArgs(ETH, net - spent, net);
      const unspent = net - spent;
      let refunded = 0n;
      for (let i = 0; i < pledges.length; i++) {
        const owed = (unspent * pledges[i]) / net;
        expect(await campaign.refundable(donors[i].address, ETH)).to.equal(owed);
        await expect(campaign.connect(donors[i]).claimRefund(ETH)).to.changeEtherBalance(
          ethers,
          donors[i],
          owed,
        );
        refunded += owed;
        await expectInvariants(campaign, ETH, await balance());
      }
      await expect(campaign.connect(supplier).withdraw()).to.changeEtherBalance(
        ethers,
        supplier,
        spent,
      );
      await expect(campaign.connect(outsider).claimRefund(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRefund")
        .withArgs(outsider.address, ETH);
      await expect(campaign.connect(outsider).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToWithdraw")
        .withArgs(outsider.address);

      // What is left is exactly the forced ETH plus the rounding dust of the pro-rata shares.
      const dust = unspent - refunded;
      expect(dust < BigInt(pledges.length)).to.equal(true);
      expect(await balance()).to.equal(6n * ONE_ETH + dust);
      const l = await ledgerOf(campaign, ETH);
      expect(l.refunded).to.equal(refunded);
      expect(l.withdrawn).to.equal(spent);
      expect(l.available).to.equal(dust);
    });
  });

  describe("deadlines", function () {
    it("funding: a pledge at deadline - 1 is booked; at the deadline and after it is refused", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { donors } = f;
      const campaign = await f.createCampaign();
      const deadline = (await campaign.params()).deadline;
      await campaign.connect(donors[1]).pledgeETH({ value: ONE_ETH });
      await time.increaseTo(deadline - 20n);
      await f.refreshFeeds();

      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: 2n * ONE_ETH }))
        .to.emit(campaign, "Pledged")
        .withArgs(donors[0].address, ETH, 2n * ONE_ETH, 6_000n * USD);
      expect(await campaign.status()).to.equal(Status.Funding);

      await time.setNextBlockTimestamp(deadline);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: ONE_ETH }))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline);
      await expect(campaign.connect(donors[1]).cancelPledge(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline);
      await time.increaseTo(deadline);
      expect(await campaign.status()).to.equal(Status.Failed); // $9,000 < $10,000

      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(campaign.connect(donors[0]).pledgeETH({ value: ONE_ETH }))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline + 1n);
      await expect(campaign.connect(donors[1]).cancelPledge(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline + 1n);
      await time.increaseTo(deadline + 1n);
      expect(await campaign.status()).to.equal(Status.Failed);
      const l = await ledgerOf(campaign, ETH);
      expect([l.pledged, l.pledgedUsd]).to.deep.equal([3n * ONE_ETH, 9_000n * USD]);
    });

    it("funding: a campaign that met its goal at deadline - 1 is in Procurement at the deadline", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { donors, organizer } = f;
      const campaign = await f.createCampaign();
      const deadline = (await campaign.params()).deadline;
      await time.increaseTo(deadline - 20n);
      await f.refreshFeeds();
      await time.setNextBlockTimestamp(deadline - 1n);
      await campaign.connect(donors[0]).pledgeETH({ value: 4n * ONE_ETH });
      expect(await campaign.status()).to.equal(Status.Funding);
      await time.setNextBlockTimestamp(deadline);
      await expect(campaign.connect(organizer).closeFunding())
        .to.be.revertedWithCustomError(campaign, "CampaignFundingEnded")
        .withArgs(deadline, deadline);
      await time.increaseTo(deadline);
      expect(await campaign.status()).to.equal(Status.Procurement);
    });

    it("procurement: createOrder and acceptOrder at pd - 1 succeed, at pd and pd + 1 are refused; anyone closes at pd", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { donors, organizer, supplier, outsider } = f;
      // No grace period, so an order placed at pd - 1 can still be due by pd.
      const campaign = await f.createCampaign({ deliveryGracePeriod: 0n });
      await fundAndCloseFunding(f, campaign, donors[0]);
      const pd = (await campaign.params()).procurementDeadline;
      // $3,000 of the $12,000 raised: 1 ETH each.
      await placeOrder(f, campaign, { amountUsd: 3_000n * USD, units: 100n, deliverBy: pd });
      await placeOrder(f, campaign, { amountUsd: 3_000n * USD, units: 100n, deliverBy: pd });
      await time.increaseTo(pd - 10n);
      const orderArgs = [supplier.address, 1_500n * USD, 10n, pd, 0n, TERMS] as const;

      const beforeCreate = await networkHelpers.takeSnapshot();
      await time.setNextBlockTimestamp(pd - 1n);
      await expect(campaign.connect(organizer).createOrder(...orderArgs))
        .to.emit(campaign, "OrderCreated")
        .withArgs(2n, supplier.address, 1_500n * USD, 10n, pd, 0n, TERMS)
        .and.to.emit(campaign, "OrderReserved")
        .withArgs(2n, ETH, ONE_ETH / 2n);
      await beforeCreate.restore();

      await time.setNextBlockTimestamp(pd - 1n);
      await expect(campaign.connect(outsider).close())
        .to.be.revertedWithCustomError(campaign, "CampaignCloseTooEarly")
        .withArgs(pd, pd - 1n);
      await expect(campaign.connect(supplier).acceptOrder(0n))
        .to.emit(campaign, "OrderAccepted")
        .withArgs(0n, supplier.address);
      expect(BigInt(await time.latest())).to.equal(pd - 1n);

      for (const t of [pd, pd + 1n]) {
        const snapshot = await networkHelpers.takeSnapshot();
        await time.setNextBlockTimestamp(t);
        await expect(campaign.connect(organizer).createOrder(...orderArgs))
          .to.be.revertedWithCustomError(campaign, "CampaignProcurementEnded")
          .withArgs(pd, t);
        await expect(campaign.connect(supplier).acceptOrder(1n))
          .to.be.revertedWithCustomError(campaign, "CampaignProcurementEnded")
          .withArgs(pd, t);
        await snapshot.restore();
      }

      await time.setNextBlockTimestamp(pd);
      const close = campaign.connect(outsider).close();
      expect((await eventsOf(campaign, close)).slice(0, 5)).to.deep.equal([
        ["ReservationReturned", 0n, ETH, ONE_ETH],
        ["OrderCancelled", 0n, outsider.address],
        ["ReservationReturned", 1n, ETH, ONE_ETH],
        ["OrderCancelled", 1n, outsider.address],
        ["UnspentRecorded", ETH, 4n * ONE_ETH, 4n * ONE_ETH],
      ]);
      await expect(close).to.emit(campaign, "CampaignClosed").withArgs(outsider.address);
      expect(await campaign.status()).to.equal(Status.Closed);
      const l = await ledgerOf(campaign, ETH);
      expect([l.reserved, l.unspentAtClose]).to.deep.equal([0n, 4n * ONE_ETH]);
      expect(await campaign.refundable(donors[0].address, ETH)).to.equal(4n * ONE_ETH);
    });
  });

  describe("pro-rata refunds", function () {
    it("seven odd pledges: each refund is floor(unspent * pledge / net), the sum never exceeds unspent, the last claimer is paid", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { donors, organizer, supplier } = f;
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      const pledges = [
        1_000_000_000_000_000_001n,
        777_777_777_777_777_777n,
        333_333_333_333_333_333n,
        1_234_567_890_123_456_789n,
        99_999_999_999_999_999n,
        500_000_000_000_000_003n,
        123_456_789_012_345_679n,
      ];
      for (let i = 0; i < pledges.length; i++)
        await campaign.connect(donors[i]).pledgeETH({ value: pledges[i] });
      // An eighth donor pledges and cancels: it is not part of the net.
      await campaign.connect(donors[7]).pledgeETH({ value: 3n * ONE_ETH });
      await campaign.connect(donors[7]).cancelPledge(ETH);
      const net = pledges.reduce((a, b) => a + b, 0n);
      await campaign.connect(organizer).closeFunding();

      // Every wei was valued at exactly $3,000 per ETH, so $3,000 * spent reserves exactly `spent` wei.
      const spent = 1_111_111_111_111_111_111n;
      expect(await campaign.raisedUsd()).to.equal(net * 3_000n);
      await placeOrder(f, campaign, { amountUsd: spent * 3_000n, units: 3n });
      await campaign.connect(supplier).acceptOrder(0n);
      await confirmByTwo(f, campaign, 0n, 3n);
      expect((await campaign.order(0n)).status).to.equal(OrderStatus.Completed);
      await expect(campaign.connect(supplier).withdraw()).to.changeEtherBalance(
        ethers,
        supplier,
        spent,
      );

      const unspent = net - spent;
      await expect(campaign.connect(organizer).close())
        .to.emit(campaign, "UnspentRecorded")
        .withArgs(ETH, unspent, net);
      const owed = pledges.map((p) => (unspent * p) / net);
      const dust = unspent - owed.reduce((a, b) => a + b, 0n);
      expect(dust > 0n && dust < 7n, `dust ${dust}`).to.equal(true); // the numbers do round

      let paid = 0n;
      for (let i = pledges.length - 1; i >= 0; i--) {
        expect(await campaign.refundable(donors[i].address, ETH)).to.equal(owed[i]);
        await expect(campaign.connect(donors[i]).claimRefund(ETH)).to.changeEtherBalances(
          ethers,
          [donors[i], campaign],
          [owed[i], -owed[i]],
        );
        paid += owed[i];
        expect(paid <= unspent).to.equal(true);
        expect(await ethers.provider.getBalance(campaignAddress)).to.equal(unspent - paid);
      }
      await expect(campaign.connect(donors[7]).claimRefund(ETH))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRefund")
        .withArgs(donors[7].address, ETH);
      const l = await ledgerOf(campaign, ETH);
      expect(l.refunded).to.equal(paid);
      expect(l.available).to.equal(dust);
      expect(await ethers.provider.getBalance(campaignAddress)).to.equal(dust);
    });
  });

  describe("supplier and order mishaps", function () {
    it("a supplier suspended mid-order is credited what is verified, but withdraws nothing until reinstated", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { vetter, supplier, outsider } = f;
      const campaign = await f.createCampaign();
      await fundAndCloseFunding(f, campaign);
      await placeOrder(f, campaign, { amountUsd: 3_000n * USD, units: 1_000n }); // 1 ETH
      await campaign.connect(supplier).acceptOrder(0n);
      await f.registry
        .connect(vetter)
        .suspendSupplier(supplier.address, "certificate under review");

      await campaign.connect(f.v1).confirmDelivery(0n, 400n, EVIDENCE);
      await expect(campaign.connect(f.v2).confirmDelivery(0n, 400n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, (4n * ONE_ETH) / 10n, 400n, false);
      const o = await campaign.order(0n);
      expect([o.unitsVerified, o.unitsPaid]).to.deep.equal([400n, 400n]);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal((4n * ONE_ETH) / 10n);
      let l = await ledgerOf(campaign, ETH);
      expect([l.reserved, l.earned]).to.deep.equal([(6n * ONE_ETH) / 10n, (4n * ONE_ETH) / 10n]);
      await expect(campaign.connect(outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRelease")
        .withArgs(0n);
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);

      await f.registry.connect(vetter).reinstateSupplier(supplier.address);
      await expect(campaign.connect(supplier).withdraw()).to.changeEtherBalance(
        ethers,
        supplier,
        (4n * ONE_ETH) / 10n,
      );
      l = await ledgerOf(campaign, ETH);
      expect([l.earned, l.withdrawn]).to.deep.equal([(4n * ONE_ETH) / 10n, (4n * ONE_ETH) / 10n]);
    });

    it("a supplier suspended mid-order: the organizer cancels at once, the supplier keeps what was verified, donors get the rest", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { vetter, supplier, organizer, donors } = f;
      const campaign = await f.createCampaign();
      await fundAndCloseFunding(f, campaign);
      await placeOrder(f, campaign, { amountUsd: 3_000n * USD, units: 1_000n }); // 1 ETH
      await campaign.connect(supplier).acceptOrder(0n);
      await confirmByTwo(f, campaign, 0n, 100n); // earned 0.1 ETH before the suspension
      await f.registry.connect(vetter).suspendSupplier(supplier.address, "counterfeit certificate");
      // Delivered is paid: 300 more units verified after the suspension are credited too.
      await confirmByTwo(f, campaign, 0n, 400n);

      // Long before deliverBy + grace: allowed because the supplier is suspended.
      expect(await eventsOf(campaign, campaign.connect(organizer).cancelOrder(0n))).to.deep.equal([
        ["ReservationReturned", 0n, ETH, (6n * ONE_ETH) / 10n],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      // No advance was paid, so there is none to take back.
      expect((await campaign.order(0n)).advanceReclaimed).to.equal(false);
      let l = await ledgerOf(campaign, ETH);
      expect([l.reserved, l.earned, l.available]).to.deep.equal([
        0n,
        (4n * ONE_ETH) / 10n,
        (36n * ONE_ETH) / 10n,
      ]);
      await expect(campaign.releasePayment(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Cancelled);

      await campaign.connect(organizer).close();
      l = await ledgerOf(campaign, ETH);
      expect(l.unspentAtClose).to.equal((36n * ONE_ETH) / 10n);
      await expect(campaign.connect(donors[0]).claimRefund(ETH)).to.changeEtherBalance(
        ethers,
        donors[0],
        (36n * ONE_ETH) / 10n,
      );
      await expect(campaign.connect(supplier).withdraw())
        .to.be.revertedWithCustomError(campaign, "CampaignSupplierSuspended")
        .withArgs(supplier.address);
      await f.registry.connect(vetter).reinstateSupplier(supplier.address);
      await expect(campaign.connect(supplier).withdraw()).to.changeEtherBalance(
        ethers,
        supplier,
        (4n * ONE_ETH) / 10n,
      );
      expect(await ethers.provider.getBalance(await addr(campaign))).to.equal(0n);
    });

    it("an advance larger than the delivered share: 50% advance, 10% delivered pays nothing; 60% delivered pays exactly 10%", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { supplier, outsider, registry, admin } = f;
      // The platform allows advance caps up to 50% (5,000 basis points, its hard bound).
      await registry.connect(admin).setLimits({
        maxFundingWindow: 90n * DAY,
        maxProcurementWindow: 365n * DAY,
        maxAdvanceBps: 5_000n,
        minThreshold: 2n,
      });
      const campaign = await f.createCampaign({ maxAdvanceBps: 5_000n });
      await fundAndCloseFunding(f, campaign);
      await placeOrder(f, campaign, { amountUsd: 3_000n * USD, units: 1_000n, advanceBps: 5_000n });
      await expect(campaign.connect(supplier).acceptOrder(0n))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ONE_ETH / 2n, 0n, true);

      await campaign.connect(f.v1).confirmDelivery(0n, 100n, EVIDENCE);
      await expect(campaign.connect(f.v2).confirmDelivery(0n, 100n, EVIDENCE)).not.to.emit(
        campaign,
        "PaymentReleased",
      );
      await expect(campaign.connect(outsider).releasePayment(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignNothingToRelease")
        .withArgs(0n);
      expect((await campaign.orderShare(0n, ETH))[1]).to.equal(ONE_ETH / 2n);
      expect(await campaign.withdrawable(supplier.address, ETH)).to.equal(ONE_ETH / 2n);
      expect((await ledgerOf(campaign, ETH)).unbacked).to.equal((4n * ONE_ETH) / 10n);

      await campaign.connect(f.v1).confirmDelivery(0n, 600n, EVIDENCE);
      await expect(campaign.connect(f.v2).confirmDelivery(0n, 600n, EVIDENCE))
        .to.emit(campaign, "PaymentReleased")
        .withArgs(0n, supplier.address, ETH, ONE_ETH / 10n, 600n, false);
      expect((await campaign.orderShare(0n, ETH))[1]).to.equal((6n * ONE_ETH) / 10n);
      const l = await ledgerOf(campaign, ETH);
      expect([l.reserved, l.earned, l.unbacked]).to.deep.equal([
        (4n * ONE_ETH) / 10n,
        (6n * ONE_ETH) / 10n,
        0n,
      ]);
      await expect(campaign.connect(supplier).withdraw()).to.changeEtherBalance(
        ethers,
        supplier,
        (6n * ONE_ETH) / 10n,
      );
    });

    it("an order cancelled after partial delivery: the supplier keeps what it earned in each token, every donor gets back the same 85%", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { supplier, organizer, donors, usdc } = f;
      const usdcAddress = await addr(usdc);
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      await campaign.connect(donors[0]).pledgeETH({ value: 2n * ONE_ETH });
      await campaign.connect(donors[2]).pledgeETH({ value: ONE_ETH });
      await f.fund(usdc, donors[1], campaign, 5_000n * USDC_UNIT);
      await campaign.connect(donors[1]).pledge(usdcAddress, 5_000n * USDC_UNIT);
      await campaign.connect(organizer).closeFunding();
      const deliverBy = BigInt(await time.latest()) + 30n * DAY;
      // $7,000 of $14,000: 1.5 ETH and 2,500 USDC.
      await placeOrder(f, campaign, {
        amountUsd: 7_000n * USD,
        units: 1_000n,
        advanceBps: 2_000n,
        deliverBy,
      });
      await campaign.connect(supplier).acceptOrder(0n); // advance 0.3 ETH and 500 USDC
      await confirmByTwo(f, campaign, 0n, 300n); // due 0.45 ETH and 750 USDC: pays 0.15 and 250 more

      const cancellableAt = deliverBy + 7n * DAY;
      await expect(campaign.connect(organizer).cancelOrder(0n))
        .to.be.revertedWithCustomError(campaign, "CampaignOrderNotExpired")
        .withArgs(0n, cancellableAt);
      await time.increaseTo(cancellableAt);
      const earned = (45n * ONE_ETH) / 100n;
      const earnedUsdc = 750n * USDC_UNIT;
      expect(await eventsOf(campaign, campaign.connect(organizer).cancelOrder(0n))).to.deep.equal([
        ["ReservationReturned", 0n, ETH, (3n * ONE_ETH) / 2n - earned],
        ["ReservationReturned", 0n, usdcAddress, 2_500n * USDC_UNIT - earnedUsdc],
        ["OrderCancelled", 0n, organizer.address],
      ]);
      await expect(campaign.connect(f.v3).confirmDelivery(0n, 1_000n, EVIDENCE))
        .to.be.revertedWithCustomError(campaign, "CampaignWrongOrderStatus")
        .withArgs(0n, OrderStatus.Cancelled);

      await campaign.connect(organizer).close();
      const unspent = 3n * ONE_ETH - earned;
      expect((await ledgerOf(campaign, ETH)).unspentAtClose).to.equal(unspent);
      // 85% of each pledge back, whatever the token.
      await expect(campaign.connect(donors[0]).claimRefund(ETH)).to.changeEtherBalance(
        ethers,
        donors[0],
        (17n * ONE_ETH) / 10n,
      );
      await expect(campaign.connect(donors[2]).claimRefund(ETH)).to.changeEtherBalance(
        ethers,
        donors[2],
        (85n * ONE_ETH) / 100n,
      );
      await expect(campaign.connect(donors[1]).claimRefund(usdcAddress)).to.changeTokenBalance(
        ethers,
        usdc,
        donors[1],
        4_250n * USDC_UNIT,
      );
      const withdrawal = campaign.connect(supplier).withdraw();
      await expect(withdrawal).to.changeEtherBalance(ethers, supplier, earned);
      await expect(withdrawal).to.changeTokenBalance(ethers, usdc, supplier, earnedUsdc);
      expect(await ethers.provider.getBalance(campaignAddress)).to.equal(0n);
      expect(await usdc.balanceOf(campaignAddress)).to.equal(0n);
    });
  });

  describe("griefing", function () {
    it("a donor pledging dust many times raises nobody else's costs, and cancel + re-pledge keeps the books consistent", async function () {
      const f = await networkHelpers.loadFixture(attackFixture);
      const { donors } = f;
      const [first, before, after, griefer] = [donors[0], donors[1], donors[2], donors[3]];
      const campaign = await f.createCampaign();
      const campaignAddress = await addr(campaign);
      const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
        (await (await tx).wait())!.gasUsed;

      await campaign.connect(first).pledgeETH({ value: ONE_ETH });
      const gasBefore = await gasOf(campaign.connect(before).pledgeETH({ value: ONE_ETH }));
      for (let i = 0; i < 40; i++) await campaign.connect(griefer).pledgeETH({ value: 1n });
      await campaign.connect(griefer).cancelPledge(ETH);
      for (let i = 0; i < 10; i++) await campaign.connect(griefer).pledgeETH({ value: 3n });
      const gasAfter = await gasOf(campaign.connect(after).pledgeETH({ value: ONE_ETH }));
      expect(gasAfter).to.equal(gasBefore);

      const dustUsd = 3n * 3_000n; // 3 wei at $3,000 per ETH, 18 decimals
      expect(await pledgeOf(campaign, griefer.address, ETH)).to.deep.equal([30n, 10n * dustUsd]);
      let l = await ledgerOf(campaign, ETH);
      expect(l.pledged).to.equal(3n * ONE_ETH + 40n + 30n);
      expect(l.cancelled).to.equal(40n);
      expect(l.available).to.equal(3n * ONE_ETH + 30n);
      expect(l.pledgedUsd).to.equal(9_000n * USD + 10n * dustUsd);
      expect(await campaign.raisedUsd()).to.equal(l.pledgedUsd);
      expect(await ethers.provider.getBalance(campaignAddress)).to.equal(3n * ONE_ETH + 30n);

      // The campaign fails ($9,000 < $10,000); every refund costs the same and is exact.
      await passDeadline(campaign);
      await campaign.connect(first).claimRefund(ETH);
      const refundBefore = await gasOf(campaign.connect(before).claimRefund(ETH));
      const refundAfter = await gasOf(campaign.connect(after).claimRefund(ETH));
      expect(refundAfter).to.equal(refundBefore);
      await expect(campaign.connect(griefer).claimRefund(ETH)).to.changeEtherBalance(
        ethers,
        griefer,
        30n,
      );
      l = await ledgerOf(campaign, ETH);
      expect(l.refunded).to.equal(3n * ONE_ETH + 30n);
      expect(l.available).to.equal(0n);
      expect(await ethers.provider.getBalance(campaignAddress)).to.equal(0n);
    });
  });
});
