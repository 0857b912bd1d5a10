"""The calendar feed link of a user (/ics/<token>.ics)."""

from __future__ import annotations

from marshmallow import Schema, fields


class CalendarFeedSchema(Schema):
    #: <PUBLIC_BASE_URL>/ics/<token>.ics; null before the first one or once revoked.
    url = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(allow_none=True)
