// Translations: zh-CN.json is the source, en.json follows it key for key.
// t("workOrders.count", { count: 3 }) looks the key up in the current locale, falls back
// to zh-CN and then to the key itself, and fills {{placeholders}}. A numeric count picks
// a plural form where a locale has one: "<key>_one" beside "<key>" in en.json.
//
// The locale is, in order: the choice made on this device (Settings), the user's locale
// from the server, the browser's language.

import { useEffect, useState } from "preact/hooks";

import en from "./en.json";
import zhCN from "./zh-CN.json";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const SOURCE_LOCALE: Locale = "zh-CN";

type Messages = { [key: string]: string | Messages };
export const MESSAGES: Record<Locale, Messages> = { "zh-CN": zhCN, en };

const STORAGE_KEY = "aftercare.locale";

type Vars = Record<string, string | number>;

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function interpolate(text: string, vars: Vars = {}): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) =>
    name in vars ? String(vars[name]) : match,
  );
}

/** The locale that best fits a language tag ("zh-TW" -> zh-CN, "en-GB" -> en), if any. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  const lower = (tag ?? "").toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("en")) return "en";
  return null;
}

function chosenLocale(): Locale | null {
  try {
    return matchLocale(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

function browserLocale(): Locale {
  const tags = typeof navigator === "undefined" ? [] : [...(navigator.languages ?? []), navigator.language];
  for (const tag of tags) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return SOURCE_LOCALE;
}

let current: Locale = chosenLocale() ?? browserLocale();
const listeners = new Set<(locale: Locale) => void>();

function apply(locale: Locale): void {
  current = locale;
  if (typeof document !== "undefined") document.documentElement.lang = locale;
  listeners.forEach((listener) => listener(locale));
}

export function getLocale(): Locale {
  return current;
}

/** The user picked a language on this device: remember it. */
export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  apply(locale);
}

/** After login: follow the user's own locale unless this device has a choice. */
export function adoptUserLocale(tag: string | null | undefined): void {
  const locale = matchLocale(tag);
  if (locale && !chosenLocale()) apply(locale);
}

function merge(target: Messages, extra: Messages): Messages {
  const out: Messages = { ...target };
  for (const [name, value] of Object.entries(extra)) {
    const here = out[name];
    out[name] = typeof value === "object" && typeof here === "object" ? merge(here, value) : value;
  }
  return out;
}

/** Add a part of the app's own translation files (the office's, webapp/src/office/i18n)
 * to a locale, group by group; its keys must not clash with the main files'. */
export function addMessages(locale: Locale, messages: Messages): void {
  MESSAGES[locale] = merge(MESSAGES[locale], messages);
}

export function has(key: string, locale: Locale = current): boolean {
  return lookup(MESSAGES[locale], key) !== undefined;
}

/** The plural categories of Intl.PluralRules, the suffixes of a key's plural forms. */
export const PLURAL_CATEGORIES = ["zero", "one", "two", "few", "many", "other"] as const;

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

/** A key's text in one locale: with a numeric ``count``, its plural form for that count
 * if the locale has one ("sync.badge.conflictsCount_one": "{{count}} conflict"), else
 * the key itself. */
function message(locale: Locale, key: string, count: unknown): string | undefined {
  const messages = MESSAGES[locale];
  if (typeof count === "number" && Number.isFinite(count)) {
    const form = lookup(messages, `${key}_${pluralCategory(locale, count)}`);
    if (form !== undefined) return form;
  }
  return lookup(messages, key);
}

/** ``key`` in the current locale, else zh-CN, else the key; a numeric ``count`` picks the
 * plural form of the locale's rules (Intl.PluralRules: English "one" / "other", Chinese
 * only "other"). */
export function t(key: string, vars?: Vars): string {
  const count = vars?.count;
  const text = message(current, key, count) ?? message(SOURCE_LOCALE, key, count) ?? key;
  return interpolate(text, vars);
}

/** The current locale; re-renders the caller when it changes. */
export function useLocale(): Locale {
  const [locale, setState] = useState(current);
  useEffect(() => {
    listeners.add(setState);
    setState(current); // in case it changed between the render and this effect
    return () => {
      listeners.delete(setState);
    };
  }, []);
  return locale;
}

if (typeof document !== "undefined") document.documentElement.lang = current;
