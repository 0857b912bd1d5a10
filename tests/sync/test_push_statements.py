"""A push costs a fixed number of SQL statements whatever the number of orders it
registers or notes it adds: ids are checked in one query per table, the work-order numbers
are taken in one statement, the rows are written in one flush, and the stored SLA and
warranty outcomes are rewritten set-based at commit (docs/benchmarks.md has the figures)."""

from __future__ import annotations

import uuid

from tests.sql_counting import counting_statements
from tests.sync.phone import Phone


def _push_statements(client, login, db, world, name: str, count: int) -> int:
    phone = Phone(client, login("engineer1"))
    phone.pull()
    for number in range(count):
        if name == "work_order.create":
            args = {"id": str(uuid.uuid4()), "customer_id": str(world.customer.id),
                    "site_id": str(world.site.id), "symptom": f"故障 {number}"}  # fmt: skip
        elif name == "part_usage.add":
            args = {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id),
                    "part_id": str(world.part.id), "quantity": 1}  # fmt: skip
        else:
            args = {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id),
                    "text": f"记录 {number}"}  # fmt: skip
        phone.mutate(name, args)
    db.session.expire_all()
    with counting_statements(db.engine) as statements:
        results = phone.push()["results"]
    assert {r["status"] for r in results} == {"applied"}
    return len(statements)


def test_registering_50_orders_in_one_push_runs_as_many_statements_as_registering_5(
    client, login, db, world
):
    small = _push_statements(client, login, db, world, "work_order.create", 5)
    large = _push_statements(client, login, db, world, "work_order.create", 50)
    assert large == small


def test_adding_50_notes_in_one_push_runs_as_many_statements_as_adding_5(client, login, db, world):
    small = _push_statements(client, login, db, world, "work_order_note.add", 5)
    large = _push_statements(client, login, db, world, "work_order_note.add", 50)
    assert large == small


def test_booking_50_parts_in_one_push_runs_as_many_statements_as_booking_5(
    client, login, db, world
):
    """Each part used books a movement out of the engineer's van: the van is looked up
    once a push, and nothing is flushed or read back per part (a flush per part broke
    the push's batched inserts into a statement each)."""
    _push_statements(client, login, db, world, "part_usage.add", 1)  # his van, created
    small = _push_statements(client, login, db, world, "part_usage.add", 5)
    large = _push_statements(client, login, db, world, "part_usage.add", 50)
    assert large == small


def _orders_of_engineer1(db, world, count: int) -> list[str]:
    from server.services.work_orders import apply_action, create_work_order
    from server.unit_of_work import committed

    engineer, dispatcher = world.users["engineer1"], world.users["dispatcher"]
    ids = []
    with committed():
        for number in range(count):
            wo = create_work_order(
                {"customer_id": world.customer.id, "site_id": world.site.id,
                 "symptom": f"故障 {number}", "assigned_engineer_id": engineer.id},
                dispatcher,
            )  # fmt: skip
            apply_action(wo, {"action": "accept"}, engineer)
            ids.append(str(wo.id))
    return ids


def _changes_statements(client, login, db, world, name: str, count: int) -> int:
    orders = _orders_of_engineer1(db, world, count)
    phone = Phone(client, login("engineer1"))
    phone.pull()
    for number, wo in enumerate(orders):
        if name == "work_order.update":
            phone.update_work_order(wo, diagnosis_cause=f"原因 {number}")
        else:
            phone.transition(wo, "depart")
    db.session.expire_all()
    with counting_statements(db.engine) as statements:
        results = phone.push()["results"]
    assert {r["status"] for r in results} == {"applied"}, results
    return len(statements)


def test_editing_50_orders_in_one_push_runs_as_many_statements_as_editing_5(
    client, login, db, world
):
    small = _changes_statements(client, login, db, world, "work_order.update", 5)
    large = _changes_statements(client, login, db, world, "work_order.update", 50)
    assert large == small


def test_moving_50_orders_in_one_push_runs_as_many_statements_as_moving_5(client, login, db, world):
    small = _changes_statements(client, login, db, world, "work_order.transition", 5)
    large = _changes_statements(client, login, db, world, "work_order.transition", 50)
    assert large == small


def _statements_of(client, login, db, world, action: str) -> list[str]:
    (wo,) = _orders_of_engineer1(db, world, 1)
    phone = Phone(client, login("engineer1"))
    phone.pull()
    phone.transition(wo, action)
    db.session.expire_all()
    with counting_statements(db.engine) as statements:
        results = phone.push()["results"]
    assert {r["status"] for r in results} == {"applied"}, results
    return statements


def _reads_visits_or_repeats(statements: list[str]) -> bool:
    return any(
        "FROM scheduled_visits" in s or s.startswith("SELECT work_order_devices.device_id")
        for s in statements
    )


def test_an_escalation_rewrites_the_sla_outcomes_but_reads_no_visits_or_repeat_repairs(
    client, login, db, world
):
    """An escalation starts a clock (the SLA rows are rewritten) but changes neither the
    order's life cycle nor what makes it a repeat repair, so neither is looked at."""
    statements = _statements_of(client, login, db, world, "escalate")
    assert any("INSERT INTO sla_outcomes" in s for s in statements)
    assert not _reads_visits_or_repeats(statements)


def test_a_status_change_rewrites_visits_and_repeat_repairs_too(client, login, db, world):
    statements = _statements_of(client, login, db, world, "depart")
    assert _reads_visits_or_repeats(statements)


def _stored_outcomes(db, wo_id: str):
    from sqlalchemy import select

    from server.models import SlaOutcome, WorkOrderOutcome

    db.session.expire_all()
    clocks = [
        {c: v for c, v in row._mapping.items() if c != "computed_at"}
        for row in db.session.execute(
            select(SlaOutcome.__table__).where(SlaOutcome.work_order_id == uuid.UUID(wo_id))
        )
    ]
    (order,) = db.session.execute(
        select(WorkOrderOutcome.__table__).where(WorkOrderOutcome.work_order_id == uuid.UUID(wo_id))
    )
    return sorted(clocks, key=lambda c: c["clock"]), {
        c: v for c, v in order._mapping.items() if c != "computed_at"
    }


def test_a_status_action_reads_the_events_its_rules_read_not_the_edits(client, login, db, world):
    """An order edited 20 times, then escalated and sent on its way: the push loads its
    history without the 20 "updated" events (no rule reads them: a history of edits made
    every status action dearer), and stores the outcomes a full recompute stores."""
    from sqlalchemy import event

    from server.models import WorkOrderEvent
    from server.services import outcomes
    from server.unit_of_work import committed

    (wo,) = _orders_of_engineer1(db, world, 1)
    phone = Phone(client, login("engineer1"))
    phone.pull()
    for number in range(20):
        phone.update_work_order(wo, diagnosis_cause=f"原因 {number}")
    phone.push()
    phone.transition(wo, "escalate")
    phone.transition(wo, "depart")
    db.session.expire_all()
    loaded: list[str] = []

    def note(target, context):
        loaded.append(target.kind)

    event.listen(WorkOrderEvent, "load", note)
    try:
        results = phone.push()["results"]
    finally:
        event.remove(WorkOrderEvent, "load", note)
    assert {r["status"] for r in results} == {"applied"}, results
    assert loaded and "updated" not in loaded
    stored = _stored_outcomes(db, wo)
    with committed():
        outcomes.refresh([uuid.UUID(wo)], db.session)
    assert _stored_outcomes(db, wo) == stored
    assert {c["clock"] for c in stored[0]} >= {"response", "remote"}
