/** Money, units, dates and addresses for people. Money is bigint end to end: no floats. */
import { formatUnits, parseUnits } from "viem";

export type AmountParse = { ok: true; value: bigint } | { ok: false; error: string };

/**
 * Parses what a person typed as an amount of a token with `decimals` decimals. Refuses more
 * decimals than the token has (nothing is rounded silently), negative numbers and garbage.
 */
export function parseAmount(input: string, decimals: number, symbol = "this token"): AmountParse {
  const text = input.trim().replace(/[_\s]/g, "").replace(/,/g, "");
  if (text === "") return { ok: false, error: "Enter an amount." };
  if (!/^\d*\.?\d*$/.test(text) || text === ".")
    return { ok: false, error: "Enter a number such as 12.5 (digits and one decimal point)." };
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > decimals)
    return {
      ok: false,
      error:
        decimals === 0
          ? `${symbol} has no decimals: enter a whole number.`
          : `${symbol} has ${decimals} decimals: enter at most ${decimals} digits after the point.`,
    };
  const value = parseUnits(text, decimals);
  if (value === 0n) return { ok: false, error: "Enter an amount greater than zero." };
  return { ok: true, value };
}

/** Groups the integer part with commas and keeps every significant decimal (trailing zeros trimmed). */
export function formatAmount(value: bigint, decimals: number, maxFraction?: number): string {
  const negative = value < 0n;
  const text = formatUnits(negative ? -value : value, decimals);
  let [whole, fraction = ""] = text.split(".");
  if (maxFraction !== undefined && fraction.length > maxFraction) {
    fraction = fraction.slice(0, maxFraction).replace(/0+$/, "");
  }
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + whole + (fraction ? `.${fraction}` : "");
}

export function formatToken(value: bigint, decimals: number, symbol: string, maxFraction?: number) {
  return `${formatAmount(value, decimals, maxFraction)} ${symbol}`;
}

/** USD with 18 decimals, shown with cents (rounded down: never overstates). */
export function formatUsd(value18: bigint): string {
  const cents = value18 / 10n ** 16n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `$${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** Parses a USD amount typed by a person into 18 decimals. */
export function parseUsd(input: string): AmountParse {
  const parsed = parseAmount(input.replace(/^\$/, ""), 18, "USD");
  if (!parsed.ok) return parsed;
  return parsed;
}

export function formatUnitsCount(value: bigint): string {
  return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Percentage (0–100, one decimal) of part over whole, computed on bigints. */
export function percent(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  const perMille = (part * 1000n) / whole;
  return Number(perMille) / 10;
}

export function formatDate(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
}

/** "3 days 4 hours left" / "ended 2 days ago", against the chain's clock. */
export function timeLeft(deadline: bigint, now: bigint): string {
  const diff = deadline - now;
  const abs = diff < 0n ? -diff : diff;
  const days = abs / 86_400n;
  const hours = (abs % 86_400n) / 3_600n;
  const minutes = (abs % 3_600n) / 60n;
  const span =
    days > 0n
      ? `${days} day${days === 1n ? "" : "s"}${hours > 0n ? ` ${hours} h` : ""}`
      : hours > 0n
        ? `${hours} h ${minutes} min`
        : `${minutes} min`;
  return diff > 0n ? `${span} left` : `ended ${span} ago`;
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function bpsToPercent(bps: number): string {
  return `${bps / 100}%`;
}
