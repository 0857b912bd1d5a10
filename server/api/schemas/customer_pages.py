"""The office's side of the customer's pages: merging a duplicate request into the order
kept, and the progress page link (/t/<token>) of a work order."""

from __future__ import annotations

from marshmallow import Schema, fields

from server.bounds import BoundedSchema


class MergeInSchema(BoundedSchema):
    #: The order to keep; the one in the URL is cancelled as merged into it.
    into_id = fields.UUID(required=True)


class ProgressLinkSchema(Schema):
    #: <PUBLIC_BASE_URL>/t/<token>; null when the office revoked every link.
    url = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(allow_none=True)
