/**
 * The networks the dApp knows and how it reaches them, all set at build time:
 *
 * - `VITE_RPC_URLS_<chainId>`: comma-separated RPC URLs for a chain, tried in order with viem's
 *   `fallback` transport (e.g. `VITE_RPC_URLS_84532=https://a.example,https://b.example`). Without
 *   it a public chain uses viem's default public endpoint.
 * - `VITE_LOCAL_RPC_URL`: the local Hardhat chain's URL (default http://127.0.0.1:8545).
 * - A deployment in `client/generated/deployments.ts` on a chain viem does not know (Hardhat's
 *   `custom` network) becomes a chain of its own, named by `VITE_CHAIN_NAME_<chainId>` or
 *   "Chain <id>", reached through its `VITE_RPC_URLS_<chainId>`.
 */
import { defineChain, type Chain } from "viem";
import {
  base,
  baseSepolia,
  celo,
  hardhat,
  mainnet,
  optimism,
  arbitrum,
  polygon,
  sepolia,
} from "viem/chains";

type Env = Record<string, string | boolean | undefined>;

export const KNOWN_CHAINS: readonly Chain[] = [
  sepolia,
  baseSepolia,
  base,
  celo,
  polygon,
  mainnet,
  optimism,
  arbitrum,
];

/** The RPC URLs configured for `chainId`, in order. */
export function rpcUrlsFor(env: Env, chainId: number): string[] {
  const raw = env[`VITE_RPC_URLS_${chainId}`];
  if (typeof raw !== "string") return [];
  return raw
    .split(",")
    .map((u) => u.trim())
    .filter((u) => /^https?:\/\//i.test(u));
}

/** The local Hardhat chain (31337) at the URL the local start chose. No explorer. */
export function localChainOf(env: Env): Chain {
  const url = (env.VITE_LOCAL_RPC_URL as string | undefined) || "http://127.0.0.1:8545";
  return defineChain({
    ...hardhat,
    name: "Local Hardhat chain",
    rpcUrls: { default: { http: [url] } },
  });
}

/**
 * Every chain the dApp may work on: the local chain first (the developer wallet posts to the first
 * chain's URL), then viem's known chains and any chain a generated deployment names, each with its
 * configured RPC URLs first.
 */
export function buildChains(env: Env, deployedIds: readonly number[]): [Chain, ...Chain[]] {
  const withUrls = (chain: Chain): Chain => {
    const urls = rpcUrlsFor(env, chain.id);
    return urls.length ? { ...chain, rpcUrls: { default: { http: urls } } } : chain;
  };
  const known = KNOWN_CHAINS.map(withUrls);
  const custom = deployedIds
    .filter((id) => id !== 31337 && !known.some((c) => c.id === id))
    .map((id) =>
      defineChain({
        id,
        name: (env[`VITE_CHAIN_NAME_${id}`] as string | undefined) || `Chain ${id}`,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: rpcUrlsFor(env, id) } },
      }),
    );
  return [localChainOf(env), ...known, ...custom];
}

/**
 * The network the dApp opens on: `VITE_CHAIN_ID` when set; otherwise the first chain with a
 * generated deployment (the local chain only in a development build or with the developer wallet,
 * never by default in a production build that has a real deployment).
 */
export function defaultChainId(env: Env, deployedIds: readonly number[]): number {
  const fromEnv = Number(env.VITE_CHAIN_ID);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const real = deployedIds.filter((id) => id !== 31337);
  const local = env.DEV === true || env.VITE_DEV_WALLET === "1";
  if (real.length && !local) return real[0];
  if (local || !real.length) return 31337;
  return real[0];
}
