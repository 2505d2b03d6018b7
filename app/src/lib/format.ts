/**
 * Money, units, dates and addresses for people, in the chosen language's `Intl` locale. Money is
 * bigint end to end: amounts reach `Intl.NumberFormat` as exact decimal strings, never as floats.
 */
import { formatUnits, parseUnits } from "viem";

import { t } from "../i18n/index.ts";
import type { Message, Value } from "./message.ts";
import { dateLocale, intlLocale, type Language } from "./locale.ts";

/** A refused amount says why as a catalog key and its values (`lib/message.ts` words it). */
export type AmountParse = { ok: true; value: bigint } | { ok: false; error: Message };

/** The decimal and grouping characters of a language (fr: "," and a narrow no-break space). */
export function separators(language?: Language): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(intlLocale(language)).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    group: parts.find((p) => p.type === "group")?.value ?? ",",
  };
}

const SPACES = /[\s\u00a0\u202f_']/g;

/**
 * Reads what a person typed as a plain decimal ("1234.5"), following their language: "1,5" is one
 * and a half everywhere (a grouping comma is always followed by three digits); "1 500,25" in French
 * and "1,500.25" in English are both 1500.25. A lone separator followed by exactly three digits that
 * is not the language's decimal mark ("1,500" in English, "1.500" in French) could be either, and is
 * refused rather than guessed.
 */
export function normalizeNumber(
  input: string,
  language?: Language,
): { ok: true; text: string } | { ok: false; error: Message } {
  const { decimal } = separators(language);
  const text = input.trim().replace(SPACES, "");
  if (text === "") return { ok: false, error: { key: "amount.empty" } };
  if (!/^[\d.,]*$/.test(text) || !/\d/.test(text))
    return { ok: false, error: { key: "amount.notNumber" } };
  const commas = (text.match(/,/g) ?? []).length;
  const dots = (text.match(/\./g) ?? []).length;
  const groupsOk = (whole: string, mark: string) =>
    new RegExp(`^\\d{1,3}(\\${mark}\\d{3})+$`).test(whole);
  let whole: string;
  let fraction = "";
  if (commas && dots) {
    // Both: the last one is the decimal mark, the other groups thousands.
    const decimalMark = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
    const groupMark = decimalMark === "," ? "." : ",";
    const at = text.lastIndexOf(decimalMark);
    whole = text.slice(0, at);
    fraction = text.slice(at + 1);
    if ((decimalMark === "," ? commas : dots) > 1 || !groupsOk(whole, groupMark))
      return { ok: false, error: { key: "amount.notNumber" } };
    whole = whole.split(groupMark).join("");
  } else if (commas + dots === 0) {
    whole = text;
  } else {
    const mark = commas ? "," : ".";
    const count = commas || dots;
    if (count > 1) {
      // Several of one mark: thousands groups ("1,000,000" or "1.000.000").
      if (!groupsOk(text, mark)) return { ok: false, error: { key: "amount.notNumber" } };
      whole = text.split(mark).join("");
    } else {
      const at = text.indexOf(mark);
      const after = text.slice(at + 1);
      if (mark !== decimal && after.length === 3 && at > 0)
        return {
          ok: false,
          error: {
            key: "amount.ambiguous",
            values: {
              text,
              asGroup: `${text.slice(0, at)}${after}`,
              asDecimal: `${text.slice(0, at)}${decimal}${after.replace(/0+$/, "") || "0"}`,
            },
          },
        };
      whole = text.slice(0, at);
      fraction = after;
    }
  }
  if (whole === "" && fraction === "") return { ok: false, error: { key: "amount.notNumber" } };
  return { ok: true, text: `${whole || "0"}${fraction ? `.${fraction}` : ""}` };
}

const thisToken: Value = { msg: { key: "amount.thisToken" } };

/**
 * Parses what a person typed as an amount of a token with `decimals` decimals, in their language.
 * Refuses more decimals than the token has (nothing is rounded silently), negative numbers,
 * ambiguous separators and garbage.
 */
export function parseAmount(
  input: string,
  decimals: number,
  symbol?: Value,
  language?: Language,
): AmountParse {
  const normal = normalizeNumber(input, language);
  if (!normal.ok) return normal;
  const fraction = normal.text.split(".")[1] ?? "";
  if (fraction.length > decimals)
    return {
      ok: false,
      error:
        decimals === 0
          ? { key: "amount.noDecimals", values: { symbol: symbol ?? thisToken } }
          : { key: "amount.tooManyDecimals", values: { symbol: symbol ?? thisToken, decimals } },
    };
  const value = parseUnits(normal.text, decimals);
  if (value === 0n) return { ok: false, error: { key: "amount.zero" } };
  return { ok: true, value };
}

type DecimalString = `${number}`;

/** An exact decimal string in the locale, with at most `maxFraction` decimals (cut, never rounded up). */
function formatDecimal(
  text: string,
  maxFraction: number,
  minFraction = 0,
  language?: Language,
): string {
  return new Intl.NumberFormat(intlLocale(language), {
    maximumFractionDigits: Math.min(100, maxFraction),
    minimumFractionDigits: minFraction,
    roundingMode: "trunc",
  }).format(text as DecimalString);
}

/**
 * An amount in the locale's grouping and decimal mark, keeping every significant decimal (or at
 * most `maxFraction`, cut rather than rounded up: never overstates).
 */
export function formatAmount(
  value: bigint,
  decimals: number,
  maxFraction?: number,
  language?: Language,
): string {
  return formatDecimal(formatUnits(value, decimals), maxFraction ?? decimals, 0, language);
}

export function formatToken(
  value: bigint,
  decimals: number,
  symbol: string,
  maxFraction?: number,
  language?: Language,
) {
  return `${formatAmount(value, decimals, maxFraction, language)} ${symbol}`;
}

/**
 * A balance rounded for reading: four decimals from one whole unit up, four significant digits
 * below (0.0001234 WBTC), cut rather than rounded up.
 */
export function formatBalance(
  value: bigint,
  decimals: number,
  symbol: string,
  language?: Language,
): string {
  const one = 10n ** BigInt(decimals);
  const abs = value < 0n ? -value : value;
  let digits = 4;
  if (abs > 0n && abs < one) {
    const leadingZeros = decimals - abs.toString().length;
    digits = Math.min(decimals, leadingZeros + 4);
  }
  return formatToken(value, decimals, symbol, digits, language);
}

/** USD with 18 decimals, shown with cents in the locale's currency style, rounded down. */
export function formatUsd(value18: bigint, language?: Language): string {
  return new Intl.NumberFormat(intlLocale(language), {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    roundingMode: "trunc",
  }).format(formatUnits(value18, 18) as DecimalString);
}

/** Parses a USD amount typed by a person (in their language) into 18 decimals. */
export function parseUsd(input: string, language?: Language): AmountParse {
  const read = parseAmount(input.replace(/^\s*(US)?\$|\$\s*(US)?\s*$/g, ""), 18, "USD", language);
  return !read.ok && read.error.key === "amount.tooManyDecimals"
    ? { ok: false, error: { key: "amount.usdDecimals" } }
    : read;
}

/** A whole number of units (or a count), grouped in the locale. */
export function formatUnitsCount(value: bigint | number, language?: Language): string {
  return new Intl.NumberFormat(intlLocale(language)).format(value);
}

/** Percentage (0–100, one decimal) of part over whole, computed on bigints. */
export function percent(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  const perMille = (part * 1000n) / whole;
  return Number(perMille) / 10;
}

/** A moment in UTC, in the locale ("3 Mar 2026, 14:05 UTC"). */
export function formatDate(seconds: bigint | number, language?: Language): string {
  return new Intl.DateTimeFormat(dateLocale(language), {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(new Date(Number(seconds) * 1000));
}

/** A day in UTC, in the locale ("3 March 2026"). */
export function formatDay(seconds: bigint | number, language?: Language): string {
  return new Intl.DateTimeFormat(dateLocale(language), {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Number(seconds) * 1000));
}

/** A span of time in the locale's words ("3 days, 2 hours"), largest two units. */
export function formatSpan(seconds: bigint, language?: Language): string {
  const abs = seconds < 0n ? -seconds : seconds;
  const days = Number(abs / 86_400n);
  const hours = Number((abs % 86_400n) / 3_600n);
  const minutes = Number((abs % 3_600n) / 60n);
  const locale = intlLocale(language);
  const unit = (value: number, u: "day" | "hour" | "minute") =>
    new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "long" }).format(value);
  const parts =
    days > 0
      ? [unit(days, "day"), ...(hours > 0 ? [unit(hours, "hour")] : [])]
      : hours > 0
        ? [unit(hours, "hour"), unit(minutes, "minute")]
        : [unit(minutes, "minute")];
  return new Intl.ListFormat(locale, { style: "narrow", type: "unit" }).format(parts);
}

/** "3 days, 2 hours left" / "ended 2 days ago", against the chain's clock. */
export function timeLeft(deadline: bigint, now: bigint): string {
  const span = formatSpan(deadline - now);
  return deadline > now ? t("time.left", { span }) : t("time.ago", { span });
}

/** Items joined as the language joins a list ("USDC, USDT and ETH", "USDC、USDT和ETH"). */
export function formatList(items: readonly string[], language?: Language): string {
  return new Intl.ListFormat(intlLocale(language), { type: "conjunction" }).format(items);
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Basis points as a percentage in the locale ("20%", "12,5 %"). */
export function bpsToPercent(bps: number, language?: Language): string {
  return new Intl.NumberFormat(intlLocale(language), {
    style: "percent",
    maximumFractionDigits: 2,
  }).format(bps / 10_000);
}

/**
 * An exact rational (a receipt's share, `client/receipt.ts` `Ratio`) over `10^decimals`, rounded
 * half up once to `digits` decimals (the client's `formatRatio`), then written in the locale
 * without any further rounding.
 */
export function formatExact(
  value: { n: bigint; d: bigint } | bigint,
  decimals: number,
  digits: number,
  options: { minDigits?: number; style?: "decimal" | "percent"; language?: Language } = {},
): string {
  const r = typeof value === "bigint" ? { n: value, d: 1n } : value;
  // Percentages carry two more digits: 0.583333 is 58.3333 %.
  const extra = options.style === "percent" ? 2 : 0;
  const negative = r.n < 0n;
  const n = negative ? -r.n : r.n;
  const scaled = n * 10n ** BigInt(digits + extra);
  const den = r.d * 10n ** BigInt(decimals);
  let q = scaled / den;
  if ((scaled % den) * 2n >= den) q += 1n;
  const text = q.toString().padStart(digits + extra + 1, "0");
  const point = text.length - digits - extra;
  const decimal = `${negative && q !== 0n ? "-" : ""}${text.slice(0, point)}.${text.slice(point) || "0"}`;
  return new Intl.NumberFormat(intlLocale(options.language), {
    style: options.style ?? "decimal",
    minimumFractionDigits: options.minDigits ?? 0,
    maximumFractionDigits: digits,
    roundingMode: "trunc",
  }).format(decimal as DecimalString);
}

/** An exact amount of a token in its own symbol and decimals (at most 6 decimals shown). */
export function formatExactToken(
  value: { n: bigint; d: bigint } | bigint,
  token: { decimals: number; symbol: string },
  digits = 6,
  language?: Language,
): string {
  return `${formatExact(value, token.decimals, Math.min(digits, token.decimals), { language })} ${token.symbol}`;
}

/** Exact USD (18 decimals), rounded half up once to cents, in the locale's currency style. */
export function formatExactUsd(value: { n: bigint; d: bigint } | bigint, language?: Language) {
  const cents = formatExact(value, 18, 2, { minDigits: 2, language: "en" }).replace(/,/g, "");
  return new Intl.NumberFormat(intlLocale(language), {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    roundingMode: "trunc",
  }).format(cents as DecimalString);
}

/** A share (a fraction of one) as a percentage with up to `digits` decimals. */
export function formatShare(value: { n: bigint; d: bigint }, digits = 4, language?: Language) {
  return formatExact(value, 0, digits, { style: "percent", language });
}
