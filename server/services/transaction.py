"""Who commits. A service commits its own transaction, except inside a sync batch, where
the batch commits once with the record of what it applied (that is what makes a retried
batch change nothing). A batch either flushes after each service call (each mutation in
its savepoint) or, on the fast path, defers all writes to one flush at the end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from server.extensions import db

_BATCH = "in_sync_batch"
_DEFERRED = "sync_batch_deferred"


def commit() -> None:
    if db.session.info.get(_DEFERRED):
        return
    if db.session.info.get(_BATCH):
        db.session.flush()
    else:
        db.session.commit()


def ids_checked_by_caller() -> bool:
    """On the fast path the batch checked new ids for clashes itself, in one query."""
    return bool(db.session.info.get(_DEFERRED))


@contextmanager
def batch(*, deferred: bool = False) -> Iterator[None]:
    """Services called inside flush instead of committing (or, ``deferred``, do neither);
    the caller flushes and commits."""
    db.session.info[_BATCH] = True
    if deferred:
        db.session.info[_DEFERRED] = True
    try:
        yield
    finally:
        db.session.info.pop(_BATCH, None)
        db.session.info.pop(_DEFERRED, None)
