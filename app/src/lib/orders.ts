/**
 * Purchase orders in USD, as the campaign computes them (CampaignProcurement `_reserve` and
 * `_payAdvance`), so the organizer sees what an order reserves in every token, what can still be
 * ordered and whether the supplier could accept its advance, before anything is sent. Pure
 * functions on bigints: the unit tests check them against the contract's own numbers.
 */
import { getAddress, isAddress, type Address, type Hex } from "viem";

import type { OrderInput } from "../../../client/actions.ts";
import { BPS, mulDiv } from "../../../client/ledger.ts";
import { t } from "../i18n/index.ts";
import { formatToken, parseUsd } from "./format.ts";
import { isBytes32 } from "./hash.ts";
import { msg, type Message } from "./message.ts";
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
  /** Why, as a catalog key and its values (`say` words it). */
  message: Message;
};

export type OrderPreview = {
  amountUsd: bigint;
  advanceBps: number;
  raisedUsd: bigint;
  unreservedUsd: bigint;
  rows: ShareRow[];
  problems: OrderProblem[];
  /** Non-blocking: placed orders' advances that would compete for the same headroom. */
  warnings: Message[];
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
  const tok = (r: ShareRow, v: bigint) => ({ token: v, decimals: r.decimals, symbol: r.symbol });
  const problems: OrderProblem[] = [];
  const warnings: Message[] = [];
  if (amountUsd > 0n && amountUsd > raisedUsd) {
    problems.push({
      kind: "above-raised",
      field: "amountUsd",
      message: msg("orderErrors.aboveRaised", {
        amount: { usd: amountUsd },
        raised: { usd: raisedUsd },
      }),
    });
  } else if (amountUsd > unreservedUsd) {
    problems.push({
      kind: "above-unreserved",
      field: "amountUsd",
      message: msg("orderErrors.aboveUnreserved", {
        unreserved: { usd: unreservedUsd },
        amount: { usd: amountUsd },
      }),
    });
  }
  if (!problems.length) {
    for (const r of rows.filter((r) => r.amount > r.available)) {
      problems.push({
        kind: "insufficient",
        field: "amountUsd",
        message: msg("orderErrors.insufficient", {
          symbol: r.symbol,
          amount: tok(r, r.amount),
          available: tok(r, r.available),
        }),
      });
    }
  }
  if (amountUsd > 0n && raisedUsd > 0n && rows.every((r) => r.amount === 0n)) {
    problems.push({ kind: "zero", field: "amountUsd", message: msg("orderErrors.zero") });
  }
  const maxAdvanceBps = Math.min(
    input.maxAdvanceBps,
    ...rows.map((r) => maxBpsWithin(r.amount, r.headroom)),
  );
  for (const r of rows.filter((r) => r.advance > r.headroom)) {
    problems.push({
      kind: "advance-cap",
      field: "advancePercent",
      message: msg("orderErrors.advanceCap", {
        advance: tok(r, r.advance),
        symbol: r.symbol,
        total: tok(r, r.unbacked + r.advance),
        cap: tok(r, r.advanceCap),
        headroom: tok(r, r.headroom),
        fix: {
          msg:
            maxAdvanceBps > 0
              ? msg("orderErrors.advanceFits", { max: { bps: maxAdvanceBps } })
              : msg("orderErrors.noAdvance"),
        },
      }),
    });
  }
  if (!problems.some((p) => p.kind === "advance-cap")) {
    for (const r of rows.filter(
      (r) => r.advance > 0n && r.pendingAdvance + r.advance > r.headroom,
    )) {
      warnings.push(
        msg("orderErrors.competing", {
          pending: tok(r, r.pendingAdvance),
          symbol: r.symbol,
          headroom: tok(r, r.headroom),
          advance: tok(r, r.advance),
        }),
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
  /** The purchase terms' on-chain hash: the sha2-256 digest of their IPFS CID (`EvidenceHash`). */
  terms: string;
};

/** A refusal per field, as a catalog key and its values (`say` words it). */
export type OrderErrors = Partial<Record<keyof OrderForm, Message>>;

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

/**
 * The terms hash that goes on chain: the bytes32 the form computed from the terms file's CID (or
 * that was pasted), or undefined when there is none yet.
 */
export function termsHashOf(terms: string): Hex | undefined {
  const t = terms.trim();
  return isBytes32(t) ? t : undefined;
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
  if (!isAddress(supplier, { strict: false })) errors.supplier = msg("orderErrors.supplierMissing");
  else if (!rules.vetted.some((s) => lower(s) === lower(supplier)))
    errors.supplier = msg("orderErrors.supplierNotVetted");
  else if (rules.verifiers.some((v) => lower(v) === lower(supplier)))
    errors.supplier = msg("orderErrors.supplierIsVerifier");

  const usd = parseUsd(form.amountUsd.trim());
  if (!usd.ok) errors.amountUsd = usd.error;
  else if (usd.value > MAX_UINT128) errors.amountUsd = msg("orderErrors.amountTooLarge");

  const unitsText = form.units.trim().replace(/[,_ ]/g, "");
  const units = /^\d+$/.test(unitsText) ? BigInt(unitsText) : undefined;
  if (units === undefined || units === 0n) errors.units = msg("orderErrors.unitsMissing");
  else if (units > MAX_ORDER_UNITS) errors.units = msg("orderErrors.unitsTooLarge");

  const latest =
    rules.procurementDeadline > rules.deliveryGracePeriod
      ? rules.procurementDeadline - rules.deliveryGracePeriod
      : 0n;
  const deliverBy = parseUtcDateTime(form.deliverBy);
  if (deliverBy === undefined) errors.deliverBy = msg("orderErrors.deliverByMissing");
  else if (deliverBy <= rules.now) errors.deliverBy = msg("orderErrors.deliverByPast");
  else if (deliverBy > latest)
    errors.deliverBy = msg("orderErrors.deliverByLate", {
      latest: { date: latest },
      count: Number(rules.deliveryGracePeriod) / 86_400,
    });

  const advanceBps = percentToBps(form.advancePercent);
  if (advanceBps === undefined) errors.advancePercent = msg("orderErrors.advanceMissing");
  else if (advanceBps > rules.maxAdvanceBps)
    errors.advancePercent = msg("orderErrors.advanceAboveCap", {
      max: { bps: rules.maxAdvanceBps },
    });

  const termsHash = termsHashOf(form.terms);
  if (!termsHash) errors.terms = msg("orderErrors.termsMissing");

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
    for (const p of preview.problems) errors[p.field] ??= p.message;
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
  if (!shown.length) return t("common.nothing");
  return shown.map((p) => formatToken(p.amount, p.decimals, p.symbol, maxFraction)).join(" + ");
}
