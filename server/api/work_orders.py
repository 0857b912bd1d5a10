"""Work orders: register, list and search, edit, move through the flow, history."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from sqlalchemy import select

from server.api.blueprint import Blueprint
from server.api.pagination import paginate
from server.api.preconditions import ETAG_HEADER, check_if_match, etag, if_match_responses
from server.api.schemas.common import page_of
from server.api.schemas.work_orders import (
    ActionInSchema,
    EventSchema,
    FeeEstimateArgs,
    FeeEstimateSchema,
    WarrantyOverrideInSchema,
    WorkOrderInSchema,
    WorkOrderListArgs,
    WorkOrderPatchSchema,
    WorkOrderSchema,
)
from server.auth import current_user, roles_required
from server.extensions import db
from server.models import OFFICE_ROLES, WorkOrder
from server.services import access, answers, rule_facts
from server.services import work_orders as service

blp = Blueprint(
    "work_orders",
    __name__,
    description="Work orders. An engineer sees only those assigned to him. "
    "Search q: number, symptom, reporter, customer name. Each carries its warranty "
    "decision and SLA clocks.",
)


@blp.route("/")
class WorkOrders(MethodView):
    @blp.arguments(WorkOrderListArgs, location="query")
    @blp.response(200, page_of(WorkOrderSchema))
    def get(self, args):
        """List work orders, newest first, with filters."""
        user = current_user()
        query = access.restrict(select(WorkOrder), WorkOrder, user)
        return answers.answer_page(paginate(service.filter_work_orders(query, args), args), user)

    @blp.arguments(WorkOrderInSchema)
    @blp.response(201, WorkOrderSchema)
    @blp.alt_response(409, description="A work order with this id exists.")
    @roles_required(*OFFICE_ROLES)
    def post(self, data):
        """Register a request (the office); it gets its number and a 'registered' event."""
        user = current_user()
        return answers.answer(service.create_work_order(data, user), user)


@blp.route("/<uuid:work_order_id>")
class WorkOrderById(MethodView):
    @blp.response(200, WorkOrderSchema, headers=ETAG_HEADER)
    def get(self, work_order_id: uuid.UUID):
        """One work order; its ETag is its row version (send it back in If-Match)."""
        user = current_user()
        wo = access.get_visible(WorkOrder, work_order_id, user)
        return answers.answer(wo, user), 200, {"ETag": etag(wo)}

    @blp.arguments(WorkOrderPatchSchema)
    @blp.response(200, WorkOrderSchema, headers=ETAG_HEADER)
    @blp.alt_response(403, description="An engineer changing an office field.")
    @blp.alt_response(409, description="The work order is closed.")
    @if_match_responses(blp, "order")
    def patch(self, data, work_order_id: uuid.UUID):
        """Change descriptive fields; an engineer only the diagnosis and devices. Send the
        ETag read with the order in If-Match: a change made meanwhile (a phone's push)
        answers 412 with the order as it stands, never overwritten unseen."""
        user = current_user()
        wo = access.get_visible(WorkOrder, work_order_id, user)
        # No other write between check and ours: the order's row locked, only it (the
        # session may have loaded the order with joined relationships, and PostgreSQL
        # refuses FOR UPDATE over an outer join).
        db.session.refresh(wo, with_for_update={"of": WorkOrder})
        check_if_match(wo, lambda: WorkOrderSchema().dump(answers.answer(wo, user)))
        service.update_work_order(wo, data, user)
        db.session.flush()  # the new row version
        return answers.answer(wo, user), 200, {"ETag": etag(wo)}


@blp.route("/<uuid:work_order_id>/actions")
class WorkOrderActions(MethodView):
    @blp.arguments(ActionInSchema)
    @blp.response(200, WorkOrderSchema)
    @blp.alt_response(409, description="The action is not valid from the current status.")
    def post(self, args, work_order_id: uuid.UUID):
        """Take an action: assign, unassign, accept, depart, arrive, hold, resume,
        complete, send_back, close, cancel. Engineers' actions may carry the device
        time ``occurred_at``; the server keeps it beside its own receive time."""
        user = current_user()
        wo = access.get_visible(WorkOrder, work_order_id, user)
        return answers.answer(service.apply_action(wo, args, user), user)


@blp.route("/<uuid:work_order_id>/events")
class WorkOrderEvents(MethodView):
    @blp.response(200, EventSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """The work order's history, oldest first (device and server time of each)."""
        return access.get_visible(WorkOrder, work_order_id, current_user()).events


@blp.route("/<uuid:work_order_id>/warranty-override")
class WorkOrderWarrantyOverride(MethodView):
    @blp.arguments(WarrantyOverrideInSchema)
    @blp.response(200, WorkOrderSchema)
    @blp.alt_response(403, description="Only a supervisor or an admin overrides.")
    @roles_required("supervisor", "admin")
    def post(self, data, work_order_id: uuid.UUID):
        """Override the computed warranty decision with a reason; the computed one stays
        visible beside it and a 'warranty_overridden' event records both."""
        user = current_user()
        wo = access.get_visible(WorkOrder, work_order_id, user)
        return answers.answer(
            service.override_warranty(wo, data["status"], data["reason"], user), user
        )

    @blp.response(200, WorkOrderSchema)
    @blp.alt_response(403, description="Only a supervisor or an admin overrides.")
    @roles_required("supervisor", "admin")
    def delete(self, work_order_id: uuid.UUID):
        """Go back to the computed decision (recorded as 'warranty_override_removed')."""
        user = current_user()
        wo = access.get_visible(WorkOrder, work_order_id, user)
        return answers.answer(service.remove_warranty_override(wo, user), user)


@blp.route("/<uuid:work_order_id>/fees")
class WorkOrderFees(MethodView):
    @blp.arguments(FeeEstimateArgs, location="query")
    @blp.response(200, FeeEstimateSchema)
    @blp.alt_response(422, description="No warranty decision to price the work by.")
    def get(self, args, work_order_id: uuid.UUID):
        """Estimate the fees under the effective warranty status: the parts used on the
        order, labour, visits, remote sessions and travel to the site."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return rule_facts.work_order_fees(wo, **args)
