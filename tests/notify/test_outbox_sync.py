"""Notifications caused by what a phone pushes: written with the push, and not for a
mutation the push refused (rolled back with its savepoint)."""

from __future__ import annotations

from sqlalchemy import func, select

from server.extensions import db
from server.models import Notification, WorkOrderNote
from tests.conftest import DIAGNOSIS
from tests.sync.phone import Phone


def _templates():
    return db.session.scalars(select(Notification.template).order_by(Notification.created_at)).all()


def test_a_completion_pushed_from_the_phone_queues_the_customers_email(
    client, login, world, people
):
    phone = Phone(client, login("engineer1"))
    phone.sync()
    wo = str(world.wo1.id)
    phone.transition(wo, "accept")
    phone.transition(wo, "arrive")
    phone.update_work_order(wo, **DIAGNOSIS)
    phone.sign(wo)
    phone.transition(wo, "complete")
    phone.push()
    assert db.session.get(type(world.wo1), world.wo1.id).status == "completed"
    assert _templates() == ["completed"]
    row = db.session.scalars(select(Notification)).one()
    assert row.recipient == "li@hospital.example" and "/t/" in row.body


def test_a_refused_completion_queues_nothing(client, login, world, people):
    phone = Phone(client, login("engineer1"))
    phone.sync()
    wo = str(world.wo1.id)
    phone.transition(wo, "accept")
    phone.transition(wo, "arrive")
    phone.transition(wo, "complete")  # no diagnosis, no signature: refused
    phone.push()
    assert db.session.get(type(world.wo1), world.wo1.id).status == "on_site"
    assert _templates() == []


def test_a_push_of_many_notes_writes_no_notification(client, login, world, people):
    import uuid

    phone = Phone(client, login("engineer1"))
    phone.sync()
    for i in range(50):
        phone.mutate(
            "work_order_note.add",
            {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "text": f"记录 {i}"},
        )
    phone.push()
    assert db.session.scalar(select(func.count()).select_from(WorkOrderNote)) == 50
    assert _templates() == []
