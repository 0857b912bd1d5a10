"""Closed is closed, and nothing is thrown away: work an engineer did offline on an order
that was closed, cancelled or reassigned before his phone synced is kept on the order as a
late contribution, told to the phone in words, and accepted or dismissed by a supervisor."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from server.models import LateContribution, SlaOutcome, WorkOrderEvent, WorkOrderNote
from tests.sync.phone import Phone


def _phone(client, login, username="engineer1") -> Phone:
    phone = Phone(client, login(username))
    phone.pull()
    return phone


def _note(phone: Phone, wo_id: str, text: str = "已到现场") -> str:
    note_id = str(uuid.uuid4())
    phone.mutate("work_order_note.add", {"id": note_id, "work_order_id": wo_id, "text": text})
    return note_id


def _reassign(client, login, wo_id, engineer_id) -> None:
    r = client.post(
        f"/api/v1/work-orders/{wo_id}/actions",
        json={"action": "assign", "engineer_id": str(engineer_id)},
        headers=login("dispatcher"),
    )
    assert r.status_code == 200, r.json


def _cancel(client, login, wo_id) -> None:
    r = client.post(
        f"/api/v1/work-orders/{wo_id}/actions",
        json={"action": "cancel", "note": "客户撤单"},
        headers=login("dispatcher"),
    )
    assert r.status_code == 200, r.json


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_work_on_an_order_reassigned_meanwhile_is_kept_and_told_in_words(client, login, world, db):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _reassign(client, login, wo_id, world.users["engineer2"].id)
    arrived = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20)
    phone.transition(wo_id, "accept", occurred_at=arrived - timedelta(minutes=5))
    phone.transition(wo_id, "arrive", occurred_at=arrived)
    _note(phone, wo_id)
    sent = list(phone.outbox)
    results = phone.push()["results"]
    assert [r["status"] for r in results] == ["late", "late", "late"]
    told = results[0]
    assert told["key"] == "sync.late.reassigned"
    assert told["late"]["reassigned_to"]["display_name"] == world.users["engineer2"].display_name
    assert told["late"]["number"] == world.wo1.number
    assert told["late"]["changed_at"] is not None
    assert _count(db, LateContribution) == 3
    assert _count(db, WorkOrderNote) == 0  # not applied until a supervisor says so
    # Sent again (a lost answer), it is the same late contribution, not a second one.
    resent = phone.push_raw(sent)
    assert [r.get("duplicate") for r in resent.json["results"]] == [True, True, True]
    assert _count(db, LateContribution) == 3


def test_changes_for_a_cancelled_order_are_kept_not_applied(client, login, world, db):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _cancel(client, login, wo_id)
    _note(phone, wo_id, "已更换电源")
    phone.mutate("part_usage.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id,
                                     "part_id": str(world.part.id), "quantity": 1})  # fmt: skip
    results = phone.push()["results"]
    assert [(r["status"], r["late"]["reason"]) for r in results] == [
        ("late", "cancelled"),
        ("late", "cancelled"),
    ]
    listed = client.get(
        "/api/v1/sync/late", query_string={"work_order_id": wo_id}, headers=login("supervisor")
    ).json
    assert sorted((row["name"], row["reason"], row["status"]) for row in listed["items"]) == [
        ("part_usage.add", "cancelled", "open"),
        ("work_order_note.add", "cancelled", "open"),
    ]
    assert all(row["work_order"]["number"] == world.wo1.number for row in listed["items"])


def test_an_accepted_late_arrival_counts_for_the_sla_and_the_status_stays(client, login, world, db):
    reported = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    wo = world.make_work_order(
        severity=1, reported_at=reported, assigned_engineer_id=world.users["engineer1"].id
    )
    phone = _phone(client, login)
    _reassign(client, login, wo.id, world.users["engineer2"].id)
    phone.transition(str(wo.id), "accept", occurred_at=reported + timedelta(minutes=10))
    phone.transition(str(wo.id), "arrive", occurred_at=reported + timedelta(minutes=50))
    note_id = _note(phone, str(wo.id))
    phone.push()
    supervisor = login("supervisor")
    rows = client.get(
        "/api/v1/sync/late", query_string={"work_order_id": str(wo.id)}, headers=supervisor
    ).json["items"]
    for row in rows:
        r = client.post(f"/api/v1/sync/late/{row['id']}/accept", json={}, headers=supervisor)
        assert r.status_code == 200, r.json
        assert r.json["status"] == "accepted"
    db.session.expire_all()
    assert (
        db.session.get(WorkOrderNote, uuid.UUID(note_id)).author_id == world.users["engineer1"].id
    )
    arrived = db.session.scalars(
        select(WorkOrderEvent).filter_by(work_order_id=wo.id, kind="arrived")
    ).one()
    assert arrived.device_at == reported + timedelta(minutes=50)
    assert arrived.data["late"] is True
    assert (arrived.from_status, arrived.to_status) == ("assigned", "assigned")
    arrival = db.session.scalar(
        select(SlaOutcome).where(SlaOutcome.work_order_id == wo.id, SlaOutcome.clock == "arrival")
    )
    assert arrival.stopped_at == reported + timedelta(minutes=50)
    kinds = [e.kind for e in db.session.scalars(
        select(WorkOrderEvent).filter_by(work_order_id=wo.id).order_by(WorkOrderEvent.server_at)
    )]  # fmt: skip
    assert kinds.count("late_accepted") == 3
    again = client.post(f"/api/v1/sync/late/{rows[0]['id']}/accept", json={}, headers=supervisor)
    assert again.status_code == 409


def test_a_dismissed_late_change_needs_a_reason_and_stays_on_record(client, login, world, db):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _cancel(client, login, wo_id)
    _note(phone, wo_id)
    phone.push()
    supervisor = login("supervisor")
    [row] = client.get("/api/v1/sync/late", headers=supervisor).json["items"]
    url = f"/api/v1/sync/late/{row['id']}/dismiss"
    refused = client.post(url, json={"note": " "}, headers=supervisor)
    assert refused.status_code == 422 and "note" in refused.json["errors"]["json"]
    dismissed = client.post(url, json={"note": "客户已撤单，无需处理"}, headers=supervisor)
    assert dismissed.status_code == 200
    assert (dismissed.json["status"], dismissed.json["note"]) == (
        "dismissed",
        "客户已撤单，无需处理",
    )
    assert client.get("/api/v1/sync/late", headers=supervisor).json["items"] == []
    everything = client.get(
        "/api/v1/sync/late", query_string={"status": "all"}, headers=supervisor
    ).json["items"]
    assert [r["status"] for r in everything] == ["dismissed"]
    assert _count(db, WorkOrderNote) == 0


def test_an_engineer_who_never_had_the_order_is_still_refused(client, login, world):
    phone = _phone(client, login, "engineer2")
    _note(phone, str(world.wo1.id))
    [result] = phone.push()["results"]
    assert (result["status"], result["key"]) == ("rejected", "errors.sync.notYourWorkOrder")


def test_only_supervisors_decide_late_changes(client, login, world):
    phone = _phone(client, login)
    _cancel(client, login, str(world.wo1.id))
    _note(phone, str(world.wo1.id))
    phone.push()
    [row] = client.get("/api/v1/sync/late", headers=login("supervisor")).json["items"]
    for user in ("dispatcher", "engineer1"):
        r = client.post(f"/api/v1/sync/late/{row['id']}/accept", json={}, headers=login(user))
        assert r.status_code in (403, 404)
