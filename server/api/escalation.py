"""Missed deadlines explained (超时说明) and level-1 emergencies (一级紧急) on a work order,
and the dispatch board's lists of both (what is still to be explained or acknowledged)."""

from __future__ import annotations

import uuid

from flask import Response
from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.downloads import content_disposition
from server.api.schemas.escalation import (
    BoardEmergencySchema,
    BoardLimitArgs,
    BreachExplanationInSchema,
    BreachExplanationSchema,
    EmergencyReportInSchema,
    EmergencyStateSchema,
    MilestoneAckInSchema,
    UnexplainedBreachesSchema,
)
from server.auth import current_user, roles_required
from server.errors import Conflict, NotFound
from server.models import OFFICE_ROLES, WorkOrder
from server.reports.emergency_pdf import render_root_cause_report
from server.services import access, breaches, emergencies, reports

blp = Blueprint(
    "escalation",
    __name__,
    description="Missed deadlines explained to the customer, and the level-1 emergency "
    "runbook: milestones acknowledged, observation after the fix, the root-cause report.",
)
#: Registered at /dispatch: what the board lists until it is done.
board = Blueprint(
    "dispatch_escalation",
    __name__,
    description="The dispatch board's missed deadlines to explain and emergencies to run.",
)

_PDF = {"200": {"description": "The report.", "content": {"application/pdf": {}}}}


def _order(work_order_id: uuid.UUID) -> WorkOrder:
    return access.get_visible(WorkOrder, work_order_id, current_user())


def _emergency(wo: WorkOrder) -> dict:
    emergency = emergencies.emergency_of(wo)
    if emergency is None:
        raise NotFound("The work order is not an emergency.", key="errors.emergency.notEmergency")
    return emergency


@blp.route("/<uuid:work_order_id>/breach-explanations")
class BreachExplanations(MethodView):
    @blp.response(200, BreachExplanationSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """The order's missed deadlines explained, the first first."""
        return breaches.explanations_of(_order(work_order_id))

    @blp.arguments(BreachExplanationInSchema)
    @blp.response(201, BreachExplanationSchema)
    @blp.alt_response(403, description="Neither the office nor the order's engineer.")
    @blp.alt_response(409, description="That clock is explained already.")
    def post(self, data, work_order_id: uuid.UUID):
        """Explain why a clock missed its deadline and record that the customer was told
        (the office, or the order's engineer). 422 naming ``clock`` when it is not
        breached (nor met late) now."""
        return breaches.explain_breach(_order(work_order_id), data, current_user())


@blp.route("/<uuid:work_order_id>/emergency")
class Emergency(MethodView):
    @blp.response(200, EmergencyStateSchema)
    @blp.alt_response(404, description="Not an emergency (its severity is not one).")
    def get(self, work_order_id: uuid.UUID):
        """The emergency's milestones (due time, state, who acknowledged), its
        observation period and the report that closed it."""
        return _emergency(_order(work_order_id))


@blp.route("/<uuid:work_order_id>/emergency-milestones/<string:key>/ack")
class MilestoneAck(MethodView):
    @blp.arguments(MilestoneAckInSchema)
    @blp.response(200, EmergencyStateSchema)
    @blp.alt_response(403, description="Neither the office nor the order's engineer.")
    @blp.alt_response(404, description="No such milestone.")
    @blp.alt_response(409, description="Acknowledged already, closed, or not an emergency.")
    def post(self, data, work_order_id: uuid.UUID, key: str):
        """Acknowledge a milestone as done by the caller (``device_at``: the phone's
        time when it was done there)."""
        return emergencies.acknowledge(_order(work_order_id), key, data, current_user())


@blp.route("/<uuid:work_order_id>/emergency/report")
class EmergencyReport(MethodView):
    @blp.arguments(EmergencyReportInSchema)
    @blp.response(201, EmergencyStateSchema)
    @blp.alt_response(409, description="Not fixed yet, closed already, or not an emergency.")
    @roles_required(*OFFICE_ROLES)
    def post(self, data, work_order_id: uuid.UUID):
        """Write the root-cause report (cause, actions, prevention; the timeline comes
        from the order's events) and close the emergency; the fault must be fixed."""
        return emergencies.close_with_report(_order(work_order_id), data, current_user())


@blp.route("/<uuid:work_order_id>/emergency/report.pdf")
class EmergencyReportPdf(MethodView):
    @blp.doc(responses=_PDF)
    @blp.alt_response(404, description="Not an emergency.")
    @blp.alt_response(409, description="No report written yet.")
    @roles_required(*OFFICE_ROLES)
    def get(self, work_order_id: uuid.UUID):
        """The root-cause report (根因分析报告) for the customer's management, in Chinese."""
        wo = _order(work_order_id)
        emergency = _emergency(wo)
        if emergency["report"] is None:
            raise Conflict("No root-cause report yet.", key="errors.emergency.noReport")
        data = render_root_cause_report(reports.root_cause_report_facts(wo, emergency))
        response = Response(data, mimetype="application/pdf")
        name = f"{wo.number}-root-cause.pdf"
        response.headers["Content-Disposition"] = content_disposition("attachment", name)
        response.headers["Cache-Control"] = "no-store"
        return response


@board.route("/breaches")
class UnexplainedBreaches(MethodView):
    @board.arguments(BoardLimitArgs, location="query")
    @board.response(200, UnexplainedBreachesSchema)
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Missed deadlines nobody has explained yet (not cancelled orders), the latest
        deadline first."""
        return breaches.unexplained_breaches(args["limit"])


@board.route("/emergencies")
class OpenEmergencies(MethodView):
    @board.response(200, BoardEmergencySchema(many=True))
    @roles_required(*OFFICE_ROLES)
    def get(self):
        """Emergencies of the last 30 days, not closed, with a milestone nobody has
        acknowledged yet; the soonest due step first."""
        return emergencies.open_emergencies()
