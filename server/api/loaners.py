"""Loaners (备用机) and consents to paid work: recorded on the phone (sync mutations
loaner.issue, loaner.return, paid_work_consent.add), read here by the office."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.loaners import (
    LoanerSchema,
    OutstandingLoanerArgs,
    OutstandingLoanerSchema,
    PaidWorkConsentSchema,
)
from server.auth import current_user, roles_required
from server.errors import field_error
from server.models import OFFICE_ROLES, Loaner, PaidWorkConsent, WorkOrder
from server.services import access
from server.services import loaners as service

#: GET /work-orders/<id>/loaners and /paid-work-consents
blp = Blueprint(
    "work_order_loaners",
    __name__,
    description="The loaners and consents to paid work recorded on a work order.",
)
#: GET /loaners/?outstanding=true
loaners = Blueprint("loaners", __name__, description="Loaners (备用机) out with customers.")


@blp.route("/<uuid:work_order_id>/loaners")
class WorkOrderLoaners(MethodView):
    @blp.response(200, LoanerSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """The units lent on the work order, in order of issue, returned or not."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return service.of_work_order(Loaner, wo.id)


@blp.route("/<uuid:work_order_id>/paid-work-consents")
class WorkOrderConsents(MethodView):
    @blp.response(200, PaidWorkConsentSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """The customer's consents to paid work, oldest first: the last one counts."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return service.of_work_order(PaidWorkConsent, wo.id)


@loaners.route("/")
class OutstandingLoaners(MethodView):
    @loaners.arguments(OutstandingLoanerArgs, location="query")
    @loaners.response(200, OutstandingLoanerSchema(many=True))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """The loaners not returned yet, longest out first, with their work order,
        customer and whether they are past their due-back date."""
        if not args["outstanding"]:
            raise field_error("outstanding", "Only outstanding=true is supported.")
        return service.outstanding()
