/**
 * The client's `describeError` knows the campaign, registry and factory errors. A token's own custom
 * error (bubbled up through `pledge`) is not among them; this adds the generated token ABIs so the
 * donor still reads a sentence. Candidate for client/errors.ts.
 */
import { BaseError, decodeErrorResult, type Hex } from "viem";

import { describeError, type DecodedError } from "../../../client/errors.ts";
import { mockUsdcAbi, mockUsdtAbi, mockWbtcAbi } from "../../../client/generated/abis.ts";

const TOKEN_ERRORS = [...mockUsdcAbi, ...mockUsdtAbi, ...mockWbtcAbi].filter(
  (i) => i.type === "error",
);

function revertData(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let found: Hex | undefined;
  error.walk((e) => {
    const candidate =
      (e as { raw?: unknown; data?: unknown }).raw ?? (e as { data?: unknown }).data;
    if (typeof candidate === "string" && /^0x[0-9a-f]{8}/i.test(candidate))
      found = candidate as Hex;
    return false;
  });
  return found;
}

export function tokenErrorSentence(name: string): string | undefined {
  if (/InsufficientBalance$/.test(name)) return "Your token balance is lower than the amount.";
  if (/InsufficientAllowance$/.test(name))
    return "The appeal is not allowed to take that much of your token yet. Approve it first.";
  if (/ApproveFromNonZero$/.test(name))
    return "This token only lets an allowance change from zero: set it to zero first, then approve the amount.";
  if (/Blocklisted|Blacklisted/i.test(name)) return "The token's issuer has blocked this address.";
  return undefined;
}

/** `describeError`, plus the tokens' own errors. */
export function describeTxError(error: unknown): DecodedError {
  const decoded = describeError(error);
  const known =
    decoded.sentence && !/reverted with the following signature|refused \(/.test(decoded.sentence);
  if (known) return decoded;
  const data = revertData(error);
  if (!data) return decoded;
  try {
    const { errorName, args } = decodeErrorResult({ abi: TOKEN_ERRORS, data });
    return {
      name: errorName,
      args: (args ?? []) as readonly unknown[],
      sentence: tokenErrorSentence(errorName) ?? `The token refused the transfer (${errorName}).`,
    };
  } catch {
    return decoded;
  }
}
