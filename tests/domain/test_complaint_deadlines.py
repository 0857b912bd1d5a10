"""Complaint deadlines: verify within 2 days, answer within 5 (calendar or working days)."""

from datetime import UTC, datetime

import pytest

from server.domain.complaints import complaint_deadline, complaint_deadlines
from server.domain.errors import InvalidValue
from server.domain.settings import default_contract_settings

CALENDAR = default_contract_settings()["sla"]["calendars"]["business_hours"]


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_a_complaint_is_verified_within_2_days_and_answered_within_5_days_of_receipt():
    verify, answer = complaint_deadlines(
        "2026-11-02T10:00:00+08:00", 2, 5, working_days=False, calendar=CALENDAR
    )
    assert verify == _at("2026-11-04T10:00:00+08:00")
    assert answer == _at("2026-11-07T10:00:00+08:00")
    assert verify.tzinfo == UTC


def test_in_working_days_a_friday_complaint_is_verified_by_tuesday_night():
    verify, answer = complaint_deadlines(
        "2026-11-06T15:00:00+08:00", 2, 5, working_days=True, calendar=CALENDAR
    )
    assert verify == _at("2026-11-11T00:00:00+08:00")  # end of Tuesday 10 November
    assert answer == _at("2026-11-14T00:00:00+08:00")  # end of Friday 13 November


def test_working_days_skip_public_holidays_and_count_make_up_days():
    national_day = [f"2026-10-0{day}" for day in range(1, 8)]
    calendar = {**CALENDAR, "holidays": national_day, "make_up_workdays": ["2026-10-10"]}
    received = "2026-09-30T09:00:00+08:00"  # the Wednesday before the holiday week
    verify, answer = complaint_deadlines(received, 2, 5, working_days=True, calendar=calendar)
    assert verify == _at("2026-10-10T00:00:00+08:00")  # Thu 8 and Fri 9 October
    # Thu 8, Fri 9, Sat 10 (a make-up working day), Mon 12, Tue 13.
    assert answer == _at("2026-10-14T00:00:00+08:00")


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(InvalidValue):
        complaint_deadline("2026-11-02T10:00:00+08:00", -1, working_days=False, calendar=CALENDAR)
