"""Wire formats of the registry: organisation, users, customers, sites, systems, devices,
parts. ``*InSchema`` is what a client sends (create; PATCH loads it partially),
``*Schema`` what it gets back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields, missing, validate

from server.api.schemas.common import (
    ListArgs,
    RefSchema,
    UserRefSchema,
    email_or_empty,
    time_zone,
)
from server.bounds import BoundedSchema
from server.domain.settings import EXCLUSION_CODES
from server.models import DEVICE_CLASSES, PART_CATEGORIES, ROLES, SYSTEM_TYPES, ZONES

_name = validate.Length(min=1, max=200)
_short = validate.Length(max=100)
#: An e-mail address is optional: "" is none (no `format: email` for it in the document).
_EMAIL = {"description": 'An e-mail address, or "" for none.'}


class OrganisationSettingsSchema(BoundedSchema):
    company_name = fields.String(validate=_name)
    hotline = fields.String(validate=validate.Length(max=50))
    timezone = fields.String(validate=[validate.Length(min=1, max=64), time_zone])
    default_locale = fields.String(validate=validate.OneOf(["zh-CN", "en"]))


class RegionInSchema(BoundedSchema):
    name = fields.String(required=True, validate=_name)


class RegionSchema(RegionInSchema):
    id = fields.UUID()


class CentreInSchema(BoundedSchema):
    region_id = fields.UUID(required=True)
    name = fields.String(required=True, validate=_name)
    city = fields.String(validate=_short)
    address = fields.String(validate=validate.Length(max=300))


class CentreSchema(CentreInSchema):
    id = fields.UUID()
    region = fields.Nested(RefSchema)


class UserInSchema(BoundedSchema):
    username = fields.String(
        required=True,
        validate=[
            validate.Length(min=2, max=80),
            validate.Regexp(r"^[A-Za-z0-9_.-]+$", error="Letters, digits, . _ - only."),
        ],
    )
    display_name = fields.String(required=True, validate=_short)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=8))
    centre_id = fields.UUID(allow_none=True)
    phone = fields.String(validate=validate.Length(max=50))
    email = fields.String(validate=[validate.Length(max=200), email_or_empty], metadata=_EMAIL)
    locale = fields.String(validate=validate.OneOf(["zh-CN", "en"]))
    is_active = fields.Boolean()


class UserListArgs(ListArgs):
    role = fields.String(validate=validate.OneOf(ROLES))
    centre_id = fields.UUID()


class ContactInSchema(BoundedSchema):
    name = fields.String(required=True, validate=_short)
    title = fields.String(validate=_short)
    phone = fields.String(validate=validate.Length(max=50))
    email = fields.String(validate=[validate.Length(max=200), email_or_empty], metadata=_EMAIL)
    is_authorised = fields.Boolean()
    #: The language of the e-mails he gets ("zh-CN", "en"); null: the organisation's.
    locale = fields.String(allow_none=True, validate=validate.OneOf(("zh-CN", "en")))


class ContactSchema(ContactInSchema):
    id = fields.UUID()
    customer_id = fields.UUID()


class ContactCreateSchema(ContactInSchema):
    customer_id = fields.UUID(required=True)


class ContactListArgs(ListArgs):
    customer_id = fields.UUID()


class CustomerInSchema(BoundedSchema):
    name = fields.String(required=True, validate=_name)
    code = fields.String(required=True, validate=validate.Length(min=1, max=50))
    is_important = fields.Boolean()
    address = fields.String(validate=validate.Length(max=300))
    notes = fields.String()


class CustomerSchema(CustomerInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()
    contacts = fields.List(fields.Nested(ContactSchema))
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class CustomerListArgs(ListArgs):
    is_important = fields.Boolean()


class SiteInSchema(BoundedSchema):
    customer_id = fields.UUID(required=True)
    name = fields.String(required=True, validate=_name)
    address = fields.String(validate=validate.Length(max=300))
    zone = fields.String(validate=validate.OneOf(ZONES))
    distance_km = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=5000))
    latitude = fields.Float(allow_none=True, validate=validate.Range(min=-90, max=90))
    longitude = fields.Float(allow_none=True, validate=validate.Range(min=-180, max=180))


class SiteSchema(SiteInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()
    customer = fields.Nested(RefSchema)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class SiteListArgs(ListArgs):
    customer_id = fields.UUID()
    zone = fields.String(validate=validate.OneOf(ZONES))


class SystemInSchema(BoundedSchema):
    site_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(SYSTEM_TYPES))
    name = fields.String(required=True, validate=_name)
    responsible_engineer_id = fields.UUID(allow_none=True)


class SystemSchema(SystemInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()
    site = fields.Nested(RefSchema)
    responsible_engineer = fields.Nested(UserRefSchema, allow_none=True)
    device_count = fields.Method("_device_count")

    def _device_count(self, obj) -> int:
        return len(obj.devices)


class SystemListArgs(ListArgs):
    site_id = fields.UUID()
    type = fields.String(validate=validate.OneOf(SYSTEM_TYPES))


class DeviceInSchema(BoundedSchema):
    system_id = fields.UUID(required=True)
    serial = fields.String(required=True, validate=validate.Length(min=1, max=100))
    model = fields.String(required=True, validate=validate.Length(min=1, max=100))
    manufacturer = fields.String(required=True, validate=validate.Length(min=1, max=100))
    device_class = fields.String(validate=validate.OneOf(DEVICE_CLASSES))
    #: Where it hangs (free text; "" clears it).
    location = fields.String(validate=validate.Length(max=200))
    version = fields.String(validate=_short)
    ip_address = fields.IP(allow_none=True)
    sold_on = fields.Date(allow_none=True)
    delivered_on = fields.Date(allow_none=True)
    installed_on = fields.Date(allow_none=True)
    commissioned_on = fields.Date(allow_none=True)
    accepted_on = fields.Date(allow_none=True)
    first_used_on = fields.Date(allow_none=True)
    purchased_on = fields.Date(allow_none=True)
    manufacturer_warranty_months = fields.Integer(
        allow_none=True, validate=validate.Range(min=0, max=240)
    )
    notes = fields.String()


class Computed(fields.Nested):
    """An output object computed from the whole record by ``compute(record)``, a pure
    function (no query, no clock: e.g. a contract's overrides merged over the defaults),
    documented by its nested schema."""

    def __init__(self, nested: type[Schema], compute: Callable[[Any], Any], **kwargs: Any):
        super().__init__(nested, dump_only=True, **kwargs)
        self.compute = compute

    def get_value(self, obj, attr, accessor=None, default=missing):
        return self.compute(obj)


class ContractRefSchema(Schema):
    id = fields.UUID()
    number = fields.String()
    name = fields.String()


class RulesErrorSchema(Schema):
    """Why the rules gave no answer (a domain error's code, i18n key and message)."""

    code = fields.String()
    key = fields.String()
    message = fields.String()


class WarrantyDecisionSchema(Schema):
    """server.domain.warranty.WarrantyDecision as JSON, with the day and contract it used.

    ``status`` is one of return, exchange, free_repair, paid, excluded; or, with ``error``
    and no decision fields, not_started (no start date yet, or the day is before it),
    no_device (a work order without a device) or undecided (another rules error).
    """

    status = fields.String()
    reasons = fields.List(fields.String())
    start_on = fields.String(allow_none=True)
    end_on = fields.String(allow_none=True)
    months = fields.Integer(allow_none=True)
    day = fields.Integer(allow_none=True)
    is_free = fields.Boolean()
    is_lemon = fields.Boolean()
    remedy = fields.String(allow_none=True)
    requires_fault_confirmation = fields.Boolean()
    #: The day decided (YYYY-MM-DD) and the contract whose terms applied (null: defaults).
    on = fields.String()
    contract = fields.Nested(ContractRefSchema, allow_none=True)
    error = fields.Nested(RulesErrorSchema)


class DeviceReplaceInSchema(BoundedSchema):
    """The unit that takes this one's place (services.replacements)."""

    serial = fields.String(required=True, validate=validate.Length(min=1, max=100))
    model = fields.String(validate=validate.Length(max=100))
    manufacturer = fields.String(validate=validate.Length(max=100))
    #: The day of the swap (default: today); the new unit's installation date.
    swapped_on = fields.Date()
    #: The work order it was swapped on (recorded in its history).
    work_order_id = fields.UUID()


class DeviceWarrantyArgs(BoundedSchema):
    """A what-if: a fault on this device reported on a day, with a defect and exclusions."""

    #: The day of the fault (default: today in the organisation's timezone).
    on = fields.Date()
    defect_code = fields.String(validate=validate.Length(min=1, max=50))
    exclusions = fields.List(fields.String(validate=validate.OneOf(EXCLUSION_CODES)))


class DeviceSchema(DeviceInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()
    ip_address = fields.String()
    status = fields.String()
    replaced_by_id = fields.UUID(allow_none=True)
    #: The unit that replaced this one, and the one this one replaced (the swap chain).
    replaced_by = fields.Function(
        lambda d: (
            {"id": str(d.replaced_by.id), "serial": d.replaced_by.serial} if d.replaced_by else None
        )
    )
    replaces = fields.Dict(dump_only=True, allow_none=True)
    system = fields.Nested(RefSchema)
    site = fields.Function(lambda d: {"id": str(d.system.site.id), "name": d.system.site.name})
    customer = fields.Function(
        lambda d: {"id": str(d.system.site.customer.id), "name": d.system.site.customer.name}
    )
    #: A fault reported today: return, exchange, free repair, paid or excluded.
    #: (services.answers works it out for the page; dumped as it is.)
    warranty = fields.Nested(WarrantyDecisionSchema, dump_only=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class DeviceListArgs(ListArgs):
    serial = fields.String(validate=validate.Length(min=1, max=100))
    customer_id = fields.UUID()
    site_id = fields.UUID()
    system_id = fields.UUID()
    device_class = fields.String(validate=validate.OneOf(DEVICE_CLASSES))


class PartInSchema(BoundedSchema):
    part_number = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name = fields.String(required=True, validate=_name)
    category = fields.String(validate=validate.OneOf(PART_CATEGORIES))
    manufacturer = fields.String(validate=_short)
    unit = fields.String(validate=validate.Length(min=1, max=20))
    cost_cents = fields.Integer(validate=validate.Range(min=0))
    price_cents = fields.Integer(validate=validate.Range(min=0))
    is_active = fields.Boolean()


class PartSchema(PartInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()


class PartListArgs(ListArgs):
    category = fields.String(validate=validate.OneOf(PART_CATEGORIES))
