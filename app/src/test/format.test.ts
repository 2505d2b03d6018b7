import { describe, expect, it } from "vitest";

import {
  formatAmount,
  formatBalance,
  formatExact,
  formatExactToken,
  formatExactUsd,
  formatShare,
  formatToken,
  formatUsd,
  parseAmount,
  percent,
  timeLeft,
} from "../lib/format.ts";
import { say } from "../lib/message.ts";

describe("parseAmount", () => {
  it("parses in the token's own decimals without floats", () => {
    expect(parseAmount("1500.25", 6)).toEqual({ ok: true, value: 1_500_250_000n });
    expect(parseAmount("0.000000000000000001", 18)).toEqual({ ok: true, value: 1n });
    expect(parseAmount("1,000.5", 6)).toEqual({ ok: true, value: 1_000_500_000n });
    expect(parseAmount("123456789012345678.123456789012345678", 18)).toEqual({
      ok: true,
      value: 123456789012345678123456789012345678n,
    });
  });
  it("rejects more decimals than the token has instead of rounding", () => {
    const result = parseAmount("1.1234567", 6, "USDC");
    expect(result.ok).toBe(false);
    expect(!result.ok && say(result.error)).toBe(
      "USDC has 6 decimals: enter at most 6 digits after the decimal mark.",
    );
    expect(parseAmount("0.123456789", 8, "WBTC").ok).toBe(false);
  });
  it("rejects zero, negatives, empty input and garbage", () => {
    expect(parseAmount("0", 6)).toEqual({ ok: false, error: { key: "amount.zero" } });
    expect(parseAmount("", 6).ok).toBe(false);
    expect(parseAmount("-1", 6).ok).toBe(false);
    expect(parseAmount("1e6", 6).ok).toBe(false);
    expect(parseAmount("1.2.3", 6).ok).toBe(false);
    expect(parseAmount(".", 6).ok).toBe(false);
  });
});

describe("formatting", () => {
  it("keeps every significant decimal and groups thousands", () => {
    expect(formatAmount(1_234_567_890_123n, 6)).toBe("1,234,567.890123");
    expect(formatAmount(10n ** 18n, 18)).toBe("1");
    expect(formatAmount(1n, 18)).toBe("0.000000000000000001");
    expect(formatToken(2_500_000n, 6, "USDC")).toBe("2.5 USDC");
    expect(formatAmount(123_456_789n, 8, 2)).toBe("1.23");
  });
  it("shows USD with cents, rounded down", () => {
    expect(formatUsd(126_300n * 10n ** 18n)).toBe("$126,300.00");
    expect(formatUsd(1_999n * 10n ** 15n)).toBe("$1.99");
    expect(formatUsd(0n)).toBe("$0.00");
  });
  it("computes percentages on bigints", () => {
    expect(percent(1n, 3n)).toBe(33.3);
    expect(percent(5n, 0n)).toBe(0);
    expect(percent(2n * 10n ** 30n, 10n ** 30n)).toBe(200);
  });
  it("says how long is left on the chain's clock", () => {
    expect(timeLeft(1_000n + 3n * 86_400n + 7_200n, 1_000n)).toBe("3 days 2 hours left");
    expect(timeLeft(1_000n, 1_000n + 90n * 60n)).toBe("ended 1 hour 30 minutes ago");
  });
});

describe('amounts in the person\'s language (issue 10: "1,5" was read as 15)', () => {
  it("reads a comma followed by fewer or more than three digits as the decimal mark, in every language", () => {
    for (const language of ["en", "fr", "zh"] as const) {
      expect(parseAmount("1,5", 18, "ETH", language)).toEqual({
        ok: true,
        value: 1_500_000_000_000_000_000n,
      });
      expect(parseAmount("0,5", 18, "ETH", language)).toEqual({
        ok: true,
        value: 500_000_000_000_000_000n,
      });
      expect(parseAmount("0,25", 6, "USDC", language)).toEqual({ ok: true, value: 250_000n });
    }
  });
  it("follows the language's own decimal mark and grouping", () => {
    expect(parseAmount("1,500", 6, "USDC", "fr")).toEqual({ ok: true, value: 1_500_000n });
    expect(parseAmount("1 500,25", 6, "USDC", "fr")).toEqual({ ok: true, value: 1_500_250_000n });
    expect(parseAmount("1\u202f500,25", 6, "USDC", "fr")).toEqual({
      ok: true,
      value: 1_500_250_000n,
    });
    expect(parseAmount("1.500", 6, "USDC", "en")).toEqual({ ok: true, value: 1_500_000n });
    expect(parseAmount("1,500.25", 6, "USDC", "en")).toEqual({ ok: true, value: 1_500_250_000n });
    expect(parseAmount("1.500,25", 6, "USDC", "en")).toEqual({ ok: true, value: 1_500_250_000n });
    expect(parseAmount("1,000,000", 6, "USDC", "zh")).toEqual({
      ok: true,
      value: 1_000_000_000_000n,
    });
  });
  it("refuses a lone separator before three digits that could be either, with a sentence", () => {
    const en = parseAmount("1,500", 6, "USDC", "en");
    expect(!en.ok && say(en.error)).toBe(
      "“1,500” could mean 1500 or 1.5: type it without the separator (1500) or with your decimal mark (1.5).",
    );
    expect(parseAmount("1.500", 6, "USDC", "fr").ok).toBe(false);
    expect(parseAmount("1,50,0", 6, "USDC", "en").ok).toBe(false);
  });
  it("formats amounts, USD and balances in the language's own style", () => {
    expect(formatAmount(1_234_567_890_123n, 6, undefined, "fr")).toBe("1\u202f234\u202f567,890123");
    expect(formatUsd(126_300n * 10n ** 18n, "fr")).toBe("126\u202f300,00\u00a0$US");
    expect(formatUsd(126_300n * 10n ** 18n, "zh")).toBe("US$126,300.00");
    expect(formatBalance(123_456_789n, 8, "WBTC", "en")).toBe("1.2345 WBTC");
    expect(formatBalance(12_345n, 8, "WBTC", "en")).toBe("0.0001234 WBTC");
    expect(formatBalance(9_999_999_999n, 6, "USDC", "en")).toBe("9,999.9999 USDC");
  });
});

describe("exact shares, rounded once at display", () => {
  const r = (n: bigint, d: bigint) => ({ n, d });
  it("rounds half up once, at the last shown digit, never twice", () => {
    // 2/3 of a unit: 0.666667 (six decimals), not 0.666666 (cut) nor 0.67 (rounded twice).
    expect(formatExact(r(2n, 3n), 0, 6)).toBe("0.666667");
    // 0.1249999… cut at 4 decimals would give 0.1249; rounded once at 2 it is 0.12.
    expect(formatExact(r(1249999n, 10_000_000n), 0, 2)).toBe("0.12");
    expect(formatExact(r(125n, 1000n), 0, 2)).toBe("0.13");
    expect(formatExact(r(-125n, 1000n), 0, 2)).toBe("-0.13");
    expect(formatExact(9_375n, 0, 4)).toBe("9,375");
    expect(formatExact(r(37_500_004n, 10_000n), 0, 4)).toBe("3,750.0004");
  });
  it("writes amounts in the token's decimals and the language's marks", () => {
    const wbtc = { decimals: 8, symbol: "WBTC" };
    expect(formatExactToken(r(1n, 3n), wbtc)).toBe("0 WBTC");
    expect(formatExactToken(r(10_000_000n, 3n), wbtc)).toBe("0.033333 WBTC");
    expect(
      formatExactToken(
        r(125_000_000_000_000_000_000n, 100n),
        { decimals: 18, symbol: "ETH" },
        6,
        "fr",
      ),
    ).toBe("1,25 ETH");
  });
  it("writes USD with cents, rounded once, and shares as percentages", () => {
    const usd = (x: bigint) => x * 10n ** 18n;
    expect(formatExactUsd(r(usd(9_000n), 1n))).toBe("$9,000.00");
    expect(formatExactUsd(r(usd(1n), 3n))).toBe("$0.33");
    expect(formatExactUsd(r(usd(2n), 3n))).toBe("$0.67");
    expect(formatExactUsd(r(usd(12_345n), 10n), "fr")).toMatch(/^1\s?234,50\s\$US$/u);
    expect(formatShare(r(7n, 12n))).toBe("58.3333%");
    expect(formatShare(r(3n, 8n))).toBe("37.5%");
    expect(formatShare(r(1n, 1n), 4, "fr")).toMatch(/^100\s%$/u);
  });
});
