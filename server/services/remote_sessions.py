"""Remote sessions (远程处理): started with the customer's consent (who agreed, when) as the
order's ``start_remote`` step (its remote_started event stops the remote SLA clock and
prices one remote-session fee), ended with what was done, and, if that solved it, the
order resolved remotely (its completion guards apply)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from server.errors import Conflict, field_error
from server.extensions import db
from server.models import Call, RemoteSession, User, WorkOrder
from server.models.base import utcnow
from server.services import work_orders as work_order_service


def start_remote_session(wo: WorkOrder, data: dict[str, Any], actor: User) -> RemoteSession:
    """Record the consent and start the session now: the order moves to ``remote``
    (409 from a status the step does not start from)."""
    now = utcnow()
    consent_by = data["consent_by"].strip()
    if not consent_by:
        raise field_error("consent_by", "Who agreed to the remote session.")
    consent_at = data.get("consent_at") or now
    if consent_at > now:
        raise field_error("consent_at", "Must not be in the future.")
    session = RemoteSession(
        id=uuid.uuid4(),
        work_order=wo,
        call=_call(data.get("call_id"), wo),
        engineer=_engineer(data.get("engineer_id"), actor),
        consent_by=consent_by,
        consent_at=consent_at,
        started_at=now,
        recorded_by_id=actor.id,
    )
    db.session.add(session)
    work_order_service.apply_action(
        wo,
        {
            "action": "start_remote",
            "data": {"remote_session_id": str(session.id), "consent_by": consent_by},
        },
        actor,
    )
    db.session.flush()
    return session


def end_remote_session(session: RemoteSession, data: dict[str, Any], actor: User) -> RemoteSession:
    """Record the end and what was done; ``resolved``: the session solved it, and the order
    is resolved remotely (422 naming what its guards still miss)."""
    if session.ended_at is not None:
        raise Conflict("The remote session has ended.", key="errors.remoteSession.ended")
    now = utcnow()
    ended_at = data.get("ended_at") or now
    if ended_at > now:
        raise field_error("ended_at", "Must not be in the future.")
    if ended_at < session.started_at:
        raise field_error("ended_at", "Must not be before the session started.")
    session.ended_at = ended_at
    session.work_done = data["work_done"]
    if data.get("resolved"):
        work_order_service.apply_action(
            session.work_order, {"action": "resolve_remotely", "note": data["work_done"]}, actor
        )
    db.session.flush()
    return session


def sessions_of(wo: WorkOrder) -> list[RemoteSession]:
    query = select(RemoteSession).where(RemoteSession.work_order_id == wo.id)
    return list(db.session.scalars(query.order_by(RemoteSession.started_at)))


def _engineer(user_id: uuid.UUID | None, actor: User) -> User:
    """Who runs it: the actor, or (the office only) another active user."""
    if user_id is None or user_id == actor.id:
        return actor
    user = db.session.get(User, user_id)
    if not actor.is_office or user is None or not user.is_active:
        raise field_error("engineer_id", "Must be an active user (an engineer runs his own).")
    return user


def _call(call_id: uuid.UUID | None, wo: WorkOrder) -> Call | None:
    if call_id is None:
        return None
    call = db.session.get(Call, call_id)
    if call is None or call.work_order_id != wo.id:
        raise field_error("call_id", "Must be a call about this work order.")
    return call
