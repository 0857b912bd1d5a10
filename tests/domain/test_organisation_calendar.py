"""The organisation calendar (public holidays and 调休 make-up days, kept once a year) merged
into a contract's calendars: tests/vectors/organisation_calendar.json, which the phone's
twin runs too (webapp/src/domain/organisationCalendar.test.ts)."""

import json
from pathlib import Path
from typing import Any

import pytest

from server.domain.calendar import add_business_minutes
from server.domain.dates import to_json
from server.domain.settings import (
    default_contract_settings,
    merge_contract_settings,
    with_organisation_calendar,
)

VECTORS = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "organisation_calendar.json").read_text(
        encoding="utf-8"
    )
)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in VECTORS["cases"]])
def test_organisation_calendar_vector(case: dict[str, Any]) -> None:
    given, expected = case["input"], case["expected"]
    settings = merge_contract_settings(given["settings"], given["organisation_calendar"])
    calendar = settings["sla"]["calendars"][given["calendar"]]
    deadline = add_business_minutes(given["start"], given["minutes"], calendar)
    assert to_json(deadline) == expected["deadline_at"]
    for key, value in expected.get("calendar", {}).items():
        assert calendar[key] == value, key


def test_vector_case_names_are_unique() -> None:
    names = [case["name"] for case in VECTORS["cases"]]
    assert len(names) == len(set(names)) >= 15


def test_every_default_calendar_uses_the_organisation_calendar() -> None:
    calendars = default_contract_settings()["sla"]["calendars"]
    assert all(calendar["use_organisation_calendar"] for calendar in calendars.values())


def test_merging_leaves_the_contract_calendar_and_the_organisation_lists_unchanged() -> None:
    organisation = {"holidays": ["2026-10-01"], "make_up_workdays": ["2026-10-10"]}
    calendar = default_contract_settings()["sla"]["calendars"]["business_hours"]
    merged = with_organisation_calendar(calendar, organisation)
    assert merged["holidays"] == ["2026-10-01"]
    assert calendar["holidays"] == []
    merged["holidays"].append("2026-10-02")
    assert organisation["holidays"] == ["2026-10-01"]
