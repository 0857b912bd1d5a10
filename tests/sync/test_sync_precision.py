"""Sync to the letter: a phone whose clock runs ahead still registers orders offline, the
same mutation twice in one batch is one change answered twice, and a row reads the same
in a push answer and in a pull."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import func, select

from server.models import SyncMutation, WorkOrder, WorkOrderNote
from tests.sync.phone import Phone


def _phone(client, login) -> Phone:
    phone = Phone(client, login("engineer1"))
    phone.pull()
    return phone


def test_a_phone_whose_clock_runs_ahead_still_registers_an_order_offline(client, login, world, db):
    phone = _phone(client, login)
    ahead = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    wo_id = str(uuid.uuid4())
    phone.mutate(
        "work_order.create",
        {"id": wo_id, "customer_id": str(world.customer.id), "site_id": str(world.site.id),
         "symptom": "门禁无法开启"},
        occurred_at=ahead,
    )  # fmt: skip
    phone.mutate(
        "work_order_note.add",
        {"id": str(uuid.uuid4()), "work_order_id": wo_id, "text": "已到现场"},
        occurred_at=ahead + timedelta(minutes=1),
    )
    results = phone.push()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    db.session.expire_all()
    wo = db.session.get(WorkOrder, uuid.UUID(wo_id))
    assert wo.reported_at <= datetime.now(UTC)  # no later than the server received it
    registered = next(e for e in wo.events if e.kind == "registered")
    assert registered.device_at == ahead  # the phone's own time is kept
    assert db.session.scalar(select(func.count()).select_from(WorkOrderNote)) == 1


def test_the_same_mutation_twice_in_one_batch_is_one_change_answered_twice(
    client, login, world, db
):
    phone = _phone(client, login)
    note = phone.mutate(
        "work_order_note.add",
        {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "text": "记录"},
    )
    first, second = phone.push([note, note])["results"]
    assert first["status"] == "applied" and "duplicate" not in first
    assert (second["status"], second["duplicate"]) == ("applied", True)
    assert db.session.scalar(select(func.count()).select_from(WorkOrderNote)) == 1
    assert db.session.scalar(select(func.count()).select_from(SyncMutation)) == 1


def test_a_row_reads_the_same_in_a_push_answer_and_in_a_pull(client, login, world):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    shanghai = timezone(timedelta(hours=8))
    appointment = datetime(2026, 12, 1, 9, 30, tzinfo=shanghai)
    phone.update_work_order(wo_id, appointment_at=appointment.isoformat())
    [result] = phone.push()["results"]
    answered = next(r["record"] for r in result["records"] if r["entity"] == "work_orders")
    assert answered["appointment_at"] == "2026-12-01T01:30:00+00:00"
    fresh = Phone(client, login("engineer1"))
    fresh.pull()
    pulled = fresh.store["work_orders"][wo_id]
    assert pulled["appointment_at"] == answered["appointment_at"]
    assert pulled["updated_at"] == answered["updated_at"]
    assert pulled == answered


def test_changes_on_an_order_whose_registration_was_refused_are_kept_and_told_why(
    client, login, world, db
):
    """A refused create never strands what depends on it: each follow-on is refused in
    words naming the refused registration, and kept for the office (GET /sync/rejected)."""
    phone = _phone(client, login)
    wo_id = str(uuid.uuid4())
    create = phone.mutate(  # refused: severity runs 1 to 4
        "work_order.create",
        {"id": wo_id, "customer_id": str(world.customer.id), "site_id": str(world.site.id),
         "symptom": "门禁无法开启", "severity": 9},
    )  # fmt: skip
    note = phone.mutate(
        "work_order_note.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id, "text": "已到现场"}
    )
    step = phone.transition(wo_id, "depart")
    first, *follow_ons = phone.push()["results"]
    assert first["status"] == "rejected"
    for result in follow_ons:
        assert result["status"] == "rejected"
        assert result["key"] == "errors.sync.orderRefused"
        assert result["refused_mutation_id"] == create["id"]
    kept = client.get("/api/v1/sync/rejected", headers=login("supervisor")).json["items"]
    assert {r["id"] for r in kept} >= {create["id"], note["id"], step["id"]}

    # later pushes on that order are told the same, not "not found"
    late = phone.mutate(
        "work_order_note.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id, "text": "补记"}
    )
    [result] = phone.push([late])["results"]
    assert result["key"] == "errors.sync.orderRefused"
