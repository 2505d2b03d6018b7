/**
 * Purchase orders in USD, as the campaign computes them (CampaignProcurement `_reserve` and
 * `_payAdvance`), so the organizer sees what an order reserves in every token, what can still be
 * ordered and whether the supplier could accept its advance, before anything is sent. Pure
 * functions on bigints: the unit tests check them against the contract's own numbers.
 */
import { getAddress, isAddress, keccak256, stringToHex, type Address, type Hex } from "viem";

import type { OrderInput } from "../../../client/actions.ts";
import { BPS, mulDiv } from "../../../client/ledger.ts";
import { bpsToPercent, formatDate, formatToken, formatUsd, parseUsd } from "./format.ts";
import { isBytes32 } from "./hash.ts";
import { parseUtcDateTime } from "./validation.ts";

/** One token's pool as the campaign's `ledger(token)` view reports it. */
export type Pool = {
  token: Address;
  symbol: string;
  decimals: number;
  /** pledged − cancelled: fixed once funding ended. */
  net: bigint;
  available: bigint;
  /** Credited to suppliers beyond verified delivery, all time (`ledger.unbacked`). */
  unbacked: bigint;
  /** `maxAdvanceBps` of the net pledges (`ledger.advanceCap`). */
  advanceCap: bigint;
  /** Advances of orders placed but not yet accepted: they draw on the same headroom when accepted. */
  pendingAdvance?: bigint;
};

export type ShareRow = {
  token: Address;
  symbol: string;
  decimals: number;
  /** What the order reserves in this token: `mulDiv(net, amountUsd, raisedUsd)`. */
  amount: bigint;
  available: bigint;
  /** Credited on acceptance: `amount × advanceBps / 10,000`. */
  advance: bigint;
  /** How much more may be advanced without verified delivery: `advanceCap − unbacked`. */
  headroom: bigint;
  pendingAdvance: bigint;
  advanceCap: bigint;
  unbacked: bigint;
};

export type OrderProblem = {
  kind: "above-raised" | "above-unreserved" | "insufficient" | "zero" | "advance-cap";
  field: "amountUsd" | "advancePercent";
  sentence: string;
};

export type OrderPreview = {
  amountUsd: bigint;
  advanceBps: number;
  raisedUsd: bigint;
  unreservedUsd: bigint;
  rows: ShareRow[];
  problems: OrderProblem[];
  /** Non-blocking: placed orders' advances that would compete for the same headroom. */
  warnings: string[];
  /** The largest advance (bps) every token's headroom allows for this amount. */
  maxAdvanceBps: number;
};

/** The order's amount in one token, as the contract reserves it (`CampaignStorage.share`). */
export const shareOf = (net: bigint, amountUsd: bigint, raisedUsd: bigint) =>
  mulDiv(net, amountUsd, raisedUsd);

/** The advance credited on acceptance in a token where the order is worth `amount`. */
export const advanceOf = (amount: bigint, advanceBps: number) =>
  (amount * BigInt(advanceBps)) / BPS;

/** The largest `bps` with `amount × bps / 10,000 ≤ headroom` (10,000 when `amount` is 0). */
export function maxBpsWithin(amount: bigint, headroom: bigint): number {
  if (amount === 0n) return Number(BPS);
  const bps = ((headroom + 1n) * BPS - 1n) / amount;
  return bps > BPS ? Number(BPS) : Number(bps);
}

const headroomOf = (p: Pool) => (p.advanceCap > p.unbacked ? p.advanceCap - p.unbacked : 0n);

/** What an order of `amountUsd` with `advanceBps` would reserve and advance, and why it would be refused. */
export function previewOrder(input: {
  amountUsd: bigint;
  advanceBps: number;
  raisedUsd: bigint;
  unreservedUsd: bigint;
  pools: Pool[];
  /** The campaign's `maxAdvanceBps` (an order's advance may not exceed it). */
  maxAdvanceBps: number;
}): OrderPreview {
  const { amountUsd, advanceBps, raisedUsd, unreservedUsd, pools } = input;
  const rows: ShareRow[] = pools.map((p) => {
    const amount = shareOf(p.net, amountUsd, raisedUsd);
    return {
      token: p.token,
      symbol: p.symbol,
      decimals: p.decimals,
      amount,
      available: p.available,
      advance: advanceOf(amount, advanceBps),
      headroom: headroomOf(p),
      pendingAdvance: p.pendingAdvance ?? 0n,
      advanceCap: p.advanceCap,
      unbacked: p.unbacked,
    };
  });
  const tok = (r: ShareRow, v: bigint) => formatToken(v, r.decimals, r.symbol);
  const problems: OrderProblem[] = [];
  const warnings: string[] = [];
  if (amountUsd > 0n && amountUsd > raisedUsd) {
    problems.push({
      kind: "above-raised",
      field: "amountUsd",
      sentence: `This order (${formatUsd(amountUsd)}) is worth more than everything the appeal raised (${formatUsd(raisedUsd)}).`,
    });
  } else if (amountUsd > unreservedUsd) {
    problems.push({
      kind: "above-unreserved",
      field: "amountUsd",
      sentence: `Only ${formatUsd(unreservedUsd)} can still be ordered (the rest is reserved for other orders or already paid); this order is ${formatUsd(amountUsd)}.`,
    });
  }
  if (!problems.length) {
    for (const r of rows.filter((r) => r.amount > r.available)) {
      problems.push({
        kind: "insufficient",
        field: "amountUsd",
        sentence: `Not enough ${r.symbol} left: the order would reserve ${tok(r, r.amount)} and ${tok(r, r.available)} is available.`,
      });
    }
  }
  if (amountUsd > 0n && raisedUsd > 0n && rows.every((r) => r.amount === 0n)) {
    problems.push({
      kind: "zero",
      field: "amountUsd",
      sentence: "At this value the order rounds to nothing in every token: order more.",
    });
  }
  const maxAdvanceBps = Math.min(
    input.maxAdvanceBps,
    ...rows.map((r) => maxBpsWithin(r.amount, r.headroom)),
  );
  for (const r of rows.filter((r) => r.advance > r.headroom)) {
    problems.push({
      kind: "advance-cap",
      field: "advancePercent",
      sentence:
        `The supplier could not accept this order: its advance of ${tok(r, r.advance)} would take ${r.symbol} paid ahead of verified delivery to ${tok(r, r.unbacked + r.advance)}, above the appeal's cap of ${tok(r, r.advanceCap)} ` +
        `(only ${tok(r, r.headroom)} left). ${maxAdvanceBps > 0 ? `An advance of at most ${bpsToPercent(maxAdvanceBps)} fits now.` : "Place it without an advance."}`,
    });
  }
  if (!problems.some((p) => p.kind === "advance-cap")) {
    for (const r of rows.filter(
      (r) => r.advance > 0n && r.pendingAdvance + r.advance > r.headroom,
    )) {
      warnings.push(
        `Orders placed and not yet accepted would advance ${tok(r, r.pendingAdvance)} too: the ${r.symbol} headroom (${tok(r, r.headroom)}) cannot cover them and this order's ${tok(r, r.advance)} together; whichever supplier accepts last may be refused.`,
      );
    }
  }
  return {
    amountUsd,
    advanceBps,
    raisedUsd,
    unreservedUsd,
    rows,
    problems,
    warnings,
    maxAdvanceBps,
  };
}

// ───────────────────────────── the order form ─────────────────────────────

export type OrderForm = {
  supplier: string;
  /** USD at pledge-time prices, as typed ("4,500" or "4500.25"). */
  amountUsd: string;
  units: string;
  /** `YYYY-MM-DDTHH:mm` in UTC. */
  deliverBy: string;
  advancePercent: string;
  /** Purchase terms (hashed here) or their 0x hash. */
  terms: string;
};

export type OrderErrors = Partial<Record<keyof OrderForm, string>>;

export type OrderRules = {
  now: bigint;
  procurementDeadline: bigint;
  deliveryGracePeriod: bigint;
  maxAdvanceBps: number;
  /** Suppliers the registry vets now. */
  vetted: readonly Address[];
  /** The campaign's verifiers (a supplier may never be one). */
  verifiers: readonly Address[];
  raisedUsd: bigint;
  unreservedUsd: bigint;
  pools: Pool[];
};

export const emptyOrderForm = (): OrderForm => ({
  supplier: "",
  amountUsd: "",
  units: "",
  deliverBy: "",
  advancePercent: "0",
  terms: "",
});

const MAX_ORDER_UNITS = 2n ** 40n - 1n;
const MAX_UINT128 = 2n ** 128n - 1n;
const lower = (a: string) => a.toLowerCase();

/** Parses "12.5" (at most two decimals) into basis points, or undefined. */
export function percentToBps(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,3}(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : undefined;
}

/** The terms hash that goes on chain: a pasted 0x hash as is, otherwise keccak256 of the text. */
export function termsHashOf(terms: string): Hex | undefined {
  const t = terms.trim();
  if (!t) return undefined;
  return isBytes32(t) ? t : keccak256(stringToHex(t));
}

/**
 * Checks every field of the order form against the campaign's rules and the pools, as
 * `createOrder` would (and `acceptOrder`, for the advance). The preview is returned whenever the
 * amount and the advance parse, so the form shows it while the person types.
 */
export function validateOrder(
  form: OrderForm,
  rules: OrderRules,
):
  | { ok: true; input: OrderInput; preview: OrderPreview }
  | { ok: false; errors: OrderErrors; preview?: OrderPreview } {
  const errors: OrderErrors = {};
  const supplier = form.supplier.trim();
  if (!isAddress(supplier, { strict: false })) errors.supplier = "Choose a vetted supplier.";
  else if (!rules.vetted.some((s) => lower(s) === lower(supplier)))
    errors.supplier = "This supplier is not vetted (unknown or suspended): choose another.";
  else if (rules.verifiers.some((v) => lower(v) === lower(supplier)))
    errors.supplier =
      "This supplier is one of the appeal's verifiers: a supplier never verifies its own delivery.";

  const usd = parseUsd(form.amountUsd.trim());
  if (!usd.ok)
    errors.amountUsd = usd.error.replace("USD has 18 decimals", "Use at most 18 decimals");
  else if (usd.value > MAX_UINT128) errors.amountUsd = "That amount is too large.";

  const unitsText = form.units.trim().replace(/[,_ ]/g, "");
  const units = /^\d+$/.test(unitsText) ? BigInt(unitsText) : undefined;
  if (units === undefined || units === 0n)
    errors.units = "Enter a whole number of units (at least 1).";
  else if (units > MAX_ORDER_UNITS)
    errors.units = "That number of units is too large for one order.";

  const latest =
    rules.procurementDeadline > rules.deliveryGracePeriod
      ? rules.procurementDeadline - rules.deliveryGracePeriod
      : 0n;
  const deliverBy = parseUtcDateTime(form.deliverBy);
  if (deliverBy === undefined) errors.deliverBy = "Choose the deliver-by date (UTC).";
  else if (deliverBy <= rules.now) errors.deliverBy = "The deliver-by date must be in the future.";
  else if (deliverBy > latest)
    errors.deliverBy = `Deliver by ${formatDate(latest)} at the latest (the procurement deadline minus the ${Number(rules.deliveryGracePeriod) / 86_400}-day grace period).`;

  const advanceBps = percentToBps(form.advancePercent);
  if (advanceBps === undefined)
    errors.advancePercent = "Enter the advance as a percentage (0 to 100, at most 2 decimals).";
  else if (advanceBps > rules.maxAdvanceBps)
    errors.advancePercent = `The advance may be at most ${bpsToPercent(rules.maxAdvanceBps)} (this appeal's cap).`;

  const termsHash = termsHashOf(form.terms);
  if (!termsHash)
    errors.terms =
      "Describe the purchase terms (only their hash goes on chain) or paste a 0x… hash.";

  let preview: OrderPreview | undefined;
  if (usd.ok && advanceBps !== undefined) {
    preview = previewOrder({
      amountUsd: usd.value,
      advanceBps,
      raisedUsd: rules.raisedUsd,
      unreservedUsd: rules.unreservedUsd,
      pools: rules.pools,
      maxAdvanceBps: rules.maxAdvanceBps,
    });
    for (const p of preview.problems) errors[p.field] ??= p.sentence;
  }
  if (Object.keys(errors).length || !preview || !usd.ok) return { ok: false, errors, preview };
  return {
    ok: true,
    preview,
    input: {
      supplier: getAddress(supplier),
      amountUsd: usd.value,
      units: units!,
      deliverBy: deliverBy!,
      advanceBps: advanceBps!,
      termsHash: termsHash!,
    },
  };
}

/** "0.5 ETH + 2,500 USDC": an order's per-token amounts, tokens with nothing left out. */
export function formatMix(
  parts: { amount: bigint; decimals: number; symbol: string }[],
  maxFraction?: number,
): string {
  const shown = parts.filter((p) => p.amount !== 0n);
  if (!shown.length) return "nothing";
  return shown.map((p) => formatToken(p.amount, p.decimals, p.symbol, maxFraction)).join(" + ");
}
