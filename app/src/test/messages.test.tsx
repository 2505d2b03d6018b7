/**
 * The validators say why as a catalog key and its values, never as a sentence: the same refusal
 * reads in the chosen language, with its amounts and dates in that language's `Intl` style, and a
 * refusal already on screen follows a change of language.
 */
import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { switchLanguage } from "../i18n/index.ts";
import { say } from "../lib/message.ts";
import { previewOrder } from "../lib/orders.ts";
import { checkConfirmations } from "../lib/signatures.ts";
import { DEFAULT_LIMITS, emptyLaunchForm, validateLaunch } from "../lib/validation.ts";
import { LaunchFormView } from "../pages/Organizer.tsx";

const NOW = 1_800_000_000n; // 2027-01-15T08:00:00Z
const WAHO = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const UNDP = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const CAMPAIGN = "0xCBd5431cC04031d089c90E7c83288183A6Fe545d";
const E18 = 10n ** 18n;

async function inLanguage<T>(code: "en" | "fr" | "zh", run: () => T): Promise<T> {
  await switchLanguage(code);
  return run();
}

afterEach(async () => {
  await switchLanguage("en");
});

describe("a refusal is a key and its values, worded when shown", () => {
  const launch = () =>
    validateLaunch({ ...emptyLaunchForm(), deadline: "2027-12-01T00:00" }, NOW, {
      limits: DEFAULT_LIMITS,
      verifiers: [],
    });

  it("keeps the values raw (a moment, a count), not a sentence", () => {
    const result = launch();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.deadline).toEqual({
      key: "launchErrors.deadlineTooFar",
      values: {
        days: { msg: { key: "units.days", values: { count: 90 } } },
        latest: { date: NOW + 90n * 86_400n },
      },
    });
  });

  it("reads the launch form's refusal in French and Chinese, dates in their own style", async () => {
    const result = launch();
    if (result.ok) throw new Error("expected a refusal");
    expect(await inLanguage("en", () => say(result.errors.deadline))).toBe(
      "This platform allows funding for at most 90 days: choose 15 Apr 2027, 08:00 UTC or earlier.",
    );
    expect(await inLanguage("fr", () => say(result.errors.deadline))).toBe(
      "Cette plateforme autorise un financement de 90 jours au plus : choisissez le 15 avr. 2027, 08:00 UTC ou plus tôt.",
    );
    expect(await inLanguage("zh", () => say(result.errors.deadline))).toMatch(
      /^本平台允许的筹款期最长为 90 天：请选择 2027年4月15日 .*08:00.* 或更早。$/,
    );
  });

  it("reads an order's refusal with French amounts and USD", async () => {
    const preview = previewOrder({
      amountUsd: 4_500n * E18,
      advanceBps: 0,
      raisedUsd: 11_000n * E18,
      unreservedUsd: 4_000n * E18,
      maxAdvanceBps: 3_000,
      pools: [],
    });
    const [problem] = preview.problems;
    expect(problem.kind).toBe("above-unreserved");
    expect(await inLanguage("fr", () => say(problem.message))).toBe(
      "Seuls 4\u202f000,00\u00a0$US peuvent encore être commandés (le reste est réservé pour d'autres commandes ou déjà payé) ; cette commande est de 4\u202f500,00\u00a0$US.",
    );
  });

  it("names an expired signature in Chinese", async () => {
    const problem = checkConfirmations(
      [{ verifier: WAHO, deadline: NOW - 1n, signature: "0x00" }],
      { campaign: CAMPAIGN, orderId: 1n, unitsDelivered: 1n, evidenceHash: `0x${"11".repeat(32)}` },
      { chainId: 31337, verifiers: [WAHO, UNDP], names: { [WAHO.toLowerCase()]: "WAHO" } },
      NOW,
    );
    expect(problem?.key).toBe("sigErrors.expired");
    expect(await inLanguage("zh", () => say(problem))).toMatch(
      /^WAHO 的签名已于 2027年1月15日 .*07:59.* 过期：请索取新的签名。$/,
    );
  });
});

describe("a refusal on screen follows the language", () => {
  it("the launch form's messages change language with the page", async () => {
    render(
      <LaunchFormView
        now={NOW}
        tokenOptions={[]}
        rules={{ limits: DEFAULT_LIMITS, verifiers: [] }}
        onLaunch={vi.fn()}
      />,
    );
    fireEvent.click(screen.getByTestId("launch-check"));
    expect(screen.getByTestId("launch-tokens-error").textContent).toBe(
      "Choose at least one accepted token.",
    );
    await act(() => switchLanguage("fr"));
    expect(screen.getByTestId("launch-tokens-error").textContent).toBe(
      "Choisissez au moins un jeton accepté.",
    );
    expect(screen.getByTestId("launch-check").textContent).toBe("Vérifier et prévisualiser");
    await act(() => switchLanguage("zh"));
    expect(screen.getByTestId("launch-tokens-error").textContent).toBe(
      "请至少选择一种接受的代币。",
    );
  });
});
