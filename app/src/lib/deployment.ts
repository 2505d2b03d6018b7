/**
 * Where the contracts are, per chain.
 *
 * Public chains: `client/generated/deployments.ts` (from Ignition's deployed_addresses.json).
 * The local Hardhat chain (31337) is redeployed on every start, so its addresses are fetched at run
 * time from `/local-deployment.json`, which the local start script writes to
 * `app/public/local-deployment.json`. Its format (`LocalDeploymentFile`):
 *
 * ```json
 * {
 *   "chainId": 31337,
 *   "contracts": {
 *     "registry": "0x…",            // required
 *     "factory": "0x…",             // required
 *     "campaignImplementation": "0x…",
 *     "usdc": "0x…", "usdt": "0x…", "wbtc": "0x…",            // mock tokens (faucet)
 *     "ethUsdFeed": "0x…", "usdcUsdFeed": "0x…", "usdtUsdFeed": "0x…", "btcUsdFeed": "0x…"
 *   },
 *   "startBlock": "0",              // optional: first block to scan for events
 *   "ipfsGateways": ["http://127.0.0.1:8180"]   // optional: the local IPFS node's gateway
 * }
 * ```
 *
 * `contracts.eas` (optional) is the local EAS contract auditors attest through; on public chains
 * EAS is where the client's `EAS_DEPLOYMENTS` says it is. IPFS gateways are configuration too
 * (`lib/ipfsConfig.ts`): `VITE_IPFS_GATEWAYS` at build time, plus, on the local chain, the ones the
 * seed names. Nothing hard-codes a gateway.
 *
 * It is the `{ chainId, contracts }` part of `reports/scenario/scenario.json`, so the start script
 * can copy it as is. Every address is checked with `isAddress`; unknown keys are ignored.
 */
import { getAddress, isAddress, type Address } from "viem";

import { EAS_DEPLOYMENTS } from "../../../client/attest.ts";
import { deployments } from "../../../client/generated/deployments.ts";

import { gatewaysFromEnv, parseGateways } from "./ipfsConfig.ts";
import { msg, say, type Message } from "./message.ts";

export const LOCAL_CHAIN_ID = 31337;

export const MOCK_TOKEN_KEYS = ["usdc", "usdt", "wbtc"] as const;
export const MOCK_FEED_KEYS = ["ethUsdFeed", "usdcUsdFeed", "usdtUsdFeed", "btcUsdFeed"] as const;
const OPTIONAL_KEYS = [
  "campaignImplementation",
  "eas",
  ...MOCK_TOKEN_KEYS,
  ...MOCK_FEED_KEYS,
] as const;

export type MockTokenKey = (typeof MOCK_TOKEN_KEYS)[number];
export type MockFeedKey = (typeof MOCK_FEED_KEYS)[number];

/** The addresses the dApp needs on one chain. */
export type Deployment = {
  chainId: number;
  registry: Address;
  factory: Address;
  campaignImplementation?: Address;
  /** Local mock tokens, for the developer faucet. */
  mockTokens: Partial<Record<MockTokenKey, Address>>;
  /** Local mock feeds, refreshed by the developer panel. */
  mockFeeds: Partial<Record<MockFeedKey, Address>>;
  /** First block worth scanning for events. */
  startBlock: bigint;
  /** The EAS contract audits are attested through, when the chain has one. */
  eas?: Address;
  /** Trustless IPFS gateways to fetch content from, in order (may be empty: nothing is fetched). */
  ipfsGateways: string[];
};

export type LocalDeploymentFile = {
  chainId: number;
  contracts: { registry: string; factory: string } & Partial<
    Record<(typeof OPTIONAL_KEYS)[number], string>
  >;
  startBlock?: string | number;
  ipfsGateways?: string[];
};

/** What is wrong with local-deployment.json: `reason` is worded in the chosen language (`say`). */
export class DeploymentFormatError extends Error {
  constructor(readonly reason: Message) {
    super(say(reason));
    this.name = "DeploymentFormatError";
  }
}

function address(value: unknown, key: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false }))
    throw new DeploymentFormatError(msg("app.badDeploymentAddress", { key }));
  return getAddress(value);
}

/** Validates the content of `/local-deployment.json`. */
export function parseLocalDeployment(json: unknown, envGateways = gatewaysFromEnv()): Deployment {
  if (typeof json !== "object" || json === null)
    throw new DeploymentFormatError(msg("app.badDeploymentObject"));
  const file = json as Partial<LocalDeploymentFile>;
  if (typeof file.chainId !== "number" || !Number.isInteger(file.chainId))
    throw new DeploymentFormatError(msg("app.badDeploymentChainId"));
  const c = (file.contracts ?? {}) as Record<string, unknown>;
  const mockTokens: Deployment["mockTokens"] = {};
  for (const key of MOCK_TOKEN_KEYS) if (c[key]) mockTokens[key] = address(c[key], key);
  const mockFeeds: Deployment["mockFeeds"] = {};
  for (const key of MOCK_FEED_KEYS) if (c[key]) mockFeeds[key] = address(c[key], key);
  return {
    chainId: file.chainId,
    registry: address(c.registry, "registry"),
    factory: address(c.factory, "factory"),
    campaignImplementation: c.campaignImplementation
      ? address(c.campaignImplementation, "campaignImplementation")
      : undefined,
    mockTokens,
    mockFeeds,
    startBlock: BigInt(file.startBlock ?? 0),
    eas: c.eas ? address(c.eas, "eas") : undefined,
    ipfsGateways: [...new Set([...parseGateways(file.ipfsGateways), ...envGateways])],
  };
}

/** The block a generated deployment starts at (`startBlock`, written by `npm run generate`), or 0. */
export function startBlockOf(entry: Record<string, unknown> | undefined): bigint {
  const raw = entry?.startBlock;
  if (typeof raw === "bigint") return raw;
  if (
    (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) ||
    (typeof raw === "string" && /^\d+$/.test(raw))
  )
    return BigInt(raw);
  return 0n;
}

/** The deployment of a public chain, from the generated file, or undefined. */
export function generatedDeployment(
  chainId: number,
  all: Record<number, Record<string, unknown> | undefined> = deployments as never,
  envGateways = gatewaysFromEnv(),
): Deployment | undefined {
  const found = all[chainId] as Record<string, Address> | undefined;
  if (!found?.["HandoverCore#Registry"] || !found["HandoverCore#CampaignFactory"]) return undefined;
  return {
    chainId,
    registry: found["HandoverCore#Registry"],
    factory: found["HandoverCore#CampaignFactory"],
    campaignImplementation: found["HandoverCore#CampaignImplementation"],
    mockTokens: {},
    mockFeeds: {},
    startBlock: startBlockOf(found),
    eas: EAS_DEPLOYMENTS[chainId]?.eas,
    ipfsGateways: envGateways,
  };
}

/** Chain ids that have a generated deployment of the core contracts. */
export function deployedChainIds(
  all: Record<number, Record<string, unknown> | undefined> = deployments as never,
): number[] {
  return Object.keys(all)
    .map(Number)
    .filter((id) => generatedDeployment(id, all) !== undefined);
}

export const generatedChainIds = deployedChainIds;

/** Fetches `/local-deployment.json` (relative to the app's base). */
export async function fetchLocalDeployment(
  fetcher: typeof fetch = fetch,
): Promise<Deployment | undefined> {
  const response = await fetcher(`${import.meta.env.BASE_URL}local-deployment.json`, {
    cache: "no-store",
  });
  if (!response.ok) return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined; // the dev server's HTML fallback
  return parseLocalDeployment(await response.json());
}
