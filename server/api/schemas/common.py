"""Pieces every resource uses: list arguments, the list envelope, short references."""

from __future__ import annotations

from functools import cache

from marshmallow import Schema, fields, validate


class ListArgs(Schema):
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
