/**
 * Turns the contracts' custom errors into sentences a donor, organizer or supplier understands.
 * Shared by the scripts (CLI messages), the dApp and the tests.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  decodeErrorResult,
  formatUnits,
  type Hex,
} from "viem";

import {
  campaignAbi,
  campaignFactoryAbi,
  mockUsdcAbi,
  mockUsdtAbi,
  mockWbtcAbi,
  registryAbi,
} from "./generated/abis.ts";

/** Handover's errors, and the local tokens' own (they bubble up through `pledge` and `withdraw`). */
const ALL_ERRORS = [
  ...campaignAbi,
  ...registryAbi,
  ...campaignFactoryAbi,
  ...mockUsdcAbi,
  ...mockUsdtAbi,
  ...mockWbtcAbi,
].filter((item) => item.type === "error");

const STATUS = ["not initialised", "open for pledges", "failed", "buying supplies", "closed"];
const ORDER_STATUS = ["unknown", "placed", "accepted", "shipped", "completed", "cancelled"];
const SUPPLIER_STATUS = ["not registered", "active", "suspended"];

const day = (seconds: bigint | number) =>
  new Date(Number(seconds) * 1000).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
const usd = (value: bigint) =>
  "$" + Number(formatUnits(value, 18)).toLocaleString("en-US", { maximumFractionDigits: 2 });
/** "14:05 UTC on 3 March 2026": for waits shorter than a day. */
const moment = (seconds: bigint | number) => {
  const d = new Date(Number(seconds) * 1000);
  const hhmm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return `${hhmm} UTC on ${day(seconds)}`;
};

/** ETH is `address(0)` on chain; people know it as ETH, in ether rather than wei. */
const isEth = (token: unknown) => String(token).toLowerCase() === `0x${"0".repeat(40)}`;
const tokenName = (token: unknown) => (isEth(token) ? "ETH" : String(token));
const amountOf = (token: unknown, value: unknown) =>
  isEth(token) ? `${formatUnits(value as bigint, 18)} ETH` : `${value} base units`;

/** The registry's platform limits, in the units an admin thinks in. */
const inDays = (seconds: unknown) => {
  const days = Number(seconds) / 86_400;
  return days === 1 ? "1 day" : `${days} days`;
};
const LIMITS: Record<string, { what: string; show: (value: unknown) => string }> = {
  maxFundingWindow: { what: "The longest funding window", show: inDays },
  maxProcurementWindow: { what: "The longest procurement window", show: inDays },
  maxAdvanceBps: { what: "The ceiling on advances", show: (v) => `${Number(v) / 100}%` },
  minThreshold: { what: "The minimum number of verifiers who must agree", show: String },
};

type Args = readonly unknown[];
const SENTENCES: Record<string, (a: Args) => string> = {
  CampaignFundingEnded: (a) =>
    `This appeal stopped taking pledges on ${day(a[0] as bigint)}; pledges can no longer be made or cancelled.`,
  CampaignWrongStatus: (a) =>
    `This appeal is ${STATUS[Number(a[0])]}, so this can't be done now (it needs the appeal to be ${STATUS[Number(a[1])]}).`,
  CampaignZeroAmount: () => "Enter an amount greater than zero.",
  CampaignAmountTooLarge: () => "That amount is too large for this appeal to record.",
  CampaignTokenNotAccepted: (a) => `This appeal does not accept that token (${a[0]}).`,
  CampaignUsePledgeETH: () => "To give ETH, use the ETH pledge, not the token pledge.",
  CampaignNoPledge: () => "You have no pledge in this token to cancel.",
  CampaignGoalNotReached: (a) =>
    `Funding can only close early once the goal is met: ${usd(a[0] as bigint)} raised of ${usd(a[1] as bigint)}.`,
  CampaignNothingToRefund: () =>
    "Nothing is due to you in this token (already claimed, or nothing pledged).",
  CampaignNothingToWithdraw: (a) =>
    `${a[0]} has nothing to withdraw from this appeal, in any token: nothing earned yet, or already withdrawn.`,
  CampaignNothingToRelease: (a) => `Order ${a[0]} has no verified delivery waiting to be paid.`,
  CampaignNotOrganizer: (a) => `Only this appeal's organizer (${a[1]}) can do that.`,
  CampaignNotVerifier: (a) => `${a[0]} is not one of this appeal's verifiers.`,
  CampaignNotSupplier: (a) => `Only the supplier of order ${a[0]} (${a[2]}) can do that.`,
  CampaignSupplierNotVetted: (a) =>
    `The supplier ${a[0]} is ${SUPPLIER_STATUS[Number(a[1])]} in the registry, so it can't take orders or be paid now.`,
  CampaignInsufficientFunds: (a) =>
    `Not enough money left in ${isEth(a[0]) ? "the ETH pool" : `the pool of ${a[0]}`} for this order: ${amountOf(a[0], a[1])} available, ${amountOf(a[0], a[2])} needed. Place a smaller order.`,
  CampaignOrderAboveRaised: (a) =>
    `The order (${usd(a[0] as bigint)}) is worth more than everything this appeal raised (${usd(a[1] as bigint)}).`,
  CampaignInvalidUnits: (a) =>
    `The number of units (${a[0]}) must be between 1 and 1,099,511,627,775.`,
  CampaignInvalidDeliverBy: (a) =>
    `The delivery date must be after now and no later than ${day(a[2] as bigint)} (the procurement deadline minus the grace period).`,
  CampaignAdvanceAboveCap: (a) =>
    `The advance (${Number(a[0]) / 100}%) is above this appeal's cap of ${Number(a[1]) / 100}%.`,
  CampaignTooManyOrders: (a) => `This appeal already has the maximum of ${a[0]} orders.`,
  CampaignProcurementEnded: (a) => `Procurement for this appeal ended on ${day(a[0] as bigint)}.`,
  CampaignUnknownOrder: (a) => `There is no order ${a[0]} in this appeal.`,
  CampaignWrongOrderStatus: (a) =>
    `Order ${a[0]} is ${ORDER_STATUS[Number(a[1])]}, so this can't be done now.`,
  CampaignUnitsExceedOrder: (a) =>
    `Order ${a[0]} is for ${a[2]} units; ${a[1]} can't have been delivered.`,
  CampaignConfirmationNotIncreasing: (a) =>
    `${a[1]} already confirmed ${a[2]} units for order ${a[0]}; a confirmation must be a larger cumulative number than that (got ${a[3]}).`,
  CampaignMissingEvidence: () =>
    "Evidence is required (a document hash for a confirmation, a link for a shipment).",
  CampaignNotEnoughSignatures: (a) =>
    `Only ${a[0]} verifier(s) would agree on this quantity; this appeal needs ${a[1]}. Collect more signatures.`,
  CampaignOrderNotExpired: (a) =>
    `Order ${a[0]} can only be cancelled from ${day(a[1] as bigint)} (its delivery date plus the grace period).`,
  CampaignOrdersOpen: (a) =>
    `${a[0]} order(s) are still open; close or cancel them first, or wait until ${day(a[1] as bigint)}.`,
  CampaignCloseTooEarly: (a) =>
    `Only the organizer can close this appeal before ${day(a[0] as bigint)}.`,
  CampaignNotInitialized: () => "This address is the campaign template, not an appeal.",
  CampaignZeroAddress: () => "An address is missing.",
  CampaignInvalidGoal: () => "The goal and the number of units must both be greater than zero.",
  CampaignInvalidDeadline: (a) =>
    `The funding deadline (${day(a[0] as bigint)}) must be in the future.`,
  CampaignInvalidProcurementDeadline: () =>
    "The procurement deadline must come after the funding deadline.",
  CampaignInvalidAdvanceCap: (a) =>
    `The maximum advance (${Number(a[0]) / 100}%) is above the platform's ceiling of ${Number(a[1]) / 100}%.`,
  CampaignFundingWindowTooLong: (a) =>
    `The funding deadline (${day(a[0] as bigint)}) is too far away: the platform allows funding until ${day(a[1] as bigint)} at the latest.`,
  CampaignProcurementWindowTooLong: (a) =>
    `The procurement deadline (${day(a[0] as bigint)}) is too far away: the platform allows it until ${day(a[1] as bigint)} at the latest.`,
  CampaignThresholdTooLow: (a) =>
    `At least ${a[1]} verifiers must agree on a delivery on this platform (the appeal asks for ${a[0]}).`,
  CampaignVerifierNotRegistered: (a) =>
    `${a[0]} is ${SUPPLIER_STATUS[Number(a[1])]} as a verifier in the registry; only active registered verifiers can confirm deliveries.`,
  CampaignOrganizerIsVerifier: (a) =>
    `The organizer (${a[0]}) can't verify its own appeal's deliveries; choose independent verifiers.`,
  CampaignSupplierIsVerifier: (a) =>
    `${a[0]} is one of this appeal's verifiers, so it can't supply it: a supplier never verifies its own delivery.`,
  CampaignSupplierSuspended: (a) =>
    `The supplier ${a[0]} is suspended: what it earned is held until a vetter reinstates it.`,
  CampaignAdvanceCapExceeded: (a) =>
    `Accepting this order would pay advances beyond the appeal's cap in ${tokenName(a[0])}: ${amountOf(a[0], a[1])} already advanced without verified delivery, ${amountOf(a[0], a[2])} more asked, ${amountOf(a[0], a[3])} allowed. Ask the organizer for an order with a smaller advance.`,
  CampaignInvalidSignature: (a) =>
    `The signature of ${a[0]} does not match this order, quantity and evidence with its current nonce (${a[1]}): it was made for something else, or the verifier has confirmed or cancelled since. Ask for a new signature.`,
  CampaignSignatureExpired: (a) =>
    `The signature of ${a[0]} expired on ${day(a[1] as bigint)}. Ask for a new one.`,
  CampaignInvalidModule: (a) => `${a[0]} is not a procurement module of this deployment.`,
  CampaignInvalidTokenCount: (a) => `Choose between 1 and ${a[1]} accepted tokens (got ${a[0]}).`,
  CampaignDuplicateToken: (a) => `The token ${a[0]} is listed twice.`,
  CampaignInvalidVerifiers: (a) =>
    `Name 1 to 5 verifiers and a threshold between 1 and their number (got ${a[0]} verifiers, threshold ${a[1]}).`,
  CampaignDuplicateVerifier: (a) => `The verifier ${a[0]} is listed twice.`,
  CampaignInvalidText: () =>
    "The unit name and the metadata link must each be 1 to 1,024 characters.",
  FactoryNotOrganizer: (a) => `${a[0]} is not an approved organizer, so it can't launch appeals.`,
  FactoryIndexOutOfBounds: (a) => `There is no appeal number ${a[0]} (there are ${a[1]}).`,
  RegistryStalePrice: (a) =>
    `The price feed for this token is out of date (last update ${day(a[1] as bigint)}); pledges in it are paused until it updates.`,
  RegistryValueTooLarge: () => "That amount is too large to value in USD.",
  RegistryNonPositivePrice: () =>
    "The price feed for this token reports an invalid price; pledges in it are paused.",
  RegistryTokenNotAccepted: (a) => `The platform does not accept the token ${a[0]}.`,
  RegistrySupplierAlreadyRegistered: (a) => `${a[0]} is already registered as a supplier.`,
  RegistrySupplierNotActive: (a) => `${a[0]} is not an active supplier.`,
  RegistrySupplierNotSuspended: (a) => `${a[0]} is not suspended.`,
  RegistryEmptyDetails: () =>
    "A name is required, and a country (for a supplier) or an organization (for a verifier).",
  RegistryVerifierAlreadyRegistered: (a) => `${a[0]} is already registered as a verifier.`,
  RegistryVerifierNotActive: (a) => `${a[0]} is not an active verifier.`,
  RegistryVerifierNotSuspended: (a) => `${a[0]} is not a suspended verifier.`,
  RegistryTooManyDecimals: (a) =>
    `The token ${a[0]} has ${a[1]} decimals; the platform accepts at most ${a[2]}.`,
  RegistryFuturePrice: (a) =>
    `The price feed for this token reports a price dated in the future (${day(a[1] as bigint)}); pledges in it are refused until it is corrected.`,
  RegistryPriceOutOfBounds: (a) =>
    `The price feed for ${tokenName(a[0])} reports ${a[1]}, outside the bounds the platform set (${a[2]} to ${a[3]}, in the feed's units); pledges in it are paused.`,
  RegistryInvalidPriceBounds: (a) =>
    `The price bounds are not valid (minimum ${a[0]}, maximum ${a[1]}): give 0 ≤ minimum ≤ maximum, or both 0 to remove them.`,
  RegistrySequencerDown: () =>
    "The network's sequencer is down, so prices can't be trusted; pledges are paused until it is back.",
  RegistrySequencerGracePeriod: (a) => {
    const [upSince, grace, now] = [a[0], a[1], a[2]].map((v) => BigInt(v as bigint));
    const minutes = `${Number(grace) / 60} minutes`;
    // A feed whose round never started (or starts in the future) says nothing about when it came up.
    if (upSince === 0n || upSince > now)
      return `The network's sequencer feed does not say since when the sequencer is up; pledges are paused until it does, and for a grace period of ${minutes} after.`;
    return `The network's sequencer came back up recently; pledges resume at ${moment(upSince + grace + 1n)}, after its grace period of ${minutes}.`;
  },
  RegistryInvalidGracePeriod: (a) =>
    `The sequencer grace period must be between 1 second and ${a[1]} seconds (got ${a[0]}).`,
  RegistryInvalidLimit: (a) => {
    const limit = LIMITS[String(a[0])];
    if (!limit) return `${String(a[0])} must be between ${a[2]} and ${a[3]} (got ${a[1]}).`;
    return `${limit.what} must be between ${limit.show(a[2])} and ${limit.show(a[3])} (got ${limit.show(a[1])}).`;
  },
  RegistryInvalidMaxStaleness: (a) =>
    `The maximum staleness must be between 1 second and ${a[1]} seconds.`,
  RegistryInvalidFeed: (a) => `${a[1]} is not a usable price feed.`,
  RegistryInvalidTokenDecimals: (a) => `${a[0]} does not report usable decimals.`,
  RegistryZeroAddress: () => "An address is missing.",
  EnforcedPause: () =>
    "The platform is paused for an emergency: pledges, orders and payments are on hold. Refunds, cancellations and withdrawals still work.",
  AccessControlUnauthorizedAccount: (a) => `${a[0]} does not have the role needed for this.`,
  ReentrancyGuardReentrantCall: () => "A nested call was refused.",
  SafeERC20FailedOperation: (a) => `The token ${a[0]} refused the transfer.`,
  ERC20InsufficientAllowance: (a) =>
    `The appeal is not allowed to take that much of your token yet (allowance ${a[1]}, needed ${a[2]}). Approve it first.`,
  ERC20InsufficientBalance: (a) =>
    `Your token balance (${a[1]}) is lower than the amount (${a[2]}).`,
  ECDSAInvalidSignature: () => "A signature is invalid.",
  ECDSAInvalidSignatureS: () => "A signature is malformed (high s value).",
  ECDSAInvalidSignatureLength: () => "A signature has the wrong length.",
  InvalidInitialization: () => "This appeal is already initialised.",
  CampaignOrderOverdue: (a) =>
    `Order ${a[0]} was due on ${day(a[1] as bigint)}; it can no longer be accepted (the organizer may cancel it).`,
  CampaignOrganizerRevoked: (a) =>
    `The organizer ${a[0]} no longer holds the organizer role, so it can't manage this appeal; anyone may close it after the procurement deadline.`,
  FailedCall: () =>
    "The payment could not be delivered to the receiving address (it refused it). Use the option to send it to another address.",
  InsufficientBalance: (a) => `The appeal holds ${a[0]} but ${a[1]} was due (base units).`,
  ExpectedPause: () => "The platform is not paused.",
  AccessControlBadConfirmation: () => "An account can only renounce its own roles.",
  AccessControlEnforcedDefaultAdminRules: () =>
    "The admin role changes only through the two-step transfer (begin, wait, accept).",
  AccessControlEnforcedDefaultAdminDelay: (a) =>
    `The admin transfer can be accepted from ${day(a[0] as bigint)}, not before.`,
  AccessControlInvalidDefaultAdmin: (a) => `${a[0]} is not the pending admin.`,
  SafeCastOverflowedUintDowncast: () => "A number is too large for the contract to store.",
  CloneArgumentsTooLong: () => "The appeal's parameters are too long to store.",
  FailedDeployment: () => "The appeal could not be created.",
  AddressEmptyCode: (a) =>
    `There is no contract at ${a[0]}, which this appeal calls: the deployment is incomplete.`,
  NotInitializing: () => "This can only be done while a contract is being set up.",
  FactoryZeroAddress: () =>
    "The factory needs both a registry and a campaign implementation address.",
  Error: (a) => `The transaction was refused: ${String(a[0])}`,
  Panic: (a) => `The contract hit an internal error (panic code ${String(a[0])}).`,
};

export type DecodedError = { name: string; args: readonly unknown[]; sentence: string };

/** Decodes revert data (0x-prefixed) against every Handover ABI. */
export function decodeRevertData(data: Hex): DecodedError | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: ALL_ERRORS, data });
    const argList = (args ?? []) as readonly unknown[];
    return { name: errorName, args: argList, sentence: sentenceFor(errorName, argList) };
  } catch {
    return undefined;
  }
}

/** A token's own errors, by the shape of their names (tokens name them after themselves). */
function tokenSentence(name: string): string | undefined {
  if (/InsufficientBalance$/.test(name)) return "Your token balance is lower than the amount.";
  if (/InsufficientAllowance$/.test(name))
    return "The appeal is not allowed to take that much of your token yet. Approve it first.";
  if (/ApproveFromNonZero$/.test(name))
    return "This token only lets an allowance change from zero: set it to zero first, then approve the amount.";
  if (/Blocklisted|Blacklisted/i.test(name)) return "The token's issuer has blocked this address.";
  return undefined;
}

export function sentenceFor(name: string, args: readonly unknown[]): string {
  return SENTENCES[name]?.(args) ?? tokenSentence(name) ?? `The transaction was refused (${name}).`;
}

/** The best sentence for any error a write or a read can throw. */
export function describeError(error: unknown): DecodedError {
  if (error instanceof BaseError) {
    const revert = error.walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError | null;
    if (revert?.data?.errorName) {
      const args = (revert.data.args ?? []) as readonly unknown[];
      return {
        name: revert.data.errorName,
        args,
        sentence: sentenceFor(revert.data.errorName, args),
      };
    }
    if (revert?.raw) {
      const decoded = decodeRevertData(revert.raw);
      if (decoded) return decoded;
    }
    const raw = (
      error.walk((e) => typeof (e as { data?: unknown }).data === "string") as { data?: Hex } | null
    )?.data;
    if (raw) {
      const decoded = decodeRevertData(raw);
      if (decoded) return decoded;
    }
    if (/user rejected|denied/i.test(error.message)) {
      return {
        name: "UserRejected",
        args: [],
        sentence: "You cancelled the request in your wallet.",
      };
    }
    if (
      error.walk((e) => e instanceof InsufficientFundsError) ||
      /insufficient funds|exceeds (the )?(transaction )?sender account balance/i.test(error.message)
    ) {
      return {
        name: "InsufficientFunds",
        args: [],
        sentence: "Your wallet does not hold enough ETH for this amount plus the network fee.",
      };
    }
    return { name: error.name, args: [], sentence: error.shortMessage };
  }
  return { name: "Error", args: [], sentence: String((error as Error)?.message ?? error) };
}
