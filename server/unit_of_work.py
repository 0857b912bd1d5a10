"""Who commits: the edge, once per use case.

Services change the session (and flush when they need the database to see a change) but
never commit. The edge that received the work commits it as one unit, or nothing of it:

- a REST view: every view of our ``Blueprint`` (server.api.blueprint) commits after the
  view returns, before its answer is serialised, when the request is a write (POST, PUT,
  PATCH, DELETE); an exception rolls everything back (the session is removed at teardown);
- a sync push: server.sync.push commits the whole batch with the record of what it applied;
- a CLI command, the scheduler or the demo loader: ``committed()`` around the call;
- the public pages: their views wrap the use case in ``committed()``.

A refusal that must still leave a trace (a discarded upload, a counted failed attempt)
raises an error whose ``keeps_changes`` is true: the edge commits what was done, then
answers the error.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import request
from sqlalchemy import event
from sqlalchemy.orm import Session

from server.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

#: The HTTP methods whose views commit.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Set on a view function that commits as a unit of work (tests check every write view).
MARKER = "_commits_unit_of_work"


@contextmanager
def committed() -> Iterator[None]:
    """Run a use case and commit it, or roll all of it back when it raises (an error that
    ``keeps_changes`` is committed first, then raised)."""
    try:
        yield
    except BaseException as exc:
        if getattr(exc, "keeps_changes", False):
            db.session.commit()
        else:
            db.session.rollback()
        raise
    db.session.commit()


def commits(view: F) -> F:
    """A view decorator: a write request's changes commit when the view returns."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.method not in WRITE_METHODS:
            return view(*args, **kwargs)
        with committed():
            return view(*args, **kwargs)

    setattr(wrapper, MARKER, True)
    return wrapper  # type: ignore[return-value]


# --- derived state, rewritten before a unit commits ------------------------------------
#
# Every work order whose outcome inputs (services.outcomes.NOT_INPUTS says which are
# not) or events change in a transaction is noted at flush; just
# before the transaction commits, services.outcomes.refresh rewrites those orders' stored
# SLA and warranty outcomes in the same transaction (so a KPI never reads an outcome that
# disagrees with its order). The bookkeeping lives in the session's ``info``, here only.

_DIRTY = "outcomes_dirty"
#: ... and those of them whose life cycle or repeat facts change (outcomes.SETTLING_INPUTS)
_SETTLING = "outcomes_settling"
_RUNNING = "outcomes_running"
#: ... and those of them created in this transaction (no other transaction can write
#: their outcomes: outcomes.refresh inserts those rows in bulk instead of upserting them)
_CREATED = "outcomes_created"


def _note_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """before_flush: remember the work orders whose events or fields change."""
    from server.models import WorkOrder, WorkOrderEvent
    from server.services.outcomes import (
        event_changes_outcomes,
        event_settles,
        inputs_changed,
        settling_changed,
    )

    dirty: set[uuid.UUID] = session.info.setdefault(_DIRTY, set())
    settling: set[uuid.UUID] = session.info.setdefault(_SETTLING, set())
    created: set[uuid.UUID] = session.info.setdefault(_CREATED, set())
    new = session.new  # (each access builds the set anew: read it once)
    for obj in (*new, *session.dirty):
        if isinstance(obj, WorkOrder):
            if obj in new and obj.id is None:
                obj.id = uuid.uuid4()  # what its column default would give it anyway
            if obj in new:
                created.add(obj.id)
            if obj in new or inputs_changed(obj):
                dirty.add(obj.id)
            if obj in new or settling_changed(obj):
                settling.add(obj.id)
        elif isinstance(obj, WorkOrderEvent) and (
            event_changes_outcomes(obj) if obj in new else session.is_modified(obj)
        ):
            if obj.work_order is not None:
                if obj.work_order.id is None:
                    obj.work_order.id = uuid.uuid4()
                order_id = obj.work_order.id
            else:
                order_id = obj.work_order_id
            if order_id is not None:
                dirty.add(order_id)
                if event_settles(obj):  # (a resolution added, or one of them edited)
                    settling.add(order_id)


def _refresh_before_commit(session: Session) -> None:
    from server.services.outcomes import refresh

    if session.info.get(_RUNNING):
        return
    session.flush()  # the last changes note their work orders too
    ids = session.info.pop(_DIRTY, None)
    settling = session.info.pop(_SETTLING, set())
    created = session.info.pop(_CREATED, set())
    if not ids:
        return
    session.info[_RUNNING] = True
    try:
        refresh(ids, session, settled=settling, created=created)
        session.flush()
    finally:
        session.info.pop(_RUNNING, None)


def _forget(session: Session, transaction: Any) -> None:
    # Only when the whole transaction ends: a savepoint rolled back inside it (one pushed
    # mutation refused) leaves the other changes to refresh. Refreshing an order whose
    # change was rolled back is harmless.
    if transaction.parent is None:
        session.info.pop(_DIRTY, None)
        session.info.pop(_SETTLING, None)
        session.info.pop(_CREATED, None)


def install() -> None:
    """Register the derived-state hooks on every session (idempotent)."""
    if not event.contains(Session, "before_commit", _refresh_before_commit):
        event.listen(Session, "before_flush", _note_changes)
        event.listen(Session, "before_commit", _refresh_before_commit)
        event.listen(Session, "after_transaction_end", _forget)
