"""Wire formats of what the office reviews on a work order: the timeline with both clocks,
notes, parts used and checklist answers; and the engineers on the dispatch board."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api.schemas.common import RefSchema, UserRefSchema
from server.api.schemas.work_orders import DeviceRefSchema, EventSchema
from server.bounds import BoundedSchema
from server.services.review import location_name


class TimelineEntrySchema(EventSchema):
    """An event with its clocks compared: ``gap_minutes`` is server minus device time
    (null for office events); ``clock_warning`` is device_ahead or device_behind when the
    gap is larger than ``clock_warning_minutes``, else null."""

    gap_minutes = fields.Integer(allow_none=True)
    clock_warning = fields.String(allow_none=True)


class TimelineSchema(Schema):
    clock_warning_minutes = fields.Integer()
    events = fields.List(fields.Nested(TimelineEntrySchema))


class NoteSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    author = fields.Nested(UserRefSchema, allow_none=True)
    text = fields.String()
    device_at = fields.AwareDateTime(allow_none=True)
    server_at = fields.AwareDateTime()


class PartRefSchema(Schema):
    id = fields.UUID()
    part_number = fields.String()
    name = fields.String()
    unit = fields.String()
    cost_cents = fields.Integer()


class PartUsageSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    part = fields.Nested(PartRefSchema)
    quantity = fields.Integer()
    location_id = fields.UUID(allow_none=True)
    location_name = fields.Function(lambda usage: location_name(usage.location_id))
    device_id = fields.UUID(allow_none=True)
    serial_out = fields.String()
    serial_in = fields.String()
    actor_id = fields.UUID(allow_none=True)
    device_at = fields.AwareDateTime(allow_none=True)
    server_at = fields.AwareDateTime()


class ChecklistItemOutSchema(Schema):
    key = fields.String()
    label = fields.String()
    type = fields.String()
    unit = fields.String(allow_none=True)
    min = fields.Float(allow_none=True)
    max = fields.Float(allow_none=True)
    required = fields.Boolean()


class InspectionAnswerSchema(Schema):
    """One checklist answer with its item's definition; ``is_latest``: the answer that
    counts for that item and device (newer rows correct older ones)."""

    id = fields.UUID(attribute="result.id")
    template = fields.Nested(RefSchema)
    item_key = fields.String(attribute="result.item_key")
    item = fields.Nested(ChecklistItemOutSchema)
    device = fields.Nested(DeviceRefSchema, allow_none=True)
    value = fields.Raw(attribute="result.value", allow_none=True)
    is_ok = fields.Boolean(attribute="result.is_ok", allow_none=True)
    note = fields.String(attribute="result.note")
    actor_id = fields.UUID(attribute="result.actor_id", allow_none=True)
    device_at = fields.AwareDateTime(attribute="result.device_at", allow_none=True)
    server_at = fields.AwareDateTime(attribute="result.server_at")
    is_latest = fields.Boolean()


class DispatchArgs(BoundedSchema):
    centre_id = fields.UUID()
    region_id = fields.UUID()
    #: Matches the engineer's name or username.
    q = fields.String(validate=validate.Length(max=200))


class AppointmentSchema(Schema):
    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    appointment_at = fields.AwareDateTime()
    site = fields.String()


class EngineerLoadSchema(Schema):
    id = fields.UUID()
    username = fields.String()
    display_name = fields.String()
    phone = fields.String()
    centre = fields.Nested(RefSchema, allow_none=True)
    region = fields.Nested(RefSchema, allow_none=True)
    #: Work orders assigned to him that are still open.
    open_count = fields.Integer()
    #: His open work orders with an appointment today (organisation's timezone).
    today_appointments = fields.List(fields.Nested(AppointmentSchema))
