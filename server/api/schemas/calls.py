"""Wire formats of the hotline log (热线/来电记录). ``CallInSchema`` is what the office
sends, ``CallSchema`` what it gets back."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.api.schemas.common import ListArgs, RefSchema, UserRefSchema
from server.api.schemas.quality import WorkOrderRefSchema
from server.api.schemas.work_orders import DeviceRefSchema
from server.bounds import BoundedSchema
from server.domain.hotline import CALL_CHANNELS, ORDER_LINKS, OUTCOMES


class CallInSchema(BoundedSchema):
    channel = fields.String(load_default="phone", validate=validate.OneOf(CALL_CHANNELS))
    caller_name = fields.String(validate=validate.Length(max=100))
    caller_phone = fields.String(validate=validate.Length(max=50))
    #: The customer (may be left out for a call that is not ours, or taken from the
    #: device or the work order).
    customer_id = fields.UUID(allow_none=True)
    device_id = fields.UUID(allow_none=True)
    #: What was said.
    summary = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    #: What the duty engineer advised or did.
    resolution = fields.String(validate=validate.Length(max=5000))
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    #: Who took the call (default: the user logging it).
    duty_engineer_id = fields.UUID(allow_none=True)
    #: Attach the call to this open work order of the customer instead of creating one.
    work_order_id = fields.UUID(allow_none=True)
    #: For a new work order (remote_session, visit_needed): its site when no device is
    #: named, and its severity (the order's default when left out).
    site_id = fields.UUID(allow_none=True)
    severity = fields.Integer(validate=validate.Range(min=1, max=4))
    #: When the call came in (default now; not in the future).
    received_at = fields.AwareDateTime()


class CallSchema(Schema):
    id = fields.UUID()
    number = fields.String()
    channel = fields.String()
    caller_name = fields.String()
    caller_phone = fields.String()
    customer = fields.Nested(RefSchema, allow_none=True)
    device = fields.Nested(DeviceRefSchema, allow_none=True)
    summary = fields.String()
    resolution = fields.String()
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    duty_engineer = fields.Nested(UserRefSchema)
    work_order = fields.Nested(WorkOrderRefSchema, allow_none=True)
    #: created (the call registered the order) or attached (it was open already).
    order_link = fields.String(allow_none=True, validate=validate.OneOf(ORDER_LINKS))
    #: A request of ours not about an order already open (counts for first-call
    #: resolution), and whether it was solved on the phone.
    is_first_call = fields.Boolean()
    is_solved_on_first_call = fields.Boolean()
    #: When the call came in, and when the server stored it (UTC).
    received_at = fields.AwareDateTime()
    created_at = fields.AwareDateTime()
    recorded_by = fields.Nested(UserRefSchema, allow_none=True)


class CallListArgs(ListArgs):
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    channel = fields.String(validate=validate.OneOf(CALL_CHANNELS))
    customer_id = fields.UUID()
    device_id = fields.UUID()
    duty_engineer_id = fields.UUID()
    work_order_id = fields.UUID()
    #: Received on or after / on or before these local dates.
    first_on = fields.Date(data_key="from")
    last_on = fields.Date(data_key="to")

    @validates_schema
    def _period(self, data, **kwargs):
        if data.get("first_on") and data.get("last_on") and data["first_on"] > data["last_on"]:
            raise ValidationError("Must not be after 'to'.", "from")
