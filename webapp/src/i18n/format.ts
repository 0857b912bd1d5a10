// Dates and times in the user's locale and the device's time zone.

import { getLocale } from "./index";

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
const PRECISE: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium" };

/** An ISO instant as local date and time ("2026年11月22日 10:30"); "" for none. */
export function formatDateTime(iso: string | null | undefined, precise = false): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(getLocale(), precise ? PRECISE : DATE_TIME).format(date);
}
