"""The outbox: a notification is written in the transaction of its event, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from server.extensions import db
from server.models import Notification, SlaOutcome
from server.models.base import utcnow
from server.services.work_orders import create_work_order
from server.unit_of_work import committed


def _rows(**where):
    query = select(Notification).order_by(Notification.created_at, Notification.recipient)
    for name, value in where.items():
        query = query.where(getattr(Notification, name) == value)
    return db.session.scalars(query).all()


def _clocks(wo, *clocks: SlaOutcome) -> None:
    """The order's stored clocks are these (as the outcomes refresh would store them)."""
    db.session.execute(delete(SlaOutcome).where(SlaOutcome.work_order_id == wo.id))
    db.session.add_all(clocks)
    db.session.commit()


def _register(world, actor="dispatcher", **overrides):
    data = {
        "customer_id": world.customer.id,
        "site_id": world.site.id,
        "symptom": "画面黑屏",
        "severity": 3,
        "device_ids": [world.devices[0].id],
        **overrides,
    }
    with committed():
        return create_work_order(data, world.users[actor])


def test_registering_a_request_queues_an_email_to_the_customer_contact(world, people):
    wo = _register(world)
    [row] = _rows(work_order_id=wo.id)
    assert row.channel == "email" and row.state == "queued" and row.attempts == 0
    assert row.recipient == "li@hospital.example"  # the authorised contact
    assert row.recipient_kind == "contact" and row.recipient_id == people.contact.id
    assert row.template == "registered" and row.event_kind == "registered"
    assert row.language == "en"
    assert wo.number in row.subject
    assert "http://aftercare.test/t/" in row.body


def test_the_order_names_its_contact_and_he_is_written_to_in_his_language(world, people):
    wo = _register(world, contact_name="王主任")
    [row] = _rows(work_order_id=wo.id)
    assert row.recipient == "wang@hospital.example"
    assert row.language == "zh-CN"  # no locale of his own: the organisation's default
    assert "报修已受理" in row.subject and "处理进度" in row.body


def test_the_outbox_row_is_rolled_back_with_its_work_order(world, people):
    with pytest.raises(RuntimeError), committed():
        create_work_order(
            {"customer_id": world.customer.id, "site_id": world.site.id, "symptom": "x"},
            world.users["dispatcher"],
        )
        db.session.flush()
        raise RuntimeError("the use case failed after registering")
    assert _rows() == []
    # and a successful one after it writes its row
    _register(world)
    assert len(_rows()) == 1


def test_an_order_opened_on_site_by_the_engineer_tells_the_customer_nothing(world, people):
    wo = _register(world, actor="engineer1")
    assert _rows(work_order_id=wo.id) == []


def test_without_an_email_address_nothing_is_queued(world):
    wo = _register(world)
    assert _rows(work_order_id=wo.id) == []


def test_assignment_queues_the_engineer_and_appointment(world, people):
    world.users["engineer2"].display_name = "张工"
    db.session.commit()
    at = utcnow().replace(microsecond=0) + timedelta(days=1)
    wo = _register(world, assigned_engineer_id=world.users["engineer2"].id, appointment_at=at)
    rows = _rows(work_order_id=wo.id)
    assert [r.template for r in rows] == ["registered", "assigned"]
    assert "张工" in rows[1].body
    shanghai = (at + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert shanghai in rows[1].body


def test_a_level1_request_tells_the_centres_managers(world, people):
    wo = _register(world, severity=1)
    [manager] = _rows(work_order_id=wo.id, template="level1")
    assert manager.recipient == "boss@aftercare.example"
    assert manager.recipient_kind == "user"
    assert f"http://aftercare.test/office/review/{wo.id}" in manager.body


def test_a_request_raised_to_level_1_tells_the_managers_once_and_the_customer_nothing(
    world, people
):
    from server.services.work_orders import update_work_order

    wo = _register(world, severity=3)
    before = len(_rows(work_order_id=wo.id))
    for severity in (1, 1):
        with committed():
            update_work_order(wo, {"severity": severity}, world.users["dispatcher"])
    [manager] = _rows(work_order_id=wo.id, template="level1")
    assert manager.recipient == "boss@aftercare.example"
    assert len(_rows(work_order_id=wo.id)) == before + 1  # no "appointment" e-mail


def test_a_breached_clock_is_told_to_the_managers_once(world, people):
    from server.services.notifications import enqueue_breaches

    wo = _register(world)
    now = utcnow()
    _clocks(
        wo,
        SlaOutcome(
            work_order_id=wo.id,
            clock="response",
            started_at=now - timedelta(hours=3),
            deadline_at=now - timedelta(minutes=5),
            target_minutes=60,
        ),
    )
    with committed():
        assert enqueue_breaches(now, db.session) == 1
    with committed():
        assert enqueue_breaches(now + timedelta(minutes=10), db.session) == 0
    [row] = _rows(template="sla_breached")
    assert row.recipient == "boss@aftercare.example"
    assert row.event_ref == "response"
    assert "响应" in row.subject


def test_a_clock_met_in_time_or_breached_long_ago_is_not_told(world, people):
    from server.services.notifications import enqueue_breaches

    wo = _register(world)
    now = utcnow()
    _clocks(
        wo,
        *[
            SlaOutcome(
                work_order_id=wo.id,
                clock="response",
                started_at=now - timedelta(hours=3),
                stopped_at=now - timedelta(hours=2),
                deadline_at=now - timedelta(hours=1),
                is_met=True,
                ended_by="stop",
            ),
            SlaOutcome(
                work_order_id=wo.id,
                clock="arrival",
                started_at=now - timedelta(days=3),
                deadline_at=now - timedelta(days=2),
            ),
        ],
    )
    with committed():
        assert enqueue_breaches(now, db.session) == 0


def test_registration_is_queued_once_per_order_even_if_hooks_run_again(world, people):
    from server.services.notifications import enqueue_for_events

    wo = _register(world)
    with committed():
        assert enqueue_for_events([e.id for e in wo.events], db.session) == 0
    assert len(_rows(work_order_id=wo.id)) == 1
