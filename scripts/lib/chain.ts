/**
 * Helpers shared by the operational scripts: viem clients over a Hardhat network connection,
 * time that moves by RPC where the chain allows it (local) and by waiting elsewhere, and step logs.
 */
import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type Account,
  type Chain,
  type EIP1193Provider,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";

import type { Clients, Sent } from "../../client/actions.ts";

export type Wallet = WalletClient<Transport, Chain, Account>;

export async function viemClients(provider: EIP1193Provider) {
  const chainId = Number(await provider.request({ method: "eth_chainId" }));
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const publicClient = createPublicClient({
    chain,
    transport: custom(provider),
    pollingInterval: 200,
  }) as PublicClient;
  const walletFor = (account: Account): Wallet =>
    createWalletClient({ account, chain, transport: custom(provider) });
  const clientsFor = (account: Account): Clients => ({
    publicClient,
    walletClient: walletFor(account),
  });
  return { chainId, chain, publicClient, walletFor, clientsFor };
}

/** Whether the chain lets us move time (Hardhat's and Anvil's `evm_increaseTime`). */
export async function canWarp(provider: EIP1193Provider): Promise<boolean> {
  try {
    await provider.request({ method: "evm_increaseTime" as never, params: [0] as never });
    return true;
  } catch {
    return false;
  }
}

/** Moves the chain to at least `timestamp`: by RPC where allowed, otherwise by waiting for real blocks. */
export async function advanceTo(
  provider: EIP1193Provider,
  publicClient: PublicClient,
  timestamp: bigint,
  warp: boolean,
) {
  const latest = (await publicClient.getBlock()).timestamp;
  if (latest >= timestamp) return;
  if (warp) {
    await provider.request({
      method: "evm_setNextBlockTimestamp" as never,
      params: [Number(timestamp)] as never,
    });
    await provider.request({ method: "evm_mine" as never, params: [] as never });
    return;
  }
  for (;;) {
    const now = (await publicClient.getBlock()).timestamp;
    if (now >= timestamp) return;
    const wait = Math.min(Number(timestamp - now) * 1000, 15_000);
    console.log(
      `  waiting ${Math.ceil(wait / 1000)} s for the chain to reach ${new Date(Number(timestamp) * 1000).toISOString()}`,
    );
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

let stepNumber = 0;
/** Prints one line per step: what, the transaction hash, and an address where one was created. */
export function step(what: string, sent?: Sent | { hash: string }, address?: string) {
  stepNumber++;
  const parts = [`${String(stepNumber).padStart(3)}. ${what}`];
  if (sent) parts.push(`tx ${sent.hash}`);
  if (address) parts.push(`at ${address}`);
  console.log(parts.join("  "));
}
