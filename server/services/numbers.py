"""Human-readable numbers from a counter row that concurrent servers can share."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from server.extensions import db
from server.models import NumberSequence


def next_value(name: str) -> int:
    """Atomically increment counter ``name`` (created at 1) and return its new value."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(NumberSequence)
        .values(name=name, value=1)
        .on_conflict_do_update(
            index_elements=[NumberSequence.name], set_={"value": NumberSequence.value + 1}
        )
        .returning(NumberSequence.value)
    )
    return db.session.execute(stmt).scalar_one()
