/**
 * What the scenario (scripts/scenario.ts) and the seed (scripts/seed.ts) share: the deployment
 * through the Ignition modules with mock tokens and feeds, the mock prices, and a donor's way of
 * getting a mock token and approving exactly what it pledges.
 */
import { parseUnits, type Abi, type Account, type Address } from "viem";
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

/**
 * Deploys (or reuses, per Ignition's journal) Handover with mock tokens and feeds, `admin` holding the
 * registry and the pause, `vetter` and `organizer` their roles.
 */
export async function deployLocal(
  connection: NetworkConnection,
  roles: { admin: Account; vetter: Account; organizer: Account },
  deploymentId?: string,
) {
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
