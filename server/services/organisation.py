"""The organisation's one settings row and its calendar of public holidays and make-up
working days (调休), kept once a year and used by every contract calendar that asks for it
(server.domain.settings.with_organisation_calendar)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, Date, literal, select, union_all

from server.domain.settings import OrganisationCalendar
from server.extensions import db
from server.models import OrganisationCalendarDay, OrganisationSettings
from server.services import registry


def organisation_settings() -> OrganisationSettings:
    """The settings row, created with defaults (in the caller's unit of work) the first
    time it is asked for."""
    row = db.session.scalar(select(OrganisationSettings))
    if row is None:
        row = OrganisationSettings(company_name="Aftercare")
        db.session.add(row)
        db.session.flush()
    return row


def organisation_calendar() -> OrganisationCalendar:
    """Every day of the organisation calendar, as the rules read it (ISO dates, sorted)."""
    rows = db.session.execute(
        select(OrganisationCalendarDay.falls_on, OrganisationCalendarDay.kind).order_by(
            OrganisationCalendarDay.falls_on
        )
    ).all()
    return _calendar_of(rows)


def _calendar_of(days: Sequence[tuple[date, str]]) -> OrganisationCalendar:
    """(day, kind) pairs in date order, as the rules read them (ISO dates)."""
    return {
        "holidays": [on.isoformat() for on, kind in days if kind == "holiday"],
        "make_up_workdays": [on.isoformat() for on, kind in days if kind == "make_up_workday"],
    }


def timezone_and_calendar() -> tuple[str, OrganisationCalendar]:
    """The organisation's time zone and its calendar (as ``organisation_calendar``), read
    in one statement: what the SLA and warranty rules read of the organisation."""
    rows = db.session.execute(_timezone_and_calendar()).all()
    timezone = next((value for what, value, _ in rows if what == "timezone"), None)
    if timezone is None:  # no settings row yet: made with its defaults
        timezone = organisation_settings().timezone
    days = sorted((on, kind) for what, kind, on in rows if what != "timezone")
    return timezone, _calendar_of(days)


@cache
def _timezone_and_calendar() -> CompoundSelect:
    """Built once (building it costs more than running it)."""
    return union_all(
        select(
            literal("timezone").label("what"),
            OrganisationSettings.timezone.label("value"),
            literal(None, Date).label("falls_on"),
        ),
        select(
            OrganisationCalendarDay.kind,
            OrganisationCalendarDay.kind,
            OrganisationCalendarDay.falls_on,
        ),
    )


def calendar_days(year: int | None = None) -> list[OrganisationCalendarDay]:
    """The calendar's days in date order, of one year or all."""
    query = select(OrganisationCalendarDay).order_by(OrganisationCalendarDay.falls_on)
    if year is not None:
        query = query.where(
            OrganisationCalendarDay.falls_on >= date(year, 1, 1),
            OrganisationCalendarDay.falls_on <= date(year, 12, 31),
        )
    return list(db.session.scalars(query))


def save_calendar_day(
    data: dict[str, Any], current: OrganisationCalendarDay | None = None
) -> OrganisationCalendarDay:
    """Add a day or change one; a date is in the calendar once (a 422 on falls_on)."""
    return registry.save(OrganisationCalendarDay, data, current)


def remove_calendar_day(day: OrganisationCalendarDay) -> None:
    db.session.delete(day)
    db.session.flush()
