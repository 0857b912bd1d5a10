from marshmallow import Schema, fields, validate

from server.api.schemas.common import RefSchema, UserRefSchema
from server.bounds import BoundedSchema
from server.models import ROLES


class LoginSchema(BoundedSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    #: What the device calls itself, shown in the admin's token list.
    device_name = fields.String(load_default="", validate=validate.Length(max=200))


class UserSchema(Schema):
    id = fields.UUID(dump_only=True)
    username = fields.String()
    display_name = fields.String()
    role = fields.String(validate=validate.OneOf(ROLES))
    centre = fields.Nested(RefSchema, allow_none=True)
    phone = fields.String()
    email = fields.String()
    locale = fields.String()
    is_active = fields.Boolean()


class LoginResultSchema(Schema):
    token = fields.String()
    expires_at = fields.AwareDateTime()
    user = fields.Nested(UserSchema)


class TokenSchema(Schema):
    id = fields.UUID()
    user = fields.Nested(UserRefSchema)
    device_name = fields.String()
    created_at = fields.AwareDateTime()
    last_used_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)
    is_current = fields.Method("_is_current")

    def _is_current(self, obj) -> bool:
        from flask import g

        token = g.get("token")
        return token is not None and token.id == obj.id


class TokenListArgs(BoundedSchema):
    user_id = fields.UUID(load_default=None)
    include_revoked = fields.Boolean(load_default=False)
