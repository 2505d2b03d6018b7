/**
 * The launch form's rules, checked in the browser before anything is sent. They mirror the
 * campaign's own checks (Campaign.initialize) and the registry's limits (`limits()`), so a donor
 * never sees an appeal the chain would refuse.
 */
import { getAddress, isAddress, type Address } from "viem";

import type { RegistryLimits } from "../../../client/actions.ts";
import type { CampaignParams } from "../../../client/ledger.ts";
import { bpsToPercent, formatDate, parseUsd } from "./format.ts";

export const MAX_TOKENS = 8;
export const MAX_VERIFIERS = 5;
export const MAX_TEXT = 1024;
const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_UINT128 = 2n ** 128n - 1n;
const MAX_UINT32 = 2n ** 32n - 1n;

export type LaunchForm = {
  beneficiary: string;
  unitName: string;
  targetUnits: string;
  goalUsd: string;
  /** `YYYY-MM-DDTHH:mm` in UTC (datetime-local input). */
  deadline: string;
  procurementDeadline: string;
  graceDays: string;
  maxAdvancePercent: string;
  allOrNothing: boolean;
  tokens: string[];
  /** The chosen verifiers' addresses (picked from the registry's active verifiers). */
  verifiers: string[];
  threshold: string;
  metadataURI: string;
};

export type LaunchErrors = Partial<Record<keyof LaunchForm, string>>;

/** A verifier the registry lists, as the launch form offers it. */
export type VerifierOption = {
  address: Address;
  name: string;
  organization: string;
  /** 1: active (the only status a campaign accepts); 2: suspended. */
  status: number;
};

/** What the chain allows the form: the registry's limits and verifiers, and who launches. */
export type LaunchRules = {
  limits: RegistryLimits;
  /** The registry's verifiers (any status: the form offers and accepts only the active ones). */
  verifiers: readonly VerifierOption[];
  /** The organizer's address: it may never verify its own appeal. */
  organizer?: Address;
};

/** The registry's defaults (Registry constructor): used before the limits are read. */
export const DEFAULT_LIMITS: RegistryLimits = {
  maxFundingWindow: 90 * 86_400,
  maxProcurementWindow: 365 * 86_400,
  maxAdvanceBps: 3_000,
  minThreshold: 2,
};

const days = (seconds: number | bigint) => Number(seconds) / 86_400;

/** The verifiers the form may offer: registered, active, and not the organizer. */
export function eligibleVerifiers(rules: LaunchRules): VerifierOption[] {
  return rules.verifiers.filter(
    (v) =>
      v.status === 1 &&
      (!rules.organizer || v.address.toLowerCase() !== rules.organizer.toLowerCase()),
  );
}

export const emptyLaunchForm = (limits: RegistryLimits = DEFAULT_LIMITS): LaunchForm => ({
  beneficiary: "",
  unitName: "",
  targetUnits: "",
  goalUsd: "",
  deadline: "",
  procurementDeadline: "",
  graceDays: "7",
  maxAdvancePercent: String(Math.min(3_000, limits.maxAdvanceBps) / 100),
  allOrNothing: true,
  tokens: [],
  verifiers: [],
  threshold: String(limits.minThreshold),
  metadataURI: "",
});

/** Seconds since the epoch of a `YYYY-MM-DDTHH:mm` value read as UTC, or undefined. */
export function parseUtcDateTime(value: string): bigint | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const ms = Date.parse(`${value}${value.length === 16 ? ":00" : ""}Z`);
  return Number.isNaN(ms) ? undefined : BigInt(Math.floor(ms / 1000));
}

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? BigInt(text.trim()) : undefined);

/**
 * Checks every field. `now` is the chain's clock (local chains move time; the transaction's block
 * comes later, so a window that fits now still fits then). Returns the campaign parameters when
 * every field holds, and a sentence per field otherwise.
 */
export function validateLaunch(
  form: LaunchForm,
  now: bigint,
  rules: LaunchRules,
): { ok: true; params: CampaignParams } | { ok: false; errors: LaunchErrors } {
  const errors: LaunchErrors = {};
  const { limits } = rules;

  if (!isAddress(form.beneficiary.trim(), { strict: false }))
    errors.beneficiary =
      "Enter the beneficiary's address (0x followed by 40 hexadecimal characters).";
  else if (/^0x0{40}$/i.test(form.beneficiary.trim()))
    errors.beneficiary = "The beneficiary can't be the zero address.";

  const unitName = form.unitName.trim();
  if (!unitName) errors.unitName = "Say what a unit is, e.g. “surgical masks (EN 14683 Type IIR)”.";
  else if (unitName.length > MAX_TEXT) errors.unitName = `At most ${MAX_TEXT} characters.`;

  const units = wholeNumber(form.targetUnits.replace(/[,_ ]/g, ""));
  if (units === undefined) errors.targetUnits = "Enter a whole number of units, e.g. 250000.";
  else if (units === 0n) errors.targetUnits = "The target must be at least 1 unit.";
  else if (units > MAX_UINT64) errors.targetUnits = "That number of units is too large.";

  const goal = parseUsd(form.goalUsd);
  if (!goal.ok)
    errors.goalUsd = goal.error.replace("USD has 18 decimals", "Use at most 18 decimals");
  else if (goal.value > MAX_UINT128) errors.goalUsd = "That goal is too large.";

  const deadline = parseUtcDateTime(form.deadline);
  if (deadline === undefined) errors.deadline = "Choose the date and time funding ends (UTC).";
  else if (deadline <= now)
    errors.deadline = "The funding deadline must be in the future (chain time).";
  else if (deadline > now + BigInt(limits.maxFundingWindow))
    errors.deadline = `This platform allows funding for at most ${days(limits.maxFundingWindow)} days: choose ${formatDate(now + BigInt(limits.maxFundingWindow))} or earlier.`;

  const procurement = parseUtcDateTime(form.procurementDeadline);
  if (procurement === undefined)
    errors.procurementDeadline = "Choose the date procurement must end (UTC).";
  else if (deadline !== undefined && procurement <= deadline)
    errors.procurementDeadline = "The procurement deadline must come after the funding deadline.";
  else if (deadline !== undefined && procurement > deadline + BigInt(limits.maxProcurementWindow))
    errors.procurementDeadline = `Procurement may last at most ${days(limits.maxProcurementWindow)} days after funding ends: choose ${formatDate(deadline + BigInt(limits.maxProcurementWindow))} or earlier.`;

  const grace = wholeNumber(form.graceDays);
  if (grace === undefined) errors.graceDays = "Enter a whole number of days (0 or more).";
  else if (grace * 86_400n > MAX_UINT32) errors.graceDays = "That grace period is too long.";
  else if (
    deadline !== undefined &&
    procurement !== undefined &&
    deadline + grace * 86_400n >= procurement
  )
    errors.graceDays =
      "With this grace period no order could be delivered before the procurement deadline.";

  const advanceText = form.maxAdvancePercent.trim();
  const advance = /^\d{1,3}(\.\d{1,2})?$/.test(advanceText)
    ? Math.round(Number(advanceText) * 100)
    : undefined;
  if (advance === undefined)
    errors.maxAdvancePercent = "Enter a percentage between 0 and 100 (at most 2 decimals).";
  else if (advance > limits.maxAdvanceBps)
    errors.maxAdvancePercent = `The platform allows an advance of at most ${bpsToPercent(limits.maxAdvanceBps)}.`;

  const tokens = form.tokens.map((t) => t.toLowerCase());
  if (tokens.length === 0) errors.tokens = "Choose at least one accepted token.";
  else if (tokens.length > MAX_TOKENS) errors.tokens = `Choose at most ${MAX_TOKENS} tokens.`;
  else if (new Set(tokens).size !== tokens.length) errors.tokens = "A token is listed twice.";

  const chosen = form.verifiers.map((v) => v.trim()).filter(Boolean);
  const eligible = eligibleVerifiers(rules);
  const bad = chosen.find((v) => !isAddress(v, { strict: false }));
  const verifiers = bad ? [] : chosen.map((v) => getAddress(v));
  const isOrganizer = (v: Address) =>
    !!rules.organizer && v.toLowerCase() === rules.organizer.toLowerCase();
  const notEligible = verifiers.find(
    (v) => !isOrganizer(v) && !eligible.some((e) => e.address.toLowerCase() === v.toLowerCase()),
  );
  if (chosen.length === 0)
    errors.verifiers = `Choose the verifiers (at least ${limits.minThreshold}, the platform's minimum threshold).`;
  else if (bad) errors.verifiers = `“${bad}” is not an address.`;
  else if (verifiers.some(isOrganizer))
    errors.verifiers =
      "You can't verify your own appeal's deliveries: choose independent verifiers.";
  else if (notEligible) {
    const known = rules.verifiers.find(
      (v) => v.address.toLowerCase() === notEligible.toLowerCase(),
    );
    errors.verifiers = known
      ? `${known.name} is suspended as a verifier; only active registered verifiers can be chosen.`
      : `${notEligible} is not a registered verifier.`;
  } else if (verifiers.length > MAX_VERIFIERS)
    errors.verifiers = `At most ${MAX_VERIFIERS} verifiers.`;
  else if (new Set(verifiers).size !== verifiers.length)
    errors.verifiers = "A verifier is listed twice.";
  else if (verifiers.length < limits.minThreshold)
    errors.verifiers = `Choose at least ${limits.minThreshold} verifiers: at least ${limits.minThreshold} must agree on a delivery on this platform.`;

  const threshold = wholeNumber(form.threshold);
  if (threshold === undefined || threshold === 0n)
    errors.threshold = "Enter how many verifiers must agree (at least 1).";
  else if (threshold < BigInt(limits.minThreshold))
    errors.threshold = `At least ${limits.minThreshold} verifiers must agree on a delivery on this platform.`;
  else if (verifiers.length && threshold > BigInt(verifiers.length))
    errors.threshold = `The threshold can't exceed the number of verifiers (${verifiers.length}).`;

  const uri = form.metadataURI.trim();
  if (!uri) errors.metadataURI = "Link the appeal's story and documents (ipfs://… or https://…).";
  else if (uri.length > MAX_TEXT) errors.metadataURI = `At most ${MAX_TEXT} characters.`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(uri))
    errors.metadataURI = "Enter a URI such as ipfs://… or https://….";

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    params: {
      beneficiary: getAddress(form.beneficiary.trim()),
      goalUsd: (goal as { value: bigint }).value,
      targetUnits: units!,
      deadline: deadline!,
      procurementDeadline: procurement!,
      deliveryGracePeriod: grace! * 86_400n,
      maxAdvanceBps: advance!,
      threshold: Number(threshold),
      allOrNothing: form.allOrNothing,
      tokens: form.tokens.map((t) => getAddress(t)) as Address[],
      verifiers,
      unitName,
      metadataURI: uri,
    },
  };
}
