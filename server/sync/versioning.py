"""Row versions: every written synced row carries the change sequence of its transaction,
and pull knows up to which version nothing can still appear.

Two schemes, one contract: a version is taken once per transaction, on the first flush
that writes a synced row, and ``safe_upper_bound()`` (read in the pull's snapshot) is a
version V such that every transaction with a version ≤ V has finished, so a client whose
cursor is V has seen all of them and no row committed later can land behind its cursor.

- **PostgreSQL**: the version is the transaction's own id (``pg_current_xact_id()``, 64
  bits, never reused) plus a fixed offset. Taking it locks nothing, so pushes from
  different engineers commit in parallel, in any order. The bound is one below the oldest
  transaction of this database still in flight in the pull's snapshot (or below the next
  id to be handed out when none is): ids below it are finished, and any id above it comes
  in the next pull. Transactions of other databases on the same server do not hold it
  back; a long write here does, for as long as it runs (pulls then stop short, they do
  not skip). The offset (``sync_version_offset`` in ``number_sequences``) keeps versions
  above those stored before this scheme, or before a restore into another cluster whose
  ids start lower: ``flask sync-versions`` raises it.
- **SQLite** (one writer at a time anyway): the ``sync_version`` counter. The first flush
  increments it and holds its row until commit, so transactions commit in version order
  and the bound is the counter's committed value.

Data migrations that resend rows take a version the same way (``VERSION_SQL``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, event, func, inspect, literal_column, select, text
from sqlalchemy.orm import Session

from server.models import NumberSequence, Tombstone
from server.models.base import SyncedMixin, utcnow

COUNTER = "sync_version"
OFFSET = "sync_version_offset"
_KEY = "sync_version"

_OFFSET_SQL = f"coalesce((SELECT value FROM number_sequences WHERE name = '{OFFSET}'), 0)"

#: This transaction's version on PostgreSQL (assigns its id if it has none yet).
VERSION_SQL = f"SELECT pg_current_xact_id()::text::bigint + {_OFFSET_SQL}"

#: The pull's bound on PostgreSQL: one below the oldest id of this database still running
#: in the current snapshot, else below the snapshot's xmax. An id in the snapshot that is
#: running now in another database is not ours; any other (ours, or finished meanwhile,
#: database unknown) holds the bound, which is the safe side.
_UPPER_BOUND_SQL = f"""
WITH snap AS (SELECT pg_current_snapshot() AS s),
elsewhere AS (
    SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity
    WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()
)
SELECT coalesce(
    (SELECT min(x::text::bigint) FROM snap, pg_snapshot_xip(snap.s) AS x
     WHERE x::text::bigint % 4294967296 NOT IN (SELECT xid FROM elsewhere)),
    (SELECT pg_snapshot_xmax(s)::text::bigint FROM snap)
) - 1 + {_OFFSET_SQL}
"""


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def transaction_version(session: Session) -> int:
    """This transaction's change sequence number, taken on first use."""
    version = session.info.get(_KEY)
    if version is None:
        if _dialect(session) == "postgresql":
            version = session.execute(text(VERSION_SQL)).scalar_one()
        else:
            from server.services.numbers import next_value

            version = next_value(COUNTER, session)
        session.info[_KEY] = version
    return version


def safe_upper_bound(session: Session) -> int:
    """The highest version a pull may cover: every transaction at or below it has ended.
    Call it inside the pull's snapshot (its first statement on PostgreSQL)."""
    return session.execute(select(upper_bound_column(_dialect(session)))).scalar_one()


def upper_bound_column(dialect: str) -> ColumnElement[int]:
    """``safe_upper_bound`` as a column, to be read with other values in one statement
    (the pull's first, so on PostgreSQL the bound and the reads share one snapshot)."""
    if dialect == "postgresql":
        return literal_column(f"({_UPPER_BOUND_SQL})", Integer)
    return func.coalesce(
        select(NumberSequence.value).where(NumberSequence.name == COUNTER).scalar_subquery(), 0
    )


def raise_offset(session: Session) -> int:
    """Keep PostgreSQL versions above every version stored (after a restore into another
    cluster, whose transaction ids start lower). Returns the offset in force."""
    if _dialect(session) != "postgresql":
        return 0
    from server.extensions import db

    synced = [m.local_table for m in db.Model.registry.mappers if issubclass(m.class_, SyncedMixin)]
    highest = 0
    for table in [*synced, Tombstone.__table__]:
        value = session.execute(text(f"SELECT max(row_version) FROM {table.name}")).scalar()
        highest = max(highest, value or 0)
    current = session.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one()
    needed = max(0, highest + 1 - current)
    session.execute(
        text(
            "INSERT INTO number_sequences (name, value) VALUES (:name, :value)"
            " ON CONFLICT (name) DO UPDATE SET value = greatest(number_sequences.value,"
            " excluded.value)"
        ),
        {"name": OFFSET, "value": needed},
    )
    return session.execute(
        text("SELECT value FROM number_sequences WHERE name = :name"), {"name": OFFSET}
    ).scalar_one()


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
    now = utcnow()
    for obj in written:
        obj.row_version = version
        if (
            obj not in new
            and hasattr(obj, "updated_at")
            and not inspect(obj).attrs.updated_at.history.has_changes()  # set on purpose
        ):
            # One explicit time per flush, not the column's onupdate per row: an UPDATE
            # of several rows at once could leave an object holding another row's time,
            # and the answer to a push would then differ from the stored row.
            obj.updated_at = now
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
