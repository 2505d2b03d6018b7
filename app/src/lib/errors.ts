/**
 * Errors as sentences a donor understands, in the chosen language. The shared client decodes a
 * contract's custom error into its name and arguments (`describeError`, whose English sentences stay
 * for the command-line tools); here each name maps to a catalog message, with its arguments shown as
 * people read them: amounts in the token's own symbol and decimals (never base units), USD, dates,
 * statuses and parties by name. Library errors (wallet, transport) become plain sentences too: no
 * library name, version or stack reaches the page.
 */
import { zeroAddress, type Address } from "viem";

import { describeError } from "../../../client/errors.ts";
import { t, tMaybe } from "../i18n/index.ts";
import {
  bpsToPercent,
  formatDate,
  formatDay,
  formatToken,
  formatUnitsCount,
  formatUsd,
} from "./format.ts";
import { knownToken } from "./tokens.ts";

/** How to show each argument of an error, by position. */
type Kind =
  | "day"
  | "moment"
  | "usd"
  | "token"
  | "status"
  | "orderStatus"
  | "partyStatus"
  | "bps"
  | "n"
  | "raw"
  | "eth"
  | "called"
  | `amount@${number}`;

/** Arguments that need more than `String(value)`; the others are shown as they are. */
export const ERROR_ARGS: Record<string, readonly Kind[]> = {
  CampaignAdvanceAboveCap: ["bps", "bps"],
  CampaignAdvanceCapExceeded: ["token", "amount@0", "amount@0", "amount@0"],
  CampaignCloseTooEarly: ["day", "moment"],
  CampaignConfirmationNotIncreasing: ["raw", "raw", "n", "n"],
  CampaignFundingEnded: ["day", "moment"],
  CampaignFundingWindowTooLong: ["day", "day"],
  CampaignGoalNotReached: ["usd", "usd"],
  CampaignInsufficientFunds: ["token", "amount@0", "amount@0"],
  CampaignInvalidAdvanceCap: ["bps", "bps"],
  CampaignInvalidDeadline: ["day", "moment"],
  CampaignInvalidDeliverBy: ["day", "day", "day"],
  CampaignNoPledge: ["raw", "token"],
  CampaignNothingToRefund: ["raw", "token"],
  CampaignOrderAboveRaised: ["usd", "usd"],
  CampaignOrderNotExpired: ["raw", "day"],
  CampaignOrderOverdue: ["raw", "day"],
  CampaignOrdersOpen: ["n", "day"],
  CampaignProcurementEnded: ["day", "moment"],
  CampaignProcurementWindowTooLong: ["day", "day"],
  CampaignSignatureExpired: ["raw", "day", "moment"],
  CampaignSupplierNotVetted: ["raw", "partyStatus"],
  CampaignTokenNotAccepted: ["token"],
  CampaignUnitsExceedOrder: ["raw", "n", "n"],
  CampaignUnknownOrder: ["raw", "n"],
  CampaignVerifierNotRegistered: ["raw", "partyStatus"],
  CampaignWrongOrderStatus: ["raw", "orderStatus"],
  CampaignWrongStatus: ["status", "status"],
  CampaignInvalidUnits: ["n"],
  InsufficientBalance: ["eth", "eth"],
  AccessControlEnforcedDefaultAdminDelay: ["day"],
  RegistryFuturePrice: ["token", "moment", "moment"],
  RegistryNonPositivePrice: ["token", "raw"],
  RegistryStalePrice: ["token", "moment", "n", "moment"],
  RegistryTokenNotAccepted: ["token"],
  RegistryTooManyDecimals: ["token", "raw", "raw"],
  RegistryValueTooLarge: ["token", "amount@0"],
  RegistryInvalidFeed: ["token", "raw"],
  RegistryInvalidTokenDecimals: ["token"],
  SafeERC20FailedOperation: ["token"],
  ERC20InsufficientAllowance: ["raw", "called", "called"],
  ERC20InsufficientBalance: ["raw", "called", "called"],
  ERC2612ExpiredSignature: ["moment"],
  MockUSDTApproveFromNonZero: ["raw", "raw", "called"],
  MockUSDTInsufficientAllowance: ["raw", "raw", "called", "called"],
  MockUSDTInsufficientBalance: ["raw", "called", "called"],
};

const STATUS_KEYS = ["uninitialised", "funding", "failed", "procurement", "closed"] as const;
const ORDER_STATUS_KEYS = [
  "none",
  "placed",
  "accepted",
  "shipped",
  "completed",
  "cancelled",
] as const;
const PARTY_STATUS_KEYS = ["none", "active", "suspended"] as const;

export type ErrorContext = {
  /** The contract the failed call was sent to (a token's own errors speak of its amounts). */
  called?: Address;
};

function tokenLabel(value: unknown): string {
  const address = String(value) as Address;
  if (address.toLowerCase() === zeroAddress) return "ETH";
  return knownToken(address)?.symbol ?? address;
}

function amountOf(token: unknown, value: unknown): string {
  const address = String(token).toLowerCase() as Address;
  const info = address === zeroAddress ? { symbol: "ETH", decimals: 18 } : knownToken(address);
  if (!info) return t("errors.baseUnits", { value: formatUnitsCount(BigInt(value as bigint)) });
  return formatToken(BigInt(value as bigint), info.decimals, info.symbol);
}

/** Each argument as people read it, named a0, a1… for the catalog's messages. */
export function errorParams(
  name: string,
  args: readonly unknown[],
  context: ErrorContext = {},
): Record<string, string> {
  const kinds = ERROR_ARGS[name] ?? [];
  const params: Record<string, string> = {};
  args.forEach((value, i) => {
    const kind = kinds[i] ?? "raw";
    let shown: string;
    if (kind === "day") shown = formatDay(BigInt(value as bigint));
    else if (kind === "moment") shown = formatDate(BigInt(value as bigint));
    else if (kind === "usd") shown = formatUsd(BigInt(value as bigint));
    else if (kind === "token") shown = tokenLabel(value);
    else if (kind === "status")
      shown = t(`status.${STATUS_KEYS[Number(value)] ?? "uninitialised"}`);
    else if (kind === "orderStatus")
      shown = t(`orderStatus.${ORDER_STATUS_KEYS[Number(value)] ?? "none"}`);
    else if (kind === "partyStatus")
      shown = t(`partyStatus.${PARTY_STATUS_KEYS[Number(value)] ?? "none"}`);
    else if (kind === "bps") shown = bpsToPercent(Number(value));
    else if (kind === "n") shown = formatUnitsCount(BigInt(value as bigint));
    else if (kind === "eth") shown = formatToken(BigInt(value as bigint), 18, "ETH");
    else if (kind === "called")
      shown = context.called ? amountOf(context.called, value) : amountOf("unknown", value);
    else if (kind.startsWith("amount@")) shown = amountOf(args[Number(kind.slice(7))], value);
    else shown = String(value);
    params[`a${i}`] = shown;
  });
  return params;
}

/** A sentence for a decoded contract error, from the catalogs. */
export function errorSentence(
  name: string,
  args: readonly unknown[],
  context: ErrorContext = {},
): string {
  if (name === "RegistryInvalidLimit") {
    const limit = String(args[0]);
    const show = (v: unknown) =>
      limit === "maxAdvanceBps"
        ? bpsToPercent(Number(v))
        : limit === "minThreshold"
          ? String(v)
          : t("units.days", { count: Number(v) / 86_400 });
    const what = tMaybe(`limits.${limit}`) ?? limit;
    return t("errors.RegistryInvalidLimit", {
      what,
      min: show(args[2]),
      max: show(args[3]),
      value: show(args[1]),
    });
  }
  if (name === "RegistrySequencerGracePeriod") {
    const [upSince, grace, now] = args.map((v) => BigInt(v as bigint));
    const minutes = formatUnitsCount(Number(grace) / 60);
    if (upSince === 0n || upSince > now) return t("errors.RegistrySequencerUnknown", { minutes });
    return t("errors.RegistrySequencerGracePeriod", {
      minutes,
      at: formatDate(upSince + grace + 1n),
    });
  }
  const params = errorParams(name, args, context);
  const direct = tMaybe(`errors.${name}`, params);
  if (direct) return direct;
  // A token's own errors, by the shape of their names (tokens name them after themselves).
  if (/InsufficientBalance$/.test(name)) return t("errors.tokenInsufficientBalance");
  if (/InsufficientAllowance$/.test(name)) return t("errors.tokenInsufficientAllowance");
  if (/ApproveFromNonZero$/.test(name)) return t("errors.tokenApproveFromNonZero");
  if (/Blocklisted|Blacklisted/i.test(name)) return t("errors.tokenBlocklisted");
  return t("errors.unknownContractError", { name });
}

export type Explained = { name: string; sentence: string };

/** Library errors people may meet, by the names viem and wagmi give them. */
const LIBRARY: Record<string, string> = {
  ProviderNotFoundError: "errors.noWallet",
  ConnectorNotFoundError: "errors.noWallet",
  ConnectorNotConnectedError: "errors.notConnected",
  ConnectorAccountNotFoundError: "errors.notConnected",
  ConnectorChainMismatchError: "errors.wrongChain",
  ChainMismatchError: "errors.wrongChain",
  ChainNotConfiguredError: "errors.wrongChain",
  SwitchChainNotSupportedError: "errors.switchUnsupported",
  HttpRequestError: "errors.network",
  TimeoutError: "errors.network",
  WebSocketRequestError: "errors.network",
  RpcRequestError: "errors.network",
  LimitExceededRpcError: "errors.rateLimited",
  ResourceUnavailableRpcError: "errors.network",
};

/** The first error along `error`'s cause chain whose name `test` accepts. */
function findInChain(error: unknown, test: (name: string) => boolean): Error | undefined {
  for (let e = error as Error | undefined, depth = 0; e && depth < 10; depth++) {
    if (typeof e.name === "string" && test(e.name)) return e;
    e = (e as { cause?: Error }).cause;
  }
  return undefined;
}

/** The best sentence for anything a write, a signature or a read can throw. */
export function explainError(error: unknown, context: ErrorContext = {}): Explained {
  if (error instanceof GuardError) return { name: error.name, sentence: error.message };
  const decoded = describeError(error);
  if (decoded.name === "UserRejected")
    return { name: decoded.name, sentence: t("errors.rejected") };
  if (decoded.name === "InsufficientFunds")
    return { name: decoded.name, sentence: t("errors.insufficientEth") };
  const contractError = decoded.args.length > 0 || !!tMaybe(`errors.${decoded.name}`);
  if (!contractError) {
    const library = findInChain(error, (name) => name in LIBRARY);
    if (library)
      return { name: library.name, sentence: t(LIBRARY[library.name] as "errors.network") };
    const message = String((error as Error)?.message ?? "");
    if (/user rejected|denied|rejected the request/i.test(message))
      return { name: "UserRejected", sentence: t("errors.rejected") };
    if (/failed to fetch|fetch failed|network ?error|ECONNREFUSED/i.test(message))
      return { name: "NetworkError", sentence: t("errors.network") };
    return { name: decoded.name, sentence: t("errors.unexpected") };
  }
  return { name: decoded.name, sentence: errorSentence(decoded.name, decoded.args, context) };
}

/** A refusal the dApp itself makes before anything is sent (its message is already a sentence). */
export class GuardError extends Error {
  override name = "GuardError";
}
