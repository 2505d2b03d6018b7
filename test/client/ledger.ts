/**
 * Ledger reconstruction and the auditor (client/ledger.ts, client/audit.ts) on a real v2 campaign
 * run in-process; then the same campaign served through a client that rewrites eth_getLogs answers
 * (dropped, duplicated, altered and forged events; range-capped providers), where the auditor must
 * name the broken rule, the promise's rules included; then `replay` on hand-made v2 logs for
 * histories the contracts cannot produce. v1 deployments: test/client/legacy.ts.
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  createPublicClient,
  custom,
  encodeEventTopics,
  getAddress,
  pad,
  parseEther,
  toHex,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { auditCampaign, PROMISE_RULES, type AuditResult, type Check } from "../../client/audit.ts";
import { campaignAbi } from "../../client/generated/abis.ts";
import {
  advanceCap,
  available,
  dueOf,
  netPledged,
  orderUsd,
  raisedUsd,
  replay,
  unbackedOf,
  usdAtPledge,
  type CampaignParams,
  type EntryKind,
  type Ledger,
  type OrderShare,
  type TokenBook,
} from "../../client/ledger.ts";
import { toCsv, toMarkdown } from "../../client/report.ts";
import { DAY, ETH, makeFixtures, USD, USDC_UNIT, WBTC_UNIT } from "../helpers/fixtures.js";
import { decodeEvent, encodeEvent, handMadeLogs, type HandMade } from "./history.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const fixtures = makeFixtures(connection);

const E = (ether: string) => parseEther(ether);
const lower = (a: string) => a.toLowerCase() as Address;
const topic0 = (eventName: string) =>
  encodeEventTopics({ abi: campaignAbi, eventName } as never)[0] as Hex;

type Symbol = "ETH" | "USDC" | "WBTC";
const SYMBOLS: Symbol[] = ["ETH", "USDC", "WBTC"];

/**
 * What each order reserves in each token: `mulDiv(net pledged, amountUsd, $19,500 raised)`. Net
 * pledged: 3.5 ETH, 6,000 USDC, 0.05 WBTC; nothing in USDT, so no order reserves any.
 */
const SHARES: Record<number, Record<Symbol, bigint>> = {
  // $6,500: a third, rounded down (3.5 ETH / 3 = 1.1666…, 5,000,000 sat / 3 = 1,666,666.6…).
  0: { ETH: 1_166_666_666_666_666_666n, USDC: 2_000n * USDC_UNIT, WBTC: 1_666_666n },
  // $3,900: a fifth.
  1: { ETH: E("0.7"), USDC: 1_200n * USDC_UNIT, WBTC: 1_000_000n },
  // $1,950: a tenth.
  2: { ETH: E("0.35"), USDC: 600n * USDC_UNIT, WBTC: 500_000n },
  3: { ETH: E("0.35"), USDC: 600n * USDC_UNIT, WBTC: 500_000n },
};

/**
 * The whole life of one campaign (the default fixture campaign: ETH/USDC/USDT/WBTC at $3,000,
 * $1, $1, $60,000; verifiers v1-v3, 2 of 3; 30% advance cap; $10,000 goal):
 *
 * - donors[0] pledges 2 ETH then 1 ETH; donors[1] 5,000 USDC; donors[2] 1 ETH (cancelled while
 *   funding is open); donors[3] 1,000 USDC; donors[5] 0.05 WBTC; donors[4] 0.5 ETH.
 *   Raised: 3.5 ETH ($10,500) + 6,000 USDC + 0.05 WBTC ($3,000) = $19,500.
 * - the deadline passes; the organizer orders (amounts in USD, every token in the same proportion,
 *   see SHARES): #0 1,000 units for $6,500 from `supplier`, 20% advance; #1 500 units for $3,900
 *   from `supplier2`, no advance; #2 100 units for $1,950 from `supplier`, 10% advance (late,
 *   cancelled); #3 100 units for $1,950 from `supplier2`, 30% advance.
 * - #0 accepted (advance 233,333,333,333,333,333 wei, 400 USDC, 333,333 sat), withdrawn at once;
 *   shipped. #1, #2 and #3 accepted. Unbacked advances peak at #3's acceptance.
 * - the vetter suspends supplier2; the organizer cancels #3 at once: its advance is reclaimed (the
 *   supplier had not withdrawn since), its reservation returned; supplier2 reinstated.
 * - #0: v1 and v2 confirm 400 units (40% due, less the advance); v1 and v3 sign 1,000 units and a
 *   relayer submits them (the rest; complete). #1: v2 confirms 500, v3 250 (half), v3 500 (complete).
 *   #2: only v1 confirms (30 units): nothing is verified. v2 cancels its outstanding signatures.
 * - 18 days later #2 is past its deliver-by date and grace: cancelled, its advance kept by the
 *   supplier, the rest returned. The organizer closes: a fraction 45.67% of every pool is unspent.
 * - refunds: donors[0] 1.37 ETH, donors[1] 2,283.333333 USDC, donors[3] 456.666666 USDC, donors[5]
 *   0.02283334 WBTC; donors[4] leaves its share unclaimed. Both suppliers withdraw every token.
 */
async function lifecycleFixture() {
  const f = await fixtures.campaignFixture();
  const { campaign, donors, usdc, wbtc, organizer, registry, vetter } = f;
  const { supplier, supplier2, v1, v2, v3, relayer } = f;
  const address = lower(await campaign.getAddress());
  const tokens = {
    ETH: zeroAddress as Address,
    USDC: lower(await usdc.getAddress()),
    USDT: lower(await f.usdt.getAddress()),
    WBTC: lower(await wbtc.getAddress()),
  };
  const creationBlock = BigInt(await ethers.provider.getBlockNumber());
  const mined = async (tx: Promise<{ wait(): Promise<unknown> }>) => {
    const receipt = (await (await tx).wait()) as { blockNumber: number; hash: string };
    return { blockNumber: BigInt(receipt.blockNumber), hash: receipt.hash as Hex };
  };

  await campaign.connect(donors[0]).pledgeETH({ value: E("2") });
  await f.fund(usdc, donors[1], campaign, 5_000n * USDC_UNIT);
  await campaign.connect(donors[1]).pledge(tokens.USDC, 5_000n * USDC_UNIT);
  await campaign.connect(donors[2]).pledgeETH({ value: E("1") });
  await f.fund(usdc, donors[3], campaign, 1_000n * USDC_UNIT);
  await campaign.connect(donors[3]).pledge(tokens.USDC, 1_000n * USDC_UNIT);
  await f.fund(wbtc, donors[5], campaign, WBTC_UNIT / 20n);
  await campaign.connect(donors[5]).pledge(tokens.WBTC, WBTC_UNIT / 20n);
  await campaign.connect(donors[0]).pledgeETH({ value: E("1") });
  await campaign.connect(donors[4]).pledgeETH({ value: E("0.5") });
  await campaign.connect(donors[2]).cancelPledge(ETH);

  await time.increase(15n * DAY);
  const now = BigInt(await time.latest());
  const order = (to: string, usd: bigint, units: bigint, days: bigint, bps: bigint, po: string) =>
    campaign
      .connect(organizer)
      .createOrder(to, usd * USD, units, now + days * DAY, bps, ethers.id(po));
  const order0 = await mined(order(supplier.address, 6_500n, 1_000n, 30n, 2_000n, "PO-1"));
  await order(supplier2.address, 3_900n, 500n, 20n, 0n, "PO-2");
  await order(supplier.address, 1_950n, 100n, 10n, 1_000n, "PO-3");
  await order(supplier2.address, 1_950n, 100n, 20n, 3_000n, "PO-4");

  await campaign.connect(supplier).acceptOrder(0n);
  const advanceWithdrawal = await mined(campaign.connect(supplier).withdraw());
  await campaign.connect(supplier).markShipped(0n, "ipfs://bill-of-lading/PO-1");
  await campaign.connect(supplier2).acceptOrder(1n);
  await campaign.connect(supplier).acceptOrder(2n);
  const accept3 = await mined(campaign.connect(supplier2).acceptOrder(3n));
  await registry.connect(vetter).suspendSupplier(supplier2.address, "licence lapsed");
  await campaign.connect(organizer).cancelOrder(3n);
  await registry.connect(vetter).reinstateSupplier(supplier2.address);

  const grn1 = ethers.id("GRN-1: 400 units");
  await campaign.connect(v1).confirmDelivery(0n, 400n, grn1);
  await campaign.connect(v2).confirmDelivery(0n, 400n, grn1);
  const grn2 = ethers.id("GRN-2: 1,000 units");
  const signed = [
    await f.signConfirmation(v1, campaign, 0n, 1_000n, grn2),
    await f.signConfirmation(v3, campaign, 0n, 1_000n, grn2),
  ];
  await campaign.connect(relayer).confirmDeliveryBySig(0n, 1_000n, grn2, signed);
  const grn3 = ethers.id("GRN-3: order 1");
  await campaign.connect(v2).confirmDelivery(1n, 500n, grn3);
  await campaign.connect(v3).confirmDelivery(1n, 250n, grn3);
  await campaign.connect(v3).confirmDelivery(1n, 500n, grn3);
  await campaign.connect(v1).confirmDelivery(2n, 30n, ethers.id("GRN-4: 30 units"));
  await campaign.connect(v2).cancelSignatures();

  await time.increase(18n * DAY); // order 2's deliver-by (10 days) plus the 7-day grace
  const midBlock = BigInt(await ethers.provider.getBlockNumber());
  await campaign.connect(organizer).cancelOrder(2n);
  await campaign.connect(organizer).close();

  await campaign.connect(donors[0]).claimRefund(ETH);
  await campaign.connect(donors[1]).claimRefund(tokens.USDC);
  await campaign.connect(donors[3]).claimRefund(tokens.USDC);
  await campaign.connect(donors[5]).claimRefund(tokens.WBTC);
  await campaign.connect(supplier).withdraw();
  await campaign.connect(supplier2).withdraw();

  return {
    ...f,
    address,
    tokens,
    creationBlock,
    order0Block: order0.blockNumber,
    advanceWithdrawalBlock: advanceWithdrawal.blockNumber,
    accept3,
    midBlock,
  };
}
type Lifecycle = Awaited<ReturnType<typeof lifecycleFixture>>;

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
 * A new viem public client over the in-process chain (no cache: viem would otherwise remember the
 * block number across snapshots) whose eth_getLogs answers go through `transform`, and which
 * refuses ranges wider than `maxRange` blocks the way some providers do. No retries, so each
 * eth_getLogs request the auditor makes reaches this function once.
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
    cacheTime: 0,
    transport: custom({ request } as never, { retryCount: 0 }),
  }) as PublicClient;
  return { client, stats };
}

/** A transform that touches only the campaign's own logs. */
const campaignLogs =
  (campaign: Address, edit: (logs: RawLog[]) => RawLog[]) => (logs: RawLog[], filter: Filter) =>
    filter.address && lower(filter.address) === campaign ? edit(logs) : logs;

const describeChecks = (checks: Check[]) =>
  checks
    .map((d) => `${d.rule} [${d.scope}] ${d.expected} / ${d.found} ${d.detail ?? ""}`)
    .join("\n");

/** The failed check of `rule` for `scope` (fails the test when there is none). */
function find(result: AuditResult, rule: string, scope: string | RegExp): Check {
  const match = result.discrepancies.find(
    (c) => c.rule === rule && (typeof scope === "string" ? c.scope === scope : scope.test(c.scope)),
  );
  expect(
    match,
    `no ${rule} discrepancy for ${scope}; got:\n${describeChecks(result.discrepancies)}`,
  ).to.not.equal(undefined);
  return match!;
}

/** The check (passed or not) of `rule` for `scope`. */
function checkOf(result: AuditResult, rule: string, scope: string): Check {
  const match = result.checks.find((c) => c.rule === rule && c.scope === scope);
  expect(match, `no ${rule} check for ${scope}`).to.not.equal(undefined);
  return match!;
}

function findIssue(result: AuditResult, detail: RegExp): Check {
  const match = result.discrepancies.find(
    (c) => c.rule === "event-history" && detail.test(c.detail ?? ""),
  );
  expect(
    match,
    `no event-history discrepancy matching ${detail}; got:\n${describeChecks(result.discrepancies)}`,
  ).to.not.equal(undefined);
  return match!;
}

const scopeOf = (at: { blockNumber: bigint; hash: Hex }) => `block ${at.blockNumber} tx ${at.hash}`;

describe("ledger reconstruction and audit", function () {
  describe("a real v2 campaign, run in-process", function () {
    let f: Lifecycle;
    let result: AuditResult;
    let logCalls: number;

    before(async function () {
      f = await networkHelpers.loadFixture(lifecycleFixture);
      const { client, stats } = auditClient();
      result = await auditCampaign(client, f.address);
      logCalls = stats.getLogs;
    });

    it("reconciles: every check holds, the promise's included, and nothing is warned about", function () {
      expect(result.discrepancies, describeChecks(result.discrepancies)).to.deep.equal([]);
      expect(result.warnings).to.deep.equal([]);
      expect(result.ledger.issues).to.deep.equal([]);
      expect(result.version).to.equal(2);
      expect(result.ledger.version).to.equal(2);
      expect(result.checks).to.have.length(152);
      // Every rule of the promise was checked at least once.
      for (const rule of Object.keys(PROMISE_RULES)) {
        expect(result.checks.filter((c) => c.rule === rule).length, rule).to.be.greaterThan(0);
      }
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
      expect(result.ledger.closed?.by).to.equal(lower(f.organizer.address));
      expect(result.raisedUsd).to.equal(19_500n * USD);
      expect(raisedUsd(result.ledger)).to.equal(19_500n * USD);
      expect(result.tokens.map((t) => [t.symbol, t.decimals])).to.deep.equal([
        ["ETH", 18],
        ["USDC", 6],
        ["USDT", 6],
        ["WBTC", 8],
      ]);
    });

    it("reconstructs each token's books to the base unit, equal to ledger(token) and the balances", async function () {
      const zero = {
        pledged: 0n,
        cancelled: 0n,
        refunded: 0n,
        reserved: 0n,
        earned: 0n,
        withdrawn: 0n,
        pledgedUsd: 0n,
        unspentAtClose: 0n,
        unbacked: 0n,
      };
      type Row = typeof zero & {
        netPledgedAtClose: bigint;
        advances: bigint;
        reclaimed: bigint;
        unbackedPeak: bigint;
        available: bigint;
        balance: bigint;
        advanceCap: bigint;
      };
      const expected: Record<keyof typeof f.tokens, Row> = {
        ETH: {
          pledged: E("4.5"),
          cancelled: E("1"),
          refunded: E("1.37"), // floor(unspent × 3 / 3.5) to donors[0]
          reserved: 0n,
          // #0 in full, #1 in full, #2's advance; #3's advance was reclaimed.
          earned: 1_166_666_666_666_666_666n + E("0.7") + E("0.035"),
          withdrawn: 1_901_666_666_666_666_666n,
          pledgedUsd: 10_500n * USD,
          unspentAtClose: 1_598_333_333_333_333_334n, // 3.5 − 1.901666…666
          unbacked: E("0.035"), // #2's advance: its order was cancelled, the advance stays counted
          netPledgedAtClose: E("3.5"),
          advances: 233_333_333_333_333_333n + E("0.035") + E("0.105"),
          reclaimed: E("0.105"),
          unbackedPeak: 373_333_333_333_333_333n, // the three advances, at #3's acceptance
          available: 228_333_333_333_333_334n, // donors[4]'s unclaimed 228,333,333,333,333,333 + 1 wei
          balance: 228_333_333_333_333_334n,
          advanceCap: 1_050_000_000_000_000_000n, // 30% of 3.5 ETH
        },
        USDC: {
          pledged: 6_000n * USDC_UNIT,
          cancelled: 0n,
          refunded: 2_283_333_333n + 456_666_666n, // 2,740 × 5/6 and × 1/6, rounded down
          reserved: 0n,
          earned: 3_260n * USDC_UNIT, // 2,000 + 1,200 + 60
          withdrawn: 3_260n * USDC_UNIT,
          pledgedUsd: 6_000n * USD,
          unspentAtClose: 2_740n * USDC_UNIT,
          unbacked: 60n * USDC_UNIT,
          netPledgedAtClose: 6_000n * USDC_UNIT,
          advances: 640n * USDC_UNIT, // 400 + 60 + 180
          reclaimed: 180n * USDC_UNIT,
          unbackedPeak: 640n * USDC_UNIT,
          available: 1n, // rounding dust stays in the campaign
          balance: 1n,
          advanceCap: 1_800n * USDC_UNIT,
        },
        USDT: {
          ...zero,
          netPledgedAtClose: 0n,
          advances: 0n,
          reclaimed: 0n,
          unbackedPeak: 0n,
          available: 0n,
          balance: 0n,
          advanceCap: 0n,
        },
        WBTC: {
          pledged: 5_000_000n,
          cancelled: 0n,
          refunded: 2_283_334n, // donors[5], the only WBTC donor, takes the whole unspent
          reserved: 0n,
          earned: 1_666_666n + 1_000_000n + 50_000n,
          withdrawn: 2_716_666n,
          pledgedUsd: 3_000n * USD,
          unspentAtClose: 2_283_334n,
          unbacked: 50_000n,
          netPledgedAtClose: 5_000_000n,
          advances: 333_333n + 50_000n + 150_000n,
          reclaimed: 150_000n,
          unbackedPeak: 533_333n,
          available: 0n,
          balance: 0n,
          advanceCap: 1_500_000n,
        },
      };
      expect(Object.keys(result.ledger.tokens)).to.deep.equal(Object.values(f.tokens));
      for (const [symbol, want] of Object.entries(expected) as [keyof typeof f.tokens, Row][]) {
        const token = f.tokens[symbol];
        const book = result.ledger.tokens[token];
        const view = await f.campaign.ledger(token);
        for (const field of Object.keys(zero) as (keyof typeof zero)[]) {
          expect(book[field], `${symbol} ${field} (events)`).to.equal(want[field]);
          expect(view[field], `${symbol} ${field} (view)`).to.equal(want[field]);
          if (field !== "unbacked")
            expect(result.onChain[token].ledger[field], `${symbol} ${field}`).to.equal(want[field]);
        }
        for (const field of ["netPledgedAtClose", "advances", "reclaimed", "unbackedPeak"] as const)
          expect(book[field], `${symbol} ${field}`).to.equal(want[field]);
        expect(available(book)).to.equal(want.available);
        expect(view.available).to.equal(want.available);
        expect(result.onChain[token].balance).to.equal(want.balance);
        expect(advanceCap(book, result.params.maxAdvanceBps)).to.equal(want.advanceCap);
        expect(view.advanceCap).to.equal(want.advanceCap);
      }
      // What arrived at the suppliers and donors, read from the tokens themselves.
      expect(await f.usdc.balanceOf(f.supplier.address)).to.equal(2_060n * USDC_UNIT);
      expect(await f.wbtc.balanceOf(f.supplier.address)).to.equal(333_333n + 1_383_333n);
      expect(await f.usdc.balanceOf(f.supplier2.address)).to.equal(1_200n * USDC_UNIT);
      expect(await f.wbtc.balanceOf(f.supplier2.address)).to.equal(1_000_000n);
      expect(await f.usdc.balanceOf(f.donors[1].address)).to.equal(2_283_333_333n);
      expect(await f.wbtc.balanceOf(f.donors[5].address)).to.equal(2_283_334n);
    });

    it("reconstructs the orders: USD amounts, the same fraction of every token, paid, advances, returns", async function () {
      const orders = result.ledger.orders;
      expect(
        orders.map((o) => [o.id, o.version, o.status, o.amountUsd, o.unitsVerified, o.unitsPaid]),
      ).to.deep.equal([
        [0n, 2, "Completed", 6_500n * USD, 1_000n, 1_000n],
        [1n, 2, "Completed", 3_900n * USD, 500n, 500n],
        [2n, 2, "Cancelled", 1_950n * USD, 0n, 0n],
        [3n, 2, "Cancelled", 1_950n * USD, 0n, 0n],
      ]);
      const share = (
        amount: bigint,
        paid: bigint,
        advance = 0n,
        reclaimed = 0n,
        returned = 0n,
      ): OrderShare => ({ amount, paid, advance, reclaimed, returned });
      const want: Record<number, Record<Symbol, OrderShare>> = {
        0: {
          ETH: share(SHARES[0].ETH, SHARES[0].ETH, 233_333_333_333_333_333n),
          USDC: share(SHARES[0].USDC, SHARES[0].USDC, 400n * USDC_UNIT),
          WBTC: share(SHARES[0].WBTC, SHARES[0].WBTC, 333_333n),
        },
        1: {
          ETH: share(SHARES[1].ETH, SHARES[1].ETH),
          USDC: share(SHARES[1].USDC, SHARES[1].USDC),
          WBTC: share(SHARES[1].WBTC, SHARES[1].WBTC),
        },
        // Cancelled by the organizer after its date: the supplier keeps its advance.
        2: {
          ETH: share(E("0.35"), E("0.035"), E("0.035"), 0n, E("0.315")),
          USDC: share(600n * USDC_UNIT, 60n * USDC_UNIT, 60n * USDC_UNIT, 0n, 540n * USDC_UNIT),
          WBTC: share(500_000n, 50_000n, 50_000n, 0n, 450_000n),
        },
        // Cancelled while its supplier was suspended and had not withdrawn: the advance came back.
        3: {
          ETH: share(E("0.35"), 0n, E("0.105"), E("0.105"), E("0.245")),
          USDC: share(600n * USDC_UNIT, 0n, 180n * USDC_UNIT, 180n * USDC_UNIT, 420n * USDC_UNIT),
          WBTC: share(500_000n, 0n, 150_000n, 150_000n, 350_000n),
        },
      };
      const symbolTokens = SYMBOLS.map((s) => f.tokens[s]);
      for (const o of orders) {
        // USDT has no pledges: no order reserved any.
        expect(o.tokens, `order ${o.id} tokens`).to.deep.equal(symbolTokens);
        for (const symbol of SYMBOLS) {
          const token = f.tokens[symbol];
          expect(o.shares[token], `order ${o.id} ${symbol}`).to.deep.equal(
            want[Number(o.id)][symbol],
          );
          const [amount, paid, advance] = await f.campaign.orderShare(o.id, token);
          expect([amount, paid, advance], `order ${o.id} ${symbol} view`).to.deep.equal([
            o.shares[token].amount,
            o.shares[token].paid,
            o.shares[token].advance,
          ]);
        }
        const view = await f.campaign.order(o.id);
        expect([o.supplier, o.amountUsd, o.units, o.unitsVerified, o.unitsPaid]).to.deep.equal([
          lower(view.supplier),
          view.amountUsd,
          view.units,
          view.unitsVerified,
          view.unitsPaid,
        ]);
        expect(o.termsHash).to.equal(view.termsHash);
        expect(BigInt(o.advanceBps)).to.equal(view.advanceBps);
        expect(orderUsd(result.ledger, o)).to.equal(o.amountUsd);
      }
      const [e, u, w] = symbolTokens;
      expect(
        orders[0].payments.map((p) => [p.token, p.amount, p.unitsVerified, p.advance]),
      ).to.deep.equal([
        [e, 233_333_333_333_333_333n, 0n, true],
        [u, 400n * USDC_UNIT, 0n, true],
        [w, 333_333n, 0n, true],
        // 400 of 1,000 verified: 40% of each share (rounded down) less the advance.
        [e, 466_666_666_666_666_666n - 233_333_333_333_333_333n, 400n, false],
        [u, 800n * USDC_UNIT - 400n * USDC_UNIT, 400n, false],
        [w, 666_666n - 333_333n, 400n, false],
        [e, SHARES[0].ETH - 466_666_666_666_666_666n, 1_000n, false],
        [u, 1_200n * USDC_UNIT, 1_000n, false],
        [w, 1_000_000n, 1_000n, false],
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
      expect(orders[1].payments.map((p) => [p.token, p.amount, p.unitsVerified])).to.deep.equal([
        [e, E("0.35"), 250n],
        [u, 600n * USDC_UNIT, 250n],
        [w, 500_000n, 250n],
        [e, E("0.35"), 500n],
        [u, 600n * USDC_UNIT, 500n],
        [w, 500_000n, 500n],
      ]);
      // One verifier's 30 units verify nothing at a threshold of 2.
      expect(orders[2].confirmedBy).to.deep.equal({ [lower(f.v1.address)]: 30n });
      expect(orders[2].cancelled?.by).to.equal(lower(f.organizer.address));
      expect(orders[3].cancelled?.by).to.equal(lower(f.organizer.address));
      expect(orders[3].accepted?.transactionHash).to.equal(f.accept3.hash);
      for (const o of orders) {
        for (const token of o.tokens) {
          expect(dueOf(o, token) <= o.shares[token].paid, `order ${o.id} ${token} due`).to.equal(
            true,
          );
        }
      }
      // Everything earned was withdrawn.
      expect(Object.keys(result.ledger.owed)).to.deep.equal([
        lower(f.supplier.address),
        lower(f.supplier2.address),
      ]);
      for (const byToken of Object.values(result.ledger.owed))
        expect(Object.values(byToken)).to.deep.equal([0n, 0n, 0n]);
    });

    it("tracks unbacked payouts per token: the peak at #3's acceptance, what cancelled #2 still holds", async function () {
      const [o0, , o2, o3] = result.ledger.orders;
      for (const symbol of SYMBOLS) {
        const book = result.ledger.tokens[f.tokens[symbol]];
        // The peak's source is #3's advance in this token: OrderAccepted is log 0, then ETH, USDC, WBTC.
        expect(book.unbackedPeakAt?.blockNumber, symbol).to.equal(f.accept3.blockNumber);
        expect(book.unbackedPeakAt?.transactionHash, symbol).to.equal(f.accept3.hash);
        expect(book.unbackedPeakAt?.logIndex, symbol).to.equal(1 + SYMBOLS.indexOf(symbol));
        expect(book.unbacked).to.equal(unbackedOf(o2, f.tokens[symbol]));
        expect(unbackedOf(o0, f.tokens[symbol])).to.equal(0n);
        expect(unbackedOf(o3, f.tokens[symbol])).to.equal(0n);
      }
      expect(unbackedOf(o2, zeroAddress)).to.equal(E("0.035"));
      expect(dueOf(o0, zeroAddress)).to.equal(SHARES[0].ETH);
      const check = checkOf(result, "promise-unverified-within-cap", "ETH");
      expect(check.expected).to.equal(`<= ${E("1.05")} (30% of ${E("3.5")} net pledged)`);
      expect(check.found).to.equal(
        `373333333333333333 at the most (block ${f.accept3.blockNumber}, tx ${f.accept3.hash}), ${E("0.035")} now`,
      );
      // USD at pledge time: 1 ETH of this campaign's pledges was worth $3,000; 1 WBTC $60,000.
      expect(usdAtPledge(result.ledger.tokens[zeroAddress], E("1"))).to.equal(3_000n * USD);
      expect(usdAtPledge(result.ledger.tokens[f.tokens.WBTC], WBTC_UNIT)).to.equal(60_000n * USD);
      expect(netPledged(result.ledger.tokens[f.tokens.USDC])).to.equal(6_000n * USDC_UNIT);
    });

    it("reconstructs donors' standing pledges and refunds", function () {
      const d = (i: number, token: Address) =>
        result.ledger.donors[lower(f.donors[i].address)][token];
      expect(Object.keys(result.ledger.donors)).to.have.length(6);
      expect(d(0, zeroAddress)).to.deep.equal({
        pledged: E("3"),
        pledgedUsd: 9_000n * USD,
        cancelled: 0n,
        refunded: E("1.37"),
        active: 0n,
        activeUsd: 0n,
        pledges: 2,
      });
      expect(d(2, zeroAddress)).to.deep.include({ pledged: E("1"), cancelled: E("1"), active: 0n });
      expect(d(4, zeroAddress)).to.deep.include({
        pledged: E("0.5"),
        active: E("0.5"),
        activeUsd: 1_500n * USD,
        refunded: 0n,
      });
      expect(d(1, f.tokens.USDC)).to.deep.include({
        pledged: 5_000n * USDC_UNIT,
        refunded: 2_283_333_333n,
      });
      expect(d(3, f.tokens.USDC)).to.deep.include({
        pledged: 1_000n * USDC_UNIT,
        refunded: 456_666_666n,
      });
      expect(d(5, f.tokens.WBTC)).to.deep.include({
        pledged: 5_000_000n,
        pledgedUsd: 3_000n * USD,
        refunded: 2_283_334n,
      });
      // Every donor got back the same fraction (45.67%) of what it pledged, within a base unit.
      const ratio = (refund: bigint, pledged: bigint) => Number((refund * 10n ** 6n) / pledged);
      expect(ratio(E("1.37"), E("3"))).to.equal(456_666);
      expect(ratio(2_283_333_333n, 5_000n * USDC_UNIT)).to.equal(456_666);
      expect(ratio(456_666_666n, 1_000n * USDC_UNIT)).to.equal(456_666);
      expect(ratio(2_283_334n, 5_000_000n)).to.equal(456_666);
    });

    it("lists withdrawals per token as one Withdrawn per token owed, and each verifier's nonce", async function () {
      const withdrawals = result.ledger.entries
        .filter((e) => e.kind === "withdrawal")
        .map((e) => [e.account, e.token, e.amount]);
      const s1 = lower(f.supplier.address);
      const s2 = lower(f.supplier2.address);
      const { ETH: e, USDC: u, WBTC: w } = f.tokens;
      expect(withdrawals).to.deep.equal([
        // The advance of #0, at once.
        [s1, e, 233_333_333_333_333_333n],
        [s1, u, 400n * USDC_UNIT],
        [s1, w, 333_333n],
        // The rest of #0 and #2's advance.
        [s1, e, SHARES[0].ETH - 233_333_333_333_333_333n + E("0.035")],
        [s1, u, 1_660n * USDC_UNIT],
        [s1, w, 1_666_666n - 333_333n + 50_000n],
        [s2, e, E("0.7")],
        [s2, u, 1_200n * USDC_UNIT],
        [s2, w, 1_000_000n],
      ]);
      for (const v of [f.v1, f.v2, f.v3]) {
        expect(result.ledger.nonces[lower(v.address)], v.address).to.equal(
          await f.campaign.nonces(v.address),
        );
      }
      expect(Object.values(result.ledger.nonces)).to.deep.equal([3n, 3n, 3n]);
    });

    it("lists every event as a ledger entry, counted by kind, in chain order", function () {
      const counts: Partial<Record<EntryKind, number>> = {};
      for (const e of result.ledger.entries) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
      expect(counts).to.deep.equal({
        pledge: 7,
        cancel: 1,
        status: 2, // Procurement (synced by the first order), Closed
        order: 4,
        reserve: 12, // 4 orders × ETH, USDC, WBTC
        accept: 4,
        advance: 9, // #0, #2, #3 × 3 tokens
        withdrawal: 9,
        shipment: 1,
        returned: 6, // #3 and #2 × 3 tokens
        reclaimed: 3,
        "order-cancelled": 2,
        nonce: 9, // 8 confirmations and one cancelSignatures
        confirmation: 8,
        payment: 12,
        "order-completed": 2,
        unspent: 4,
        closed: 1,
        refund: 4,
      });
      expect(result.ledger.entries).to.have.length(100);
      // Plus Initialized, which books nothing.
      expect(result.ledger.eventCount).to.equal(101);
      const entries = result.ledger.entries;
      for (let i = 1; i < entries.length; i++) {
        const [a, b] = [entries[i - 1], entries[i]];
        expect(
          a.blockNumber < b.blockNumber ||
            (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex),
        ).to.equal(true);
      }
      // The CSV has a row per entry.
      expect(toCsv(result).trimEnd().split("\n")).to.have.length(101);
    });

    it("checks the promise: each rule holds, with what it found", function () {
      expect(checkOf(result, "promise-equal-refund-fraction", "unspent at close").found).to.equal(
        "ETH 45.67%, USDC 45.67%, WBTC 45.67%",
      );
      expect(checkOf(result, "promise-verified-units-paid", "4 settled orders").found).to.equal(
        "0 orders short",
      );
      // 4 acceptances and 9 Withdrawn events (3 withdraw() calls × 3 tokens).
      expect(
        checkOf(result, "promise-vetted-supplier", "13 acceptances and withdrawals").found,
      ).to.equal("0 not vetted");
      expect(checkOf(result, "promise-independent-verifier", "threshold").expected).to.equal(
        ">= 2 (the registry's minimum at creation)",
      );
      expect(
        checkOf(result, "promise-independent-verifier", "registered verifiers"),
      ).to.deep.include({
        ok: true,
        expected: `every one of the 3 verifiers an active registered verifier at creation (block ${f.creationBlock})`,
        found: "all registered and active",
      });
      for (const [v, count] of [
        [f.v1, 3],
        [f.v2, 2],
        [f.v3, 3],
      ] as const) {
        expect(checkOf(result, "promise-independent-verifier", lower(v.address)).expected).to.equal(
          `a registered, active verifier, neither organizer nor supplier, at each of its ${count} confirmations`,
        );
      }
      expect(checkOf(result, "promise-bounded-windows", "procurement window")).to.deep.include({
        ok: true,
        expected: "<= 365 days (the registry's limit at creation)",
        found: "106 days",
      });
      const md = toMarkdown(result);
      expect(md).to.include("**Everything reconciles, and the promise holds.**");
      expect(md.indexOf("## The promise")).to.be.lessThan(md.indexOf("## Money per token"));
      for (const [rule, text] of Object.entries(PROMISE_RULES)) {
        const count = result.checks.filter((c) => c.rule === rule).length;
        expect(md).to.include(`| ✔ | ${text} | ${count} | 0 |`);
      }
    });

    it("fetches logs in 9 eth_getLogs calls: CampaignCreated (confirming the creation block), the campaign, Transfers out and in for 3 ERC-20s, the audited block by its hash", function () {
      expect(logCalls).to.equal(9);
      expect(result.rpc.logCalls).to.equal(9);
    });

    it("gives the same result through a provider that refuses ranges wider than 3 blocks, with more calls", async function () {
      await networkHelpers.loadFixture(lifecycleFixture);
      const { client, stats } = auditClient({ maxRange: 3n });
      const limited = await auditCampaign(client, f.address);
      expect(limited.discrepancies).to.deep.equal([]);
      expect(limited.ledger.entries).to.deep.equal(result.ledger.entries);
      expect(limited.checks).to.deep.equal(result.checks);
      expect(stats.refused).to.be.greaterThan(0);
      expect(limited.rpc.logCalls).to.equal(stats.getLogs);
      expect(limited.rpc.logCalls).to.be.greaterThan(result.rpc.logCalls);
      // At least one successful call per 3 blocks scanned by the campaign-log pass alone.
      const blocks = Number(limited.toBlock - limited.creationBlock + 1n);
      expect(limited.rpc.logCalls).to.be.greaterThan(Math.ceil(blocks / 3));
    });

    it("audits the campaign as it stood at an earlier block: in procurement, the same share of every pool spent", async function () {
      await networkHelpers.loadFixture(lifecycleFixture);
      const mid = await auditCampaign(auditClient().client, f.address, { toBlock: f.midBlock });
      expect(mid.discrepancies, describeChecks(mid.discrepancies)).to.deep.equal([]);
      expect([mid.toBlock, mid.status, mid.ledger.status]).to.deep.equal([
        f.midBlock,
        "Procurement",
        "Procurement",
      ]);
      expect(mid.ledger.orders.map((o) => o.status)).to.deep.equal([
        "Completed",
        "Completed",
        "Accepted",
        "Cancelled",
      ]);
      // Reserved and earned: #0 and #1 in full, #2's reservation (its advance paid): 63.33% of each pool.
      const book = mid.ledger.tokens[zeroAddress];
      expect([book.reserved, book.earned]).to.deep.equal([
        E("0.315"),
        SHARES[0].ETH + E("0.7") + E("0.035"),
      ]);
      expect(checkOf(mid, "promise-equal-refund-fraction", "spent so far").found).to.equal(
        "ETH 63.33%, USDC 63.33%, WBTC 63.33%",
      );
      expect(checkOf(mid, "promise-verified-units-paid", "3 settled orders").ok).to.equal(true);
    });

    it("judges windows by the registry's limits at creation, not by limits tightened since", async function () {
      await networkHelpers.loadFixture(lifecycleFixture);
      await f.registry.connect(f.admin).setLimits({
        maxFundingWindow: 7n * DAY,
        maxProcurementWindow: 30n * DAY,
        maxAdvanceBps: 1_000n,
        minThreshold: 3n,
      });
      const later = await auditCampaign(auditClient().client, f.address);
      expect(later.discrepancies, describeChecks(later.discrepancies)).to.deep.equal([]);
      const created = await ethers.provider.getBlock(Number(f.creationBlock));
      const { deadline } = await f.campaign.params();
      expect(checkOf(later, "promise-bounded-windows", "funding window")).to.deep.include({
        ok: true,
        expected: "<= 90 days (the registry's limit at creation)",
        found: `${(Number(deadline - BigInt(created!.timestamp)) / 86_400).toLocaleString("en-US", { maximumFractionDigits: 2 })} days`,
      });
      expect(checkOf(later, "promise-independent-verifier", "threshold")).to.deep.include({
        ok: true,
        expected: ">= 2 (the registry's minimum at creation)",
      });
    });
  });

  describe("tampered or incomplete histories", function () {
    let f: Lifecycle;
    beforeEach(async function () {
      f = await networkHelpers.loadFixture(lifecycleFixture);
    });

    const auditWith = (edit: (logs: RawLog[]) => RawLog[], toBlock?: bigint) =>
      auditCampaign(auditClient({ transform: campaignLogs(f.address, edit) }).client, f.address, {
        toBlock,
      });

    const isEvent = (log: RawLog, name: string) => log.topics[0] === topic0(name);
    const topicAddress = (log: RawLog, i: number) => lower(`0x${log.topics[i].slice(26)}`);
    const argsOf = (log: RawLog) => decodeEvent(campaignAbi, log).args;
    /** `log` with some of its arguments changed. */
    const rewrite = (log: RawLog, changes: Record<string, unknown>): RawLog => {
      const { eventName, args } = decodeEvent(campaignAbi, log);
      return { ...log, ...encodeEvent(campaignAbi, eventName, { ...args, ...changes }) };
    };
    /** A forged copy of `log` with other arguments, logged after it in the same transaction. */
    const forge = (log: RawLog, changes: Record<string, unknown>): RawLog => ({
      ...rewrite(log, changes),
      logIndex: toHex(Number(log.logIndex) + 50),
    });

    it("a dropped Pledged log: pledged, USD, reservations and refunds no longer reconcile, each itemised", async function () {
      const donor3 = lower(f.donors[3].address);
      const result = await auditWith((logs) =>
        logs.filter((l) => !(isEvent(l, "Pledged") && topicAddress(l, 1) === donor3)),
      );
      const pledged = find(result, "events-match-views", "USDC pledged");
      expect([pledged.ok, pledged.expected, pledged.found]).to.deep.equal([
        false,
        "5000000000 (from events)",
        "6000000000 (ledger view)",
      ]);
      expect(find(result, "events-match-views", "USDC pledgedUsd").found).to.equal(
        `${6_000n * USD} (ledger view)`,
      );
      expect(find(result, "events-match-views", "raised USD").expected).to.equal(
        `${18_500n * USD} (from events)`,
      );
      // Every reservation now looks like another fraction than $6,500 / $18,500 of the pools.
      const reserved = findIssue(
        result,
        new RegExp(`^order 0 reserves another share of ${getAddress(f.tokens.USDC)}`),
      );
      expect([reserved.expected, reserved.found]).to.deep.equal([
        `1756756756 (net pledged × ${6_500n * USD} / ${18_500n * USD})`,
        "2000000000",
      ]);
      // donors[3]'s refund has no pledge behind it any more.
      const refund = findIssue(result, new RegExp(`refund to ${getAddress(donor3)}`));
      expect([refund.expected, refund.found]).to.deep.equal(["0", "456666666"]);
      expect(refund.scope).to.match(/^block \d+ tx 0x[0-9a-f]{64}$/);
      const never = find(result, "donor-never-gets-more", `${donor3} in ${f.tokens.USDC}`);
      expect([never.expected, never.found]).to.deep.equal(["<= 0", "456666666"]);
      // What the CLI prints and exits on.
      const md = toMarkdown(result);
      const promiseBroken = result.discrepancies.filter((d) => d.rule.startsWith("promise-"));
      expect(promiseBroken.map((d) => d.rule)).to.deep.equal(["promise-equal-refund-fraction"]);
      expect(md).to.include(
        `**${result.discrepancies.length} discrepancies** (listed below), 1 of them breaking the promise.`,
      );
      expect(md).not.to.include("Everything reconciles");
      expect(md).to.include(`| ✘ | ${PROMISE_RULES["promise-equal-refund-fraction"]} | 1 | 1 |`);
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
      expect(result.ledger.eventCount).to.equal(102);
      const pledged = find(result, "events-match-views", "ETH pledged");
      expect([pledged.expected, pledged.found]).to.deep.equal([
        `${E("5")} (from events)`,
        `${E("4.5")} (ledger view)`,
      ]);
      const standing = find(result, "events-match-views", `pledge of ${donor4} in ${zeroAddress}`);
      expect([standing.expected, standing.found]).to.deep.equal([
        `${E("1")} (${3_000n * USD} USD)`,
        `${E("0.5")} (${1_500n * USD} USD)`,
      ]);
      const net = findIssue(result, /net pledged recorded at close/);
      expect([net.expected, net.found]).to.deep.equal([`${E("4")}`, `${E("3.5")}`]);
    });

    it("a PaymentReleased with a changed amount: overpayment, completion and withdrawal flagged", async function () {
      const result = await auditWith((logs) =>
        logs.map((l) =>
          isEvent(l, "PaymentReleased") &&
          topicAddress(l, 3) === f.tokens.USDC &&
          argsOf(l).amount === 1_200n * USDC_UNIT &&
          argsOf(l).unitsVerified === 1_000n
            ? rewrite(l, { amount: 1_300n * USDC_UNIT })
            : l,
        ),
      );
      const usdc = getAddress(f.tokens.USDC);
      const beyond = findIssue(
        result,
        new RegExp(`^payment of order 0 in ${usdc} beyond what verified deliveries earned$`),
      );
      expect([beyond.expected, beyond.found]).to.deep.equal([
        "cumulative <= 2000000000",
        "2100000000",
      ]);
      const completion = findIssue(result, /^completion of order 0$/);
      expect([completion.expected, completion.found]).to.deep.equal([
        "1000 units verified and every share paid in full",
        `1000 units, ${f.tokens.USDC} paid 2100000000 of 2000000000`,
      ]);
      // 400 + 1,300 for #0, 60 for #2's advance: 1,760 owed, 1,660 withdrawn.
      const withdrawal = findIssue(result, new RegExp(`withdrawal by ${f.supplier.address}`));
      expect([withdrawal.expected, withdrawal.found]).to.deep.equal([
        "1760000000 (everything owed)",
        "1660000000",
      ]);
      const paid = find(result, "events-match-views", "order 0 USDC paid");
      expect([paid.expected, paid.found]).to.deep.equal(["2100000000", "2000000000"]);
      const within = find(result, "paid-within-amount", "order 0 USDC");
      expect([within.expected, within.found]).to.deep.equal(["<= 2000000000", "2100000000"]);
      expect(find(result, "events-match-views", "USDC earned").expected).to.equal(
        "3360000000 (from events)",
      );
    });

    it("a dropped Withdrawn log: withdrawn, withdrawable, balance and ERC-20 transfers disagree", async function () {
      const result = await auditWith((logs) =>
        logs.filter((l) => !(isEvent(l, "Withdrawn") && argsOf(l).amount === 1_660n * USDC_UNIT)),
      );
      const withdrawn = find(result, "events-match-views", "USDC withdrawn");
      expect([withdrawn.expected, withdrawn.found]).to.deep.equal([
        "1600000000 (from events)",
        "3260000000 (ledger view)",
      ]);
      const owed = find(
        result,
        "events-match-views",
        `withdrawable ${lower(f.supplier.address)} ${f.tokens.USDC}`,
      );
      expect([owed.expected, owed.found]).to.deep.equal(["1660000000", "0"]);
      const transfers = find(result, "transfers-out-match", "USDC");
      // Refunds 2,739.999999 and withdrawals 400 + 1,200; the chain moved 1,660 more in 5 transfers.
      expect([transfers.expected, transfers.found]).to.deep.equal([
        "cancelled + refunded + withdrawn = 4339999999",
        "5999999999 in 5 Transfer events",
      ]);
      const balance = find(result, "balance-covers-held", "USDC");
      expect([balance.expected, balance.found]).to.deep.equal([
        "balance >= pledged - cancelled - refunded - withdrawn = 1660000001",
        "1",
      ]);
    });

    it("a forged DeliveryConfirmed from a non-verifier: flagged with who, counted for nothing, and not independent", async function () {
      const v2 = lower(f.v2.address);
      const outsider = f.outsider.address;
      let forgedAt: { blockNumber: bigint; hash: Hex } | undefined;
      const result = await auditWith((logs) =>
        logs.flatMap((l) => {
          if (!isEvent(l, "DeliveryConfirmed") || topicAddress(l, 2) !== v2) return [l];
          if (argsOf(l).orderId !== 1n) return [l];
          forgedAt = { blockNumber: BigInt(l.blockNumber), hash: l.transactionHash };
          return [l, forge(l, { verifier: outsider })];
        }),
      );
      const forged = findIssue(result, /confirmation of order 1 by someone who is not a verifier/);
      expect(forged.found).to.equal(outsider);
      expect(forged.expected).to.equal([f.v1, f.v2, f.v3].map((v) => lower(v.address)).join(", "));
      expect(forged.scope).to.equal(scopeOf(forgedAt!));
      // The forged confirmation counts for nothing, as on chain: the verified units still agree.
      expect(result.ledger.orders[1].confirmedBy[lower(outsider)]).to.equal(undefined);
      expect(checkOf(result, "events-match-views", "order 1 units verified").ok).to.equal(true);
      expect(
        result.discrepancies.some((d) => /verified units reported/.test(d.detail ?? "")),
      ).to.equal(false);
      // And the auditor names the promise it breaks.
      const independent = find(result, "promise-independent-verifier", lower(outsider));
      expect(independent.found).to.equal(
        `not an active registered verifier at block ${forgedAt!.blockNumber} (order 1, tx ${forgedAt!.hash})`,
      );
    });

    it("an invented order and a payment in a token the campaign never accepted: reported, not thrown", async function () {
      const other = "0x0000000000000000000000000000000000000bad" as Address;
      const result = await auditWith((logs) => {
        const last = logs[logs.length - 1];
        const forged = (eventName: string, args: Record<string, unknown>, i: number): RawLog => ({
          ...last,
          ...encodeEvent(campaignAbi, eventName, args),
          logIndex: toHex(Number(last.logIndex) + 1 + i),
        });
        return [
          ...logs,
          forged(
            "OrderCreated",
            {
              orderId: 4n,
              supplier: f.supplier.address,
              amountUsd: 100n * USD,
              units: 1n,
              deliverBy: 2_000_000_000,
              advanceBps: 0,
              termsHash: pad("0x01"),
            },
            0,
          ),
          forged(
            "PaymentReleased",
            {
              orderId: 0n,
              supplier: f.supplier.address,
              token: other,
              amount: 1n,
              unitsVerified: 1_000n,
              advance: false,
            },
            1,
          ),
        ];
      });
      const count = find(result, "events-match-views", "order count");
      expect([count.expected, count.found]).to.deep.equal(["5", "4"]);
      const invented = find(result, "events-match-views", "order 4");
      expect([invented.expected, invented.found]).to.deep.equal([
        "an order the campaign's views know",
        "none: order(4) reverts",
      ]);
      const share = find(result, "events-match-views", `order 0 ${other}`);
      expect([share.expected, share.found]).to.deep.equal([
        "a share the campaign's views know",
        `none: orderShare(0, ${other}) reverts`,
      ]);
      expect(
        lower(findIssue(result, /^event in a token the campaign does not accept$/).found),
      ).to.equal(other);
      expect(findIssue(result, /^event of order 0 in a token it did not reserve$/).found).to.equal(
        other,
      );
      // The real orders are still checked against their views.
      expect(checkOf(result, "events-match-views", "order 3 status").ok).to.equal(true);
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
      expect([count.expected, count.found]).to.deep.equal(["0", "4"]);
      const never = findIssue(result, /event for order 0, which was never created/);
      expect(never.expected).to.equal("an OrderCreated first");
      expect(Number(never.scope.match(/^block (\d+)/)![1])).to.be.greaterThan(Number(to));
      // The advance withdrawal (400) is missing; the later withdrawals are there.
      const withdrawn = find(result, "events-match-views", "USDC withdrawn");
      expect([withdrawn.expected, withdrawn.found]).to.deep.equal([
        "2860000000 (from events)",
        "3260000000 (ledger view)",
      ]);
      const earned = find(result, "events-match-views", "ETH earned");
      expect([earned.expected, earned.found]).to.deep.equal([
        "0 (from events)",
        "1901666666666666666 (ledger view)",
      ]);
    });
  });

  describe("the promise on tampered histories, end to end", function () {
    let f: Lifecycle;
    beforeEach(async function () {
      f = await networkHelpers.loadFixture(lifecycleFixture);
    });

    const auditWith = (edit: (logs: RawLog[]) => RawLog[], toBlock?: bigint) =>
      auditCampaign(auditClient({ transform: campaignLogs(f.address, edit) }).client, f.address, {
        toBlock,
      });
    const isEvent = (log: RawLog, name: string) => log.topics[0] === topic0(name);
    const argsOf = (log: RawLog) => decodeEvent(campaignAbi, log).args;
    const rewrite = (log: RawLog, changes: Record<string, unknown>): RawLog => {
      const { eventName, args } = decodeEvent(campaignAbi, log);
      return { ...log, ...encodeEvent(campaignAbi, eventName, { ...args, ...changes }) };
    };
    const forge = (log: RawLog, changes: Record<string, unknown>): RawLog => ({
      ...rewrite(log, changes),
      logIndex: toHex(Number(log.logIndex) + 50),
    });
    const txOf = (log: RawLog) => ({
      blockNumber: BigInt(log.blockNumber),
      hash: log.transactionHash,
    });

    it("an order that reserves more of the USDC pool than of the others: the history is impossible, and USDC donors pay more", async function () {
      let at: { blockNumber: bigint; hash: Hex } | undefined;
      const result = await auditWith(
        (logs) =>
          logs.map((l) => {
            if (!isEvent(l, "OrderReserved")) return l;
            const { orderId, token } = argsOf(l);
            if (orderId !== 1n || lower(token as string) !== f.tokens.USDC) return l;
            at = txOf(l);
            return rewrite(l, { amount: 1_500n * USDC_UNIT });
          }),
        f.midBlock,
      );
      const issue = findIssue(
        result,
        new RegExp(
          `^order 1 reserves another share of ${getAddress(f.tokens.USDC)} than of the other tokens$`,
        ),
      );
      expect(issue.scope).to.equal(scopeOf(at!));
      expect([issue.expected, issue.found]).to.deep.equal([
        `1200000000 (net pledged × ${3_900n * USD} / ${19_500n * USD})`,
        "1500000000",
      ]);
      const fraction = find(result, "promise-equal-refund-fraction", "spent so far");
      expect(fraction.found).to.equal("ETH 63.33%, USDC 68.33%, WBTC 63.33%");
      expect(fraction.detail).to.equal(
        "USDC donors have had spent a different share than ETH donors",
      );
      // And the books show where: 300 USDC more reserved than the contract holds for orders.
      const amount = find(result, "events-match-views", "order 1 USDC amount");
      expect([amount.expected, amount.found]).to.deep.equal(["1500000000", "1200000000"]);
    });

    it("a supplier paid an advance beyond the cap: the peak, with its block and transaction", async function () {
      let at: { blockNumber: bigint; hash: Hex } | undefined;
      const result = await auditWith((logs) =>
        logs.map((l) => {
          if (!isEvent(l, "PaymentReleased")) return l;
          const { orderId, token, advance } = argsOf(l);
          if (orderId !== 3n || token !== zeroAddress || !advance) return l;
          at = txOf(l);
          return rewrite(l, { amount: E("0.9") });
        }),
      );
      expect(at).to.deep.equal(f.accept3);
      const cap = find(result, "promise-unverified-within-cap", "ETH");
      expect(cap.expected).to.equal(`<= ${E("1.05")} (30% of ${E("3.5")} net pledged)`);
      // #0's 0.2333… and #2's 0.035 advances, and the forged 0.9; after #3's 0.105 is reclaimed
      // and #0 is backed by delivery, #2's 0.035 and the forged 0.795 remain.
      expect(cap.found).to.equal(
        `1168333333333333333 at the most (block ${f.accept3.blockNumber}, tx ${f.accept3.hash}), 830000000000000000 now`,
      );
      expect(cap.detail).to.equal(
        "credited to suppliers beyond what threshold-verified deliveries earned, cancelled orders included",
      );
      const advance = findIssue(result, /^advance of order 3 in 0x0{40}$/);
      expect([advance.scope, advance.expected, advance.found]).to.deep.equal([
        scopeOf(f.accept3),
        `${E("0.105")} once, on acceptance`,
        `${E("0.9")}`,
      ]);
      // The other tokens' caps hold.
      expect(checkOf(result, "promise-unverified-within-cap", "USDC").ok).to.equal(true);
      expect(checkOf(result, "promise-unverified-within-cap", "WBTC").ok).to.equal(true);
    });

    it("a cancelled order paid less than its verified units: delivered means paid, per token", async function () {
      const v1 = lower(f.v1.address);
      const result = await auditWith((logs) =>
        logs.flatMap((l) =>
          isEvent(l, "DeliveryConfirmed") &&
          argsOf(l).orderId === 2n &&
          lower(argsOf(l).verifier as string) === v1
            ? [l, forge(l, { verifier: f.v2.address })]
            : [l],
        ),
      );
      // v2's forged 30 units meet v1's: 30 of #2's 100 units verified, never credited.
      expect(result.ledger.orders[2].unitsVerified).to.equal(30n);
      const rows = [
        ["ETH", E("0.105"), E("0.035")],
        ["USDC", 180n * USDC_UNIT, 60n * USDC_UNIT],
        ["WBTC", 150_000n, 50_000n],
      ] as const;
      for (const [symbol, due, paid] of rows) {
        const short = find(result, "promise-verified-units-paid", `order 2 ${symbol}`);
        expect([short.expected, short.found, short.detail]).to.deep.equal([
          `>= ${due} (30 of 100 units verified)`,
          `${paid} credited`,
          "order cancelled without paying for what verifiers confirmed",
        ]);
      }
      expect(find(result, "promise-verified-units-paid", "4 settled orders").found).to.equal(
        "1 orders short",
      );
      const units = find(result, "events-match-views", "order 2 units verified");
      expect([units.expected, units.found]).to.deep.equal(["30", "0"]);
      // The history itself is possible event by event: only the promise and the views catch it.
      expect(result.ledger.issues).to.deep.equal([]);
    });

    it("confirmations by the order's supplier and by the organizer: verification not independent", async function () {
      const v2 = lower(f.v2.address);
      const forgedAt: Record<string, { blockNumber: bigint; hash: Hex }> = {};
      const result = await auditWith((logs) =>
        logs.flatMap((l) => {
          if (!isEvent(l, "DeliveryConfirmed") || lower(argsOf(l).verifier as string) !== v2)
            return [l];
          const { orderId } = argsOf(l);
          forgedAt[`${orderId}`] = txOf(l);
          if (orderId === 0n) return [l, forge(l, { verifier: f.supplier.address })];
          if (orderId === 1n) return [l, forge(l, { verifier: f.organizer.address })];
          return [l];
        }),
      );
      const supplier = find(result, "promise-independent-verifier", lower(f.supplier.address));
      expect(supplier.found).to.equal(
        `the supplier confirmed its own order 0; not an active registered verifier at block ${forgedAt[0].blockNumber} (order 0, tx ${forgedAt[0].hash})`,
      );
      const organizer = find(result, "promise-independent-verifier", lower(f.organizer.address));
      expect(organizer.found).to.equal(
        `the organizer confirmed order 1; not an active registered verifier at block ${forgedAt[1].blockNumber} (order 1, tx ${forgedAt[1].hash})`,
      );
      for (const [order, who, at] of [
        [0, f.supplier.address, forgedAt[0]],
        [1, f.organizer.address, forgedAt[1]],
      ] as const) {
        const forged = result.discrepancies.filter(
          (d) =>
            d.rule === "event-history" &&
            d.detail === `confirmation of order ${order} by someone who is not a verifier`,
        );
        expect(forged.map((d) => [d.scope, d.found])).to.deep.equal([[scopeOf(at), who]]);
      }
      // The real verifiers stay independent.
      expect(checkOf(result, "promise-independent-verifier", v2).ok).to.equal(true);
    });
  });

  describe("replay() on hand-made v2 logs", function () {
    const CAMPAIGN = "0x00000000000000000000000000000000000c0ffe" as Address;
    const TOKEN = "0x00000000000000000000000000000000000070c0" as Address;
    const OTHER = "0x0000000000000000000000000000000000000bad" as Address;
    const V1 = "0x0000000000000000000000000000000000000a01" as Address;
    const V2 = "0x0000000000000000000000000000000000000a02" as Address;
    const V3 = "0x0000000000000000000000000000000000000a03" as Address;
    const DONOR_A = "0x000000000000000000000000000000000000d0a0" as Address;
    const DONOR_B = "0x000000000000000000000000000000000000d0b0" as Address;
    const SUPPLIER = "0x0000000000000000000000000000000000005091" as Address;
    const ORGANIZER = "0x0000000000000000000000000000000000000064" as Address;
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
    const history = (...events: HandMade[]) =>
      replay(params, handMadeLogs(campaignAbi, CAMPAIGN, events));

    /** A pledge; by default one base unit is worth $1. */
    const pledged = (
      donor: Address,
      amount: bigint,
      token: Address = zeroAddress,
      usdValue = amount * USD,
    ): HandMade => ["Pledged", { donor, token, amount, usdValue }];
    const status = (s: keyof typeof STATUS, raisedUsd = 0n): HandMade => [
      "StatusChanged",
      { status: STATUS[s], raisedUsd },
    ];
    const created = (orderId: bigint, amountUsd: bigint, units = 10n, advanceBps = 0): HandMade => [
      "OrderCreated",
      {
        orderId,
        supplier: SUPPLIER,
        amountUsd,
        units,
        deliverBy: 1_500_000,
        advanceBps,
        termsHash: pad("0x01"),
      },
    ];
    const reserved = (orderId: bigint, amount: bigint, token: Address = zeroAddress): HandMade => [
      "OrderReserved",
      { orderId, token, amount },
    ];
    const accepted = (orderId: bigint): HandMade => [
      "OrderAccepted",
      { orderId, supplier: SUPPLIER },
    ];
    const confirmed = (orderId: bigint, verifier: Address, unitsDelivered: bigint): HandMade => [
      "DeliveryConfirmed",
      { orderId, verifier, unitsDelivered, evidenceHash: pad("0x02"), bySignature: false },
    ];
    const payment = (
      orderId: bigint,
      amount: bigint,
      unitsVerified: bigint,
      { advance = false, token = zeroAddress as Address } = {},
    ): HandMade => [
      "PaymentReleased",
      { orderId, supplier: SUPPLIER, token, amount, unitsVerified, advance },
    ];
    const returned = (orderId: bigint, amount: bigint, token: Address = zeroAddress): HandMade => [
      "ReservationReturned",
      { orderId, token, amount },
    ];
    const reclaimed = (orderId: bigint, amount: bigint, token: Address = zeroAddress): HandMade => [
      "AdvanceReclaimed",
      { orderId, supplier: SUPPLIER, token, amount },
    ];
    const cancelled = (orderId: bigint): HandMade => ["OrderCancelled", { orderId, by: ORGANIZER }];
    /** 10,000 ETH base units pledged ($10,000) and procurement: an order of $N reserves N. */
    const funded: HandMade[] = [pledged(DONOR_A, 10_000n), status("Procurement")];
    const order = (orderId: bigint, amount: bigint, units = 10n, advanceBps = 0): HandMade[] => [
      created(orderId, amount * USD, units, advanceBps),
      reserved(orderId, amount),
    ];

    const only = (ledger: Ledger) => {
      expect(
        ledger.issues,
        JSON.stringify(ledger.issues, (_k, v) => (typeof v === "bigint" ? `${v}` : v)),
      ).to.have.length(1);
      return ledger.issues[0];
    };
    const issues = (ledger: Ledger) => ledger.issues.map((i) => [i.what, i.expected, i.found]);

    it("books a possible history without issues: an order in USD paid in both tokens' proportion (control)", function () {
      // $9,000 in 3,000 ETH units and $1,000 in 1,000 TOKEN units; a $5,000 order reserves half of each.
      const ledger = history(
        pledged(DONOR_A, 3_000n, zeroAddress, 9_000n * USD),
        pledged(DONOR_B, 1_000n, TOKEN),
        status("Procurement", 10_000n * USD),
        created(0n, 5_000n * USD, 10n, 2_000),
        reserved(0n, 1_500n),
        reserved(0n, 500n, TOKEN),
        accepted(0n),
        payment(0n, 300n, 0n, { advance: true }),
        payment(0n, 100n, 0n, { advance: true, token: TOKEN }),
        confirmed(0n, V1, 5n),
        confirmed(0n, V3, 5n),
        payment(0n, 450n, 5n),
        payment(0n, 150n, 5n, { token: TOKEN }),
      );
      expect(ledger.issues).to.deep.equal([]);
      expect(ledger.version).to.equal(2);
      const o = ledger.orders[0];
      expect([o.version, o.amountUsd, o.status, o.unitsVerified, o.unitsPaid]).to.deep.equal([
        2,
        5_000n * USD,
        "Accepted",
        5n,
        5n,
      ]);
      expect(o.tokens).to.deep.equal([zeroAddress, TOKEN]);
      expect(o.shares).to.deep.equal({
        [zeroAddress]: { amount: 1_500n, paid: 750n, advance: 300n, reclaimed: 0n, returned: 0n },
        [TOKEN]: { amount: 500n, paid: 250n, advance: 100n, reclaimed: 0n, returned: 0n },
      });
      const eth = ledger.tokens[zeroAddress];
      const token = ledger.tokens[TOKEN];
      expect([eth.pledged, eth.reserved, eth.earned, available(eth)]).to.deep.equal([
        3_000n,
        750n,
        750n,
        1_500n,
      ]);
      expect([token.pledged, token.reserved, token.earned, available(token)]).to.deep.equal([
        1_000n,
        250n,
        250n,
        500n,
      ]);
      expect(ledger.owed[SUPPLIER]).to.deep.equal({ [zeroAddress]: 750n, [TOKEN]: 250n });
      // The advances were unbacked until the threshold (V1 then V3) verified 5 units: peak at the advance.
      expect([eth.unbacked, eth.unbackedPeak, eth.unbackedPeakAt?.blockNumber]).to.deep.equal([
        0n,
        300n,
        107n,
      ]);
      expect([token.unbacked, token.unbackedPeak, token.unbackedPeakAt?.blockNumber]).to.deep.equal(
        [0n, 100n, 108n],
      );
      expect(orderUsd(ledger, o)).to.equal(5_000n * USD);
      expect(usdAtPledge(eth, 1_500n)).to.equal(4_500n * USD);
      expect(ledger.entries.map((e) => e.kind)).to.deep.equal([
        "pledge",
        "pledge",
        "status",
        "order",
        "reserve",
        "reserve",
        "accept",
        "advance",
        "advance",
        "confirmation",
        "confirmation",
        "payment",
        "payment",
      ]);
      expect(ledger.entries[3]).to.deep.include({
        kind: "order",
        account: SUPPLIER,
        usdValue: 5_000n * USD,
        orderId: 0n,
        units: 10n,
      });
    });

    it("flags a reservation that is another fraction of one token's pool than of the others", function () {
      const ledger = history(
        pledged(DONOR_A, 3_000n, zeroAddress, 9_000n * USD),
        pledged(DONOR_B, 1_000n, TOKEN),
        status("Procurement", 10_000n * USD),
        created(0n, 5_000n * USD),
        reserved(0n, 1_500n),
        reserved(0n, 1_000n, TOKEN), // all of TOKEN's pool for half of the raised USD
      );
      const issue = only(ledger);
      expect(issue.what).to.equal(
        `order 0 reserves another share of ${getAddress(TOKEN)} than of the other tokens`,
      );
      expect([issue.expected, issue.found, issue.blockNumber]).to.deep.equal([
        `500 (net pledged × ${5_000n * USD} / ${10_000n * USD})`,
        "1000",
        105n,
      ]);
      // What the audit then finds unequal: half of the ETH pool left, none of TOKEN's.
      expect(available(ledger.tokens[zeroAddress])).to.equal(1_500n);
      expect(available(ledger.tokens[TOKEN])).to.equal(0n);
    });

    it("flags a token reserved twice by one order and a payment in a token the order never reserved", function () {
      const ledger = history(
        ...funded,
        ...order(0n, 1_000n),
        reserved(0n, 1_000n),
        accepted(0n),
        confirmed(0n, V1, 10n),
        confirmed(0n, V2, 10n),
        payment(0n, 7n, 10n, { token: TOKEN }),
      );
      expect(issues(ledger)).to.deep.equal([
        [`order 0 reserved ${zeroAddress} twice`, "once", "twice"],
        ["event of order 0 in a token it did not reserve", zeroAddress, TOKEN],
        [
          `payment of order 0 in ${getAddress(TOKEN)} beyond what verified deliveries earned`,
          "cumulative <= 0",
          "7",
        ],
      ]);
      // Each token once in the order, its share what the book reserved for it.
      expect(ledger.orders[0].tokens).to.deep.equal([zeroAddress, TOKEN]);
      expect(ledger.orders[0].shares[zeroAddress].amount).to.equal(2_000n);
      expect(ledger.tokens[zeroAddress].reserved).to.equal(2_000n);
    });

    it("flags a refund larger than the pledge of a failed campaign", function () {
      const issue = only(
        history(pledged(DONOR_A, 10n ** 18n), status("Failed"), [
          "RefundClaimed",
          { donor: DONOR_A, token: zeroAddress, to: DONOR_A, amount: 2n * 10n ** 18n },
        ]),
      );
      expect(issue.what).to.equal(
        `refund to ${getAddress(DONOR_A)} in ${zeroAddress} (status Failed)`,
      );
      expect([issue.expected, issue.found, issue.blockNumber]).to.deep.equal([
        "1000000000000000000",
        "2000000000000000000",
        102n,
      ]);
    });

    it("flags a refund larger than the pro-rata share of the unspent after close", function () {
      const issue = only(
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
      );
      expect(issue.what).to.match(/refund to .* \(status Closed\)/);
      expect([issue.expected, issue.found]).to.deep.equal([
        "3000000000000000000",
        "3500000000000000000",
      ]);
    });

    it("flags a status going backwards, and one repeated", function () {
      const back = only(history(status("Procurement"), status("Funding")));
      expect(back.what).to.equal("status moved backwards or repeated");
      expect([back.expected, back.found, back.blockNumber]).to.deep.equal([
        "after Procurement",
        "Funding",
        101n,
      ]);
      const again = only(history(status("Failed"), status("Failed")));
      expect([again.expected, again.found]).to.deep.equal(["after Failed", "Failed"]);
      expect(history(status("Closed"), status("Procurement")).issues).to.have.length(1);
    });

    it("flags a payment beyond the verified share", function () {
      const issue = only(
        history(
          ...funded,
          ...order(0n, 1_000n),
          accepted(0n),
          confirmed(0n, V1, 5n),
          confirmed(0n, V2, 5n),
          payment(0n, 600n, 5n), // 5 of 10 units verified: 500 at most
        ),
      );
      expect(issue.what).to.equal(
        `payment of order 0 in ${zeroAddress} beyond what verified deliveries earned`,
      );
      expect([issue.expected, issue.found, issue.blockNumber]).to.deep.equal([
        "cumulative <= 500",
        "600",
        107n,
      ]);
    });

    it("flags a payment while fewer verifiers than the threshold confirmed", function () {
      const issue = only(
        history(
          ...funded,
          ...order(0n, 1_000n),
          accepted(0n),
          confirmed(0n, V1, 10n), // one of the two needed
          payment(0n, 1_000n, 0n),
        ),
      );
      expect([issue.expected, issue.found]).to.deep.equal(["cumulative <= 0", "1000"]);
    });

    it("flags an advance other than the order's, and a second advance", function () {
      const ledger = history(
        ...funded,
        ...order(0n, 1_000n, 10n, 1_000),
        accepted(0n),
        payment(0n, 300n, 0n, { advance: true }), // 10% of 1,000 is 100
        payment(0n, 100n, 0n, { advance: true }),
      );
      expect(issues(ledger)).to.deep.equal([
        [`advance of order 0 in ${zeroAddress}`, "100 once, on acceptance", "300"],
        [`advance of order 0 in ${zeroAddress}`, "100 once, on acceptance", "100 again"],
      ]);
      expect(ledger.orders[0].shares[zeroAddress].advance).to.equal(400n);
      expect(ledger.tokens[zeroAddress].unbackedPeak).to.equal(400n);
    });

    it("flags order ids out of sequence", function () {
      const skipped = only(history(...funded, ...order(0n, 1n), ...order(2n, 1n)));
      expect(skipped.what).to.equal("order ids out of sequence");
      expect([skipped.expected, skipped.found]).to.deep.equal(["1", "2"]);
      const reused = only(history(...funded, ...order(0n, 1n), ...order(0n, 1n)));
      expect([reused.expected, reused.found]).to.deep.equal(["1", "0"]);
    });

    it("flags an order reserving more than the pool and an advance above the campaign's cap", function () {
      const ledger = history(
        pledged(DONOR_A, 500n),
        status("Procurement"),
        created(0n, 500n * USD, 10n, 3_500),
        reserved(0n, 1_000n),
      );
      expect(issues(ledger)).to.deep.equal([
        ["order 0 advance above the campaign's cap", "<= 3000 bps", "3500 bps"],
        [
          `order 0 reserves another share of ${zeroAddress} than of the other tokens`,
          `500 (net pledged × ${500n * USD} / ${500n * USD})`,
          "1000",
        ],
        ["order 0 reserves more than the pool holds", "<= 500", "1000"],
      ]);
    });

    it("flags an order worth more than everything raised", function () {
      const issue = only(history(...funded, created(0n, 10_001n * USD)));
      expect([issue.what, issue.expected, issue.found]).to.deep.equal([
        "order 0 is worth more than all raised",
        `<= ${10_000n * USD}`,
        `${10_001n * USD}`,
      ]);
    });

    it("flags events for an order never created, by a non-verifier, and confirmations that do not increase", function () {
      const ledger = history(
        ...funded,
        accepted(0n),
        ...order(0n, 1_000n),
        accepted(0n),
        confirmed(0n, DONOR_B, 3n),
        confirmed(0n, V1, 4n),
        confirmed(0n, V1, 4n),
        confirmed(0n, V2, 11n),
      );
      expect(ledger.issues.map((i) => [i.blockNumber, i.what])).to.deep.equal([
        [102n, "event for order 0, which was never created"],
        [106n, "confirmation of order 0 by someone who is not a verifier"],
        [108n, `confirmation of order 0 by ${getAddress(V1)}`],
        [109n, `confirmation of order 0 by ${getAddress(V2)}`],
      ]);
      expect(ledger.issues[2].expected).to.equal("more than 4 and at most 10 units");
      expect(ledger.issues[3].found).to.equal("11");
    });

    it("flags a completion before every unit is verified and paid", function () {
      const issue = only(
        history(
          ...funded,
          ...order(0n, 1_000n),
          accepted(0n),
          confirmed(0n, V1, 5n),
          confirmed(0n, V2, 5n),
          payment(0n, 500n, 5n),
          ["OrderCompleted", { orderId: 0n }],
        ),
      );
      expect([issue.what, issue.expected, issue.found]).to.deep.equal([
        "completion of order 0",
        "10 units verified and every share paid in full",
        `5 units, ${zeroAddress} paid 500 of 1000`,
      ]);
    });

    it("books a cancellation: the reservation returned, an unbacked advance reclaimed; flags wrong amounts", function () {
      const good = history(
        ...funded,
        ...order(0n, 1_000n, 10n, 3_000),
        accepted(0n),
        payment(0n, 300n, 0n, { advance: true }),
        returned(0n, 700n),
        reclaimed(0n, 300n),
        cancelled(0n),
      );
      expect(good.issues).to.deep.equal([]);
      expect(good.orders[0].shares[zeroAddress]).to.deep.equal({
        amount: 1_000n,
        paid: 0n,
        advance: 300n,
        reclaimed: 300n,
        returned: 700n,
      });
      const book = good.tokens[zeroAddress];
      expect([
        book.reserved,
        book.earned,
        book.reclaimed,
        book.unbacked,
        book.unbackedPeak,
      ]).to.deep.equal([0n, 0n, 300n, 0n, 300n]);
      expect(available(book)).to.equal(10_000n);
      expect(good.owed[SUPPLIER][zeroAddress]).to.equal(0n);
      expect(good.orders[0].cancelled?.by).to.equal(ORGANIZER);

      const bad = history(
        ...funded,
        ...order(0n, 1_000n, 10n, 3_000),
        accepted(0n),
        payment(0n, 300n, 0n, { advance: true }),
        returned(0n, 800n), // 700 was unpaid
        reclaimed(0n, 400n), // 300 was unbacked
        cancelled(0n),
      );
      expect(issues(bad)).to.deep.equal([
        [`reservation returned by cancelling order 0 in ${zeroAddress}`, "700", "800"],
        [`advance reclaimed from order 0 in ${zeroAddress}`, "<= 300 (unbacked)", "400"],
      ]);

      const kept = only(history(...funded, ...order(0n, 1_000n), accepted(0n), cancelled(0n)));
      expect([kept.what, kept.expected, kept.found]).to.deep.equal([
        `reservation of order 0 in ${zeroAddress} not returned on cancellation`,
        "1000 returned",
        "0",
      ]);
    });

    it("keeps advances of cancelled orders counted: recycling the pool raises the unbacked peak round after round", function () {
      // 10,000 pledged; each round orders all that is available with a 30% advance, accepts, and
      // cancels: 3,000 + 2,100 + 1,470 unbacked, with no confirmation. Each event is possible.
      const rounds: HandMade[] = [];
      let pool = 10_000n;
      for (let id = 0n; id < 3n; id++) {
        const advance = (pool * 3_000n) / 10_000n;
        rounds.push(
          created(id, pool * USD, 10n, 3_000),
          reserved(id, pool),
          accepted(id),
          payment(id, advance, 0n, { advance: true }),
          returned(id, pool - advance),
          cancelled(id),
        );
        pool -= advance;
      }
      const ledger = history(...funded, ...rounds);
      expect(ledger.issues).to.deep.equal([]);
      const book = ledger.tokens[zeroAddress];
      expect([book.advances, book.earned, book.unbacked, book.unbackedPeak]).to.deep.equal([
        6_570n,
        6_570n,
        6_570n,
        6_570n,
      ]);
      // The third advance: the 4th event of the third round, the 18th of the history (block 117).
      expect(book.unbackedPeakAt?.blockNumber).to.equal(117n);
      expect(book.unbackedPeakAt?.transactionHash).to.equal(toHex(1_017, { size: 32 }));
      // The audit compares the peak with the cap: 30% of 10,000.
      expect(advanceCap(book, params.maxAdvanceBps)).to.equal(3_000n);
    });

    it("follows each verifier's signature nonce and flags a skipped one", function () {
      const ledger = history(
        ["NonceUsed", { verifier: V1, nonce: 1n }],
        ["NonceUsed", { verifier: V2, nonce: 1n }],
        ["NonceUsed", { verifier: V1, nonce: 2n }],
        ["NonceUsed", { verifier: V1, nonce: 4n }],
      );
      const issue = only(ledger);
      expect([issue.what, issue.expected, issue.found, issue.blockNumber]).to.deep.equal([
        `signature nonce of ${getAddress(V1)}`,
        "3",
        "4",
        103n,
      ]);
      expect(ledger.nonces).to.deep.equal({ [V1]: 4n, [V2]: 1n });
      expect(ledger.entries.map((e) => [e.kind, e.account, e.detail])).to.deep.equal([
        ["nonce", V1, "next nonce 1"],
        ["nonce", V2, "next nonce 1"],
        ["nonce", V1, "next nonce 2"],
        ["nonce", V1, "next nonce 4"],
      ]);
    });

    it("flags a withdrawal of more than was earned and an event in a token the campaign does not accept", function () {
      const ledger = history(
        ["Withdrawn", { supplier: SUPPLIER, token: zeroAddress, to: SUPPLIER, amount: 5n }],
        pledged(DONOR_A, 1n, OTHER),
      );
      expect(issues(ledger)).to.deep.equal([
        [`withdrawal by ${getAddress(SUPPLIER)} in ${zeroAddress}`, "0 (everything owed)", "5"],
        [
          "event in a token the campaign does not accept",
          `${zeroAddress}, ${TOKEN}`,
          getAddress(OTHER),
        ],
      ]);
    });

    it("flags a pledge recorded after the campaign left Funding", function () {
      const issue = only(
        history(
          pledged(DONOR_A, 10n ** 18n),
          status("Procurement"),
          status("Closed"),
          pledged(DONOR_B, 10n ** 18n),
        ),
      );
      expect([issue.what, issue.found, issue.blockNumber]).to.deep.equal([
        `pledge by ${getAddress(DONOR_B)} after funding ended`,
        "Closed",
        103n,
      ]);
    });

    it("books a cancelled pledge sent to another address", function () {
      const ledger = history(pledged(DONOR_A, 700n, TOKEN), [
        "PledgeCancelled",
        { donor: DONOR_A, token: TOKEN, to: DONOR_B, amount: 700n, usdValue: 700n * USD },
      ]);
      expect(ledger.issues).to.deep.equal([]);
      expect(ledger.donors[DONOR_A][TOKEN]).to.deep.include({ cancelled: 700n, active: 0n });
      expect(ledger.tokens[TOKEN].pledgedUsd).to.equal(0n);
      expect(ledger.entries[1]).to.deep.include({
        kind: "cancel",
        account: DONOR_A,
        detail: `sent to ${getAddress(DONOR_B)}`,
      });
    });
  });
});
