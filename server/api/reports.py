"""Service and inspection reports as PDF, for the office (with a token) and for the
customer through a signed, expiring link outside /api (no account needed)."""

from __future__ import annotations

import uuid

from flask import Response
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from server.api.blueprint import Blueprint
from server.api.downloads import content_disposition
from server.auth import current_user, roles_required
from server.bounds import BoundedSchema
from server.models import OFFICE_ROLES, WorkOrder
from server.reports.work_order_pdf import render_inspection_report, render_service_report
from server.services import access, reports

blp = Blueprint(
    "reports",
    __name__,
    description="Reports of a work order as PDF, and links to send them to the customer.",
)
#: Registered at /r (outside /api: no token): the customer's report links.
public = Blueprint(
    "report_links", __name__, description="Report links sent to customers (no login)."
)

_PDF = {"200": {"description": "The report.", "content": {"application/pdf": {}}}}


def pdf_response(wo: WorkOrder, kind: str, disposition: str) -> Response:
    if kind == "inspection":
        data = render_inspection_report(reports.inspection_report_facts(wo))
        name = f"{wo.number}-inspection.pdf"
    else:
        data = render_service_report(reports.service_report_facts(wo))
        name = f"{wo.number}.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(disposition, name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _disposition(args: dict) -> str:
    return "attachment" if args.get("download") else "inline"


class PdfArgs(BoundedSchema):
    #: Ask the browser to save the file rather than show it.
    download = fields.Boolean(load_default=False)


class ReportLinkInSchema(BoundedSchema):
    kind = fields.String(load_default="service", validate=validate.OneOf(reports.REPORT_KINDS))


class ReportLinkSchema(Schema):
    url = fields.String()
    kind = fields.String()
    expires_at = fields.AwareDateTime()


@blp.route("/<uuid:work_order_id>/report.pdf")
class ServiceReport(MethodView):
    @blp.arguments(PdfArgs, location="query")
    @blp.doc(responses=_PDF)
    def get(self, args, work_order_id: uuid.UUID):
        """The service report: customer, site, devices, timeline, diagnosis, parts and
        costs, warranty decision, photos, the customer's signature, satisfaction and the
        SHA-256 of the signed summary."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return pdf_response(wo, "service", _disposition(args))


@blp.route("/<uuid:work_order_id>/inspection-report.pdf")
class InspectionReport(MethodView):
    @blp.arguments(PdfArgs, location="query")
    @blp.doc(responses=_PDF)
    def get(self, args, work_order_id: uuid.UUID):
        """The inspection report: checklist results per device, readings out of range
        flagged, the customer's signature."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return pdf_response(wo, "inspection", _disposition(args))


@blp.route("/<uuid:work_order_id>/report-link")
class ReportLink(MethodView):
    @blp.arguments(ReportLinkInSchema)
    @blp.response(201, ReportLinkSchema)
    @roles_required(*OFFICE_ROLES)
    def post(self, data, work_order_id: uuid.UUID):
        """A link to the report for the customer: unguessable, signed, valid for
        REPORT_LINK_DAYS; recorded in the history as 'report_link_created'."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return reports.make_report_link(wo, data["kind"], current_user())


@public.route("/<string:token>.pdf")
class PublicReport(MethodView):
    @public.doc(responses=_PDF, security=[])
    @public.alt_response(404, description="Not a link we signed.")
    @public.alt_response(410, description="The link has expired.")
    def get(self, token: str):
        """The report a link names, shown in the browser."""
        wo, kind = reports.work_order_for_link(token)
        return pdf_response(wo, kind, "inline")
