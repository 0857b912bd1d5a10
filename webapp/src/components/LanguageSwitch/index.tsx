// The language switch of the login page and the office header: a choice remembered on
// this device (i18n setLocale), which wins over the user's own locale at the next login.

import { type Locale, LOCALES, setLocale, t, useLocale } from "../../i18n";
import "./style.css";

const LANGUAGE_KEYS: Record<Locale, string> = { "zh-CN": "languages.zhCN", en: "languages.en" };

export function LanguageSwitch({ className = "" }: { className?: string }) {
  const locale = useLocale();
  return (
    <div class={`language-switch ${className}`} role="group" aria-label={t("settings.language")}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          data-locale={option}
          class={`language-switch__option${option === locale ? " language-switch__option--on" : ""}`}
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
        >
          {t(LANGUAGE_KEYS[option])}
        </button>
      ))}
    </div>
  );
}
