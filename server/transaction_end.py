"""A request's transaction that wrote nothing ends with COMMIT, not ROLLBACK.

To PostgreSQL the two are the same for such a transaction. To psycopg they are not: at a
ROLLBACK it forgets, and deallocates, every statement it prepared on the connection. It
prepares a statement at its fifth run on a connection, so with a rollback closing every
read (each pull, each GET) statements seldom got there, and PostgreSQL planned nearly
every statement of every request afresh (docs/benchmarks.md: 4.8 ms of PostgreSQL CPU
per sync request, 2.8 ms once reads commit).

A connection notes any statement that is not a SELECT (an engine event, so the ORM's
flushes, Core statements and raw SQL all count); COMMIT or ROLLBACK clears the note. At
the end of a request that ended without an unhandled error, the session commits if its
transaction wrote nothing and has nothing waiting to flush; anything else is left to the
session's removal, which rolls back (server.unit_of_work: writes commit in the view).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from server.extensions import db

_WROTE = "aftercare_wrote"


def _note_writes(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    # (every statement passes here: read its first word, not a copy of the whole text)
    if statement[:16].lstrip()[:6].upper() != "SELECT":
        conn.info[_WROTE] = True


def _forget_writes(conn: Any) -> None:
    conn.info.pop(_WROTE, None)


def _commit_if_read_only(exc: BaseException | None) -> None:
    if exc is not None or not db.session.registry.has():
        return
    session = db.session()
    if session.get_transaction() is None or session.new or session.dirty or session.deleted:
        return
    if not session.connection().info.get(_WROTE):
        session.commit()


def install(app: Flask) -> None:
    """Register the hooks: on every engine (once) and on ``app``. Call it after the
    database extension's own set-up: teardown functions run in reverse order, so this one
    runs before the session is removed."""
    if not event.contains(Engine, "before_cursor_execute", _note_writes):
        event.listen(Engine, "before_cursor_execute", _note_writes)
        event.listen(Engine, "commit", _forget_writes)
        event.listen(Engine, "rollback", _forget_writes)
    app.teardown_appcontext(_commit_if_read_only)
