"""JSON written by the server: the answers (server.limits' JSON provider) and the JSON
columns (``SQLALCHEMY_ENGINE_OPTIONS``), with orjson, which writes a 500-record pull
page several times faster than the standard library and reads a JSON column's value in an
eighth of the time. Where orjson refuses a value the standard library writes (an integer
beyond 64 bits, which a phone may send in a mutation's arguments), the standard library
writes it: the output is the same JSON either way. Request bodies are still read by the
standard library (``json.loads``), which keeps such integers exact; a JSON column read back
gives one as a float (orjson reads numbers within 64 bits exactly; only a phone's junk
argument, kept for review with its refused mutation, can hold a larger one)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import orjson

#: Keys that are not strings become strings (as the standard library writes them); a
#: naive datetime is a UTC instant (a pull page's, server.sync.records.naive_utc).
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_NAIVE_UTC
#: What a driver hands over as a JSON column's text.
_TEXT = (str, bytes, bytearray, memoryview)


def dumps(value: Any, default: Callable[[Any], Any] | None = None, *, indent: bool = False) -> str:
    """``value`` as compact JSON text (UTF-8 characters unescaped, keys in their order).
    UUIDs are written as strings, instants as ISO 8601 with their offset (UTC on the
    server: ``2026-11-28T09:30:00+00:00``, as ``datetime.isoformat`` writes them) and dates
    as YYYY-MM-DD, so a pull page's rows go out as the database gave them (the wire form,
    server.sync.records); ``default`` turns what JSON has no type for into something it
    has."""
    options = _OPTIONS
    if indent:
        options |= orjson.OPT_INDENT_2
    try:
        return orjson.dumps(value, default=default, option=options).decode()
    except TypeError:
        return json.dumps(
            value,
            default=partial(_as_orjson_writes, default),
            ensure_ascii=False,
            indent=2 if indent else None,
            separators=None if indent else (",", ":"),
        )


def _as_orjson_writes(default: Callable[[Any], Any] | None, value: Any) -> Any:
    """For the standard library: what orjson writes itself, as it writes it."""
    if isinstance(value, orjson.Fragment):  # JSON text written as it is
        return json.loads(value.contents)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC).isoformat()
    if isinstance(value, date | uuid.UUID):  # datetimes included
        return value.isoformat() if isinstance(value, date) else str(value)
    if default is None:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return default(value)


def column_dumps(value: Any) -> str:
    """A JSON column's value as stored."""
    return dumps(value)


def column_loads(text: str | bytes | memoryview) -> Any:
    """A JSON column's stored value (text, or the bytes a driver hands over). Anything
    else is a TypeError, as with ``json.loads``: SQLite hands a number stored in a JSON
    column over as a number, and SQLAlchemy keeps it on that error."""
    if not isinstance(text, _TEXT):
        raise TypeError(f"the JSON object must be str or bytes, not {type(text).__name__}")
    return orjson.loads(text)
