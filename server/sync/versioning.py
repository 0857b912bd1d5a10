"""Stamps every written synced row with the server change sequence of its transaction.

The first flush that writes a synced row takes the next value of the ``sync_version``
counter. That locks the counter row until commit, so transactions that write synced rows
commit in version order: a client whose cursor is version V has seen every row of every
transaction up to V, and pull can page by version without ever skipping a row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from server.models import Tombstone
from server.models.base import SyncedMixin

COUNTER = "sync_version"
_KEY = "sync_version"


def transaction_version(session: Session) -> int:
    """This transaction's change sequence number, taken on first use."""
    version = session.info.get(_KEY)
    if version is None:
        from server.services.numbers import next_value

        version = next_value(COUNTER, session)
        session.info[_KEY] = version
    return version


def _stamp(session: Session, flush_context: Any, instances: Any) -> None:
    new = session.new  # (each access builds the set anew: read it once)
    written = [
        obj
        for obj in (*new, *session.dirty)
        if isinstance(obj, SyncedMixin) and (obj in new or session.is_modified(obj))
    ]
    deleted = [obj for obj in session.deleted if isinstance(obj, SyncedMixin)]
    if not written and not deleted:
        return
    version = transaction_version(session)
    for obj in written:
        obj.row_version = version
    for obj in deleted:
        session.add(Tombstone(entity=obj.__tablename__, entity_id=obj.id, row_version=version))


def _forget(session: Session, *args: Any) -> None:
    session.info.pop(_KEY, None)


def install() -> None:
    """Register the listeners on every SQLAlchemy session (idempotent)."""
    if not event.contains(Session, "before_flush", _stamp):
        event.listen(Session, "before_flush", _stamp)
        event.listen(Session, "after_commit", _forget)
        event.listen(Session, "after_rollback", _forget)
