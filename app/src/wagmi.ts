/**
 * The one wagmi config: chains, transports, connectors. Reads on every chain go through an HTTP
 * transport that batches JSON-RPC calls (and through Multicall3 where the chain has it), so a page's
 * reads leave in one request instead of a waterfall.
 */
import { createClient, defineChain, http, type Address } from "viem";
import { base, baseSepolia, celo, hardhat, polygon, sepolia } from "viem/chains";
import { createConfig } from "wagmi";
import { injected } from "wagmi/connectors/injected";
import { mock } from "wagmi/connectors/mock";

import { devAccountList, orderDevAccounts, storedDevIndex } from "./lib/devWallet.ts";

export const LOCAL_RPC_URL: string = import.meta.env.VITE_LOCAL_RPC_URL || "http://127.0.0.1:8545";

/** The local Hardhat chain (31337) at the RPC URL the local start chose. No explorer. */
export const localChain = defineChain({
  ...hardhat,
  name: "Local Hardhat chain",
  rpcUrls: { default: { http: [LOCAL_RPC_URL] } },
});

/** The local chain first: the mock connector posts to the first chain's RPC URL. */
export const chains = [localChain, sepolia, baseSepolia, base, celo, polygon] as const;
export type SupportedChainId = (typeof chains)[number]["id"];

export const DEV_WALLET_ID = "mock";
export const DEV_WALLET_NAME = "Developer wallet (local chain only)";
const DEV_CONNECTED_KEY = "handover.devWallet.connected";

function connectors() {
  const list = [injected()];
  // Inline so a build without the flag drops the developer wallet (and the mnemonic) entirely.
  if (import.meta.env.VITE_DEV_WALLET !== "1") return list;
  orderDevAccounts(storedDevIndex());
  const devWallet = mock({
    accounts: devAccountList as unknown as readonly [Address, ...Address[]],
    features: {
      reconnect: true,
      defaultConnected: globalThis.localStorage?.getItem(DEV_CONNECTED_KEY) === "1",
    },
  });
  return [...list, devWallet];
}

export function rememberDevConnection(connected: boolean) {
  globalThis.localStorage?.setItem(DEV_CONNECTED_KEY, connected ? "1" : "0");
}

export const config = createConfig({
  chains,
  connectors: connectors(),
  // EIP-6963: every installed wallet announces itself and gets its own connector.
  multiInjectedProviderDiscovery: true,
  client: ({ chain }) =>
    createClient({
      chain,
      transport: http(chain.rpcUrls.default.http[0], { batch: { wait: 16, batchSize: 500 } }),
      batch: chain.contracts?.multicall3 ? { multicall: { wait: 16 } } : undefined,
      pollingInterval: chain.id === localChain.id ? 1_000 : 4_000,
    }),
});

declare module "wagmi" {
  interface Register {
    config: typeof config;
  }
}
