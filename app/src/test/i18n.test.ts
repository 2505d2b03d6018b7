// @vitest-environment node
/**
 * The three catalogs are complete and the pages say nothing outside them: every English message
 * exists in French and Chinese (each plural form the language's rules need), with the same
 * placeholders; every key the code uses exists; every contract error has a message; and the
 * translated files have no text in their JSX that does not come from a catalog.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import ts from "typescript";
import { describe, expect, it } from "vitest";

import { campaignAbi, campaignFactoryAbi, registryAbi } from "../../../client/generated/abis.ts";
import { PROMISE_RULES } from "../../../client/audit.ts";
import { en } from "../i18n/en.ts";
import { fr } from "../i18n/fr.ts";
import { switchLanguage } from "../i18n/index.ts";
import { zh } from "../i18n/zh.ts";
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
/** The markup `Trans` fills in (<b>…</b>, <a>…</a>, <addr/>): each translation keeps the same. */
const tags = (text: string) => [...text.matchAll(/<\/?(\w+)\s*\/?>/g)].map((m) => m[0]).sort();
const catalogs = { en, fr, zh } as const;
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

    it(`${language} fills in the same placeholders and markup as English`, () => {
      const catalog = catalogs[language];
      const wrong = leaves(catalog).filter((key) => {
        const english = get(en, key) ?? get(en, key.replace(PLURAL, "_other"));
        const translated = get(catalog, key)!;
        return (
          english !== undefined &&
          (placeholders(english).join() !== placeholders(translated).join() ||
            tags(english).join() !== tags(translated).join())
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

  it("names every rule of the auditor and every kind of ledger entry, the promise as the client words it", () => {
    const rules = en.auditRules as Record<string, string>;
    for (const [rule, text] of Object.entries(PROMISE_RULES)) expect(rules[rule], rule).toBe(text);
    const auditSource = readFileSync(path.join(SRC, "../../client/audit.ts"), "utf8");
    const checked = new Set(
      [...auditSource.matchAll(/check\(\s*"([a-z-]+)"/g)].map((m) => m[1] as string),
    );
    expect(checked.size).toBeGreaterThan(10);
    expect([...checked].filter((r) => !rules[r])).toEqual([]);
    const ledgerSource = readFileSync(path.join(SRC, "../../client/ledger.ts"), "utf8");
    const union = ledgerSource.match(/export type EntryKind =([^;]+);/)![1];
    const kinds = [...union.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]);
    expect(kinds.length).toBeGreaterThan(10);
    expect(kinds.filter((k) => !(en.entryKind as Record<string, string>)[k])).toEqual([]);
  });

  it("shows a token error's amounts in the token's units, in the chosen language", async () => {
    const { rememberTokens } = await import("../lib/tokens.ts");
    const wbtc = "0x00000000000000000000000000000000000000b1";
    rememberTokens([{ address: wbtc, symbol: "WBTC", decimals: 8 }]);
    const args = ["0x00000000000000000000000000000000000000aa", 100_000_000n, 500_000_000n];
    expect(errorSentence("ERC20InsufficientBalance", args, { called: wbtc })).toBe(
      "Your balance (1 WBTC) is lower than the amount (5 WBTC).",
    );
    await switchLanguage("fr");
    try {
      expect(errorSentence("ERC20InsufficientBalance", args, { called: wbtc })).toBe(
        "Votre solde (1 WBTC) est inférieur au montant (5 WBTC).",
      );
    } finally {
      await switchLanguage("en");
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

/** JSX attributes whose text a person reads or hears: any words in them must come from a catalog. */
const SHOWN_ATTRIBUTES = new Set([
  "alt",
  "aria-description",
  "aria-label",
  "aria-roledescription",
  "aria-valuetext",
  "confirmLabel",
  "hint",
  "label",
  "placeholder",
  "question",
  "reason",
  "summary",
  "text",
  "title",
]);
/** JSX attributes that are code (classes, ids, test ids, types, keys): never shown. */
const CODE_ATTRIBUTES =
  /^(className|id|key|htmlFor|type|inputMode|autoComplete|rel|target|href|role|lang|value|name|i18nKey|testId|viewBox|preserveAspectRatio|data-.*)$/;
/** Object properties whose text ends up on screen (a transaction's label, a toast's message…). */
const SHOWN_PROPERTIES = new Set([
  "description",
  "error",
  "hint",
  "label",
  "message",
  "placeholder",
  "question",
  "reason",
  "sentence",
  "text",
  "title",
]);
/** Calls whose first argument is shown: a write's or a signature's label, a refusal, a dialog. */
const SHOWN_CALLS = new Set([
  "write",
  "withWallet",
  "sign",
  "refuse",
  "alert",
  "confirm",
  "prompt",
]);
/** Calls whose first argument is a catalog key, not text. */
const KEY_CALLS = new Set(["t", "tMaybe", "translate", "msg"]);
/** Calls whose arguments are code written as text (human-readable ABIs). */
const CODE_CALLS = new Set(["parseAbi", "parseAbiItem"]);
/** Properties that hold text for developers only (logs, tests), never shown. */
const CODE_PROPERTIES = new Set(["diagnostic"]);

/**
 * Literal text that is allowed outside the catalogs, each with its reason. An entry that no longer
 * matches anything fails the test, so the list cannot outlive what it excuses.
 */
const ALLOWED: { file: string; text: string; why: string }[] = [
  { file: "App.tsx", text: "Handover", why: "the brand, a name" },
  {
    file: "lib/devWallet.ts",
    text: "test test test test test test test test test test test junk",
    why: "Hardhat's well-known mnemonic, not text",
  },
  { file: "lib/devWallet.ts", text: "Henan Medical Supplies", why: "a seeded supplier's name" },
  { file: "lib/devWallet.ts", text: "Lagos PPE Works", why: "a seeded supplier's name" },
  { file: "lib/devWallet.ts", text: "QuickMask Trading", why: "a seeded supplier's name" },
  {
    file: "lib/chains.ts",
    text: "Local Hardhat chain",
    why: "the name wallets are given (wallet_addEthereumChain); pages show networkName()",
  },
  {
    file: "hooks/useDeployment.tsx",
    text: "useDeployment outside DeploymentProvider",
    why: "a programmer's assertion, thrown before anything renders",
  },
  {
    file: "components/common.tsx",
    text: "Not initialised",
    why: "STATUS_LABELS: stable values of data attributes and of the status filter, never shown",
  },
  {
    file: "pages/Audit.tsx",
    text: "npm run audit -- --rpc … --campaign … --from-block …",
    why: "the command line to run the same audit",
  },
  {
    file: "pages/Receipt.tsx",
    text: "npm run receipt -- --rpc … --campaign … --donor … --from-block … --to-block …",
    why: "the command line that derives the same receipt",
  },
];

/** A string's text with each `${…}` of a template as "…". */
function literalOf(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("…");
  if (ts.isJsxText(node)) return node.text.trim();
  return undefined;
}

const calleeName = (call: ts.CallExpression | ts.NewExpression) => {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return "";
};

/**
 * Where a literal ends up: climbs through the expressions that pass a string on unchanged
 * (conditionals, ??, ||, &&, +, parentheses, templates) to the place that uses it.
 */
function slotOf(node: ts.Node): { where: ts.Node; child: ts.Node } {
  let child = node;
  let parent = node.parent;
  for (;;) {
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isTemplateSpan(parent) ||
      ts.isTemplateExpression(parent) ||
      (ts.isConditionalExpression(parent) && child !== parent.condition) ||
      (ts.isBinaryExpression(parent) &&
        [
          ts.SyntaxKind.QuestionQuestionToken,
          ts.SyntaxKind.BarBarToken,
          ts.SyntaxKind.AmpersandAmpersandToken,
          ts.SyntaxKind.PlusToken,
        ].includes(parent.operatorToken.kind))
    ) {
      child = parent;
      parent = parent.parent;
      continue;
    }
    return { where: parent, child };
  }
}

/** Whether a literal sits where code, not people, reads it. */
function isCode(node: ts.Node, text: string): boolean {
  // A catalog key is a key, wherever it is chosen (`t(ok ? "a.b" : "a.c")`, a helper's argument).
  if (/^[a-zA-Z]+(\.[\w-]+)+$/.test(text) && get(en, text) !== undefined) return true;
  for (let up: ts.Node | undefined = node.parent; up; up = up.parent)
    if (ts.isCallExpression(up) && CODE_CALLS.has(calleeName(up))) return true;
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return true;
  if (ts.isLiteralTypeNode(parent) || ts.isElementAccessExpression(parent)) return true;
  if (ts.isPropertyAssignment(parent))
    return parent.name === node || CODE_PROPERTIES.has(parent.name.getText());
  // A default for a class name or an id (`className = "secondary small"`).
  if (
    (ts.isParameter(parent) || ts.isBindingElement(parent)) &&
    CODE_ATTRIBUTES.test(parent.name.getText())
  )
    return true;
  if (ts.isCaseClause(parent)) return true;
  if (
    ts.isBinaryExpression(parent) &&
    [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
      ts.SyntaxKind.InKeyword,
    ].includes(parent.operatorToken.kind)
  )
    return true;
  if (ts.isCallExpression(parent)) {
    const name = calleeName(parent);
    if (KEY_CALLS.has(name) && parent.arguments[0] === node) return true;
    if (ts.isPropertyAccessExpression(parent.expression)) {
      const object = parent.expression.expression;
      if (ts.isIdentifier(object) && object.text === "console") return true;
    }
  }
  if (ts.isJsxAttribute(parent) && CODE_ATTRIBUTES.test(parent.name.getText())) return true;
  if (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent))
    return CODE_ATTRIBUTES.test(parent.parent.name.getText());
  return false;
}

/** Whether the place a literal ends up in is shown to a person. */
function isShown(where: ts.Node, child: ts.Node): boolean {
  if (ts.isJsxExpression(where))
    return ts.isJsxAttribute(where.parent)
      ? SHOWN_ATTRIBUTES.has(where.parent.name.getText())
      : ts.isJsxElement(where.parent) || ts.isJsxFragment(where.parent);
  if (ts.isJsxAttribute(where)) return SHOWN_ATTRIBUTES.has(where.name.getText());
  if (ts.isPropertyAssignment(where))
    return where.initializer === child && SHOWN_PROPERTIES.has(where.name.getText());
  if (ts.isCallExpression(where)) return SHOWN_CALLS.has(calleeName(where));
  // An error of the dApp's own is shown as it is; a plain Error never is (`explainError` says
  // "something went wrong" instead), though a sentence in one is still caught as prose.
  if (ts.isNewExpression(where)) return /.Error$/.test(calleeName(where));
  return false;
}

/** Two words or more: a sentence or a label, wherever it is written. */
const PROSE = /\p{L}{2,}[ \t\n\u00a0]+\p{L}{2,}/u;
/** A word (two letters or more, CJK included): enough to count where text is shown. */
const WORD = /\p{L}{2,}/u;

/** Texts a person reads or hears that are written in a file rather than taken from a catalog. */
function literalTexts(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const literal = literalOf(node);
    if (literal !== undefined) {
      if (ts.isJsxText(node)) {
        if (WORD.test(literal)) found.push(literal);
      } else if (!isCode(node, literal)) {
        const { where, child } = slotOf(node);
        if (PROSE.test(literal) || (WORD.test(literal) && isShown(where, child)))
          found.push(literal);
      }
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("no user-facing text outside the catalogs", () => {
  it("every key the code asks for exists in the English catalog", () => {
    const missing: string[] = [];
    for (const file of sources()) {
      const text = readFileSync(file, "utf8");
      const asked = [
        ...text.matchAll(/\b(?:t|msg)\(\s*"([a-zA-Z]+(?:\.[a-zA-Z0-9]+)+)"/g),
        ...text.matchAll(/\bi18nKey="([a-zA-Z]+(?:\.[a-zA-Z0-9]+)+)"/g),
      ];
      for (const m of asked) {
        const key = m[1];
        if (get(en, key) === undefined && get(en, `${key}_other`) === undefined)
          missing.push(`${path.relative(SRC, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("no file under src shows text that does not come from a catalog", () => {
    const offenders: Record<string, string[]> = {};
    const excused = new Set<(typeof ALLOWED)[number]>();
    for (const file of sources()) {
      const rel = path.relative(SRC, file).split(path.sep).join("/");
      if (rel.startsWith("i18n/")) continue;
      const found = literalTexts(file).filter((text) => {
        const allowed = ALLOWED.find((a) => a.file === rel && a.text === text);
        if (allowed) excused.add(allowed);
        return !allowed;
      });
      if (found.length) offenders[rel] = found;
    }
    expect(offenders).toEqual({});
    expect(ALLOWED.filter((a) => !excused.has(a))).toEqual([]);
  });

  it("finds text where it hides: attributes, conditionals, labels, dialogs and sentences", () => {
    const file = path.join(os.tmpdir(), `handover-i18n-probe-${process.pid}.tsx`);
    writeFileSync(
      file,
      `export const A = ({ ok, tx }: { ok: boolean; tx: { write: (l: string) => void } }) => (
        <div className="card small" data-testid="probe" aria-label="Close the appeal" title={ok ? "Saved" : "Not saved"}>
          Plain words
          {ok ? "yes" : "no"}
          {\`\${1} units\`}
          <input placeholder="Your name" />
          <button onClick={() => { tx.write("Approve"); window.confirm("Really?"); }} />
        </div>
      );
      export const state = { phase: "error", message: "Nothing sent" };
      export const sentence = "Funding has ended";
      export const id = "campaign-picker";
      export const keyed = t("appeal.title");
      if (id === "injected browser") console.warn("not for people");
      throw new GuardError("Connect first");
      `,
    );
    try {
      expect(literalTexts(file)).toEqual([
        "Close the appeal",
        "Saved",
        "Not saved",
        "Plain words",
        "yes",
        "no",
        "… units",
        "Your name",
        "Approve",
        "Really?",
        "Nothing sent",
        "Funding has ended",
        "Connect first",
      ]);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
