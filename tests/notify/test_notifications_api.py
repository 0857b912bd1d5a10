"""The office's view of the outbox: the list with state, error and attempts; resend."""

from __future__ import annotations

from sqlalchemy import select

from server.extensions import db
from server.models import Notification
from server.notify.worker import run_notify
from server.services.work_orders import create_work_order
from server.unit_of_work import committed


def _register(world):
    with committed():
        return create_work_order(
            {"customer_id": world.customer.id, "site_id": world.site.id, "symptom": "无画面"},
            world.users["dispatcher"],
        )


def test_the_office_lists_notifications_with_state_error_and_attempts(
    app, client, login, world, people, smtp
):
    wo = _register(world)
    smtp.refuse = True
    run_notify()
    r = client.get("/api/v1/notifications/?state=queued", headers=login("supervisor"))
    assert r.status_code == 200, r.json
    [item] = r.json["items"]
    assert item["work_order"] == {"id": str(wo.id), "number": wo.number}
    assert item["recipient"] == "li@hospital.example" and item["channel"] == "email"
    assert item["state"] == "queued" and item["attempts"] == 1
    assert "451" in item["last_error"]
    assert item["template"] == "registered" and item["language"] == "en"
    assert (
        client.get("/api/v1/notifications/?state=sent", headers=login("admin")).json["total"] == 0
    )
    by_order = client.get(
        f"/api/v1/notifications/?work_order_id={wo.id}", headers=login("dispatcher")
    )
    assert by_order.json["total"] == 1


def test_resend_queues_it_again_with_a_new_message_id(app, client, login, world, people, smtp):
    wo = _register(world)
    run_notify()
    row = db.session.scalars(select(Notification).where(Notification.work_order_id == wo.id)).one()
    assert row.state == "sent"
    r = client.post(f"/api/v1/notifications/{row.id}/resend", headers=login("dispatcher"))
    assert r.status_code == 200, r.json
    assert r.json["state"] == "queued" and r.json["attempts"] == 0 and r.json["resends"] == 1
    assert run_notify()["sent"] == 1
    first, second = smtp.to("li@hospital.example")
    assert first["Message-ID"] != second["Message-ID"]
    assert second["Message-ID"] == f"<notification-{row.id}.1@localhost>"


def test_a_failed_notification_can_be_resent(app, client, login, world, people, smtp):
    wo = _register(world)
    smtp.refuse = True
    app.config["NOTIFY_MAX_ATTEMPTS"] = 1
    try:
        run_notify()
    finally:
        app.config["NOTIFY_MAX_ATTEMPTS"] = 8
    row = db.session.scalars(select(Notification).where(Notification.work_order_id == wo.id)).one()
    assert row.state == "failed"
    smtp.refuse = False
    r = client.post(f"/api/v1/notifications/{row.id}/resend", headers=login("supervisor"))
    assert r.json["state"] == "queued"
    assert run_notify()["sent"] == 1
    assert len(smtp.messages) == 1


def test_engineers_do_not_read_the_outbox(client, login, world, people):
    wo = _register(world)
    eng = login("engineer1")
    assert client.get("/api/v1/notifications/", headers=eng).status_code == 403
    row = db.session.scalars(select(Notification).where(Notification.work_order_id == wo.id)).one()
    assert client.post(f"/api/v1/notifications/{row.id}/resend", headers=eng).status_code == 403


def test_resending_an_unknown_notification_is_404(client, login, world):
    r = client.post(
        "/api/v1/notifications/00000000-0000-0000-0000-000000000000/resend",
        headers=login("admin"),
    )
    assert r.status_code == 404
