"""Stored SLA and warranty outcomes follow the work order without anyone asking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from server.models import SlaOutcome, WorkOrderOutcome
from server.services import work_orders
from server.unit_of_work import committed


def apply_action(*args, **kwargs):
    with committed():  # the test is the edge that commits
        return work_orders.apply_action(*args, **kwargs)


def update_work_order(*args, **kwargs):
    with committed():
        return work_orders.update_work_order(*args, **kwargs)


def _clocks(db, wo):
    wo_id = wo.id
    db.session.expire_all()
    rows = db.session.scalars(select(SlaOutcome).where(SlaOutcome.work_order_id == wo_id))
    return {row.clock: row for row in rows}


def test_registering_a_work_order_stores_its_running_clocks(db, world):
    clocks = _clocks(db, world.wo1)
    assert set(clocks) == {"response", "arrival", "restore", "resolve"}  # remote never started
    response = clocks["response"]
    assert response.stopped_at is None and response.is_met is None
    assert response.deadline_at is not None and response.target_minutes == 120


def test_an_event_from_the_phone_stops_the_clock_at_the_phones_time(db, world):
    reported = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    wo = world.make_work_order(
        severity=1, reported_at=reported, assigned_engineer_id=world.users["engineer1"].id
    )
    apply_action(
        wo, {"action": "accept", "occurred_at": reported + timedelta(minutes=45)},
        world.users["engineer1"],
    )  # fmt: skip
    response = _clocks(db, wo)["response"]
    assert (response.ended_by, response.is_met) == ("stop", False)  # 45 > 30 minutes
    assert (response.business_minutes, response.wall_minutes) == (45, 45)


def test_a_changed_severity_recomputes_the_deadlines(db, world):
    before = _clocks(db, world.wo1)["response"].target_minutes
    update_work_order(world.wo1, {"severity": 1}, world.users["dispatcher"])
    assert (before, _clocks(db, world.wo1)["response"].target_minutes) == (120, 30)


def test_the_warranty_status_and_resolution_are_stored(db, world, diagnose, sign_off):
    update_work_order(world.wo1, {"exclusions": ["lightning"]}, world.users["engineer1"])
    for action in ("accept", "arrive"):
        apply_action(world.wo1, {"action": action}, world.users["engineer1"])
    diagnose(world.wo1)
    sign_off(world.wo1)
    apply_action(world.wo1, {"action": "complete"}, world.users["engineer1"])
    db.session.expire_all()
    row = db.session.get(WorkOrderOutcome, world.wo1.id)
    assert (row.warranty_status, row.is_free, row.send_backs) == ("excluded", False, 0)
    assert row.resolved_at is not None


def test_recompute_rewrites_every_work_order(app, db, world):
    wo2 = SimpleNamespace(id=world.wo2.id)  # recompute expunges the session's objects
    db.session.execute(SlaOutcome.__table__.delete())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["recompute"])
    assert result.exit_code == 0 and "Recomputed 2 work orders" in result.output
    assert set(_clocks(db, wo2)) == {"response", "arrival", "restore", "resolve"}


def test_a_later_repair_of_the_same_defect_marks_the_earlier_one_repeated_until_it_changes(
    db, world, diagnose, sign_off
):
    engineer = world.users["engineer1"]
    first = world.wo1  # on the first camera
    update_work_order(first, {"defect_code": "no_video"}, engineer)
    for action in ("accept", "arrive"):
        apply_action(first, {"action": action}, engineer)
    diagnose(first)
    sign_off(first)
    apply_action(first, {"action": "complete"}, engineer)
    second = world.make_work_order(assigned_engineer_id=engineer.id)  # the same camera
    update_work_order(second, {"defect_code": "no_video"}, engineer)
    db.session.expire_all()
    stored = db.session.get(WorkOrderOutcome, first.id)
    assert stored.repeat_reported_at == db.session.get(type(second), second.id).reported_at
    update_work_order(second, {"defect_code": "psu"}, engineer)
    db.session.expire_all()
    assert db.session.get(WorkOrderOutcome, first.id).repeat_reported_at is None


def test_an_order_refreshed_before_the_commit_that_created_it_is_written_once(db, world):
    """The rows of an order created in the transaction are inserted in bulk at commit
    (server.bulk_sql), not upserted: rows an explicit refresh wrote earlier in the same
    transaction are replaced, not doubled or refused."""
    from server.services import outcomes

    with committed():
        wo = work_orders.create_work_order(
            {"customer_id": world.customer.id, "site_id": world.site.id, "symptom": "无信号",
             "severity": 3, "assigned_engineer_id": world.users["engineer1"].id},
            world.users["dispatcher"],
        )  # fmt: skip
        db.session.flush()
        outcomes.refresh([wo.id], db.session)
    clocks = _clocks(db, wo)
    assert set(clocks) == {"response", "arrival", "restore", "resolve"}
    stored = db.session.scalars(
        select(WorkOrderOutcome).where(WorkOrderOutcome.work_order_id == wo.id)
    ).all()
    assert len(stored) == 1
