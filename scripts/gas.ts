/**
 * Gas benchmark: plays a fixed scenario on the embedded chain and records the gas of each
 * operation from its receipt. Writes reports/gas.json (key -> gas used) and reports/gas.md.
 *
 *   npm run gas
 *
 * Budgets are checked by scripts/check-gas.ts against reports/gas.json, not here.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import hre, { network } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";

import LocalTokensModule, { ETH } from "../ignition/modules/LocalTokens.js";

const { ethers, ignition, networkHelpers } = await network.getOrCreate();

const DAY = 24n * 60n * 60n;
const USD = 10n ** 18n;
const results: Record<string, number> = {};
const defaultCompiler = hre.config.solidity.profiles.default.compilers[0];
const compiler = {
  version: defaultCompiler.version,
  runs: Number(
    (defaultCompiler.settings as { optimizer?: { runs?: number } }).optimizer?.runs ?? 200,
  ),
};

async function measure(key: string, tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`${key}: transaction failed`);
  const gas = Number(receipt.gasUsed);
  results[key] = gas;
  console.log(`${key.padEnd(32)} ${gas.toLocaleString("en-US").padStart(9)}  tx ${receipt.hash}`);
  return gas;
}

async function fundedWallets(count: number): Promise<Signer[]> {
  const wallets: Signer[] = [];
  for (let i = 0; i < count; i++) {
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(wallet.address, 10n ** 21n);
    wallets.push(wallet);
  }
  return wallets;
}

const [admin, organizer, vetter, supplier, v1, v2, v3, relayer, supplierB, ...donors] =
  await ethers.getSigners();
const deployment = await ignition.deploy(LocalTokensModule, {
  parameters: { Handover: { organizer: organizer.address, vetter: vetter.address } },
});
const registry = await ethers.getContractAt("Registry", await deployment.registry.getAddress());
const factory = await ethers.getContractAt(
  "CampaignFactory",
  await deployment.factory.getAddress(),
);
const usdc = await ethers.getContractAt("MockUSDC", await deployment.usdc.getAddress());
const wbtc = await ethers.getContractAt("MockWBTC", await deployment.wbtc.getAddress());
const feeds = [deployment.ethUsdFeed, deployment.usdcUsdFeed, deployment.btcUsdFeed].map(
  async (feed) => ethers.getContractAt("MockV3Aggregator", await feed.getAddress()),
);
const [ethFeed, usdcFeed, btcFeed] = await Promise.all(feeds);

await (
  await registry
    .connect(vetter)
    .registerSupplier(supplier.address, "Henan Medical Supplies Co.", "CN", ethers.id("dossier"))
).wait();
await (
  await registry
    .connect(vetter)
    .registerSupplier(supplierB.address, "Lagos PPE Works Ltd", "NG", ethers.id("dossier B"))
).wait();

const verifiers = [v1, v2, v3];
async function params(goalUsd: bigint, allOrNothing: boolean) {
  const now = BigInt(await networkHelpers.time.latest());
  return {
    beneficiary: admin.address,
    goalUsd,
    targetUnits: 250_000n,
    deadline: now + 14n * DAY,
    procurementDeadline: now + 120n * DAY,
    deliveryGracePeriod: 7n * DAY,
    maxAdvanceBps: 3_000n,
    threshold: 2n,
    allOrNothing,
    tokens: [ETH, await usdc.getAddress(), await wbtc.getAddress()],
    verifiers: verifiers.map((v) => v.address),
    unitName: "surgical masks (EN 14683 Type IIR)",
    metadataURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
  };
}

async function newCampaign(goalUsd: bigint, allOrNothing: boolean, key?: string) {
  const p = await params(goalUsd, allOrNothing);
  const address = await factory.connect(organizer).createCampaign.staticCall(p);
  const tx = factory.connect(organizer).createCampaign(p);
  if (key) await measure(key, tx);
  else await (await tx).wait();
  return ethers.getContractAt("Campaign", address);
}

async function refreshFeeds() {
  await (await ethFeed.updateAnswer(3_000n * 10n ** 8n)).wait();
  await (await usdcFeed.updateAnswer(10n ** 8n)).wait();
  await (await btcFeed.updateAnswer(60_000n * 10n ** 8n)).wait();
}

// ── createCampaign and the pledge rows ──────────────────────────────────────────────
const main = await newCampaign(10_000n * USD, true, "createCampaign");
const [d0, d1] = donors;
await (await main.connect(d0).pledgeETH({ value: ethers.parseEther("1") })).wait();
await measure("pledgeETH.first", main.connect(d1).pledgeETH({ value: ethers.parseEther("1") }));
await measure("pledgeETH.repeat", main.connect(d1).pledgeETH({ value: ethers.parseEther("0.5") }));

// Donors approve exactly what they pledge, as the dApp does (no standing allowance is left behind).
for (const [donor, amount] of [
  [d0, 2_000n * 10n ** 6n],
  [d1, 3_000n * 10n ** 6n],
] as const) {
  await (await usdc.mint(donor.address, 10_000n * 10n ** 6n)).wait();
  await (await usdc.connect(donor).approve(await main.getAddress(), amount)).wait();
}
await (await main.connect(d0).pledge(await usdc.getAddress(), 2_000n * 10n ** 6n)).wait();
await measure(
  "pledge.erc20.first",
  main.connect(d1).pledge(await usdc.getAddress(), 3_000n * 10n ** 6n),
);

// ── delivery by signatures and withdrawal ────────────────────────────────────────────
await networkHelpers.time.increase(15n * DAY);
const deliverBy = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
await (
  await main
    .connect(organizer)
    .createOrder(
      supplier.address,
      await usdc.getAddress(),
      4_000n * 10n ** 6n,
      40_000n,
      deliverBy,
      2_000n,
      ethers.id("terms"),
    )
).wait();
await (await main.connect(supplier).acceptOrder(0)).wait();
// The supplier is a trading company that already holds the token; it leaves its 20% advance in the
// campaign for now and withdraws everything once the first delivery is paid.
await (await usdc.mint(supplier.address, 500n * 10n ** 6n)).wait();
// A second manufacturer takes its own advance out first: the campaign's first USDC withdrawal, which
// also writes the token's "withdrawn" total for the first time (a one-off per campaign and token).
await (
  await main
    .connect(organizer)
    .createOrder(
      supplierB.address,
      await usdc.getAddress(),
      500n * 10n ** 6n,
      5_000n,
      deliverBy,
      2_000n,
      ethers.id("terms B"),
    )
).wait();
await (await main.connect(supplierB).acceptOrder(1)).wait();
await measure(
  "withdraw.erc20.firstInCampaign",
  main.connect(supplierB).withdraw(await usdc.getAddress()),
);
await (await main.connect(supplier).markShipped(0, "ipfs://bill-of-lading")).wait();

const { chainId } = await ethers.provider.getNetwork();
const domain = {
  name: "Handover Campaign",
  version: "1",
  chainId,
  verifyingContract: await main.getAddress(),
};
const types = {
  ConfirmDelivery: [
    { name: "orderId", type: "uint256" },
    { name: "unitsDelivered", type: "uint64" },
    { name: "evidenceHash", type: "bytes32" },
  ],
};
const confirmation = {
  orderId: 0n,
  unitsDelivered: 20_000n,
  evidenceHash: ethers.id("warehouse receipt, Abuja"),
};
const signatures = [
  await v1.signTypedData(domain, types, confirmation),
  await v2.signTypedData(domain, types, confirmation),
];
await measure(
  "confirmDeliveryBySig.2of3",
  main
    .connect(relayer)
    .confirmDeliveryBySig(0, confirmation.unitsDelivered, confirmation.evidenceHash, signatures),
);
await measure("withdraw.erc20", main.connect(supplier).withdraw(await usdc.getAddress()));

// ── failed appeal: full ETH refunds ──────────────────────────────────────────────────
await refreshFeeds();
const failed = await newCampaign(1_000_000n * USD, true);
for (const donor of donors.slice(0, 3)) {
  await (await failed.connect(donor).pledgeETH({ value: ethers.parseEther("0.2") })).wait();
}
await networkHelpers.time.increase(15n * DAY);
// The first claim also records the Failed status (a one-off for the whole campaign); measure it apart.
await measure("claimRefund.failed.firstClaim", failed.connect(donors[0]).claimRefund(ETH));
await measure("claimRefund.failed", failed.connect(donors[1]).claimRefund(ETH));

// ── 1,000 donors: no cost grows with the number of donors ────────────────────────────
await refreshFeeds();
const crowd = await newCampaign(100n * USD, false);
const crowdDonors = await fundedWallets(1_000);
for (const [i, donor] of crowdDonors.entries()) {
  const tx = crowd.connect(donor).pledgeETH({ value: ethers.parseEther("0.01") + BigInt(i) });
  if (i === 1) await measure("pledgeETH.first.donor2", tx);
  else if (i === 999) await measure("pledgeETH.first.donor1000", tx);
  else await (await tx).wait();
}
await networkHelpers.time.increase(15n * DAY);
const crowdDeliverBy = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
await (
  await crowd
    .connect(organizer)
    .createOrder(
      supplier.address,
      ETH,
      ethers.parseEther("3"),
      10_000n,
      crowdDeliverBy,
      0n,
      ethers.id("terms"),
    )
).wait();
await (await crowd.connect(supplier).acceptOrder(0)).wait();
// No advance on this order: the release below is the supplier's first credit in ETH in this campaign
// (a zero-to-nonzero storage write), the dearest case of a signed confirmation.
const crowdDomain = { ...domain, verifyingContract: await crowd.getAddress() };
const full = { orderId: 0n, unitsDelivered: 10_000n, evidenceHash: ethers.id("delivery note") };
await measure(
  "confirmDeliveryBySig.2of3.firstCredit",
  crowd
    .connect(relayer)
    .confirmDeliveryBySig(0, full.unitsDelivered, full.evidenceHash, [
      await v1.signTypedData(crowdDomain, types, full),
      await v3.signTypedData(crowdDomain, types, full),
    ]),
);
await (await crowd.connect(organizer).close()).wait();
await (await crowd.connect(crowdDonors[0]).claimRefund(ETH)).wait();
await measure("claimRefund.unspent", crowd.connect(crowdDonors[2]).claimRefund(ETH));
await measure("claimRefund.unspent.donor2", crowd.connect(crowdDonors[1]).claimRefund(ETH));
await measure("claimRefund.unspent.donor1000", crowd.connect(crowdDonors[999]).claimRefund(ETH));

// ── reports ──────────────────────────────────────────────────────────────────────────
const PEERS: Record<string, { budget?: number; peer?: string }> = {
  createCampaign: {
    budget: 300_000,
    peer: "162,731 (single-contract Kickstarter-style suite); 478,535 (Allo v2 createPool)",
  },
  "pledgeETH.first": { budget: 75_000, peer: "89,780 (Kickstarter-style contributeETH)" },
  "pledgeETH.repeat": { budget: 55_000 },
  "pledge.erc20.first": { budget: 100_000, peer: "111,268 (contributeToken)" },
  "claimRefund.failed": { budget: 48_000, peer: "49,316 (refund)" },
  "claimRefund.failed.firstClaim": {},
  "claimRefund.unspent": { budget: 55_000 },
  "confirmDeliveryBySig.2of3": { budget: 100_000, peer: "92,781 (Allo v2 distribute, median)" },
  "confirmDeliveryBySig.2of3.firstCredit": {},
  "withdraw.erc20": { budget: 60_000, peer: "71,151 (withdraw)" },
  "withdraw.erc20.firstInCampaign": {},
  "pledgeETH.first.donor2": {},
  "pledgeETH.first.donor1000": {},
  "claimRefund.unspent.donor2": {},
  "claimRefund.unspent.donor1000": {},
};

const outDir = path.join(process.cwd(), "reports");
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, "gas.json"), JSON.stringify(results, null, 2) + "\n");

const spread = (a: string, b: string) =>
  ((Math.abs(results[a] - results[b]) / results[a]) * 100).toFixed(2);
const rows = Object.keys(PEERS).map((key) => {
  const { budget, peer } = PEERS[key];
  const gas = results[key];
  const verdict = budget === undefined ? "" : gas <= budget ? "within" : "**OVER**";
  return `| \`${key}\` | ${gas.toLocaleString("en-US")} | ${budget?.toLocaleString("en-US") ?? ""} | ${verdict} | ${peer ?? ""} |`;
});
const md = `# Gas report

Generated by \`npm run gas\` (scripts/gas.ts) on Hardhat's embedded EDR chain (hardfork of the
default \`hardhat\` network), solc ${compiler.version} with the optimizer on (${compiler.runs.toLocaleString("en-US")} runs). Gas is \`gasUsed\`
from each transaction's receipt (after refunds), including the 21,000 base cost.

**Price feed:** the figures use \`MockV3Aggregator\` (contracts/mocks), which stores a round like
Chainlink's OCR aggregator (answer and timestamps packed in one slot, plus the latest round id):
about two storage reads per price. A real Chainlink feed is read through its proxy
(\`EACAggregatorProxy\` → aggregator): expect roughly 5,000 more gas on every pledge (one more cold
contract and one or two more cold storage reads); nothing else reads a price.

| key | gas | budget | | published peer |
| --- | ---: | ---: | --- | --- |
${rows.join("\n")}

## No cost grows with the number of donors

In a campaign with 1,000 ETH donors:

| | donor 2 | donor 1,000 | difference |
| --- | ---: | ---: | ---: |
| first pledge | ${results["pledgeETH.first.donor2"].toLocaleString("en-US")} | ${results["pledgeETH.first.donor1000"].toLocaleString("en-US")} | ${spread("pledgeETH.first.donor2", "pledgeETH.first.donor1000")}% |
| pro-rata refund | ${results["claimRefund.unspent.donor2"].toLocaleString("en-US")} | ${results["claimRefund.unspent.donor1000"].toLocaleString("en-US")} | ${spread("claimRefund.unspent.donor2", "claimRefund.unspent.donor1000")}% |

## Scenario

- \`createCampaign\`: ETH, a USDC-like (6 decimals) and a WBTC-like (8 decimals) token, 3 verifiers (2 of 3).
- \`pledgeETH.first\`: a new donor's first ETH pledge into a campaign that already holds ETH pledges;
  \`pledgeETH.repeat\`: the same donor again.
- \`pledge.erc20.first\`: a new donor's first USDC-like pledge (after \`approve\` of exactly that amount, as the
  dApp does; a larger standing allowance costs about 4,800 gas more, an unlimited one about 2,000 less) into a campaign that already
  holds that token (the campaign measures what arrived: two \`balanceOf\` calls around \`transferFrom\`).
- \`confirmDeliveryBySig.2of3\`: two verifiers' EIP-712 signatures submitted by a third account, releasing a
  partial payment (20,000 of 40,000 masks: half the order, of which the 20% advance credited on acceptance
  and still in the campaign was already paid). \`confirmDeliveryBySig.2of3.firstCredit\`: the same on an order
  without advance that completes it, where the release is the supplier's first credit in that token (a fresh
  storage slot: about 17,000 gas more).
- \`withdraw.erc20\`: that supplier, which already holds the token, withdraws its advance and the payment.
  \`withdraw.erc20.firstInCampaign\`: the campaign's first withdrawal of that token (another supplier's advance),
  which also writes the token's withdrawn total for the first time (about 17,000 gas more, once per token).
- \`claimRefund.failed\`: a donor's full ETH refund after an all-or-nothing appeal missed its goal. The very
  first claim of a failed campaign also stores the Failed status and sums the USD raised over the
  campaign's tokens: \`claimRefund.failed.firstClaim\` (once per campaign).
- \`claimRefund.unspent\`: a donor's pro-rata ETH refund after close.
`;
await writeFile(path.join(outDir, "gas.md"), md);
console.log(`wrote ${path.join("reports", "gas.json")} and ${path.join("reports", "gas.md")}`);
