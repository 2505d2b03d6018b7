/**
 * Seeds a fresh local chain with the Bithelp appeals at a moment where something is left to do,
 * for `npm start` and the browser tests. Run by scripts/start.ts and e2e/harness.ts as
 *
 *   HANDOVER_LOCAL_PORT=8545 npx hardhat run scripts/seed.ts --network localhost
 *
 * It deploys through the same Ignition modules as the scenario (Handover + local mock tokens and
 * feeds, journal in ignition/deployments/local-<port>/), vets the suppliers, registers the
 * verifiers (WAHO's Abuja warehouse, the UN country office, a logistics agent), then leaves:
 *
 * - "closed": 50,000 masks for WAHO, funded in four tokens, two orders delivered, verified and paid
 *   in the pool's token mix (every donor's money spent in the same proportion), closed and audited;
 *   donors 1–4 still have their unspent share (7/12 of what each gave) to claim.
 * - "failed": 20,000 masks for Banjul, missed its all-or-nothing goal; donors 1, 2 and 6 can take
 *   their pledges back in full.
 * - "delivering": 40,000 masks for Accra, funding closed early (goal met); order #0 (Henan, USDC)
 *   accepted, shipped and 10,000 of 20,000 units verified; order #1 (Lagos PPE Works, ETH) placed and
 *   awaiting the supplier's acceptance.
 * - "open": 100,000 masks for Niamey, funding open for 30 days with two pledges.
 *
 * Every actor is one of the 20 accounts `hardhat node` unlocks (the developer wallet's roles), so
 * every remaining step can be taken in the dApp. It writes the dApp's `/local-deployment.json`
 * (to HANDOVER_SEED_OUT, default app/public/local-deployment.json) with the appeals' addresses, the
 * block the deployment starts at, and the EAS contracts (deployed here too, with the audit schema)
 * that auditors attest through.
 *
 * Stories, terms and evidence are real files (content/appeals), content-addressed as the embedded
 * IPFS node serves them: each appeal's `metadataURI` is `ipfs://<its metadata.json's CID>`, every
 * order's `termsHash` and every confirmation's `evidenceHash` the sha2-256 digest of the terms' or
 * goods received note's CID, every shipment's evidence an `ipfs://` URI.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { network } from "hardhat";
import {
  formatUnits,
  keccak256,
  parseUnits,
  stringToHex,
  type Address,
  type EIP1193Provider,
  type Hex,
} from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";

import { AUDIT_SCHEMA_UID, ensureAuditSchema } from "../client/attest.ts";
import { auditCampaign } from "../client/audit.ts";
import { computeCid, digestOf, ipfsUri } from "../client/content.ts";
import { campaignWrites, createCampaign, registryWrites } from "../client/actions.ts";
import { campaignAbi, registryAbi } from "../client/generated/abis.ts";
import type { CampaignParams } from "../client/ledger.ts";
import EASModule from "../ignition/modules/EAS.ts";
import { advanceTo, step, viemClients } from "./lib/chain.ts";
import { CONTENT_DIR, DEFAULT_IPFS_PORT } from "./lib/ipfs-node.ts";
import {
  deployLocal,
  HARDHAT_MNEMONIC,
  mintAndApprove,
  refreshFeeds as refreshMockFeeds,
  TOKEN_DECIMALS,
  type TokenKey,
} from "./lib/local-deployment.ts";

const PORT = process.env.HANDOVER_LOCAL_PORT ?? "8545";
const OUT = process.env.HANDOVER_SEED_OUT ?? path.join("app", "public", "local-deployment.json");
const DAY = 86_400n;

const connection = await network.getOrCreate();
const provider = connection.provider as unknown as EIP1193Provider;
const { chainId, publicClient, clientsFor } = await viemClients(provider);
if (chainId !== 31337) {
  console.error(`error: the seed is for the local chain (31337), not chain ${chainId}`);
  process.exit(2);
}

const account = (index: number): HDAccount =>
  mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
const [admin, vetter, organizer, henan, lagos, quickmask, waho, undp, logistics] = Array.from(
  { length: 9 },
  (_, i) => account(i),
);
/** donor(1) is account 10, ... donor(10) is account 19: "Donor n" in the developer wallet. */
const donor = (n: number) => account(9 + n);
const id = (text: string) => keccak256(stringToHex(text));
const now = async () => (await publicClient.getBlock()).timestamp;
/** What the chain says an appeal raised, in USD, for the printout. */
async function raised(campaign: Address) {
  const usd = await publicClient.readContract({
    address: campaign,
    abi: campaignAbi,
    functionName: "raisedUsd",
  });
  return `$${Number(formatUnits(usd, 18)).toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
}

/** The CID of a seeded file (content/appeals/<file>), as the embedded IPFS node serves it. */
async function content(file: string) {
  return computeCid(new Uint8Array(await readFile(path.join(CONTENT_DIR, "appeals", file))));
}
/** `ipfs://<cid>` of a seeded file: metadata URIs and shipment evidence. */
const contentUri = async (file: string) => ipfsUri(await content(file));
/** The bytes32 on chain for a seeded file: terms and delivery evidence. */
const contentHash = async (file: string): Promise<Hex> => digestOf(await content(file));

// ── deployment (a fresh Ignition journal per local port) ─────────────────────────────────────
// Everything this seed deploys comes after this block: the dApp and the auditor scan from it.
const startBlock = (await publicClient.getBlockNumber()) + 1n;
const deploymentId = `local-${PORT}`;
await rm(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
const { contracts, tokens } = await deployLocal(
  connection,
  { admin, vetter, organizer },
  deploymentId,
);
step("deployed Handover with mock tokens and feeds (Ignition module LocalTokens)");
const easDeployment = await connection.ignition.deploy(EASModule, {
  defaultSender: admin.address,
  deploymentId,
});
const eas = {
  eas: (await easDeployment.eas.getAddress()) as Address,
  schemaRegistry: (await easDeployment.schemaRegistry.getAddress()) as Address,
};
await ensureAuditSchema(clientsFor(admin), eas.schemaRegistry);
step(`deployed EAS (Ignition module EAS) and registered the audit schema ${AUDIT_SCHEMA_UID}`);

const refreshFeeds = () => refreshMockFeeds(clientsFor(admin), contracts);

// ── vetting ───────────────────────────────────────────────────────────────────────────────
const registry = registryWrites(clientsFor(vetter), contracts.registry);
for (const [who, name, country] of [
  [henan, "Henan Medical Supplies Co., Ltd.", "CN"],
  [lagos, "Lagos PPE Works Ltd", "NG"],
  [quickmask, "QuickMask Trading FZE", "AE"],
] as const) {
  await registry.registerSupplier(who.address, name, country, id(`${name}: due diligence`));
}
await registry.suspendSupplier(quickmask.address, "EN 14683 certificate could not be verified");
step("vetted Henan Medical and Lagos PPE Works; QuickMask registered and suspended");
for (const [who, name, organization] of [
  [waho, "WAHO Abuja warehouse", "West African Health Organization"],
  [undp, "UN country office, Abuja", "United Nations Development Programme"],
  [logistics, "Sahel Freight logistics desk", "Sahel Freight Ltd"],
] as const) {
  await registry.registerVerifier(who.address, name, organization, id(`${name}: registration`));
}
step("registered the verifiers: WAHO Abuja warehouse, UN country office, Sahel Freight");

// ── helpers ───────────────────────────────────────────────────────────────────────────────
async function pledge(campaign: Address, n: number, token: TokenKey, amountText: string) {
  const who = clientsFor(donor(n));
  const writes = campaignWrites(who, campaign);
  if (token === "eth") return writes.pledgeETH(parseUnits(amountText, TOKEN_DECIMALS.eth));
  const amount = await mintAndApprove(who, token, tokens, amountText, campaign);
  return writes.pledge(tokens[token], amount);
}

const verifiers = [waho.address, undp.address, logistics.address];
/**
 * The beneficiaries: WAHO's warehouse (a registered verifier, so named by the registry) for its own
 * appeal; for the others, addresses of their own (the mnemonic's accounts 20-22, which `hardhat node`
 * does not fund: a beneficiary only receives), named by each appeal's metadata.
 */
const beneficiaries = {
  waho: waho.address,
  banjul: account(20).address,
  accra: account(21).address,
  niamey: account(22).address,
};
async function launch(
  name: string,
  params: Omit<CampaignParams, "beneficiary" | "verifiers" | "threshold" | "deliveryGracePeriod">,
  beneficiary: Address = beneficiaries.waho,
) {
  const created = await createCampaign(clientsFor(organizer), contracts.factory, {
    beneficiary,
    verifiers,
    threshold: 2,
    deliveryGracePeriod: 7n * DAY,
    ...params,
  });
  step(`organizer launched "${name}"`, created, created.campaign);
  return created;
}

// ── 1. the closed appeal and the failed one (their deadlines pass) ─────────────────────────
let t = await now();
const closed = await launch("50,000 surgical masks for WAHO", {
  goalUsd: 20_000n * 10n ** 18n,
  targetUnits: 50_000n,
  deadline: t + 14n * DAY,
  procurementDeadline: t + 120n * DAY,
  maxAdvanceBps: 3_000,
  allOrNothing: true,
  tokens: [tokens.eth, tokens.usdc, tokens.usdt, tokens.wbtc],
  unitName: "surgical masks (EN 14683 Type IIR)",
  metadataURI: await contentUri("waho/metadata.json"),
});
await pledge(closed.campaign, 1, "eth", "3");
await pledge(closed.campaign, 2, "usdc", "5000");
await pledge(closed.campaign, 3, "usdt", "4000");
await pledge(closed.campaign, 4, "wbtc", "0.1");
step(
  `donors 1–4 pledged 3 ETH, 5,000 USDC, 4,000 USDT and 0.1 WBTC (${await raised(closed.campaign)})`,
);

const failed = await launch(
  "20,000 surgical masks for Banjul",
  {
    goalUsd: 50_000n * 10n ** 18n,
    targetUnits: 20_000n,
    deadline: t + 10n * DAY,
    procurementDeadline: t + 60n * DAY,
    maxAdvanceBps: 3_000,
    allOrNothing: true,
    tokens: [tokens.eth, tokens.usdc],
    unitName: "surgical masks for Banjul",
    metadataURI: await contentUri("banjul/metadata.json"),
  },
  beneficiaries.banjul,
);
await pledge(failed.campaign, 1, "eth", "0.5");
await pledge(failed.campaign, 2, "usdc", "1000");
await pledge(failed.campaign, 6, "eth", "0.2");
step(`donors 1, 2 and 6 pledged to Banjul (${await raised(failed.campaign)} of a $50,000 goal)`);

await advanceTo(provider, publicClient, t + 14n * DAY + 60n, true);
await refreshFeeds();
step("14 days passed: WAHO met its goal, Banjul failed");

const wahoOrg = campaignWrites(clientsFor(organizer), closed.campaign);
t = await now();
// Orders are priced in USD and reserve the same share of every token: $10,000 of $24,000 raised.
const orderA = await wahoOrg.createOrder({
  supplier: henan.address,
  amountUsd: 4_000n * 10n ** 18n,
  units: 10_000n,
  deliverBy: t + 30n * DAY,
  advanceBps: 2_000,
  termsHash: await contentHash("waho/terms/PO-WAHO-001.md"),
});
const orderB = await wahoOrg.createOrder({
  supplier: lagos.address,
  amountUsd: 6_000n * 10n ** 18n,
  units: 15_000n,
  deliverBy: t + 30n * DAY,
  advanceBps: 0,
  termsHash: await contentHash("waho/terms/PO-WAHO-002.md"),
});
const henanWaho = campaignWrites(clientsFor(henan), closed.campaign);
const lagosWaho = campaignWrites(clientsFor(lagos), closed.campaign);
await henanWaho.acceptOrder(orderA.orderId);
await lagosWaho.acceptOrder(orderB.orderId);
await henanWaho.markShipped(
  orderA.orderId,
  await contentUri("waho/evidence/PO-WAHO-001-bill-of-lading.md"),
);
await lagosWaho.markShipped(
  orderB.orderId,
  await contentUri("waho/evidence/PO-WAHO-002-waybill.md"),
);
for (const verifier of [waho, undp]) {
  const w = campaignWrites(clientsFor(verifier), closed.campaign);
  await w.confirmDelivery(orderA.orderId, 10_000n, await contentHash("waho/evidence/GRN-0417.md"));
  await w.confirmDelivery(orderB.orderId, 15_000n, await contentHash("waho/evidence/GRN-0505.md"));
}
await henanWaho.withdraw();
await lagosWaho.withdraw();
await wahoOrg.close();
step(
  "WAHO: two orders ($10,000) delivered, verified 2 of 3, paid in the pool's token mix, withdrawn; appeal closed",
);

// ── 2. the appeal whose orders await delivery ─────────────────────────────────────────────
t = await now();
const delivering = await launch(
  "40,000 surgical masks for Accra",
  {
    goalUsd: 10_000n * 10n ** 18n,
    targetUnits: 40_000n,
    deadline: t + 21n * DAY,
    procurementDeadline: t + 150n * DAY,
    maxAdvanceBps: 3_000,
    allOrNothing: true,
    tokens: [tokens.eth, tokens.usdc],
    unitName: "surgical masks for Accra",
    metadataURI: await contentUri("accra/metadata.json"),
  },
  beneficiaries.accra,
);
await pledge(delivering.campaign, 5, "eth", "2");
await pledge(delivering.campaign, 6, "usdc", "5000");
const accraOrg = campaignWrites(clientsFor(organizer), delivering.campaign);
await accraOrg.closeFunding();
const orderC = await accraOrg.createOrder({
  supplier: henan.address,
  amountUsd: 4_000n * 10n ** 18n,
  units: 20_000n,
  deliverBy: t + 60n * DAY,
  advanceBps: 2_000,
  termsHash: await contentHash("accra/terms/PO-ACCRA-001.md"),
});
await accraOrg.createOrder({
  supplier: lagos.address,
  amountUsd: 4_500n * 10n ** 18n,
  units: 20_000n,
  deliverBy: t + 60n * DAY,
  advanceBps: 0,
  termsHash: await contentHash("accra/terms/PO-ACCRA-002.md"),
});
const henanAccra = campaignWrites(clientsFor(henan), delivering.campaign);
await henanAccra.acceptOrder(orderC.orderId);
await henanAccra.markShipped(
  orderC.orderId,
  await contentUri("accra/evidence/ACCRA-001-bill-of-lading.md"),
);
for (const verifier of [waho, undp])
  await campaignWrites(clientsFor(verifier), delivering.campaign).confirmDelivery(
    orderC.orderId,
    10_000n,
    await contentHash("accra/evidence/GRN-ACCRA-1.md"),
  );
step(
  "Accra: funding closed early; order #0 accepted, shipped, 10,000 of 20,000 verified; order #1 awaits Lagos PPE Works",
);

// ── 3. the appeal still taking pledges ───────────────────────────────────────────────────
const open = await launch(
  "100,000 surgical masks for Niamey",
  {
    goalUsd: 50_000n * 10n ** 18n,
    targetUnits: 100_000n,
    deadline: t + 30n * DAY,
    procurementDeadline: t + 180n * DAY,
    maxAdvanceBps: 3_000,
    allOrNothing: true,
    tokens: [tokens.eth, tokens.usdc, tokens.usdt, tokens.wbtc],
    unitName: "surgical masks for Niamey",
    metadataURI: await contentUri("niamey/metadata.json"),
  },
  beneficiaries.niamey,
);
await pledge(open.campaign, 7, "eth", "1");
await pledge(open.campaign, 8, "usdc", "2500");
step(
  `Niamey: donors 7 and 8 pledged ${await raised(open.campaign)} of $50,000; funding open for 30 days`,
);
await refreshFeeds();

// ── the record the dApp and the tests read ──────────────────────────────────────────────
const audit = await auditCampaign(publicClient, closed.campaign, {
  fromBlock: closed.receipt.blockNumber,
});
step(`audited WAHO: ${audit.checks.length} checks, ${audit.discrepancies.length} discrepancies`);
if (audit.discrepancies.length) {
  console.error(audit.discrepancies);
  process.exit(1);
}
const record = {
  chainId,
  contracts: { ...contracts, ...eas },
  startBlock: startBlock.toString(),
  auditSchemaUid: AUDIT_SCHEMA_UID,
  // Where the embedded IPFS node (npm run ipfs, startLocalIpfs) serves the appeals' content.
  ipfsGateways: [
    process.env.HANDOVER_IPFS_GATEWAY ??
      `http://127.0.0.1:${process.env.HANDOVER_IPFS_PORT ?? DEFAULT_IPFS_PORT}`,
  ],
  appeals: {
    open: open.campaign,
    delivering: delivering.campaign,
    closed: closed.campaign,
    failed: failed.campaign,
  },
};
await mkdir(path.dirname(OUT), { recursive: true });
await writeFile(OUT, JSON.stringify(record, null, 2) + "\n");
const vetted = await publicClient.readContract({
  address: contracts.registry,
  abi: registryAbi,
  functionName: "isVettedSupplier",
  args: [henan.address],
});
if (!vetted) throw new Error("seed: Henan is not vetted");
console.log(`wrote ${OUT}`);
