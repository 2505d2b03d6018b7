/**
 * Ledger reconstruction and the auditor (client/ledger.ts, client/audit.ts) on a real campaign run
 * in-process, then on tampered and incomplete histories served by a client that rewrites
 * eth_getLogs answers, and `replay` on hand-made logs for histories the contract cannot produce.
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  createPublicClient,
  custom,
  decodeAbiParameters,
  encodeAbiParameters,
  encodeEventTopics,
  getAbiItem,
  getAddress,
  pad,
  parseEther,
  toHex,
  zeroAddress,
  type AbiEvent,
  type Address,
  type Hex,
  type Log,
  type PublicClient,
} from "viem";

import { auditCampaign, type AuditResult, type Check } from "../../client/audit.ts";
import { campaignAbi } from "../../client/generated/abis.ts";
import {
  available,
  replay,
  type CampaignParams,
  type EntryKind,
  type TokenBook,
} from "../../client/ledger.ts";
import { toMarkdown } from "../../client/report.ts";
import { DAY, ETH, makeFixtures, USD, USDC_UNIT } from "../helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);

const E = (ether: string) => parseEther(ether);
const lower = (a: string) => a.toLowerCase() as Address;
const topic0 = (eventName: string) =>
  encodeEventTopics({ abi: campaignAbi, eventName } as never)[0] as Hex;

/**
 * The whole lifecycle of one campaign (default fixture campaign: ETH/USDC/USDT/WBTC, verifiers
 * v1-v3 with threshold 2, 30% advance cap, $10,000 goal):
 *
 * - donors[0] pledges 2 ETH then 1 ETH; donors[1] 5,000 USDC; donors[2] 1 ETH (cancelled while
 *   funding is open); donors[3] 1,000 USDC; donors[4] 0.5 ETH. Raised: 3.5 ETH ($10,500) + $6,000.
 * - the deadline passes; the organizer orders
 *   #0 1,000 units for 4,000 USDC from `supplier`, 20% advance;
 *   #1 500 units for 2 ETH from `supplier2`, no advance;
 *   #2 100 units for 1 ETH from `supplier`, 10% advance (it will be late and cancelled).
 * - #0 accepted (800 USDC advance, withdrawn at once), shipped; v1+v2 confirm 400 units (800 USDC more);
 *   v1+v3 sign 1,000 units, a relayer submits them (2,400 USDC more, complete).
 * - #1 accepted; v2 confirms 500, v3 250 (1 ETH), v3 500 (1 ETH more, complete).
 * - #2 accepted (0.1 ETH advance); after its deliver-by date and grace it is cancelled (0.9 ETH back).
 * - the organizer closes: unspent 1.4 ETH over 3.5 net pledged, 2,000 USDC over 6,000.
 * - refunds: donors[0] 1.2 ETH, donors[1] 1,666.666666 USDC, donors[3] 333.333333 USDC; donors[4]
 *   leaves its 0.2 ETH unclaimed. Withdrawals: supplier 3,200 USDC and 0.1 ETH, supplier2 2 ETH.
 */
async function lifecycleFixture() {
  const f = await fixtures.campaignFixture();
  const { campaign, donors, usdc, organizer, supplier, supplier2, v1, v2, v3, relayer } = f;
  const address = lower(await campaign.getAddress());
  const usdcAddress = lower(await usdc.getAddress());
  const creationBlock = BigInt(await ethers.provider.getBlockNumber());
  const blockOf = async (tx: Promise<{ wait(): Promise<unknown> }>) =>
    BigInt(((await (await tx).wait()) as { blockNumber: number }).blockNumber);

  await campaign.connect(donors[0]).pledgeETH({ value: E("2") });
  await f.fund(usdc, donors[1], campaign, 5_000n * USDC_UNIT);
  await campaign.connect(donors[1]).pledge(usdcAddress, 5_000n * USDC_UNIT);
  await campaign.connect(donors[2]).pledgeETH({ value: E("1") });
  await f.fund(usdc, donors[3], campaign, 1_000n * USDC_UNIT);
  await campaign.connect(donors[3]).pledge(usdcAddress, 1_000n * USDC_UNIT);
  await campaign.connect(donors[0]).pledgeETH({ value: E("1") });
  await campaign.connect(donors[4]).pledgeETH({ value: E("0.5") });
  await campaign.connect(donors[2]).cancelPledge(ETH);

  await time.increase(15n * DAY);
  const now = BigInt(await time.latest());
  const order = (
    supplierAddress: string,
    token: string,
    amount: bigint,
    units: bigint,
    days: bigint,
    bps: bigint,
    terms: string,
  ) =>
    campaign
      .connect(organizer)
      .createOrder(supplierAddress, token, amount, units, now + days * DAY, bps, ethers.id(terms));
  const order0Block = await blockOf(
    order(supplier.address, usdcAddress, 4_000n * USDC_UNIT, 1_000n, 30n, 2_000n, "PO-1"),
  );
  await order(supplier2.address, ETH, E("2"), 500n, 20n, 0n, "PO-2");
  await order(supplier.address, ETH, E("1"), 100n, 10n, 1_000n, "PO-3");

  await campaign.connect(supplier).acceptOrder(0n);
  const advanceWithdrawalBlock = await blockOf(campaign.connect(supplier).withdraw(usdcAddress));
  await campaign.connect(supplier).markShipped(0n, "ipfs://bill-of-lading/PO-1");
  await campaign.connect(supplier2).acceptOrder(1n);
  await campaign.connect(supplier).acceptOrder(2n);

  const grn1 = ethers.id("GRN-1: 400 units");
  await campaign.connect(v1).confirmDelivery(0n, 400n, grn1);
  await campaign.connect(v2).confirmDelivery(0n, 400n, grn1);
  const grn2 = ethers.id("GRN-2: 1,000 units");
  const signatures = [
    await f.signConfirmation(v1, campaign, 0n, 1_000n, grn2),
    await f.signConfirmation(v3, campaign, 0n, 1_000n, grn2),
  ];
  await campaign.connect(relayer).confirmDeliveryBySig(0n, 1_000n, grn2, signatures);

  const grn3 = ethers.id("GRN-3: order 1");
  await campaign.connect(v2).confirmDelivery(1n, 500n, grn3);
  await campaign.connect(v3).confirmDelivery(1n, 250n, grn3);
  await campaign.connect(v3).confirmDelivery(1n, 500n, grn3);

  await time.increase(18n * DAY); // order 2's deliver-by (10 days) plus the 7-day grace
  await campaign.connect(organizer).cancelOrder(2n);
  await campaign.connect(organizer).close();

  await campaign.connect(donors[0]).claimRefund(ETH);
  await campaign.connect(donors[1]).claimRefund(usdcAddress);
  await campaign.connect(donors[3]).claimRefund(usdcAddress);
  await campaign.connect(supplier).withdraw(usdcAddress);
  await campaign.connect(supplier2).withdraw(ETH);
  await campaign.connect(supplier).withdraw(ETH);

  return { ...f, address, usdcAddress, creationBlock, order0Block, advanceWithdrawalBlock };
}

type RawLog = {
  address: string;
  blockNumber: Hex;
  logIndex: Hex;
  data: Hex;
  topics: Hex[];
  transactionHash: Hex;
  [k: string]: unknown;
};
type Filter = { address?: string; fromBlock: Hex; toBlock: Hex };

/**
 * A viem public client over the in-process chain whose eth_getLogs answers go through `transform`,
 * and which refuses ranges wider than `maxRange` blocks the way some providers do. No retries, so
 * each eth_getLogs request the auditor makes reaches this function once.
 */
function auditClient(
  options: { transform?: (logs: RawLog[], filter: Filter) => RawLog[]; maxRange?: bigint } = {},
) {
  const stats = { getLogs: 0, refused: 0 };
  const provider = connection.provider as unknown as {
    request(args: { method: string; params?: unknown }): Promise<unknown>;
  };
  const request = async (args: { method: string; params?: unknown }) => {
    if (args.method !== "eth_getLogs") return provider.request(args);
    stats.getLogs++;
    const filter = (args.params as Filter[])[0];
    const width = BigInt(filter.toBlock) - BigInt(filter.fromBlock) + 1n;
    if (options.maxRange !== undefined && width > options.maxRange) {
      stats.refused++;
      throw new Error("block range is too wide");
    }
    const logs = (await provider.request(args)) as RawLog[];
    return options.transform ? options.transform(logs, filter) : logs;
  };
  const client = createPublicClient({
    transport: custom({ request } as never, { retryCount: 0 }),
  }) as PublicClient;
  return { client, stats };
}

/** A transform that touches only the campaign's own logs. */
const campaignLogs =
  (campaign: Address, edit: (logs: RawLog[]) => RawLog[]) => (logs: RawLog[], filter: Filter) =>
    filter.address && lower(filter.address) === campaign ? edit(logs) : logs;

function find(result: AuditResult, rule: string, scope: string | RegExp): Check {
  const match = result.discrepancies.find(
    (c) => c.rule === rule && (typeof scope === "string" ? c.scope === scope : scope.test(c.scope)),
  );
  expect(
    match,
    `no ${rule} discrepancy for ${scope}; got:\n${result.discrepancies.map((d) => `${d.rule} [${d.scope}] ${d.expected} / ${d.found} ${d.detail ?? ""}`).join("\n")}`,
  ).to.not.equal(undefined);
  return match!;
}

function findIssue(result: AuditResult, detail: RegExp): Check {
  const match = result.discrepancies.find(
    (c) => c.rule === "event-history" && detail.test(c.detail ?? ""),
  );
  expect(
    match,
    `no event-history discrepancy matching ${detail}; got:\n${result.discrepancies.map((d) => `${d.rule} [${d.scope}] ${d.detail ?? ""}`).join("\n")}`,
  ).to.not.equal(undefined);
  return match!;
}

describe("ledger reconstruction and audit", function () {
  describe("a real campaign, run in-process", function () {
    let f: Awaited<ReturnType<typeof lifecycleFixture>>;
    let result: AuditResult;
    let logCalls: number;

    before(async function () {
      f = await networkHelpers.loadFixture(lifecycleFixture);
      const { client, stats } = auditClient();
      result = await auditCampaign(client, f.address);
      logCalls = stats.getLogs;
    });

    it("reconciles: every check holds and nothing is warned about", function () {
      expect(result.discrepancies).to.deep.equal([]);
      expect(result.warnings).to.deep.equal([]);
      expect(result.checks.length).to.be.greaterThan(40);
      expect(result.ledger.issues).to.deep.equal([]);
    });

    it("identifies the campaign: chain, creation block, factory, registry, organizer, status", async function () {
      expect(result.chainId).to.equal(31337);
      expect(result.campaign).to.equal(f.address);
      expect(result.creationBlock).to.equal(f.creationBlock);
      expect(result.factory).to.equal(lower(await f.factory.getAddress()));
      expect(result.registry).to.equal(lower(await f.registry.getAddress()));
      expect(result.implementation).to.equal(lower(await f.implementation.getAddress()));
      expect(result.organizer).to.equal(lower(f.organizer.address));
      expect(result.status).to.equal("Closed");
      expect(result.ledger.status).to.equal("Closed");
      expect(result.raisedUsd).to.equal(16_500n * USD);
      expect(result.tokens.map((t) => [t.symbol, t.decimals])).to.deep.equal([
        ["ETH", 18],
        ["USDC", 6],
        ["USDT", 6],
        ["WBTC", 8],
      ]);
    });

    it("reconstructs each token's books: the numbers of the lifecycle, equal to ledger(token)", async function () {
      const zero: Omit<TokenBook, "netPledgedAtClose" | "advances"> = {
        pledged: 0n,
        cancelled: 0n,
        refunded: 0n,
        reserved: 0n,
        earned: 0n,
        withdrawn: 0n,
        pledgedUsd: 0n,
        unspentAtClose: 0n,
      };
      const expected: Record<Address, typeof zero & { available: bigint; balance: bigint }> = {
        [zeroAddress]: {
          pledged: E("4.5"),
          cancelled: E("1"),
          refunded: E("1.2"), // 1.4 × 3 / 3.5 to donors[0]
          reserved: 0n,
          earned: E("2.1"), // 2 ETH for order 1, the 0.1 ETH advance of order 2
          withdrawn: E("2.1"),
          pledgedUsd: 10_500n * USD,
          unspentAtClose: E("1.4"), // 3.5 − 2 − 0.1
          available: E("0.2"), // donors[4]'s unclaimed share
          balance: E("0.2"),
        },
        [f.usdcAddress]: {
          pledged: 6_000n * USDC_UNIT,
          cancelled: 0n,
          refunded: 1_666_666_666n + 333_333_333n, // 2,000 × 5/6 and × 1/6, rounded down
          reserved: 0n,
          earned: 4_000n * USDC_UNIT,
          withdrawn: 4_000n * USDC_UNIT,
          pledgedUsd: 6_000n * USD,
          unspentAtClose: 2_000n * USDC_UNIT,
          available: 1n, // rounding dust stays in the campaign
          balance: 1n,
        },
        [lower(await f.usdt.getAddress())]: { ...zero, available: 0n, balance: 0n },
        [lower(await f.wbtc.getAddress())]: { ...zero, available: 0n, balance: 0n },
      };
      expect(Object.keys(result.ledger.tokens).sort()).to.deep.equal(Object.keys(expected).sort());
      for (const [token, want] of Object.entries(expected) as [
        Address,
        (typeof expected)[Address],
      ][]) {
        const book = result.ledger.tokens[token];
        const view = await f.campaign.ledger(token);
        for (const field of Object.keys(zero) as (keyof typeof zero)[]) {
          expect(book[field], `${token} ${field} (events)`).to.equal(want[field]);
          expect(view[field], `${token} ${field} (view)`).to.equal(want[field]);
          expect(result.onChain[token].ledger[field]).to.equal(want[field]);
        }
        expect(available(book)).to.equal(want.available);
        expect(view.available).to.equal(want.available);
        expect(result.onChain[token].balance).to.equal(want.balance);
      }
      expect(result.ledger.tokens[zeroAddress].advances).to.equal(E("0.1"));
      expect(result.ledger.tokens[f.usdcAddress].advances).to.equal(800n * USDC_UNIT);
      expect(result.ledger.tokens[zeroAddress].netPledgedAtClose).to.equal(E("3.5"));
      expect(result.ledger.tokens[f.usdcAddress].netPledgedAtClose).to.equal(6_000n * USDC_UNIT);
    });

    it("reconstructs the orders: paid, units verified, status, confirmations and payments", async function () {
      const orders = result.ledger.orders;
      expect(orders.map((o) => [o.id, o.status, o.paid, o.unitsVerified])).to.deep.equal([
        [0n, "Completed", 4_000n * USDC_UNIT, 1_000n],
        [1n, "Completed", E("2"), 500n],
        [2n, "Cancelled", E("0.1"), 0n],
      ]);
      for (const o of orders) {
        const view = await f.campaign.order(o.id);
        expect(o.paid).to.equal(view.paid);
        expect(o.unitsVerified).to.equal(view.unitsVerified);
        expect(o.amount).to.equal(view.amount);
        expect(o.units).to.equal(view.units);
        expect(o.supplier).to.equal(lower(view.supplier));
      }
      expect(orders[0].payments.map((p) => [p.amount, p.unitsVerified, p.advance])).to.deep.equal([
        [800n * USDC_UNIT, 0n, true],
        [800n * USDC_UNIT, 400n, false],
        [2_400n * USDC_UNIT, 1_000n, false],
      ]);
      expect(
        orders[0].confirmations.map((c) => [c.verifier, c.unitsDelivered, c.bySignature]),
      ).to.deep.equal([
        [lower(f.v1.address), 400n, false],
        [lower(f.v2.address), 400n, false],
        [lower(f.v1.address), 1_000n, true],
        [lower(f.v3.address), 1_000n, true],
      ]);
      expect(orders[0].shipments.map((s) => s.evidenceURI)).to.deep.equal([
        "ipfs://bill-of-lading/PO-1",
      ]);
      expect(orders[1].payments.map((p) => [p.amount, p.unitsVerified])).to.deep.equal([
        [E("1"), 250n],
        [E("1"), 500n],
      ]);
      expect(orders[2].cancelled?.returnedToPool).to.equal(E("0.9"));
      expect(orders[2].cancelled?.by).to.equal(lower(f.organizer.address));
      // Everything earned was withdrawn.
      for (const byToken of Object.values(result.ledger.owed))
        for (const owed of Object.values(byToken)) expect(owed).to.equal(0n);
    });

    it("reconstructs donors' standing pledges", function () {
      const d = (i: number, token: Address) =>
        result.ledger.donors[lower(f.donors[i].address)][token];
      expect(Object.keys(result.ledger.donors)).to.have.length(5);
      expect(d(0, zeroAddress)).to.deep.include({
        pledged: E("3"),
        pledges: 2,
        refunded: E("1.2"),
        active: 0n,
      });
      expect(d(2, zeroAddress)).to.deep.include({ pledged: E("1"), cancelled: E("1"), active: 0n });
      expect(d(4, zeroAddress)).to.deep.include({
        pledged: E("0.5"),
        active: E("0.5"),
        activeUsd: 1_500n * USD,
      });
      expect(d(1, f.usdcAddress)).to.deep.include({
        pledged: 5_000n * USDC_UNIT,
        refunded: 1_666_666_666n,
      });
      expect(d(3, f.usdcAddress)).to.deep.include({
        pledged: 1_000n * USDC_UNIT,
        refunded: 333_333_333n,
      });
    });

    it("lists every event as a ledger entry, counted by kind", function () {
      const counts: Partial<Record<EntryKind, number>> = {};
      for (const e of result.ledger.entries) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
      expect(counts).to.deep.equal({
        pledge: 6,
        cancel: 1,
        status: 2, // Procurement (synced by the first order), Closed
        order: 3,
        accept: 3,
        advance: 2,
        shipment: 1,
        confirmation: 7,
        payment: 4,
        "order-completed": 2,
        "order-cancelled": 1,
        unspent: 4,
        closed: 1,
        refund: 3,
        withdrawal: 4,
      });
      expect(result.ledger.entries).to.have.length(44);
      // Plus Initialized, which books nothing.
      expect(result.ledger.eventCount).to.equal(45);
      // In chain order.
      const entries = result.ledger.entries;
      for (let i = 1; i < entries.length; i++) {
        const [a, b] = [entries[i - 1], entries[i]];
        expect(
          a.blockNumber < b.blockNumber ||
            (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex),
        ).to.equal(true);
      }
    });

    it("fetches logs in 8 eth_getLogs calls: CampaignCreated, the campaign, Transfers out and in for 3 ERC-20s", function () {
      expect(logCalls).to.equal(8);
      expect(result.rpc.logCalls).to.equal(8);
    });

    it("gives the same result through a provider that refuses ranges wider than 3 blocks, with more calls", async function () {
      await networkHelpers.loadFixture(lifecycleFixture);
      const { client, stats } = auditClient({ maxRange: 3n });
      const limited = await auditCampaign(client, f.address);
      expect(limited.discrepancies).to.deep.equal([]);
      expect(limited.ledger.entries).to.deep.equal(result.ledger.entries);
      expect(limited.checks.length).to.equal(result.checks.length);
      expect(stats.refused).to.be.greaterThan(0);
      expect(limited.rpc.logCalls).to.equal(stats.getLogs);
      expect(limited.rpc.logCalls).to.be.greaterThan(result.rpc.logCalls);
      // At least one successful call per 3 blocks scanned by the campaign-log pass alone.
      const blocks = Number(limited.toBlock - limited.creationBlock + 1n);
      expect(limited.rpc.logCalls).to.be.greaterThan(Math.ceil(blocks / 3));
    });
  });

  describe("tampered or incomplete histories", function () {
    let f: Awaited<ReturnType<typeof lifecycleFixture>>;
    beforeEach(async function () {
      f = await networkHelpers.loadFixture(lifecycleFixture);
    });

    const auditWith = (edit: (logs: RawLog[]) => RawLog[]) =>
      auditCampaign(auditClient({ transform: campaignLogs(f.address, edit) }).client, f.address);

    const isEvent = (log: RawLog, name: string) => log.topics[0] === topic0(name);
    const topicAddress = (log: RawLog, i: number) => lower(`0x${log.topics[i].slice(26)}`);

    it("a dropped Pledged log: pledged, USD and refunds no longer reconcile, each itemised", async function () {
      const donor3 = lower(f.donors[3].address);
      const result = await auditWith((logs) =>
        logs.filter((l) => !(isEvent(l, "Pledged") && topicAddress(l, 1) === donor3)),
      );
      expect(result.discrepancies.length).to.be.greaterThan(0);
      const pledged = find(result, "events-match-views", "USDC pledged");
      expect(pledged.expected).to.equal("5000000000 (from events)");
      expect(pledged.found).to.equal("6000000000 (ledger view)");
      expect(pledged.ok).to.equal(false);
      expect(find(result, "events-match-views", "USDC pledgedUsd").found).to.equal(
        `${6_000n * USD} (ledger view)`,
      );
      expect(find(result, "events-match-views", "raised USD").expected).to.equal(
        `${15_500n * USD} (from events)`,
      );
      // donors[3]'s refund has no pledge behind it any more.
      const refund = findIssue(result, new RegExp(`refund to ${getAddress(donor3)}`));
      expect(refund.expected).to.equal("0");
      expect(refund.found).to.equal("333333333");
      expect(refund.scope).to.match(/^block \d+ tx 0x[0-9a-f]{64}$/);
      const never = find(result, "donor-never-gets-more", `${donor3} in ${f.usdcAddress}`);
      expect(never.expected).to.equal("<= 0");
      expect(never.found).to.equal("333333333");
      // What the CLI prints and exits on.
      const md = toMarkdown(result);
      expect(md).to.include(`**${result.discrepancies.length} discrepancies** (listed below).`);
      expect(md).not.to.include("Everything reconciles");
      expect(md).to.include(
        "| events-match-views | USDC pledged | **NO** | 5000000000 (from events) | 6000000000 (ledger view) |",
      );
    });

    it("a duplicated log: counted twice, the donor's pledge and the ETH books disagree with the views", async function () {
      const donor4 = lower(f.donors[4].address);
      const result = await auditWith((logs) =>
        logs.flatMap((l) =>
          isEvent(l, "Pledged") && topicAddress(l, 1) === donor4 ? [l, { ...l }] : [l],
        ),
      );
      expect(result.ledger.eventCount).to.equal(46);
      const pledged = find(result, "events-match-views", "ETH pledged");
      expect(pledged.expected).to.equal(`${E("5")} (from events)`);
      expect(pledged.found).to.equal(`${E("4.5")} (ledger view)`);
      const standing = find(result, "events-match-views", `pledge of ${donor4} in ${zeroAddress}`);
      expect(standing.expected).to.equal(`${E("1")} (${3_000n * USD} USD)`);
      expect(standing.found).to.equal(`${E("0.5")} (${1_500n * USD} USD)`);
      const net = findIssue(result, /net pledged recorded at close/);
      expect([net.expected, net.found]).to.deep.equal([`${E("4")}`, `${E("3.5")}`]);
    });

    it("a PaymentReleased with a changed amount: overpayment, completion and withdrawal flagged", async function () {
      const result = await auditWith((logs) =>
        logs.map((l) => {
          if (!isEvent(l, "PaymentReleased")) return l;
          const types = [{ type: "uint256" }, { type: "uint64" }, { type: "bool" }] as const;
          const [amount, units, advance] = decodeAbiParameters(types, l.data);
          if (amount !== 2_400n * USDC_UNIT) return l;
          return { ...l, data: encodeAbiParameters(types, [2_500n * USDC_UNIT, units, advance]) };
        }),
      );
      const beyond = findIssue(result, /payment of order 0 beyond what verified deliveries allow/);
      expect(beyond.expected).to.equal("cumulative <= 4000000000");
      expect(beyond.found).to.equal("4100000000");
      const completion = findIssue(result, /completion of order 0/);
      expect(completion.found).to.equal("1000 units, 4100000000 paid");
      const withdrawal = findIssue(result, new RegExp(`withdrawal by ${f.supplier.address}`));
      expect(withdrawal.expected).to.equal("3300000000 (everything owed)");
      expect(withdrawal.found).to.equal("3200000000");
      const paid = find(result, "events-match-views", "order 0 paid");
      expect([paid.expected, paid.found]).to.deep.equal(["4100000000", "4000000000"]);
      const within = find(result, "paid-within-amount", "order 0");
      expect([within.expected, within.found]).to.deep.equal(["<= 4000000000", "4100000000"]);
      expect(find(result, "events-match-views", "USDC earned").expected).to.equal(
        "4100000000 (from events)",
      );
    });

    it("a dropped Withdrawn log: withdrawn, withdrawable, balance and ERC-20 transfers disagree", async function () {
      const result = await auditWith((logs) =>
        logs.filter((l) => {
          if (!isEvent(l, "Withdrawn")) return true;
          const [, amount] = decodeAbiParameters(
            [{ type: "address" }, { type: "uint256" }],
            l.data,
          );
          return amount !== 3_200n * USDC_UNIT;
        }),
      );
      const withdrawn = find(result, "events-match-views", "USDC withdrawn");
      expect([withdrawn.expected, withdrawn.found]).to.deep.equal([
        "800000000 (from events)",
        "4000000000 (ledger view)",
      ]);
      const owed = find(
        result,
        "events-match-views",
        `withdrawable ${lower(f.supplier.address)} ${f.usdcAddress}`,
      );
      expect([owed.expected, owed.found]).to.deep.equal(["3200000000", "0"]);
      const transfers = find(result, "transfers-out-match", "USDC");
      expect(transfers.expected).to.equal("cancelled + refunded + withdrawn = 2799999999");
      expect(transfers.found).to.equal("5999999999 in 4 Transfer events");
      const balance = find(result, "balance-covers-held", "USDC");
      expect(balance.expected).to.equal(
        "balance >= pledged - cancelled - refunded - withdrawn = 3200000001",
      );
      expect(balance.found).to.equal("1");
    });

    it("a forged DeliveryConfirmed from a non-verifier is flagged with who signed it", async function () {
      const v2 = lower(f.v2.address);
      const outsider = f.outsider.address;
      const result = await auditWith((logs) =>
        logs.flatMap((l) => {
          if (!isEvent(l, "DeliveryConfirmed") || topicAddress(l, 2) !== v2) return [l];
          if (BigInt(l.topics[1]) !== 1n) return [l];
          const forged: RawLog = {
            ...l,
            topics: [l.topics[0], l.topics[1], pad(outsider.toLowerCase() as Hex)],
            logIndex: toHex(Number(l.logIndex) + 50),
          };
          return [l, forged];
        }),
      );
      const forged = findIssue(result, /confirmation of order 1 by someone who is not a verifier/);
      expect(forged.found).to.equal(outsider);
      expect(forged.expected).to.equal([f.v1, f.v2, f.v3].map((v) => lower(v.address)).join(", "));
      // The forged confirmation counts for nothing, as on chain: the verified units still agree.
      expect(result.ledger.orders[1].confirmedBy[lower(outsider)]).to.equal(undefined);
      const unitsCheck = result.checks.find(
        (c) => c.rule === "events-match-views" && c.scope === "order 1 units verified",
      );
      expect(unitsCheck?.ok).to.equal(true);
      expect(
        result.discrepancies.some((d) => /verified units reported/.test(d.detail ?? "")),
      ).to.equal(false);
    });

    it("an incomplete history (every log of a block range missing): orders never created, books off", async function () {
      const from = f.order0Block;
      const to = f.advanceWithdrawalBlock;
      const result = await auditCampaign(
        auditClient({
          transform: (logs) =>
            logs.filter((l) => BigInt(l.blockNumber) < from || BigInt(l.blockNumber) > to),
        }).client,
        f.address,
      );
      const count = find(result, "events-match-views", "order count");
      expect([count.expected, count.found]).to.deep.equal(["0", "3"]);
      const never = findIssue(result, /event for order 0, which was never created/);
      expect(never.expected).to.equal("an OrderCreated first");
      expect(Number(never.scope.match(/^block (\d+)/)![1])).to.be.greaterThan(Number(to));
      const withdrawn = find(result, "events-match-views", "USDC withdrawn");
      expect([withdrawn.expected, withdrawn.found]).to.deep.equal([
        "3200000000 (from events)",
        "4000000000 (ledger view)",
      ]);
      const earned = find(result, "events-match-views", "ETH earned");
      expect([earned.expected, earned.found]).to.deep.equal([
        "0 (from events)",
        `${E("2.1")} (ledger view)`,
      ]);
    });
  });

  describe("replay() on hand-made logs", function () {
    const CAMPAIGN = "0x00000000000000000000000000000000000c0ffe" as Address;
    const TOKEN = "0x00000000000000000000000000000000000070c0" as Address;
    const V1 = "0x0000000000000000000000000000000000000a01" as Address;
    const V2 = "0x0000000000000000000000000000000000000a02" as Address;
    const V3 = "0x0000000000000000000000000000000000000a03" as Address;
    const DONOR_A = "0x000000000000000000000000000000000000d0a0" as Address;
    const DONOR_B = "0x000000000000000000000000000000000000d0b0" as Address;
    const SUPPLIER = "0x0000000000000000000000000000000000005091" as Address;
    const params: CampaignParams = {
      beneficiary: "0x000000000000000000000000000000000000bef1",
      goalUsd: 1_000n * USD,
      targetUnits: 100n,
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
    const STATUS = { Funding: 1, Failed: 2, Procurement: 3, Closed: 4 } as const;

    /** A log of `eventName` with `args`, one per block from block 100. */
    function history(...events: [string, Record<string, unknown>][]): Log[] {
      return events.map(([eventName, args], i) => {
        const item = getAbiItem({ abi: campaignAbi, name: eventName } as never) as AbiEvent;
        const nonIndexed = item.inputs.filter((input) => !input.indexed);
        return {
          address: CAMPAIGN,
          blockHash: toHex(i + 1, { size: 32 }),
          blockNumber: 100n + BigInt(i),
          logIndex: 0,
          removed: false,
          transactionHash: toHex(1_000 + i, { size: 32 }),
          transactionIndex: 0,
          topics: encodeEventTopics({ abi: campaignAbi, eventName, args } as never) as [
            Hex,
            ...Hex[],
          ],
          data: encodeAbiParameters(
            nonIndexed,
            nonIndexed.map((input) => args[input.name!]),
          ),
        } as Log;
      });
    }
    const pledged = (donor: Address, amount: bigint, token: Address = zeroAddress) =>
      ["Pledged", { donor, token, amount, usdValue: amount * 3_000n }] as [
        string,
        Record<string, unknown>,
      ];
    const status = (s: keyof typeof STATUS, raisedUsd = 0n) =>
      ["StatusChanged", { status: STATUS[s], raisedUsd }] as [string, Record<string, unknown>];
    const orderCreated = (orderId: bigint, amount = 1_000n, units = 10n, advanceBps = 0) =>
      [
        "OrderCreated",
        {
          orderId,
          supplier: SUPPLIER,
          token: zeroAddress,
          amount,
          units,
          deliverBy: 1_500_000,
          advanceBps,
          termsHash: pad("0x01"),
        },
      ] as [string, Record<string, unknown>];
    const accepted = (orderId: bigint, advance = 0n) =>
      ["OrderAccepted", { orderId, supplier: SUPPLIER, advance }] as [
        string,
        Record<string, unknown>,
      ];
    const confirmed = (orderId: bigint, verifier: Address, unitsDelivered: bigint) =>
      [
        "DeliveryConfirmed",
        { orderId, verifier, unitsDelivered, evidenceHash: pad("0x02"), bySignature: false },
      ] as [string, Record<string, unknown>];
    const payment = (orderId: bigint, amount: bigint, unitsVerified: bigint, advance = false) =>
      [
        "PaymentReleased",
        { orderId, supplier: SUPPLIER, token: zeroAddress, amount, unitsVerified, advance },
      ] as [string, Record<string, unknown>];

    const only = (ledger: ReturnType<typeof replay>) => {
      expect(
        ledger.issues,
        JSON.stringify(ledger.issues, (_k, v) => (typeof v === "bigint" ? `${v}` : v)),
      ).to.have.length(1);
      return ledger.issues[0];
    };

    it("books a possible history without issues (control)", function () {
      const ledger = replay(
        params,
        history(
          pledged(DONOR_A, 3n * 10n ** 18n),
          pledged(DONOR_B, 10n ** 18n),
          status("Procurement"),
          orderCreated(0n, 10n ** 18n, 10n, 2_000),
          accepted(0n, 2n * 10n ** 17n),
          payment(0n, 2n * 10n ** 17n, 0n, true),
          confirmed(0n, V1, 5n),
          confirmed(0n, V3, 5n),
          payment(0n, 3n * 10n ** 17n, 5n),
        ),
      );
      expect(ledger.issues).to.deep.equal([]);
      expect(ledger.orders[0].unitsVerified).to.equal(5n);
      expect(ledger.orders[0].paid).to.equal(5n * 10n ** 17n);
      const book = ledger.tokens[zeroAddress];
      expect([book.pledged, book.reserved, book.earned, available(book)]).to.deep.equal([
        4n * 10n ** 18n,
        5n * 10n ** 17n,
        5n * 10n ** 17n,
        3n * 10n ** 18n,
      ]);
      expect(ledger.owed[lower(SUPPLIER)][zeroAddress]).to.equal(5n * 10n ** 17n);
    });

    it("flags a refund larger than the pledge of a failed campaign", function () {
      const issue = only(
        replay(
          params,
          history(pledged(DONOR_A, 10n ** 18n), status("Failed"), [
            "RefundClaimed",
            { donor: DONOR_A, token: zeroAddress, to: DONOR_A, amount: 2n * 10n ** 18n },
          ]),
        ),
      );
      expect(issue.what).to.equal(
        `refund to ${getAddress(DONOR_A)} in ${zeroAddress} (status Failed)`,
      );
      expect([issue.expected, issue.found]).to.deep.equal([
        "1000000000000000000",
        "2000000000000000000",
      ]);
      expect(issue.blockNumber).to.equal(102n);
    });

    it("flags a refund larger than the pro-rata share of the unspent after close", function () {
      const issue = only(
        replay(
          params,
          history(
            pledged(DONOR_A, 3n * 10n ** 18n),
            pledged(DONOR_B, 10n ** 18n),
            status("Procurement"),
            [
              "UnspentRecorded",
              { token: zeroAddress, unspent: 4n * 10n ** 18n, netPledged: 4n * 10n ** 18n },
            ],
            ["UnspentRecorded", { token: TOKEN, unspent: 0n, netPledged: 0n }],
            ["CampaignClosed", { by: DONOR_B }],
            status("Closed"),
            // A pledged 3 of 4: it is due 3 ETH, not 3.5.
            [
              "RefundClaimed",
              { donor: DONOR_A, token: zeroAddress, to: DONOR_A, amount: 35n * 10n ** 17n },
            ],
          ),
        ),
      );
      expect(issue.what).to.match(/refund to .* \(status Closed\)/);
      expect([issue.expected, issue.found]).to.deep.equal([
        "3000000000000000000",
        "3500000000000000000",
      ]);
    });

    it("flags a status going backwards, and one repeated", function () {
      const back = only(replay(params, history(status("Procurement"), status("Funding"))));
      expect(back.what).to.equal("status moved backwards or repeated");
      expect([back.expected, back.found]).to.deep.equal(["after Procurement", "Funding"]);
      expect(back.blockNumber).to.equal(101n);
      const again = only(replay(params, history(status("Failed"), status("Failed"))));
      expect([again.expected, again.found]).to.deep.equal(["after Failed", "Failed"]);
      expect(
        replay(params, history(status("Closed"), status("Procurement"))).issues,
      ).to.have.length(1);
    });

    it("flags a payment beyond the verified share", function () {
      const ledger = replay(
        params,
        history(
          pledged(DONOR_A, 10_000n),
          status("Procurement"),
          orderCreated(0n, 1_000n, 10n),
          accepted(0n),
          confirmed(0n, V1, 5n),
          confirmed(0n, V2, 5n),
          payment(0n, 600n, 5n), // 5 of 10 units verified: 500 at most
        ),
      );
      const issue = only(ledger);
      expect(issue.what).to.equal("payment of order 0 beyond what verified deliveries allow");
      expect([issue.expected, issue.found]).to.deep.equal(["cumulative <= 500", "600"]);
      expect(issue.blockNumber).to.equal(106n);
    });

    it("flags a payment while fewer verifiers than the threshold confirmed", function () {
      const issue = only(
        replay(
          params,
          history(
            pledged(DONOR_A, 10_000n),
            status("Procurement"),
            orderCreated(0n, 1_000n, 10n),
            accepted(0n),
            confirmed(0n, V1, 10n), // one of the two needed
            payment(0n, 1_000n, 0n),
          ),
        ),
      );
      expect([issue.expected, issue.found]).to.deep.equal(["cumulative <= 0", "1000"]);
    });

    it("flags an advance above the order's advance", function () {
      const ledger = replay(
        params,
        history(
          pledged(DONOR_A, 10_000n),
          status("Procurement"),
          orderCreated(0n, 1_000n, 10n, 1_000),
          accepted(0n, 100n),
          payment(0n, 300n, 0n, true),
        ),
      );
      const issue = only(ledger);
      expect(issue.what).to.equal("payment of order 0 beyond what the advance allow");
      expect([issue.expected, issue.found]).to.deep.equal(["cumulative <= 100", "300"]);
    });

    it("flags order ids out of sequence", function () {
      const issue = only(
        replay(
          params,
          history(
            pledged(DONOR_A, 10_000n),
            status("Procurement"),
            orderCreated(0n),
            orderCreated(2n),
          ),
        ),
      );
      expect(issue.what).to.equal("order ids out of sequence");
      expect([issue.expected, issue.found]).to.deep.equal(["1", "2"]);
      const reused = only(
        replay(
          params,
          history(
            pledged(DONOR_A, 10_000n),
            status("Procurement"),
            orderCreated(0n),
            orderCreated(0n),
          ),
        ),
      );
      expect([reused.expected, reused.found]).to.deep.equal(["1", "0"]);
    });

    it("flags an order reserving more than the pool and an advance above the campaign's cap", function () {
      const ledger = replay(
        params,
        history(
          pledged(DONOR_A, 500n),
          status("Procurement"),
          orderCreated(0n, 1_000n, 10n, 3_500),
        ),
      );
      expect(ledger.issues.map((i) => [i.what, i.expected, i.found])).to.deep.equal([
        ["order 0 advance above the campaign's cap", "<= 3000 bps", "3500 bps"],
        ["order 0 reserves more than the pool holds", "<= 500", "1000"],
      ]);
    });

    it("flags events for an order never created, by a non-verifier, and confirmations that do not increase", function () {
      const ledger = replay(
        params,
        history(
          pledged(DONOR_A, 10_000n),
          status("Procurement"),
          accepted(0n),
          orderCreated(0n, 1_000n, 10n),
          accepted(0n),
          confirmed(0n, DONOR_B, 3n),
          confirmed(0n, V1, 4n),
          confirmed(0n, V1, 4n),
          confirmed(0n, V2, 11n),
        ),
      );
      expect(ledger.issues.map((i) => [i.blockNumber, i.what])).to.deep.equal([
        [102n, "event for order 0, which was never created"],
        [105n, "confirmation of order 0 by someone who is not a verifier"],
        [107n, `confirmation of order 0 by ${getAddress(V1)}`],
        [108n, `confirmation of order 0 by ${getAddress(V2)}`],
      ]);
      expect(ledger.issues[2].expected).to.equal("more than 4 and at most 10 units");
      expect(ledger.issues[3].found).to.equal("11");
    });

    it("flags a withdrawal of more than was earned and an event in a token the campaign does not accept", function () {
      const stranger = "0x0000000000000000000000000000000000000bad" as Address;
      const ledger = replay(
        params,
        history(
          ["Withdrawn", { supplier: SUPPLIER, token: zeroAddress, to: SUPPLIER, amount: 5n }],
          pledged(DONOR_A, 1n, stranger),
        ),
      );
      expect(ledger.issues.map((i) => [i.what, i.expected, i.found])).to.deep.equal([
        [`withdrawal by ${getAddress(SUPPLIER)} in ${zeroAddress}`, "0 (everything owed)", "5"],
        [
          "event in a token the campaign does not accept",
          `${zeroAddress}, ${TOKEN}`,
          getAddress(stranger),
        ],
      ]);
    });

    it("flags a pledge recorded after the campaign left Funding", function () {
      const ledger = replay(
        params,
        history(
          pledged(DONOR_A, 10n ** 18n),
          status("Procurement"),
          status("Closed"),
          pledged(DONOR_B, 10n ** 18n),
        ),
      );
      expect(ledger.issues).to.have.length(1);
      expect(ledger.issues[0].blockNumber).to.equal(103n);
    });
  });
});
