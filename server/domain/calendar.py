"""Service calendars: which moments count towards an SLA target, and adding working time.

A calendar is a settings dict (settings.CalendarSpec). "24x7" counts every minute.
"business_hours" counts the minutes between `start` and `end` local time (HH:MM, end may be
"24:00") on working days, in the calendar's IANA time zone. A working day is an ISO weekday
listed in `weekdays` (1 = Monday) or a make-up working day (调休), unless it is a public
holiday; a holiday wins over both.

Working periods are half-open, [start, end): a request at 18:00 sharp is outside 08:00-18:00.
Time outside working periods does not count, so a request outside hours counts as received
at the start of the next working period (next-working-day rollover). Minutes are real
elapsed minutes: a working period that spans a DST change is one hour shorter or longer.
Instants in are aware datetimes or ISO strings; instants out are UTC.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.domain.dates import ONE_DAY, InstantLike, parse_instant
from server.domain.errors import InvalidValue, NoWorkingTime
from server.domain.settings import CalendarSpec

# A business calendar without a working period for this long is misconfigured.
_SEARCH_DAYS = 3660


def is_working_day(day: date, calendar: CalendarSpec) -> bool:
    if calendar["kind"] == "24x7":
        return True
    iso_day = day.isoformat()
    if iso_day in calendar["holidays"]:
        return False
    return day.isoweekday() in calendar["weekdays"] or iso_day in calendar["make_up_workdays"]


def next_working_moment(at: InstantLike, calendar: CalendarSpec) -> datetime:
    """`at` if it falls in a working period, else the start of the next working period."""
    return add_business_minutes(at, 0, calendar)


def business_minutes_between(start: InstantLike, end: InstantLike, calendar: CalendarSpec) -> int:
    """Whole working minutes from `start` to `end` (0 when `end` is not after `start`)."""
    return business_seconds_between(start, end, calendar) // 60


def business_seconds_between(start: InstantLike, end: InstantLike, calendar: CalendarSpec) -> int:
    start_at, end_at = parse_instant(start), parse_instant(end)
    if end_at <= start_at:
        return 0
    if calendar["kind"] == "24x7":
        return int((end_at - start_at).total_seconds())
    total = timedelta()
    for opens_at, closes_at in _working_periods(start_at, calendar):
        if opens_at >= end_at:
            break
        overlap = min(closes_at, end_at) - max(opens_at, start_at)
        if overlap > timedelta():
            total += overlap
    return int(total.total_seconds())


def add_business_minutes(start: InstantLike, minutes: int, calendar: CalendarSpec) -> datetime:
    """The moment `minutes` working minutes after `start` (a deadline lands on a period's end
    rather than the next period's start)."""
    start_at = parse_instant(start)
    if minutes < 0:
        raise InvalidValue(f"minutes must not be negative: {minutes}")
    if calendar["kind"] == "24x7":
        return start_at + timedelta(minutes=minutes)
    remaining = timedelta(minutes=minutes)
    for opens_at, closes_at in _working_periods(start_at, calendar):
        counted_from = max(opens_at, start_at)
        if counted_from >= closes_at:
            continue
        if remaining <= closes_at - counted_from:
            return counted_from + remaining
        remaining -= closes_at - counted_from
    raise AssertionError("unreachable: _working_periods raises when it runs out")


def _working_periods(
    from_at: datetime, calendar: CalendarSpec
) -> Iterator[tuple[datetime, datetime]]:
    """UTC (opens_at, closes_at) of each working period from the local day of `from_at` on."""
    zone = _zone(calendar["timezone"])
    opens, closes = calendar["start"], calendar["end"]
    _clock_time(opens), _clock_time(closes)  # a malformed time is refused up front
    day = from_at.astimezone(zone).date()
    days_without_work = 0
    while days_without_work < _SEARCH_DAYS:
        if is_working_day(day, calendar):
            days_without_work = 0
            yield _period(day, opens, closes, calendar["timezone"])
        else:
            days_without_work += 1
        day += ONE_DAY
    raise NoWorkingTime(f"no working period within {_SEARCH_DAYS} days of {from_at.isoformat()}")


@lru_cache(maxsize=4096)
def _period(day: date, opens: str, closes: str, timezone: str) -> tuple[datetime, datetime]:
    """UTC bounds of the working period of a local day (the same few days come up for
    every order of a page: computed once)."""
    zone = _zone(timezone)
    return _utc(day, _clock_time(opens), zone), _utc(day, _clock_time(closes), zone)


def _utc(day: date, clock: time | None, zone: ZoneInfo) -> datetime:
    # None stands for 24:00, the start of the next day.
    if clock is None:
        day, clock = day + ONE_DAY, time(0, 0)
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _clock_time(value: str) -> time | None:
    if value == "24:00":
        return None
    try:
        return time.fromisoformat(value)
    except ValueError as error:
        raise InvalidValue(f"not a HH:MM time: {value!r}") from error


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidValue(f"unknown time zone: {name!r}") from error
