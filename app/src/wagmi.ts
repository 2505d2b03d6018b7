/**
 * The one wagmi config: chains, transports, connectors. Reads on every chain go through HTTP
 * transports that batch JSON-RPC calls (and through Multicall3 where the chain has it), with viem's
 * `fallback` over every RPC URL configured for the chain at build time (`lib/chains.ts`).
 */
import { createClient, fallback, http, type Address, type Chain } from "viem";
import { createConfig } from "wagmi";
import { injected } from "wagmi/connectors/injected";
import { mock } from "wagmi/connectors/mock";
import { walletConnect } from "wagmi/connectors/walletConnect";

import { t } from "./i18n/index.ts";
import { deployedChainIds } from "./lib/deployment.ts";
import { buildChains } from "./lib/chains.ts";
import { devAccountList, orderDevAccounts, storedDevIndex } from "./lib/devWallet.ts";

const env = import.meta.env as unknown as Record<string, string | boolean | undefined>;

export const chains = buildChains(env, deployedChainIds());
/** The local chain first: the mock connector posts to the first chain's RPC URL. */
export const localChain = chains[0];
export const LOCAL_RPC_URL: string = localChain.rpcUrls.default.http[0];
export type SupportedChainId = number;

export const DEV_WALLET_ID = "mock";
const DEV_CONNECTED_KEY = "handover.devWallet.connected";

/** WalletConnect's project id (from cloud.reown.com), set at build time; without it, no WalletConnect. */
export const WALLETCONNECT_PROJECT_ID = import.meta.env.VITE_WALLETCONNECT_PROJECT_ID ?? "";

function connectors() {
  const list = [injected()];
  if (WALLETCONNECT_PROJECT_ID)
    list.push(
      walletConnect({
        projectId: WALLETCONNECT_PROJECT_ID,
        showQrModal: true,
        metadata: {
          name: "Handover",
          // Shown by the wallet app when it connects: in the language the page opened in.
          description: t("wallet.walletConnectDescription"),
          url: globalThis.location?.origin ?? "https://handover.invalid",
          icons: [],
        },
      }) as unknown as ReturnType<typeof injected>,
    );
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

/** One HTTP transport per URL, batched; several URLs fall back in order. */
export function transportFor(chain: Chain) {
  const urls = chain.rpcUrls.default.http;
  const one = (url: string) => http(url, { batch: { wait: 16, batchSize: 500 } });
  return urls.length > 1 ? fallback(urls.map(one), { rank: false }) : one(urls[0]);
}

export const config = createConfig({
  chains,
  connectors: connectors(),
  // EIP-6963: every installed wallet announces itself and gets its own connector.
  multiInjectedProviderDiscovery: true,
  client: ({ chain }) =>
    createClient({
      chain,
      transport: transportFor(chain),
      batch: chain.contracts?.multicall3 ? { multicall: { wait: 16 } } : undefined,
      pollingInterval: chain.id === localChain.id ? 1_000 : 4_000,
    }),
});

declare module "wagmi" {
  interface Register {
    config: typeof config;
  }
}
