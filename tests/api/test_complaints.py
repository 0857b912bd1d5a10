"""Complaints: registered with their deadlines (verify 2 days, answer 5), verified,
answered with cause and responsibility; supervisors and admins only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

RECEIVED = "2026-11-02T10:00:00+08:00"  # a Monday


def _register(client, headers, world, **extra):
    body = {
        "customer_id": str(world.customer.id),
        "work_order_id": str(world.wo1.id),
        "channel": "phone",
        "complainant": "王主任",
        "description": "工程师迟到一个小时",
        "received_at": RECEIVED,
        **extra,
    }
    return client.post("/api/v1/complaints/", json=body, headers=headers)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_complaint_must_be_verified_within_2_days_and_answered_within_5(client, login, world):
    r = _register(client, login("supervisor"), world)
    assert r.status_code == 201, r.json
    received = _at(RECEIVED)
    assert _at(r.json["verify_due_at"]) == received + timedelta(days=2)
    assert _at(r.json["answer_due_at"]) == received + timedelta(days=5)
    assert r.json["number"].startswith("TS-") and r.json["status"] == "open"
    # The engineer of the work order complained about is linked.
    assert r.json["engineer"]["username"] == "engineer1"
    assert r.json["work_order"]["number"] == world.wo1.number


def test_the_deadlines_are_settings_and_may_count_working_days(
    client, login, world, app, monkeypatch
):
    monkeypatch.setitem(app.config, "COMPLAINT_VERIFY_DAYS", 1)
    monkeypatch.setitem(app.config, "COMPLAINT_ANSWER_DAYS", 2)
    monkeypatch.setitem(app.config, "COMPLAINT_WORKING_DAYS", True)
    r = _register(client, login("admin"), world, received_at="2026-11-06T15:00:00+08:00")
    assert _at(r.json["verify_due_at"]) == _at("2026-11-10T00:00:00+08:00")  # end of Monday
    assert _at(r.json["answer_due_at"]) == _at("2026-11-11T00:00:00+08:00")  # end of Tuesday


def test_a_complaint_is_verified_then_answered_with_its_cause_and_responsibility(
    client, login, world
):
    headers = login("supervisor")
    complaint = _register(client, headers, world).json
    base = f"/api/v1/complaints/{complaint['id']}"
    early = client.post(f"{base}/answer", json={"answer": "已致歉"}, headers=headers)
    assert early.status_code == 409 and early.json["key"] == "errors.complaint.notVerified"
    verified = client.post(
        f"{base}/verify",
        json={"verification": "核实属实", "at": "2026-11-03T09:00:00+08:00"},
        headers=headers,
    )
    assert verified.json["status"] == "verified" and verified.json["verify_state"] == "on_time"
    answered = client.post(
        f"{base}/answer",
        json={"answer": "已致歉并改进派单", "cause": "派单过紧", "is_our_fault": True,
              "at": "2026-11-08T09:00:00+08:00"},
        headers=headers,
    )  # fmt: skip
    assert answered.status_code == 200, answered.json
    assert answered.json["status"] == "answered"
    assert answered.json["answer_state"] == "late"  # due on the 7th at 10:00
    assert (answered.json["cause"], answered.json["is_our_fault"]) == ("派单过紧", True)
    again = client.post(f"{base}/verify", json={"verification": "再次"}, headers=headers)
    assert again.status_code == 409


def test_responsibility_can_be_corrected_and_open_complaints_show_their_deadline_state(
    client, login, world
):
    headers = login("supervisor")
    complaint = _register(client, headers, world).json
    r = client.patch(
        f"/api/v1/complaints/{complaint['id']}",
        json={"is_our_fault": False, "cause": "客户设备断电"},
        headers=headers,
    )
    assert r.json["is_our_fault"] is False
    listed = client.get("/api/v1/complaints/?status=unanswered", headers=headers).json
    assert [c["verify_state"] for c in listed["items"]] == ["overdue"]  # received in 2026-11


def test_a_work_order_of_another_customer_is_refused(client, login, world, db):
    from server.models import Customer, Site

    other = Customer(name="另一家", code="OTHER")
    db.session.add_all([other, Site(customer=other, name="总部")])
    db.session.commit()
    r = _register(client, login("supervisor"), world, customer_id=str(other.id))
    assert r.status_code == 422 and "work_order_id" in r.json["errors"]["json"]


def test_complaints_export_as_csv(client, login, world):
    headers = login("admin")
    _register(client, headers, world)
    r = client.get("/api/v1/complaints/?format=csv", headers=headers)
    lines = r.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("number,status,customer") and "工程师迟到" in lines[1]


@pytest.mark.parametrize("username", ["dispatcher", "engineer1"])
def test_complaints_are_handled_apart_from_the_service_team(client, login, world, username):
    headers = login(username)
    assert client.get("/api/v1/complaints/", headers=headers).status_code == 403
    assert _register(client, headers, world).status_code == 403
