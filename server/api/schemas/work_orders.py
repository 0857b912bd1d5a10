"""Wire formats of work orders and their events."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api.schemas.common import ListArgs, RefSchema, UserRefSchema
from server.domain.work_order_flow import ACTIONS, STATUSES
from server.models import CHANNELS, WORK_ORDER_TYPES

_text = validate.Length(max=4000)


class WorkOrderInSchema(Schema):
    #: A client may choose the id (a phone creating the order offline).
    id = fields.UUID()
    type = fields.String(validate=validate.OneOf(WORK_ORDER_TYPES))
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    severity = fields.Integer(validate=validate.Range(min=1, max=4))
    customer_id = fields.UUID(required=True)
    site_id = fields.UUID(required=True)
    system_id = fields.UUID(allow_none=True)
    contract_id = fields.UUID(allow_none=True)
    device_ids = fields.List(fields.UUID())
    reporter_name = fields.String(validate=validate.Length(max=100))
    reporter_phone = fields.String(validate=validate.Length(max=50))
    contact_name = fields.String(validate=validate.Length(max=100))
    contact_phone = fields.String(validate=validate.Length(max=50))
    symptom = fields.String(validate=_text)
    #: Assign at registration (an office user only).
    assigned_engineer_id = fields.UUID(allow_none=True)
    appointment_at = fields.AwareDateTime(allow_none=True)
    #: When the request came in, if earlier than now (a call logged afterwards).
    reported_at = fields.AwareDateTime()


class WorkOrderPatchSchema(Schema):
    """Fields a PATCH may change; status and assignment change through actions."""

    type = fields.String(validate=validate.OneOf(WORK_ORDER_TYPES))
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    severity = fields.Integer(validate=validate.Range(min=1, max=4))
    system_id = fields.UUID(allow_none=True)
    contract_id = fields.UUID(allow_none=True)
    device_ids = fields.List(fields.UUID())
    reporter_name = fields.String(validate=validate.Length(max=100))
    reporter_phone = fields.String(validate=validate.Length(max=50))
    contact_name = fields.String(validate=validate.Length(max=100))
    contact_phone = fields.String(validate=validate.Length(max=50))
    symptom = fields.String(validate=_text)
    appointment_at = fields.AwareDateTime(allow_none=True)
    diagnosis_symptom = fields.String(validate=_text)
    diagnosis_location = fields.String(validate=_text)
    diagnosis_cause = fields.String(validate=_text)
    diagnosis_fix = fields.String(validate=_text)


class DeviceRefSchema(Schema):
    id = fields.UUID()
    serial = fields.String()
    model = fields.String()
    manufacturer = fields.String()
    location = fields.String()


class SiteRefSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    address = fields.String()
    zone = fields.String()


class CustomerRefSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    is_important = fields.Boolean()


class WorkOrderSchema(Schema):
    id = fields.UUID()
    number = fields.String()
    type = fields.String()
    channel = fields.String()
    status = fields.String()
    severity = fields.Integer()
    customer = fields.Nested(CustomerRefSchema)
    site = fields.Nested(SiteRefSchema)
    system = fields.Nested(RefSchema, allow_none=True)
    contract = fields.Function(
        lambda wo: (
            {"id": str(wo.contract.id), "name": wo.contract.name, "number": wo.contract.number}
            if wo.contract
            else None
        )
    )
    devices = fields.List(fields.Nested(DeviceRefSchema))
    reporter_name = fields.String()
    reporter_phone = fields.String()
    contact_name = fields.String()
    contact_phone = fields.String()
    symptom = fields.String()
    assigned_engineer = fields.Nested(UserRefSchema, allow_none=True)
    appointment_at = fields.AwareDateTime(allow_none=True)
    reported_at = fields.AwareDateTime()
    diagnosis_symptom = fields.String()
    diagnosis_location = fields.String()
    diagnosis_cause = fields.String()
    diagnosis_fix = fields.String()
    closed_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    #: What the caller may do next (action names for work_order actions).
    allowed_actions = fields.Method("_allowed_actions")

    def _allowed_actions(self, wo) -> list[str]:
        from server.services.work_orders import actions_for

        return actions_for(wo)


class WorkOrderListArgs(ListArgs):
    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)))
    customer_id = fields.UUID()
    site_id = fields.UUID()
    engineer_id = fields.UUID()
    severity = fields.Integer(validate=validate.Range(min=1, max=4))
    type = fields.String(validate=validate.OneOf(WORK_ORDER_TYPES))
    serial = fields.String(validate=validate.Length(min=1, max=100))
    unassigned = fields.Boolean()


class ActionInSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(sorted(ACTIONS)))
    #: With "assign": the engineer.
    engineer_id = fields.UUID()
    note = fields.String(load_default="", validate=_text)
    #: When it happened by the device's clock (on-site actions from a phone).
    occurred_at = fields.AwareDateTime()
    #: Extra facts: the arrival's location {"lat", "lng", "accuracy_m"} ...
    data = fields.Dict(keys=fields.String(), load_default=dict)


class EventSchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    origin = fields.String()
    device_at = fields.AwareDateTime(allow_none=True)
    server_at = fields.AwareDateTime()
    actor = fields.Nested(UserRefSchema, allow_none=True)
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    note = fields.String()
    data = fields.Dict()
