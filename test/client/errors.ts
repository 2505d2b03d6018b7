/**
 * client/errors.ts: real reverts from the v2 contracts on the in-process chain, simulated through
 * viem, become the sentences people read, with the error's own numbers (dates, dollars, ether,
 * base units, days, percentages); data it cannot decode falls back without throwing; every custom
 * error of the Handover ABIs has a sentence.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { network } from "hardhat";
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  custom,
  encodeAbiParameters,
  encodeErrorResult,
  InsufficientFundsError,
  parseEther,
  toFunctionSelector,
  UserRejectedRequestError,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { campaignWrites, HandoverTxError, type Clients } from "../../client/actions.ts";
import { decodeRevertData, describeError, sentenceFor } from "../../client/errors.ts";
import { campaignAbi, campaignFactoryAbi, registryAbi } from "../../client/generated/abis.ts";
import { renderAbis } from "../../scripts/generate.ts";
import {
  DAY,
  ETH,
  makeFixtures,
  PartyStatus,
  PRICES,
  USD,
  USDC_UNIT,
  type CampaignParams,
} from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);
// No cache: the tests compare block numbers before and after, across snapshots.
const publicClient = createPublicClient({
  cacheTime: 0,
  transport: custom(connection.provider as never, { retryCount: 0 }),
}) as PublicClient;

const TERMS = ethers.id("PO-2020-007: EN 14683 Type IIR masks, CIF Abuja");
const EVIDENCE = ethers.id("WAHO Abuja warehouse, goods received note");

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** "14 March 2026" for a unix time, computed without Intl. */
function dayOf(seconds: bigint): string {
  const d = new Date(Number(seconds) * 1000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
/** "09:05 UTC on 14 March 2026". */
function clockOf(seconds: bigint): string {
  const d = new Date(Number(seconds) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC on ${dayOf(seconds)}`;
}

/** What a call reverts with, decoded (fails the test if it does not revert). */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BaseError);
    return describeError(error);
  }
  return expect.fail("expected the call to revert");
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail("expected the call to revert");
}

/** Simulates `functionName` of the contract at `address` (under `abi`) as `account`. */
const simulateOn =
  (abi: Abi) =>
  (
    address: string,
    account: string,
    functionName: string,
    args: readonly unknown[] = [],
    value?: bigint,
  ) =>
    publicClient.simulateContract({
      address: address as Address,
      abi,
      functionName: functionName as never,
      args: args as never,
      account: account as Address,
      value,
    } as never);
const simulate = simulateOn(campaignAbi);
const simulateRegistry = simulateOn(registryAbi);
const simulateFactory = simulateOn(campaignFactoryAbi);

type F = Awaited<ReturnType<typeof fixtures.deployFixture>>;

/** A v2 order as `createOrder` takes it: the supplier, USD, units, deliver-by, advance, terms. */
async function orderArgs(
  f: F,
  amountUsd: bigint,
  o: { supplier?: string; advanceBps?: number; deliverBy?: bigint; units?: bigint } = {},
) {
  const deliverBy = o.deliverBy ?? BigInt(await time.latest()) + 10n * DAY;
  return [
    o.supplier ?? f.supplier.address,
    amountUsd,
    o.units ?? 100n,
    deliverBy,
    o.advanceBps ?? 0,
    TERMS,
  ] as const;
}

/** The default fixture campaign, funded with 2 ETH ($6,000) and 5,000 USDC: $11,000 raised. */
const funded = () => networkHelpers.loadFixture(fixtures.fundedCampaignFixture);

describe("errors: custom errors as sentences", function () {
  describe("donors and prices", function () {
    it("a pledge after the deadline: CampaignFundingEnded with the deadline's date", async function () {
      const { campaign, donors } = await networkHelpers.loadFixture(fixtures.campaignFixture);
      const { deadline } = await campaign.params();
      await time.increase(15n * DAY);
      const decoded = await refusal(
        simulate(await campaign.getAddress(), donors[0].address, "pledgeETH", [], parseEther("1")),
      );
      expect(decoded.name).to.equal("CampaignFundingEnded");
      expect(decoded.args[0]).to.equal(deadline);
      expect(decoded.args[1] as bigint).to.be.greaterThanOrEqual(deadline);
      expect(decoded.sentence).to.equal(
        `This appeal stopped taking pledges on ${dayOf(deadline)}; pledges can no longer be made or cancelled.`,
      );
    });

    it("a pledge while the platform is paused: EnforcedPause, raised by the registry", async function () {
      const { campaign, donors, registry, pauser } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      await registry.connect(pauser).pause();
      // The campaign's ABI does not know the registry's EnforcedPause: the sentence comes from the raw data.
      const decoded = await refusal(
        simulate(await campaign.getAddress(), donors[0].address, "pledgeETH", [], parseEther("1")),
      );
      expect(decoded).to.deep.equal({
        name: "EnforcedPause",
        args: [],
        sentence:
          "The platform is paused for an emergency: pledges, orders and payments are on hold. Refunds, cancellations and withdrawals still work.",
      });
    });

    it("a write through actions.send is refused before anything is signed, as a HandoverTxError with the sentence", async function () {
      const { campaign, donors, registry, pauser } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      await registry.connect(pauser).pause();
      const clients: Clients = {
        publicClient,
        walletClient: createWalletClient({
          account: donors[0].address as Address,
          transport: custom(connection.provider as never),
        }) as unknown as Clients["walletClient"],
      };
      const before = await publicClient.getBlockNumber();
      const balance = await publicClient.getBalance({ address: donors[0].address as Address });
      const error = await rejection(
        campaignWrites(clients, (await campaign.getAddress()) as Address).pledgeETH(
          parseEther("1"),
        ),
      );
      expect(error).to.be.instanceOf(HandoverTxError);
      const e = error as HandoverTxError;
      expect(e.errorName).to.equal("EnforcedPause");
      expect(e.message).to.match(/^The platform is paused for an emergency/);
      // Nothing was mined, nothing paid, nothing pledged.
      expect(await publicClient.getBlockNumber()).to.equal(before);
      expect(await publicClient.getBalance({ address: donors[0].address as Address })).to.equal(
        balance,
      );
      expect(await campaign.raisedUsd()).to.equal(0n);
    });

    it("closing funding early below the goal: amounts in dollars", async function () {
      const { campaign, donors, organizer } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      await campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") }); // $3,000
      const decoded = await refusal(
        simulate(await campaign.getAddress(), organizer.address, "closeFunding"),
      );
      expect(decoded.name).to.equal("CampaignGoalNotReached");
      expect(decoded.args).to.deep.equal([3_000n * USD, 10_000n * USD]);
      expect(decoded.sentence).to.equal(
        "Funding can only close early once the goal is met: $3,000 raised of $10,000.",
      );
    });

    it("a price round dated in the future: RegistryFuturePrice with the round's date", async function () {
      const { campaign, donors, feeds } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      const now = BigInt(await time.latest());
      await feeds.eth.updateRoundData(2n, PRICES.eth * 100n, now + DAY, now + DAY);
      const decoded = await refusal(
        simulate(await campaign.getAddress(), donors[0].address, "pledgeETH", [], parseEther("1")),
      );
      expect(decoded.name).to.equal("RegistryFuturePrice");
      expect(decoded.args.slice(0, 2)).to.deep.equal([ETH, now + DAY]);
      expect(decoded.args[2] as bigint).to.be.lessThan(now + DAY);
      expect(decoded.sentence).to.equal(
        `The price feed for this token reports a price dated in the future (${dayOf(now + DAY)}); pledges in it are refused until it is corrected.`,
      );
    });

    it("the L2 sequencer just back up, saying nothing, or down: when pledges resume", async function () {
      const { campaign, donors, registry, admin } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      const sequencer = await ethers.deployContract("MockV3Aggregator", [
        0,
        0,
        "L2 Sequencer Uptime Status Feed",
      ]);
      const upSince = BigInt(await time.latest()); // round 1: up (0), started now
      await registry.connect(admin).setSequencerUptimeFeed(await sequencer.getAddress(), 3_600);
      const address = await campaign.getAddress();
      const attempt = () =>
        refusal(simulate(address, donors[0].address, "pledgeETH", [], parseEther("1")));

      const grace = await attempt();
      expect(grace.name).to.equal("RegistrySequencerGracePeriod");
      expect(grace.args.slice(0, 2)).to.deep.equal([upSince, 3_600n]);
      expect(grace.sentence).to.equal(
        `The network's sequencer came back up recently; pledges resume at ${clockOf(upSince + 3_601n)}, after its grace period of 60 minutes.`,
      );

      const t = BigInt(await time.latest());
      await sequencer.updateRoundData(2n, 0n, t, 0n); // up, but since when?
      const unknown = await attempt();
      expect(unknown.args[0]).to.equal(0n);
      expect(unknown.sentence).to.equal(
        "The network's sequencer feed does not say since when the sequencer is up; pledges are paused until it does, and for a grace period of 60 minutes after.",
      );

      await sequencer.updateRoundData(3n, 1n, t, t); // down
      const down = await attempt();
      expect(down.name).to.equal("RegistrySequencerDown");
      expect(down.args).to.deep.equal([await sequencer.getAddress(), 1n]);
      expect(down.sentence).to.equal(
        "The network's sequencer is down, so prices can't be trusted; pledges are paused until it is back.",
      );
    });

    it("a price outside the bounds the admin set: RegistryPriceOutOfBounds with the price and bounds", async function () {
      const { campaign, donors, registry, admin, feeds } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      await registry.connect(admin).setPriceBounds(ETH, 500n * 10n ** 8n, 10_000n * 10n ** 8n);
      await feeds.eth.updateAnswer(PRICES.eth * 100n);
      const decoded = await refusal(
        simulate(await campaign.getAddress(), donors[0].address, "pledgeETH", [], parseEther("1")),
      );
      expect(decoded.name).to.equal("RegistryPriceOutOfBounds");
      expect(decoded.args).to.deep.equal([
        ETH,
        300_000n * 10n ** 8n,
        500n * 10n ** 8n,
        10_000n * 10n ** 8n,
      ]);
      expect(decoded.sentence).to.equal(
        "The price feed for ETH reports 30000000000000, outside the bounds the platform set (50000000000 to 1000000000000, in the feed's units); pledges in it are paused.",
      );
    });
  });

  describe("orders", function () {
    it("a createOrder by someone other than the organizer: CampaignNotOrganizer naming the organizer", async function () {
      const f = await funded();
      const decoded = await refusal(
        simulate(
          await f.campaign.getAddress(),
          f.donors[0].address,
          "createOrder",
          await orderArgs(f, 1_000n * USD),
        ),
      );
      expect(decoded.name).to.equal("CampaignNotOrganizer");
      expect(decoded.args).to.deep.equal([f.donors[0].address, f.organizer.address]);
      expect(decoded.sentence).to.equal(
        `Only this appeal's organizer (${f.organizer.address}) can do that.`,
      );
    });

    it("an order worth more than was raised, then one the pools can no longer cover: dollars, then ether", async function () {
      const f = await funded();
      const address = await f.campaign.getAddress();
      const above = await refusal(
        simulate(address, f.organizer.address, "createOrder", await orderArgs(f, 12_000n * USD)),
      );
      expect(above.name).to.equal("CampaignOrderAboveRaised");
      expect(above.args).to.deep.equal([12_000n * USD, 11_000n * USD]);
      expect(above.sentence).to.equal(
        "The order ($12,000) is worth more than everything this appeal raised ($11,000).",
      );
      // Everything raised is on order: a $1,000 order would take 2 ETH × 1,000 / 11,000 of none.
      await f.campaign.connect(f.organizer).createOrder(...(await orderArgs(f, 11_000n * USD)));
      const empty = await refusal(
        simulate(address, f.organizer.address, "createOrder", await orderArgs(f, 1_000n * USD)),
      );
      expect(empty.name).to.equal("CampaignInsufficientFunds");
      expect(empty.args).to.deep.equal([ETH, 0n, 181_818_181_818_181_818n]);
      expect(empty.sentence).to.equal(
        "Not enough money left in the ETH pool for this order: 0 ETH available, 0.181818181818181818 ETH needed. Place a smaller order.",
      );
    });

    it("an order with a supplier that is one of the verifiers: CampaignSupplierIsVerifier", async function () {
      const f = await funded();
      await f.registry.connect(f.vetter).registerSupplier(f.v3.address, "Agent", "GH", TERMS);
      const decoded = await refusal(
        simulate(
          await f.campaign.getAddress(),
          f.organizer.address,
          "createOrder",
          await orderArgs(f, 1_000n * USD, { supplier: f.v3.address }),
        ),
      );
      expect(decoded.name).to.equal("CampaignSupplierIsVerifier");
      expect(decoded.args).to.deep.equal([f.v3.address]);
      expect(decoded.sentence).to.equal(
        `${f.v3.address} is one of this appeal's verifiers, so it can't supply it: a supplier never verifies its own delivery.`,
      );
    });

    it("cancelling an accepted order too early: the date it becomes cancellable", async function () {
      const f = await funded();
      const args = await orderArgs(f, 1_000n * USD);
      await f.campaign.connect(f.organizer).createOrder(...args);
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      const decoded = await refusal(
        simulate(await f.campaign.getAddress(), f.organizer.address, "cancelOrder", [0n]),
      );
      const deliverBy = args[3];
      expect(decoded.name).to.equal("CampaignOrderNotExpired");
      expect(decoded.args).to.deep.equal([0n, deliverBy + 7n * DAY]);
      expect(decoded.sentence).to.equal(
        `Order 0 can only be cancelled from ${dayOf(deliverBy + 7n * DAY)} (its delivery date plus the grace period).`,
      );
    });

    it("a supplier accepting an order after its deliver-by date: CampaignOrderOverdue with that date", async function () {
      const f = await funded();
      const args = await orderArgs(f, 1_000n * USD);
      await f.campaign.connect(f.organizer).createOrder(...args);
      await time.increase(11n * DAY);
      const decoded = await refusal(
        simulate(await f.campaign.getAddress(), f.supplier.address, "acceptOrder", [0n]),
      );
      expect(decoded.name).to.equal("CampaignOrderOverdue");
      expect(decoded.args).to.deep.equal([0n, args[3]]);
      expect(decoded.sentence).to.equal(
        `Order 0 was due on ${dayOf(args[3])}; it can no longer be accepted (the organizer may cancel it).`,
      );
    });

    it("an advance beyond the campaign-wide cap after an expired order kept its advance: amounts in ether", async function () {
      const f = await funded();
      const address = await f.campaign.getAddress();
      // All $11,000 with a 30% advance: 0.6 ETH and 1,500 USDC advanced, the cap in both.
      const first = await orderArgs(f, 11_000n * USD, {
        advanceBps: 3_000,
        deliverBy: BigInt(await time.latest()) + DAY,
      });
      await f.campaign.connect(f.organizer).createOrder(...first);
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      await time.increase(9n * DAY);
      await f.campaign.connect(f.organizer).cancelOrder(0n); // 1.4 ETH and 3,500 USDC back
      expect((await f.campaign.ledger(ETH)).unbacked).to.equal(parseEther("0.6"));
      // $1,100 is a tenth of each pool: 0.2 ETH, whose 10% advance is 0.02 ETH.
      await f.campaign
        .connect(f.organizer)
        .createOrder(...(await orderArgs(f, 1_100n * USD, { advanceBps: 1_000 })));
      const decoded = await refusal(simulate(address, f.supplier.address, "acceptOrder", [1n]));
      expect(decoded.name).to.equal("CampaignAdvanceCapExceeded");
      expect(decoded.args).to.deep.equal([
        ETH,
        parseEther("0.6"),
        parseEther("0.02"),
        parseEther("0.6"),
      ]);
      expect(decoded.sentence).to.equal(
        "Accepting this order would pay advances beyond the appeal's cap in ETH: 0.6 ETH already advanced without verified delivery, 0.02 ETH more asked, 0.6 ETH allowed. Ask the organizer for an order with a smaller advance.",
      );
    });
  });

  describe("suppliers and verifiers", function () {
    it("a suspended supplier withdrawing its advance, and a supplier owed nothing", async function () {
      const f = await funded();
      const address = await f.campaign.getAddress();
      await f.campaign
        .connect(f.organizer)
        .createOrder(...(await orderArgs(f, 1_100n * USD, { advanceBps: 1_000 })));
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      await f.registry.connect(f.vetter).suspendSupplier(f.supplier.address, "licence lapsed");
      const held = await refusal(simulate(address, f.supplier.address, "withdraw"));
      expect(held.name).to.equal("CampaignSupplierSuspended");
      expect(held.args).to.deep.equal([f.supplier.address]);
      expect(held.sentence).to.equal(
        `The supplier ${f.supplier.address} is suspended: what it earned is held until a vetter reinstates it.`,
      );
      expect(await f.campaign.withdrawable(f.supplier.address, ETH)).to.equal(parseEther("0.02"));
      const nothing = await refusal(simulate(address, f.supplier2.address, "withdraw"));
      expect(nothing.name).to.equal("CampaignNothingToWithdraw");
      expect(nothing.args).to.deep.equal([f.supplier2.address]);
      expect(nothing.sentence).to.equal(
        `${f.supplier2.address} has nothing to withdraw from this appeal, in any token: nothing earned yet, or already withdrawn.`,
      );
    });

    it("a relayed signature made before its verifier confirmed by transaction: CampaignInvalidSignature with the nonce now", async function () {
      const f = await funded();
      await f.campaign.connect(f.organizer).createOrder(...(await orderArgs(f, 1_100n * USD)));
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      const old = await f.signConfirmation(f.v1, f.campaign, 0n, 100n, EVIDENCE);
      await f.campaign.connect(f.v1).confirmDelivery(0n, 50n, EVIDENCE); // nonce 0 → 1
      const decoded = await refusal(
        simulate(await f.campaign.getAddress(), f.relayer.address, "confirmDeliveryBySig", [
          0n,
          100n,
          EVIDENCE,
          [old],
        ]),
      );
      expect(decoded.name).to.equal("CampaignInvalidSignature");
      expect(decoded.args).to.deep.equal([f.v1.address, 1n]);
      expect(decoded.sentence).to.equal(
        `The signature of ${f.v1.address} does not match this order, quantity and evidence with its current nonce (1): it was made for something else, or the verifier has confirmed or cancelled since. Ask for a new signature.`,
      );
    });

    it("a signature used after its deadline: CampaignSignatureExpired with the deadline's date", async function () {
      const f = await funded();
      await f.campaign.connect(f.organizer).createOrder(...(await orderArgs(f, 1_100n * USD)));
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      const signed = await f.signConfirmation(f.v2, f.campaign, 0n, 100n, EVIDENCE);
      await time.increase(2n * 3_600n);
      const decoded = await refusal(
        simulate(await f.campaign.getAddress(), f.relayer.address, "confirmDeliveryBySig", [
          0n,
          100n,
          EVIDENCE,
          [signed],
        ]),
      );
      expect(decoded.name).to.equal("CampaignSignatureExpired");
      expect(decoded.args.slice(0, 2)).to.deep.equal([f.v2.address, signed.deadline]);
      expect(decoded.args[2] as bigint).to.be.greaterThan(signed.deadline);
      expect(decoded.sentence).to.equal(
        `The signature of ${f.v2.address} expired on ${dayOf(signed.deadline)}. Ask for a new one.`,
      );
    });

    it("a suspended verifier confirming: CampaignVerifierNotRegistered, suspended", async function () {
      const f = await funded();
      await f.campaign.connect(f.organizer).createOrder(...(await orderArgs(f, 1_100n * USD)));
      await f.campaign.connect(f.supplier).acceptOrder(0n);
      await f.registry.connect(f.vetter).suspendVerifier(f.v1.address, "conflict of interest");
      const decoded = await refusal(
        simulate(await f.campaign.getAddress(), f.v1.address, "confirmDelivery", [
          0n,
          100n,
          EVIDENCE,
        ]),
      );
      expect(decoded.name).to.equal("CampaignVerifierNotRegistered");
      expect(decoded.args).to.deep.equal([f.v1.address, PartyStatus.Suspended]);
      expect(decoded.sentence).to.equal(
        `${f.v1.address} is suspended as a verifier in the registry; only active registered verifiers can confirm deliveries.`,
      );
    });
  });

  describe("creating a campaign, and the registry's limits", function () {
    /** What the factory's createCampaign(params) reverts with, decoded through the campaign's errors. */
    async function creation(f: F, overrides: Partial<CampaignParams>) {
      const params = await f.defaultParams(overrides);
      return refusal(
        simulateFactory(await f.factory.getAddress(), f.organizer.address, "createCampaign", [
          params,
        ]),
      );
    }

    it("verifiers that are unregistered or the organizer, a threshold or advance cap beyond the platform's", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const unregistered = await creation(f, { verifiers: [f.outsider.address, f.v1.address] });
      expect([unregistered.name, unregistered.args]).to.deep.equal([
        "CampaignVerifierNotRegistered",
        [f.outsider.address, PartyStatus.None],
      ]);
      expect(unregistered.sentence).to.equal(
        `${f.outsider.address} is not registered as a verifier in the registry; only active registered verifiers can confirm deliveries.`,
      );
      const organizer = await creation(f, { verifiers: [f.v1.address, f.organizer.address] });
      expect([organizer.name, organizer.args]).to.deep.equal([
        "CampaignOrganizerIsVerifier",
        [f.organizer.address],
      ]);
      expect(organizer.sentence).to.equal(
        `The organizer (${f.organizer.address}) can't verify its own appeal's deliveries; choose independent verifiers.`,
      );
      const threshold = await creation(f, { verifiers: [f.v1.address], threshold: 1n });
      expect([threshold.name, threshold.args]).to.deep.equal(["CampaignThresholdTooLow", [1n, 2n]]);
      expect(threshold.sentence).to.equal(
        "At least 2 verifiers must agree on a delivery on this platform (the appeal asks for 1).",
      );
      const cap = await creation(f, { maxAdvanceBps: 10_000n });
      expect([cap.name, cap.args]).to.deep.equal(["CampaignInvalidAdvanceCap", [10_000n, 3_000n]]);
      expect(cap.sentence).to.equal(
        "The maximum advance (100%) is above the platform's ceiling of 30%.",
      );
    });

    it("windows beyond the registry's limits: the latest dates allowed", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const now = BigInt(await time.latest());
      const funding = await creation(f, {
        deadline: now + 91n * DAY,
        procurementDeadline: now + 200n * DAY,
      });
      expect(funding.name).to.equal("CampaignFundingWindowTooLong");
      const [deadline, latest] = funding.args as [bigint, bigint];
      expect(deadline).to.equal(now + 91n * DAY);
      // 90 days after the block the campaign would be created in.
      expect(latest - 90n * DAY).to.be.within(now, now + 2n);
      expect(funding.sentence).to.equal(
        `The funding deadline (${dayOf(deadline)}) is too far away: the platform allows funding until ${dayOf(latest)} at the latest.`,
      );
      const procurement = await creation(f, {
        deadline: now + 14n * DAY,
        procurementDeadline: now + (14n + 366n) * DAY,
      });
      expect([procurement.name, procurement.args]).to.deep.equal([
        "CampaignProcurementWindowTooLong",
        [now + 380n * DAY, now + 379n * DAY],
      ]);
      expect(procurement.sentence).to.equal(
        `The procurement deadline (${dayOf(now + 380n * DAY)}) is too far away: the platform allows it until ${dayOf(now + 379n * DAY)} at the latest.`,
      );
    });

    it("limits the admin cannot set: RegistryInvalidLimit in days, percent and verifiers", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const registry = await f.registry.getAddress();
      const limits = {
        maxFundingWindow: Number(90n * DAY),
        maxProcurementWindow: Number(365n * DAY),
        maxAdvanceBps: 3_000,
        minThreshold: 2,
      };
      const cases = [
        [
          { maxFundingWindow: Number(400n * DAY) },
          ["maxFundingWindow", 400n * DAY, DAY, 365n * DAY],
          "The longest funding window must be between 1 day and 365 days (got 400 days).",
        ],
        [
          { maxProcurementWindow: Number(1_200n * DAY) },
          ["maxProcurementWindow", 1_200n * DAY, DAY, 3n * 365n * DAY],
          "The longest procurement window must be between 1 day and 1095 days (got 1200 days).",
        ],
        [
          { maxAdvanceBps: 6_000 },
          ["maxAdvanceBps", 6_000n, 0n, 5_000n],
          "The ceiling on advances must be between 0% and 50% (got 60%).",
        ],
        [
          { minThreshold: 0 },
          ["minThreshold", 0n, 1n, 5n],
          "The minimum number of verifiers who must agree must be between 1 and 5 (got 0).",
        ],
      ] as const;
      for (const [override, args, sentence] of cases) {
        const decoded = await refusal(
          simulateRegistry(registry, f.admin.address, "setLimits", [{ ...limits, ...override }]),
        );
        expect([decoded.name, decoded.args, decoded.sentence]).to.deep.equal([
          "RegistryInvalidLimit",
          args,
          sentence,
        ]);
      }
    });

    it("a token with too many decimals and price bounds upside down", async function () {
      const f = await networkHelpers.loadFixture(fixtures.deployFixture);
      const registry = await f.registry.getAddress();
      const token = await ethers.deployContract("MockDecimalsToken", [25]);
      const feed = await ethers.deployContract("MockV3Aggregator", [8, 10n ** 8n, "X / USD"]);
      const decimals = await refusal(
        simulateRegistry(registry, f.admin.address, "setAcceptedToken", [
          await token.getAddress(),
          await feed.getAddress(),
          3_600,
        ]),
      );
      expect([decimals.name, decimals.args, decimals.sentence]).to.deep.equal([
        "RegistryTooManyDecimals",
        [await token.getAddress(), 25n, 24n],
        `The token ${await token.getAddress()} has 25 decimals; the platform accepts at most 24.`,
      ]);
      const bounds = await refusal(
        simulateRegistry(registry, f.admin.address, "setPriceBounds", [ETH, 10n, 5n]),
      );
      expect([bounds.name, bounds.args, bounds.sentence]).to.deep.equal([
        "RegistryInvalidPriceBounds",
        [10n, 5n],
        "The price bounds are not valid (minimum 10, maximum 5): give 0 ≤ minimum ≤ maximum, or both 0 to remove them.",
      ]);
    });
  });

  it("uses the ABIs npm run generate writes from the compiled contracts (client/generated/abis.ts is current)", async function () {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
    const committed = readFileSync(path.join(root, "client", "generated", "abis.ts"), "utf8");
    const fresh = await renderAbis(root);
    expect(committed === fresh, "client/generated/abis.ts is stale: run npm run generate").to.equal(
      true,
    );
  });

  describe("decodeRevertData", function () {
    it("decodes each Handover ABI's errors from raw data", function () {
      const advance = decodeRevertData(
        encodeErrorResult({
          abi: campaignAbi,
          errorName: "CampaignAdvanceAboveCap",
          args: [3_500n, 3_000n],
        }),
      );
      expect(advance).to.deep.equal({
        name: "CampaignAdvanceAboveCap",
        args: [3_500n, 3_000n],
        sentence: "The advance (35%) is above this appeal's cap of 30%.",
      });
      const stale = decodeRevertData(
        encodeErrorResult({
          abi: registryAbi,
          errorName: "RegistryStalePrice",
          args: [ETH as Address, 1_700_000_000n, 3_600n, 1_700_100_000n],
        } as never),
      );
      expect(stale?.name).to.equal("RegistryStalePrice");
      expect(stale?.sentence).to.equal(
        `The price feed for this token is out of date (last update ${dayOf(1_700_000_000n)}); pledges in it are paused until it updates.`,
      );
    });

    it("states an ERC-20's amounts in base units and names the token, where ETH's are in ether", function () {
      const usdc = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9" as Address;
      const cap = decodeRevertData(
        encodeErrorResult({
          abi: campaignAbi,
          errorName: "CampaignAdvanceCapExceeded",
          args: [usdc, 1_500n * USDC_UNIT, 50n * USDC_UNIT, 1_500n * USDC_UNIT],
        }),
      );
      expect(cap?.sentence).to.equal(
        `Accepting this order would pay advances beyond the appeal's cap in ${usdc}: 1500000000 base units already advanced without verified delivery, 50000000 base units more asked, 1500000000 base units allowed. Ask the organizer for an order with a smaller advance.`,
      );
      const pool = decodeRevertData(
        encodeErrorResult({
          abi: campaignAbi,
          errorName: "CampaignInsufficientFunds",
          args: [usdc, 0n, 454_545_454n],
        }),
      );
      expect(pool?.sentence).to.equal(
        `Not enough money left in the pool of ${usdc} for this order: 0 base units available, 454545454 base units needed. Place a smaller order.`,
      );
    });

    it("returns undefined for data it does not know, an empty revert or a truncated selector", function () {
      expect(decodeRevertData("0xdeadbeef")).to.equal(undefined);
      expect(decodeRevertData(`0xdeadbeef${"00".repeat(32)}`)).to.equal(undefined);
      expect(decodeRevertData("0x")).to.equal(undefined);
      expect(decodeRevertData("0x12")).to.equal(undefined);
    });

    it("keeps the reason of a require-style Error(string) revert (e.g. from a token)", function () {
      const data =
        `0x08c379a0${encodeAbiParameters([{ type: "string" }], ["Dai/insufficient-allowance"]).slice(2)}` as Hex;
      const decoded = decodeRevertData(data);
      expect(decoded?.name).to.equal("Error");
      expect(decoded?.sentence).to.include("Dai/insufficient-allowance");
      // The same revert as viem reports it from a simulated write.
      const reverted = new ContractFunctionRevertedError({
        abi: campaignAbi,
        data,
        functionName: "pledge",
      });
      expect(reverted.reason).to.equal("Dai/insufficient-allowance");
      expect(describeError(reverted).sentence).to.include("Dai/insufficient-allowance");
    });
  });

  describe("fallbacks", function () {
    it("a token's own error from a real revert (a blocklisted USDC donor) becomes a sentence with its arguments", async function () {
      const { campaign, donors, usdc, admin } = await networkHelpers.loadFixture(
        fixtures.campaignFixture,
      );
      await usdc.mint(donors[0].address, 100n * USDC_UNIT);
      await usdc.connect(donors[0]).approve(await campaign.getAddress(), 100n * USDC_UNIT);
      await usdc.connect(admin).blocklist(donors[0].address);
      const error = await rejection(
        simulate(await campaign.getAddress(), donors[0].address, "pledge", [
          await usdc.getAddress(),
          100n * USDC_UNIT,
        ]),
      );
      const decoded = describeError(error);
      expect(decoded.name).to.equal("MockUSDCBlocklisted");
      expect(decoded.args).to.deep.equal([donors[0].address]);
      expect(decoded.sentence).to.equal("The token's issuer has blocked this address.");
      expect(
        decodeRevertData(toFunctionSelector("MockUSDCBlocklisted(address)").padEnd(74, "0") as Hex)
          ?.name,
      ).to.equal("MockUSDCBlocklisted");
    });

    it("wallet refusals, insufficient funds, plain errors and non-errors", async function () {
      expect(describeError(new UserRejectedRequestError(new Error("User denied")))).to.deep.equal({
        name: "UserRejected",
        args: [],
        sentence: "You cancelled the request in your wallet.",
      });
      // What viem makes of a geth-style "insufficient funds" answer (getNodeError keeps the node's words as details).
      const geth = new InsufficientFundsError({
        cause: new BaseError("RPC Request failed.", {
          details: "insufficient funds for gas * price + value: balance 0, tx cost 1000",
        }),
      });
      expect(describeError(geth)).to.deep.equal({
        name: "InsufficientFunds",
        args: [],
        sentence: "Your wallet does not hold enough ETH for this amount plus the network fee.",
      });
      expect(describeError(new Error("boom"))).to.deep.equal({
        name: "Error",
        args: [],
        sentence: "boom",
      });
      expect(describeError("just text").sentence).to.equal("just text");
      expect(() => describeError(undefined)).not.to.throw();
      expect(() => describeError({})).not.to.throw();
      expect(describeError(new BaseError("Something short."))).to.deep.include({
        name: "BaseError",
        sentence: "Something short.",
      });
    });

    it("recognises viem's InsufficientFundsError whatever the node's wording", function () {
      // viem maps "exceeds transaction sender account balance" (and "OutOfFunds") to the same error.
      const other = new InsufficientFundsError({
        cause: new BaseError("RPC Request failed.", {
          details: "sender balance 0 exceeds transaction sender account balance",
        }),
      });
      expect(describeError(other).name).to.equal("InsufficientFunds");
      expect(describeError(new InsufficientFundsError()).name).to.equal("InsufficientFunds");
    });

    it("has a sentence for every custom error of the campaign, registry and factory ABIs", function () {
      const errors = [...campaignAbi, ...registryAbi, ...campaignFactoryAbi].filter(
        (item): item is Extract<typeof item, { type: "error" }> => item.type === "error",
      );
      expect(errors.length).to.be.greaterThan(90);
      const placeholder = (type: string): unknown =>
        type === "address"
          ? ETH
          : type === "bool"
            ? false
            : type.startsWith("bytes")
              ? `0x${"00".repeat(32)}`
              : type === "string"
                ? "x"
                : 1n;
      const missing = [
        ...new Set(
          errors
            .filter(
              (e) =>
                sentenceFor(
                  e.name,
                  e.inputs.map((i) => placeholder(i.type)),
                ) === `The transaction was refused (${e.name}).`,
            )
            .map((e) => e.name),
        ),
      ];
      expect(missing, `no sentence for ${missing.join(", ")}`).to.deep.equal([]);
    });

    it("names an error it has no sentence for", function () {
      expect(sentenceFor("SomethingNew", [])).to.equal(
        "The transaction was refused (SomethingNew).",
      );
    });
  });
});
