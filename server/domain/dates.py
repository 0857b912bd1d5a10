"""Dates and instants: reading the JSON wire values, month arithmetic, writing results back.

Inputs: a local date is an ISO string "YYYY-MM-DD" or a `date`; an instant is an ISO-8601
string with an offset ("2024-03-01T09:00:00+08:00", "...Z") or an aware `datetime`.
Naive datetimes are refused: an SLA clock must never guess a time zone.
Outputs: instants are aware UTC datetimes; `to_json` writes them as "YYYY-MM-DDTHH:MM:SSZ".
"""

import calendar
import dataclasses
from datetime import UTC, date, datetime, timedelta

from server.domain.errors import InvalidValue

DateLike = date | str
InstantLike = datetime | str


def parse_date(value: DateLike) -> date:
    if isinstance(value, datetime):
        raise InvalidValue(f"expected a date, got a datetime: {value!r}")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise InvalidValue(f"not an ISO date: {value!r}") from error


def parse_optional_date(value: DateLike | None) -> date | None:
    return None if value is None else parse_date(value)


def parse_instant(value: InstantLike) -> datetime:
    """An aware instant, converted to UTC."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as error:
            raise InvalidValue(f"not an ISO-8601 instant: {value!r}") from error
    if not isinstance(value, datetime):
        raise InvalidValue(f"expected an instant, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(f"instant without a time zone offset: {value.isoformat()}")
    return value.astimezone(UTC)


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later; a day the month lacks becomes its last day."""
    year, month = shift_month(day.year, day.month, months)
    return date(year, month, min(day.day, days_in_month(year, month)))


def format_instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_json(value: object) -> object:
    """A domain result as JSON-able values: dataclasses become dicts, dates ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


ONE_DAY = timedelta(days=1)
