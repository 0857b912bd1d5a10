"""The hotline log (热线/来电记录): every call is logged with its outcome; a remote session
or a visit creates a work order through the registration service or attaches to an open
one of the customer; the customer's history lists the calls; office roles only."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from server.models import WorkOrder, WorkOrderEvent

RECEIVED = "2026-11-02T10:00:00+08:00"


def _log(client, headers, world, **extra):
    body = {
        "channel": "phone",
        "caller_name": "王主任",
        "caller_phone": "13800000000",
        "customer_id": str(world.customer.id),
        "summary": "门诊楼 1F 摄像机无画面",
        "outcome": "solved_by_phone",
        "received_at": RECEIVED,
        **extra,
    }
    return client.post("/api/v1/calls/", json=body, headers=headers)


def _orders(db) -> int:
    return db.session.query(WorkOrder).count()


def test_a_call_solved_on_the_phone_is_logged_with_no_work_order(client, login, world, db):
    before = _orders(db)
    r = _log(client, login("dispatcher"), world, resolution="指导重启录像机")
    assert r.status_code == 201, r.json
    call = r.json
    assert call["number"].startswith("RX-") and call["outcome"] == "solved_by_phone"
    assert call["work_order"] is None and call["order_link"] is None
    assert call["customer"]["name"] == world.customer.name
    # The duty engineer defaults to whoever logs it; both times are kept, UTC.
    assert call["duty_engineer"]["username"] == "dispatcher"
    assert datetime.fromisoformat(call["received_at"]) == datetime.fromisoformat(RECEIVED)
    assert call["created_at"] > call["received_at"]
    assert call["is_first_call"] and call["is_solved_on_first_call"]
    assert _orders(db) == before


def test_a_visit_needed_registers_a_work_order_from_the_call(client, login, world, db):
    device = world.devices[2]
    r = _log(
        client,
        login("dispatcher"),
        world,
        outcome="visit_needed",
        device_id=str(device.id),
        channel="wechat",
        severity=2,
        duty_engineer_id=str(world.users["engineer1"].id),
    )
    assert r.status_code == 201, r.json
    assert r.json["order_link"] == "created"
    assert r.json["duty_engineer"]["username"] == "engineer1"
    order = db.session.get(WorkOrder, uuid.UUID(r.json["work_order"]["id"]))
    assert order.status == "new" and order.channel == "wechat" and order.severity == 2
    assert (order.site_id, order.system_id) == (world.site.id, world.system.id)
    assert [d.id for d in order.devices] == [device.id]
    assert (order.reporter_name, order.reporter_phone) == ("王主任", "13800000000")
    assert order.symptom == "门诊楼 1F 摄像机无画面"
    # The response clock starts when the call came in, not when it was logged.
    assert order.reported_at == datetime.fromisoformat(RECEIVED)
    assert [e.kind for e in order.events] == ["registered"]


def test_a_visit_needed_without_a_device_takes_the_site_named(client, login, world, db):
    r = _log(
        client, login("dispatcher"), world, outcome="visit_needed", site_id=str(world.other_site.id)
    )
    assert r.status_code == 201, r.json
    assert (
        db.session.get(WorkOrder, uuid.UUID(r.json["work_order"]["id"])).site_id
        == world.other_site.id
    )


def test_a_remote_session_registers_an_order_whose_remote_clock_runs(client, login, world, db):
    headers = login("dispatcher")
    r = _log(client, headers, world, outcome="remote_session", device_id=str(world.devices[0].id))
    assert r.status_code == 201, r.json
    order_id = r.json["work_order"]["id"]
    events = db.session.query(WorkOrderEvent).filter_by(work_order_id=uuid.UUID(order_id))
    kinds = [e.kind for e in events]
    assert sorted(kinds) == ["phone_support_failed", "registered"]
    order = client.get(f"/api/v1/work-orders/{order_id}", headers=headers).json
    assert order["sla"]["clocks"]["remote"]["state"] == "running"


def test_a_call_that_is_not_ours_opens_no_work_order_and_is_no_first_call(client, login, world, db):
    before = _orders(db)
    r = _log(client, login("supervisor"), world, outcome="not_ours", customer_id=None)
    assert r.status_code == 201, r.json
    assert r.json["customer"] is None and r.json["work_order"] is None
    assert not r.json["is_first_call"]
    assert _orders(db) == before


def test_a_call_about_an_open_order_is_attached_to_it_instead_of_a_new_one(
    client, login, world, db
):
    before = _orders(db)
    r = _log(
        client, login("dispatcher"), world, outcome="visit_needed", work_order_id=str(world.wo1.id)
    )
    assert r.status_code == 201, r.json
    assert r.json["work_order"]["number"] == world.wo1.number
    assert r.json["order_link"] == "attached"
    assert not r.json["is_first_call"]  # a follow-up call about the open order
    assert _orders(db) == before


def test_the_customer_is_taken_from_the_attached_order(client, login, world):
    r = _log(
        client,
        login("dispatcher"),
        world,
        customer_id=None,
        work_order_id=str(world.wo2.id),
    )
    assert r.status_code == 201, r.json
    assert r.json["customer"]["id"] == str(world.customer.id)


def test_a_call_is_not_attached_to_a_closed_order(client, login, world, db):
    world.wo1.status = "cancelled"
    db.session.commit()
    r = _log(
        client, login("dispatcher"), world, outcome="visit_needed", work_order_id=str(world.wo1.id)
    )
    assert r.status_code == 422
    assert list(r.json["errors"]["json"]) == ["work_order_id"]


def test_a_call_is_not_attached_to_another_customers_order(client, login, world, db):
    from server.models import Customer

    other = Customer(name="另一家医院", code="SH-HOSP-2")
    db.session.add(other)
    db.session.commit()
    r = _log(
        client,
        login("dispatcher"),
        world,
        customer_id=str(other.id),
        work_order_id=str(world.wo1.id),
    )
    assert r.status_code == 422
    assert list(r.json["errors"]["json"]) == ["work_order_id"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"channel": "fax"}, "channel"),
        ({"summary": ""}, "summary"),
        ({"summary": "a\x00b"}, "summary"),
        ({"received_at": "2026-11-02T10:00:00"}, "received_at"),  # naive
        ({"received_at": "2999-01-01T00:00:00+00:00"}, "received_at"),  # future
        ({"severity": 5, "outcome": "visit_needed"}, "severity"),
        ({"unknown": 1}, "unknown"),
        ({"device_id": "00000000-0000-0000-0000-000000000000"}, "device_id"),
        ({"customer_id": "00000000-0000-0000-0000-000000000000"}, "customer_id"),
        ({"duty_engineer_id": "00000000-0000-0000-0000-000000000000"}, "duty_engineer_id"),
        ({"outcome": "visit_needed", "customer_id": None}, "customer_id"),
        ({"outcome": "visit_needed"}, "site_id"),  # no device, no site
        ({"outcome": "not_ours", "work_order_id": "WO"}, "work_order_id"),
        ({"site_id": "SITE"}, "site_id"),  # only for a call that registers an order
    ],
)
def test_bad_input_is_refused_naming_the_field(client, login, world, extra, field):
    ids = {"WO": str(world.wo1.id), "SITE": str(world.site.id)}
    extra = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in extra.items()}
    r = _log(client, login("dispatcher"), world, **extra)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]["json"], r.json


def test_a_device_of_another_site_than_the_one_named_is_refused(client, login, world):
    r = _log(
        client,
        login("dispatcher"),
        world,
        outcome="visit_needed",
        device_id=str(world.devices[0].id),
        site_id=str(world.other_site.id),
    )
    assert r.status_code == 422
    assert list(r.json["errors"]["json"]) == ["site_id"]


def test_a_site_of_another_customer_is_refused_and_nothing_is_stored(client, login, world, db):
    from server.models import Call, Customer, Site

    other = Site(customer=Customer(name="另一家医院", code="SH-HOSP-2"), name="急诊楼")
    db.session.add(other)
    db.session.commit()
    before = _orders(db)
    r = _log(client, login("dispatcher"), world, outcome="visit_needed", site_id=str(other.id))
    assert r.status_code == 422
    assert list(r.json["errors"]["json"]) == ["site_id"]
    assert db.session.query(Call).count() == 0 and _orders(db) == before


def test_calls_are_listed_latest_first_with_filters(client, login, world):
    headers = login("dispatcher")
    _log(client, headers, world, received_at="2026-11-01T09:00:00+08:00", caller_name="甲")
    _log(client, headers, world, outcome="not_ours", customer_id=None, caller_name="乙")
    _log(
        client,
        headers,
        world,
        outcome="visit_needed",
        device_id=str(world.devices[0].id),
        received_at="2026-11-03T09:00:00+08:00",
        caller_name="丙",
    )
    everything = client.get("/api/v1/calls/", headers=headers).json
    assert [c["caller_name"] for c in everything["items"]] == ["丙", "乙", "甲"]
    assert everything["total"] == 3

    def names(**query):
        r = client.get("/api/v1/calls/", query_string=query, headers=headers)
        assert r.status_code == 200, r.json
        return [c["caller_name"] for c in r.json["items"]]

    assert names(outcome="not_ours") == ["乙"]
    assert names(device_id=str(world.devices[0].id)) == ["丙"]
    assert names(customer_id=str(world.customer.id)) == ["丙", "甲"]
    assert names(**{"from": "2026-11-02", "to": "2026-11-02"}) == ["乙"]
    assert names(q="丙") == ["丙"]
    page = client.get("/api/v1/calls/", query_string={"per_page": 2, "page": 2}, headers=headers)
    assert [c["caller_name"] for c in page.json["items"]] == ["甲"] and page.json["pages"] == 2
    bad = client.get("/api/v1/calls/", query_string={"outcome": "x"}, headers=headers)
    assert bad.status_code == 422 and "outcome" in bad.json["errors"]["query"]


def test_the_customers_history_lists_its_calls(client, login, world):
    headers = login("supervisor")
    mine = _log(client, headers, world).json
    _log(client, headers, world, outcome="not_ours", customer_id=None)
    r = client.get(f"/api/v1/customers/{world.customer.id}/calls", headers=headers)
    assert r.status_code == 200, r.json
    assert [c["id"] for c in r.json["items"]] == [mine["id"]]
    one = client.get(f"/api/v1/calls/{mine['id']}", headers=headers)
    assert one.status_code == 200 and one.json["number"] == mine["number"]


@pytest.mark.parametrize("role", ["admin", "dispatcher", "supervisor"])
def test_every_office_role_keeps_the_hotline_log(client, login, world, role):
    assert _log(client, login(role), world).status_code == 201


def test_an_engineer_may_not_log_or_read_calls(client, login, world):
    call = _log(client, login("dispatcher"), world).json
    headers = login("engineer1")
    assert _log(client, headers, world).status_code == 403
    assert client.get("/api/v1/calls/", headers=headers).status_code == 403
    assert client.get(f"/api/v1/calls/{call['id']}", headers=headers).status_code == 403
    history = client.get(f"/api/v1/customers/{world.customer.id}/calls", headers=headers)
    assert history.status_code == 403


def test_an_unknown_call_or_customer_is_404(client, login, world):
    headers = login("dispatcher")
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/api/v1/calls/{missing}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/customers/{missing}/calls", headers=headers).status_code == 404
