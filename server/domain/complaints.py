"""Complaint deadlines (投诉时限): verify within N days and answer within M days of receipt.

Calendar days (the default): the deadline is the same moment N x 24 hours later (received
Monday 10:00, verify within 2 days: Wednesday 10:00). Working days: the deadline is the end
(24:00 local) of the Nth working day after the day of receipt, on a calendar of the SLA
settings (its weekdays, public holidays and make-up working days, in its time zone), so a
complaint received on Friday must be verified within 2 working days by Tuesday night.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.domain.calendar import is_working_day
from server.domain.dates import ONE_DAY, InstantLike, parse_instant
from server.domain.errors import InvalidValue
from server.domain.settings import CalendarSpec

#: A calendar without a working day for this long is misconfigured.
_SEARCH_DAYS = 3660


def complaint_deadline(
    received_at: InstantLike, days: int, *, working_days: bool, calendar: CalendarSpec
) -> datetime:
    """When a step that must happen within ``days`` of receipt falls due (UTC)."""
    received = parse_instant(received_at)
    if days < 0:
        raise InvalidValue(f"days must not be negative: {days}")
    if not working_days:
        return received + timedelta(days=days)
    zone = ZoneInfo(calendar["timezone"])
    day = received.astimezone(zone).date()
    counted = 0
    for _ in range(_SEARCH_DAYS):
        if counted == days:
            return datetime.combine(day + ONE_DAY, time(0, 0), tzinfo=zone).astimezone(UTC)
        day += ONE_DAY
        if is_working_day(day, calendar):
            counted += 1
    raise InvalidValue(f"no {days} working days within {_SEARCH_DAYS} days of {received}")


def complaint_deadlines(
    received_at: InstantLike,
    verify_days: int,
    answer_days: int,
    *,
    working_days: bool,
    calendar: CalendarSpec,
) -> tuple[datetime, datetime]:
    """(verify by, answer by)."""
    return (
        complaint_deadline(received_at, verify_days, working_days=working_days, calendar=calendar),
        complaint_deadline(received_at, answer_days, working_days=working_days, calendar=calendar),
    )
