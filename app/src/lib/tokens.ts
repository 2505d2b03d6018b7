/**
 * Tokens the dApp has read (symbol and decimals), by lower-case address, so that any sentence can
 * show an amount of a token in its own units. Filled by the token reads (`useTokens`).
 */
import type { Address } from "viem";

export type KnownToken = { address: Address; symbol: string; decimals: number };

const known = new Map<string, KnownToken>();

export function rememberTokens(tokens: readonly KnownToken[]) {
  for (const token of tokens) known.set(token.address.toLowerCase(), token);
}

export function knownToken(address: Address | string): KnownToken | undefined {
  return known.get(address.toLowerCase());
}
