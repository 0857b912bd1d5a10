"""KPIs for the back office: the dashboard, each of its tables (JSON or CSV), and the
quarterly report per customer (PDF)."""

from __future__ import annotations

import uuid

from flask import Response
from flask.views import MethodView

from server import kpi
from server.api.blueprint import Blueprint
from server.api.csv_export import CSV_200, csv_response, plain
from server.api.downloads import content_disposition
from server.api.schemas.quality import (
    KpiArgs,
    KpiDashboardSchema,
    KpiTableSchema,
    QuarterlyReportArgs,
)
from server.auth import current_user, roles_required
from server.errors import Forbidden, NotFound
from server.models import OFFICE_ROLES, Customer
from server.reports.quarterly_pdf import render_quarterly_report
from server.services import access
from server.services.quarterly_report import quarterly_report_facts

blp = Blueprint(
    "kpi",
    __name__,
    description="Service KPIs over a period with filters (centre, engineer, customer, "
    "severity, zone); every table also as CSV (format=csv). Definitions: docs/kpis.md.",
)
#: GET /customers/<id>/quarterly-report.pdf
reports = Blueprint(
    "quarterly_reports", __name__, description="The quarterly service report to a customer."
)
_PDF = {"200": {"description": "The report.", "content": {"application/pdf": {}}}}


def _may_see_complaints() -> bool:
    return current_user().role in ("supervisor", "admin")


@blp.route("/dashboard")
class Dashboard(MethodView):
    @blp.arguments(KpiArgs, location="query")
    @blp.response(200, KpiDashboardSchema)
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Every KPI table for the period, the targets (on time 98%, complaints 3%,
        satisfied 100% by default) and the headline figures. Complaint tables only for
        supervisors and admins."""
        filters = kpi.filters_from(args)
        return plain(kpi.dashboard(filters, with_complaints=_may_see_complaints()))


@blp.route("/<string:name>")
class KpiTable(MethodView):
    @blp.arguments(KpiArgs, location="query")
    @blp.response(200, KpiTableSchema)
    @blp.alt_response(200, **CSV_200)
    @blp.alt_response(404, description="No such table.")
    @roles_required(*OFFICE_ROLES)
    def get(self, args, name: str):
        """One table: on-time, times, breach-reasons, first-time-fix, repeat-failures, satisfaction,
        satisfaction-engineers, complaints, complaint-deadlines, calls, plan, parts,
        work-mix, loaners. ``group_by`` groups on-time by severity, zone, engineer, customer or
        centre. ``format=csv`` downloads it."""
        if name not in kpi.TABLES:
            raise NotFound(f"No KPI table {name!r}.", key="errors.notFound")
        if name in kpi.SUPERVISOR_TABLES and not _may_see_complaints():
            raise Forbidden("Complaints are for supervisors.", key="errors.auth.roleForbidden")
        filters = kpi.filters_from(args)
        rows = kpi.table(name, filters, args.get("group_by"))
        columns = kpi.TABLES[name][1]
        if name == "on-time" and not args.get("group_by"):
            columns = columns[1:]
        if args["format"] == "csv":
            return csv_response(f"kpi-{name}-{filters.first_on}-{filters.last_on}", columns, rows)
        return plain(
            {"table": name, "filters": filters.as_json(), "columns": list(columns), "rows": rows}
        )


@reports.route("/<uuid:customer_id>/quarterly-report.pdf")
class QuarterlyReport(MethodView):
    @reports.arguments(QuarterlyReportArgs, location="query")
    @reports.doc(responses=_PDF)
    @roles_required(*OFFICE_ROLES)
    def get(self, args, customer_id: uuid.UUID):
        """The quarter's report: how the equipment ran, faults and their analysis,
        corrective measures, service given with SLA results, next quarter's plan."""
        customer = access.get_or_404(Customer, customer_id)
        data = render_quarterly_report(
            quarterly_report_facts(customer, args["year"], args["quarter"])
        )
        response = Response(data, mimetype="application/pdf")
        disposition = "attachment" if args["download"] else "inline"
        name = f"{customer.code}-{args['year']}-Q{args['quarter']}.pdf"
        response.headers["Content-Disposition"] = content_disposition(disposition, name)
        response.headers["Cache-Control"] = "no-store"
        return response
