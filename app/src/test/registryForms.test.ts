// @vitest-environment node
import { zeroAddress } from "viem";
import { describe, expect, it } from "vitest";

import {
  limitsToForm,
  validateLimits,
  validateParty,
  validatePriceBounds,
  validateSequencer,
} from "../lib/registryForms.ts";
import { say, type Message } from "../lib/message.ts";

/** The sentence of a refusal, in the current language (undefined when accepted). */
const refusal = (result: { ok: true } | { ok: false; error: Message }) =>
  result.ok ? undefined : say(result.error);

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const DOSSIER = `0x${"ab".repeat(32)}`;

describe("admin forms, checked against the registry's own bounds", () => {
  it("limits: days and percent into seconds and basis points", () => {
    const defaults = {
      maxFundingWindow: 90 * 86_400,
      maxProcurementWindow: 365 * 86_400,
      maxAdvanceBps: 3_000,
      minThreshold: 2,
    };
    expect(limitsToForm(defaults)).toEqual({
      fundingDays: "90",
      procurementDays: "365",
      advancePercent: "30",
      minThreshold: "2",
    });
    expect(validateLimits(limitsToForm(defaults))).toEqual({ ok: true, limits: defaults });
    expect(
      validateLimits({
        fundingDays: "365",
        procurementDays: "1095",
        advancePercent: "50",
        minThreshold: "5",
      }),
    ).toEqual({
      ok: true,
      limits: {
        maxFundingWindow: 365 * 86_400,
        maxProcurementWindow: 1_095 * 86_400,
        maxAdvanceBps: 5_000,
        minThreshold: 5,
      },
    });
    const bad = validateLimits({
      fundingDays: "366",
      procurementDays: "0",
      advancePercent: "50.01",
      minThreshold: "6",
    });
    expect(bad.ok).toBe(false);
    expect(
      !bad.ok && Object.fromEntries(Object.entries(bad.errors).map(([k, m]) => [k, say(m)])),
    ).toEqual({
      fundingDays: "Whole days from 1 to 365.",
      procurementDays: "Whole days from 1 to 1,095 (3 years).",
      advancePercent: "A percentage from 0 to 50 (at most 2 decimals).",
      minThreshold: "A whole number from 1 to 5.",
    });
  });

  it("price bounds: USD into the feed's decimals; both empty removes them", () => {
    expect(validatePriceBounds("100", "100000.5", 8)).toEqual({
      ok: true,
      min: 10_000_000_000n,
      max: 10_000_050_000_000n,
    });
    expect(validatePriceBounds("", "", 8)).toEqual({ ok: true, min: 0n, max: 0n });
    expect(validatePriceBounds("0", "2", 8)).toEqual({ ok: true, min: 0n, max: 200_000_000n });
    expect(refusal(validatePriceBounds("5", "", 8))).toBe(
      "Give a maximum too (or leave both empty to remove the bounds).",
    );
    expect(refusal(validatePriceBounds("5", "4", 8))).toBe(
      "The minimum (5) is above the maximum (4).",
    );
    expect(refusal(validatePriceBounds("1.123456789", "2", 8))).toBe(
      "Minimum: The feed has 8 decimals: enter at most 8 digits after the decimal mark.",
    );
  });

  it("sequencer-uptime feed: an address and 1 s to a day of grace, or empty to remove", () => {
    expect(validateSequencer(A, "3600")).toEqual({ ok: true, feed: A, grace: 3600 });
    expect(validateSequencer("", "")).toEqual({ ok: true, feed: zeroAddress, grace: 0 });
    expect(validateSequencer(A, "0").ok).toBe(false);
    expect(validateSequencer(A, "86401").ok).toBe(false);
    expect(refusal(validateSequencer("0x12", "60"))).toBe(
      "Enter the feed's address (or leave it empty to remove the check).",
    );
  });

  it("registering a supplier or a verifier", () => {
    const form = { address: A, name: "WAHO Abuja warehouse", detail: "WAHO", dossier: DOSSIER };
    expect(validateParty(form, "verifier", [])).toEqual({
      ok: true,
      address: A,
      name: "WAHO Abuja warehouse",
      detail: "WAHO",
      dossier: DOSSIER,
    });
    expect(refusal(validateParty(form, "verifier", [A.toLowerCase() as `0x${string}`]))).toBe(
      "This address is already registered as a verifier.",
    );
    expect(refusal(validateParty({ ...form, detail: " " }, "verifier", []))).toBe(
      "Enter the organization behind it.",
    );
    expect(refusal(validateParty({ ...form, detail: "" }, "supplier", []))).toBe(
      "Enter its country.",
    );
    expect(validateParty({ ...form, dossier: "0x12" }, "supplier", [])).toMatchObject({
      ok: false,
    });
    expect(refusal(validateParty({ ...form, address: zeroAddress }, "supplier", []))).toBe(
      "Enter the supplier's address.",
    );
  });
});
