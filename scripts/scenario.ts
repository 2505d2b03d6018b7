/**
 * The 2020 Bithelp appeal, end to end: "250,000 surgical masks for WAHO" funded by a few dozen
 * donors in four tokens, bought from two manufacturers with orders priced in USD (each reserves the
 * same fraction of every token's pool), paid against deliveries that registered verifiers confirm
 * (by transaction and by EIP-712 signatures a relayer submits), closed, refunded pro rata (every
 * donor the same fraction); and a smaller appeal that fails its goal and refunds everyone in full.
 *
 *   npm run scenario                      # embedded local chain (started if needed)
 *   npm run scenario -- --network sepolia # any configured network (SCENARIO_MNEMONIC required)
 *
 * This file is the part that runs under `hardhat run`; scripts/scenario-cli.ts starts the chain.
 * Every amount it prints is read back from the chain (events of the step's own transaction, or views):
 * the plan below says what to do, the printout says what the chain recorded. It writes
 * reports/scenario/scenario.json and a transparency report per appeal, and exits 1 unless both
 * audits reconcile with every check of the promise holding.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { network } from "hardhat";
import {
  formatUnits,
  keccak256,
  parseEther,
  parseEventLogs,
  parseSignature,
  parseUnits,
  stringToHex,
  type Address,
  type ContractEventName,
  type EIP1193Provider,
  type TransactionReceipt,
} from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";

import { auditCampaign, PROMISE_RULES, tokenInfo, type TokenInfo } from "../client/audit.ts";
import {
  campaignWrites,
  createCampaign,
  registryWrites,
  signConfirmation,
  type Sent,
} from "../client/actions.ts";
import { campaignAbi, mockUsdcAbi, registryAbi } from "../client/generated/abis.ts";
import type { CampaignParams } from "../client/ledger.ts";
import { toCsv, toJson, toMarkdown } from "../client/report.ts";
import { advanceTo, canWarp, step, viemClients } from "./lib/chain.ts";
import { sentenceOf } from "./lib/cli.ts";
import {
  checkJournal,
  deployLocal,
  DEPLOYMENTS_DIR,
  HARDHAT_MNEMONIC,
  removeOtherLocalJournals,
  scenarioDeploymentId,
  mintAndApprove,
  refreshFeeds as refreshMockFeeds,
  TOKEN_DECIMALS,
  type TokenKey,
} from "./lib/local-deployment.ts";
const OUT_DIR = path.join("reports", "scenario");

/** A setup failure (no RPC URL or key, an unreachable node...) as one sentence, exit 2. */
function fatal(error: unknown): never {
  console.error(`error: ${sentenceOf(error)}`);
  process.exit(2);
}
const connection = await network.getOrCreate().catch(fatal);
const provider = connection.provider as unknown as EIP1193Provider;
const { chainId, publicClient, walletFor, clientsFor } = await viemClients(provider).catch(fatal);
const local = chainId === 31337;
const warp = await canWarp(provider);
const mnemonic = local ? HARDHAT_MNEMONIC : process.env.SCENARIO_MNEMONIC;
if (!mnemonic) {
  console.error(
    "error: SCENARIO_MNEMONIC is not set. On a real network every actor is derived from it and account 0 must hold ETH to fund the others.",
  );
  process.exit(2);
}
/** A "day" of the scenario: a real day where time can be moved, a minute where it can't. */
const DAY = warp ? 86_400n : BigInt(process.env.SCENARIO_DAY_SECONDS ?? "60");
/** ETH pledges are scaled down on real networks (test ETH is scarce). */
const ETH_SCALE = local ? 1000n : 1n; // thousandths of the planned amount

const account = (index: number): HDAccount => mnemonicToAccount(mnemonic, { addressIndex: index });
const [admin, vetter, organizer, henan, lagos, quickmask, waho, undp, logistics, relayer] =
  Array.from({ length: 10 }, (_, i) => account(i));
const DONORS = 36;
const donors = Array.from({ length: DONORS }, (_, i) => account(10 + i));

const now = async () => (await publicClient.getBlock()).timestamp;
const id = (text: string) => keccak256(stringToHex(text));

// ── what the chain says, as people read it ───────────────────────────────────────────────────
const tokenInfos = new Map<string, TokenInfo>();
const info = async (token: Address) => {
  const key = token.toLowerCase();
  if (!tokenInfos.has(key)) tokenInfos.set(key, await tokenInfo(publicClient, token));
  return tokenInfos.get(key)!;
};
/** An amount of a token as the chain holds it, shown with at most 6 decimals. */
async function amountOf(token: Address, amount: bigint) {
  const { symbol, decimals } = await info(token);
  const text = Number(formatUnits(amount, decimals)).toLocaleString("en-US", {
    maximumFractionDigits: 6,
  });
  return `${text} ${symbol}`;
}
const usd = (value: bigint) =>
  `$${Number(formatUnits(value, 18)).toLocaleString("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
/** `part / whole` as a percentage with two decimals (bigint arithmetic, rounded down). */
const percent = (part: bigint, whole: bigint) => {
  if (whole === 0n) return "0.00%";
  const bps = (part * 1_000_000n) / whole;
  return `${bps / 10_000n}.${String(bps % 10_000n)
    .padStart(4, "0")
    .slice(0, 2)}%`;
};
/** One line of token amounts, "0.5 ETH, 1,000 USDC", from events that carry (token, amount). */
async function amounts(entries: readonly { token: Address; amount: bigint }[]) {
  const parts = await Promise.all(entries.map((e) => amountOf(e.token, e.amount)));
  return parts.length ? parts.join(", ") : "nothing";
}
function events<const N extends ContractEventName<typeof campaignAbi>>(
  receipt: TransactionReceipt,
  eventName: N,
) {
  return parseEventLogs({ abi: campaignAbi, eventName, logs: receipt.logs });
}
const readCampaign = <T>(campaign: Address, functionName: string, args: readonly unknown[] = []) =>
  publicClient.readContract({
    address: campaign,
    abi: campaignAbi,
    functionName: functionName as never,
    args: args as never,
  }) as Promise<T>;

console.log(
  `Bithelp appeal scenario on chain ${chainId}${local ? " (embedded local chain)" : ""}; time ${warp ? "moved by RPC" : "waited for"}.`,
);
if (!warp)
  console.log(
    `  a scenario "day" lasts ${DAY} seconds on this chain; mock tokens and feeds stand in for real ones.`,
  );

// ── 1. deployment: the same Ignition modules as production, plus mock tokens and feeds ──────
// Under a deployment id of its own, keyed by the chain instance: never chain-<id>, the folder a real
// deployment is published from, and never a journal written for another chain.
const deploymentId = await scenarioDeploymentId(
  publicClient,
  chainId,
  local ? Number(process.env.HANDOVER_LOCAL_PORT ?? "8545") : undefined,
);
const journal = await checkJournal(publicClient, chainId, deploymentId);
if (journal.state === "stale") {
  const folder = path.join(DEPLOYMENTS_DIR, deploymentId);
  if (local) {
    console.log(
      `Ignition's journal ${folder} does not match this chain (${journal.reason}): it belongs to an earlier chain on this port with the same genesis block; starting a fresh deployment.`,
    );
    await rm(folder, { recursive: true, force: true });
  } else {
    console.error(
      `error: Ignition's journal ${folder} does not match chain ${chainId} (${journal.reason}). The scenario's earlier deployment is not on this chain as recorded (a reset testnet, or another node behind the RPC URL). Check SCENARIO_RPC_URL and the network, or move that folder away to deploy afresh.`,
    );
    process.exit(2);
  }
}
if (local) {
  for (const old of await removeOtherLocalJournals(deploymentId))
    console.log(
      `removed ${path.join(DEPLOYMENTS_DIR, old)}, the journal of an earlier local chain`,
    );
}
const { contracts, tokens } = await deployLocal(
  connection,
  { admin, vetter, organizer },
  deploymentId,
).catch(fatal);
step(
  `${journal.state === "matches" ? "reused" : "deployed"} registry, procurement module, campaign implementation and factory (Ignition module Handover, deployment id ${deploymentId})`,
  undefined,
  contracts.factory,
);
step(
  `listed ETH, USDC-like, USDT-like and WBTC-like tokens with mock USD feeds (local stand-ins for Chainlink)`,
  undefined,
  contracts.registry,
);

const registry = registryWrites(clientsFor(vetter), contracts.registry);
const refreshFeeds = () => refreshMockFeeds(clientsFor(admin), contracts);
const readRegistry = <T>(functionName: string, args: readonly unknown[] = []) =>
  publicClient.readContract({
    address: contracts.registry,
    abi: registryAbi,
    functionName: functionName as never,
    args: args as never,
  }) as Promise<T>;

// Fund every actor that is not one of the node's pre-funded accounts.
const fundTarget = local ? parseEther("100") : parseEther("0.02");
for (const a of [
  vetter,
  organizer,
  henan,
  lagos,
  quickmask,
  waho,
  undp,
  logistics,
  relayer,
  ...donors,
]) {
  const balance = await publicClient.getBalance({ address: a.address });
  if (balance < fundTarget / 2n) {
    const hash = await walletFor(admin).sendTransaction({
      to: a.address,
      value: fundTarget - balance,
    });
    await publicClient.waitForTransactionReceipt({ hash });
  }
}
step(`funded ${DONORS} donors and 9 other actors with ETH for gas`);

// ── 2. vetting: suppliers and the named verifiers ────────────────────────────────────────────
type Party = { status: number; name: string; country?: string; organization?: string };
const suppliers = [
  { who: henan, name: "Henan Medical Supplies Co., Ltd.", country: "CN" },
  { who: lagos, name: "Lagos PPE Works Ltd", country: "NG" },
  { who: quickmask, name: "QuickMask Trading FZE", country: "AE" },
];
for (const s of suppliers) {
  if ((await readRegistry<Party>("supplier", [s.who.address])).status !== 0) continue;
  const sent = await registry.registerSupplier(
    s.who.address,
    s.name,
    s.country,
    id(`${s.name}: licence, EN 14683 Type IIR certificates, ISO 13485`),
  );
  const record = await readRegistry<Party>("supplier", [s.who.address]);
  step(`vetter registered supplier ${record.name} (${record.country})`, sent, s.who.address);
}
if ((await readRegistry<Party>("supplier", [quickmask.address])).status === 1) {
  const sent = await registry.suspendSupplier(
    quickmask.address,
    "EN 14683 certificate could not be verified with the notified body",
  );
  const record = await readRegistry<Party>("supplier", [quickmask.address]);
  step(
    `vetter suspended ${record.name} (certificate not verifiable; registry status ${record.status === 2 ? "Suspended" : record.status})`,
    sent,
    quickmask.address,
  );
}
// Verifiers are parties the vetter registers by name; a campaign may only name active ones.
const verifierPlan = [
  {
    who: waho,
    name: "WAHO Abuja warehouse",
    organization: "West African Health Organization (beneficiary)",
  },
  {
    who: undp,
    name: "UN country office, Abuja",
    organization: "United Nations Development Programme",
  },
  { who: logistics, name: "Sahel Freight logistics desk", organization: "Sahel Freight Ltd" },
];
for (const v of verifierPlan) {
  if ((await readRegistry<number>("verifierStatus", [v.who.address])) !== 0) continue;
  const sent = await registry.registerVerifier(
    v.who.address,
    v.name,
    v.organization,
    id(`${v.name}: mandate letter and signing keys`),
  );
  const record = await readRegistry<Party>("verifier", [v.who.address]);
  step(`vetter registered verifier ${record.name} (${record.organization})`, sent, v.who.address);
}
/** A verifier's name as the registry holds it. */
const verifierName = async (who: HDAccount) =>
  (await readRegistry<Party>("verifier", [who.address])).name;

// ── 3. the appeal ────────────────────────────────────────────────────────────────────────
await refreshFeeds();
/** Donor plan: [donor index, token, amount in the token's units as a decimal string]. */
const plan: [number, TokenKey, string][] = [];
for (let i = 0; i < 12; i++)
  plan.push([i, "eth", (((1 + (i % 5) * 0.5) * Number(ETH_SCALE)) / 1000).toString()]);
for (let i = 12; i < 24; i++) plan.push([i, "usdc", String(1_500 + (i % 6) * 500)]);
for (let i = 24; i < 30; i++) plan.push([i, "usdt", String(2_000 + (i % 3) * 750)]);
for (let i = 30; i < 36; i++) plan.push([i, "wbtc", (0.02 + (i % 4) * 0.01).toFixed(2)]);
/** Donor 7 (index 6) cancels its pledge while funding is open. */
const CANCELLING_DONOR = 6;
const usdPerUnit = { eth: 3_000, usdc: 1, usdt: 1, wbtc: 60_000 } as const;
const plannedUsd = plan.reduce((sum, [, t, amount]) => sum + Number(amount) * usdPerUnit[t], 0);
/** What the plan raises with ETH at full scale, after the cancellation: what the orders are sized for. */
const fullScaleUsd = plan.reduce(
  (sum, [i, t, amount]) =>
    i === CANCELLING_DONOR
      ? sum
      : sum + Number(amount) * usdPerUnit[t] * (t === "eth" ? 1000 / Number(ETH_SCALE) : 1),
  0,
);
/** 250,000 masks at $0.40, EN 14683 Type IIR, FOB (2020 prices were $0.30-0.60). */
const goalUsd = BigInt(Math.min(100_000, Math.floor(plannedUsd * 0.85)));

const start = await now();
const wahoParams: CampaignParams = {
  beneficiary: waho.address,
  goalUsd: goalUsd * 10n ** 18n,
  targetUnits: 250_000n,
  deadline: start + 14n * DAY,
  procurementDeadline: start + 120n * DAY,
  deliveryGracePeriod: 7n * DAY,
  maxAdvanceBps: 3_000,
  threshold: 2,
  allOrNothing: true,
  tokens: [tokens.eth, tokens.usdc, tokens.usdt, tokens.wbtc],
  verifiers: [waho.address, undp.address, logistics.address],
  unitName: "surgical masks (EN 14683 Type IIR)",
  metadataURI: "ipfs://bafybeihandoverwaho2020masks/metadata.json#250000-surgical-masks-for-waho",
};
const wahoCreated = await createCampaign(clientsFor(organizer), contracts.factory, wahoParams);
const wahoCampaign = wahoCreated.campaign;
/** Whole days from a campaign's creation block to its funding deadline. */
async function fundingDays(created: Sent, deadline: number | bigint) {
  const { timestamp } = await publicClient.getBlock({ blockNumber: created.receipt.blockNumber });
  return (BigInt(deadline) - timestamp + DAY / 2n) / DAY;
}
{
  const p = await readCampaign<CampaignParams>(wahoCampaign, "params");
  const names = await Promise.all(
    p.verifiers.map(async (v) => (await readRegistry<Party>("verifier", [v])).name),
  );
  step(
    `organizer launched "${p.targetUnits.toLocaleString("en-US")} surgical masks for WAHO": goal ${usd(p.goalUsd)} for ${p.targetUnits.toLocaleString("en-US")} ${p.unitName}, ${p.allOrNothing ? "all-or-nothing" : "keep what you raise"}, ${await fundingDays(wahoCreated, p.deadline)} days, advances at most ${p.maxAdvanceBps / 100}% of each token, verifiers ${names.join(", ")} (${p.threshold} of ${p.verifiers.length})`,
    wahoCreated,
    wahoCampaign,
  );
}

/** "donor n pledged 1.5 ETH ($4,500.00 at pledge time)", from the Pledged event. */
async function pledged(sent: Sent) {
  const [event] = events(sent.receipt, "Pledged");
  return `${await amountOf(event.args.token, event.args.amount)} (${usd(event.args.usdValue)} at pledge time)`;
}

async function pledgeAll(campaign: Address, entries: typeof plan, permitIndex?: number) {
  for (const [index, token, amountText] of entries) {
    const donor = donors[index];
    const writes = campaignWrites(clientsFor(donor), campaign);
    if (token === "eth") {
      const sent = await writes.pledgeETH(parseUnits(amountText, TOKEN_DECIMALS.eth));
      step(`donor ${index + 1} pledged ${await pledged(sent)}`, sent);
      continue;
    }
    const withPermit = index === permitIndex;
    // The dApp approves exactly the amount pledged (none at all with a permit).
    const amount = await mintAndApprove(
      clientsFor(donor),
      token,
      tokens,
      amountText,
      campaign,
      !withPermit,
    );
    if (withPermit) {
      const deadline = (await now()) + 3_600n;
      const nonce = await publicClient.readContract({
        address: tokens.usdc,
        abi: mockUsdcAbi,
        functionName: "nonces",
        args: [donor.address],
      });
      const [, name, version] = await publicClient.readContract({
        address: tokens.usdc,
        abi: mockUsdcAbi,
        functionName: "eip712Domain",
      });
      const signature = await walletFor(donor).signTypedData({
        domain: { name, version, chainId, verifyingContract: tokens.usdc },
        types: {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        primaryType: "Permit",
        message: { owner: donor.address, spender: campaign, value: amount, nonce, deadline },
      });
      const { v, r, s } = parseSignature(signature);
      const sent = await writes.pledgeWithPermit(tokens.usdc, amount, deadline, Number(v), r, s);
      step(
        `donor ${index + 1} pledged ${await pledged(sent)} with an EIP-2612 permit (no approve transaction)`,
        sent,
      );
      continue;
    }
    const sent = await writes.pledge(tokens[token], amount);
    step(`donor ${index + 1} pledged ${await pledged(sent)}`, sent);
  }
}
await pledgeAll(wahoCampaign, plan, 13);

// One donor changes its mind while funding is open.
{
  const sent = await campaignWrites(
    clientsFor(donors[CANCELLING_DONOR]),
    wahoCampaign,
  ).cancelPledge(tokens.eth);
  const [event] = events(sent.receipt, "PledgeCancelled");
  step(
    `donor ${CANCELLING_DONOR + 1} cancelled its pledge while funding was open and took back ${await amountOf(event.args.token, event.args.amount)}`,
    sent,
  );
}

// ── 4. the second, smaller appeal (it will fail) ────────────────────────────────────────────
const banjulParams: CampaignParams = {
  ...wahoParams,
  beneficiary: waho.address,
  goalUsd: 8_000n * 10n ** 18n,
  targetUnits: 20_000n,
  deadline: (await now()) + 10n * DAY,
  procurementDeadline: (await now()) + 60n * DAY,
  tokens: [tokens.eth, tokens.usdc],
  unitName: "surgical masks for Banjul",
  metadataURI:
    "ipfs://bafybeihandoverbanjul2020masks/metadata.json#20000-masks-for-banjul-and-waho",
};
const banjulCreated = await createCampaign(clientsFor(organizer), contracts.factory, banjulParams);
const banjulCampaign = banjulCreated.campaign;
{
  const p = await readCampaign<CampaignParams>(banjulCampaign, "params");
  step(
    `organizer launched "${p.targetUnits.toLocaleString("en-US")} surgical masks for Banjul" (goal ${usd(p.goalUsd)}, ${p.allOrNothing ? "all-or-nothing" : "keep what you raise"}, ${await fundingDays(banjulCreated, p.deadline)} days)`,
    banjulCreated,
    banjulCampaign,
  );
}
const banjulPlan: typeof plan = [
  [0, "eth", ((0.3 * Number(ETH_SCALE)) / 1000).toString()],
  [12, "usdc", "1200"],
  [13, "usdc", "650"],
  [25, "usdc", "400"],
];
await pledgeAll(banjulCampaign, banjulPlan);

// ── 5. deadlines pass ────────────────────────────────────────────────────────────────────
const STATUS = ["Uninitialized", "Funding", "Failed", "Procurement", "Closed"] as const;
await advanceTo(provider, publicClient, wahoParams.deadline, warp);
await refreshFeeds();
{
  const [wahoStatus, wahoRaised, banjulStatus, banjulRaised] = await Promise.all([
    readCampaign<number>(wahoCampaign, "status"),
    readCampaign<bigint>(wahoCampaign, "raisedUsd"),
    readCampaign<number>(banjulCampaign, "status"),
    readCampaign<bigint>(banjulCampaign, "raisedUsd"),
  ]);
  step(
    `the funding deadlines passed: WAHO raised ${usd(wahoRaised)} (${STATUS[wahoStatus]}), Banjul ${usd(banjulRaised)} (${STATUS[banjulStatus]})`,
  );
}

// ── 6. procurement: orders in USD, paid in the pool's token mix ────────────────────────────────
const org = campaignWrites(clientsFor(organizer), wahoCampaign);
const raised = await readCampaign<bigint>(wahoCampaign, "raisedUsd");
/**
 * The orders are sized for what the plan raises at full scale; where ETH pledges are scaled down
 * (real networks) they shrink in proportion, so they always fit in what was raised.
 */
const FULL_SCALE = BigInt(Math.round(fullScaleUsd)) * 10n ** 18n;
const orderUsd = (dollars: bigint) =>
  raised >= FULL_SCALE ? dollars * 10n ** 18n : (dollars * 10n ** 18n * raised) / FULL_SCALE;

/** Places an order and prints what it reserves in each token, from its OrderReserved events. */
async function placeOrder(
  what: string,
  order: {
    supplier: Address;
    amountUsd: bigint;
    units: bigint;
    deliverBy: bigint;
    advanceBps: number;
    termsHash: `0x${string}`;
  },
) {
  const sent = await org.createOrder(order);
  const [created] = events(sent.receipt, "OrderCreated");
  const reserved = events(sent.receipt, "OrderReserved").map((e) => e.args);
  const shares = await Promise.all(
    reserved.map(async (r) => {
      const ledger = await readCampaign<{ pledged: bigint; cancelled: bigint }>(
        wahoCampaign,
        "ledger",
        [r.token],
      );
      return { ...r, net: ledger.pledged - ledger.cancelled };
    }),
  );
  const fractions = [...new Set(shares.map((s) => percent(s.amount, s.net)))];
  step(
    `organizer placed order #${created.args.orderId}: ${created.args.units.toLocaleString("en-US")} masks from ${what} for ${usd(created.args.amountUsd)}${created.args.advanceBps ? `, ${created.args.advanceBps / 100}% advance` : ", no advance"}; it reserves ${await amounts(reserved)} (${fractions.join(" / ")} of each token's pool)`,
    sent,
  );
  return sent;
}

const t0 = await now();
// Order A: 60,000 masks from Henan at $0.40, 20% advance.
const orderA = await placeOrder("Henan Medical", {
  supplier: henan.address,
  amountUsd: orderUsd(24_000n),
  units: 60_000n,
  deliverBy: t0 + 30n * DAY,
  advanceBps: 2_000,
  termsHash: id("PO-2020-WAHO-001: 60,000 Type IIR masks, FOB Zhengzhou, USD 0.40"),
});
// Order B: 110,000 masks from Lagos PPE Works at $0.40, no advance.
const orderB = await placeOrder("Lagos PPE Works", {
  supplier: lagos.address,
  amountUsd: orderUsd(44_000n),
  units: 110_000n,
  deliverBy: t0 + 35n * DAY,
  advanceBps: 0,
  termsHash: id("PO-2020-WAHO-002: 110,000 Type IIR masks, DAP Abuja"),
});
// Order C: 40,000 masks from Henan at $0.45 by express air freight, due in 20 days; it will be late.
const orderC = await placeOrder("Henan Medical (express)", {
  supplier: henan.address,
  amountUsd: orderUsd(18_000n),
  units: 40_000n,
  deliverBy: t0 + 20n * DAY,
  advanceBps: 0,
  termsHash: id("PO-2020-WAHO-003: 40,000 Type IIR masks, express air freight"),
});

const henanW = campaignWrites(clientsFor(henan), wahoCampaign);
const lagosW = campaignWrites(clientsFor(lagos), wahoCampaign);
/** What a step credited to suppliers, from its PaymentReleased events. */
const released = (sent: Sent) =>
  amounts(events(sent.receipt, "PaymentReleased").map((e) => e.args));
{
  const sent = await henanW.acceptOrder(orderA.orderId);
  const ledgers = await Promise.all(
    wahoParams.tokens.map((t) =>
      readCampaign<{ unbacked: bigint; advanceCap: bigint }>(wahoCampaign, "ledger", [t]),
    ),
  );
  const used = [...new Set(ledgers.map((l) => percent(l.unbacked, l.advanceCap)))];
  step(
    `Henan accepted order #${orderA.orderId}; its advance was credited in every token: ${await released(sent)} (${used.join(" / ")} of the campaign's advance cap used)`,
    sent,
  );
}
step(`Lagos PPE Works accepted order #${orderB.orderId}`, await lagosW.acceptOrder(orderB.orderId));
step(`Henan accepted order #${orderC.orderId}`, await henanW.acceptOrder(orderC.orderId));
/** "withdrew 1 ETH, 2 USDC", from the Withdrawn events of one withdraw(). */
const withdrew = (sent: Sent) => amounts(events(sent.receipt, "Withdrawn").map((e) => e.args));
{
  const sent = await henanW.withdraw();
  step(`Henan withdrew its advance, every token at once: ${await withdrew(sent)}`, sent);
}
step(
  `Henan marked order #${orderA.orderId} shipped (bill of lading)`,
  await henanW.markShipped(orderA.orderId, "ipfs://bafybeihandoverbol/PO-001-BL-ZGZ-ABV-0412.pdf"),
);
step(
  `Lagos PPE Works marked order #${orderB.orderId} shipped (waybill)`,
  await lagosW.markShipped(orderB.orderId, "ipfs://bafybeihandoverwaybill/PO-002-LOS-ABV-0415.pdf"),
);

type OrderView = { units: bigint; unitsVerified: bigint; unitsPaid: bigint; status: number };
const ORDER_STATUS = ["None", "Placed", "Accepted", "Shipped", "Completed", "Cancelled"] as const;
/** "30,000 of 60,000 masks verified, Shipped", from the order view. */
async function progress(orderId: bigint) {
  const o = await readCampaign<OrderView>(wahoCampaign, "order", [orderId]);
  return `${o.unitsVerified.toLocaleString("en-US")} of ${o.units.toLocaleString("en-US")} masks verified, order ${ORDER_STATUS[o.status]}`;
}

// First part of order A: 30,000 masks, confirmed by transactions from WAHO and the UN office.
await advanceTo(provider, publicClient, t0 + 12n * DAY, warp);
await refreshFeeds();
const receiptA1 = id("Abuja warehouse goods received note GRN-0417: 30,000 masks, lot ZZ-2020-04");
for (const verifier of [waho, undp]) {
  const sent = await campaignWrites(clientsFor(verifier), wahoCampaign).confirmDelivery(
    orderA.orderId,
    30_000n,
    receiptA1,
  );
  const [confirmed] = events(sent.receipt, "DeliveryConfirmed");
  const paid = events(sent.receipt, "PaymentReleased");
  step(
    `${await verifierName(verifier)} confirmed ${confirmed.args.unitsDelivered.toLocaleString("en-US")} masks of order #${orderA.orderId} (transaction): ${await progress(orderA.orderId)}${paid.length ? `; Henan credited ${await released(sent)}` : ""}`,
    sent,
  );
}

// Second part: 60,000 in all, by EIP-712 signatures collected off-chain, submitted by a third party.
await advanceTo(provider, publicClient, t0 + 25n * DAY, warp);
await refreshFeeds();
const receiptA2 = id("Abuja warehouse goods received note GRN-0502: 30,000 masks, lot ZZ-2020-05");
// Each signature binds the order's supplier and terms, the verifier's nonce and a deadline.
const signatureDeadline = (await now()) + 2n * DAY;
const signatures = [];
for (const verifier of [waho, logistics]) {
  signatures.push(
    await signConfirmation(publicClient, walletFor(verifier), wahoCampaign, {
      orderId: orderA.orderId,
      unitsDelivered: 60_000n,
      evidenceHash: receiptA2,
      deadline: signatureDeadline,
    }),
  );
}
{
  const sent = await campaignWrites(clientsFor(relayer), wahoCampaign).confirmDeliveryBySig(
    orderA.orderId,
    60_000n,
    receiptA2,
    signatures,
  );
  const signers = await Promise.all(
    events(sent.receipt, "DeliveryConfirmed").map(async (e) => {
      const record = await readRegistry<Party>("verifier", [e.args.verifier]);
      return record.name;
    }),
  );
  step(
    `a relayer submitted ${signers.join("'s and ")}'s signed confirmations (nonce and deadline each): ${await progress(orderA.orderId)}; Henan credited ${await released(sent)}`,
    sent,
  );
}

// Order B delivered in full, confirmed by the UN office and the logistics agent.
const receiptB = id("Abuja warehouse goods received note GRN-0505: 110,000 masks from Lagos");
for (const verifier of [undp, logistics]) {
  const sent = await campaignWrites(clientsFor(verifier), wahoCampaign).confirmDelivery(
    orderB.orderId,
    110_000n,
    receiptB,
  );
  const [confirmed] = events(sent.receipt, "DeliveryConfirmed");
  const paid = events(sent.receipt, "PaymentReleased");
  step(
    `${await verifierName(verifier)} confirmed ${confirmed.args.unitsDelivered.toLocaleString("en-US")} masks of order #${orderB.orderId}: ${await progress(orderB.orderId)}${paid.length ? `; Lagos PPE Works credited ${await released(sent)}` : ""}`,
    sent,
  );
}

// Order C is late: its deliver-by date and grace period pass, the organizer cancels it.
await advanceTo(provider, publicClient, t0 + 20n * DAY + 7n * DAY, warp);
{
  const sent = await org.cancelOrder(orderC.orderId);
  const returned = events(sent.receipt, "ReservationReturned").map((e) => e.args);
  step(
    `order #${orderC.orderId} is late; the organizer cancelled it and ${await amounts(returned)} returned to the pools`,
    sent,
  );
}

// ── 7. close, refunds, withdrawals ──────────────────────────────────────────────────────────
{
  const sent = await org.close();
  const unspent = events(sent.receipt, "UnspentRecorded").map((e) => e.args);
  const fractions = [...new Set(unspent.map((u) => percent(u.unspent, u.netPledged)))];
  step(
    `organizer closed the appeal; unspent ${await amounts(unspent.map((u) => ({ token: u.token, amount: u.unspent })))}: ${fractions.join(" / ")} of every token's net pledges goes back to its donors`,
    sent,
  );
}
for (const [index, token] of plan) {
  if (index === CANCELLING_DONOR) continue;
  const donor = donors[index];
  const [pledge] = await readCampaign<readonly [bigint, bigint]>(wahoCampaign, "pledgeOf", [
    donor.address,
    tokens[token],
  ]);
  const sent = await campaignWrites(clientsFor(donor), wahoCampaign)
    .claimRefund(tokens[token])
    .catch((e) => e as Error);
  if (sent instanceof Error) {
    step(`donor ${index + 1} has no unspent share in ${token.toUpperCase()} (${sent.message})`);
    continue;
  }
  const [refund] = events(sent.receipt, "RefundClaimed");
  step(
    `donor ${index + 1} claimed ${await amountOf(refund.args.token, refund.args.amount)}, ${percent(refund.args.amount, pledge)} of its pledge`,
    sent,
  );
}
{
  const sent = await henanW.withdraw();
  step(`Henan withdrew its earnings, every token at once: ${await withdrew(sent)}`, sent);
}
{
  const sent = await lagosW.withdraw();
  step(`Lagos PPE Works withdrew its earnings: ${await withdrew(sent)}`, sent);
}

// ── 8. the failed appeal refunds everyone in full ───────────────────────────────────────────
await refreshFeeds();
for (const [index, token] of banjulPlan) {
  const donor = donors[index];
  const [pledge] = await readCampaign<readonly [bigint, bigint]>(banjulCampaign, "pledgeOf", [
    donor.address,
    tokens[token],
  ]);
  const sent = await campaignWrites(clientsFor(donor), banjulCampaign).claimRefund(tokens[token]);
  const [refund] = events(sent.receipt, "RefundClaimed");
  step(
    `donor ${index + 1} took back ${await amountOf(refund.args.token, refund.args.amount)} from the failed Banjul appeal, ${percent(refund.args.amount, pledge)} of its pledge`,
    sent,
  );
}

// ── 9. the record and the transparency reports ──────────────────────────────────────────────
await mkdir(OUT_DIR, { recursive: true });
const rpcUrl = local
  ? `http://127.0.0.1:${process.env.HANDOVER_LOCAL_PORT ?? "8545"}`
  : (process.env.SCENARIO_RPC_URL ?? "<the RPC URL of this network>");
const record = {
  chainId,
  rpcUrl,
  contracts,
  campaigns: [
    {
      name: "250,000 surgical masks for WAHO",
      address: wahoCampaign,
      creationBlock: wahoCreated.receipt.blockNumber.toString(),
    },
    {
      name: "20,000 surgical masks for Banjul",
      address: banjulCampaign,
      creationBlock: banjulCreated.receipt.blockNumber.toString(),
    },
  ],
};
await writeFile(path.join(OUT_DIR, "scenario.json"), JSON.stringify(record, null, 2) + "\n");
console.log(`\nwrote ${path.join(OUT_DIR, "scenario.json")}`);

let problems = 0;
for (const c of record.campaigns) {
  const result = await auditCampaign(publicClient, c.address, {
    fromBlock: BigInt(c.creationBlock),
  });
  const dir = path.join(OUT_DIR, c.name.startsWith("250,000") ? "waho" : "banjul");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "report.md"), toMarkdown(result));
  await writeFile(path.join(dir, "ledger.csv"), toCsv(result));
  await writeFile(path.join(dir, "audit.json"), toJson(result));
  const delivered = result.ledger.orders.reduce((s, o) => s + o.unitsVerified, 0n);
  console.log(`\n${c.name} — ${c.address}`);
  console.log(
    `  status ${result.status}; raised ${usd(result.raisedUsd)} from ${Object.keys(result.ledger.donors).length} donors; ${delivered.toLocaleString("en-US")} units delivered and verified`,
  );
  // The promise: every rule checked, every check holding.
  for (const rule of Object.keys(PROMISE_RULES)) {
    const checks = result.checks.filter((check) => check.rule === rule);
    const broken = checks.filter((check) => !check.ok);
    const holds = checks.length > 0 && broken.length === 0;
    if (!holds) problems++;
    console.log(
      `  ${holds ? "holds " : "BROKEN"}  ${rule} (${checks.length} check${checks.length === 1 ? "" : "s"}${broken.length ? `, ${broken.length} broken` : ""})`,
    );
  }
  problems += result.discrepancies.length;
  console.log(
    `  ${result.checks.length} checks, ${result.discrepancies.length} discrepancies; report ${path.join(dir, "report.md")}`,
  );
  console.log(
    `  audit it yourself: npm run audit -- --rpc ${rpcUrl} --campaign ${c.address} --from-block ${c.creationBlock}`,
  );
}
if (problems > 0) {
  console.error(
    `\n${problems} problems found (discrepancies or promise rules not holding): see the reports.`,
  );
  process.exit(1);
}
