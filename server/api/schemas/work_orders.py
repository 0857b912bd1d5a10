"""Wire formats of work orders and their events."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from server.api.schemas.common import ListArgs, RefSchema, UserRefSchema
from server.api.schemas.errors import MissingFactSchema
from server.api.schemas.registry import (
    ContractRefSchema,
    RulesErrorSchema,
    WarrantyDecisionSchema,
)
from server.bounds import BoundedSchema
from server.domain.settings import CLOCKS, EXCLUSION_CODES
from server.domain.warranty import STATUSES as WARRANTY_STATUSES
from server.domain.work_order_flow import ACTIONS, STATUSES
from server.models import CHANNELS, WORK_ORDER_TYPES

_text = validate.Length(max=4000)


class WorkOrderInSchema(BoundedSchema):
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


class WorkOrderPatchSchema(BoundedSchema):
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
    #: The defect found (the lemon rule counts repeats of the same code); "" clears it.
    defect_code = fields.String(validate=validate.Length(max=50))
    #: Exclusions found on site; each must be one the applicable contract recognises.
    exclusions = fields.List(fields.String(validate=validate.OneOf(EXCLUSION_CODES)))
    #: Minutes of labour on site and visits made: what the fees price.
    labour_minutes = fields.Integer(validate=validate.Range(min=0, max=100_000))
    visits = fields.Integer(validate=validate.Range(min=0, max=1000))


class WarrantyOverrideSchema(Schema):
    status = fields.String()
    reason = fields.String()
    by_id = fields.UUID()
    at = fields.String()


class WorkOrderWarrantySchema(Schema):
    """The computed decision, a supervisor's override beside it, and the status that counts
    (the override's, else the computed one; null when neither decides)."""

    computed = fields.Nested(WarrantyDecisionSchema)
    override = fields.Nested(WarrantyOverrideSchema, allow_none=True)
    effective_status = fields.String(allow_none=True)


class ClockStateSchema(Schema):
    """server.domain.sla.ClockState: not_started, running, at_risk, breached, met,
    met_late, not_needed or untracked; instants in UTC."""

    clock = fields.String()
    state = fields.String()
    started_at = fields.String(allow_none=True)
    stopped_at = fields.String(allow_none=True)
    deadline_at = fields.String(allow_none=True)
    target_minutes = fields.Integer(allow_none=True)
    elapsed_minutes = fields.Integer()


class MilestoneDueSchema(Schema):
    key = fields.String()
    minutes = fields.Integer()
    due_at = fields.String()


class SlaStateSchema(Schema):
    """Each clock as of ``as_of``, the loaner deadline, the emergency milestones (level 1),
    and the contract whose policy applied (null: defaults)."""

    as_of = fields.String()
    contract = fields.Nested(ContractRefSchema, allow_none=True)
    clocks = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CLOCKS)), values=fields.Nested(ClockStateSchema)
    )
    loaner_due_at = fields.String(allow_none=True)
    emergency_milestones = fields.List(fields.Nested(MilestoneDueSchema))
    #: True for planned work (channel "scheduled"): no request, so no clocks.
    planned = fields.Boolean()
    error = fields.Nested(RulesErrorSchema)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Give a reason.")


class WarrantyOverrideInSchema(BoundedSchema):
    status = fields.String(required=True, validate=validate.OneOf(WARRANTY_STATUSES))
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=1000), _not_blank])


class FeeEstimateArgs(BoundedSchema):
    """What-if overrides; by default the estimate prices what the order records (its
    labour minutes and visits, and one remote session per remote_started event)."""

    labour_minutes = fields.Integer(validate=validate.Range(min=0, max=100_000))
    visits = fields.Integer(validate=validate.Range(min=0, max=1000))
    remote_sessions = fields.Integer(validate=validate.Range(min=0, max=1000))


class FeeLineSchema(Schema):
    kind = fields.String()
    code = fields.String(allow_none=True)
    quantity = fields.Integer()
    unit = fields.String()
    unit_cents = fields.Integer(allow_none=True)
    amount_cents = fields.Integer()
    basis = fields.String(allow_none=True)
    is_chargeable = fields.Boolean()


class FeeEstimateSchema(Schema):
    """server.domain.fees.FeeEstimate in fen, under ``warranty_status``."""

    warranty_status = fields.String()
    lines = fields.List(fields.Nested(FeeLineSchema))
    total_cents = fields.Integer()
    chargeable_cents = fields.Integer()
    free_cents = fields.Integer()
    requires_consent = fields.Boolean()


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
    #: Changes with every write (sync's row version); the ETag; send it in If-Match.
    row_version = fields.Integer()
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
    defect_code = fields.String()
    exclusions = fields.List(fields.String())
    labour_minutes = fields.Integer()
    visits = fields.Integer()
    #: The rules' answers (services.work_order_answers works them out; dumped as they are).
    warranty = fields.Nested(WorkOrderWarrantySchema, dump_only=True)
    sla = fields.Nested(SlaStateSchema, dump_only=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    #: What the caller may do next (action names for work_order actions).
    allowed_actions = fields.List(fields.String(), dump_only=True)
    #: One work order only (null in lists): per way of ending it from its status
    #: (on_site, remote, close), the facts it still lacks (server.domain.guards).
    completion_missing = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(MissingFactSchema)),
        dump_only=True,
        allow_none=True,
    )


class WorkOrderListArgs(ListArgs):
    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)))
    customer_id = fields.UUID()
    site_id = fields.UUID()
    engineer_id = fields.UUID()
    severity = fields.Integer(validate=validate.Range(min=1, max=4))
    type = fields.String(validate=validate.OneOf(WORK_ORDER_TYPES))
    serial = fields.String(validate=validate.Length(min=1, max=100))
    unassigned = fields.Boolean()
    #: Any SLA clock in this state (computed per order: open ones and those ended lately).
    sla = fields.String(validate=validate.OneOf(["at_risk", "breached"]))


class ActionInSchema(BoundedSchema):
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
