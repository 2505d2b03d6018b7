/**
 * The vetter's and the admin's forms, checked before anything is sent against the same bounds the
 * registry enforces (Registry `_setLimits`, `setPriceBounds`, `setSequencerUptimeFeed`,
 * `registerSupplier` / `registerVerifier`).
 */
import { getAddress, isAddress, zeroAddress, type Address, type Hex } from "viem";

import type { RegistryLimits } from "../../../client/actions.ts";
import { parseAmount } from "./format.ts";
import { isBytes32 } from "./hash.ts";
import { msg, type Message } from "./message.ts";

/** The registry's hard bounds (Registry.sol constants). */
export const LIMIT_BOUNDS = {
  fundingDays: { min: 1, max: 365 },
  procurementDays: { min: 1, max: 3 * 365 },
  advanceBps: { min: 0, max: 5_000 },
  minThreshold: { min: 1, max: 5 },
} as const;
export const MAX_GRACE_PERIOD = 86_400;
const MAX_UINT128 = 2n ** 128n - 1n;
const DAY = 86_400;

export type LimitsForm = {
  fundingDays: string;
  procurementDays: string;
  advancePercent: string;
  minThreshold: string;
};
/** A refusal per field, as a catalog key and its values (`say` words it). */
export type LimitsErrors = Partial<Record<keyof LimitsForm, Message>>;

export const limitsToForm = (l: RegistryLimits): LimitsForm => ({
  fundingDays: String(l.maxFundingWindow / DAY),
  procurementDays: String(l.maxProcurementWindow / DAY),
  advancePercent: String(l.maxAdvanceBps / 100),
  minThreshold: String(l.minThreshold),
});

const wholeIn = (text: string, min: number, max: number) => {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
};

export function validateLimits(
  form: LimitsForm,
): { ok: true; limits: RegistryLimits } | { ok: false; errors: LimitsErrors } {
  const errors: LimitsErrors = {};
  const b = LIMIT_BOUNDS;
  const funding = wholeIn(form.fundingDays, b.fundingDays.min, b.fundingDays.max);
  if (funding === undefined)
    errors.fundingDays = msg("registryErrors.fundingDays", {
      min: { n: b.fundingDays.min },
      max: { n: b.fundingDays.max },
    });
  const procurement = wholeIn(form.procurementDays, b.procurementDays.min, b.procurementDays.max);
  if (procurement === undefined)
    errors.procurementDays = msg("registryErrors.procurementDays", {
      min: { n: b.procurementDays.min },
      max: { n: b.procurementDays.max },
    });
  const t = form.advancePercent.trim();
  const bps = /^\d{1,3}(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : undefined;
  if (bps === undefined || bps > b.advanceBps.max)
    errors.advancePercent = msg("registryErrors.advancePercent", {
      max: { n: b.advanceBps.max / 100 },
    });
  const threshold = wholeIn(form.minThreshold, b.minThreshold.min, b.minThreshold.max);
  if (threshold === undefined)
    errors.minThreshold = msg("registryErrors.minThreshold", {
      min: { n: b.minThreshold.min },
      max: { n: b.minThreshold.max },
    });
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    limits: {
      maxFundingWindow: funding! * DAY,
      maxProcurementWindow: procurement! * DAY,
      maxAdvanceBps: bps!,
      minThreshold: threshold!,
    },
  };
}

/**
 * Price bounds in USD as typed, into the feed's decimals. Both empty (or both 0) removes the bounds;
 * otherwise 0 ≤ minimum ≤ maximum and the maximum above 0, as `setPriceBounds` requires.
 */
export function validatePriceBounds(
  minText: string,
  maxText: string,
  feedDecimals: number,
): { ok: true; min: bigint; max: bigint } | { ok: false; error: Message } {
  const read = (text: string) => {
    const t = text.trim().replace(/^\$/, "");
    if (t === "" || /^0*(\.0*)?$/.test(t)) return { ok: true as const, value: 0n };
    return parseAmount(t, feedDecimals, { msg: msg("registryErrors.theFeed") });
  };
  const min = read(minText);
  if (!min.ok)
    return { ok: false, error: msg("registryErrors.boundsMin", { error: { msg: min.error } }) };
  const max = read(maxText);
  if (!max.ok)
    return { ok: false, error: msg("registryErrors.boundsMax", { error: { msg: max.error } }) };
  if (min.value > MAX_UINT128 || max.value > MAX_UINT128)
    return { ok: false, error: msg("registryErrors.boundTooLarge") };
  if (max.value === 0n && min.value !== 0n)
    return { ok: false, error: msg("registryErrors.boundsNeedMax") };
  if (max.value !== 0n && min.value > max.value)
    return {
      ok: false,
      error: msg("registryErrors.boundsOrder", {
        min: { amount: min.value, decimals: feedDecimals },
        max: { amount: max.value, decimals: feedDecimals },
      }),
    };
  return { ok: true, min: min.value, max: max.value };
}

/** The sequencer-uptime feed: an address and a grace period in seconds, or empty to remove the check. */
export function validateSequencer(
  feedText: string,
  graceText: string,
): { ok: true; feed: Address; grace: number } | { ok: false; error: Message } {
  const feed = feedText.trim();
  if (feed === "" || /^0x0{40}$/i.test(feed)) return { ok: true, feed: zeroAddress, grace: 0 };
  if (!isAddress(feed, { strict: false }))
    return { ok: false, error: msg("registryErrors.feedAddress") };
  const grace = wholeIn(graceText, 1, MAX_GRACE_PERIOD);
  if (grace === undefined)
    return { ok: false, error: msg("registryErrors.grace", { max: { n: MAX_GRACE_PERIOD } }) };
  return { ok: true, feed: getAddress(feed), grace };
}

export type PartyForm = { address: string; name: string; detail: string; dossier: string };

/**
 * A supplier (detail = country) or a verifier (detail = organization) to register. Refuses an
 * address already registered in the same role (the registry would refuse it too).
 */
export function validateParty(
  form: PartyForm,
  kind: "supplier" | "verifier",
  registered: readonly Address[],
):
  | { ok: true; address: Address; name: string; detail: string; dossier: Hex }
  | { ok: false; error: Message } {
  const address = form.address.trim();
  const supplier = kind === "supplier";
  const refuse = (key: Parameters<typeof msg>[0]) => ({ ok: false as const, error: msg(key) });
  if (!isAddress(address, { strict: false }) || /^0x0{40}$/i.test(address))
    return refuse(supplier ? "registryErrors.supplierAddress" : "registryErrors.verifierAddress");
  if (registered.some((r) => r.toLowerCase() === address.toLowerCase()))
    return refuse(supplier ? "registryErrors.alreadySupplier" : "registryErrors.alreadyVerifier");
  if (!form.name.trim())
    return refuse(supplier ? "registryErrors.supplierName" : "registryErrors.verifierName");
  if (!form.detail.trim())
    return refuse(
      supplier ? "registryErrors.supplierCountry" : "registryErrors.verifierOrganization",
    );
  if (!isBytes32(form.dossier)) return refuse("registryErrors.dossier");
  return {
    ok: true,
    address: getAddress(address),
    name: form.name.trim(),
    detail: form.detail.trim(),
    dossier: form.dossier as Hex,
  };
}
