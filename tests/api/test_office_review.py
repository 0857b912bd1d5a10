"""Reviewing a synced work order: timeline with both clocks, notes, parts used, checklist
answers; then close it or send it back."""

from datetime import UTC, datetime, timedelta

import pytest

from server.services.review import clock_gap
from tests.rest import patch_work_order
from tests.sync.phone import Phone

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "device_at", "expected"),
    [
        ("an office event has no device time", None, (None, None)),
        ("a phone a few minutes late is fine", NOW - timedelta(minutes=9), (9, None)),
        ("a phone offline for an hour is flagged", NOW - timedelta(hours=1), (60, "device_behind")),
        (
            "a phone clock that is fast is flagged",
            NOW + timedelta(minutes=11),
            (-11, "device_ahead"),
        ),
        ("exactly the threshold is not flagged", NOW - timedelta(minutes=10), (10, None)),
    ],
)
def test_clock_gap(name, device_at, expected):
    gap = clock_gap(device_at, NOW, 10)
    assert (gap["gap_minutes"], gap["clock_warning"]) == expected, name


def _template(db):
    from server.models import ChecklistTemplate

    template = ChecklistTemplate(
        system_type="cctv",
        name="监控巡检",
        items=[
            {"key": "appearance", "label": "外观", "type": "pass_fail"},
            {
                "key": "temp",
                "label": "机房温度",
                "type": "number",
                "unit": "℃",
                "min": 10,
                "max": 30,
            },
        ],
    )
    db.session.add(template)
    db.session.commit()
    return template


def _work_on_site(client, login, world, db, clock_ahead=timedelta(0)):
    """engineer1 accepts, arrives (his phone's clock off by clock_ahead), notes, uses a part,
    answers the checklist, writes the diagnosis, has the customer sign, completes: all
    through sync."""
    template = _template(db)
    phone = Phone(client, login("engineer1"))
    phone.pull()
    wo = str(world.wo1.id)
    now = datetime.now(UTC) + clock_ahead
    phone.transition(wo, "accept", now - timedelta(minutes=30))
    phone.transition(wo, "arrive", now - timedelta(minutes=20))
    phone.mutate(
        "work_order_note.add", {"id": _uuid(), "work_order_id": wo, "text": "客户要求周末复查"}
    )
    phone.mutate(
        "part_usage.add",
        {"id": _uuid(), "work_order_id": wo, "part_id": str(world.part.id), "quantity": 2},
    )
    phone.mutate(
        "part_usage.add",
        {"id": _uuid(), "work_order_id": wo, "part_id": str(world.part.id), "quantity": -1},
    )
    for key, value in (("appearance", True), ("temp", 35), ("temp", 25)):
        phone.mutate(
            "inspection_result.add",
            {
                "id": _uuid(),
                "work_order_id": wo,
                "template_id": str(template.id),
                "item_key": key,
                "device_id": str(world.devices[0].id),
                "value": value,
            },
        )
    phone.update_work_order(
        wo, diagnosis_symptom="画面黑屏", diagnosis_cause="电源适配器损坏",
        diagnosis_fix="更换适配器",
    )  # fmt: skip
    phone.sign(wo)
    phone.transition(wo, "complete", now)
    body = phone.push()
    assert all(r["status"] == "applied" for r in body["results"]), body["results"]
    return template


def _uuid():
    import uuid

    return str(uuid.uuid4())


def test_the_timeline_shows_both_clocks_and_flags_a_fast_phone(client, login, world, db):
    _work_on_site(client, login, world, db, clock_ahead=timedelta(minutes=45))
    r = client.get(f"/api/v1/work-orders/{world.wo1.id}/timeline", headers=login("supervisor"))
    assert r.status_code == 200, r.json
    assert r.json["clock_warning_minutes"] == 10
    events = {e["kind"]: e for e in r.json["events"]}
    assert events["registered"]["device_at"] is None
    assert events["registered"]["clock_warning"] is None
    assert events["resolved"]["origin"] == "device"
    assert events["resolved"]["clock_warning"] == "device_ahead"
    assert events["resolved"]["gap_minutes"] <= -44


def test_the_clock_warning_threshold_is_a_setting(client, login, world, db, app, monkeypatch):
    _work_on_site(client, login, world, db)
    monkeypatch.setitem(app.config, "CLOCK_SKEW_WARNING_MINUTES", 5)
    r = client.get(f"/api/v1/work-orders/{world.wo1.id}/timeline", headers=login("supervisor"))
    events = {e["kind"]: e for e in r.json["events"]}
    assert r.json["clock_warning_minutes"] == 5
    assert events["arrived"]["clock_warning"] == "device_behind"  # recorded 20 min before sync
    assert events["resolved"]["clock_warning"] is None


def test_notes_parts_and_checklist_answers_are_listed(client, login, world, db):
    _work_on_site(client, login, world, db)
    headers = login("supervisor")
    base = f"/api/v1/work-orders/{world.wo1.id}"
    notes = client.get(f"{base}/notes", headers=headers).json
    assert [n["text"] for n in notes] == ["客户要求周末复查"]
    assert notes[0]["author"]["username"] == "engineer1"
    assert notes[0]["device_at"] is not None
    usages = client.get(f"{base}/part-usages", headers=headers).json
    assert [u["quantity"] for u in usages] == [2, -1]
    assert usages[0]["part"]["part_number"] == "PSU-12V-2A"
    assert usages[0]["location_name"].endswith("车载库存")
    answers = client.get(f"{base}/inspection-results", headers=headers).json
    temps = [a for a in answers if a["item_key"] == "temp"]
    assert [(a["value"], a["is_ok"], a["is_latest"]) for a in temps] == [
        (35, False, False),
        (25, True, True),
    ]
    assert temps[0]["item"]["label"] == "机房温度"
    assert temps[0]["device"]["serial"] == "DS2CD0001"


def test_an_engineer_reads_the_records_of_his_own_orders_only(client, login, world):
    headers = login("engineer2")
    for path in ("timeline", "notes", "part-usages", "inspection-results"):
        assert (
            client.get(f"/api/v1/work-orders/{world.wo1.id}/{path}", headers=headers).status_code
            == 404
        )
        assert (
            client.get(f"/api/v1/work-orders/{world.wo2.id}/{path}", headers=headers).status_code
            == 200
        )


def test_the_supervisor_sends_back_with_a_note_then_closes(client, login, world, db):
    _work_on_site(client, login, world, db)
    headers = login("supervisor")
    url = f"/api/v1/work-orders/{world.wo1.id}/actions"
    back = client.post(url, json={"action": "send_back", "note": "请补拍故障照片"}, headers=headers)
    assert back.status_code == 200, back.json
    assert back.json["status"] == "accepted"
    timeline = client.get(f"/api/v1/work-orders/{world.wo1.id}/timeline", headers=headers).json
    assert timeline["events"][-1]["kind"] == "sent_back"
    assert timeline["events"][-1]["note"] == "请补拍故障照片"
    # The engineer finishes again; the supervisor closes.
    phone = Phone(client, login("engineer1"))
    phone.pull()
    phone.transition(str(world.wo1.id), "arrive")
    phone.transition(str(world.wo1.id), "complete")
    assert [r["status"] for r in phone.push()["results"]] == ["applied", "applied"]
    closed = client.post(url, json={"action": "close"}, headers=headers)
    assert closed.status_code == 200, closed.json
    assert closed.json["status"] == "closed"
    assert closed.json["closed_at"] is not None


def test_a_conflict_resolution_is_recorded_in_the_history(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    office = login("supervisor")
    patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"diagnosis_cause": "网线松动"},
        headers=office,
    )
    phone.update_work_order(str(world.wo1.id), diagnosis_cause="交换机端口损坏")
    phone.push()
    [conflict] = client.get("/api/v1/sync/conflicts", headers=office).json["items"]
    assert (conflict["server_value"], conflict["device_value"]) == ("网线松动", "交换机端口损坏")
    assert conflict["user"]["display_name"] == "engineer1"
    r = client.post(
        f"/api/v1/sync/conflicts/{conflict['id']}/resolve",
        json={"choice": "value", "value": "网线松动且端口损坏", "note": "两处都有问题"},
        headers=office,
    )
    assert r.status_code == 200, r.json
    wo = client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=office).json
    assert wo["diagnosis_cause"] == "网线松动且端口损坏"
    timeline = client.get(f"/api/v1/work-orders/{world.wo1.id}/timeline", headers=office).json
    resolved = [e for e in timeline["events"] if e["kind"] == "conflict_resolved"]
    assert resolved[0]["note"] == "两处都有问题"
    assert client.get("/api/v1/sync/conflicts", headers=office).json["items"] == []
