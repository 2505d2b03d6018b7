/**
 * Helpers shared by the lifecycle tests of Campaign (Pledges, Funding, Orders, Deliveries, Refunds).
 * They build on the shared fixtures in `test/helpers/fixtures.ts`; every fixture here is created
 * once per connection so that `loadFixture` can snapshot it.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { id, parseEther } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { Campaign, MockUSDT } from "../../types/ethers-contracts/index.js";
import { DAY, ETH, makeFixtures, type OrderStatus } from "../helpers/fixtures.js";

/** The default order: 1 ETH for 1,000 units, so one unit is worth exactly 0.001 ETH. */
export const ORDER_AMOUNT = parseEther("1");
export const ORDER_UNITS = 1_000n;
/** 20% advance (the default campaign caps advances at 30%). */
export const ADVANCE_BPS = 2_000n;
export const TERMS_HASH = id("PO-2020-001: 1,000 boxes of EN 14683 Type IIR masks, FOB Tianjin");
export const EVIDENCE = id("WAHO warehouse Abuja, goods received note #1");
export const EVIDENCE_2 = id("WAHO warehouse Abuja, goods received note #2");
export const SHIPPING_URI = "ipfs://bafybeibilloflading0001";
/** The default feeds' maximum staleness (LocalTokens module). */
export const MAX_STALENESS = 3_600n;
/** One milli-ether: the value of one unit of the default order. */
export const MILLI = parseEther("0.001");

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
};

/** Asserts the listed fields of `campaign.ledger(token)` (unlisted fields are not checked). */
export async function expectLedger(campaign: Campaign, token: string, expected: Partial<Ledger>) {
  const l = await campaign.ledger(token);
  const actual: Record<string, bigint> = {
    pledged: l.pledged,
    cancelled: l.cancelled,
    refunded: l.refunded,
    reserved: l.reserved,
    earned: l.earned,
    withdrawn: l.withdrawn,
    available: l.available,
    pledgedUsd: l.pledgedUsd,
    unspentAtClose: l.unspentAtClose,
  };
  const picked: Record<string, bigint> = {};
  for (const key of Object.keys(expected)) picked[key] = actual[key];
  expect(picked).to.deep.equal(expected);
}

export type OrderView = {
  supplier: string;
  token: string;
  amount: bigint;
  paid: bigint;
  units: bigint;
  unitsVerified: bigint;
  deliverBy: bigint;
  advanceBps: bigint;
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
    token: o.token,
    amount: o.amount,
    paid: o.paid,
    units: o.units,
    unitsVerified: o.unitsVerified,
    deliverBy: o.deliverBy,
    advanceBps: o.advanceBps,
    status: Number(o.status),
    termsHash: o.termsHash,
  };
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = actual[key];
  expect(picked).to.deep.equal(expected);
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
    token: string;
    amount: bigint;
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
      token: ETH,
      amount: ORDER_AMOUNT,
      units: ORDER_UNITS,
      deliverBy: await deliverByIn(30n),
      advanceBps: ADVANCE_BPS,
      termsHash: TERMS_HASH,
      ...overrides,
    };
    const c = f.campaign.connect(f.organizer);
    const call = [
      args.supplier,
      args.token,
      args.amount,
      args.units,
      args.deliverBy,
      args.advanceBps,
      args.termsHash,
    ] as const;
    // Ids are sequential; no staticCall, so a test's setNextBlockTimestamp applies to this very call.
    const orderId = await c.orderCount();
    const tx = await c.createOrder(...call);
    return { orderId, tx, ...args };
  }

  /** Procurement (funded fixture) with the default order (20% advance) placed, not yet accepted. */
  async function placedOrderFixture() {
    const f = await base.fundedCampaignFixture();
    const order = await placeOrder(f);
    return { ...f, order };
  }

  /** `placedOrderFixture` with the order accepted: 0.2 ETH advance credited to the supplier. */
  async function acceptedOrderFixture() {
    const f = await placedOrderFixture();
    await f.campaign.connect(f.supplier).acceptOrder(f.order.orderId);
    return f;
  }

  /** Procurement with the default order but no advance, accepted: every payment comes from deliveries. */
  async function acceptedNoAdvanceFixture() {
    const f = await base.fundedCampaignFixture();
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
    placedOrderFixture,
    acceptedOrderFixture,
    acceptedNoAdvanceFixture,
    failedCampaignFixture,
  };
}
