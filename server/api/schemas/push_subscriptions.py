"""Wire formats of Web Push subscriptions: the browser's PushSubscription JSON."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.bounds import BoundedSchema

_B64URL = validate.Regexp(r"^[A-Za-z0-9_\-]+=*$", error="Must be base64url.")


class PushKeysSchema(BoundedSchema):
    p256dh = fields.String(required=True, validate=[validate.Length(min=20, max=200), _B64URL])
    auth = fields.String(required=True, validate=[validate.Length(min=8, max=100), _B64URL])


class PushSubscriptionInSchema(BoundedSchema):
    """``PushSubscription.toJSON()`` as the browser gives it, and the phone's name."""

    endpoint = fields.Url(required=True, validate=validate.Length(max=2000))
    keys = fields.Nested(PushKeysSchema, required=True)
    expirationTime = fields.Integer(allow_none=True, load_default=None)  # noqa: N815
    user_agent = fields.String(load_default="", validate=validate.Length(max=300))


class PushUnsubscribeSchema(BoundedSchema):
    endpoint = fields.Url(required=True, validate=validate.Length(max=2000))


class PushSubscriptionSchema(Schema):
    id = fields.UUID()
    endpoint = fields.String()
    user_agent = fields.String()
    created_at = fields.AwareDateTime()


class PushKeySchema(Schema):
    #: The server's VAPID public key (applicationServerKey, base64url).
    public_key = fields.String()
