"""insert_rows: many rows in one statement (COPY on PostgreSQL, an executemany on
SQLite), each value converted as an INSERT converts it (server.bulk_sql)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.bulk_sql import insert_rows
from server.models import SyncClient, SyncMutation
from tests.sql_counting import counting_statements

SHANGHAI = timezone(timedelta(hours=8))


def _rows(user_id: uuid.UUID, client_id: uuid.UUID, count: int) -> list[dict]:
    return [
        {
            "id": uuid.uuid4(),
            "client_id": client_id,
            "seq": n + 1,
            "user_id": user_id,
            "name": "work_order_note.add",
            # what COPY's text format escapes, and JSON's own escapes
            "args": {"text": f'第{n}条\t制表\n换行 \\ 反斜杠 "引号" \x01', "list": [1, None]},
            "status": "applied",
            "result": {"status": "applied", "nested": {"n": n, "ok": True}},
            "device_at": datetime(2026, 11, 28, 9, 30, n % 60, tzinfo=SHANGHAI) if n else None,
            "server_at": datetime(2026, 11, 28, 1, 31, tzinfo=UTC),
            "reviewed_at": None,
            "reviewed_by_id": None,
        }
        for n in range(count)
    ]


def _client(db, world) -> SyncClient:
    client = SyncClient(
        id=uuid.uuid4(), user_id=world.users["engineer1"].id, schema_version=1, last_seq=0
    )
    db.session.add(client)
    db.session.flush()
    return client


def test_inserted_rows_read_back_as_they_were_given(db, world):
    client = _client(db, world)
    rows = _rows(client.user_id, client.id, 50)
    insert_rows(db.session.connection(), SyncMutation.__table__, rows)
    db.session.commit()
    stored = {m.id: m for m in db.session.scalars(select(SyncMutation))}
    assert len(stored) == 50
    for row in rows:
        kept = stored[row["id"]]
        assert kept.args == row["args"] and kept.result == row["result"]
        assert kept.seq == row["seq"] and kept.client_id == client.id
        assert kept.device_at == row["device_at"]  # the same instant, read back in UTC
        if row["device_at"] is not None:
            assert kept.device_at.utcoffset() == timedelta(0)
        assert kept.server_at == row["server_at"] and kept.reviewed_at is None


def test_a_batch_of_rows_is_one_statement_seen_by_the_engine_events(db, world):
    client = _client(db, world)
    with counting_statements(db.engine) as statements:
        insert_rows(
            db.session.connection(), SyncMutation.__table__, _rows(client.user_id, client.id, 20)
        )
    assert len(statements) == 1
    expected = "COPY" if db.engine.dialect.name == "postgresql" else "INSERT"
    assert statements[0].split()[0] == expected


def test_a_row_whose_key_exists_fails_as_an_insert_would(db, world):
    client = _client(db, world)
    rows = _rows(client.user_id, client.id, 3)
    insert_rows(db.session.connection(), SyncMutation.__table__, rows[:1])
    with pytest.raises(IntegrityError):
        insert_rows(db.session.connection(), SyncMutation.__table__, rows)
    db.session.rollback()
    assert db.session.scalars(select(SyncMutation)).all() == []


def test_no_rows_is_no_statement(db):
    with counting_statements(db.engine) as statements:
        insert_rows(db.session.connection(), SyncMutation.__table__, [])
    assert statements == []
