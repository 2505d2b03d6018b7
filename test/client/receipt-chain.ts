/**
 * Impact receipts of a real campaign (the in-process chain, read through viem as the CLI and the
 * dApp read it) with awkward amounts in four tokens: donors in two tokens, a pledge cancelled and
 * made again, an order delivered in part after an advance, one completed, one whose advance was
 * never backed and that was cancelled, close, refunds claimed and left unclaimed. The receipts must
 * agree with the contract to the base unit (its `refundable` view and its refunds), and over every
 * donor add up exactly to every payment and to every order's verified units.
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  createPublicClient,
  custom,
  getAddress,
  parseEther,
  zeroAddress,
  type Address,
  type PublicClient,
} from "viem";

import { campaignAbi } from "../../client/generated/abis.ts";
import {
  appealSummary,
  campaignsOfDonor,
  equal,
  historyFromAudit,
  impactReceipt,
  impactReceipts,
  loadCampaignHistory,
  ratio,
  sum,
  type CampaignHistory,
  type Ratio,
} from "../../client/receipt.ts";
import { auditor } from "../helpers/audit.ts";
import { DAY, ETH, makeFixtures, USD, USDC_UNIT } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);
const lower = (a: string) => a.toLowerCase() as Address;
/** USD (18 decimals) as a number of dollars, for approximate comparisons. */
const dollars = (r: Ratio) => Number((r.n * 10_000n) / r.d / 10n ** 18n) / 1e4;
/** Within a cent (chai's closeTo is bigint-only under Hardhat's matchers). */
const cent = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).to.be.lessThan(0.01);

describe("impact receipts of a real campaign", function () {
  let f: Awaited<ReturnType<typeof fixtures.campaignFixture>>;
  let history: CampaignHistory;
  let client: PublicClient;
  let campaign: Address;
  let tokens: { ETH: Address; USDC: Address; USDT: Address; WBTC: Address };

  before(async function () {
    f = await networkHelpers.loadFixture(fixtures.campaignFixture);
    const { donors, usdc, usdt, wbtc, organizer, supplier, supplier2, v1, v2, v3 } = f;
    const c = f.campaign;
    campaign = lower(await c.getAddress());
    tokens = {
      ETH: zeroAddress,
      USDC: lower(await usdc.getAddress()),
      USDT: lower(await usdt.getAddress()),
      WBTC: lower(await wbtc.getAddress()),
    };
    const give = async (token: typeof usdc | typeof wbtc, i: number, amount: bigint) => {
      await f.fund(token as typeof usdc, donors[i], c, amount);
      await c.connect(donors[i]).pledge(await token.getAddress(), amount);
    };
    await c.connect(donors[0]).pledgeETH({ value: 1_234_567_891_234_567_891n });
    await give(usdc, 0, 777_777_777n);
    await give(usdc, 1, 3_333_333_333n);
    await give(wbtc, 2, 1_234_570n);
    await c.connect(donors[3]).pledgeETH({ value: parseEther("0.5") });
    await c.connect(donors[3]).cancelPledge(ETH);
    await c.connect(donors[3]).pledgeETH({ value: parseEther("0.3") });
    await give(usdt as never, 4, 1_111_111_111n);
    await give(wbtc, 4, 777_777n);
    await c.connect(donors[5]).pledgeETH({ value: 333_333_333_333_333_333n });
    await give(usdc, 6, 999_999_999n);
    await give(usdt as never, 7, 2_000_000n);

    await time.increase(15n * DAY);
    await f.refreshFeeds();
    const now = BigInt(await time.latest());
    const order = (to: string, usd: bigint, units: bigint, bps: bigint, days: bigint) =>
      c
        .connect(organizer)
        .createOrder(to, usd, units, now + days * DAY, bps, ethers.id(`PO ${usd}`));
    await order(supplier.address, 3_333n * USD, 1_000n, 2_000n, 20n); // #0: 20% advance, delivered in part
    await order(supplier2.address, 2_000n * USD + 7n, 777n, 0n, 20n); // #1: delivered in full
    await order(supplier.address, 1_000n * USD, 100n, 3_000n, 10n); // #2: 30% advance, never delivered
    await c.connect(supplier).acceptOrder(0n);
    await c.connect(supplier2).acceptOrder(1n);
    await c.connect(supplier).acceptOrder(2n);
    for (const v of [v1, v2]) await c.connect(v).confirmDelivery(0n, 333n, ethers.id("GRN 0"));
    for (const v of [v1, v3]) await c.connect(v).confirmDelivery(1n, 777n, ethers.id("GRN 1"));
    await c.connect(supplier).withdraw();
    await time.increase(30n * DAY);
    await c.connect(organizer).cancelOrder(2n);
    await c.connect(organizer).cancelOrder(0n);
    await c.connect(organizer).close();
    await c.connect(donors[0]).claimRefund(ETH);
    await c.connect(donors[0]).claimRefund(tokens.USDC);
    await c.connect(donors[2]).claimRefund(tokens.WBTC);

    client = createPublicClient({
      cacheTime: 0,
      transport: custom(connection.provider as never, { retryCount: 0 }),
    }) as PublicClient;
    history = await loadCampaignHistory(client, campaign);
  });

  it("reads a history the auditor reconciles, closed, with every block dated", async function () {
    await auditor(connection).expectReconciles(campaign);
    expect(history.status).to.equal("Closed");
    expect(history.ledger.issues).to.deep.equal([]);
    for (const e of history.ledger.entries)
      expect(history.blockTimes[`${e.blockNumber}`], `block ${e.blockNumber}`).to.be.a("bigint");
  });

  it("every payment and every order's verified units add up exactly over all donors", function () {
    const receipts = impactReceipts(history);
    expect(receipts).to.have.length(8); // donors 0-7
    for (const order of history.ledger.orders) {
      const lines = receipts.flatMap((r) => r.orders.filter((o) => o.orderId === order.id));
      expect(
        lines.reduce((s, o) => s + o.unitsAllocated, 0n),
        `order ${order.id}`,
      ).to.equal(order.unitsVerified);
      expect(equal(sum(lines.map((o) => o.unitsExact)), ratio(order.unitsVerified))).to.equal(true);
      for (const token of order.tokens) {
        const paid = sum(
          lines.flatMap((o) => o.tokens.filter((t) => t.token === token).map((t) => t.paid)),
        );
        expect(equal(paid, ratio(order.shares[token].paid)), `order ${order.id} ${token}`).to.equal(
          true,
        );
      }
    }
    expect(history.ledger.orders.map((o) => [o.status, o.unitsVerified])).to.deep.equal([
      ["Cancelled", 333n],
      ["Completed", 777n],
      ["Cancelled", 0n],
    ]);
    // Whole units never stray more than one from the exact share.
    for (const r of receipts)
      for (const o of r.orders) {
        const diff = Number(o.unitsAllocated) - Number(o.unitsExact.n) / Number(o.unitsExact.d);
        expect(Math.abs(diff)).to.be.lessThan(1);
      }
  });

  it("each donor's money is wholly accounted for, and its refund is the contract's to the base unit", async function () {
    for (const r of impactReceipts(history)) {
      for (const t of r.tokens) {
        const parts = sum([t.paidForDelivery, t.advancesUnbacked, t.reserved, t.inPool]);
        expect(equal(parts, ratio(t.net)), `${r.donor} ${t.token}`).to.equal(true);
        const refundable = await client.readContract({
          address: campaign,
          abi: campaignAbi,
          functionName: "refundable",
          args: [r.donor, t.token],
        });
        expect(t.refundable, `${r.donor} ${t.token} refundable`).to.equal(refundable);
        const claimed = r.refunds
          .filter((x) => x.token === t.token)
          .reduce((s, x) => s + x.amount, 0n);
        expect(t.refunded).to.equal(claimed);
        if (claimed > 0n) expect(t.refundDue).to.equal(claimed);
      }
    }
  });

  it("a donor in two tokens, and one who cancelled and pledged again", function () {
    const d0 = impactReceipt(history, f.donors[0].address);
    expect(d0.tokens.map((t) => [t.token, t.net])).to.deep.equal([
      [tokens.ETH, 1_234_567_891_234_567_891n],
      [tokens.USDC, 777_777_777n],
    ]);
    expect(d0.refunds).to.have.length(2);
    expect(d0.orders.map((o) => o.orderId)).to.deep.equal([0n, 1n, 2n]);
    // Order 2's advance was never backed: the donor's part of it, in both its tokens.
    expect(d0.orders[2].unitsAllocated).to.equal(0n);
    expect(d0.orders[2].tokens.every((t) => t.advanceUnbacked.n > 0n)).to.equal(true);
    const d3 = impactReceipt(history, f.donors[3].address);
    expect(d3.pledges.map((p) => p.amount)).to.deep.equal([parseEther("0.5"), parseEther("0.3")]);
    expect(d3.cancellations.map((c) => c.amount)).to.deep.equal([parseEther("0.5")]);
    expect(d3.tokens[0]).to.deep.include({ net: parseEther("0.3"), netUsd: 900n * USD });
    expect(() => impactReceipt(history, f.donors[8].address)).to.throw(
      RangeError,
      `${getAddress(f.donors[8].address)} never pledged to this appeal`,
    );
  });

  it("finds the appeals a donor pledged to, vouched for by the factory; and reads a history from an audit", async function () {
    const factory = lower(await f.factory.getAddress());
    const other = await f.createCampaign();
    await f.refreshFeeds();
    await other.connect(f.donors[0]).pledgeETH({ value: parseEther("0.1") });
    expect(await campaignsOfDonor(client, { factory, donor: f.donors[0].address })).to.deep.equal([
      campaign,
      lower(await other.getAddress()),
    ]);
    expect(await campaignsOfDonor(client, { factory, donor: f.donors[8].address })).to.deep.equal(
      [],
    );
    const audited = historyFromAudit(await auditor(connection).audit(campaign));
    const fromAudit = impactReceipt(audited, f.donors[1].address);
    const fromChain = impactReceipt(history, f.donors[1].address);
    expect(fromAudit.tokens).to.deep.equal(fromChain.tokens);
    expect(fromAudit.totals).to.deep.equal(fromChain.totals);
  });

  it("the summary: raised, spent, refunded, units and cost per unit, per supplier", function () {
    const s = appealSummary(history);
    expect(s.final).to.equal(true);
    expect(s.unitsVerified).to.equal(1_110n);
    for (const t of s.tokens) {
      const book = history.ledger.tokens[t.token];
      expect(t.paid).to.equal(book.earned);
      expect(t.refunded).to.equal(book.refunded);
      expect(t.paidForDelivery + t.advancesUnbacked).to.equal(t.paid);
      // What is owed back and what was refunded, plus the rounding dust, is the unspent.
      expect(t.refunded + t.refundable + t.roundingDust).to.equal(t.unspentAtClose);
    }
    // Order 1 (777 units for $2,000) and 333 units of order 0 ($3,333 for 1,000): at pledge-time
    // prices within a cent of $3.33 and $2.57 a unit.
    const [henan, lagos] = s.suppliers;
    expect(henan.supplier).to.equal(lower(f.supplier.address));
    expect(henan.orders).to.deep.equal([0n, 2n]);
    cent(dollars(henan.costPerUnit!.usd), 3_333 / 1_000);
    cent(dollars(lagos.costPerUnit!.usd), 2_000 / 777);
    cent(dollars(s.advancesUnbackedUsd), 300); // order 2's advance, never backed
    cent(dollars(s.paidUsd), 3_333 * 0.333 + 300 + 2_000);
  });
});
