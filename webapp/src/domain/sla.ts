// TypeScript twin of server/domain/sla.py: the SLA clocks of a work order, started when, due
// when, and met, running, at risk or breached.
//
// A clock (ClockSpec) starts at the earliest event of the first `start` kind that occurred
// (arrival: visit_agreed, else registered) and stops at the earliest event of any `stop`
// kind. A `void` event at or after the start ends a clock without judging it (the order was
// cancelled, or fixed remotely so nobody had to travel): "not_needed" if it came by the
// deadline, "breached" if after. The target, in minutes of the severity's calendar, comes
// from the severity x zone table; a null target leaves the clock "untracked".
//
// An event happens when the device says it did for on-site events (origin "device", the time
// an engineer's phone recorded, however late it synced) and when the server received it for
// office events. `now` only matters for clocks still running.
//
// States: not_started, running, at_risk (at_risk_percent of the target used), breached,
// met, met_late (stopped after the deadline), not_needed, untracked.

import { addWorkingMinutes, workingSecondsBetween } from "./calendar";
import { type Instant, type InstantLike, formatInstant, formatOptionalInstant, parseInstant } from "./dates";
import { InvalidValue, UnknownSeverity, UnknownZone } from "./errors";
import {
  CLOCKS,
  type CalendarSpec,
  type Clock,
  EVENT_KINDS,
  type JsonObject,
  type SeverityPolicy,
  type SlaPolicy,
  own,
} from "./settings";

export type ClockStateName =
  | "not_started"
  | "running"
  | "at_risk"
  | "breached"
  | "met"
  | "met_late"
  | "not_needed"
  | "untracked";

export interface ClockState {
  clock: Clock;
  state: ClockStateName;
  started_at: string | null;
  stopped_at: string | null; // the stop event, or the void event that ended it
  deadline_at: string | null;
  target_minutes: number | null;
  elapsed_minutes: number; // working minutes of the calendar, up to the stop or `now`
}

export interface MilestoneDue {
  key: string;
  minutes: number;
  due_at: string;
}

/** {severity, zone} of a work order. */
export interface SlaWorkOrder {
  severity: number | string;
  zone: string;
}

/** {kind, origin: "device" | "office", device_at, server_at}. */
export type SlaEvent = JsonObject;

type TimelineEvent = [kind: string, at: Instant];

/** When an event happened: device time for on-site events, server time for office ones. */
export function eventAt(event: SlaEvent): string {
  return formatInstant(happenedAt(event));
}

function happenedAt(event: SlaEvent): Instant {
  const origin = own(event, "origin");
  if (origin !== "device" && origin !== "office") {
    throw new InvalidValue(`unknown event origin: ${JSON.stringify(origin ?? null)}`);
  }
  const deviceAt = own(event, "device_at");
  if (origin === "device" && deviceAt !== null && deviceAt !== undefined) return parseInstant(deviceAt);
  return parseInstant(own(event, "server_at"));
}

export function severityPolicy(workOrder: SlaWorkOrder, policy: SlaPolicy): SeverityPolicy {
  const severity = own(policy.severities, String(workOrder.severity));
  if (severity === undefined) throw new UnknownSeverity(`unknown severity: ${JSON.stringify(workOrder.severity)}`);
  return severity;
}

export function severityCalendar(workOrder: SlaWorkOrder, policy: SlaPolicy): CalendarSpec {
  const name = severityPolicy(workOrder, policy).calendar;
  const calendar = own(policy.calendars, name);
  if (calendar === undefined) throw new InvalidValue(`unknown calendar: ${JSON.stringify(name)}`);
  return calendar;
}

/** Every clock of the work order as of `now`, in the order of CLOCKS. */
export function slaState(
  workOrder: SlaWorkOrder,
  events: readonly SlaEvent[],
  policy: SlaPolicy,
  now: InstantLike,
): Record<Clock, ClockState> {
  const line = timeline(events);
  const nowAt = parseInstant(now);
  const states = {} as Record<Clock, ClockState>;
  for (const clock of CLOCKS) states[clock] = clockState(clock, workOrder, line, policy, nowAt);
  return states;
}

/**
 * When a loaner unit (备用机) must be lent if service is not restored by then.
 *
 * Counted like the restore clock. null when the severity sets no loaner deadline, the clock
 * has not started, or service was restored (or the order voided) by the deadline.
 */
export function loanerDueAt(workOrder: SlaWorkOrder, events: readonly SlaEvent[], policy: SlaPolicy): string | null {
  const minutes = severityPolicy(workOrder, policy).loaner_minutes;
  const line = timeline(events);
  const spec = clockSpec(policy, "restore");
  const startedAt = firstOfPriority(line, spec.start);
  if (minutes === null || startedAt === null) return null;
  const dueAt = addWorkingMinutes(startedAt, minutes, severityCalendar(workOrder, policy));
  const endedAt = earliest(line, [...spec.stop, ...spec.void], startedAt);
  if (endedAt !== null && endedAt <= dueAt) return null;
  return formatInstant(dueAt);
}

/** Due times of the emergency escalation steps (level 1: managers 15 min, emergency team 30,
 * expert remote 60, expert group 120); empty for other severities or before the start. */
export function emergencyMilestones(
  workOrder: SlaWorkOrder,
  events: readonly SlaEvent[],
  policy: SlaPolicy,
): MilestoneDue[] {
  const emergency = policy.emergency;
  const level = Number(workOrder.severity);
  if (!Number.isInteger(level)) throw new InvalidValue(`not a severity level: ${JSON.stringify(workOrder.severity)}`);
  if (!emergency.severities.includes(level)) return [];
  const startedAt = firstOfPriority(timeline(events), emergency.start);
  if (startedAt === null) return [];
  const calendar = severityCalendar(workOrder, policy);
  return emergency.milestones.map((step) => ({
    key: step.key,
    minutes: step.minutes,
    due_at: formatInstant(addWorkingMinutes(startedAt, step.minutes, calendar)),
  }));
}

function clockState(
  clock: Clock,
  workOrder: SlaWorkOrder,
  line: readonly TimelineEvent[],
  policy: SlaPolicy,
  nowAt: Instant,
): ClockState {
  const spec = clockSpec(policy, clock);
  const severity = severityPolicy(workOrder, policy);
  const zoneTargets = own(severity.targets, workOrder.zone);
  if (zoneTargets === undefined) throw new UnknownZone(`unknown zone: ${JSON.stringify(workOrder.zone)}`);
  const target = own(zoneTargets, clock) ?? null;
  const calendar = severityCalendar(workOrder, policy);
  const result = (
    state: ClockStateName,
    startedAt: Instant | null,
    stoppedAt: Instant | null,
    deadlineAt: Instant | null,
    targetMinutes: number | null,
    elapsedSeconds: number,
  ): ClockState => ({
    clock,
    state,
    started_at: formatOptionalInstant(startedAt),
    stopped_at: formatOptionalInstant(stoppedAt),
    deadline_at: formatOptionalInstant(deadlineAt),
    target_minutes: targetMinutes,
    elapsed_minutes: Math.floor(elapsedSeconds / 60),
  });

  const startedAt = firstOfPriority(line, spec.start);
  if (startedAt === null) return result("not_started", null, null, null, target, 0);
  let stoppedAt = earliest(line, spec.stop);
  // A stop recorded before the start (a device clock a little behind) counts at once.
  if (stoppedAt !== null) stoppedAt = Math.max(stoppedAt, startedAt);
  const voidedAt = earliest(line, spec.void, startedAt);
  let endedAt: Instant | null = null;
  let endedBy: "void" | "stop" | null = null;
  if (voidedAt !== null && (stoppedAt === null || voidedAt < stoppedAt)) {
    [endedAt, endedBy] = [voidedAt, "void"];
  } else if (stoppedAt !== null) {
    [endedAt, endedBy] = [stoppedAt, "stop"];
  }

  const elapsedSeconds = workingSecondsBetween(startedAt, endedAt ?? nowAt, calendar);
  if (target === null) return result("untracked", startedAt, endedAt, null, null, elapsedSeconds);
  const deadlineAt = addWorkingMinutes(startedAt, target, calendar);
  let state: ClockStateName;
  if (endedBy === "stop") state = (endedAt as Instant) <= deadlineAt ? "met" : "met_late";
  else if (endedBy === "void") state = (endedAt as Instant) <= deadlineAt ? "not_needed" : "breached";
  else if (nowAt > deadlineAt) state = "breached";
  else if (elapsedSeconds * 100 >= target * 60 * policy.at_risk_percent) state = "at_risk";
  else state = "running";
  return result(state, startedAt, endedAt, deadlineAt, target, elapsedSeconds);
}

function clockSpec(policy: SlaPolicy, clock: Clock) {
  const spec = own(policy.clocks, clock);
  if (spec === undefined) throw new InvalidValue(`no settings for the ${clock} clock`);
  return spec;
}

function timeline(events: readonly SlaEvent[]): TimelineEvent[] {
  const line: TimelineEvent[] = [];
  for (const event of events) {
    const kind = own(event, "kind");
    if (typeof kind !== "string" || !(EVENT_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidValue(`unknown event kind: ${JSON.stringify(kind ?? null)}`);
    }
    line.push([kind, happenedAt(event)]);
  }
  return line.sort((a, b) => a[1] - b[1]); // stable, like Python's sorted
}

/** The earliest event of the first kind in `kinds` that occurred at all. */
function firstOfPriority(line: readonly TimelineEvent[], kinds: readonly string[]): Instant | null {
  for (const kind of kinds) {
    const found = earliest(line, [kind]);
    if (found !== null) return found;
  }
  return null;
}

function earliest(line: readonly TimelineEvent[], kinds: readonly string[], notBefore: Instant | null = null): Instant | null {
  const found = line.find(([kind, at]) => kinds.includes(kind) && (notBefore === null || at >= notBefore));
  return found === undefined ? null : found[1];
}
