"""Wire formats of the notification outbox, as the office reads it."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api.schemas.common import ListArgs
from server.models import NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_STATES


class NotificationListArgs(ListArgs):
    state = fields.String(validate=validate.OneOf(NOTIFICATION_STATES))
    channel = fields.String(validate=validate.OneOf(NOTIFICATION_CHANNELS))
    work_order_id = fields.UUID()


class NotificationWorkOrderSchema(Schema):
    id = fields.UUID()
    number = fields.String()


class NotificationSchema(Schema):
    id = fields.UUID()
    channel = fields.String(validate=validate.OneOf(NOTIFICATION_CHANNELS))
    #: The address (an e-mail address), and who it is: "contact" or "user", its id.
    recipient = fields.String()
    recipient_kind = fields.String()
    recipient_id = fields.UUID(allow_none=True)
    language = fields.String()
    #: What it says: the template (the cause's kind) and the rendered subject and body.
    template = fields.String(validate=validate.OneOf(NOTIFICATION_KINDS))
    subject = fields.String()
    body = fields.String()
    #: The cause: the work order, the event kind, the event's id or the SLA clock.
    work_order = fields.Nested(NotificationWorkOrderSchema, allow_none=True)
    event_kind = fields.String()
    event_ref = fields.String()
    #: queued, sending, sent or failed; attempts made; the last error (kept after a
    #: later success); when it is tried next; when it was sent.
    state = fields.String(validate=validate.OneOf(NOTIFICATION_STATES))
    attempts = fields.Integer()
    last_error = fields.String()
    next_attempt_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)
    #: How often the office asked to send it again.
    resends = fields.Integer()
    created_at = fields.AwareDateTime()
