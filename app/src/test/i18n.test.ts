// @vitest-environment node
/**
 * The three catalogs are complete and the pages say nothing outside them: every English message
 * exists in French and Chinese (each plural form the language's rules need), with the same
 * placeholders; every key the code uses exists; every contract error has a message; and the
 * translated files have no text in their JSX that does not come from a catalog.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import ts from "typescript";
import { describe, expect, it } from "vitest";

import { campaignAbi, campaignFactoryAbi, registryAbi } from "../../../client/generated/abis.ts";
import { en } from "../i18n/en.ts";
import { catalogs, i18n } from "../i18n/index.ts";
import { errorSentence } from "../lib/errors.ts";

const SRC = path.resolve(import.meta.dirname, "..");
const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(node: unknown, prefix = ""): string[] {
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`),
  );
}
const get = (catalog: unknown, key: string) =>
  key.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], catalog) as
    string | undefined;
const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
const bases = (keys: string[]) => [...new Set(keys.map((k) => k.replace(PLURAL, "")))];

describe("catalogs", () => {
  const englishKeys = leaves(en);

  for (const language of ["fr", "zh"] as const) {
    it(`${language} has every English message, each plural form it needs, and no stray key`, () => {
      const catalog = catalogs[language];
      const keys = leaves(catalog);
      const missing: string[] = [];
      for (const key of englishKeys) {
        if (!PLURAL.test(key)) {
          if (get(catalog, key) === undefined) missing.push(key);
          continue;
        }
        const base = key.replace(PLURAL, "");
        const rules = new Intl.PluralRules(language);
        for (const count of [0, 1, 2, 5, 1_000_000]) {
          const form = `${base}_${rules.select(count)}`;
          if (get(catalog, form) === undefined) missing.push(form);
        }
      }
      expect([...new Set(missing)]).toEqual([]);
      const stray = bases(keys).filter((k) => !bases(englishKeys).includes(k));
      expect(stray).toEqual([]);
    });

    it(`${language} fills in the same placeholders as English`, () => {
      const catalog = catalogs[language];
      const wrong = leaves(catalog).filter((key) => {
        const english = get(en, key) ?? get(en, key.replace(PLURAL, "_other"));
        return (
          english !== undefined &&
          placeholders(english).join() !== placeholders(get(catalog, key)!).join()
        );
      });
      expect(wrong).toEqual([]);
    });
  }

  it("has a message for every error the contracts can raise, in every language", () => {
    const names = [...campaignAbi, ...registryAbi, ...campaignFactoryAbi]
      .filter((item) => item.type === "error")
      .map((item) => (item as { name: string }).name);
    for (const language of ["en", "fr", "zh"] as const) {
      const catalog = catalogs[language] as unknown as { errors: Record<string, string> };
      const missing = names.filter((n) => !catalog.errors[n] && !/Sequencer|InvalidLimit/.test(n));
      expect(missing, language).toEqual([]);
    }
  });

  it("shows a token error's amounts in the token's units, in the chosen language", async () => {
    const { rememberTokens } = await import("../lib/tokens.ts");
    const wbtc = "0x00000000000000000000000000000000000000b1";
    rememberTokens([{ address: wbtc, symbol: "WBTC", decimals: 8 }]);
    const args = ["0x00000000000000000000000000000000000000aa", 100_000_000n, 500_000_000n];
    expect(errorSentence("ERC20InsufficientBalance", args, { called: wbtc })).toBe(
      "Your balance (1 WBTC) is lower than the amount (5 WBTC).",
    );
    await i18n.changeLanguage("fr");
    try {
      expect(errorSentence("ERC20InsufficientBalance", args, { called: wbtc })).toBe(
        "Votre solde (1 WBTC) est inférieur au montant (5 WBTC).",
      );
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});

/** Every .ts/.tsx file under src, tests excluded. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === "test"
        ? []
        : sources(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

/**
 * Pages and components whose texts are still written in English in the code. Each one translated
 * leaves this list; a new file with text outside the catalogs fails the test.
 */
const NOT_YET_TRANSLATED: string[] = [];

/** Texts a person reads that are written in a file rather than taken from a catalog. */
function literalTexts(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const words = (s: string) => /\p{L}{2,}/u.test(s);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && words(node.text)) found.push(node.text.trim());
    if (
      ts.isJsxAttribute(node) &&
      ["placeholder", "title", "aria-label", "alt", "label", "question"].includes(
        node.name.getText(),
      ) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      words(node.initializer.text)
    )
      found.push(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  // The brand is a name, not a message.
  return found.filter((s) => s !== "Handover");
}

describe("no user-facing text outside the catalogs", () => {
  it("every key the code asks for exists in the English catalog", () => {
    const missing: string[] = [];
    for (const file of sources()) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z]+(?:\.[a-zA-Z0-9]+)+)"/g)) {
        const key = m[1];
        if (get(en, key) === undefined && get(en, `${key}_other`) === undefined)
          missing.push(`${path.relative(SRC, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("translated files show no literal text; the rest are listed as still to translate", () => {
    const offenders: Record<string, string[]> = {};
    for (const file of sources().filter((f) => f.endsWith(".tsx"))) {
      const rel = path.relative(SRC, file);
      const found = literalTexts(file);
      if (found.length && !NOT_YET_TRANSLATED.includes(rel)) offenders[rel] = found;
      if (!found.length && NOT_YET_TRANSLATED.includes(rel))
        offenders[rel] = ["(translated: remove it from the list)"];
    }
    expect(offenders).toEqual({});
  });
});
