"""Bounds every input keeps, so SQLite and PostgreSQL answer alike: no NUL character in
text (PostgreSQL refuses it in a text column, SQLite would store it) and no integer past
the range of the column it goes to (PostgreSQL: "integer out of range"; SQLite stores
it), nor NaN or an infinity in free JSON (not JSON at all once stored).

``BoundedSchema`` applies them to every field of a marshmallow schema as it is bound, so a
refusal is a 422 naming the field like any other; ``BigInteger`` marks a field that goes
to a 64-bit column. ``check_text``, ``check_integer`` and ``check_json`` are the same rules
for code that validates without a schema.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

#: Integer columns (PostgreSQL ``integer``) and BigInteger ones (``bigint``).
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)

NUL_MESSAGE = "Must not contain a NUL character (\\u0000)."
NOT_FINITE_MESSAGE = "Numbers must be finite (no NaN or Infinity)."


def check_text(value: Any) -> None:
    """Refuse text holding a NUL character (ValidationError)."""
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(NUL_MESSAGE)


def check_integer(value: Any, bounds: tuple[int, int] = INT32) -> None:
    """Refuse an integer outside ``bounds`` (default: a 32-bit Integer column)."""
    low, high = bounds
    if isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high:
        raise ValidationError(f"Must be between {low} and {high}.")


def check_json(value: Any) -> None:
    """Refuse free JSON (a dict of anything) holding a NUL character in any key or text,
    or a number that is not finite (Python's parser reads NaN and Infinity)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise ValidationError(NOT_FINITE_MESSAGE)
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


class BigInteger(fields.Integer):
    """An integer for a 64-bit column (a sequence number, a size in bytes)."""


def _integer_range(field: fields.Integer) -> validate.Range | None:
    """The part of the column's range that the field's own Range validators leave open."""
    low, high = INT64 if isinstance(field, BigInteger) else INT32
    ranges = [v for v in field.validators if isinstance(v, validate.Range)]
    mins = [v.min for v in ranges if v.min is not None]
    maxs = [v.max for v in ranges if v.max is not None]
    need_min = low if not mins or max(mins) < low else None
    need_max = high if not maxs or min(maxs) > high else None
    if need_min is None and need_max is None:
        return None
    return validate.Range(min=need_min, max=need_max)


def _add(field: fields.Field, validator: Any) -> None:
    # marshmallow copies fields shallowly per schema instance, so the validator list is
    # shared by every instance: add once, however many times the schema is instantiated.
    if validator not in field.validators:
        field.validators.append(validator)


def bound_field(field: fields.Field) -> None:
    """Add the bounds to ``field`` (and to the fields inside a list, tuple or dict), once."""
    if isinstance(field, fields.List):
        bound_field(field.inner)
    elif isinstance(field, fields.Tuple):
        for inner in field.tuple_fields:
            bound_field(inner)
    elif isinstance(field, fields.Dict):
        if field.key_field is not None:
            bound_field(field.key_field)
        if field.value_field is not None:
            bound_field(field.value_field)
        else:
            _add(field, check_json)
    elif isinstance(field, fields.Integer):
        bounds = _integer_range(field)
        if bounds is not None:
            field.validators.append(bounds)
    elif isinstance(field, fields.String):
        _add(field, check_text)
    elif type(field) is fields.Raw:
        _add(field, check_json)
    # Nested: its own schema is a BoundedSchema and bounds its fields.


class BoundedSchema(Schema):
    """A schema that reads requests: every field keeps the bounds above."""

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        super().on_bind_field(field_name, field_obj)
        bound_field(field_obj)
