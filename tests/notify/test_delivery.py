"""The worker sends the outbox through a real (local) SMTP server: once, with retries."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from server.domain.notifications import retry_delay
from server.extensions import db
from server.models import Notification
from server.models.base import utcnow
from server.notify.worker import claim, run_notify
from server.services.work_orders import create_work_order
from server.unit_of_work import committed
from tests.notify.smtp import free_port, text_of


def _register(world, **overrides):
    data = {
        "customer_id": world.customer.id,
        "site_id": world.site.id,
        "symptom": "画面黑屏",
        "device_ids": [world.devices[0].id],
        **overrides,
    }
    with committed():
        return create_work_order(data, world.users["dispatcher"])


def _row(wo) -> Notification:
    db.session.expire_all()
    return db.session.scalars(select(Notification).where(Notification.work_order_id == wo.id)).one()


def _act(client, headers, wo_id, action, **body):
    r = client.post(
        f"/api/v1/work-orders/{wo_id}/actions", json={"action": action, **body}, headers=headers
    )
    assert r.status_code == 200, r.json
    return r


def test_the_customer_receives_the_registration_with_the_progress_link(world, people, smtp):
    from server.services.progress import active_link, progress_url

    wo = _register(world)
    assert run_notify()["sent"] == 1
    [mail] = smtp.to("li@hospital.example")
    body = text_of(mail)
    assert mail["Subject"] == f"[Aftercare] Request {wo.number} registered"
    assert progress_url(active_link(wo)) in body
    assert "Follow its progress" in body  # his language: English
    row = _row(wo)
    assert row.state == "sent" and row.sent_at is not None and row.attempts == 1
    assert mail["Message-ID"] == f"<notification-{row.id}.0@localhost>"
    assert run_notify()["sent"] == 0  # never twice
    assert len(smtp.messages) == 1


def test_a_chinese_contact_gets_chinese(world, people, smtp):
    wo = _register(world, contact_name="王主任")
    run_notify()
    [mail] = smtp.to("wang@hospital.example")
    assert mail["Subject"] == f"【Aftercare】报修已受理 {wo.number}"
    assert "处理进度请查看" in text_of(mail)


def test_completion_sends_the_progress_page_with_report_and_survey(
    client, login, world, people, smtp, sign_off
):
    from server.services.progress import active_link, progress_url

    wo = _register(world, assigned_engineer_id=world.users["engineer1"].id)
    eng = login("engineer1")
    for action in ("accept", "arrive"):
        _act(client, eng, wo.id, action)
    r = client.get(f"/api/v1/work-orders/{wo.id}", headers=eng)
    diagnosis = {
        "diagnosis_symptom": "黑屏",
        "diagnosis_cause": "电源坏",
        "diagnosis_fix": "更换电源",
    }
    r = client.patch(
        f"/api/v1/work-orders/{wo.id}",
        json=diagnosis,
        headers={**eng, "If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 200, r.json
    sign_off(wo)
    _act(client, eng, wo.id, "complete")
    assert run_notify()["sent"] == 3  # registered, assigned, completed
    subjects = [m["Subject"] for m in smtp.to("li@hospital.example")]
    assert subjects == [
        f"[Aftercare] Request {wo.number} registered",
        f"[Aftercare] Engineer assigned to {wo.number}",
        f"[Aftercare] Service completed: {wo.number}",
    ]
    completed = text_of(smtp.to("li@hospital.example")[2])
    assert progress_url(active_link(wo)) in completed
    assert "service report" in completed and "how we did" in completed


def test_an_unreachable_mail_server_leaves_it_queued_with_its_error_and_retries(
    app, world, people, smtp
):
    wo = _register(world)
    assert wo.status == "new"  # the order was registered whatever the mail server does
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = free_port()  # nobody listens there
    now = utcnow()
    counts = run_notify(now)
    assert counts["sent"] == 0 and counts["retry"] == 1
    row = _row(wo)
    assert row.state == "queued" and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    base = app.config["NOTIFY_RETRY_BASE_SECONDS"]
    assert row.next_attempt_at >= now + timedelta(seconds=base) - timedelta(seconds=1)
    assert run_notify(now)["sent"] == 0  # not due yet: no attempt
    assert _row(wo).attempts == 1
    app.config["SMTP_PORT"] = port  # the server is back
    assert run_notify(now + timedelta(seconds=base + 1))["sent"] == 1
    row = _row(wo)
    assert row.state == "sent" and row.attempts == 2
    assert len(smtp.messages) == 1


def test_a_refused_message_is_retried_with_back_off_then_failed(app, world, people, smtp):
    wo = _register(world)
    smtp.refuse = True
    app.config["NOTIFY_MAX_ATTEMPTS"] = 3
    try:
        now = utcnow()
        states = []
        for _ in range(3):
            run_notify(now)
            row = _row(wo)
            states.append((row.state, row.attempts))
            if row.state == "queued":
                waited = row.next_attempt_at - now
                assert waited >= retry_delay(row.attempts, 60, 6 * 3600) - timedelta(seconds=1)
                now = row.next_attempt_at
        assert states == [("queued", 1), ("queued", 2), ("failed", 3)]
        assert "451" in _row(wo).last_error
        assert run_notify(now + timedelta(days=1))["sent"] == 0  # failed stays failed
    finally:
        app.config["NOTIFY_MAX_ATTEMPTS"] = 8
    assert smtp.messages == []


def test_back_off_doubles_and_is_capped():
    assert [retry_delay(n, 60, 600).total_seconds() for n in (1, 2, 3, 4, 5)] == [
        60,
        120,
        240,
        480,
        600,
    ]


def test_exactly_once_across_a_worker_crash_and_a_retry(app, world, people, smtp):
    wo = _register(world)
    now = utcnow()
    # A worker claims the row and dies before sending (or before recording the send).
    claim_id, [message] = claim(now, ["email"], 10)
    row = _row(wo)
    assert row.state == "sending" and row.claim_id == claim_id and row.attempts == 1
    # While its lease holds, no other worker takes it.
    assert run_notify(now)["sent"] == 0
    assert smtp.messages == []
    # Once the lease lapses another run sends it, once.
    lapsed = now + timedelta(seconds=app.config["NOTIFY_LEASE_SECONDS"] + 1)
    assert run_notify(lapsed)["sent"] == 1
    assert run_notify(lapsed + timedelta(hours=1))["sent"] == 0
    assert len(smtp.messages) == 1
    row = _row(wo)
    assert row.state == "sent" and row.attempts == 2
    # The dead worker's late report changes nothing: its claim is gone.
    from server.notify.worker import mark_failed, mark_sent

    assert not mark_sent(message, claim_id, lapsed)
    assert mark_failed(message, claim_id, "late", lapsed) == ""
    assert _row(wo).state == "sent"


def test_two_workers_never_claim_the_same_row(world, people):
    for _ in range(3):
        _register(world)
    now = utcnow()
    _, first = claim(now, ["email"], 2)
    _, second = claim(now, ["email"], 10)
    assert len(first) == 2 and len(second) == 1
    assert not {m.id for m in first} & {m.id for m in second}


def test_without_smtp_host_emails_wait_in_the_queue(app, world, people):
    assert app.config["SMTP_HOST"] == ""
    wo = _register(world)
    counts = run_notify()
    assert counts["sent"] == 0 and counts["not configured"] == 1
    row = _row(wo)
    assert row.state == "queued" and row.attempts == 0 and row.last_error == ""


def test_the_scheduler_sends_what_is_due(world, people, smtp):
    from server.jobs import run_schedule

    _register(world)
    assert run_schedule().get("notifications sent") == 1
    assert len(smtp.messages) == 1


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="two connections at once need PostgreSQL",
)
def test_two_workers_at_once_send_each_message_once(app, world, people, smtp):
    for _ in range(6):
        _register(world)
    barrier = threading.Barrier(3)
    results, errors = [], []

    def work():
        with app.app_context():
            barrier.wait()
            try:
                results.append(run_notify()["sent"])
            except Exception as exc:  # surfaced below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sum(results) == 6
    assert len(smtp.messages) == 6
    assert len({m["Message-ID"] for m in smtp.messages}) == 6


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="two connections at once need PostgreSQL",
)
def test_a_row_locked_by_another_worker_is_skipped_not_waited_for(app, world, people):
    first, second = _register(world), _register(world)
    locked = _row(first)
    db.session.rollback()
    other = db.engine.connect()
    try:
        transaction = other.begin()
        other.execute(select(Notification.id).where(Notification.id == locked.id).with_for_update())
        _, messages = claim(utcnow(), ["email"], 10)  # would block without SKIP LOCKED
        assert [m.id for m in messages] == [str(_row(second).id)]
        transaction.rollback()
    finally:
        other.close()


def test_the_notify_command_reports_what_it_did(app, world, people, smtp):
    _register(world)
    result = app.test_cli_runner().invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    assert "Notifications: 1 sent, 0 retry, 0 failed, 0 not configured." in result.output
    assert len(smtp.messages) == 1
