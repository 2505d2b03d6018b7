/**
 * Gas benchmark: plays fixed scenarios on the embedded chain and records the gas of each operation
 * from its receipt, and in the same run the same donor operations on a peer (OpenZeppelin 4.9's
 * RefundEscrow behind contracts/peer/PeerRefundSale.sol). Writes reports/gas.json (key -> gas used)
 * and reports/gas.md.
 *
 *   npm run gas
 *
 * Budgets are checked by scripts/check-gas.ts against reports/gas.json, not here; the budgets shown in
 * reports/gas.md are read from that file, so the two cannot disagree.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import hre, { network } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";

import LocalTokensModule, { ETH } from "../ignition/modules/LocalTokens.js";
import { BUDGETS, FLAT_GROUPS, PEER_PAIRS } from "./check-gas.ts";
import {
  contractSizes,
  FUNDING_FACTOR,
  fundingTable,
  MAX_RUNTIME_BYTES,
  NETWORK_PRICES,
  SIZE_MARGIN_BYTES,
} from "./lib/costs.ts";

const { ethers, ignition, networkHelpers } = await network.getOrCreate();

const DAY = 24n * 60n * 60n;
const USD = 10n ** 18n;
const USDC = 10n ** 6n;
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
  console.log(`${key.padEnd(40)} ${gas.toLocaleString("en-US").padStart(9)}  tx ${receipt.hash}`);
  return gas;
}

async function mined(tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  if (receipt === null || receipt.status !== 1) throw new Error("transaction failed");
  return receipt;
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

const [admin, organizer, vetter, supplier, supplierB, v1, v2, v3, relayer, ...donors] =
  await ethers.getSigners();
const [d0, d1, d2, d3] = donors;
const deployment = await ignition.deploy(LocalTokensModule, {
  parameters: { Handover: { organizer: organizer.address, vetter: vetter.address } },
});
const registry = await ethers.getContractAt("Registry", await deployment.registry.getAddress());
const factory = await ethers.getContractAt(
  "CampaignFactory",
  await deployment.factory.getAddress(),
);
const usdc = await ethers.getContractAt("MockUSDC", await deployment.usdc.getAddress());
const usdt = await ethers.getContractAt("MockUSDT", await deployment.usdt.getAddress());
const wbtc = await ethers.getContractAt("MockWBTC", await deployment.wbtc.getAddress());
const [USDC_ADDRESS, USDT_ADDRESS, WBTC_ADDRESS] = await Promise.all(
  [usdc, usdt, wbtc].map((t) => t.getAddress()),
);
const FOUR_TOKENS = [ETH, USDC_ADDRESS, USDT_ADDRESS, WBTC_ADDRESS];
const feeds = [
  [deployment.ethUsdFeed, 3_000n * 10n ** 8n],
  [deployment.usdcUsdFeed, 10n ** 8n],
  [deployment.usdtUsdFeed, 10n ** 8n],
  [deployment.btcUsdFeed, 60_000n * 10n ** 8n],
] as const;

async function refreshFeeds() {
  for (const [feed, answer] of feeds) {
    const aggregator = await ethers.getContractAt("MockV3Aggregator", await feed.getAddress());
    await mined(aggregator.updateAnswer(answer));
  }
}

// Vetted suppliers and registered, named verifiers, as the vetter keeps them.
for (const [who, name, country] of [
  [supplier, "Henan Medical Supplies Co.", "CN"],
  [supplierB, "Lagos PPE Works Ltd", "NG"],
] as const) {
  await mined(
    registry.connect(vetter).registerSupplier(who.address, name, country, ethers.id(name)),
  );
}
for (const [who, name, organization] of [
  [v1, "WAHO Abuja warehouse", "West African Health Organization"],
  [v2, "UN country office, Abuja", "United Nations Development Programme"],
  [v3, "Sahel Freight logistics desk", "Sahel Freight Ltd"],
] as const) {
  await mined(
    registry.connect(vetter).registerVerifier(who.address, name, organization, ethers.id(name)),
  );
}

async function params(goalUsd: bigint, allOrNothing: boolean, tokens: string[]) {
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
    tokens,
    verifiers: [v1.address, v2.address, v3.address],
    unitName: "surgical masks (EN 14683 Type IIR)",
    metadataURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
  };
}

async function newCampaign(goalUsd: bigint, allOrNothing: boolean, tokens: string[], key?: string) {
  const p = await params(goalUsd, allOrNothing, tokens);
  const address = await factory.connect(organizer).createCampaign.staticCall(p);
  const tx = factory.connect(organizer).createCampaign(p);
  if (key) await measure(key, tx);
  else await mined(tx);
  return ethers.getContractAt("Campaign", address);
}
type Campaign = Awaited<ReturnType<typeof newCampaign>>;

/** Mints `amount` to `donor` and approves exactly that amount, as the dApp does. */
async function fund(
  token: typeof usdc | typeof usdt | typeof wbtc,
  donor: Signer,
  campaign: Campaign,
  amount: bigint,
) {
  await mined(token.mint(await donor.getAddress(), amount));
  await mined(token.connect(donor).approve(await campaign.getAddress(), amount));
}

async function order(
  campaign: Campaign,
  who: Signer,
  amountUsd: bigint,
  units: bigint,
  advanceBps: bigint,
  key?: string,
) {
  const deliverBy = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  const args = [
    await who.getAddress(),
    amountUsd,
    units,
    deliverBy,
    advanceBps,
    ethers.id(`terms ${amountUsd} ${units}`),
  ] as const;
  const orderId = await campaign.connect(organizer).createOrder.staticCall(...args);
  const tx = campaign.connect(organizer).createOrder(...args);
  if (key) await measure(key, tx);
  else await mined(tx);
  return { orderId, deliverBy };
}

/** A verifier's EIP-712 confirmation of `units` of `orderId`, bound to the order and its nonce. */
async function sign(
  verifier: Signer,
  campaign: Campaign,
  orderId: bigint,
  units: bigint,
  evidence: string,
) {
  const [o, nonce, { chainId }] = await Promise.all([
    campaign.order(orderId),
    campaign.nonces(await verifier.getAddress()),
    ethers.provider.getNetwork(),
  ]);
  const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
  const signature = await verifier.signTypedData(
    {
      name: "Handover Campaign",
      version: "2",
      chainId,
      verifyingContract: await campaign.getAddress(),
    },
    {
      ConfirmDelivery: [
        { name: "orderId", type: "uint256" },
        { name: "supplier", type: "address" },
        { name: "termsHash", type: "bytes32" },
        { name: "unitsDelivered", type: "uint64" },
        { name: "evidenceHash", type: "bytes32" },
        { name: "verifier", type: "address" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    {
      orderId,
      supplier: o.supplier,
      termsHash: o.termsHash,
      unitsDelivered: units,
      evidenceHash: evidence,
      verifier: await verifier.getAddress(),
      nonce,
      deadline,
    },
  );
  return { verifier: await verifier.getAddress(), deadline, signature };
}

// ── campaigns: all created at once, each with four tokens but the two-token one ───────────────
// The factory's first campaign also writes its index's first slot (once per deployment).
const failed = await newCampaign(
  1_000_000n * USD,
  true,
  FOUR_TOKENS,
  "createCampaign.firstInFactory",
);
const main = await newCampaign(10_000n * USD, true, FOUR_TOKENS, "createCampaign");
const two = await newCampaign(1_000n * USD, true, [ETH, USDC_ADDRESS]);
const crowd = await newCampaign(100n * USD, false, FOUR_TOKENS);

// ── donors (four-token campaigns) ─────────────────────────────────────────────────────────────
await mined(main.connect(d0).pledgeETH({ value: ethers.parseEther("1") }));
await measure("pledgeETH.first", main.connect(d1).pledgeETH({ value: ethers.parseEther("1") }));
await measure("pledgeETH.repeat", main.connect(d1).pledgeETH({ value: ethers.parseEther("0.5") }));
await fund(usdc, d0, main, 2_000n * USDC);
await fund(usdc, d1, main, 3_000n * USDC);
await mined(main.connect(d0).pledge(USDC_ADDRESS, 2_000n * USDC));
await measure("pledge.erc20.first", main.connect(d1).pledge(USDC_ADDRESS, 3_000n * USDC));
await fund(usdt, d2, main, 2_000n * USDC);
await mined(main.connect(d2).pledge(USDT_ADDRESS, 2_000n * USDC));
await fund(wbtc, d3, main, 5_000_000n);
await mined(main.connect(d3).pledge(WBTC_ADDRESS, 5_000_000n)); // 0.05 WBTC

await mined(two.connect(d0).pledgeETH({ value: ethers.parseEther("1") }));
await fund(usdc, d1, two, 3_000n * USDC);
await mined(two.connect(d1).pledge(USDC_ADDRESS, 3_000n * USDC));

for (const donor of [d0, d1, d2]) {
  await mined(failed.connect(donor).pledgeETH({ value: ethers.parseEther("0.2") }));
}

// 1,000 donors: no cost grows with the number of donors.
const crowdDonors = await fundedWallets(1_000);
for (const [i, donor] of crowdDonors.entries()) {
  const tx = crowd.connect(donor).pledgeETH({ value: ethers.parseEther("0.01") + BigInt(i) });
  if (i === 1) await measure("pledgeETH.first.donor2", tx);
  else if (i === 999) await measure("pledgeETH.first.donor1000", tx);
  else await mined(tx);
}

// ── the peer, same donors' operations: PeerRefundSale → OpenZeppelin 4.9 RefundEscrow ─────────
const sale = await ethers.deployContract("PeerRefundSale", [admin.address], organizer);
await sale.waitForDeployment();
await mined(sale.connect(d0).pledge({ value: ethers.parseEther("1") }));
await measure("peer.pledge.first", sale.connect(d1).pledge({ value: ethers.parseEther("1") }));
await measure("peer.pledge.repeat", sale.connect(d1).pledge({ value: ethers.parseEther("0.5") }));
await mined(sale.connect(organizer).fail());
await mined(sale.connect(d0).claimRefund(d0.address));
await measure("peer.refund", sale.connect(d1).claimRefund(d1.address));

// ── funding ends: the failed appeal refunds in full ───────────────────────────────────────────
await networkHelpers.time.increase(15n * DAY);
await refreshFeeds();
// The first claim also records the Failed status (a one-off for the whole campaign); measure it apart.
await measure("claimRefund.failed.firstClaim", failed.connect(d0).claimRefund(ETH));
await measure("claimRefund.failed", failed.connect(d1).claimRefund(ETH));

// ── orders in USD (four tokens): reserve, advance, deliveries, signatures, cancel, close ──────
// The campaign's first order also stores the Procurement status and each token's first reservation.
const o0 = await order(main, supplier, 3_500n * USD, 10_000n, 2_000n, "createOrder.4tokens.first");
const o1 = await order(main, supplier, 3_500n * USD, 10_000n, 2_000n, "createOrder.4tokens");
const o2 = await order(main, supplierB, 1_750n * USD, 5_000n, 0n);
// The campaign's first advance also writes each token's unbacked total, and the supplier's first credit
// in each token a fresh slot of what it is owed.
await measure("acceptOrder.advance.first", main.connect(supplier).acceptOrder(o0.orderId));
await measure("acceptOrder.advance", main.connect(supplier).acceptOrder(o1.orderId));
await mined(main.connect(supplierB).acceptOrder(o2.orderId));

const evidence = ethers.id("WAHO Abuja warehouse, goods received note GRN-0417");
await measure(
  "confirmDelivery.record",
  main.connect(v1).confirmDelivery(o0.orderId, 5_000n, evidence),
);
await measure(
  "confirmDelivery.release",
  main.connect(v2).confirmDelivery(o0.orderId, 5_000n, evidence),
);
await measure(
  "confirmDeliveryBySig.2of3",
  main
    .connect(relayer)
    .confirmDeliveryBySig(o1.orderId, 5_000n, evidence, [
      await sign(v1, main, o1.orderId, 5_000n, evidence),
      await sign(v3, main, o1.orderId, 5_000n, evidence),
    ]),
);
await measure(
  "confirmDeliveryBySig.2of3.firstCredit",
  main
    .connect(relayer)
    .confirmDeliveryBySig(o2.orderId, 2_500n, evidence, [
      await sign(v2, main, o2.orderId, 2_500n, evidence),
      await sign(v3, main, o2.orderId, 2_500n, evidence),
    ]),
);
// Orders 0 and 2 delivered in full; order 1 stays half delivered and runs late.
for (const verifier of [v1, v2]) {
  await mined(main.connect(verifier).confirmDelivery(o0.orderId, 10_000n, evidence));
  await mined(main.connect(verifier).confirmDelivery(o2.orderId, 5_000n, evidence));
}

// ── withdrawals (two tokens) ──────────────────────────────────────────────────────────────────
// The supplier already holds the token (a trading company): the transfer writes no fresh balance.
await mined(usdc.mint(supplierB.address, 100n * USDC));
const t0 = await order(two, supplierB, 500n * USD, 1_000n, 2_000n, "createOrder.2tokens.first");
const t1 = await order(two, supplierB, 500n * USD, 1_000n, 2_000n, "createOrder.2tokens");
await mined(two.connect(supplierB).acceptOrder(t0.orderId));
// The campaign's first withdrawal also writes each token's withdrawn total and the supplier's last
// withdrawal for the first time (once per campaign and token).
await measure("withdraw.firstInCampaign", two.connect(supplierB).withdraw());
await mined(two.connect(supplierB).acceptOrder(t1.orderId));
await measure("withdraw", two.connect(supplierB).withdraw());

// ── the 1,000-donor campaign delivers, closes and refunds pro rata ────────────────────────────
const c0 = await order(crowd, supplier, 9_000n * USD, 10_000n, 0n);
await mined(crowd.connect(supplier).acceptOrder(c0.orderId));
for (const verifier of [v1, v3]) {
  await mined(crowd.connect(verifier).confirmDelivery(c0.orderId, 10_000n, evidence));
}
await mined(crowd.connect(organizer).close());
// The first refund of a campaign where nobody cancelled writes the token's refunded total afresh.
await measure("claimRefund.unspent.firstClaim", crowd.connect(crowdDonors[0]).claimRefund(ETH));
await measure("claimRefund.unspent", crowd.connect(crowdDonors[2]).claimRefund(ETH));
await measure("claimRefund.unspent.donor2", crowd.connect(crowdDonors[1]).claimRefund(ETH));
await measure("claimRefund.unspent.donor1000", crowd.connect(crowdDonors[999]).claimRefund(ETH));

// ── a late order is cancelled, the supplier withdraws, the organizer closes (four tokens) ──────
await mined(main.connect(supplier).withdraw());
await mined(main.connect(supplierB).withdraw());
await networkHelpers.time.increaseTo(o1.deliverBy + 7n * DAY + 1n);
await measure("cancelOrder.partlyVerified", main.connect(organizer).cancelOrder(o1.orderId));
await measure("close", main.connect(organizer).close());

// ── deployment: each contract's gas, and its L1 data on an OP-stack chain ──────────────────
// On a simulated OP-stack chain (Hardhat's chainType "op"), each receipt carries l1GasUsed: the
// GasPriceOracle's Fjord estimate of the transaction's compressed size × 16. Execution gas is the
// same on every chain; what the compressed size costs depends on the chain's L1 fee parameters.
const deployed: { key: string; what: string }[] = [];
{
  const op = await network.create({ chainType: "op" });
  const [deployer] = await op.ethers.getSigners();
  const record = async (key: string, what: string, hash: string) => {
    const receipt = (await op.provider.request({
      method: "eth_getTransactionReceipt",
      params: [hash],
    })) as { gasUsed: string; l1GasUsed?: string; status: string };
    if (receipt.status !== "0x1") throw new Error(`${key}: transaction failed`);
    results[`deploy.${key}`] = Number(receipt.gasUsed);
    results[`l1bytes.${key}`] = Math.round(Number(receipt.l1GasUsed ?? "0x0") / 16);
    deployed.push({ key, what });
  };
  const create = async (key: string, name: string, args: unknown[]) => {
    const contract = await op.ethers.deployContract(name, args);
    await contract.waitForDeployment();
    await record(key, `\`${name}\` constructor`, contract.deploymentTransaction()!.hash);
    return contract;
  };
  const registry = await create("Registry", "Registry", [deployer.address, 172_800n]);
  const procurement = await create("CampaignProcurement", "CampaignProcurement", [
    await registry.getAddress(),
  ]);
  const implementation = await create("CampaignImplementation", "Campaign", [
    await registry.getAddress(),
    await procurement.getAddress(),
  ]);
  await create("CampaignFactory", "CampaignFactory", [
    await registry.getAddress(),
    await implementation.getAddress(),
  ]);
  const asRegistry = await op.ethers.getContractAt("Registry", await registry.getAddress());
  const grant = await asRegistry.grantRole(ethers.id("VETTER_ROLE"), deployer.address);
  await record("grantRole", "one role granted (Handover.ts grants three)", grant.hash);
  const feed = await op.ethers.deployContract("MockV3Aggregator", [
    8,
    3_000n * 10n ** 8n,
    "ETH / USD",
  ]);
  await feed.waitForDeployment();
  const list = await asRegistry.setAcceptedToken(ETH, await feed.getAddress(), 1_500);
  await record("setAcceptedToken", "one token listed (scripts/list-tokens.ts)", list.hash);
  const sequencer = await op.ethers.deployContract("MockV3Aggregator", [
    0,
    0n,
    "L2 Sequencer Uptime Status Feed",
  ]);
  await sequencer.waitForDeployment();
  const seq = await asRegistry.setSequencerUptimeFeed(await sequencer.getAddress(), 3_600);
  await record("setSequencerUptimeFeed", "the L2 sequencer feed set (rollups)", seq.hash);
  await op.close();
}
const sizes = await contractSizes(process.cwd());
for (const size of sizes) results[`size.${size.name}`] = size.runtime;

// ── reports ──────────────────────────────────────────────────────────────────────────────────
const outDir = path.join(process.cwd(), "reports");
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, "gas.json"), JSON.stringify(results, null, 2) + "\n");

const fmt = (n: number | undefined) => (n === undefined ? "" : n.toLocaleString("en-US"));
const gasOf = (key: string): number => {
  const gas = results[key];
  if (gas === undefined) throw new Error(`gas.ts did not measure ${key}`);
  return gas;
};
/** One-off costs reported beside the operation they belong to (no budget of their own). */
const ONE_OFFS: Record<string, string> = {
  "createCampaign.firstInFactory": "createCampaign",
  "createOrder.4tokens.first": "createOrder.4tokens",
  "createOrder.2tokens.first": "createOrder.2tokens",
  "acceptOrder.advance.first": "acceptOrder.advance",
  "confirmDeliveryBySig.2of3.firstCredit": "confirmDeliveryBySig.2of3",
  "withdraw.firstInCampaign": "withdraw",
  "claimRefund.failed.firstClaim": "claimRefund.failed",
  "claimRefund.unspent.firstClaim": "claimRefund.unspent",
};
const budgetRow = (key: string) => {
  const { budget, who, why } = BUDGETS[key];
  const gas = gasOf(key);
  const verdict = gas <= budget ? "within" : "**OVER**";
  const oneOff = Object.entries(ONE_OFFS).find(([, of]) => of === key)?.[0];
  const firstTime = oneOff ? `${fmt(gasOf(oneOff))} (\`${oneOff}\`)` : "";
  return `| ${who} | \`${key}\` | ${fmt(gas)} | ${fmt(budget)} | ${verdict} | ${firstTime} | ${why} |`;
};
const peerRows = PEER_PAIRS.map(({ handover, peer, what }) => {
  const ratio = gasOf(handover) / gasOf(peer);
  return `| ${what} | \`${handover}\` ${fmt(gasOf(handover))} | \`${peer}\` ${fmt(gasOf(peer))} | ${ratio.toFixed(2)} |`;
});
const spread = (a: string, b: string) =>
  ((Math.abs(gasOf(a) - gasOf(b)) / Math.min(gasOf(a), gasOf(b))) * 100).toFixed(2);
const flatRows = FLAT_GROUPS.map(
  ([a, b]) =>
    `| ${a.startsWith("pledge") ? "first pledge" : "pro-rata refund"} | ${fmt(gasOf(a))} | ${fmt(gasOf(b))} | ${spread(a, b)}% |`,
);
const extra = Object.keys(results).filter(
  (key) =>
    !/^(deploy|l1bytes|size)\./.test(key) &&
    !(key in BUDGETS) &&
    !(key in ONE_OFFS) &&
    !key.startsWith("peer.") &&
    !FLAT_GROUPS.some((group) => group.includes(key)),
);

/** Gas per contract deployed, code sizes against EIP-170, and the deployer's funding per network. */
function deploymentSection(): string {
  const core = ["Registry", "CampaignProcurement", "CampaignImplementation", "CampaignFactory"];
  const sizeOf = (key: string) =>
    sizes.find((s) => s.name === (key === "CampaignImplementation" ? "Campaign" : key));
  const rows = deployed.map(({ key, what }) => {
    const size = sizeOf(key);
    return `| ${key} | ${what} | ${fmt(gasOf(`deploy.${key}`))} | ${fmt(gasOf(`l1bytes.${key}`))} | ${size ? `${fmt(size.runtime)} (${fmt(size.margin)} left)` : ""} |`;
  });
  const coreGas = core.reduce((sum, key) => sum + gasOf(`deploy.${key}`), 0);
  const coreBytes = core.reduce((sum, key) => sum + gasOf(`l1bytes.${key}`), 0);
  // A deployment: the four contracts, three role grants (Handover.ts), two tokens listed and, on a
  // rollup, the sequencer feed set.
  const gas =
    coreGas +
    3 * gasOf("deploy.grantRole") +
    2 * gasOf("deploy.setAcceptedToken") +
    gasOf("deploy.setSequencerUptimeFeed");
  const bytes =
    coreBytes +
    3 * gasOf("l1bytes.grantRole") +
    2 * gasOf("l1bytes.setAcceptedToken") +
    gasOf("l1bytes.setSequencerUptimeFeed");
  const coin = (n: number) => (n >= 0.01 ? n.toFixed(3) : n.toPrecision(2));
  const funding = fundingTable(gas, bytes).map(
    (f) =>
      `| \`${f.network}\` | ${NETWORK_PRICES.find((p) => p.network === f.network)!.gwei} gwei | ${coin(f.executionCoin)} | ${f.l1Coin ? coin(f.l1Coin) : "none"} | ${coin(f.totalCoin)} ${f.coin} | **${coin(f.fundCoin)} ${f.coin}** | ${f.note} |`,
  );
  const l1 = NETWORK_PRICES.find((p) => p.l1)!.l1!;
  return `## Deployment

Measured on a simulated OP-stack chain (Hardhat's \`chainType: "op"\`), whose receipts carry the
GasPriceOracle's Fjord estimate of each transaction's compressed size (\`l1GasUsed\` / 16): that
size, not the gas, is what the L1 data fee of a rollup charges for. Execution gas is the same on
every chain. Sizes are the runtime code against EIP-170's ${fmt(MAX_RUNTIME_BYTES)} bytes;
\`npm test\` (test/scripts/sizes.ts) and \`npm run gas\` fail when a contract keeps less than
${fmt(SIZE_MARGIN_BYTES)} bytes of margin.

| transaction | what | gas | L1 data (compressed bytes) | runtime size (bytes, margin) |
| --- | --- | ---: | ---: | ---: |
${rows.join("\n")}
| **the four contracts** | | **${fmt(coreGas)}** | **${fmt(coreBytes)}** | |

A deployment as docs/deploy.md runs it, the four contracts, three role grants, two tokens listed
and the sequencer feed set: **${fmt(gas)} gas** and ${fmt(bytes)} compressed bytes of L1 data.

### Deployer funding per network

Execution: that gas × the price in the table. L1 data fee (Base, Base Sepolia): compressed bytes ×
(16 × baseFeeScalar × L1 base fee + blobBaseFeeScalar × blob base fee) / 10^6 with the scalars of a
snapshot of Base's GasPriceOracle (${l1.baseFeeScalar} and ${l1.blobBaseFeeScalar}), an L1 base fee of ${l1.baseFeeGwei} gwei and a blob
base fee of ${l1.blobBaseFeeGwei} gwei — both far above their usual values, so the figure is an upper bound.
Fund the deployer with ${FUNDING_FACTOR}× the estimate (prices move; a resumed deployment pays again for
what failed); read the live prices before deploying (docs/deploy.md, "What it costs").

| network | gas price assumed | execution | L1 data fee | estimate | fund the deployer with | |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${funding.join("\n")}
`;
}

const md = `# Gas report

Generated by \`npm run gas\` (scripts/gas.ts) on Hardhat's embedded EDR chain (hardfork of the
default \`hardhat\` network), solc ${compiler.version} with the optimizer on (${compiler.runs.toLocaleString("en-US")} runs). Gas is \`gasUsed\`
from each transaction's receipt (after refunds), including the 21,000 base cost. Budgets are
scripts/check-gas.ts's, which \`npm run gas\` runs after this report.

**Price feed:** the figures use \`MockV3Aggregator\` (contracts/mocks), which stores a round like
Chainlink's OCR aggregator (answer and timestamps packed in one slot, plus the latest round id):
about two storage reads per price. A real Chainlink feed is read through its proxy
(\`EACAggregatorProxy\` → aggregator): expect roughly 5,000 more gas on every pledge (one more cold
contract and one or two more cold storage reads); nothing else reads a price.

## Budgets

Donor operations keep the budgets they had before the v2 rules; the others are new and sit a
little above what was measured, so that any change that makes them dearer fails \`npm run gas\`
and has to say why. A first-time cost is what the same operation costs the first time in a
campaign (or a deployment), when it writes a storage slot that was still zero (about 17,000 gas
more per slot); it is reported beside the operation, without a budget of its own.

| who | operation | gas | budget | | first time | what it does, and why this budget |
| --- | --- | ---: | ---: | --- | ---: | --- |
${Object.keys(BUDGETS).map(budgetRow).join("\n")}
${extra.length ? `\nAlso measured: ${extra.map((key) => `\`${key}\` ${fmt(gasOf(key))}`).join(", ")}.\n` : ""}
${deploymentSection()}
## Against a peer: OpenZeppelin 4.9's RefundEscrow, in the same run

\`contracts/peer/PeerRefundSale.sol\` is the smallest sale on OpenZeppelin 4.9.6's \`RefundEscrow\`
(installed as \`@openzeppelin/contracts-v4\`, the escrow behind OpenZeppelin's \`RefundableCrowdsale\`),
compiled with the same solc and settings: \`pledge()\` deposits \`msg.value\` in the escrow for the
sender, \`fail()\` enables refunds, a refund is the escrow's \`withdraw(payee)\`. It values nothing in
USD, takes no tokens, has no deadline, goal or totals: the floor of an ETH escrow with refunds. The
ratio is Handover's gas divided by the peer's (above 1: Handover costs more).

| operation | Handover | peer | Handover ÷ peer |
| --- | ---: | ---: | ---: |
${peerRows.join("\n")}

What the difference buys on a pledge: its USD value at pledge time (a call to the registry, which
reads the token's configuration and calls its price feed), the campaign's per-token totals (pledged
and USD pledged, in one slot) beside the donor's own pledge, and the deadline and the accepted
tokens read from the clone's code. On a refund: the campaign's status, the donor's pledge and the
token's refunded total.

## No cost grows with the number of donors

In a four-token campaign with 1,000 ETH donors:

| | donor 2 | donor 1,000 | difference |
| --- | ---: | ---: | ---: |
${flatRows.join("\n")}

## Scenario

- Every campaign is created by the organizer with three verifiers (2 of 3) that the vetter
  registered in the registry by name, and all but one accept four tokens: ETH, a USDC-like and a
  USDT-like (6 decimals) and a WBTC-like token (8 decimals).
- \`createCampaign\`: the deployment's second campaign (the first, \`createCampaign.firstInFactory\`,
  also starts the factory's index). Each verifier's registration is checked with the registry.
- \`pledgeETH.first\`: a new donor's first ETH pledge into a campaign that already holds ETH pledges;
  \`pledgeETH.repeat\`: the same donor again. \`pledge.erc20.first\`: a new donor's first USDC-like pledge
  (after \`approve\` of exactly that amount, as the dApp does) into a campaign that already holds that
  token (the campaign measures what arrived: two \`balanceOf\` calls around \`transferFrom\`).
- \`createOrder.4tokens\` / \`createOrder.2tokens\`: a $3,500 (four tokens) or $500 (ETH and USDC)
  order with a 20% advance, reserving the same fraction of every token's pool (one reservation and
  one \`OrderReserved\` event per token). The campaign's first order also stores the Procurement status
  and writes each token's reservation for the first time.
- \`acceptOrder.advance\`: the supplier accepts a second order with a 20% advance, credited in each of
  the four tokens within the campaign-wide cap on unbacked advances; the first advance of the campaign
  (\`.first\`) also writes each token's unbacked total and the supplier's first credit in each token.
- \`confirmDelivery.record\`: the first verifier's confirmation (nothing released yet).
  \`confirmDelivery.release\`: the second verifier reaches the threshold for half the order, which
  credits what delivery earned beyond the advance in each of four tokens.
- \`confirmDeliveryBySig.2of3\`: two verifiers' EIP-712 signatures (nonce, deadline, order's supplier and
  terms) submitted by a third account, releasing half of an order whose supplier still holds its
  advance in the campaign. \`.firstCredit\`: the same on an order without advance, where the release is
  the supplier's first credit in each of the four tokens.
- \`cancelOrder.partlyVerified\`: an order half delivered and paid, past its deliver-by date and grace
  period; the organizer cancels it and its unpaid reservation returns to each token's pool.
- \`close\`: the organizer closes the four-token campaign once no order is open; each token's unspent
  pool is recorded for the donors.
- \`withdraw\`: a supplier owed in two tokens (ETH and USDC) takes both at once, having withdrawn
  before; \`withdraw.firstInCampaign\`: the campaign's first withdrawal.
- \`claimRefund.failed\`: a donor's full ETH refund after an all-or-nothing appeal missed its goal. The
  very first claim (\`.firstClaim\`) also stores the Failed status and sums the USD raised over the
  campaign's tokens.
- \`claimRefund.unspent\`: a donor's pro-rata ETH refund after close; the first one in a campaign where
  nobody cancelled (\`.firstClaim\`) writes the token's refunded total afresh.
`;
await writeFile(path.join(outDir, "gas.md"), md);
console.log(`wrote ${path.join("reports", "gas.json")} and ${path.join("reports", "gas.md")}`);
