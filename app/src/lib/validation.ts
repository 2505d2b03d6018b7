/**
 * The launch form's rules, checked in the browser before anything is sent. They mirror the
 * campaign's own checks (Campaign.initialize) and the registry's limits (`limits()`), so a donor
 * never sees an appeal the chain would refuse.
 */
import { getAddress, isAddress, type Address } from "viem";

import type { RegistryLimits } from "../../../client/actions.ts";
import type { CampaignParams } from "../../../client/ledger.ts";
import { parseUsd } from "./format.ts";
import { msg, type Message } from "./message.ts";

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

/** A refusal per field, as a catalog key and its values (`say` words it). */
export type LaunchErrors = Partial<Record<keyof LaunchForm, Message>>;

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

/** "30 days", in the language the message is shown in. */
const days = (seconds: number | bigint) => ({
  msg: msg("units.days", { count: Number(seconds) / 86_400 }),
});

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
 * every field holds, and a message per field otherwise.
 */
export function validateLaunch(
  form: LaunchForm,
  now: bigint,
  rules: LaunchRules,
): { ok: true; params: CampaignParams } | { ok: false; errors: LaunchErrors } {
  const errors: LaunchErrors = {};
  const { limits } = rules;

  if (!isAddress(form.beneficiary.trim(), { strict: false }))
    errors.beneficiary = msg("launchErrors.beneficiaryAddress");
  else if (/^0x0{40}$/i.test(form.beneficiary.trim()))
    errors.beneficiary = msg("launchErrors.beneficiaryZero");

  const unitName = form.unitName.trim();
  if (!unitName) errors.unitName = msg("launchErrors.unitNameEmpty");
  else if (unitName.length > MAX_TEXT)
    errors.unitName = msg("launchErrors.tooLong", { max: { n: MAX_TEXT } });

  const units = wholeNumber(form.targetUnits.replace(/[,_ ]/g, ""));
  if (units === undefined) errors.targetUnits = msg("launchErrors.targetUnitsWhole");
  else if (units === 0n) errors.targetUnits = msg("launchErrors.targetUnitsZero");
  else if (units > MAX_UINT64) errors.targetUnits = msg("launchErrors.targetUnitsTooLarge");

  const goal = parseUsd(form.goalUsd);
  if (!goal.ok) errors.goalUsd = goal.error;
  else if (goal.value > MAX_UINT128) errors.goalUsd = msg("launchErrors.goalTooLarge");

  const deadline = parseUtcDateTime(form.deadline);
  if (deadline === undefined) errors.deadline = msg("launchErrors.deadlineMissing");
  else if (deadline <= now) errors.deadline = msg("launchErrors.deadlinePast");
  else if (deadline > now + BigInt(limits.maxFundingWindow))
    errors.deadline = msg("launchErrors.deadlineTooFar", {
      days: days(limits.maxFundingWindow),
      latest: { date: now + BigInt(limits.maxFundingWindow) },
    });

  const procurement = parseUtcDateTime(form.procurementDeadline);
  if (procurement === undefined)
    errors.procurementDeadline = msg("launchErrors.procurementMissing");
  else if (deadline !== undefined && procurement <= deadline)
    errors.procurementDeadline = msg("launchErrors.procurementBeforeFunding");
  else if (deadline !== undefined && procurement > deadline + BigInt(limits.maxProcurementWindow))
    errors.procurementDeadline = msg("launchErrors.procurementTooFar", {
      days: days(limits.maxProcurementWindow),
      latest: { date: deadline + BigInt(limits.maxProcurementWindow) },
    });

  const grace = wholeNumber(form.graceDays);
  if (grace === undefined) errors.graceDays = msg("launchErrors.graceWhole");
  else if (grace * 86_400n > MAX_UINT32) errors.graceDays = msg("launchErrors.graceTooLong");
  else if (
    deadline !== undefined &&
    procurement !== undefined &&
    deadline + grace * 86_400n >= procurement
  )
    errors.graceDays = msg("launchErrors.graceNoRoom");

  const advanceText = form.maxAdvancePercent.trim();
  const advance = /^\d{1,3}(\.\d{1,2})?$/.test(advanceText)
    ? Math.round(Number(advanceText) * 100)
    : undefined;
  if (advance === undefined) errors.maxAdvancePercent = msg("launchErrors.advancePercent");
  else if (advance > limits.maxAdvanceBps)
    errors.maxAdvancePercent = msg("launchErrors.advanceAboveLimit", {
      max: { bps: limits.maxAdvanceBps },
    });

  const tokens = form.tokens.map((t) => t.toLowerCase());
  if (tokens.length === 0) errors.tokens = msg("launchErrors.tokensNone");
  else if (tokens.length > MAX_TOKENS)
    errors.tokens = msg("launchErrors.tokensTooMany", { max: { n: MAX_TOKENS } });
  else if (new Set(tokens).size !== tokens.length) errors.tokens = msg("launchErrors.tokenTwice");

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
    errors.verifiers = msg("launchErrors.verifiersNone", { min: { n: limits.minThreshold } });
  else if (bad) errors.verifiers = msg("launchErrors.notAnAddress", { value: bad });
  else if (verifiers.some(isOrganizer)) errors.verifiers = msg("launchErrors.verifierIsOrganizer");
  else if (notEligible) {
    const known = rules.verifiers.find(
      (v) => v.address.toLowerCase() === notEligible.toLowerCase(),
    );
    errors.verifiers = known
      ? msg("launchErrors.verifierSuspended", { name: known.name })
      : msg("launchErrors.verifierUnregistered", { address: notEligible });
  } else if (verifiers.length > MAX_VERIFIERS)
    errors.verifiers = msg("launchErrors.verifiersTooMany", { max: { n: MAX_VERIFIERS } });
  else if (new Set(verifiers).size !== verifiers.length)
    errors.verifiers = msg("launchErrors.verifierTwice");
  else if (verifiers.length < limits.minThreshold)
    errors.verifiers = msg("launchErrors.verifiersTooFew", { count: limits.minThreshold });

  const threshold = wholeNumber(form.threshold);
  if (threshold === undefined || threshold === 0n)
    errors.threshold = msg("launchErrors.thresholdMissing");
  else if (threshold < BigInt(limits.minThreshold))
    errors.threshold = msg("launchErrors.thresholdBelowMin", { count: limits.minThreshold });
  else if (verifiers.length && threshold > BigInt(verifiers.length))
    errors.threshold = msg("launchErrors.thresholdAboveCount", { n: { n: verifiers.length } });

  const uri = form.metadataURI.trim();
  if (!uri) errors.metadataURI = msg("launchErrors.uriMissing");
  else if (uri.length > MAX_TEXT)
    errors.metadataURI = msg("launchErrors.tooLong", { max: { n: MAX_TEXT } });
  else if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(uri))
    errors.metadataURI = msg("launchErrors.uriInvalid");

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
