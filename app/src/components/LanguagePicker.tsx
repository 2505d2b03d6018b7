import { useTranslation } from "react-i18next";

import { chooseLanguage, LANGUAGES, type Language } from "../i18n/index.ts";

/** English, Français, 简体中文: the choice is remembered in this browser. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-picker">
      <span className="sr-only">{t("header.language")}</span>
      <select
        value={i18n.language}
        onChange={(e) => void chooseLanguage(e.target.value as Language)}
        data-testid="language-picker"
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code === "zh" ? "zh-Hans" : l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
