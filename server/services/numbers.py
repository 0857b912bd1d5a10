"""Human-readable numbers from a counter row that concurrent servers can share."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def take_values(name: str, count: int, session: Session | None = None) -> list[int]:
    """Increment counter ``name`` by ``count`` at once and return the values taken."""
    session = session or db.session
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(NumberSequence)
        .values(name=name, value=count)
        .on_conflict_do_update(
            index_elements=[NumberSequence.name], set_={"value": NumberSequence.value + count}
        )
        .returning(NumberSequence.value)
    )
    last = session.execute(stmt).scalar_one()
    return list(range(last - count + 1, last + 1))


@dataclass
class NumberBlock:
    """Values of one counter taken ahead for a batch in one statement (a push registering
    many work orders). A value the batch does not use leaves a gap in the numbering."""

    name: str
    values: list[int] = field(default_factory=list)

    @classmethod
    def take(cls, name: str, count: int) -> NumberBlock:
        return cls(name, take_values(name, count))

    def next(self, name: str) -> int:
        """The next value of counter ``name``: from the block while it lasts."""
        if name == self.name and self.values:
            return self.values.pop(0)
        return next_value(name)
