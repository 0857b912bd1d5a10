"""What the office reviews on a work order before closing it: the timeline with phone and
server clocks compared, notes, parts used and checklist answers. An engineer reads these
for his own work orders only (404 otherwise)."""

from __future__ import annotations

import uuid

from flask import current_app
from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.review import (
    InspectionAnswerSchema,
    NoteSchema,
    PartUsageSchema,
    TimelineSchema,
)
from server.auth import current_user
from server.models import WorkOrder
from server.services import access, review

blp = Blueprint(
    "work_order_records",
    __name__,
    description="A work order's records for review: timeline, notes, parts used, checklist "
    "answers.",
)


def _work_order(work_order_id: uuid.UUID) -> WorkOrder:
    return access.get_visible(WorkOrder, work_order_id, current_user())


@blp.route("/<uuid:work_order_id>/timeline")
class Timeline(MethodView):
    @blp.response(200, TimelineSchema)
    def get(self, work_order_id: uuid.UUID):
        """The history with the phone's and the server's time of each event side by side,
        flagged where they differ by more than CLOCK_SKEW_WARNING_MINUTES."""
        minutes = current_app.config["CLOCK_SKEW_WARNING_MINUTES"]
        return {
            "clock_warning_minutes": minutes,
            "events": review.timeline(_work_order(work_order_id), minutes),
        }


@blp.route("/<uuid:work_order_id>/notes")
class Notes(MethodView):
    @blp.response(200, NoteSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """Notes by the engineer and the office, oldest first."""
        return review.notes_of(_work_order(work_order_id))


@blp.route("/<uuid:work_order_id>/part-usages")
class PartUsages(MethodView):
    @blp.response(200, PartUsageSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """Parts used, oldest first; a negative quantity corrects an earlier row."""
        return review.part_usages_of(_work_order(work_order_id))


@blp.route("/<uuid:work_order_id>/inspection-results")
class InspectionResults(MethodView):
    @blp.response(200, InspectionAnswerSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """Checklist answers, oldest first, with each item's definition; ``is_latest``
        marks the answer that counts per item and device."""
        return review.inspection_results_of(_work_order(work_order_id))
