/**
 * Helpers shared by the lifecycle tests of Campaign (Pledges, Funding, Orders, Deliveries, Refunds,
 * Deadlines). They build on the shared fixtures in `test/helpers/fixtures.ts`; every fixture here
 * is created once per connection so that `loadFixture` can snapshot it.
 *
 * The funded fixture raised $11,000: 2 ETH ($6,000) and 5,000 USDC ($5,000). An order is in USD and
 * reserves the same fraction of every token, so the default order of $5,500 reserves exactly half of
 * each pool: 1 ETH and 2,500 USDC, for 1,000 units (0.001 ETH and 2.5 USDC a unit).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { type ContractTransactionResponse, id, parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { Campaign, MockUSDT } from "../../types/ethers-contracts/index.js";
import { DAY, ETH, makeFixtures, type OrderStatus, USD, USDC_UNIT } from "../helpers/fixtures.js";

/** What the funded fixture raised: 2 ETH at $3,000 and 5,000 USDC at $1. */
export const RAISED_USD = 11_000n * USD;
export const ETH_POOL = parseEther("2");
export const USDC_POOL = 5_000n * USDC_UNIT;
/** The default order: $5,500, half of what was raised, so half of each pool. */
export const ORDER_USD = 5_500n * USD;
export const ORDER_ETH = parseEther("1");
export const ORDER_USDC = 2_500n * USDC_UNIT;
export const ORDER_UNITS = 1_000n;
/** 20% advance (the default campaign caps advances at 30%): 0.2 ETH and 500 USDC. */
export const ADVANCE_BPS = 2_000n;
export const ADVANCE_ETH = parseEther("0.2");
export const ADVANCE_USDC = 500n * USDC_UNIT;
export const TERMS_HASH = id("PO-2020-001: 1,000 boxes of EN 14683 Type IIR masks, FOB Tianjin");
export const EVIDENCE = id("WAHO warehouse Abuja, goods received note #1");
export const EVIDENCE_2 = id("WAHO warehouse Abuja, goods received note #2");
export const SHIPPING_URI = "ipfs://bafybeibilloflading0001";
/** The default feeds' maximum staleness (LocalTokens module). */
export const MAX_STALENESS = 3_600n;
/** One milli-ether: the ETH value of one unit of the default order. */
export const MILLI = parseEther("0.001");
/** 2.5 USDC: the USDC value of one unit of the default order. */
export const USDC_PER_UNIT = 2_500_000n;

export type Ledger = {
  pledged: bigint;
  cancelled: bigint;
  refunded: bigint;
  reserved: bigint;
  earned: bigint;
  withdrawn: bigint;
  available: bigint;
  pledgedUsd: bigint;
  unspentAtClose: bigint;
  unbacked: bigint;
  advanceCap: bigint;
};

/** `campaign.ledger(token)` as a plain object. */
export async function ledgerOf(campaign: Campaign, token: string): Promise<Ledger> {
  const l = await campaign.ledger(token);
  return {
    pledged: l.pledged,
    cancelled: l.cancelled,
    refunded: l.refunded,
    reserved: l.reserved,
    earned: l.earned,
    withdrawn: l.withdrawn,
    available: l.available,
    pledgedUsd: l.pledgedUsd,
    unspentAtClose: l.unspentAtClose,
    unbacked: l.unbacked,
    advanceCap: l.advanceCap,
  };
}

/** Asserts the listed fields of `campaign.ledger(token)` (unlisted fields are not checked). */
export async function expectLedger(campaign: Campaign, token: string, expected: Partial<Ledger>) {
  const actual = await ledgerOf(campaign, token);
  const picked: Partial<Ledger> = {};
  for (const key of Object.keys(expected) as (keyof Ledger)[]) picked[key] = actual[key];
  expect(picked, `ledger of ${token}`).to.deep.equal(expected);
}

/** The design's invariants for one token: the balance covers what is owed, and the books balance. */
export async function expectInvariants(campaign: Campaign, token: string, balance: bigint) {
  const l = await ledgerOf(campaign, token);
  const owed = l.pledged - l.cancelled - l.refunded - l.withdrawn;
  expect(balance >= owed, `balance ${balance} < owed ${owed}`).to.equal(true);
  expect(l.reserved + (l.earned - l.withdrawn) + l.available).to.equal(owed);
  expect(l.unbacked <= l.advanceCap, `unbacked ${l.unbacked} > cap ${l.advanceCap}`).to.equal(true);
}

export type OrderView = {
  supplier: string;
  amountUsd: bigint;
  units: bigint;
  unitsVerified: bigint;
  unitsPaid: bigint;
  deliverBy: bigint;
  advanceBps: bigint;
  advancePaid: boolean;
  advanceReclaimed: boolean;
  status: OrderStatus;
  termsHash: string;
};

/** Asserts the listed fields of `campaign.order(orderId)` (unlisted fields are not checked). */
export async function expectOrder(
  campaign: Campaign,
  orderId: bigint,
  expected: Partial<OrderView>,
) {
  const o = await campaign.order(orderId);
  const actual: Record<string, unknown> = {
    supplier: o.supplier,
    amountUsd: o.amountUsd,
    units: o.units,
    unitsVerified: o.unitsVerified,
    unitsPaid: o.unitsPaid,
    deliverBy: o.deliverBy,
    advanceBps: o.advanceBps,
    advancePaid: o.advancePaid,
    advanceReclaimed: o.advanceReclaimed,
    status: Number(o.status),
    termsHash: o.termsHash,
  };
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = actual[key];
  expect(picked, `order ${orderId}`).to.deep.equal(expected);
}

/** `orderShare(orderId, token)` as `[amount, paid, advance]`. */
export async function shareOf(campaign: Campaign, orderId: bigint, token: string) {
  const [amount, paid, advance] = await campaign.orderShare(orderId, token);
  return [amount, paid, advance];
}

/** A log of the campaign as `[eventName, ...args]`. */
export type Emitted = [string, ...unknown[]];

/**
 * Every event `campaign` emitted in the transaction, in order, as `[name, ...args]` (enums and
 * small integers come back as bigint). Comparing it with `deep.equal` checks the events, their
 * arguments, their order, and that nothing else was emitted.
 */
export async function eventsOf(
  campaign: Campaign,
  tx: Promise<ContractTransactionResponse> | ContractTransactionResponse,
): Promise<Emitted[]> {
  const receipt = await (await tx).wait();
  const address = (await campaign.getAddress()).toLowerCase();
  const out: Emitted[] = [];
  for (const log of receipt!.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = campaign.interface.parseLog(log);
    if (parsed === null) continue;
    out.push([parsed.name, ...parsed.args.toArray()]);
  }
  return out;
}

/** `mulDiv(a, b, c)` rounded down, as the contracts compute shares. */
export function mulDiv(a: bigint, b: bigint, c: bigint) {
  return (a * b) / c;
}

export function makeLifecycleFixtures(connection: NetworkConnection) {
  const { networkHelpers } = connection;
  const base = makeFixtures(connection);
  const { time } = networkHelpers;

  type Deployed = Awaited<ReturnType<typeof base.deployFixture>>;

  /** Mints `amount` USDT-like tokens to `donor` and approves `campaign` for exactly that amount. */
  async function fundUsdt(
    usdt: MockUSDT,
    donor: HardhatEthersSigner,
    campaign: Campaign,
    amount: bigint,
  ) {
    await usdt.mint(donor.address, amount);
    await usdt.connect(donor).approve(await campaign.getAddress(), amount);
  }

  /** A deliver-by date `days` from the latest block. */
  async function deliverByIn(days: bigint) {
    return BigInt(await time.latest()) + days * DAY;
  }

  type OrderArgs = {
    supplier: string;
    amountUsd: bigint;
    units: bigint;
    deliverBy: bigint;
    advanceBps: bigint;
    termsHash: string;
  };

  /** Places an order as the organizer (defaults: the default order with `supplier`) and returns its id. */
  async function placeOrder(
    f: Deployed & { campaign: Campaign },
    overrides: Partial<OrderArgs> = {},
  ) {
    const args: OrderArgs = {
      supplier: f.supplier.address,
      amountUsd: ORDER_USD,
      units: ORDER_UNITS,
      deliverBy: await deliverByIn(30n),
      advanceBps: ADVANCE_BPS,
      termsHash: TERMS_HASH,
      ...overrides,
    };
    const c = f.campaign.connect(f.organizer);
    // Ids are sequential; no staticCall, so a test's setNextBlockTimestamp applies to this very call.
    const orderId = await c.orderCount();
    const tx = await c.createOrder(
      args.supplier,
      args.amountUsd,
      args.units,
      args.deliverBy,
      args.advanceBps,
      args.termsHash,
    );
    return { orderId, tx, ...args };
  }

  /** Two of the three verifiers (v1 and v2; the threshold is 2) confirm `units` of `orderId`. */
  async function confirmByTwo(
    f: Deployed & { campaign: Campaign },
    orderId: bigint,
    units: bigint,
    evidence = EVIDENCE,
  ) {
    await f.campaign.connect(f.v1).confirmDelivery(orderId, units, evidence);
    return f.campaign.connect(f.v2).confirmDelivery(orderId, units, evidence);
  }

  /** The funded campaign plus the USDC address (its second pool). */
  async function fundedFixture() {
    const f = await base.fundedCampaignFixture();
    return { ...f, usdcAddress: await f.usdc.getAddress() };
  }

  /** Procurement (funded fixture) with the default order (20% advance) placed, not yet accepted. */
  async function placedOrderFixture() {
    const f = await fundedFixture();
    const order = await placeOrder(f);
    return { ...f, order };
  }

  /** `placedOrderFixture` with the order accepted: 0.2 ETH and 500 USDC advance credited. */
  async function acceptedOrderFixture() {
    const f = await placedOrderFixture();
    await f.campaign.connect(f.supplier).acceptOrder(f.order.orderId);
    return f;
  }

  /** Procurement with the default order but no advance, accepted: every payment comes from deliveries. */
  async function acceptedNoAdvanceFixture() {
    const f = await fundedFixture();
    const order = await placeOrder(f, { advanceBps: 0n });
    await f.campaign.connect(f.supplier).acceptOrder(order.orderId);
    return { ...f, order };
  }

  /**
   * A failed all-or-nothing appeal ($6,300 of $10,000): donors[0] pledged 1 ETH and 500 USDC,
   * donors[1] 0.5 ETH, donors[2] 700 USDT and 0.01 WBTC ($600). The deadline has passed.
   */
  async function failedCampaignFixture() {
    const f = await base.campaignFixture();
    const { campaign, donors, usdc, usdt, wbtc, fund } = f;
    await campaign.connect(donors[0]).pledgeETH({ value: parseEther("1") });
    await fund(usdc, donors[0], campaign, 500_000_000n);
    await campaign.connect(donors[0]).pledge(await usdc.getAddress(), 500_000_000n);
    await campaign.connect(donors[1]).pledgeETH({ value: parseEther("0.5") });
    await fundUsdt(usdt, donors[2], campaign, 700_000_000n);
    await campaign.connect(donors[2]).pledge(await usdt.getAddress(), 700_000_000n);
    await fund(wbtc, donors[2], campaign, 1_000_000n);
    await campaign.connect(donors[2]).pledge(await wbtc.getAddress(), 1_000_000n);
    await time.increaseTo((await campaign.params()).deadline);
    return f;
  }

  return {
    ...base,
    fundUsdt,
    deliverByIn,
    placeOrder,
    confirmByTwo,
    fundedFixture,
    placedOrderFixture,
    acceptedOrderFixture,
    acceptedNoAdvanceFixture,
    failedCampaignFixture,
  };
}
