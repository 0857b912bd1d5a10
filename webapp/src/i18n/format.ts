// Dates and times in the user's locale and the device's time zone.

import { getLocale, has, t } from "./index";

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
const PRECISE: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium" };

/** An ISO instant as local date and time ("2026年11月22日 10:30"); "" for none. */
export function formatDateTime(iso: string | null | undefined, precise = false): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(getLocale(), precise ? PRECISE : DATE_TIME).format(date);
}

const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
const DAY_TIME: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", ...TIME };

/** An instant said briefly in a sentence: "10:40" on the day of ``now`` (the device's
 * day), else with the day ("11月20日 10:40"); "" for none. */
export function formatMoment(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(getLocale(), sameDay ? TIME : DAY_TIME).format(date);
}

/** What an event changed, in words: the fields of an edit ("updated", its data.fields) by
 * their labels, never their names; "" for other events. */
export function changedFields(kind: string, data: Record<string, unknown> | null | undefined): string {
  if (kind !== "updated" || !Array.isArray(data?.fields)) return "";
  const sep = getLocale() === "en" ? ", " : "、";
  return (data.fields as unknown[])
    .map((name) => {
      const key = `sync.fields.${String(name)}`;
      return has(key) ? t(key) : t("sync.fields.other");
    })
    .join(sep);
}
