"""Wire formats of contracts; their rules settings are validated by contract_settings."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.api.schemas.common import ListArgs, RefSchema
from server.models.contract import CONTRACT_KINDS


class ContractInSchema(Schema):
    customer_id = fields.UUID(required=True)
    number = fields.String(required=True, validate=validate.Length(min=1, max=50))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(validate=validate.OneOf(CONTRACT_KINDS))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    site_ids = fields.List(fields.UUID())
    settings = fields.Dict(keys=fields.String())

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError("Must not be before starts_on.", "ends_on")


class ContractSchema(ContractInSchema):
    id = fields.UUID()
    customer = fields.Nested(RefSchema)
    sites = fields.List(fields.Nested(RefSchema))
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class ContractListArgs(ListArgs):
    customer_id = fields.UUID()
    kind = fields.String(validate=validate.OneOf(CONTRACT_KINDS))
    active_on = fields.Date()
