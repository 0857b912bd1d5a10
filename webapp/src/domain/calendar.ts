// TypeScript twin of server/domain/calendar.py: which moments count towards an SLA target,
// and adding working time.
//
// A calendar is a settings object (CalendarSpec). "24x7" counts every minute.
// "business_hours" counts the minutes between `start` and `end` local time (HH:MM, end may
// be "24:00") on working days, in the calendar's IANA time zone. A working day is an ISO
// weekday listed in `weekdays` (1 = Monday) or a make-up working day (调休), unless it is a
// public holiday; a holiday wins over both.
//
// Working periods are half-open, [start, end): a request at 18:00 sharp is outside
// 08:00-18:00. Time outside working periods does not count, so a request outside hours
// counts as received at the start of the next working period. Minutes are real elapsed
// minutes: a working period that spans a DST change is one hour shorter or longer.
//
// Time zones come from the built-in Intl API (the phone's own tz database). Local wall time
// is turned into an instant the way Python's zoneinfo does (fold=0): a time that occurs
// twice (autumn) is the first one, a time that does not exist (spring) is read with the
// offset from before the change, so 02:30 in a 02:00->03:00 gap is 03:30 summer time.

import {
  type Day,
  type Instant,
  type InstantLike,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  formatDate,
  formatInstant,
  isoWeekday,
  parseDate,
  parseInstant,
} from "./dates";
import { InvalidValue, NoWorkingTime } from "./errors";
import type { CalendarSpec } from "./settings";

// A business calendar without a working period for this long is misconfigured.
const SEARCH_DAYS = 3660;
const MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND;

export function isWorkingDay(day: Day | string, calendar: CalendarSpec): boolean {
  if (calendar.kind === "24x7") return true;
  const date = typeof day === "string" ? parseDate(day) : day;
  const isoDay = formatDate(date);
  if (calendar.holidays.includes(isoDay)) return false;
  return calendar.weekdays.includes(isoWeekday(date)) || calendar.make_up_workdays.includes(isoDay);
}

/** `at` if it falls in a working period, else the start of the next working period. */
export function nextWorkingMoment(at: InstantLike, calendar: CalendarSpec): string {
  return addBusinessMinutes(at, 0, calendar);
}

/** Whole working minutes from `start` to `end` (0 when `end` is not after `start`). */
export function businessMinutesBetween(start: InstantLike, end: InstantLike, calendar: CalendarSpec): number {
  return Math.floor(businessSecondsBetween(start, end, calendar) / 60);
}

export function businessSecondsBetween(start: InstantLike, end: InstantLike, calendar: CalendarSpec): number {
  return workingSecondsBetween(parseInstant(start), parseInstant(end), calendar);
}

/** The moment `minutes` working minutes after `start` (a deadline lands on a period's end
 * rather than the next period's start), as a UTC instant string. */
export function addBusinessMinutes(start: InstantLike, minutes: number, calendar: CalendarSpec): string {
  return formatInstant(addWorkingMinutes(parseInstant(start), minutes, calendar));
}

/** businessSecondsBetween on parsed instants, for the other rules. */
export function workingSecondsBetween(startAt: Instant, endAt: Instant, calendar: CalendarSpec): number {
  if (endAt <= startAt) return 0;
  if (calendar.kind === "24x7") return Math.floor((endAt - startAt) / MICROS_PER_SECOND);
  let total = 0;
  for (const [opensAt, closesAt] of workingPeriods(startAt, calendar)) {
    if (opensAt >= endAt) break;
    const overlap = Math.min(closesAt, endAt) - Math.max(opensAt, startAt);
    if (overlap > 0) total += overlap;
  }
  return Math.floor(total / MICROS_PER_SECOND);
}

/** addBusinessMinutes on a parsed instant, for the other rules. */
export function addWorkingMinutes(startAt: Instant, minutes: number, calendar: CalendarSpec): Instant {
  if (minutes < 0) throw new InvalidValue(`minutes must not be negative: ${minutes}`);
  if (calendar.kind === "24x7") return startAt + Math.round(minutes * MICROS_PER_MINUTE);
  let remaining = Math.round(minutes * MICROS_PER_MINUTE);
  for (const [opensAt, closesAt] of workingPeriods(startAt, calendar)) {
    const countedFrom = Math.max(opensAt, startAt);
    if (countedFrom >= closesAt) continue;
    if (remaining <= closesAt - countedFrom) return countedFrom + remaining;
    remaining -= closesAt - countedFrom;
  }
  throw new Error("unreachable: workingPeriods throws when it runs out");
}

/** UTC [opensAt, closesAt) of each working period from the local day of `fromAt` on. */
function* workingPeriods(fromAt: Instant, calendar: CalendarSpec): Generator<[Instant, Instant]> {
  const zone = calendar.timezone;
  const opens = clockMinutes(calendar.start);
  const closes = clockMinutes(calendar.end);
  let day = localDay(fromAt, zone);
  let daysWithoutWork = 0;
  while (daysWithoutWork < SEARCH_DAYS) {
    if (isWorkingDay(day, calendar)) {
      daysWithoutWork = 0;
      yield [utcOf(day, opens, zone), utcOf(day, closes, zone)];
    } else {
      daysWithoutWork += 1;
    }
    day += 1;
  }
  throw new NoWorkingTime(`no working period within ${SEARCH_DAYS} days of ${formatInstant(fromAt)}`);
}

/** Minutes after local midnight of "HH:MM" (or "HH:MM:SS"); "24:00" is 1440, the next midnight. */
function clockMinutes(value: string): number {
  if (value === "24:00") return 24 * 60;
  const match = typeof value === "string" ? /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value) : null;
  const [hour, minute, second] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3] ?? 0)];
  if (!match || hour > 23 || minute > 59 || second > 59) {
    throw new InvalidValue(`not a HH:MM time: ${JSON.stringify(value)}`);
  }
  return hour * 60 + minute + second / 60;
}

/** The local date in `zone` at an instant. */
export function localDay(at: Instant, zone: string): Day {
  const wall = at + zoneOffset(at, zone);
  return Math.floor(wall / MICROS_PER_DAY);
}

/** The instant of a local wall time (`minutes` after local midnight of `day`) in `zone`. */
export function utcOf(day: Day, minutes: number, zone: string): Instant {
  const wall = day * MICROS_PER_DAY + Math.round(minutes * MICROS_PER_MINUTE);
  // The offsets a day either side bracket any change near this wall time; zoneinfo keeps the
  // earlier offset until the wall clock passes the change read with the larger offset.
  const before = zoneOffset(wall - MICROS_PER_DAY, zone);
  const after = zoneOffset(wall + MICROS_PER_DAY, zone);
  const offset = zoneOffset(wall - Math.max(before, after), zone) === before ? before : after;
  return wall - offset;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at an instant (local wall time minus UTC), in microseconds. */
export function zoneOffset(at: Instant, zone: string): number {
  const seconds = Math.floor(at / MICROS_PER_SECOND);
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(zone).formatToParts(new Date(seconds * 1000))) {
    parts[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1);
  wall.setUTCHours(parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return (wall.getTime() / 1000 - seconds) * MICROS_PER_SECOND;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (found === undefined) {
    try {
      found = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new InvalidValue(`unknown time zone: ${JSON.stringify(zone)}`);
    }
    formatters.set(zone, found);
  }
  return found;
}
