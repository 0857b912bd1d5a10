from datetime import UTC, datetime, timedelta, timezone

import pytest

from server.domain.calendar import (
    add_business_minutes,
    business_minutes_between,
    is_working_day,
    next_working_moment,
)
from server.domain.errors import InvalidValue, NoWorkingTime
from server.domain.settings import default_contract_settings

CALENDARS = default_contract_settings()["sla"]["calendars"]
OFFICE = CALENDARS["business_hours"]  # Mon-Fri 08:00-18:00 Asia/Shanghai
ALWAYS = CALENDARS["24x7"]


def test_a_request_at_closing_time_counts_from_the_next_opening():
    # Friday 2024-03-01 18:00 in Shanghai is 10:00Z; Monday 08:00 is 00:00Z.
    assert next_working_moment("2024-03-01T10:00:00Z", OFFICE) == datetime(
        2024, 3, 4, 0, 0, tzinfo=UTC
    )


def test_a_moment_inside_business_hours_is_its_own_working_moment():
    assert next_working_moment("2024-03-01T09:59:00Z", OFFICE) == datetime(
        2024, 3, 1, 9, 59, tzinfo=UTC
    )


def test_a_deadline_may_land_exactly_on_closing_time():
    assert add_business_minutes("2024-03-04T00:00:00Z", 600, OFFICE) == datetime(
        2024, 3, 4, 10, 0, tzinfo=UTC
    )


def test_business_minutes_skip_the_weekend():
    assert business_minutes_between("2024-03-01T09:00:00Z", "2024-03-04T01:00:00Z", OFFICE) == 120


def test_seven_by_twenty_four_counts_every_minute():
    assert business_minutes_between("2024-03-01T09:00:00Z", "2024-03-04T01:00:00Z", ALWAYS) == 3840


def test_an_end_before_the_start_counts_zero_minutes():
    assert business_minutes_between("2024-03-04T02:00:00Z", "2024-03-04T01:00:00Z", OFFICE) == 0


def test_adding_then_measuring_gives_the_same_minutes():
    start = datetime(2024, 9, 27, 7, 13, tzinfo=UTC)
    calendar = {
        **OFFICE,
        "holidays": ["2024-10-01", "2024-10-02"],
        "make_up_workdays": ["2024-09-29"],
    }
    for step in range(0, 200):
        begin = start + timedelta(minutes=97 * step)
        for minutes in (0, 1, 59, 600, 601, 2880):
            deadline = add_business_minutes(begin, minutes, calendar)
            counted_from = next_working_moment(begin, calendar)
            assert business_minutes_between(counted_from, deadline, calendar) == minutes


def test_aware_datetimes_in_any_offset_are_accepted_and_results_are_utc():
    start = datetime(2024, 3, 4, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    deadline = add_business_minutes(start, 30, OFFICE)
    assert deadline == datetime(2024, 3, 4, 1, 30, tzinfo=UTC)
    assert deadline.tzinfo == UTC


def test_a_naive_datetime_is_refused():
    with pytest.raises(InvalidValue):
        add_business_minutes(datetime(2024, 3, 4, 9, 0), 30, OFFICE)


def test_negative_minutes_are_refused():
    with pytest.raises(InvalidValue):
        add_business_minutes("2024-03-04T01:00:00Z", -1, OFFICE)


def test_a_calendar_without_working_days_raises_instead_of_looping():
    with pytest.raises(NoWorkingTime):
        add_business_minutes("2024-03-04T01:00:00Z", 30, {**OFFICE, "weekdays": []})


def test_an_unknown_time_zone_is_an_invalid_value():
    with pytest.raises(InvalidValue):
        add_business_minutes("2024-03-04T01:00:00Z", 30, {**OFFICE, "timezone": "Mars/Olympus"})


def test_a_holiday_wins_over_a_make_up_working_day():
    calendar = {**OFFICE, "holidays": ["2024-10-12"], "make_up_workdays": ["2024-10-12"]}
    assert not is_working_day(datetime(2024, 10, 12).date(), calendar)
