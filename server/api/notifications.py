"""The notification outbox in the office: what was sent to whom, what failed and why, and
sending one again. Office roles only."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.api.blueprint import Blueprint
from server.api.pagination import paginate
from server.api.schemas.common import page_of
from server.api.schemas.notifications import NotificationListArgs, NotificationSchema
from server.auth import roles_required
from server.models import Notification
from server.services import access, notifications

blp = Blueprint(
    "notifications",
    __name__,
    description="The notification outbox: e-mails to customers (registered, engineer "
    "assigned, appointment changed, completed) and to centre managers (level-1 request, "
    "SLA breached), each queued, sending, sent or failed with its error and attempts. "
    "`aftercare notify` sends them; resend queues one again. Office roles only.",
)


@blp.route("/")
class Notifications(MethodView):
    @blp.arguments(NotificationListArgs, location="query")
    @blp.response(200, page_of(NotificationSchema))
    @roles_required(*access.NOTIFICATION_ROLES)
    def get(self, args):
        """Notifications, the newest first, by state, channel or work order."""
        query = select(Notification).options(selectinload(Notification.work_order))
        return paginate(notifications.filter_notifications(query, args), args)


@blp.route("/<uuid:notification_id>/resend")
class Resend(MethodView):
    @blp.response(200, NotificationSchema)
    @blp.alt_response(409, description="It is being sent right now.")
    @roles_required(*access.NOTIFICATION_ROLES)
    def post(self, notification_id: uuid.UUID):
        """Queue it again now, with fresh attempts (a sent one goes out again with a new
        Message-ID)."""
        return notifications.resend(access.get_or_404(Notification, notification_id))
