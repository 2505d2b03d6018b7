/**
 * The benchmarks' campaign (npm run bench:audit and npm run bench:receipts build the same one): a fresh
 * local Hardhat node, Handover deployed from its artifacts, a keep-what-you-raise campaign in ETH, a
 * USDC-like and a WBTC-like token whose three verifiers are registered, `donors` donors pledging
 * `pledgesPerDonor` times each (several hundred transactions per block), then, once funding has ended,
 * two orders in USD (20% of what was raised with a 20% advance, delivered in full; 10% without, delivered
 * half), each confirmed by two verifiers, and the supplier's withdrawal of every token at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";

import {
  createWalletClient,
  encodeFunctionData,
  http,
  keccak256,
  numberToHex,
  parseEther,
  stringToHex,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
} from "viem";

import {
  campaignAbi,
  campaignFactoryAbi,
  mockUsdcAbi,
  registryAbi,
} from "../../client/generated/abis.ts";
import { countingHttpClient } from "../../client/rpc.ts";
import { isNodeUp, waitForNode } from "./local-node.ts";

/**
 * Starts `hardhat node` on `url`'s port (its output in `logFile`), refusing a port something already
 * answers on; the node is stopped when the process exits unless `stop` is taken off `process`'s exit.
 */
export async function startBenchNode(
  url: string,
  logFile: string,
): Promise<{ node: ChildProcess; stop: () => void }> {
  await mkdir(path.dirname(logFile), { recursive: true });
  if (await isNodeUp(url)) {
    console.error(
      `error: something already answers on ${url}; stop it or set BENCH_PORT to a free port.`,
    );
    process.exit(2);
  }
  const log = openSync(logFile, "w");
  const node = spawn(
    path.join("node_modules", ".bin", "hardhat"),
    ["node", "--hostname", "127.0.0.1", "--port", new URL(url).port],
    {
      detached: true,
      stdio: ["ignore", log, log],
    },
  );
  const stop = () => {
    try {
      process.kill(-node.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stop);
  await waitForNode(url, 60_000);
  return { node, stop };
}

/** Builds the benchmarks' campaign on the node at `url` (see the top of this file). */
export async function buildBenchCampaign(
  url: string,
  options: { donors: number; pledgesPerDonor: number },
) {
  const { client: rpc } = countingHttpClient(url);
  const request = (method: string, params: unknown[] = []) =>
    rpc.request({ method: method as never, params: params as never });
  const accounts = (await request("eth_accounts")) as Address[];
  const admin = accounts[0];
  const wallet = (account: Address) =>
    createWalletClient({ account, transport: http(url, { batch: { batchSize: 200 } }) });
  const adminWallet = wallet(admin);

  async function deploy(artifactPath: string, args: unknown[] = []): Promise<Address> {
    const artifact = JSON.parse(
      await readFile(path.join("artifacts", "contracts", artifactPath), "utf8"),
    ) as { abi: Abi; bytecode: Hex };
    const hash = await adminWallet.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args,
      chain: null,
    });
    const receipt = await rpc.waitForTransactionReceipt({ hash });
    return receipt.contractAddress!;
  }
  async function call(
    address: Address,
    abi: Abi,
    functionName: string,
    args: unknown[] = [],
    from = admin,
    value?: bigint,
  ) {
    const hash = await wallet(from).sendTransaction({
      to: address,
      data: encodeFunctionData({ abi, functionName, args }),
      value,
      chain: null,
    });
    const receipt = await rpc.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    return receipt;
  }

  console.log(`deploying on ${url}`);
  const registry = await deploy("Registry.sol/Registry.json", [admin, 0]);
  const procurement = await deploy("CampaignProcurement.sol/CampaignProcurement.json", [registry]);
  const implementation = await deploy("Campaign.sol/Campaign.json", [registry, procurement]);
  const factory = await deploy("CampaignFactory.sol/CampaignFactory.json", [
    registry,
    implementation,
  ]);
  const usdc = await deploy("mocks/MockUSDC.sol/MockUSDC.json");
  const wbtc = await deploy("mocks/MockWBTC.sol/MockWBTC.json");
  const feedPath = "mocks/MockV3Aggregator.sol/MockV3Aggregator.json";
  const ethFeed = await deploy(feedPath, [8, 3_000n * 10n ** 8n, "ETH / USD"]);
  const usdcFeed = await deploy(feedPath, [8, 10n ** 8n, "USDC / USD"]);
  const btcFeed = await deploy(feedPath, [8, 60_000n * 10n ** 8n, "BTC / USD"]);
  for (const role of ["ORGANIZER_ROLE", "VETTER_ROLE"])
    await call(registry, registryAbi as Abi, "grantRole", [keccak256(stringToHex(role)), admin]);
  await call(registry, registryAbi as Abi, "setAcceptedToken", [zeroAddress, ethFeed, 86_400]);
  await call(registry, registryAbi as Abi, "setAcceptedToken", [usdc, usdcFeed, 86_400]);
  await call(registry, registryAbi as Abi, "setAcceptedToken", [wbtc, btcFeed, 86_400]);
  // The verifiers are registered parties; the supplier is vetted.
  const verifiers = [accounts[2], accounts[3], accounts[4]];
  const supplier = accounts[5];
  for (const [i, verifier] of verifiers.entries())
    await call(registry, registryAbi as Abi, "registerVerifier", [
      verifier,
      `Verifier ${i + 1}`,
      "Bench",
      keccak256(stringToHex(`verifier ${i}`)),
    ]);
  await call(registry, registryAbi as Abi, "registerSupplier", [
    supplier,
    "Bench Masks Ltd",
    "NG",
    keccak256(stringToHex("supplier")),
  ]);
  const latest = await rpc.getBlock();
  const params = {
    beneficiary: accounts[1],
    goalUsd: 1_000_000n * 10n ** 18n,
    targetUnits: 1_000_000n,
    deadline: latest.timestamp + 30n * 86_400n,
    procurementDeadline: latest.timestamp + 120n * 86_400n,
    deliveryGracePeriod: 7n * 86_400n,
    maxAdvanceBps: 2_000,
    threshold: 2,
    allOrNothing: false,
    tokens: [zeroAddress, usdc, wbtc],
    verifiers,
    unitName: "surgical masks",
    metadataURI: "ipfs://bench",
  };
  const created = await call(factory, campaignFactoryAbi as Abi, "createCampaign", [params]);
  const campaign =
    `0x${created.logs.find((l) => l.address.toLowerCase() === factory.toLowerCase())!.topics[1]!.slice(26)}` as Address;
  console.log(`campaign ${campaign} created in block ${created.blockNumber}`);

  // 2,000 donors: a third give ETH, a third USDC, a third WBTC, each pledging several times.
  const donors = Array.from(
    { length: options.donors },
    (_, i) => `0x${(0xd0000000n + BigInt(i)).toString(16).padStart(40, "0")}` as Address,
  );
  const tokenOf = (i: number) => (i % 3 === 0 ? zeroAddress : i % 3 === 1 ? usdc : wbtc);
  const amountOf = (i: number) =>
    i % 3 === 0
      ? parseEther("0.01") + BigInt(i)
      : i % 3 === 1
        ? 25n * 10n ** 6n + BigInt(i)
        : 40_000n + BigInt(i);
  const inParallel = async <T>(
    items: T[],
    size: number,
    fn: (item: T, index: number) => Promise<unknown>,
  ) => {
    for (let i = 0; i < items.length; i += size)
      await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)));
  };
  await inParallel(donors, 200, async (donor) => {
    await request("hardhat_impersonateAccount", [donor]);
    await request("hardhat_setBalance", [donor, numberToHex(parseEther("10"))]);
  });
  // Automine off: many transactions per block, as on a busy real chain. Fees are given explicitly (the
  // node would otherwise query its fee history for every transaction) and every batch is mined at
  // once, so that the node's mempool stays small.
  await request("evm_setAutomine", [false]);
  const fees = {
    maxFeePerGas: numberToHex(10n ** 10n),
    maxPriorityFeePerGas: numberToHex(10n ** 9n),
  };
  const send = (from: Address, to: Address, data: Hex, value = 0n) =>
    request("eth_sendTransaction", [
      { from, to, data, value: numberToHex(value), gas: numberToHex(300_000), ...fees },
    ]);
  const mineAll = async () => {
    for (;;) {
      await request("evm_mine");
      const pending = (await request("eth_getBlockByNumber", ["pending", false])) as {
        transactions: unknown[];
      };
      if (pending.transactions.length === 0) return;
    }
  };
  const BATCH = 300;
  const inBatches = async (fn: (donor: Address, index: number) => Promise<unknown>) => {
    for (let i = 0; i < donors.length; i += BATCH) {
      await Promise.all(donors.slice(i, i + BATCH).map((donor, j) => fn(donor, i + j)));
      await mineAll();
    }
  };
  await inBatches(async (donor, i) => {
    const token = tokenOf(i);
    if (token === zeroAddress) return;
    const total = amountOf(i) * BigInt(options.pledgesPerDonor);
    await send(
      donor,
      token,
      encodeFunctionData({ abi: mockUsdcAbi, functionName: "mint", args: [donor, total] }),
    );
    await send(
      donor,
      token,
      encodeFunctionData({ abi: mockUsdcAbi, functionName: "approve", args: [campaign, total] }),
    );
  });
  const started = performance.now();
  for (let round = 0; round < options.pledgesPerDonor; round++) {
    await inBatches(async (donor, i) => {
      const token = tokenOf(i);
      if (token === zeroAddress) {
        await send(
          donor,
          campaign,
          encodeFunctionData({ abi: campaignAbi, functionName: "pledgeETH" }),
          amountOf(i),
        );
      } else {
        await send(
          donor,
          campaign,
          encodeFunctionData({
            abi: campaignAbi,
            functionName: "pledge",
            args: [token, amountOf(i)],
          }),
        );
      }
    });
    console.log(
      `round ${round + 1}/${options.pledgesPerDonor}: ${(round + 1) * options.donors} pledges sent and mined`,
    );
  }
  await request("evm_setAutomine", [true]);

  // Funding ends; two orders in USD reserve the same fraction of every token. Order 0 (20% of what
  // was raised, 20% advance) is delivered in full, order 1 (10%, no advance) half; the supplier then
  // withdraws every token at once.
  await request("evm_increaseTime", [Number(31n * 86_400n)]);
  await request("evm_mine");
  const raisedUsd = (await rpc.readContract({
    address: campaign,
    abi: campaignAbi,
    functionName: "raisedUsd",
  })) as bigint;
  const now = (await rpc.getBlock()).timestamp;
  const orders = [
    { amountUsd: raisedUsd / 5n, advanceBps: 2_000, delivered: 10_000n },
    { amountUsd: raisedUsd / 10n, advanceBps: 0, delivered: 5_000n },
  ];
  for (const [orderId, o] of orders.entries()) {
    await call(campaign, campaignAbi as Abi, "createOrder", [
      supplier,
      o.amountUsd,
      10_000n,
      now + 30n * 86_400n,
      o.advanceBps,
      keccak256(stringToHex(`bench order ${orderId}`)),
    ]);
    await call(campaign, campaignAbi as Abi, "acceptOrder", [orderId], supplier);
    for (const verifier of verifiers.slice(0, 2))
      await call(
        campaign,
        campaignAbi as Abi,
        "confirmDelivery",
        [orderId, o.delivered, keccak256(stringToHex(`goods received note ${orderId}`))],
        verifier,
      );
  }
  await call(campaign, campaignAbi as Abi, "withdraw", [], supplier);
  console.log(
    `funding ended; 2 orders placed, accepted and delivered (one in part), the supplier withdrew`,
  );
  const buildSeconds = (performance.now() - started) / 1000;

  return {
    rpc,
    request,
    call,
    accounts,
    admin,
    registry,
    procurement,
    implementation,
    factory,
    usdc,
    wbtc,
    ethFeed,
    usdcFeed,
    btcFeed,
    verifiers,
    supplier,
    params,
    campaign,
    donors,
    tokenOf,
    amountOf,
    raisedUsd,
    orders,
    buildSeconds,
  };
}
