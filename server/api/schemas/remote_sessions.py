"""Wire formats of remote sessions (远程处理) on a work order."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api.schemas.common import UserRefSchema
from server.bounds import BoundedSchema


class RemoteSessionInSchema(BoundedSchema):
    #: Who agreed on the customer's side, and when (default now; not in the future).
    consent_by = fields.String(required=True, validate=validate.Length(min=1, max=100))
    consent_at = fields.AwareDateTime()
    #: Who runs it (the office may name another user; default: the caller).
    engineer_id = fields.UUID(allow_none=True)
    #: The hotline call that led to it (a call about this order).
    call_id = fields.UUID(allow_none=True)


class RemoteSessionEndInSchema(BoundedSchema):
    #: What was done.
    work_done = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    #: When it ended (default now; not before the start, not in the future).
    ended_at = fields.AwareDateTime()
    #: It solved the fault: the order is resolved remotely (its guards apply).
    resolved = fields.Boolean(load_default=False)


class RemoteSessionSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    call_id = fields.UUID(allow_none=True)
    engineer = fields.Nested(UserRefSchema)
    consent_by = fields.String()
    consent_at = fields.AwareDateTime()
    #: The server's time of the order's remote_started event.
    started_at = fields.AwareDateTime()
    ended_at = fields.AwareDateTime(allow_none=True)
    work_done = fields.String()
    recorded_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.AwareDateTime()
