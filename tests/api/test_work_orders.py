"""Registering work orders, moving them through the flow, and their history."""

import uuid
from datetime import UTC, datetime, timedelta

from tests.rest import patch_work_order


def _register(client, headers, world, **overrides):
    body = {
        "customer_id": str(world.customer.id),
        "site_id": str(world.site.id),
        "symptom": "门禁刷卡无反应",
        "severity": 2,
        "channel": "phone",
        "reporter_name": "张主任",
        "reporter_phone": "13800000000",
    }
    body.update(overrides)
    return client.post("/api/v1/work-orders/", json=body, headers=headers)


def test_a_registered_request_gets_a_number_and_a_registered_event(client, login, world):
    headers = login("dispatcher")
    r = _register(client, headers, world)
    assert r.status_code == 201, r.json
    year = datetime.now(UTC).year
    assert r.json["number"].startswith(f"WO-{year}-")
    assert r.json["status"] == "new"
    events = client.get(f"/api/v1/work-orders/{r.json['id']}/events", headers=headers).json
    assert [e["kind"] for e in events] == ["registered"]
    assert events[0]["origin"] == "office" and events[0]["device_at"] is None


def test_numbers_are_unique_and_increasing(client, login, world):
    headers = login("dispatcher")
    numbers = [_register(client, headers, world).json["number"] for _ in range(3)]
    assert len(set(numbers)) == 3
    assert numbers == sorted(numbers)


def test_a_client_may_choose_the_id_but_not_twice(client, login, world):
    headers = login("dispatcher")
    chosen = str(uuid.uuid4())
    assert _register(client, headers, world, id=chosen).json["id"] == chosen
    again = _register(client, headers, world, id=chosen)
    assert again.status_code == 409


def test_registering_with_an_engineer_assigns_at_once(client, login, world):
    headers = login("dispatcher")
    r = _register(client, headers, world, assigned_engineer_id=str(world.users["engineer2"].id))
    assert r.json["status"] == "assigned"
    assert r.json["assigned_engineer"]["username"] == "engineer2"


def test_the_site_must_belong_to_the_customer(client, login, world, db):
    from server.models import Customer, Site

    other = Customer(name="别家", code="X1")
    site = Site(customer=other, name="别家的楼")
    db.session.add_all([other, site])
    db.session.commit()
    r = _register(client, login("dispatcher"), world, site_id=str(site.id))
    assert r.status_code == 422
    assert "site_id" in r.json["errors"]["json"]


def test_devices_must_be_at_the_work_orders_site(client, login, world, db):
    from server.models import Device, System

    system = System(site=world.other_site, type="network", name="住院部网络")
    device = Device(system=system, serial="SW-1", model="S5735", manufacturer="华为")
    db.session.add_all([system, device])
    db.session.commit()
    r = _register(client, login("dispatcher"), world, device_ids=[str(device.id)])
    assert r.status_code == 422
    assert "device_ids" in r.json["errors"]["json"]


def test_a_request_cannot_be_reported_in_the_future(client, login, world):
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    r = _register(client, login("dispatcher"), world, reported_at=later)
    assert r.status_code == 422
    assert "reported_at" in r.json["errors"]["json"]


def test_a_naive_time_is_refused(client, login, world):
    r = _register(client, login("dispatcher"), world, reported_at="2026-01-01T10:00:00")
    assert r.status_code == 422
    assert "reported_at" in r.json["errors"]["json"]


def _act(client, headers, wo_id, action, **body):
    return client.post(
        f"/api/v1/work-orders/{wo_id}/actions", json={"action": action, **body}, headers=headers
    )


def _diagnose_on_site(client, headers, wo_id):
    """What the engineer writes on site before the customer signs (a repair's guards)."""
    diagnosis = {
        "diagnosis_symptom": "门禁刷卡无反应",
        "diagnosis_cause": "读头接线松动",
        "diagnosis_fix": "重新压接接线端子，刷卡开门正常",
    }
    r = patch_work_order(client, f"/api/v1/work-orders/{wo_id}", json=diagnosis, headers=headers)
    assert r.status_code == 200, r.json


def test_an_engineer_takes_a_work_order_from_accept_to_complete(client, login, world, sign_off):
    eng = login("engineer1")
    wo = world.wo1.id
    on_site = "2026-11-20T09:30:00+08:00"
    for action in ("accept", "depart"):
        assert _act(client, eng, wo, action).status_code == 200
    r = _act(client, eng, wo, "arrive", occurred_at=on_site, data={"lat": 31.26, "lng": 121.48})
    assert r.json["status"] == "on_site"
    _diagnose_on_site(client, eng, wo)
    sign_off(world.wo1)
    r = _act(client, eng, wo, "complete")
    assert r.json["status"] == "completed"
    events = client.get(f"/api/v1/work-orders/{wo}/events", headers=eng).json
    arrived = next(e for e in events if e["kind"] == "arrived")
    assert arrived["origin"] == "device"
    assert datetime.fromisoformat(arrived["device_at"]) == datetime.fromisoformat(on_site)
    assert arrived["server_at"] != arrived["device_at"]
    assert arrived["data"] == {"lat": 31.26, "lng": 121.48}


def test_the_office_closes_a_completed_work_order(client, login, world, sign_off):
    eng = login("engineer1")
    for action in ("accept", "arrive"):
        _act(client, eng, world.wo1.id, action)
    _diagnose_on_site(client, eng, world.wo1.id)
    sign_off(world.wo1)
    assert _act(client, eng, world.wo1.id, "complete").json["status"] == "completed"
    r = _act(client, login("supervisor"), world.wo1.id, "close", note="资料齐全")
    assert r.json["status"] == "closed"
    assert r.json["closed_at"] is not None


def test_an_invalid_transition_is_a_409_with_the_current_status(client, login, world):
    r = _act(client, login("engineer1"), world.wo1.id, "complete")
    assert r.status_code == 409
    assert r.json["key"] == "errors.workOrder.invalidTransition"
    assert r.json["conflict"] == {"status": "assigned"}


def test_an_engineer_cannot_close_or_assign(client, login, world):
    eng = login("engineer1")
    r = _act(client, eng, world.wo1.id, "assign", engineer_id=str(world.users["engineer1"].id))
    assert r.status_code == 403


def test_reassignment_records_both_engineers(client, login, world):
    office = login("dispatcher")
    r = _act(
        client,
        office,
        world.wo1.id,
        "assign",
        engineer_id=str(world.users["engineer2"].id),
        note="就近派单",
    )
    assert r.json["assigned_engineer"]["username"] == "engineer2"
    events = client.get(f"/api/v1/work-orders/{world.wo1.id}/events", headers=office).json
    last = events[-1]
    assert last["kind"] == "assigned"
    assert last["data"]["previous_engineer_id"] == str(world.users["engineer1"].id)
    assert (
        client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=login("engineer1")).status_code
        == 404
    )


def test_assigning_someone_who_is_not_an_engineer_is_refused(client, login, world):
    r = _act(
        client,
        login("dispatcher"),
        world.wo1.id,
        "assign",
        engineer_id=str(world.users["supervisor"].id),
    )
    assert r.status_code == 422
    assert "engineer_id" in r.json["errors"]["json"]


def test_the_office_does_not_send_a_device_time(client, login, world):
    r = _act(
        client, login("dispatcher"), world.wo1.id, "cancel", occurred_at="2026-11-20T09:30:00+08:00"
    )
    assert r.status_code == 422
    assert "occurred_at" in r.json["errors"]["json"]


def test_allowed_actions_depend_on_status_and_role(client, login, world):
    eng = client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=login("engineer1")).json
    office = client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=login("dispatcher")).json
    # From "assigned": accept it, or the ladder before a visit (docs/rules.md).
    ladder = ["escalate", "start_remote", "resolve_by_phone"]
    assert eng["allowed_actions"] == ["accept", *ladder]
    assert set(office["allowed_actions"]) == {"assign", "unassign", "cancel", *ladder}


def test_a_closed_work_order_cannot_be_edited(client, login, world):
    office = login("dispatcher")
    _act(client, office, world.wo2.id, "cancel")
    r = patch_work_order(
        client, f"/api/v1/work-orders/{world.wo2.id}", json={"symptom": "x"}, headers=office
    )
    assert r.status_code == 409


def test_work_orders_filter_by_status_serial_and_text(client, login, world):
    office = login("dispatcher")
    _act(client, login("engineer1"), world.wo1.id, "accept")
    by_status = client.get("/api/v1/work-orders/?status=accepted", headers=office).json
    assert [w["id"] for w in by_status["items"]] == [str(world.wo1.id)]
    two = client.get("/api/v1/work-orders/?status=accepted&status=assigned", headers=office).json
    assert two["total"] == 2
    by_serial = client.get(f"/api/v1/work-orders/?serial={world.devices[1].serial}", headers=office)
    assert [w["id"] for w in by_serial.json["items"]] == [str(world.wo2.id)]
    by_customer = client.get("/api/v1/work-orders/?q=第一人民", headers=office).json
    assert by_customer["total"] == 2
    by_number = client.get(f"/api/v1/work-orders/?q={world.wo1.number}", headers=office).json
    assert by_number["total"] == 1


def test_unassigned_filter_finds_the_dispatch_queue(client, login, world):
    office = login("dispatcher")
    new = _register(client, office, world).json
    r = client.get("/api/v1/work-orders/?unassigned=true", headers=office).json
    assert [w["id"] for w in r["items"]] == [new["id"]]


def test_an_unknown_status_filter_is_named(client, login, world):
    r = client.get("/api/v1/work-orders/?status=lost", headers=login("dispatcher"))
    assert r.status_code == 422
    assert "status" in r.json["errors"]["query"]
