"""The hotline log (热线/来电记录): office roles only (services.access.HOTLINE_ROLES)."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from sqlalchemy import select

from server.api.blueprint import Blueprint
from server.api.pagination import paginate
from server.api.schemas.calls import CallInSchema, CallListArgs, CallSchema
from server.api.schemas.common import ListArgs, page_of
from server.auth import current_user, roles_required
from server.models import Call, Customer
from server.services import access, calls

blp = Blueprint(
    "calls",
    __name__,
    description="The hotline log: every inbound call or message, its caller, customer, "
    "device, what was said, the duty engineer and the outcome (solved_by_phone, "
    "remote_session, visit_needed, not_ours). A remote session or a visit creates a work "
    "order or is attached to an open one. Office roles only. "
    "Search q: number, caller name and phone, what was said.",
)
#: GET /customers/<id>/calls: the calls in a customer's history.
customer_calls = Blueprint(
    "customer_calls", __name__, description="A customer's calls to the hotline."
)


@blp.route("/")
class Calls(MethodView):
    @blp.arguments(CallListArgs, location="query")
    @blp.response(200, page_of(CallSchema))
    @roles_required(*access.HOTLINE_ROLES)
    def get(self, args):
        """Calls, the latest first, with filters."""
        return paginate(calls.filter_calls(select(Call), args), args)

    @blp.arguments(CallInSchema)
    @blp.response(201, CallSchema)
    @roles_required(*access.HOTLINE_ROLES)
    def post(self, data):
        """Log a call; a remote session or a visit registers its work order here (or
        attaches the call to the open order ``work_order_id``)."""
        return calls.log_call(data, current_user())


@blp.route("/<uuid:call_id>")
class CallById(MethodView):
    @blp.response(200, CallSchema)
    @roles_required(*access.HOTLINE_ROLES)
    def get(self, call_id: uuid.UUID):
        """One call."""
        return access.get_or_404(Call, call_id)


@customer_calls.route("/<uuid:customer_id>/calls")
class CustomerCalls(MethodView):
    @customer_calls.arguments(ListArgs, location="query")
    @customer_calls.response(200, page_of(CallSchema))
    @roles_required(*access.HOTLINE_ROLES)
    def get(self, args, customer_id: uuid.UUID):
        """The customer's calls, the latest first (part of the customer's history)."""
        access.get_or_404(Customer, customer_id)
        return paginate(
            calls.filter_calls(select(Call), {**args, "customer_id": customer_id}), args
        )
