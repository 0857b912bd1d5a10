"""Wire formats of contracts; their rules settings are validated by contract_settings.

In, ``settings`` is laid over the defaults and checked whole (errors name the nested field
under "settings"); out, a contract shows its effective settings (defaults filled in).
"""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from server.api.schemas.common import ListArgs, RefSchema
from server.api.schemas.contract_settings import ContractSettingsSchema
from server.api.schemas.registry import Computed
from server.bounds import BoundedSchema
from server.domain.settings import merge_contract_settings
from server.models.contract import CONTRACT_KINDS


class SettingsField(fields.Nested):
    """Contract settings, always loaded whole: every key inside is optional already, and a
    PATCH's partial mode must not skip the keys a list entry requires (a milestone's
    minutes)."""

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        return super()._deserialize(value, attr, data, partial=None, **kwargs)


class ContractInSchema(BoundedSchema):
    customer_id = fields.UUID(required=True)
    number = fields.String(required=True, validate=validate.Length(min=1, max=50))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(validate=validate.OneOf(CONTRACT_KINDS))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    site_ids = fields.List(fields.UUID())
    #: Only what differs from the defaults (docs/rules.md); PATCH replaces it as a whole.
    settings = SettingsField(ContractSettingsSchema)

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError("Must not be before starts_on.", "ends_on")


class ContractSchema(ContractInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()
    #: The effective settings: the contract's own over the defaults.
    settings = Computed(ContractSettingsSchema, lambda c: merge_contract_settings(c.settings))
    customer = fields.Nested(RefSchema)
    sites = fields.List(fields.Nested(RefSchema))
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class ContractListArgs(ListArgs):
    customer_id = fields.UUID()
    kind = fields.String(validate=validate.OneOf(CONTRACT_KINDS))
    active_on = fields.Date()
