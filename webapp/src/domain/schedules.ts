// TypeScript twin of server/domain/schedules.py: planned visits, inspections (巡检),
// follow-ups (回访), the site check and the satisfaction survey.
//
// Inspection and follow-up plans are anchored on the handover (acceptance) date, not on the
// last visit, so a late visit does not push the whole plan back: the plan dates are the
// handover date plus whole months (a day the month lacks becomes its last day). A visit done
// covers the plan date nearest to it (the earlier one on a tie); the dates returned are the
// plan dates after the covered one, up to `untilOn` and never after the contract's end.
// Dates are "YYYY-MM-DD" strings in and out.

import {
  type Day,
  type InstantLike,
  MICROS_PER_HOUR,
  addMonths,
  formatDate,
  formatInstant,
  isoWeekday,
  parseDate,
  parseInstant,
  parseOptionalDate,
} from "./dates";
import { InvalidValue } from "./errors";
import { type FollowUpTerms, INSPECTION_TEMPLATE, type InspectionCadence, type ScheduleTerms, own } from "./settings";

const CADENCE_MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, twice_a_year: 6, yearly: 12 };
const SATURDAY = 6;

export interface PlanWindow {
  untilOn: string;
  lastDoneOn?: string | null;
  contractEndOn?: string | null;
}

/** The cadence for a system type (e.g. "cctv"), else the contract's "default" one. */
export function inspectionCadence(schedules: ScheduleTerms, systemType: string): InspectionCadence {
  const inspections = schedules.inspections;
  const cadence = [own(inspections, systemType), own(inspections, "default")].find(isFilled) ?? INSPECTION_TEMPLATE;
  return { ...INSPECTION_TEMPLATE, ...cadence };
}

/**
 * Inspection due dates after the last one done, up to `untilOn` and the contract's end.
 *
 * "monthly_then_quarterly": monthly for the first `monthly_for_months` months, then every
 * 3 months. `at_weekend` moves a date to the following Saturday (twice-a-year inspections
 * are done at weekends).
 */
export function nextInspectionDates(
  handoverOn: string,
  cadence: InspectionCadence,
  { untilOn, lastDoneOn = null, contractEndOn = null }: PlanWindow,
): string[] {
  return dueDates(parseDate(handoverOn), inspectionMonths(cadence), {
    until: parseDate(untilOn),
    lastDone: parseOptionalDate(lastDoneOn),
    contractEnd: parseOptionalDate(contractEndOn),
    atWeekend: cadence.at_weekend ?? false,
  });
}

/** Follow-up (回访) due dates: the first within `first_within_months` of handover, then every
 * `every_months`; after the last one done, up to `untilOn` and the contract's end. */
export function nextFollowUpDates(
  handoverOn: string,
  followUp: FollowUpTerms,
  { untilOn, lastDoneOn = null, contractEndOn = null }: PlanWindow,
): string[] {
  const { first_within_months: first, every_months: every } = followUp;
  requirePositive(every, "every_months");
  return dueDates(parseDate(handoverOn), monthsFrom(first, every), {
    until: parseDate(untilOn),
    lastDone: parseOptionalDate(lastDoneOn),
    contractEnd: parseOptionalDate(contractEndOn),
    atWeekend: false,
  });
}

/** The site check after handover (one document: a week later); null when switched off. */
export function siteCheckDueOn(handoverOn: string, schedules: ScheduleTerms): string | null {
  const days = schedules.site_check_after_days;
  return days === null ? null : formatDate(parseDate(handoverOn) + days);
}

/** When to send the satisfaction survey after a resolved repair (UTC). */
export function surveyDueAt(resolvedAt: InstantLike, schedules: ScheduleTerms): string {
  return formatInstant(parseInstant(resolvedAt) + schedules.survey_delay_hours * MICROS_PER_HOUR);
}

function inspectionMonths(cadence: InspectionCadence): Iterator<number> {
  const name = cadence.cadence;
  const every = own(CADENCE_MONTHS, name);
  if (every !== undefined) return monthsFrom(every, every);
  if (name === "monthly_then_quarterly") return monthlyThenQuarterly(cadence.monthly_for_months);
  throw new InvalidValue(`unknown inspection cadence: ${JSON.stringify(name)}`);
}

function* monthlyThenQuarterly(monthlyFor: number): Generator<number> {
  for (let month = 1; month <= monthlyFor; month += 1) yield month;
  yield* monthsFrom(monthlyFor + 3, 3);
}

function* monthsFrom(first: number, every: number): Generator<number> {
  requirePositive(first, "first month");
  for (let month = first; ; month += every) yield month;
}

function dueDates(
  handover: Day,
  months: Iterator<number>,
  { until, lastDone, contractEnd, atWeekend }: { until: Day; lastDone: Day | null; contractEnd: Day | null; atWeekend: boolean },
): string[] {
  const limit = contractEnd === null ? until : Math.min(until, contractEnd);
  const done = lastDone !== null && lastDone < handover ? null : lastDone; // before handover: covers nothing
  let plan: Day[] = [];
  for (let next = months.next(); !next.done; next = months.next()) {
    let dueOn = addMonths(handover, next.value);
    if (atWeekend && isoWeekday(dueOn) < SATURDAY) dueOn += SATURDAY - isoWeekday(dueOn);
    plan.push(dueOn);
    if (dueOn > limit && (done === null || dueOn > done)) break;
  }
  if (done !== null) {
    const covered = plan.reduce((best, planned) =>
      Math.abs(planned - done) < Math.abs(best - done) ? planned : best,
    );
    plan = plan.filter((planned) => planned > covered);
  }
  return plan.filter((planned) => planned <= limit).map(formatDate);
}

function requirePositive(value: number, name: string): void {
  if (value < 1) throw new InvalidValue(`${name} must be at least 1 month, got ${value}`);
}

// Python's `or`: a missing entry or an empty object falls through to the next choice.
function isFilled(entry: InspectionCadence | undefined): entry is InspectionCadence {
  return entry !== undefined && entry !== null && Object.keys(entry).length > 0;
}
