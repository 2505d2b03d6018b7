/**
 * Campaigns of v1 deployments (the frozen contracts of test/legacy, made before the promise held
 * against insiders) through the same client: `replay` of hand-made v1 logs (single-token orders)
 * gives the v2 shape (a share per token), and `auditCampaign` on a real v1 deployment reconciles
 * the books while flagging what v1 cannot prove. The insider histories themselves are in
 * test/campaign/Promise.ts; this file tests the replay and audit mechanics.
 */
import { expect } from "chai";
import type { Contract } from "ethers";
import { network } from "hardhat";
import { pad, parseEther, zeroAddress, type Address, type Hex } from "viem";

import { PROMISE_RULES, type AuditResult, type Check } from "../../client/audit.ts";
import { campaignAbi, campaignV1Abi } from "../../client/generated/abis.ts";
import {
  available,
  orderUsd,
  replay,
  usdAtPledge,
  type CampaignParams,
  type EntryKind,
  type Ledger,
} from "../../client/ledger.ts";
import { toMarkdown } from "../../client/report.ts";
import { auditor } from "../helpers/audit.js";
import { DAY, ETH, USD, USDC_UNIT } from "../helpers/fixtures.js";
import { deployLegacy } from "../helpers/legacy.js";
import { handMadeLogs, type HandMade } from "./history.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const { audit } = auditor(connection);

const E = (ether: string) => parseEther(ether);
const lower = (a: string) => a.toLowerCase() as Address;
const TERMS = ethers.id("PO-2020-007: EN 14683 Type IIR masks, CIF Abuja");
const EVIDENCE = ethers.id("WAHO Abuja warehouse, goods received note");

const describeChecks = (checks: Check[]) =>
  checks
    .map((d) => `${d.rule} [${d.scope}] ${d.expected} / ${d.found} ${d.detail ?? ""}`)
    .join("\n");

function checkOf(result: AuditResult, rule: string, scope: string): Check {
  const match = result.checks.find((c) => c.rule === rule && c.scope === scope);
  expect(match, `no ${rule} check for ${scope}:\n${describeChecks(result.checks)}`).to.not.equal(
    undefined,
  );
  return match!;
}

describe("v1 campaigns through the v2 client", function () {
  describe("replay() of hand-made v1 logs", function () {
    const CAMPAIGN = "0x00000000000000000000000000000000000c0ffe" as Address;
    const TOKEN = "0x00000000000000000000000000000000000070c0" as Address;
    const V1 = "0x0000000000000000000000000000000000000a01" as Address;
    const V2 = "0x0000000000000000000000000000000000000a02" as Address;
    const V3 = "0x0000000000000000000000000000000000000a03" as Address;
    const DONOR_A = "0x000000000000000000000000000000000000d0a0" as Address;
    const DONOR_B = "0x000000000000000000000000000000000000d0b0" as Address;
    const DONOR_C = "0x000000000000000000000000000000000000d0c0" as Address;
    const SUPPLIER = "0x0000000000000000000000000000000000005091" as Address;
    const ORGANIZER = "0x0000000000000000000000000000000000000064" as Address;
    const params: CampaignParams = {
      beneficiary: "0x000000000000000000000000000000000000bef1",
      goalUsd: 1_000n * USD,
      targetUnits: 20n,
      deadline: 1_000_000n,
      procurementDeadline: 2_000_000n,
      deliveryGracePeriod: 7n * DAY,
      maxAdvanceBps: 3_000,
      threshold: 2,
      allOrNothing: true,
      tokens: [zeroAddress, TOKEN],
      verifiers: [V1, V2, V3],
      unitName: "masks",
      metadataURI: "ipfs://x",
    };
    const v1 = (...events: HandMade[]) =>
      replay(params, handMadeLogs(campaignV1Abi, CAMPAIGN, events));
    const v2 = (...events: HandMade[]) =>
      replay(params, handMadeLogs(campaignAbi, CAMPAIGN, events));

    const pledged = (
      donor: Address,
      token: Address,
      amount: bigint,
      usdValue: bigint,
    ): HandMade => ["Pledged", { donor, token, amount, usdValue }];
    const status = (status: number, raisedUsd: bigint): HandMade => [
      "StatusChanged",
      { status, raisedUsd },
    ];
    /** A v1 order: one token, an amount of it. */
    const createdV1 = (orderId: bigint, token: Address, amount: bigint, advanceBps: number) =>
      [
        "OrderCreated",
        {
          orderId,
          supplier: SUPPLIER,
          token,
          amount,
          units: 10n,
          deliverBy: 1_500_000,
          advanceBps,
          termsHash: pad("0x01"),
        },
      ] as HandMade;
    const acceptedV1 = (orderId: bigint, advance: bigint): HandMade => [
      "OrderAccepted",
      { orderId, supplier: SUPPLIER, advance },
    ];
    const confirmed = (orderId: bigint, verifier: Address, unitsDelivered: bigint): HandMade => [
      "DeliveryConfirmed",
      { orderId, verifier, unitsDelivered, evidenceHash: pad("0x02"), bySignature: false },
    ];
    const payment = (
      orderId: bigint,
      token: Address,
      amount: bigint,
      unitsVerified: bigint,
      advance: boolean,
    ): HandMade => [
      "PaymentReleased",
      { orderId, supplier: SUPPLIER, token, amount, unitsVerified, advance },
    ];
    const cancelledV1 = (orderId: bigint, returnedToPool: bigint): HandMade => [
      "OrderCancelled",
      { orderId, by: ORGANIZER, returnedToPool },
    ];

    /**
     * A closed v1 campaign: A pledged 3,000 ETH units ($9,000), B 1,000 TOKEN ($1,000), C 500 TOKEN
     * (cancelled). Order 0: 600 TOKEN with a 20% advance, delivered; order 1: 900 ETH with a 10%
     * advance, cancelled (810 back). What is unspent (2,910 ETH, 400 TOKEN) is refunded.
     */
    const closedHistory: HandMade[] = [
      pledged(DONOR_A, zeroAddress, 3_000n, 9_000n * USD),
      pledged(DONOR_B, TOKEN, 1_000n, 1_000n * USD),
      pledged(DONOR_C, TOKEN, 500n, 500n * USD),
      ["PledgeCancelled", { donor: DONOR_C, token: TOKEN, amount: 500n, usdValue: 500n * USD }],
      ["FundingClosed", { by: ORGANIZER, raisedUsd: 10_000n * USD }],
      status(3, 10_000n * USD),
      createdV1(0n, TOKEN, 600n, 2_000),
      acceptedV1(0n, 120n),
      payment(0n, TOKEN, 120n, 0n, true),
      confirmed(0n, V1, 10n),
      confirmed(0n, V2, 10n),
      payment(0n, TOKEN, 480n, 10n, false),
      ["OrderCompleted", { orderId: 0n }],
      createdV1(1n, zeroAddress, 900n, 1_000),
      acceptedV1(1n, 90n),
      payment(1n, zeroAddress, 90n, 0n, true),
      cancelledV1(1n, 810n),
      ["UnspentRecorded", { token: zeroAddress, unspent: 2_910n, netPledged: 3_000n }],
      ["UnspentRecorded", { token: TOKEN, unspent: 400n, netPledged: 1_000n }],
      ["CampaignClosed", { by: ORGANIZER }],
      status(4, 10_000n * USD),
      ["RefundClaimed", { donor: DONOR_A, token: zeroAddress, to: DONOR_A, amount: 2_910n }],
      ["RefundClaimed", { donor: DONOR_B, token: TOKEN, to: DONOR_B, amount: 400n }],
      ["Withdrawn", { supplier: SUPPLIER, token: TOKEN, to: SUPPLIER, amount: 600n }],
      ["Withdrawn", { supplier: SUPPLIER, token: zeroAddress, to: SUPPLIER, amount: 90n }],
    ];

    it("books a closed v1 history without issues, each single-token order as a share of its token", function () {
      const ledger = v1(...closedHistory);
      expect(ledger.issues).to.deep.equal([]);
      expect([ledger.version, ledger.status, ledger.eventCount]).to.deep.equal([
        1,
        "Closed",
        closedHistory.length,
      ]);
      const [o0, o1] = ledger.orders;
      expect([o0.version, o0.amountUsd, o0.status, o0.tokens]).to.deep.equal([
        1,
        undefined,
        "Completed",
        [TOKEN],
      ]);
      expect(o0.shares).to.deep.equal({
        [TOKEN]: { amount: 600n, paid: 600n, advance: 120n, reclaimed: 0n, returned: 0n },
      });
      expect([o1.version, o1.status, o1.tokens, o1.cancelled?.by]).to.deep.equal([
        1,
        "Cancelled",
        [zeroAddress],
        ORGANIZER,
      ]);
      expect(o1.shares).to.deep.equal({
        [zeroAddress]: { amount: 900n, paid: 90n, advance: 90n, reclaimed: 0n, returned: 810n },
      });
      const eth = ledger.tokens[zeroAddress];
      const token = ledger.tokens[TOKEN];
      expect([eth.pledged, eth.reserved, eth.earned, eth.refunded, eth.withdrawn]).to.deep.equal([
        3_000n,
        0n,
        90n,
        2_910n,
        90n,
      ]);
      expect([token.pledged, token.cancelled, token.earned, token.refunded]).to.deep.equal([
        1_500n,
        500n,
        600n,
        400n,
      ]);
      expect([available(eth), available(token), token.pledgedUsd]).to.deep.equal([
        0n,
        0n,
        1_000n * USD,
      ]);
      // Unbacked: the TOKEN advance until delivery, the ETH advance of the cancelled order for good.
      expect([token.unbackedPeak, token.unbacked, eth.unbackedPeak, eth.unbacked]).to.deep.equal([
        120n,
        0n,
        90n,
        90n,
      ]);
      // A v1 order has no USD amount: its value is its token's average at pledge time.
      expect(orderUsd(ledger, o0)).to.equal(usdAtPledge(token, 600n));
      expect([orderUsd(ledger, o0), orderUsd(ledger, o1)]).to.deep.equal([
        600n * USD,
        2_700n * USD,
      ]);
      // v1 spent the pools unevenly (3% of ETH, 60% of TOKEN): what the audit's promise rule judges.
      expect([eth.unspentAtClose, token.unspentAtClose]).to.deep.equal([2_910n, 400n]);
    });

    it("lists v1 entries: orders with their token and amount, returns booked with the cancellation", function () {
      const ledger = v1(...closedHistory);
      const counts: Partial<Record<EntryKind, number>> = {};
      for (const e of ledger.entries) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
      expect(counts).to.deep.equal({
        pledge: 3,
        cancel: 1,
        "funding-closed": 1,
        status: 2,
        order: 2,
        accept: 2,
        advance: 2,
        confirmation: 2,
        payment: 1,
        "order-completed": 1,
        returned: 1,
        "order-cancelled": 1,
        unspent: 2,
        closed: 1,
        refund: 2,
        withdrawal: 2,
      });
      const order = ledger.entries.find((e) => e.kind === "order" && e.orderId === 0n);
      expect(order).to.deep.include({ account: SUPPLIER, token: TOKEN, amount: 600n, units: 10n });
      expect(order?.usdValue).to.equal(undefined);
      const back = ledger.entries.find((e) => e.kind === "returned");
      expect(back).to.deep.include({ account: ORGANIZER, token: zeroAddress, amount: 810n });
      expect(back?.orderId).to.equal(1n);
      // A v1 cancellation names no recipient: the pledge went back to the donor.
      expect(ledger.entries.find((e) => e.kind === "cancel")?.detail).to.equal(undefined);
    });

    it("replays into the same shape as the v2 order that reserves the same amount of the same token", function () {
      const common: HandMade[] = [
        confirmed(0n, V1, 4n),
        confirmed(0n, V3, 4n),
        payment(0n, zeroAddress, 360n - 90n, 4n, false),
      ];
      const old = v1(
        pledged(DONOR_A, zeroAddress, 3_000n, 9_000n * USD),
        status(3, 9_000n * USD),
        createdV1(0n, zeroAddress, 900n, 1_000),
        acceptedV1(0n, 90n),
        payment(0n, zeroAddress, 90n, 0n, true),
        ...common,
      );
      // v2: only ETH was pledged, so a $2,700 order reserves 900 ETH units and nothing else.
      const current = v2(
        pledged(DONOR_A, zeroAddress, 3_000n, 9_000n * USD),
        status(3, 9_000n * USD),
        [
          "OrderCreated",
          {
            orderId: 0n,
            supplier: SUPPLIER,
            amountUsd: 2_700n * USD,
            units: 10n,
            deliverBy: 1_500_000,
            advanceBps: 1_000,
            termsHash: pad("0x01"),
          },
        ],
        ["OrderReserved", { orderId: 0n, token: zeroAddress, amount: 900n }],
        ["OrderAccepted", { orderId: 0n, supplier: SUPPLIER }],
        payment(0n, zeroAddress, 90n, 0n, true),
        ...common,
      );
      expect(old.issues).to.deep.equal([]);
      expect(current.issues).to.deep.equal([]);
      expect([old.version, current.version]).to.deep.equal([1, 2]);
      const shape = (ledger: Ledger) => {
        const o = ledger.orders[0];
        return {
          tokens: o.tokens,
          shares: o.shares,
          status: o.status,
          unitsVerified: o.unitsVerified,
          unitsPaid: o.unitsPaid,
          payments: o.payments.map((p) => [p.token, p.amount, p.unitsVerified, p.advance]),
          usd: orderUsd(ledger, o),
          // The same events, one block apart where v2 adds OrderReserved.
          book: { ...ledger.tokens[zeroAddress], unbackedPeakAt: undefined },
          owed: ledger.owed,
        };
      };
      expect(shape(old)).to.deep.equal(shape(current));
      expect(shape(old).shares[zeroAddress]).to.deep.equal({
        amount: 900n,
        paid: 360n,
        advance: 90n,
        reclaimed: 0n,
        returned: 0n,
      });
    });

    it("flags a v1 advance other than the order's and a v1 remainder other than what was unpaid", function () {
      const ledger = v1(
        pledged(DONOR_A, zeroAddress, 3_000n, 9_000n * USD),
        status(3, 9_000n * USD),
        createdV1(0n, zeroAddress, 900n, 1_000),
        acceptedV1(0n, 150n), // 10% of 900 is 90
        payment(0n, zeroAddress, 90n, 0n, true),
        cancelledV1(0n, 900n), // 90 was paid: 810 was left
      );
      expect(ledger.issues.map((i) => [i.blockNumber, i.what, i.expected, i.found])).to.deep.equal([
        [103n, "advance of order 0", "90", "150"],
        [105n, "remainder returned by cancelling order 0", "810", "900"],
      ]);
      // The remainder is booked as reported, so the books show the 90 the pool lost.
      expect(ledger.tokens[zeroAddress].reserved).to.equal(-90n);
    });
  });

  describe("auditCampaign on a real v1 deployment", function () {
    async function legacyFixture() {
      const signers = await ethers.getSigners();
      const [admin, organizer, vetter, pauser, supplier, supplier2, v1, v2, v3] = signers;
      const donors = signers.slice(11);
      const legacy = await deployLegacy(connection, {
        admin,
        organizer,
        vetter,
        pauser,
        suppliers: [supplier, supplier2],
        verifiers: [v1, v2, v3],
      });
      const usdc = lower(await legacy.usdc.getAddress());
      return {
        ...legacy,
        admin,
        organizer,
        supplier,
        supplier2,
        v1,
        v2,
        v3,
        donors,
        usdcAddress: usdc,
      };
    }
    type Legacy = Awaited<ReturnType<typeof legacyFixture>>;

    const mined = async (tx: Promise<unknown>) => {
      const receipt = await (
        (await tx) as { wait(): Promise<{ blockNumber: number; hash: string }> }
      ).wait();
      return { blockNumber: BigInt(receipt.blockNumber), hash: receipt.hash as Hex };
    };
    const as = (campaign: Contract, signer: { address: string }) =>
      campaign.connect(signer as never) as Contract;

    /**
     * A closed v1 appeal (ETH and USDC) run the way v1 allowed an honest organizer to keep donors
     * even: donors[0] 3 ETH ($9,000), donors[1] 3,000 USDC, donors[2] 500 USDC (cancelled); funding
     * closed early. #0 1.5 ETH (20% advance) and #1 1,500 USDC spend half of each pool and are
     * delivered; #2 0.3 ETH and #3 300 USDC (30% advances) expire and are cancelled, keeping their
     * advances: 3% of each pool. 47% of each pool is refunded.
     */
    async function legacyLifecycle() {
      const l = await legacyFixture();
      const { supplier, supplier2, donors, usdcAddress } = l;
      const campaign = await l.createCampaign();
      const address = lower(await campaign.getAddress());
      await mined(as(campaign, donors[0]).pledgeETH({ value: E("3") }));
      for (const [donor, amount] of [
        [donors[1], 3_000n * USDC_UNIT],
        [donors[2], 500n * USDC_UNIT],
      ] as const) {
        await mined(l.usdc.mint(donor.address, amount));
        await mined(as(l.usdc as unknown as Contract, donor).approve(address, amount));
        await mined(as(campaign, donor).pledge(usdcAddress, amount));
      }
      await mined(as(campaign, donors[2]).cancelPledge(usdcAddress));
      await mined(campaign.closeFunding());

      const now = BigInt(await time.latest());
      const order = (
        to: string,
        token: string,
        amount: bigint,
        units: bigint,
        days: bigint,
        bps: bigint,
      ) => mined(campaign.createOrder(to, token, amount, units, now + days * DAY, bps, TERMS));
      await order(supplier.address, ETH, E("1.5"), 100n, 30n, 2_000n);
      await order(supplier2.address, usdcAddress, 1_500n * USDC_UNIT, 100n, 30n, 0n);
      await order(supplier.address, ETH, E("0.3"), 10n, 5n, 3_000n);
      await order(supplier2.address, usdcAddress, 300n * USDC_UNIT, 10n, 5n, 3_000n);
      await mined(as(campaign, supplier).acceptOrder(0n));
      await mined(as(campaign, supplier).withdraw(ETH));
      await mined(as(campaign, supplier2).acceptOrder(1n));
      const accept2 = await mined(as(campaign, supplier).acceptOrder(2n));
      const accept3 = await mined(as(campaign, supplier2).acceptOrder(3n));
      await mined(as(campaign, l.v1).confirmDelivery(0n, 100n, EVIDENCE));
      await mined(as(campaign, l.v2).confirmDelivery(0n, 100n, EVIDENCE));
      await mined(as(campaign, l.v2).confirmDelivery(1n, 100n, EVIDENCE));
      await mined(as(campaign, l.v3).confirmDelivery(1n, 100n, EVIDENCE));
      await time.increase(13n * DAY); // #2 and #3: 5 days plus the 7-day grace
      await mined(campaign.cancelOrder(2n));
      await mined(campaign.cancelOrder(3n));
      await mined(campaign.close());
      await mined(as(campaign, donors[0]).claimRefund(ETH));
      await mined(as(campaign, donors[1]).claimRefund(usdcAddress));
      await mined(as(campaign, supplier).withdraw(ETH));
      await mined(as(campaign, supplier2).withdraw(usdcAddress));
      return { ...l, campaign, address, accept2, accept3 };
    }

    let l: Awaited<ReturnType<typeof legacyLifecycle>>;
    let result: AuditResult;
    before(async function () {
      l = await networkHelpers.loadFixture(legacyLifecycle);
      result = await audit(l.address);
    });

    it("reconciles the books: every check but the promise's holds", function () {
      expect(result.version).to.equal(1);
      expect(result.ledger.version).to.equal(1);
      expect(result.ledger.issues).to.deep.equal([]);
      expect(result.warnings).to.deep.equal([]);
      const books = result.checks.filter((c) => !c.rule.startsWith("promise-"));
      expect(books.length).to.be.greaterThan(40);
      expect(
        books.filter((c) => !c.ok),
        describeChecks(books),
      ).to.deep.equal([]);
      expect(result.status).to.equal("Closed");
      expect(result.raisedUsd).to.equal(12_000n * USD);
      expect(result.tokens.map((t) => t.symbol)).to.deep.equal(["ETH", "USDC"]);
    });

    it("reconstructs v1 orders as shares of their one token, equal to the v1 views", async function () {
      const { usdcAddress } = l;
      const want = [
        [
          "Completed",
          ETH,
          { amount: E("1.5"), paid: E("1.5"), advance: E("0.3"), reclaimed: 0n, returned: 0n },
        ],
        [
          "Completed",
          usdcAddress,
          {
            amount: 1_500n * USDC_UNIT,
            paid: 1_500n * USDC_UNIT,
            advance: 0n,
            reclaimed: 0n,
            returned: 0n,
          },
        ],
        [
          "Cancelled",
          ETH,
          {
            amount: E("0.3"),
            paid: E("0.09"),
            advance: E("0.09"),
            reclaimed: 0n,
            returned: E("0.21"),
          },
        ],
        [
          "Cancelled",
          usdcAddress,
          {
            amount: 300n * USDC_UNIT,
            paid: 90n * USDC_UNIT,
            advance: 90n * USDC_UNIT,
            reclaimed: 0n,
            returned: 210n * USDC_UNIT,
          },
        ],
      ] as const;
      for (const [i, [status, token, share]] of want.entries()) {
        const o = result.ledger.orders[i];
        expect([o.version, o.status, o.tokens, o.amountUsd], `order ${i}`).to.deep.equal([
          1,
          status,
          [token],
          undefined,
        ]);
        expect(o.shares[token as Address], `order ${i}`).to.deep.equal(share);
        const view = await l.campaign.order(i);
        expect([view.amount, view.paid, lower(view.token)]).to.deep.equal([
          share.amount,
          share.paid,
          token,
        ]);
      }
      // Values at pledge time: 1 ETH of these pledges was worth $3,000.
      expect(result.ledger.orders.map((o) => orderUsd(result.ledger, o))).to.deep.equal([
        4_500n * USD,
        1_500n * USD,
        900n * USD,
        300n * USD,
      ]);
      const eth = result.ledger.tokens[zeroAddress];
      const usdc = result.ledger.tokens[usdcAddress];
      expect([
        eth.pledged,
        eth.earned,
        eth.refunded,
        eth.withdrawn,
        eth.unspentAtClose,
      ]).to.deep.equal([E("3"), E("1.59"), E("1.41"), E("1.59"), E("1.41")]);
      expect([usdc.pledged, usdc.cancelled, usdc.earned, usdc.refunded]).to.deep.equal([
        3_500n * USDC_UNIT,
        500n * USDC_UNIT,
        1_590n * USDC_UNIT,
        1_410n * USDC_UNIT,
      ]);
      expect(await l.usdc.balanceOf(l.supplier2.address)).to.equal(1_590n * USDC_UNIT);
    });

    it("checks the promise from the history: cap, equal fraction and verified units hold", function () {
      const eth = checkOf(result, "promise-unverified-within-cap", "ETH");
      expect([eth.ok, eth.expected, eth.found]).to.deep.equal([
        true,
        `<= ${E("0.9")} (30% of ${E("3")} net pledged)`,
        `${E("0.39")} at the most (block ${l.accept2.blockNumber}, tx ${l.accept2.hash}), ${E("0.09")} now`,
      ]);
      const usdc = checkOf(result, "promise-unverified-within-cap", "USDC");
      expect([usdc.ok, usdc.found]).to.deep.equal([
        true,
        `90000000 at the most (block ${l.accept3.blockNumber}, tx ${l.accept3.hash}), 90000000 now`,
      ]);
      expect(checkOf(result, "promise-equal-refund-fraction", "unspent at close")).to.deep.include({
        ok: true,
        found: "ETH 47.00%, USDC 47.00%",
      });
      expect(checkOf(result, "promise-verified-units-paid", "4 settled orders").ok).to.equal(true);
      expect(
        checkOf(result, "promise-vetted-supplier", "7 acceptances and withdrawals").ok,
      ).to.equal(true);
    });

    it("flags what v1 cannot prove: its registry keeps no verifiers, so none is shown registered and independent", function () {
      const broken = result.discrepancies;
      expect(broken.map((d) => d.rule)).to.satisfy((rules: string[]) =>
        rules.every((r) => r === "promise-independent-verifier"),
      );
      const perVerifier = broken.filter((d) => d.scope.startsWith("0x"));
      expect(perVerifier.map((d) => [d.scope, d.expected, d.found])).to.have.deep.members(
        (
          [
            [l.v1, 1],
            [l.v2, 2],
            [l.v3, 1],
          ] as const
        ).map(([v, count]) => [
          lower(v.address),
          `a registered, active verifier, neither organizer nor supplier, at each of its ${count} confirmations`,
          "the registry keeps no verifiers (a v1 deployment)",
        ]),
      );
      // The threshold and windows fall back to the bounds a v2 registry would enforce.
      expect(checkOf(result, "promise-independent-verifier", "threshold")).to.deep.include({
        ok: true,
        expected: ">= 2 (the v2 default; this registry sets no minimum)",
        found: "2 of 3",
      });
      expect(checkOf(result, "promise-bounded-windows", "procurement window").expected).to.equal(
        "<= 1,095 days (the longest a v2 registry allows; this registry sets no limits)",
      );
      const md = toMarkdown(result);
      expect(md).to.include(
        "This campaign belongs to a v1 deployment, made before the promise was enforced by the contracts",
      );
      const rule = PROMISE_RULES["promise-independent-verifier"];
      const count = result.checks.filter((c) => c.rule === "promise-independent-verifier").length;
      expect(md).to.include(`| ✘ | ${rule} | ${count} | ${broken.length} |`);
      expect(md).to.include(`| ✔ | ${PROMISE_RULES["promise-equal-refund-fraction"]} | 1 | 0 |`);
    });

    it("flags a v1 campaign whose verifiers never confirmed: nothing shows they are registered", async function () {
      const f = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await f.createCampaign();
      const fresh = await audit(await campaign.getAddress());
      const verifiers = find(fresh, "promise-independent-verifier", "registered verifiers");
      expect(verifiers.found).to.equal("the registry keeps no verifiers (a v1 deployment)");
      expect(fresh.discrepancies).to.have.length(1);
    });

    it("flags a supplier confirming its own order, which v1 let a verifier do", async function () {
      const f: Legacy = await networkHelpers.loadFixture(legacyFixture);
      const campaign = await f.createCampaign({
        tokens: [ETH],
        verifiers: [f.v1.address, f.supplier.address, f.v3.address],
      });
      await mined(as(campaign, f.donors[0]).pledgeETH({ value: E("4") }));
      await mined(campaign.closeFunding());
      const deliverBy = BigInt(await time.latest()) + 30n * DAY;
      await mined(campaign.createOrder(f.supplier.address, ETH, E("1"), 10n, deliverBy, 0n, TERMS));
      await mined(as(campaign, f.supplier).acceptOrder(0n));
      const own = await mined(as(campaign, f.supplier).confirmDelivery(0n, 10n, EVIDENCE));
      await mined(as(campaign, f.v1).confirmDelivery(0n, 10n, EVIDENCE));
      expect((await campaign.order(0n)).paid).to.equal(E("1"));
      const result = await audit(await campaign.getAddress());
      const self = find(result, "promise-independent-verifier", lower(f.supplier.address));
      expect(self.found).to.equal(
        "the supplier confirmed its own order 0; the registry keeps no verifiers (a v1 deployment)",
      );
      expect(result.ledger.orders[0].confirmations[0]).to.deep.include({
        verifier: lower(f.supplier.address),
        transactionHash: own.hash,
      });
      // The books reconcile: only the promise is broken.
      expect(result.discrepancies.every((d) => d.rule.startsWith("promise-"))).to.equal(true);
    });

    it("flags a funding window longer than any v2 registry allows", async function () {
      const f = await networkHelpers.loadFixture(legacyFixture);
      const now = BigInt(await time.latest());
      const campaign = await f.createCampaign({
        deadline: now + 400n * DAY,
        procurementDeadline: now + 430n * DAY,
      });
      const result = await audit(await campaign.getAddress());
      const created = await ethers.provider.getBlock(Number(result.creationBlock));
      const window = find(result, "promise-bounded-windows", "funding window");
      expect([window.expected, window.found]).to.deep.equal([
        "<= 365 days (the longest a v2 registry allows; this registry sets no limits)",
        `${(Number(now + 400n * DAY - BigInt(created!.timestamp)) / 86_400).toLocaleString("en-US", { maximumFractionDigits: 2 })} days`,
      ]);
      expect(checkOf(result, "promise-bounded-windows", "procurement window").ok).to.equal(true);
    });
  });
});

function find(result: AuditResult, rule: string, scope: string): Check {
  const match = result.discrepancies.find((c) => c.rule === rule && c.scope === scope);
  expect(
    match,
    `no ${rule} [${scope}] among:\n${describeChecks(result.discrepancies)}`,
  ).to.not.equal(undefined);
  return match!;
}
