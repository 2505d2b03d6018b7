/**
 * Messages as data: the validators in `lib/` return a catalog key and its values, never a sentence,
 * so a refusal is worded (and its amounts, dates and percentages formatted) in the language chosen
 * when it is shown, and a change of language re-words what is already on screen. `say` turns one
 * into a sentence.
 */
import { t, type MessageKey } from "../i18n/index.ts";
import {
  bpsToPercent,
  formatAmount,
  formatDate,
  formatDay,
  formatList,
  formatToken,
  formatUnitsCount,
  formatUsd,
} from "./format.ts";

/** A value to show in a message, formatted for the language at the time it is shown. */
export type Fmt =
  /** USD with 18 decimals ("$4,500.00", "4 500,00 $US"). */
  | { usd: bigint }
  /** A moment (seconds), with time and zone. */
  | { date: bigint }
  /** A day (seconds). */
  | { day: bigint }
  /** Basis points as a percentage. */
  | { bps: number }
  /** A count or a whole number, grouped. */
  | { n: bigint | number }
  /** An amount of a token in its own symbol and decimals. */
  | { token: bigint; decimals: number; symbol: string; maxFraction?: number }
  /** A number with `decimals` decimals, no symbol (a price feed's answer). */
  | { amount: bigint; decimals: number }
  /** Items joined as the language joins a list ("A, B and C", "A、B和C"). */
  | { list: readonly string[] }
  /** Another message, worded in the same language. */
  | { msg: Message };

export type Value = string | number | Fmt;

export type Message = { key: MessageKey; values?: Record<string, Value> };

/** A message: a catalog key and what fills in its placeholders. */
export const msg = (key: MessageKey, values?: Record<string, Value>): Message =>
  values ? { key, values } : { key };

function show(value: Value): string | number {
  if (typeof value !== "object") return value;
  if ("usd" in value) return formatUsd(value.usd);
  if ("date" in value) return formatDate(value.date);
  if ("day" in value) return formatDay(value.day);
  if ("bps" in value) return bpsToPercent(value.bps);
  if ("n" in value) return formatUnitsCount(value.n);
  if ("token" in value)
    return formatToken(value.token, value.decimals, value.symbol, value.maxFraction);
  if ("amount" in value) return formatAmount(value.amount, value.decimals);
  if ("list" in value) return formatList(value.list);
  return say(value.msg);
}

/** The sentence of a message in the current language. */
export function say(message: Message): string;
export function say(message: Message | undefined): string | undefined;
export function say(message: Message | undefined): string | undefined {
  if (!message) return undefined;
  const values = Object.fromEntries(
    Object.entries(message.values ?? {}).map(([k, v]) => [k, show(v)]),
  );
  return t(message.key, values);
}
