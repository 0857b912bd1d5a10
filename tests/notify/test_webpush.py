"""Web Push to the engineer's phone, end to end: the phone subscribes, the office assigns,
the worker pushes, the local push service receives and the browser's keys decrypt it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Notification, PushSubscription
from server.notify.webpush import public_key
from server.notify.worker import run_notify
from tests.notify.push import Browser, PushService, push_service
from tests.rest import patch_work_order


@pytest.fixture
def service() -> Iterator[PushService]:
    with push_service() as running:
        yield running


def _subscribe(client, headers, browser: Browser) -> None:
    r = client.post("/api/v1/push-subscriptions/", json=browser.subscription(), headers=headers)
    assert r.status_code == 201, r.json


def _assign(client, headers, wo_id, engineer) -> None:
    r = client.post(
        f"/api/v1/work-orders/{wo_id}/actions",
        json={"action": "assign", "engineer_id": str(engineer.id)},
        headers=headers,
    )
    assert r.status_code == 200, r.json


def test_a_new_assignment_reaches_the_phone_encrypted(client, login, world, service):
    phone = Browser(service, "engineer2-phone")
    _subscribe(client, login("engineer2"), phone)
    office = login("dispatcher")
    wo = world.make_work_order()
    _assign(client, office, wo.id, world.users["engineer2"])
    assert run_notify()["sent"] == 1
    [message] = phone.messages()
    assert message["title"] == f"新工单 {wo.number}"
    assert "画面黑屏" in message["body"] and world.customer.name in message["body"]
    assert message["url"] == f"/work-orders/{wo.id}"
    [push] = service.received
    assert push.headers["content-encoding"] == "aes128gcm"
    assert f"k={public_key(client.application.config)}" in push.headers["authorization"]
    assert run_notify()["sent"] == 0  # never twice


def test_a_reassignment_tells_the_engineer_who_lost_the_order(client, login, world, service):
    first = Browser(service, "engineer1-phone")
    _subscribe(client, login("engineer1"), first)
    _assign(client, login("dispatcher"), world.wo1.id, world.users["engineer2"])
    run_notify()
    [message] = first.messages()
    assert message["title"] == f"工单 {world.wo1.number} 已改派"
    assert message["url"] == f"/work-orders/{world.wo1.id}"


def test_a_changed_appointment_is_pushed_in_the_engineers_language(client, login, world, service):
    world.users["engineer1"].locale = "en"
    db.session.commit()
    phone = Browser(service, "engineer1-phone")
    _subscribe(client, login("engineer1"), phone)
    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"appointment_at": datetime(2026, 12, 1, 2, 0, tzinfo=UTC).isoformat()},
        headers=login("dispatcher"),
    )
    assert r.status_code == 200, r.json
    run_notify()
    [message] = phone.messages()
    assert message["title"] == f"New appointment for {world.wo1.number}"
    assert "2026-12-01 10:00" in message["body"]  # Shanghai time


def test_an_engineer_is_not_pushed_his_own_change(client, login, world, service):
    phone = Browser(service, "engineer1-phone")
    eng = login("engineer1")
    _subscribe(client, eng, phone)
    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"appointment_at": datetime(2026, 12, 1, 2, 0, tzinfo=UTC).isoformat()},
        headers=eng,
    )
    assert r.status_code == 200, r.json
    assert (
        db.session.scalars(select(Notification).where(Notification.channel == "webpush")).all()
        == []
    )


def test_a_subscription_the_push_service_forgot_is_removed_and_the_error_kept(
    client, login, world, service
):
    phone = Browser(service, "engineer2-phone")
    _subscribe(client, login("engineer2"), phone)
    service.status = 410
    _assign(client, login("dispatcher"), world.wo1.id, world.users["engineer2"])
    counts = run_notify()
    assert counts["sent"] == 0 and counts["retry"] == 1
    row = db.session.scalars(select(Notification).where(Notification.channel == "webpush")).one()
    assert row.state == "queued" and "410" in row.last_error
    assert db.session.scalars(select(PushSubscription)).all() == []


def test_an_unreachable_push_service_leaves_it_queued(client, login, world, service):
    phone = Browser(service, "engineer2-phone")
    phone.endpoint = "http://127.0.0.1:9/push/nobody"  # the discard port: refused
    _subscribe(client, login("engineer2"), phone)
    _assign(client, login("dispatcher"), world.wo1.id, world.users["engineer2"])
    assert run_notify()["retry"] == 1
    row = db.session.scalars(select(Notification).where(Notification.channel == "webpush")).one()
    assert row.state == "queued" and row.attempts == 1 and row.last_error


def test_without_a_subscription_no_push_is_queued(client, login, world):
    _assign(client, login("dispatcher"), world.wo1.id, world.users["engineer2"])
    assert (
        db.session.scalars(select(Notification).where(Notification.channel == "webpush")).all()
        == []
    )


def test_subscribing_again_replaces_the_keys_and_unsubscribing_forgets(
    client, login, world, service
):
    eng = login("engineer1")
    phone = Browser(service, "engineer1-phone")
    _subscribe(client, eng, phone)
    again = Browser(service, "engineer1-phone")
    _subscribe(client, eng, again)
    [row] = db.session.scalars(select(PushSubscription)).all()
    assert row.p256dh == again.subscription()["keys"]["p256dh"]
    r = client.delete("/api/v1/push-subscriptions/", json={"endpoint": phone.endpoint}, headers=eng)
    assert r.status_code == 204
    db.session.expire_all()
    assert db.session.scalars(select(PushSubscription)).all() == []


def test_the_vapid_keys_are_made_on_first_use_readable_by_the_server_only(
    app, client, login, world, tmp_path
):
    path = tmp_path / "instance" / "vapid_private.pem"
    saved = app.config["VAPID_PRIVATE_KEY_FILE"]
    app.config["VAPID_PRIVATE_KEY_FILE"] = str(path)
    try:
        r = client.get("/api/v1/push-subscriptions/key", headers=login("engineer1"))
        assert r.status_code == 200
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert (
            client.get("/api/v1/push-subscriptions/key", headers=login("engineer1")).json == r.json
        )
        assert len(r.json["public_key"]) == 87  # 65 bytes, base64url
    finally:
        app.config["VAPID_PRIVATE_KEY_FILE"] = saved
    assert Path(saved) != path
