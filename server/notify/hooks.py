"""The outbox's hook: notifications are written in the transaction of their event.

At flush, each new work-order event of a kind that may notify someone
(services.notifications.notifies: a registration, an assignment, a completion, an
appointment change; a pushed note or photo costs one attribute check) is noted in the
session's ``info``; just before the transaction commits, services.notifications writes
the rows those events cause, in the same transaction. A transaction rolled back writes
nothing; an event rolled back with its savepoint (a refused pushed mutation) is not found
and notifies no one. Installed by create_app, like server.unit_of_work's hooks."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

_NOTED = "notify_events"
_RUNNING = "notify_running"


def _note_events(session: Session, flush_context: Any, instances: Any) -> None:
    """before_flush: remember the new events that may notify."""
    from server.models import WorkOrderEvent
    from server.services.notifications import notifies

    for obj in session.new:
        if isinstance(obj, WorkOrderEvent) and notifies(obj):
            if obj.id is None:
                obj.id = uuid.uuid4()
            session.info.setdefault(_NOTED, set()).add(obj.id)


def _enqueue_before_commit(session: Session) -> None:
    from server.services.notifications import enqueue_for_events

    if session.info.get(_RUNNING):
        return
    session.flush()  # the last events are noted too
    ids = session.info.pop(_NOTED, None)
    if not ids:
        return
    session.info[_RUNNING] = True
    try:
        enqueue_for_events(ids, session)
        session.flush()
    finally:
        session.info.pop(_RUNNING, None)


def _forget(session: Session, transaction: Any) -> None:
    # Only when the whole transaction ends: a savepoint rolled back inside it leaves the
    # other events noted (the rolled-back ones are not found at commit).
    if transaction.parent is None:
        session.info.pop(_NOTED, None)


def install() -> None:
    """Register the outbox hooks on every session (idempotent)."""
    if not event.contains(Session, "before_commit", _enqueue_before_commit):
        event.listen(Session, "before_flush", _note_events)
        event.listen(Session, "before_commit", _enqueue_before_commit)
        event.listen(Session, "after_transaction_end", _forget)
