"""Field-level merge through push: policies, conflict records, the office resolving them."""

from server.models import SyncConflict, WorkOrder, WorkOrderEvent
from tests.rest import patch_work_order

from .phone import Phone


def _edit_in_office(client, login, wo_id, **fields):
    r = patch_work_order(
        client, f"/api/v1/work-orders/{wo_id}", json=fields, headers=login("supervisor")
    )
    assert r.status_code == 200, r.json


def test_a_field_only_the_phone_changed_is_applied(client, login, world, db):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    phone.update_work_order(str(world.wo1.id), diagnosis_cause="硬盘坏道")
    [result] = phone.push()["results"]
    assert result["status"] == "applied"
    assert db.session.get(WorkOrder, world.wo1.id).diagnosis_cause == "硬盘坏道"


def test_device_wins_on_diagnosis_and_the_office_value_is_kept_as_a_conflict(
    client, login, world, db
):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    _edit_in_office(client, login, world.wo1.id, diagnosis_cause="网线松动")
    phone.update_work_order(str(world.wo1.id), diagnosis_cause="交换机端口损坏")
    [result] = phone.push()["results"]
    assert result["status"] == "conflict"
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).diagnosis_cause == "交换机端口损坏"
    conflict = db.session.scalar(db.select(SyncConflict))
    assert (conflict.winner, conflict.server_value, conflict.device_value) == (
        "device",
        "网线松动",
        "交换机端口损坏",
    )
    assert conflict.user_id == world.users["engineer1"].id


def test_server_wins_on_the_appointment_and_the_phone_value_is_kept(client, login, world, db):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    _edit_in_office(client, login, world.wo1.id, appointment_at="2026-11-25T02:00:00+00:00")
    phone.update_work_order(str(world.wo1.id), appointment_at="2026-11-26T06:00:00+00:00")
    [result] = phone.push()["results"]
    assert result["status"] == "conflict"
    [conflict] = result["conflicts"]
    assert conflict["winner"] == "server"
    assert conflict["device_value"] == "2026-11-26T06:00:00+00:00"
    db.session.expire_all()
    wo = db.session.get(WorkOrder, world.wo1.id)
    assert wo.appointment_at.isoformat() == "2026-11-25T02:00:00+00:00"


def test_the_engineer_sees_his_conflicts_after_a_pull(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    _edit_in_office(client, login, world.wo1.id, diagnosis_fix="重新压接")
    phone.update_work_order(str(world.wo1.id), diagnosis_fix="更换水晶头")
    phone.sync()
    [conflict] = phone.store["sync_conflicts"].values()
    assert (conflict["field"], conflict["server_value"]) == ("diagnosis_fix", "重新压接")


def test_a_change_without_its_base_value_is_rejected(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.mutate(
        "work_order.update",
        {"id": str(world.wo1.id), "base": {}, "changes": {"diagnosis_fix": "x"}},
    )
    [result] = phone.push()["results"]
    assert result["status"] == "rejected"
    assert "diagnosis_fix" in result["errors"]["args"]["base"]


def test_a_field_the_phone_may_not_change_is_rejected(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.mutate(
        "work_order.update",
        {"id": str(world.wo1.id), "base": {"severity": 3}, "changes": {"severity": 1}},
    )
    [result] = phone.push()["results"]
    assert result["status"] == "rejected"


def test_the_office_resolves_a_conflict_and_the_history_shows_it(client, login, world, db):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    _edit_in_office(client, login, world.wo1.id, diagnosis_cause="网线松动")
    phone.update_work_order(str(world.wo1.id), diagnosis_cause="交换机端口损坏")
    phone.push()
    office = login("supervisor")
    listed = client.get("/api/v1/sync/conflicts", headers=office).json
    [conflict] = listed["items"]
    r = client.post(
        f"/api/v1/sync/conflicts/{conflict['id']}/resolve",
        json={"choice": "value", "value": "网线松动且端口损坏", "note": "两者都有"},
        headers=office,
    )
    assert r.status_code == 200, r.json
    assert r.json["resolution"]["value"] == "网线松动且端口损坏"
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).diagnosis_cause == "网线松动且端口损坏"
    kinds = db.session.scalars(
        db.select(WorkOrderEvent.kind).filter_by(work_order_id=world.wo1.id)
    ).all()
    assert "conflict_resolved" in kinds
    again = client.post(
        f"/api/v1/sync/conflicts/{conflict['id']}/resolve",
        json={"choice": "server"},
        headers=office,
    )
    assert again.status_code == 409
    assert client.get("/api/v1/sync/conflicts", headers=office).json["items"] == []


def test_rejected_mutations_are_listed_for_the_office(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.mutate(
        "work_order_note.add",
        {
            "id": "6f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "work_order_id": str(world.wo2.id),
            "text": "hi",
        },
    )
    phone.push()
    office = login("dispatcher")
    [item] = client.get("/api/v1/sync/rejected", headers=office).json["items"]
    assert item["args"]["text"] == "hi"
    assert item["result"]["key"] == "errors.sync.notYourWorkOrder"
    r = client.post(f"/api/v1/sync/rejected/{item['id']}/review", headers=office)
    assert r.status_code == 200
    assert client.get("/api/v1/sync/rejected", headers=office).json["items"] == []
    assert client.get("/api/v1/sync/rejected", headers=login("engineer1")).status_code == 403


def test_a_conflict_says_who_wrote_the_servers_side(client, login, world):
    """The office edit or the engineer's other phone: the conflict list names the writer
    of the value the server held (from the order's history), not "the back office"."""
    first, second = Phone(client, login("engineer1")), Phone(client, login("engineer1"))
    for phone in (first, second):
        phone.pull()
    first.update_work_order(str(world.wo1.id), diagnosis_cause="网线松动")
    first.push()
    second.update_work_order(str(world.wo1.id), diagnosis_cause="交换机端口损坏")
    [result] = second.push()["results"]
    assert result["status"] == "conflict"
    _edit_in_office(client, login, world.wo1.id, diagnosis_fix="更换网线")
    third = Phone(client, login("engineer1"))
    third.pull()
    _edit_in_office(client, login, world.wo1.id, diagnosis_fix="更换交换机")
    third.update_work_order(str(world.wo1.id), diagnosis_fix="重做水晶头")
    third.push()
    listed = client.get("/api/v1/sync/conflicts", headers=login("supervisor")).json["items"]
    by_field = {c["field"]: c["server_written_by"] for c in listed}
    assert by_field["diagnosis_cause"] == {"display_name": "engineer1", "origin": "device"}
    assert by_field["diagnosis_fix"] == {"display_name": "supervisor", "origin": "office"}
