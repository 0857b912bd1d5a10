"""Who commits. A service commits its own transaction, except inside a sync batch, where
each pushed mutation runs in a savepoint and the batch commits once with the record of
what it applied (that is what makes a retried batch change nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from server.extensions import db

_BATCH = "in_sync_batch"


def commit() -> None:
    if db.session.info.get(_BATCH):
        db.session.flush()
    else:
        db.session.commit()


@contextmanager
def batch() -> Iterator[None]:
    """Services called inside flush instead of committing; the caller commits."""
    db.session.info[_BATCH] = True
    try:
        yield
    finally:
        db.session.info.pop(_BATCH, None)
