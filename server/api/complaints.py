"""Complaints (投诉): supervisors and admins only, apart from the service team."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from sqlalchemy import select

from server.api.blueprint import Blueprint
from server.api.csv_export import CSV_200, csv_response
from server.api.pagination import paginate
from server.api.schemas.common import page_of
from server.api.schemas.quality import (
    ComplaintAnswerInSchema,
    ComplaintInSchema,
    ComplaintListArgs,
    ComplaintPatchSchema,
    ComplaintSchema,
    ComplaintVerifyInSchema,
)
from server.auth import current_user, roles_required
from server.extensions import db
from server.models import Complaint
from server.services import access, answers, complaints

blp = Blueprint(
    "complaints",
    __name__,
    description="Complaints: registered with their verify and answer deadlines, verified, "
    "answered with cause and responsibility. Supervisors and admins only. "
    "Search q: number, description, complainant.",
)
HANDLERS = ("supervisor", "admin")
CSV_COLUMNS = (
    "number", "status", "customer", "work_order", "engineer", "channel", "complainant",
    "description", "received_at", "verify_due_at", "verify_state", "verified_at",
    "answer_due_at", "answer_state", "answered_at", "cause", "is_our_fault",
)  # fmt: skip


def _csv_row(c: Complaint) -> dict:
    return {
        **{name: getattr(c, name) for name in CSV_COLUMNS if hasattr(Complaint, name)},
        "customer": c.customer.name,
        "work_order": c.work_order.number if c.work_order else None,
        "engineer": c.engineer.display_name if c.engineer else None,
        "verify_state": complaints.verify_state(c),
        "answer_state": complaints.answer_state(c),
    }


@blp.route("/")
class Complaints(MethodView):
    @blp.arguments(ComplaintListArgs, location="query")
    @blp.response(200, page_of(ComplaintSchema))
    @blp.alt_response(200, **CSV_200)
    @roles_required(*HANDLERS)
    def get(self, args):
        """Complaints, the nearest answer deadline first among unanswered ones
        (``status``: open, verified, answered, unanswered). ``format=csv`` exports."""
        query = complaints.filter_complaints(select(Complaint), args)
        if args["format"] == "csv":
            return csv_response("complaints", CSV_COLUMNS, map(_csv_row, db.session.scalars(query)))
        page = paginate(query, args)
        return {**page, "items": answers.complaints(list(page["items"]))}

    @blp.arguments(ComplaintInSchema)
    @blp.response(201, ComplaintSchema)
    @roles_required(*HANDLERS)
    def post(self, data):
        """Register a complaint; its number and deadlines are given here."""
        return answers.complaint(complaints.register_complaint(data, current_user()))


@blp.route("/<uuid:complaint_id>")
class ComplaintById(MethodView):
    @blp.response(200, ComplaintSchema)
    @roles_required(*HANDLERS)
    def get(self, complaint_id: uuid.UUID):
        """One complaint."""
        return answers.complaint(access.get_or_404(Complaint, complaint_id))

    @blp.arguments(ComplaintPatchSchema)
    @blp.response(200, ComplaintSchema)
    @roles_required(*HANDLERS)
    def patch(self, data, complaint_id: uuid.UUID):
        """Correct it, or record cause and responsibility (is_our_fault)."""
        return answers.complaint(
            complaints.update_complaint(access.get_or_404(Complaint, complaint_id), data)
        )


@blp.route("/<uuid:complaint_id>/verify")
class ComplaintVerify(MethodView):
    @blp.arguments(ComplaintVerifyInSchema)
    @blp.response(200, ComplaintSchema)
    @blp.alt_response(409, description="Verified already.")
    @roles_required(*HANDLERS)
    def post(self, data, complaint_id: uuid.UUID):
        """Record what the verification found (at ``at``, default now)."""
        return answers.complaint(
            complaints.verify_complaint(access.get_or_404(Complaint, complaint_id), data)
        )


@blp.route("/<uuid:complaint_id>/answer")
class ComplaintAnswer(MethodView):
    @blp.arguments(ComplaintAnswerInSchema)
    @blp.response(200, ComplaintSchema)
    @blp.alt_response(409, description="Not verified yet, or answered already.")
    @roles_required(*HANDLERS)
    def post(self, data, complaint_id: uuid.UUID):
        """Record the answer given to the customer, with cause and responsibility."""
        return answers.complaint(
            complaints.answer_complaint(access.get_or_404(Complaint, complaint_id), data)
        )
