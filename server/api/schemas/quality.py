"""Wire formats of service quality: planned visits, follow-ups and their survey questions,
complaints, and the KPI query arguments. ``*InSchema`` is what a client sends, ``*Schema``
what it gets back."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server import kpi
from server.api.schemas.common import ListArgs, RefSchema, UserRefSchema
from server.api.schemas.registry import ContractRefSchema
from server.bounds import BoundedSchema
from server.models import (
    COMPLAINT_CHANNELS,
    FOLLOW_UP_MODES,
    PROGRESS_PAGE_MODE,
    SIGN_OFF_MODE,
    VISIT_KINDS,
    ZONES,
)
from server.models.follow_up import SCORE_MAX, SCORE_MIN
from server.services.schedules import VISIT_STATES

_text = validate.Length(max=5000)
_short = validate.Length(max=100)


class ExportArgs(BoundedSchema):
    #: json (default) or csv: every table exports as CSV (UTF-8 with BOM, for Excel).
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


# --- planned visits ----------------------------------------------------------------


class WorkOrderRefSchema(Schema):
    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    type = fields.String()
    assigned_engineer = fields.Nested(UserRefSchema, allow_none=True)


class ScheduledVisitListArgs(ListArgs, ExportArgs):
    state = fields.String(validate=validate.OneOf(VISIT_STATES))
    kind = fields.String(validate=validate.OneOf(VISIT_KINDS))
    customer_id = fields.UUID()
    contract_id = fields.UUID()
    site_id = fields.UUID()
    engineer_id = fields.UUID()


class ScheduledVisitSchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    #: planned, done, cancelled.
    status = fields.String()
    #: overdue, due, upcoming (planned), done, cancelled.
    #: As of today (services.answers.visits).
    state = fields.String(dump_only=True)
    due_on = fields.Date()
    due_at = fields.AwareDateTime(allow_none=True)
    done_at = fields.AwareDateTime(allow_none=True)
    target_id = fields.UUID()
    customer = fields.Nested(RefSchema)
    site = fields.Nested(RefSchema)
    system = fields.Nested(RefSchema, allow_none=True)
    contract = fields.Nested(ContractRefSchema, allow_none=True)
    work_order = fields.Nested(WorkOrderRefSchema, allow_none=True)
    template_id = fields.UUID(allow_none=True)


# --- survey questions and follow-ups -------------------------------------------------


class SurveyQuestionInSchema(BoundedSchema):
    key = fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=50),
            validate.Regexp(r"^[a-z][a-z0-9_]*$", error="Lower-case letters, digits and _."),
        ],
    )
    label_zh = fields.String(required=True, validate=validate.Length(min=1, max=200))
    label_en = fields.String(required=True, validate=validate.Length(min=1, max=200))
    position = fields.Integer(validate=validate.Range(min=0, max=10_000))
    is_active = fields.Boolean()


class SurveyQuestionSchema(SurveyQuestionInSchema):
    id = fields.UUID()


class SurveyQuestionListArgs(BoundedSchema):
    active = fields.Boolean(load_default=False)


class FollowUpRecordInSchema(BoundedSchema):
    customer_id = fields.UUID(required=True)
    work_order_id = fields.UUID(allow_none=True)
    scheduled_visit_id = fields.UUID(allow_none=True)
    engineer_id = fields.UUID(allow_none=True)
    mode = fields.String(required=True, validate=validate.OneOf(FOLLOW_UP_MODES))
    occurred_at = fields.AwareDateTime()
    contact_name = fields.String(validate=_short)
    opinions = fields.String(validate=_text)
    #: {question key: score 1..5} for the active questions answered.
    scores = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(validate=validate.Range(min=SCORE_MIN, max=SCORE_MAX)),
    )


class AnswerSchema(Schema):
    key = fields.String(attribute="question.key")
    score = fields.Integer()


class FollowUpRecordSchema(Schema):
    id = fields.UUID()
    customer = fields.Nested(RefSchema)
    work_order = fields.Nested(WorkOrderRefSchema, allow_none=True)
    scheduled_visit_id = fields.UUID(allow_none=True)
    engineer = fields.Nested(UserRefSchema, allow_none=True)
    mode = fields.String()
    occurred_at = fields.AwareDateTime()
    contact_name = fields.String()
    opinions = fields.String()
    answers = fields.List(fields.Nested(AnswerSchema))
    recorded_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.AwareDateTime()


class FollowUpListArgs(ListArgs):
    customer_id = fields.UUID()
    engineer_id = fields.UUID()
    work_order_id = fields.UUID()
    mode = fields.String(
        validate=validate.OneOf([*FOLLOW_UP_MODES, SIGN_OFF_MODE, PROGRESS_PAGE_MODE])
    )


# --- complaints ----------------------------------------------------------------------


class ComplaintInSchema(BoundedSchema):
    customer_id = fields.UUID(required=True)
    work_order_id = fields.UUID(allow_none=True)
    engineer_id = fields.UUID(allow_none=True)
    channel = fields.String(validate=validate.OneOf(COMPLAINT_CHANNELS))
    complainant = fields.String(validate=_short)
    description = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    #: When it came in (default now); the deadlines count from here.
    received_at = fields.AwareDateTime()


class ComplaintPatchSchema(BoundedSchema):
    work_order_id = fields.UUID(allow_none=True)
    engineer_id = fields.UUID(allow_none=True)
    channel = fields.String(validate=validate.OneOf(COMPLAINT_CHANNELS))
    complainant = fields.String(validate=_short)
    description = fields.String(validate=validate.Length(min=1, max=5000))
    cause = fields.String(validate=_text)
    is_our_fault = fields.Boolean(allow_none=True)


class ComplaintVerifyInSchema(BoundedSchema):
    verification = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    at = fields.AwareDateTime()


class ComplaintAnswerInSchema(BoundedSchema):
    answer = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    cause = fields.String(validate=_text)
    is_our_fault = fields.Boolean(allow_none=True)
    at = fields.AwareDateTime()


class ComplaintSchema(Schema):
    id = fields.UUID()
    number = fields.String()
    #: open, verified, answered.
    status = fields.String()
    customer = fields.Nested(RefSchema)
    work_order = fields.Nested(WorkOrderRefSchema, allow_none=True)
    engineer = fields.Nested(UserRefSchema, allow_none=True)
    channel = fields.String()
    complainant = fields.String()
    description = fields.String()
    received_at = fields.AwareDateTime()
    verify_due_at = fields.AwareDateTime()
    answer_due_at = fields.AwareDateTime()
    #: Each deadline's state: on_time, late (done); overdue, pending (not yet).
    #: As of now (services.answers.complaints).
    verify_state = fields.String(dump_only=True)
    answer_state = fields.String(dump_only=True)
    verified_at = fields.AwareDateTime(allow_none=True)
    verification = fields.String()
    answered_at = fields.AwareDateTime(allow_none=True)
    answer = fields.String()
    cause = fields.String()
    is_our_fault = fields.Boolean(allow_none=True)
    recorded_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.AwareDateTime()


class ComplaintListArgs(ListArgs, ExportArgs):
    status = fields.String(validate=validate.OneOf(["open", "verified", "answered", "unanswered"]))
    customer_id = fields.UUID()
    engineer_id = fields.UUID()


# --- KPIs ----------------------------------------------------------------------------


class KpiArgs(ExportArgs):
    """The period (local dates, both included; default the last KPI_DEFAULT_DAYS days) and
    the filters every KPI takes."""

    first_on = fields.Date(data_key="from")
    last_on = fields.Date(data_key="to")
    centre_id = fields.UUID()
    engineer_id = fields.UUID()
    customer_id = fields.UUID()
    severity = fields.Integer(validate=validate.Range(min=1, max=4))
    zone = fields.String(validate=validate.OneOf(ZONES))
    #: on-time only: severity, zone, engineer, customer or centre.
    group_by = fields.String(validate=validate.OneOf(kpi.GROUPS))

    @validates_schema
    def _period(self, data, **kwargs):
        if data.get("first_on") and data.get("last_on") and data["first_on"] > data["last_on"]:
            raise ValidationError("Must not be after 'to'.", "from")


class KpiTableSchema(Schema):
    table = fields.String()
    filters = fields.Dict()
    columns = fields.List(fields.String())
    rows = fields.List(fields.Dict())


class KpiDashboardSchema(Schema):
    filters = fields.Dict()
    as_of = fields.String()
    targets = fields.Dict()
    summary = fields.Dict()
    #: name -> rows (the same rows as GET /kpi/<name>).
    tables = fields.Dict()


class QuarterlyReportArgs(BoundedSchema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))
    quarter = fields.Integer(required=True, validate=validate.Range(min=1, max=4))
    download = fields.Boolean(load_default=False)
