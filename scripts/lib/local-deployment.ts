/**
 * What the scenario (scripts/scenario.ts) and the seed (scripts/seed.ts) share: the deployment
 * through the Ignition modules with mock tokens and feeds, the mock prices, and a donor's way of
 * getting a mock token and approving exactly what it pledges.
 */
import { existsSync } from "node:fs";
import { readFile, readdir, rm } from "node:fs/promises";
import path from "node:path";

import { parseUnits, type Abi, type Account, type Address, type PublicClient } from "viem";
import type { NetworkConnection } from "hardhat/types/network";

import { send, type Clients } from "../../client/actions.ts";
import {
  mockUsdcAbi,
  mockUsdtAbi,
  mockV3AggregatorAbi,
  mockWbtcAbi,
} from "../../client/generated/abis.ts";
import LocalTokensModule, { ETH } from "../../ignition/modules/LocalTokens.ts";

/** Hardhat's default mnemonic: its node funds the first 20 accounts. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** The mock feeds' answers, 8 decimals like Chainlink's USD feeds. */
export const MOCK_PRICES = {
  eth: 3_000n * 10n ** 8n,
  usdc: 10n ** 8n,
  usdt: 10n ** 8n,
  btc: 60_000n * 10n ** 8n,
};

export type TokenKey = "eth" | "usdc" | "usdt" | "wbtc";
export const TOKEN_DECIMALS: Record<TokenKey, number> = { eth: 18, usdc: 6, usdt: 6, wbtc: 8 };
/** Each mock with its own ABI: the USDT-like token's approve and transfer return nothing, like Tether's. */
export const MOCK_TOKEN_ABI: Record<Exclude<TokenKey, "eth">, Abi> = {
  usdc: mockUsdcAbi,
  usdt: mockUsdtAbi,
  wbtc: mockWbtcAbi,
};

export type LocalContracts = Awaited<ReturnType<typeof deployLocal>>["contracts"];

/** Where Ignition keeps its journals and addresses (the project's ignition/deployments). */
export const DEPLOYMENTS_DIR = path.join("ignition", "deployments");

/**
 * The deployment id the scenario uses on a chain: `scenario-<chain id>-<first 8 hex digits of the
 * genesis block's hash>`, and on the local chain `scenario-31337-<port>-<hash>`. The genesis hash
 * tells chain instances apart (every `hardhat node` start has its own; a public chain always the
 * same), so a journal is only ever reused on the chain it was written for, and the mocks never go
 * into `chain-<id>`, the folder a real deployment is published from. The port keeps the journals of
 * local chains running side by side (a developer's and the tests') apart.
 */
export async function scenarioDeploymentId(
  publicClient: PublicClient,
  chainId: number,
  localPort?: number,
) {
  const genesis = await publicClient.getBlock({ blockNumber: 0n });
  const instance = genesis.hash!.slice(2, 10);
  return localPort === undefined
    ? `scenario-${chainId}-${instance}`
    : `scenario-${chainId}-${localPort}-${instance}`;
}

export type JournalCheck =
  { state: "none" } | { state: "matches"; contracts: number } | { state: "stale"; reason: string };

/**
 * Whether the Ignition journal of `deploymentId` describes this chain: it was written for the same
 * chain id and every contract it records as deployed has code here. A journal of an earlier chain
 * (a restarted local node) records contracts this chain never had; Ignition would then skip their
 * deployment and the first read of one fails with viem's "returned no data".
 */
export async function checkJournal(
  publicClient: PublicClient,
  chainId: number,
  deploymentId: string,
  dir = DEPLOYMENTS_DIR,
): Promise<JournalCheck> {
  const folder = path.join(dir, deploymentId);
  if (!existsSync(folder)) return { state: "none" };
  const journal = path.join(folder, "journal.jsonl");
  if (existsSync(journal)) {
    const first = (await readFile(journal, "utf8")).split("\n", 1)[0];
    const recorded = (JSON.parse(first || "{}") as { chainId?: number }).chainId;
    if (recorded !== undefined && recorded !== chainId)
      return { state: "stale", reason: `it was written for chain ${recorded}, not ${chainId}` };
  }
  const addressesFile = path.join(folder, "deployed_addresses.json");
  if (!existsSync(addressesFile)) return { state: "matches", contracts: 0 };
  const addresses = JSON.parse(await readFile(addressesFile, "utf8")) as Record<string, Address>;
  const entries = Object.entries(addresses);
  for (const [futureId, address] of entries) {
    const code = await publicClient.getCode({ address });
    if (!code || code === "0x")
      return {
        state: "stale",
        reason: `it records ${futureId} at ${address}, where this chain has no contract`,
      };
  }
  return { state: "matches", contracts: entries.length };
}

/**
 * Removes the scenario journals of earlier local chains on the same port (`scenario-31337-<port>-*`
 * but `keep`): only one chain listens on a port, so those chains are gone.
 */
export async function removeOtherLocalJournals(keep: string, dir = DEPLOYMENTS_DIR) {
  const prefix = keep.slice(0, keep.lastIndexOf("-") + 1);
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    if (name !== keep && name.startsWith(prefix)) {
      await rm(path.join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * Deploys (or reuses, per Ignition's journal) Handover with mock tokens and feeds, `admin` holding the
 * registry and the pause, `vetter` and `organizer` their roles.
 *
 * The mocks let anyone mint and set prices, so this refuses to write them where a real deployment
 * is published: Ignition's default deployment id `chain-<id>` of any chain but the local one.
 */
export async function deployLocal(
  connection: NetworkConnection,
  roles: { admin: Account; vetter: Account; organizer: Account },
  deploymentId: string,
) {
  const chainId = Number(await connection.provider.request({ method: "eth_chainId" }));
  if (chainId !== 31337 && (deploymentId === "" || deploymentId === `chain-${chainId}`)) {
    throw new Error(
      `refusing to deploy mock tokens and feeds under the deployment id "chain-${chainId}": that folder holds the real deployment of chain ${chainId}, which npm run generate publishes. Use a deployment id of its own (the scenario uses scenario-<chain id>-<genesis>).`,
    );
  }
  const deployment = await connection.ignition.deploy(LocalTokensModule, {
    parameters: {
      HandoverCore: { admin: roles.admin.address },
      Handover: {
        vetter: roles.vetter.address,
        organizer: roles.organizer.address,
        pauser: roles.admin.address,
      },
    },
    defaultSender: roles.admin.address,
    deploymentId,
  });
  const addr = async (c: { getAddress(): Promise<string> }) => (await c.getAddress()) as Address;
  const contracts = {
    registry: await addr(deployment.registry),
    factory: await addr(deployment.factory),
    /** The orders-and-deliveries module every campaign runs by DELEGATECALL. */
    procurement: await addr(deployment.procurement),
    campaignImplementation: await addr(deployment.campaignImplementation),
    usdc: await addr(deployment.usdc),
    usdt: await addr(deployment.usdt),
    wbtc: await addr(deployment.wbtc),
    ethUsdFeed: await addr(deployment.ethUsdFeed),
    usdcUsdFeed: await addr(deployment.usdcUsdFeed),
    usdtUsdFeed: await addr(deployment.usdtUsdFeed),
    btcUsdFeed: await addr(deployment.btcUsdFeed),
  };
  const tokens: Record<TokenKey, Address> = {
    eth: ETH as Address,
    usdc: contracts.usdc,
    usdt: contracts.usdt,
    wbtc: contracts.wbtc,
  };
  return { contracts, tokens };
}

/** Pushes fresh answers to every mock feed (they go stale `maxStaleness` after their last update). */
export async function refreshFeeds(clients: Clients, contracts: LocalContracts) {
  for (const [feed, answer] of [
    [contracts.ethUsdFeed, MOCK_PRICES.eth],
    [contracts.usdcUsdFeed, MOCK_PRICES.usdc],
    [contracts.usdtUsdFeed, MOCK_PRICES.usdt],
    [contracts.btcUsdFeed, MOCK_PRICES.btc],
  ] as const) {
    await send(clients, {
      address: feed,
      abi: mockV3AggregatorAbi,
      functionName: "updateAnswer",
      args: [answer],
    });
  }
}

/**
 * Mints `amountText` of a mock token to the donor and, unless `approve` is false (a permit follows),
 * approves `spender` for exactly that amount, as the dApp does. Returns the amount in base units.
 */
export async function mintAndApprove(
  donor: Clients,
  token: Exclude<TokenKey, "eth">,
  tokens: Record<TokenKey, Address>,
  amountText: string,
  spender: Address,
  approve = true,
): Promise<bigint> {
  const amount = parseUnits(amountText, TOKEN_DECIMALS[token]);
  const abi = MOCK_TOKEN_ABI[token];
  const owner = donor.walletClient.account.address;
  await send(donor, { address: tokens[token], abi, functionName: "mint", args: [owner, amount] });
  if (approve) {
    await send(donor, {
      address: tokens[token],
      abi,
      functionName: "approve",
      args: [spender, amount],
    });
  }
  return amount;
}
