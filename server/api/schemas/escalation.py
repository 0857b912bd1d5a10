"""Wire formats of missed deadlines explained (超时说明) and level-1 emergencies (一级紧急)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api.schemas.common import RefSchema, UserRefSchema
from server.bounds import BoundedSchema
from server.domain.escalation import BREACH_REASONS, CUSTOMER_TOLD_HOW
from server.domain.settings import CLOCKS


class BreachExplanationInSchema(BoundedSchema):
    #: The clock that missed its deadline (breached, or met late).
    clock = fields.String(required=True, validate=validate.OneOf(CLOCKS))
    reason = fields.String(required=True, validate=validate.OneOf(BREACH_REASONS))
    #: What happened (required for ``other``).
    note = fields.String(load_default="", validate=validate.Length(max=5000))
    #: When the customer was told (default now; not in the future), how (default phone),
    #: who told him (default the caller's name) and whom on his side.
    customer_told_at = fields.AwareDateTime()
    customer_told_how = fields.String(
        load_default="phone", validate=validate.OneOf(CUSTOMER_TOLD_HOW)
    )
    customer_told_by = fields.String(validate=validate.Length(max=100))
    customer_told_whom = fields.String(load_default="", validate=validate.Length(max=100))


class BreachExplanationSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    clock = fields.String()
    reason = fields.String()
    note = fields.String()
    customer_told_at = fields.AwareDateTime()
    customer_told_how = fields.String()
    customer_told_by = fields.String()
    customer_told_whom = fields.String()
    recorded_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.AwareDateTime()


class BoardOrderSchema(Schema):
    """The work order of a dispatch-board entry, in short."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    severity = fields.Integer()
    symptom = fields.String()
    customer = fields.Nested(RefSchema)
    site = fields.Nested(RefSchema)
    assigned_engineer = fields.Nested(UserRefSchema, allow_none=True)


class UnexplainedBreachSchema(Schema):
    work_order = fields.Nested(BoardOrderSchema)
    clock = fields.String()
    deadline_at = fields.AwareDateTime()
    stopped_at = fields.AwareDateTime(allow_none=True)
    #: breached (running past the deadline, or voided after it), met_late.
    state = fields.String()


class UnexplainedBreachesSchema(Schema):
    #: The latest deadline first, at most ``limit``; ``total`` counts them all.
    items = fields.List(fields.Nested(UnexplainedBreachSchema))
    total = fields.Integer()


class BoardLimitArgs(BoundedSchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class MilestoneAckInSchema(BoundedSchema):
    #: The phone's time when it was done there (null from the office).
    device_at = fields.AwareDateTime(allow_none=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class MilestoneAckSchema(Schema):
    acknowledged_by = fields.Nested(UserRefSchema)
    #: When the server received it.
    acknowledged_at = fields.AwareDateTime()
    device_at = fields.AwareDateTime(allow_none=True)
    note = fields.String()


class MilestoneStateSchema(Schema):
    key = fields.String()
    minutes = fields.Integer()
    due_at = fields.AwareDateTime()
    #: done, overdue (due time passed, not acknowledged), due.
    state = fields.String()
    ack = fields.Nested(MilestoneAckSchema, allow_none=True)


class ObservationVisitSchema(Schema):
    id = fields.UUID()
    status = fields.String()
    due_on = fields.Date()
    due_at = fields.AwareDateTime(allow_none=True)
    done_at = fields.AwareDateTime(allow_none=True)


class EmergencyReportSchema(Schema):
    cause = fields.String()
    actions = fields.String()
    prevention = fields.String()


class EmergencyStateSchema(Schema):
    work_order_id = fields.UUID()
    number = fields.String()
    milestones = fields.List(fields.Nested(MilestoneStateSchema))
    all_acknowledged = fields.Boolean()
    #: The fix (the last resolved event), the observation period's days, when it ends, and
    #: its planned follow-up (null until the scheduler planned it).
    resolved_at = fields.AwareDateTime(allow_none=True)
    observation_days = fields.Integer()
    observation_due_at = fields.AwareDateTime(allow_none=True)
    observation = fields.Nested(ObservationVisitSchema, allow_none=True)
    #: The root-cause report; writing it closed the emergency (who, when).
    report = fields.Nested(EmergencyReportSchema, allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    closed_by = fields.Nested(UserRefSchema, allow_none=True)


class BoardEmergencySchema(EmergencyStateSchema):
    work_order = fields.Nested(BoardOrderSchema)


class EmergencyReportInSchema(BoundedSchema):
    #: 故障原因, 处理措施, 预防措施.
    cause = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    actions = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    prevention = fields.String(required=True, validate=validate.Length(min=1, max=10000))
