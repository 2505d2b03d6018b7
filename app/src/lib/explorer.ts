import type { Chain } from "viem";

/** The explorer page of a transaction or address, when the chain has an explorer. */
export function explorerUrl(
  chain: Chain | undefined,
  kind: "tx" | "address",
  value: string,
): string | undefined {
  const base = chain?.blockExplorers?.default.url;
  return base ? `${base.replace(/\/$/, "")}/${kind}/${value}` : undefined;
}
