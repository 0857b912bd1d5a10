"""SLA clocks of a work order: started when, due when, and met, running, at risk or breached.

A clock (settings.ClockSpec) starts at the earliest event of the first `start` kind that
occurred (arrival: visit_agreed, else registered) and stops at the earliest event of any
`stop` kind. A `void` event at or after the start ends a clock without judging it (the order
was cancelled, or fixed remotely so nobody had to travel): "not_needed" if it came by the
deadline, "breached" if after. The target, in minutes of the severity's calendar, comes from
the severity x zone table; a null target leaves the clock "untracked".

An event happens when the device says it did for on-site events (origin "device", the time
an engineer's phone recorded, however late it synced) and when the server received it for
office events. `now` only matters for clocks still running.

States: not_started, running, at_risk (at_risk_percent of the target used), breached,
met, met_late (stopped after the deadline), not_needed, untracked.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from server.domain.calendar import add_business_minutes, business_seconds_between
from server.domain.dates import InstantLike, parse_instant
from server.domain.errors import InvalidValue, UnknownSeverity, UnknownZone
from server.domain.settings import CLOCKS, EVENT_KINDS, CalendarSpec, SeverityPolicy, SlaPolicy

Event = tuple[str, datetime]


@dataclass(frozen=True)
class ClockState:
    clock: str
    state: str
    started_at: datetime | None
    stopped_at: datetime | None  # the stop event, or the void event that ended it
    deadline_at: datetime | None
    target_minutes: int | None
    elapsed_minutes: int  # working minutes of the calendar, up to the stop or `now`


@dataclass(frozen=True)
class MilestoneDue:
    key: str
    minutes: int
    due_at: datetime


def event_at(event: Mapping[str, Any]) -> datetime:
    """When an event happened: device time for on-site events, server time for office ones."""
    origin = event.get("origin")
    if origin not in ("device", "office"):
        raise InvalidValue(f"unknown event origin: {origin!r}")
    if origin == "device" and event.get("device_at") is not None:
        return parse_instant(event["device_at"])
    return parse_instant(event["server_at"])


def severity_policy(work_order: Mapping[str, Any], policy: SlaPolicy) -> SeverityPolicy:
    severity = policy["severities"].get(str(work_order["severity"]))
    if severity is None:
        raise UnknownSeverity(f"unknown severity: {work_order['severity']!r}")
    return severity


def severity_calendar(work_order: Mapping[str, Any], policy: SlaPolicy) -> CalendarSpec:
    return policy["calendars"][severity_policy(work_order, policy)["calendar"]]


def sla_state(
    work_order: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
    policy: SlaPolicy,
    now: InstantLike,
) -> dict[str, ClockState]:
    """Every clock of the work order ({severity, zone}) as of `now`, in the order of CLOCKS."""
    timeline = _timeline(events)
    now_at = parse_instant(now)
    return {clock: _clock_state(clock, work_order, timeline, policy, now_at) for clock in CLOCKS}


def loaner_due_at(
    work_order: Mapping[str, Any], events: Iterable[Mapping[str, Any]], policy: SlaPolicy
) -> datetime | None:
    """When a loaner unit (备用机) must be lent if service is not restored by then.

    Counted like the restore clock. None when the severity sets no loaner deadline, the clock
    has not started, or service was restored (or the order voided) by the deadline.
    """
    minutes = severity_policy(work_order, policy)["loaner_minutes"]
    timeline = _timeline(events)
    spec = policy["clocks"]["restore"]
    started_at = _first_of_priority(timeline, spec["start"])
    if minutes is None or started_at is None:
        return None
    due_at = add_business_minutes(started_at, minutes, severity_calendar(work_order, policy))
    ended_at = _earliest(timeline, [*spec["stop"], *spec["void"]], not_before=started_at)
    if ended_at is not None and ended_at <= due_at:
        return None
    return due_at


def emergency_milestones(
    work_order: Mapping[str, Any], events: Iterable[Mapping[str, Any]], policy: SlaPolicy
) -> list[MilestoneDue]:
    """Due times of the emergency escalation steps (level 1: managers 15 min, emergency team
    30, expert remote 60, expert group 120); empty for other severities or before the start."""
    emergency = policy["emergency"]
    if int(work_order["severity"]) not in emergency["severities"]:
        return []
    started_at = _first_of_priority(_timeline(events), emergency["start"])
    if started_at is None:
        return []
    calendar = severity_calendar(work_order, policy)
    return [
        MilestoneDue(
            key=step["key"],
            minutes=step["minutes"],
            due_at=add_business_minutes(started_at, step["minutes"], calendar),
        )
        for step in emergency["milestones"]
    ]


def _clock_state(
    clock: str,
    work_order: Mapping[str, Any],
    timeline: list[Event],
    policy: SlaPolicy,
    now_at: datetime,
) -> ClockState:
    spec = policy["clocks"][clock]
    severity = severity_policy(work_order, policy)
    zone = work_order["zone"]
    if zone not in severity["targets"]:
        raise UnknownZone(f"unknown zone: {zone!r}")
    target = severity["targets"][zone][clock]
    calendar = policy["calendars"][severity["calendar"]]

    started_at = _first_of_priority(timeline, spec["start"])
    if started_at is None:
        return ClockState(clock, "not_started", None, None, None, target, 0)
    stopped_at = _earliest(timeline, spec["stop"])
    if stopped_at is not None:
        # A stop recorded before the start (a device clock a little behind) counts at once.
        stopped_at = max(stopped_at, started_at)
    voided_at = _earliest(timeline, spec["void"], not_before=started_at)
    if voided_at is not None and (stopped_at is None or voided_at < stopped_at):
        ended_at, ended_by = voided_at, "void"
    elif stopped_at is not None:
        ended_at, ended_by = stopped_at, "stop"
    else:
        ended_at, ended_by = None, None

    elapsed_seconds = business_seconds_between(started_at, ended_at or now_at, calendar)
    if target is None:
        return ClockState(
            clock, "untracked", started_at, ended_at, None, None, elapsed_seconds // 60
        )
    deadline_at = add_business_minutes(started_at, target, calendar)
    if ended_by == "stop":
        state = "met" if ended_at <= deadline_at else "met_late"
    elif ended_by == "void":
        state = "not_needed" if ended_at <= deadline_at else "breached"
    elif now_at > deadline_at:
        state = "breached"
    elif elapsed_seconds * 100 >= target * 60 * policy["at_risk_percent"]:
        state = "at_risk"
    else:
        state = "running"
    return ClockState(
        clock, state, started_at, ended_at, deadline_at, target, elapsed_seconds // 60
    )


def _timeline(events: Iterable[Mapping[str, Any]]) -> list[Event]:
    timeline = []
    for event in events:
        if event.get("kind") not in EVENT_KINDS:
            raise InvalidValue(f"unknown event kind: {event.get('kind')!r}")
        timeline.append((event["kind"], event_at(event)))
    return sorted(timeline, key=lambda item: item[1])


def _first_of_priority(timeline: list[Event], kinds: list[str]) -> datetime | None:
    """The earliest event of the first kind in `kinds` that occurred at all."""
    for kind in kinds:
        found = _earliest(timeline, [kind])
        if found is not None:
            return found
    return None


def _earliest(
    timeline: list[Event], kinds: list[str], not_before: datetime | None = None
) -> datetime | None:
    return next(
        (at for kind, at in timeline if kind in kinds and (not_before is None or at >= not_before)),
        None,
    )
