/**
 * The launch form's rules, checked in the browser before anything is sent. They mirror the
 * campaign's own checks (Campaign.initialize) so a donor never sees an appeal the chain would refuse.
 */
import { getAddress, isAddress, type Address } from "viem";

import type { CampaignParams } from "../../../client/ledger.ts";
import { parseUsd } from "./format.ts";

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
  /** One address per line. */
  verifiers: string;
  threshold: string;
  metadataURI: string;
};

export type LaunchErrors = Partial<Record<keyof LaunchForm, string>>;

export const emptyLaunchForm = (): LaunchForm => ({
  beneficiary: "",
  unitName: "",
  targetUnits: "",
  goalUsd: "",
  deadline: "",
  procurementDeadline: "",
  graceDays: "7",
  maxAdvancePercent: "30",
  allOrNothing: true,
  tokens: [],
  verifiers: "",
  threshold: "",
  metadataURI: "",
});

/** Seconds since the epoch of a `YYYY-MM-DDTHH:mm` value read as UTC, or undefined. */
export function parseUtcDateTime(value: string): bigint | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const ms = Date.parse(`${value}${value.length === 16 ? ":00" : ""}Z`);
  return Number.isNaN(ms) ? undefined : BigInt(Math.floor(ms / 1000));
}

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? BigInt(text.trim()) : undefined);

export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Checks every field. `now` is the chain's clock (local chains move time). Returns the campaign
 * parameters when every field holds, and a sentence per field otherwise.
 */
export function validateLaunch(
  form: LaunchForm,
  now: bigint,
): { ok: true; params: CampaignParams } | { ok: false; errors: LaunchErrors } {
  const errors: LaunchErrors = {};

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

  const goal = parseUsd(form.goalUsd.replace(/[,_ ]/g, ""));
  if (!goal.ok)
    errors.goalUsd = goal.error.replace("USD has 18 decimals", "Use at most 18 decimals");
  else if (goal.value > MAX_UINT128) errors.goalUsd = "That goal is too large.";

  const deadline = parseUtcDateTime(form.deadline);
  if (deadline === undefined) errors.deadline = "Choose the date and time funding ends (UTC).";
  else if (deadline <= now)
    errors.deadline = "The funding deadline must be in the future (chain time).";
  else if (deadline > 2n ** 40n - 1n) errors.deadline = "That date is too far away.";

  const procurement = parseUtcDateTime(form.procurementDeadline);
  if (procurement === undefined)
    errors.procurementDeadline = "Choose the date procurement must end (UTC).";
  else if (deadline !== undefined && procurement <= deadline)
    errors.procurementDeadline = "The procurement deadline must come after the funding deadline.";

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
  else if (advance > 10_000) errors.maxAdvancePercent = "The maximum advance can't exceed 100%.";

  const tokens = form.tokens.map((t) => t.toLowerCase());
  if (tokens.length === 0) errors.tokens = "Choose at least one accepted token.";
  else if (tokens.length > MAX_TOKENS) errors.tokens = `Choose at most ${MAX_TOKENS} tokens.`;
  else if (new Set(tokens).size !== tokens.length) errors.tokens = "A token is listed twice.";

  const verifierTexts = splitAddresses(form.verifiers);
  const bad = verifierTexts.find((v) => !isAddress(v, { strict: false }));
  const verifiers = bad ? [] : verifierTexts.map((v) => getAddress(v));
  if (verifierTexts.length === 0)
    errors.verifiers = "Name at least one verifier (one address per line).";
  else if (bad) errors.verifiers = `“${bad}” is not an address.`;
  else if (verifiers.length > MAX_VERIFIERS)
    errors.verifiers = `At most ${MAX_VERIFIERS} verifiers.`;
  else if (new Set(verifiers).size !== verifiers.length)
    errors.verifiers = "A verifier is listed twice.";

  const threshold = wholeNumber(form.threshold);
  if (threshold === undefined || threshold === 0n)
    errors.threshold = "Enter how many verifiers must agree (at least 1).";
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
