/**
 * The language the dApp speaks and the `Intl` locale its numbers, currencies and dates follow. Kept
 * apart from i18next so the pure formatting functions (also imported by the browser tests under
 * Node) need nothing but `Intl`.
 */
export const LANGUAGES = [
  { code: "en", name: "English", intl: "en-US", dates: "en-GB" },
  { code: "fr", name: "Français", intl: "fr-FR", dates: "fr-FR" },
  { code: "zh", name: "简体中文", intl: "zh-CN", dates: "zh-CN" },
] as const;

export type Language = (typeof LANGUAGES)[number]["code"];

let current: Language = "en";

export const isLanguage = (code: unknown): code is Language =>
  LANGUAGES.some((l) => l.code === code);

export function getLanguage(): Language {
  return current;
}

export function setLanguage(code: Language) {
  current = code;
}

/** The `Intl` locale of a language (en → en-US, fr → fr-FR, zh → zh-CN). */
export function intlLocale(code: Language = current): string {
  return LANGUAGES.find((l) => l.code === code)!.intl;
}

/** The `Intl` locale of a language's dates (English dates read day first, on a 24-hour clock). */
export function dateLocale(code: Language = current): string {
  return LANGUAGES.find((l) => l.code === code)!.dates;
}

/** The first supported language among the browser's preferred ones, or English. */
export function preferredLanguage(preferences: readonly string[]): Language {
  for (const tag of preferences) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}
