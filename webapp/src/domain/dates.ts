// TypeScript twin of server/domain/dates.py: reading the JSON wire values (local dates and
// instants), month arithmetic, and writing results back in the server's JSON format.
//
// Inside the rules a local date is a `Day` (whole days since 1970-01-01) and an instant an
// `Instant` (whole microseconds since 1970-01-01T00:00:00Z): integers, so comparing and
// adding are plain arithmetic, and microseconds keep server timestamps exact, as in Python.
// In: a date is "YYYY-MM-DD"; an instant an ISO-8601 string with an offset ("...+08:00",
// "...Z") or a JS Date. A time without an offset is refused: an SLA clock must never guess
// a time zone. Out: dates "YYYY-MM-DD", instants UTC "YYYY-MM-DDTHH:MM:SSZ" (format_instant).

import { InvalidValue } from "./errors";

/** A local date: whole days since 1970-01-01. */
export type Day = number;
/** An instant: whole microseconds since 1970-01-01T00:00:00Z. */
export type Instant = number;
export type InstantLike = string | Date;

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
const MS_PER_DAY = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Python's datetime.fromisoformat, extended format: date, "T" or " ", HH[:MM[:SS[.f]]],
// then an offset Z / ±HH[:MM[:SS[.f]]] (or the same without colons).
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?$/;

export function parseDate(value: unknown): Day {
  const match = typeof value === "string" ? DATE.exec(value) : null;
  if (!match) throw new InvalidValue(`not an ISO date: ${JSON.stringify(value)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidValue(`not an ISO date: ${JSON.stringify(value)}`);
  }
  return dayOf(year, month, day);
}

export function parseOptionalDate(value: unknown): Day | null {
  return value === null || value === undefined ? null : parseDate(value);
}

/** An aware instant. */
export function parseInstant(value: unknown): Instant {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new InvalidValue("expected an instant, got an invalid Date");
    return ms * 1000;
  }
  if (typeof value !== "string") throw new InvalidValue(`expected an instant, got ${JSON.stringify(value)}`);
  const m = INSTANT.exec(value);
  if (!m) throw new InvalidValue(`not an ISO-8601 instant: ${JSON.stringify(value)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4]), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const valid =
    year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour < 24 && minute < 60 && second < 60;
  if (!valid) throw new InvalidValue(`not an ISO-8601 instant: ${JSON.stringify(value)}`);
  if (!m[8] && !m[9]) throw new InvalidValue(`instant without a time zone offset: ${value}`);
  if (Number(m[10] ?? 0) >= 24 || Number(m[11] ?? 0) >= 60 || Number(m[12] ?? 0) >= 60) {
    throw new InvalidValue(`not an ISO-8601 instant: ${JSON.stringify(value)}`);
  }
  const local = (dayOf(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * MICROS_PER_SECOND;
  const offset = m[8]
    ? 0
    : (m[9] === "-" ? -1 : 1) *
      ((Number(m[10]) * 3600 + Number(m[11] ?? 0) * 60 + Number(m[12] ?? 0)) * MICROS_PER_SECOND + micros(m[13]));
  return local + micros(m[7]) - offset;
}

/** Python keeps microseconds and drops further digits. */
function micros(fraction: string | undefined): number {
  return fraction ? Number(fraction.slice(0, 6).padEnd(6, "0")) : 0;
}

export function formatDate(day: Day): string {
  const date = new Date(day * MS_PER_DAY);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function formatOptionalDate(day: Day | null): string | null {
  return day === null ? null : formatDate(day);
}

/** UTC, whole seconds (Python's format_instant drops the fraction). */
export function formatInstant(at: Instant): string {
  const date = new Date(Math.floor(at / 1000));
  return (
    `${formatDate(Math.floor(at / (86_400 * MICROS_PER_SECOND)))}T` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`
  );
}

export function formatOptionalInstant(at: Instant | null): string | null {
  return at === null ? null : formatInstant(at);
}

export function dayOf(year: number, month: number, day: number): Day {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0-99 as 1900-1999
  return Math.round(date.getTime() / MS_PER_DAY);
}

export function yearMonthDay(day: Day): [number, number, number] {
  const date = new Date(day * MS_PER_DAY);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

/** 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: Day): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function shiftMonth(year: number, month: number, months: number): [number, number] {
  const index = year * 12 + (month - 1) + months;
  const shiftedYear = Math.floor(index / 12);
  return [shiftedYear, index - shiftedYear * 12 + 1];
}

/** Same day of the month `months` later; a day the month lacks becomes its last day. */
export function addMonths(day: Day, months: number): Day {
  const [year, month, date] = yearMonthDay(day);
  const [toYear, toMonth] = shiftMonth(year, month, months);
  return dayOf(toYear, toMonth, Math.min(date, daysInMonth(toYear, toMonth)));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Order two ISO-8601 instants by when they are, not by their text ("…17+00:00" is after
 * "…17.282+00:00" as text, before it in time); a missing or unreadable one comes first. */
export function compareInstants(a: string | null | undefined, b: string | null | undefined): number {
  const at = (value: string | null | undefined): number => {
    if (!value) return Number.NEGATIVE_INFINITY;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
  };
  const [x, y] = [at(a), at(b)];
  return x === y ? 0 : x < y ? -1 : 1;
}
