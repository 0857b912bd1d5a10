"""Pieces every resource uses: list arguments, the list envelope, short references."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import Schema, ValidationError, fields, validate

from server.bounds import BoundedSchema


def time_zone(value: str) -> None:
    """An IANA time zone this server knows (e.g. Asia/Shanghai)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError("Unknown IANA time zone.") from error


def patch_of(schema: type[Schema]) -> Schema:
    """``schema`` for a PATCH: any of its own fields may be left out, but a nested object
    that is sent is whole (a checklist item needs its type), unlike ``partial=True``."""
    return schema(partial=tuple(schema().load_fields))


def email_or_empty(value: str) -> None:
    """An e-mail address, or "" for none (an office form clears the field so)."""
    if value:
        validate.Email()(value)


class ListArgs(BoundedSchema):
    """Query arguments every list endpoint takes."""

    #: (Bounded: a page past any list is a 422, not a database overflow.)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=None, validate=validate.Range(min=1))
    #: Free-text search; what it matches is documented per endpoint.
    q = fields.String(load_default=None, validate=validate.Length(max=200))


@cache
def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The list envelope ``{items, page, per_page, total, pages}`` around ``item_schema``."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
            "total": fields.Integer(),
            "pages": fields.Integer(),
        },
        name=name,
    )


class RefSchema(Schema):
    """A short reference to another record: its id and what a person calls it."""

    id = fields.UUID()
    name = fields.String()


class UserRefSchema(Schema):
    id = fields.UUID()
    username = fields.String()
    display_name = fields.String()
