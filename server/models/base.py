"""Column types and mixins shared by every model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, TypeDecorator, Uuid
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC instant on every database (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: times must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class IdMixin:
    #: Client-generated UUIDs are accepted, so a phone can create records offline.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    #: When the server first stored the row (UTC).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the server last changed the row (UTC).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SyncedMixin:
    """A row that phones pull. ``row_version`` is the server change sequence of the
    transaction that last wrote it (stamped by server.sync.versioning); pull returns the
    rows whose version is above the client's cursor."""

    row_version: Mapped[int] = mapped_column(BigInteger, default=0)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        # Pull pages by (row_version, id): a range scan of this index, no sort per page.
        return (Index(keyset_index(cls), "row_version", "id"),)


def keyset_index(model: Any) -> str:
    """The name of a synced table's (row_version, id) index, which pull pages walk."""
    return f"ix_{model.__tablename__}_row_version_id"
