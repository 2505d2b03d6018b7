/**
 * The dApp's three languages through i18next: English (the reference catalog, bundled, and the
 * fallback), French and Simplified Chinese (each loaded when chosen: a page in English never
 * downloads them). Initialised synchronously on import in English, so pure functions in `lib/` and
 * the unit tests can translate without React; `ready` resolves once the person's language is
 * loaded and chosen (main.tsx waits for it before the first render, so nothing flashes in
 * English). The choice is kept in localStorage; without one, the browser's preferred languages
 * decide.
 */
import i18next, { type TOptions } from "i18next";
import { initReactI18next } from "react-i18next";

import { en, type Catalog } from "./en.ts";
import {
  isLanguage,
  preferredLanguage,
  setLanguage,
  type Language,
  LANGUAGES,
} from "../lib/locale.ts";

export const STORAGE_KEY = "handover.language";
export { LANGUAGES, type Language };

/** The translations, each in a chunk of its own. */
const LOADERS: Record<Exclude<Language, "en">, () => Promise<Catalog>> = {
  fr: () => import("./fr.ts").then((m) => m.fr),
  zh: () => import("./zh.ts").then((m) => m.zh),
};

function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  return preferredLanguage(globalThis.navigator?.languages ?? []);
}

export const i18n = i18next.createInstance();
// Registered with react-i18next too, so `useTranslation` and `Trans` find it without a provider
// (the unit tests render components on their own).
i18n.use(initReactI18next);
setLanguage("en");
void i18n.init({
  resources: { en: { translation: en } },
  lng: "en",
  fallbackLng: "en",
  initAsync: false,
  interpolation: { escapeValue: false },
  returnEmptyString: false,
});
i18n.on("languageChanged", (code) => {
  if (isLanguage(code)) setLanguage(code);
  if (globalThis.document) document.documentElement.lang = code === "zh" ? "zh-Hans" : code;
});
if (globalThis.document) document.documentElement.lang = "en";

/** Loads a language's catalog (once) and switches to it. */
export async function switchLanguage(code: Language) {
  if (code !== "en" && !i18n.hasResourceBundle(code, "translation"))
    i18n.addResourceBundle(code, "translation", await LOADERS[code]());
  await i18n.changeLanguage(code);
}

/** Switches the language and remembers it. */
export async function chooseLanguage(code: Language) {
  globalThis.localStorage?.setItem(STORAGE_KEY, code);
  await switchLanguage(code);
}

/** Resolves once the person's language (stored, or the browser's) is loaded and chosen. */
export const ready: Promise<void> = switchLanguage(initialLanguage()).catch(() => undefined);

/** Dotted keys of the English catalog: every message the dApp shows. */
type Plain<K extends string> =
  K extends `${infer B}_${"zero" | "one" | "two" | "few" | "many" | "other"}` ? B : K;
type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${Plain<K>}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<typeof en>;

/** Translates `key` in the current language (a typo in a key is a type error). */
export function t(key: MessageKey, options?: TOptions): string {
  return (i18n.t as unknown as (key: string, options?: TOptions) => string)(key, options);
}

/** Translates a key computed at run time (error names), or undefined when no catalog has it. */
export function tMaybe(key: string, options?: TOptions): string | undefined {
  return i18n.exists(key)
    ? (i18n.t as unknown as (key: string, options?: TOptions) => string)(key, options)
    : undefined;
}
