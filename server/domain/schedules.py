"""Planned visits: inspections (巡检), follow-ups (回访), the site check, the satisfaction survey.

Inspection and follow-up plans are anchored on the handover (acceptance) date, not on the
last visit, so a late visit does not push the whole plan back: the plan dates are the
handover date plus whole months (a day the month lacks becomes its last day). A visit done
covers the plan date nearest to it (the earlier one on a tie); the dates returned are the
plan dates after the covered one, up to `until_on` and never after the contract's end.
Dates are local dates, ISO strings or `date`s in, `date`s out.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from server.domain.dates import (
    DateLike,
    InstantLike,
    add_months,
    parse_date,
    parse_instant,
    parse_optional_date,
)
from server.domain.errors import InvalidValue
from server.domain.settings import (
    INSPECTION_TEMPLATE,
    FollowUpTerms,
    InspectionCadence,
    ScheduleTerms,
)

_CADENCE_MONTHS = {"monthly": 1, "quarterly": 3, "twice_a_year": 6, "yearly": 12}
_SATURDAY = 6


def inspection_cadence(schedules: ScheduleTerms, system_type: str) -> InspectionCadence:
    """The cadence for a system type (e.g. "cctv"), else the contract's "default" one."""
    inspections = schedules["inspections"]
    cadence = inspections.get(system_type) or inspections.get("default") or INSPECTION_TEMPLATE
    return {**INSPECTION_TEMPLATE, **cadence}


def next_inspection_dates(
    handover_on: DateLike,
    cadence: InspectionCadence,
    *,
    until_on: DateLike,
    last_done_on: DateLike | None = None,
    contract_end_on: DateLike | None = None,
) -> list[date]:
    """Inspection due dates after the last one done, up to `until_on` and the contract's end.

    "monthly_then_quarterly": monthly for the first `monthly_for_months` months, then every
    3 months. `at_weekend` moves a date to the following Saturday (twice-a-year inspections
    are done at weekends).
    """
    return _due_dates(
        parse_date(handover_on),
        _inspection_months(cadence),
        until_on=parse_date(until_on),
        last_done_on=parse_optional_date(last_done_on),
        contract_end_on=parse_optional_date(contract_end_on),
        at_weekend=cadence.get("at_weekend", False),
    )


def next_follow_up_dates(
    handover_on: DateLike,
    follow_up: FollowUpTerms,
    *,
    until_on: DateLike,
    last_done_on: DateLike | None = None,
    contract_end_on: DateLike | None = None,
) -> list[date]:
    """Follow-up (回访) due dates: the first within `first_within_months` of handover, then
    every `every_months`; after the last one done, up to `until_on` and the contract's end."""
    first, every = follow_up["first_within_months"], follow_up["every_months"]
    _require_positive(every, "every_months")
    return _due_dates(
        parse_date(handover_on),
        _months_from(first, every),
        until_on=parse_date(until_on),
        last_done_on=parse_optional_date(last_done_on),
        contract_end_on=parse_optional_date(contract_end_on),
        at_weekend=False,
    )


def site_check_due_on(handover_on: DateLike, schedules: ScheduleTerms) -> date | None:
    """The site check after handover (one document: a week later); None when switched off."""
    days = schedules["site_check_after_days"]
    return None if days is None else parse_date(handover_on) + timedelta(days=days)


def survey_due_at(resolved_at: InstantLike, schedules: ScheduleTerms) -> datetime:
    """When to send the satisfaction survey after a resolved repair (UTC)."""
    return parse_instant(resolved_at) + timedelta(hours=schedules["survey_delay_hours"])


def _inspection_months(cadence: InspectionCadence) -> Iterator[int]:
    name = cadence["cadence"]
    if name in _CADENCE_MONTHS:
        return _months_from(_CADENCE_MONTHS[name], _CADENCE_MONTHS[name])
    if name == "monthly_then_quarterly":
        return _monthly_then_quarterly(cadence["monthly_for_months"])
    raise InvalidValue(f"unknown inspection cadence: {name!r}")


def _monthly_then_quarterly(monthly_for: int) -> Iterator[int]:
    yield from range(1, monthly_for + 1)
    yield from _months_from(monthly_for + 3, 3)


def _months_from(first: int, every: int) -> Iterator[int]:
    _require_positive(first, "first month")
    month = first
    while True:
        yield month
        month += every


def _due_dates(
    handover_on: date,
    months: Iterator[int],
    *,
    until_on: date,
    last_done_on: date | None,
    contract_end_on: date | None,
    at_weekend: bool,
) -> list[date]:
    limit = until_on if contract_end_on is None else min(until_on, contract_end_on)
    if last_done_on is not None and last_done_on < handover_on:
        last_done_on = None  # done before handover: covers nothing in this plan
    plan = []
    for offset in months:
        due_on = add_months(handover_on, offset)
        if at_weekend and due_on.isoweekday() < _SATURDAY:
            due_on += timedelta(days=_SATURDAY - due_on.isoweekday())
        plan.append(due_on)
        if due_on > limit and (last_done_on is None or due_on > last_done_on):
            break
    if last_done_on is not None:
        covered_on = min(plan, key=lambda planned: (abs((planned - last_done_on).days), planned))
        plan = [planned for planned in plan if planned > covered_on]
    return [planned for planned in plan if planned <= limit]


def _require_positive(value: int, name: str) -> None:
    if value < 1:
        raise InvalidValue(f"{name} must be at least 1 month, got {value}")
