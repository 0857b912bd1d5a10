"""Remote sessions (远程处理): started with the customer's consent (who agreed, when), ended
with what was done; starting one stops the order's remote SLA clock and prices one
remote-session fee; a session that solved it resolves the order remotely."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from server.models import RemoteSession, WorkOrder


def _remote_call(client, headers, world):
    """A hotline call whose phone support failed: its order's remote clock runs."""
    r = client.post(
        "/api/v1/calls/",
        json={
            "customer_id": str(world.customer.id),
            "device_id": str(world.devices[0].id),
            "summary": "录像机无法回放",
            "outcome": "remote_session",
        },
        headers=headers,
    )
    assert r.status_code == 201, r.json
    return r.json


@pytest.fixture
def decided(world, db):
    """The world's first camera has its acceptance date: its orders have a warranty
    decision, so their fees can be priced."""
    world.devices[0].accepted_on = date(2026, 1, 10)
    db.session.commit()


def _start(client, headers, order_id, **extra):
    body = {"consent_by": "王主任", **extra}
    return client.post(
        f"/api/v1/work-orders/{order_id}/remote-sessions", json=body, headers=headers
    )


def _end(client, headers, order_id, session_id, **extra):
    body = {"work_done": "远程重启录像服务", **extra}
    url = f"/api/v1/work-orders/{order_id}/remote-sessions/{session_id}/end"
    return client.post(url, json=body, headers=headers)


def test_a_remote_session_with_consent_stops_the_remote_clock_and_is_priced(
    client, login, world, decided
):
    headers = login("dispatcher")
    call = _remote_call(client, headers, world)
    order_id = call["work_order"]["id"]
    r = _start(
        client,
        headers,
        order_id,
        consent_at="2026-11-02T10:00:00+08:00",
        call_id=call["id"],
        engineer_id=str(world.users["engineer1"].id),
    )
    assert r.status_code == 201, r.json
    session = r.json
    assert (session["consent_by"], session["call_id"]) == ("王主任", call["id"])
    assert session["consent_at"].startswith("2026-11-02T02:00:00")
    assert session["engineer"]["username"] == "engineer1" and session["ended_at"] is None
    order = client.get(f"/api/v1/work-orders/{order_id}", headers=headers).json
    assert order["status"] == "remote"
    assert order["sla"]["clocks"]["remote"]["state"] == "met"
    fees = client.get(f"/api/v1/work-orders/{order_id}/fees", headers=headers).json
    [line] = [line for line in fees["lines"] if line["kind"] == "remote_session"]
    assert (line["quantity"], line["unit_cents"]) == (1, 2000)  # remote_session_fee_cents


def test_the_remote_session_fee_is_the_contracts_setting(client, login, world, db, decided):
    world.contract.settings = {"fees": {"remote_session_fee_cents": 3500}}
    db.session.commit()
    headers = login("dispatcher")
    assert _start(client, headers, world.wo1.id).status_code == 201
    fees = client.get(f"/api/v1/work-orders/{world.wo1.id}/fees", headers=headers).json
    [line] = [line for line in fees["lines"] if line["kind"] == "remote_session"]
    assert line["unit_cents"] == 3500


def test_ending_a_session_records_what_was_done_and_the_order_stays_remote(client, login, world):
    headers = login("dispatcher")
    session = _start(client, headers, world.wo1.id).json
    r = _end(client, headers, world.wo1.id, session["id"])
    assert r.status_code == 200, r.json
    assert r.json["work_done"] == "远程重启录像服务" and r.json["ended_at"] is not None
    listed = client.get(f"/api/v1/work-orders/{world.wo1.id}/remote-sessions", headers=headers)
    assert [s["id"] for s in listed.json] == [session["id"]]
    assert (
        client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=headers).json["status"]
        == "remote"
    )
    again = _end(client, headers, world.wo1.id, session["id"])
    assert again.status_code == 409 and again.json["key"] == "errors.remoteSession.ended"


def test_a_session_that_solved_it_resolves_the_order_once_the_diagnosis_is_there(
    client, login, world, db, diagnose
):
    headers = login("dispatcher")
    session = _start(client, headers, world.wo1.id).json
    refused = _end(client, headers, world.wo1.id, session["id"], resolved=True)
    assert refused.status_code == 422  # a repair resolved remotely needs its diagnosis
    assert db.session.get(RemoteSession, uuid.UUID(session["id"])).ended_at is None
    diagnose(world.wo1)
    r = _end(client, headers, world.wo1.id, session["id"], resolved=True)
    assert r.status_code == 200, r.json
    assert db.session.get(WorkOrder, world.wo1.id).status == "completed"


def test_a_second_session_cannot_start_while_the_order_is_in_one(client, login, world):
    headers = login("dispatcher")
    assert _start(client, headers, world.wo1.id).status_code == 201
    again = _start(client, headers, world.wo1.id)
    assert again.status_code == 409 and again.json["key"] == "errors.workOrder.invalidTransition"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"consent_by": ""}, "consent_by"),
        ({"consent_by": "   "}, "consent_by"),
        ({"consent_at": "2999-01-01T00:00:00+00:00"}, "consent_at"),
        ({"consent_at": "2026-11-02T10:00:00"}, "consent_at"),  # naive
        ({"call_id": "00000000-0000-0000-0000-000000000000"}, "call_id"),
        ({"engineer_id": "00000000-0000-0000-0000-000000000000"}, "engineer_id"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_input_to_a_session_is_refused_naming_the_field(client, login, world, extra, field):
    r = _start(client, login("dispatcher"), world.wo1.id, **extra)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]["json"]


def test_an_end_before_the_start_is_refused(client, login, world):
    headers = login("dispatcher")
    session = _start(client, headers, world.wo1.id).json
    r = _end(client, headers, world.wo1.id, session["id"], ended_at="2026-01-01T00:00:00+00:00")
    assert r.status_code == 422 and "ended_at" in r.json["errors"]["json"]


def test_the_orders_engineer_runs_his_own_session_and_no_one_elses(client, login, world):
    mine = login("engineer1")
    r = _start(client, mine, world.wo1.id)
    assert r.status_code == 201, r.json
    assert r.json["engineer"]["username"] == "engineer1"
    other = str(world.users["engineer2"].id)
    assert _start(client, login("engineer2"), world.wo1.id).status_code == 404
    assert _start(client, mine, world.wo1.id, engineer_id=other).status_code == 422
    listed = client.get(
        f"/api/v1/work-orders/{world.wo1.id}/remote-sessions", headers=login("engineer2")
    )
    assert listed.status_code == 404
