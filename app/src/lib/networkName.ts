/**
 * A network's name as people read it, in the chosen language. The chain objects keep the names
 * wallets are given (`wallet_addEthereumChain`); the pages show the local chain and chains known
 * only by their id in words of the chosen language.
 */
import type { Chain } from "viem";

import { t } from "../i18n/index.ts";

export function networkName(chain: Pick<Chain, "id" | "name">): string {
  if (chain.id === 31337) return t("network.local");
  if (chain.name === `Chain ${chain.id}`) return t("network.chain", { id: chain.id });
  return chain.name;
}
