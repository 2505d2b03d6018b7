/**
 * Histories for the indexer tests that, between them, emit every event the indexer handles: pledges
 * in three tokens, cancellations (to the donor and elsewhere), early close of funding, a failed
 * all-or-nothing appeal with refunds, USD orders reserving every token, advances, shipments,
 * confirmations by transaction and by EIP-712 signature, payments, a completed order, a suspended
 * supplier's order cancelled with its advance reclaimed, a placed order cancelled, cancelled
 * signatures, withdrawals, a pause, price bounds, limits, a close with unspent shares refunded, and
 * an appeal created after the indexer started.
 */
import { parseEther, parseUnits, zeroAddress, type Address } from "viem";

import {
  campaignWrites,
  createCampaign,
  registryWrites,
  signConfirmation,
} from "../../client/actions.ts";
import type { CampaignParams } from "../../client/ledger.ts";
import { DAY, id, type Deployment, type LocalChain } from "./harness.ts";

export type Appeals = { accra: Address; banjul: Address; niamey: Address; dakar?: Address };

const now = async (chain: LocalChain) => (await chain.publicClient.getBlock()).timestamp;

async function launch(
  d: Deployment,
  chain: LocalChain,
  name: string,
  params: Partial<CampaignParams> & Pick<CampaignParams, "goalUsd" | "tokens" | "allOrNothing">,
) {
  const t = await now(chain);
  const { campaign } = await createCampaign(d.clientsFor(d.organizer), d.factory, {
    beneficiary: d.accounts[8],
    targetUnits: 10_000n,
    deadline: t + 10n * DAY,
    procurementDeadline: t + 100n * DAY,
    deliveryGracePeriod: 7n * DAY,
    maxAdvanceBps: 3_000,
    threshold: 2,
    verifiers: d.verifiers,
    unitName: `surgical masks for ${name}`,
    metadataURI: `ipfs://test/${name}`,
    ...params,
  });
  return campaign;
}

const as = (d: Deployment, account: Address, campaign: Address) =>
  campaignWrites(d.clientsFor(account), campaign);

/** Pledges `amount` of `token` (ETH when address(0)) from `donor`, minting and approving mocks first. */
export async function pledge(
  d: Deployment,
  campaign: Address,
  donor: Address,
  token: Address,
  amount: bigint,
) {
  if (token === zeroAddress) return as(d, donor, campaign).pledgeETH(amount);
  await d.fund(token, donor, amount, campaign);
  return as(d, donor, campaign).pledge(token, amount);
}

/** What happens before the indexer starts (it backfills all of it). */
export async function historyBefore(d: Deployment, chain: LocalChain): Promise<Appeals> {
  const [d0, d1, d2, d3, d4, d5, d6, d7] = d.donors;
  const usdc = (n: string) => parseUnits(n, 6);
  const admin = registryWrites(d.clientsFor(d.admin), d.registry);
  await admin.setPriceBounds(d.usdc, 9n * 10n ** 7n, 11n * 10n ** 7n);
  await admin.setLimits({
    maxFundingWindow: 120 * 86_400,
    maxProcurementWindow: 365 * 86_400,
    maxAdvanceBps: 3_000,
    minThreshold: 2,
  });

  const accra = await launch(d, chain, "Accra", {
    goalUsd: 10_000n * 10n ** 18n,
    tokens: [zeroAddress, d.usdc, d.wbtc],
    allOrNothing: false,
  });
  await pledge(d, accra, d0, zeroAddress, parseEther("1"));
  await pledge(d, accra, d1, d.usdc, usdc("4000"));
  await pledge(d, accra, d2, d.wbtc, 2_000_000n); // 0.02 WBTC
  await pledge(d, accra, d3, zeroAddress, parseEther("0.5"));
  await as(d, d3, accra).cancelPledge(zeroAddress);
  await pledge(d, accra, d4, d.usdc, usdc("1000"));
  await as(d, d4, accra).cancelPledgeTo(d.usdc, d5);
  await pledge(d, accra, d0, d.usdc, usdc("500"));

  const banjul = await launch(d, chain, "Banjul", {
    goalUsd: 50_000n * 10n ** 18n,
    tokens: [zeroAddress, d.usdc],
    allOrNothing: true,
  });
  await pledge(d, banjul, d1, zeroAddress, parseEther("0.1"));
  await pledge(d, banjul, d6, d.usdc, usdc("100"));

  const niamey = await launch(d, chain, "Niamey", {
    goalUsd: 1_000n * 10n ** 18n,
    tokens: [d.usdc],
    allOrNothing: false,
  });
  await pledge(d, niamey, d7, d.usdc, usdc("1500"));
  await as(d, d.organizer, niamey).closeFunding();

  // Accra's funding ends; Banjul fails.
  await chain.warp(11n * DAY);
  const t = await now(chain);
  const [s0, s1] = d.suppliers;
  const [v0, v1, v2] = d.verifiers;
  const organizer = as(d, d.organizer, accra);
  // Order 0: an advance, a shipment, 400 then every unit verified (one confirmation by signature).
  const { orderId: first } = await organizer.createOrder({
    supplier: s0,
    amountUsd: 2_000n * 10n ** 18n,
    units: 1_000n,
    deliverBy: t + 30n * DAY,
    advanceBps: 2_000,
    termsHash: id("PO-ACCRA-1"),
  });
  await as(d, s0, accra).acceptOrder(first);
  await as(d, s0, accra).markShipped(first, "ipfs://test/bill-of-lading-1");
  await as(d, v0, accra).confirmDelivery(first, 400n, id("GRN-1"));
  const v1Clients = d.clientsFor(v1);
  const signed = await signConfirmation(v1Clients.publicClient, v1Clients.walletClient, accra, {
    orderId: first,
    unitsDelivered: 400n,
    evidenceHash: id("GRN-1"),
    deadline: t + DAY,
  });
  await as(d, d.admin, accra).confirmDeliveryBySig(first, 400n, id("GRN-1"), [signed]);
  await as(d, v0, accra).confirmDelivery(first, 1_000n, id("GRN-2"));
  await as(d, v1, accra).confirmDelivery(first, 1_000n, id("GRN-2"));
  // Order 1: accepted with an advance, then its supplier is suspended: cancelled, advance reclaimed.
  const { orderId: second } = await organizer.createOrder({
    supplier: s1,
    amountUsd: 1_000n * 10n ** 18n,
    units: 500n,
    deliverBy: t + 30n * DAY,
    advanceBps: 1_000,
    termsHash: id("PO-ACCRA-2"),
  });
  await as(d, s1, accra).acceptOrder(second);
  await admin.suspendSupplier(s1, "licence withdrawn");
  await organizer.cancelOrder(second);
  // Order 2: placed and cancelled before acceptance.
  const { orderId: third } = await organizer.createOrder({
    supplier: s0,
    amountUsd: 500n * 10n ** 18n,
    units: 100n,
    deliverBy: t + 30n * DAY,
    advanceBps: 0,
    termsHash: id("PO-ACCRA-3"),
  });
  await organizer.cancelOrder(third);
  await as(d, v2, accra).cancelSignatures();
  await as(d, s0, accra).withdraw();
  await admin.pause();
  await admin.unpause();
  await as(d, d1, banjul).claimRefund(zeroAddress);
  return { accra, banjul, niamey };
}

/** What happens while the indexer runs (it follows it block by block). */
export async function historyAfter(
  d: Deployment,
  chain: LocalChain,
  appeals: Appeals,
): Promise<Appeals> {
  const [d0, d1, , , , , d6, , d8, d9] = d.donors;
  const [s0, s1] = d.suppliers;
  const admin = registryWrites(d.clientsFor(d.admin), d.registry);
  await as(d, d.organizer, appeals.accra).close();
  await as(d, d0, appeals.accra).claimRefund(zeroAddress);
  await as(d, d1, appeals.accra).claimRefundTo(d.usdc, d9);
  await as(d, d6, appeals.banjul).claimRefund(d.usdc);
  await admin.reinstateSupplier(s1);
  // An appeal created after the indexer started: the factory pattern finds its clone.
  await d.refreshFeeds();
  const dakar = await launch(d, chain, "Dakar", {
    goalUsd: 5_000n * 10n ** 18n,
    tokens: [zeroAddress, d.usdc],
    allOrNothing: true,
  });
  await pledge(d, dakar, d8, d.usdc, parseUnits("200", 6));
  await pledge(d, dakar, d0, zeroAddress, parseEther("0.1"));
  // Niamey: an order with an advance, accepted and waiting for its verifiers.
  const t = await now(chain);
  const { orderId } = await as(d, d.organizer, appeals.niamey).createOrder({
    supplier: s0,
    amountUsd: 300n * 10n ** 18n,
    units: 50n,
    deliverBy: t + 30n * DAY,
    advanceBps: 1_000,
    termsHash: id("PO-NIAMEY-1"),
  });
  await as(d, s0, appeals.niamey).acceptOrder(orderId);
  return { ...appeals, dakar };
}
