/** Acting through the dApp like a person: open a page, pick a developer-wallet role, wait for writes. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type { BrowserContext, Locator, Page } from "playwright-core";
import { mnemonicToAccount } from "viem/accounts";

/** The developer wallet's accounts: Hardhat's default mnemonic, indexes 0–19. */
export const devAccount = (index: number) =>
  mnemonicToAccount("test test test test test test test test test test test junk", {
    addressIndex: index,
  }).address;

/** An error that stops `until` at once instead of being retried. */
export class FatalError extends Error {}

/** Polls `check` until it returns a truthy value (or throws its last error) within `timeout` ms. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeout = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (error instanceof FatalError) throw error;
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export type Session = { context: BrowserContext; page: Page; console: string[] };

/** A fresh browser context (empty local storage) with the page's console recorded. */
export async function newSession(
  browser: import("playwright-core").Browser,
  init?: () => void,
): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const console: string[] = [];
  page.on("console", (m) => console.push(`[${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => console.push(`[pageerror] ${e.message}`));
  page.on("requestfailed", (r) =>
    console.push(`[requestfailed] ${r.url()} ${r.failure()?.errorText ?? ""}`),
  );
  return { context, page, console };
}

/** Opens `#/<route>` and connects the developer wallet as account `index` through the role picker. */
export async function openAs(page: Page, appUrl: string, route: string, index: number) {
  await page.goto(`${appUrl}/#/${route}`);
  const connect = page.getByTestId("connect-dev-wallet");
  const role = page.getByTestId("dev-role");
  await until(
    "the developer wallet",
    async () => (await role.isVisible()) || (await connect.isVisible()),
  );
  if (await connect.isVisible()) await connect.click();
  await switchRole(page, index);
}

/** Picks another account in the developer wallet's role picker. */
export async function switchRole(page: Page, index: number) {
  const role = page.getByTestId("dev-role");
  await role.selectOption(String(index));
  const address = devAccount(index);
  await until(
    `account #${index} (${address}) to be the connected one`,
    async () =>
      (await page.getByTestId("wallet-address").getAttribute("title"))?.toLowerCase() ===
      address.toLowerCase(),
  );
}

/** Navigates inside the app by its header link, as a person would. */
export async function nav(page: Page, key: string) {
  await page.getByTestId(`nav-${key}`).click();
}

/**
 * Waits for a transaction status box (`TxStatus`) to reach "done" with `label` in its text; fails at
 * once with the page's sentence when it shows an error.
 */
export async function settled(page: Page, testId: string, label?: string, timeout = 30_000) {
  const box = page.getByTestId(testId);
  return until(
    `${testId} done${label ? ` (${label})` : ""}`,
    async () => {
      if (!(await box.isVisible())) return false;
      // Phase and text in one read: read apart, a "done" of step 1 could meet the text of step 2.
      const [phase, text] = await box.evaluate((el) => [
        el.getAttribute("data-phase"),
        el.textContent ?? "",
      ]);
      if (phase === "error") throw new FatalError(`${testId} shows an error: ${text}`);
      return phase === "done" && (!label || text.includes(label)) ? text : false;
    },
    timeout,
  );
}

/** Waits for a status box to show an error and returns its sentence. */
export async function failed(page: Page, testId: string, timeout = 20_000): Promise<string> {
  const box = page.getByTestId(testId);
  return until(
    `${testId} to show an error`,
    async () =>
      (await box.getAttribute("data-phase")) === "error"
        ? ((await page.getByTestId(`${testId}-error`).textContent()) ?? "")
        : false,
    timeout,
  );
}

/** A list item of `list` that belongs to `campaign` (data-campaign). */
export const rowOf = (page: Page, list: string, campaign: string): Locator =>
  page.getByTestId(list).locator(`li[data-campaign="${campaign}"]`);

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

export type AxeViolation = { id: string; impact?: string; nodes: { target: string[] }[] };

/** Runs axe-core (WCAG 2 A/AA and best practices) on the page; returns its violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window)))
    await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** What a person reads or hears on the page, split where the page does. */
export type ShownText = {
  /** Every text node of the page (hidden ones too: screen readers and closed details read them). */
  texts: string[];
  /** The accessible texts of attributes: aria-label, title, placeholder, alt, aria-valuetext. */
  attributes: string[];
  /** The text of controls and headers, which never carry the appeals' own data. */
  controls: string[];
};

/**
 * Collects the page's text, leaving out what is marked `lang="en"` (the auditor's own record, which
 * the page labels as English on purpose) and code (scripts, styles).
 */
export async function shownText(page: Page): Promise<ShownText> {
  return page.evaluate(() => {
    const english = (el: Element | null) => !!el?.closest('[lang="en"]');
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || english(parent) || /^(SCRIPT|STYLE)$/.test(parent.tagName)) continue;
      const text = (node.textContent ?? "").replace(/[ \t\r\n]+/g, " ").trim();
      if (text) texts.push(text);
    }
    const attributes: string[] = [];
    for (const el of Array.from(
      document.body.querySelectorAll("[aria-label],[title],[placeholder],[alt],[aria-valuetext]"),
    )) {
      if (english(el)) continue;
      for (const name of ["aria-label", "title", "placeholder", "alt", "aria-valuetext"]) {
        const value = el.getAttribute(name);
        if (value) attributes.push(value);
      }
    }
    const controls = Array.from(
      document.body.querySelectorAll("button, th, legend, summary, label, h1"),
    )
      .filter((el) => !english(el) && !el.querySelector("input[type=checkbox]"))
      .map((el) => (el.textContent ?? "").replace(/[ \t\r\n]+/g, " ").trim())
      .filter(Boolean);
    return { texts, attributes, controls };
  });
}
