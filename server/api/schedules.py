"""Planned visits: the office's due and overdue lists of inspections, follow-ups, site
checks and surveys (the scheduler fills them: ``flask schedule``)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.api.blueprint import Blueprint
from server.api.csv_export import CSV_200, csv_response
from server.api.pagination import paginate
from server.api.schemas.common import page_of
from server.api.schemas.quality import ScheduledVisitListArgs, ScheduledVisitSchema
from server.auth import roles_required
from server.extensions import db
from server.models import OFFICE_ROLES, ScheduledVisit, WorkOrder
from server.services import answers, rule_facts, schedules

blp = Blueprint(
    "scheduled_visits",
    __name__,
    description="Planned inspections, follow-ups, site checks and satisfaction surveys.",
)

CSV_COLUMNS = (
    "kind", "state", "due_on", "customer", "site", "system", "contract", "work_order",
    "engineer", "done_at",
)  # fmt: skip


def _csv_row(visit: ScheduledVisit, today) -> dict:
    wo = visit.work_order
    return {
        "kind": visit.kind,
        "state": schedules.visit_state(visit, today),
        "due_on": visit.due_on,
        "customer": visit.customer.name,
        "site": visit.site.name,
        "system": visit.system.name if visit.system else None,
        "contract": visit.contract.number if visit.contract else None,
        "work_order": wo.number if wo else None,
        "engineer": wo.assigned_engineer.display_name if wo and wo.assigned_engineer else None,
        "done_at": visit.done_at,
    }


@blp.route("/")
class ScheduledVisits(MethodView):
    @blp.arguments(ScheduledVisitListArgs, location="query")
    @blp.response(200, page_of(ScheduledVisitSchema))
    @blp.alt_response(200, **CSV_200)
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Planned visits by state (overdue, due within SCHEDULE_DUE_SOON_DAYS, upcoming,
        open, done, cancelled), kind, customer, contract, site or engineer; open ones by
        plan date, the earliest first. ``format=csv`` exports every matching row."""
        today = rule_facts.today()
        query = schedules.filter_visits(select(ScheduledVisit), args, today).options(
            selectinload(ScheduledVisit.work_order).selectinload(WorkOrder.assigned_engineer)
        )
        if args["format"] == "csv":
            rows = [_csv_row(v, today) for v in db.session.scalars(query)]
            return csv_response("scheduled-visits", CSV_COLUMNS, rows)
        page = paginate(query, args)
        return {**page, "items": answers.visits(list(page["items"]), today)}
