"""Human-readable numbers from a counter row that concurrent servers can share."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.extensions import db
from server.models import NumberSequence


def next_value(name: str, session: Session | None = None) -> int:
    """Atomically increment counter ``name`` (created at 1) and return its new value.

    The counter row stays locked until the transaction ends, so transactions that take
    numbers from the same counter commit in the order of their numbers."""
    session = session or db.session
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(NumberSequence)
        .values(name=name, value=1)
        .on_conflict_do_update(
            index_elements=[NumberSequence.name], set_={"value": NumberSequence.value + 1}
        )
        .returning(NumberSequence.value)
    )
    return session.execute(stmt).scalar_one()
