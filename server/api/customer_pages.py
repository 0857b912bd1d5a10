"""The customer's pages seen from the office: merge a duplicate request into the order
kept (one device, one open request), and show, renew or revoke an order's progress page
link (/t/<token>, server.services.progress)."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.customer_pages import MergeInSchema, ProgressLinkSchema
from server.api.schemas.work_orders import WorkOrderSchema
from server.auth import current_user, roles_required
from server.models import OFFICE_ROLES, ProgressLink, WorkOrder
from server.services import access, answers, merging, progress

blp = Blueprint(
    "customer_pages",
    __name__,
    description="Merging duplicate requests, and the customer's progress page links.",
)


def _link(link: ProgressLink | None) -> dict:
    if link is None:
        return {"url": None, "created_at": None}
    return {"url": progress.progress_url(link), "created_at": link.created_at}


@blp.route("/<uuid:work_order_id>/merge")
class WorkOrderMerge(MethodView):
    @blp.arguments(MergeInSchema)
    @blp.response(200, WorkOrderSchema)
    @blp.alt_response(409, description="One of the two orders is not open.")
    @blp.alt_response(422, description="The same order, or another customer's or site's.")
    @roles_required(*OFFICE_ROLES)
    def post(self, data, work_order_id: uuid.UUID):
        """Merge this order (a duplicate) into ``into_id``: it is cancelled with the note
        "merged into <number>", the kept order records a 'merged' event and takes its
        devices, and its progress links open the kept order. Answers the kept order."""
        user = current_user()
        duplicate = access.get_visible(WorkOrder, work_order_id, user)
        kept = access.get_visible(WorkOrder, data["into_id"], user)
        return answers.answer(merging.merge_work_orders(duplicate, kept, user), user)


@blp.route("/<uuid:work_order_id>/progress-link")
class WorkOrderProgressLink(MethodView):
    @blp.response(200, ProgressLinkSchema)
    @roles_required(*OFFICE_ROLES)
    def get(self, work_order_id: uuid.UUID):
        """The link to give the customer (url null when every link is revoked)."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return _link(progress.active_link(wo))

    @blp.response(201, ProgressLinkSchema)
    @roles_required(*OFFICE_ROLES)
    def post(self, work_order_id: uuid.UUID):
        """A new link; the old ones stop working ('progress_link_created')."""
        user = current_user()
        wo = access.get_visible(WorkOrder, work_order_id, user)
        return _link(progress.replace_link(wo, user))

    @blp.response(200, ProgressLinkSchema)
    @roles_required(*OFFICE_ROLES)
    def delete(self, work_order_id: uuid.UUID):
        """Revoke every link of the order: its page answers 404 ('progress_link_revoked')."""
        user = current_user()
        wo = access.get_visible(WorkOrder, work_order_id, user)
        progress.revoke_links(wo, user)
        return _link(None)
