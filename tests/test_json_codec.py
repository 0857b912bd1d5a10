"""JSON written by the server (server.json_codec): answers and JSON columns by orjson, the
same JSON the standard library writes, and what orjson refuses written by the standard
library."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from server import json_codec
from server.models import SyncConflict


def test_an_answer_is_compact_utf8_with_its_keys_in_the_order_written():
    value = {"z": "维修", "a": [1, 2.5, None, True], "m": {"k": "v"}}
    assert json_codec.dumps(value) == '{"z":"维修","a":[1,2.5,null,true],"m":{"k":"v"}}'
    assert json.loads(json_codec.dumps(value)) == value


def test_keys_that_are_not_strings_are_written_as_strings_as_the_standard_library_does():
    assert json_codec.dumps({1: "a", 2.5: "b"}) == json.dumps(
        {1: "a", 2.5: "b"}, separators=(",", ":")
    )


def test_an_integer_beyond_64_bits_is_written_exactly_by_the_standard_library(app):
    big = 2**70 + 1
    value = {"seq": big, "text": "记录"}
    assert json.loads(json_codec.dumps(value)) == value
    # with what orjson writes itself, written as orjson writes it
    moment, key = datetime(2026, 11, 28, 9, 30, tzinfo=UTC), uuid.uuid4()
    both = {"at": moment, "on": moment.date(), "id": key, "seq": big}
    expected = {"at": moment.isoformat(), "on": "2026-11-28", "id": str(key), "seq": big}
    assert json.loads(app.json.dumps(both)) == expected
    assert json.loads(json_codec.column_dumps(both)) == expected


def test_instants_dates_and_uuids_are_written_in_the_wire_form(app):
    moment = datetime(2026, 11, 28, 9, 30, 0, 5, tzinfo=UTC)
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    written = json.loads(app.json.dumps({"at": moment, "on": date(2026, 11, 28), "id": key}))
    assert written == {"at": moment.isoformat(), "on": "2026-11-28", "id": str(key)}
    assert written["at"] == "2026-11-28T09:30:00.000005+00:00"
    with pytest.raises(TypeError):
        json_codec.dumps({"at": object()})


def test_indented_answers_stay_indented(app):
    assert app.json.dumps({"a": 1}, indent=2) == '{\n  "a": 1\n}'


def test_a_json_column_reads_back_what_was_written(db):
    values = [{"卡": [1, "二", None]}, [1.5, True], "文本", 42, 0.25, None]
    ids = []
    for value in values:
        conflict = SyncConflict(
            entity="work_orders", entity_id=uuid.uuid4(), field="symptom",
            policy="server_wins", winner="server", server_value=value,
        )  # fmt: skip
        db.session.add(conflict)
        db.session.flush()
        ids.append(conflict.id)
    db.session.commit()
    db.session.expire_all()
    stored = {c.id: c.server_value for c in db.session.scalars(select(SyncConflict))}
    assert [stored[i] for i in ids] == values


def test_a_json_column_refuses_what_is_not_text_as_json_loads_does():
    with pytest.raises(TypeError):
        json_codec.column_loads(42)  # type: ignore[arg-type]
    assert json_codec.column_loads(b'{"a":1}') == {"a": 1}
    assert json_codec.column_loads(memoryview(b"[1]")) == [1]
