"""Counting the SQL statements a piece of work runs (tests and benchmarks of query cost)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counting_statements(engine) -> Iterator[list[str]]:
    """The statements ``engine`` runs inside the block, as a list filled while it runs."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@contextmanager
def transaction_events(engine, *kinds: str) -> Iterator[list[str]]:
    """The transaction events (``begin``, ``commit``, ``rollback``) of ``kinds`` that
    ``engine``'s connections go through inside the block, in order."""
    seen: list[str] = []
    listeners = [(kind, lambda conn, kind=kind: seen.append(kind)) for kind in kinds]
    for kind, listener in listeners:
        event.listen(engine, kind, listener)
    try:
        yield seen
    finally:
        for kind, listener in listeners:
            event.remove(engine, kind, listener)
