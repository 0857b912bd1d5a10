"""Remote sessions on a work order: the office, and the engineer of the order."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.remote_sessions import (
    RemoteSessionEndInSchema,
    RemoteSessionInSchema,
    RemoteSessionSchema,
)
from server.auth import current_user
from server.errors import NotFound
from server.extensions import db
from server.models import RemoteSession, WorkOrder
from server.services import access, remote_sessions

blp = Blueprint(
    "remote_sessions",
    __name__,
    description="Remote sessions (远程处理) with the customer's consent: starting one is the "
    "order's start_remote step (the remote SLA clock stops, one remote-session fee is "
    "priced); ending it records what was done and may resolve the order remotely.",
)


def _order(work_order_id: uuid.UUID) -> WorkOrder:
    return access.get_visible(WorkOrder, work_order_id, current_user())


@blp.route("/<uuid:work_order_id>/remote-sessions")
class RemoteSessions(MethodView):
    @blp.response(200, RemoteSessionSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """The order's remote sessions, the first first."""
        return remote_sessions.sessions_of(_order(work_order_id))

    @blp.arguments(RemoteSessionInSchema)
    @blp.response(201, RemoteSessionSchema)
    @blp.alt_response(409, description="The order's status does not start a remote session.")
    def post(self, data, work_order_id: uuid.UUID):
        """Start a remote session now, with the customer's consent."""
        return remote_sessions.start_remote_session(_order(work_order_id), data, current_user())


@blp.route("/<uuid:work_order_id>/remote-sessions/<uuid:session_id>/end")
class RemoteSessionEnd(MethodView):
    @blp.arguments(RemoteSessionEndInSchema)
    @blp.response(200, RemoteSessionSchema)
    @blp.alt_response(409, description="Ended already.")
    def post(self, data, work_order_id: uuid.UUID, session_id: uuid.UUID):
        """End it with what was done; ``resolved`` resolves the order remotely."""
        session = db.session.get(RemoteSession, session_id)
        if session is None or session.work_order_id != _order(work_order_id).id:
            raise NotFound("RemoteSession not found.", key="errors.notFound")
        return remote_sessions.end_remote_session(session, data, current_user())
