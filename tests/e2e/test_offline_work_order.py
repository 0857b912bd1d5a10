"""An engineer works a whole inspection order with no network (photo, part, checklist,
signature), reloads the page while still offline (the service worker opens the app and
nothing is lost), comes back online and syncs: everything reaches the server once.
A second test edits the same field in the office meanwhile: the phone shows the conflict
with both values."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.e2e.conftest import PASSWORD, camera_photo, open_step, wait_until

pytestmark = pytest.mark.e2e


def _photo(tmp_path) -> str:
    return camera_photo(tmp_path / "label.jpg", (2400, 1800))


def _wait_for_service_worker(page) -> None:
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def _sign(page) -> None:
    pad = page.locator("canvas[data-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 30, box["y"] + 40)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 30 + i * 22, box["y"] + 40 + (i % 3) * 30, steps=3)
    page.mouse.up()


def test_an_offline_inspection_reaches_the_server_exactly_once(
    page, sign_in, live_server, screenshot, tmp_path
):
    world = live_server.world
    order = world.mine[1]  # the inspection
    sign_in("engineer1")
    expect(page.locator("a.order")).to_have_count(len(world.mine))
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced")
    _wait_for_service_worker(page)
    screenshot("list")

    page.context.set_offline(True)
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "offline")
    page.locator(f"a.order[data-number='{order.number}']").click()
    expect(page.locator("h1")).to_have_text(order.number)
    page.locator("button[data-action=accept]").click()
    page.locator("button[data-action=arrive]").click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("在现场")

    # Diagnosis, a part from the van, a photo.
    open_step(page, "diagnose")
    page.locator("#field-diagnosis_cause").fill("机柜风扇积灰")
    page.locator("form.diagnosis button[type=submit]").click()
    open_step(page, "parts")
    page.locator("input[name=part-search]").fill("PWR")
    page.locator(f"button.choice[data-part='{world.part.part_number}']").click()
    page.locator("input[name=serial-out]").fill("OLD-ADAPTER-1")
    page.locator("input[name=serial-in]").fill("NEW-ADAPTER-1")
    page.locator("button[data-submit=part]").click()
    expect(page.locator("[data-list=parts] li")).to_have_count(1)
    open_step(page, "photos")
    page.locator("input[name=photo]").set_input_files(_photo(tmp_path))
    expect(page.locator("[data-list=photos] li")).to_have_count(1)
    screenshot("detail-offline")

    # The checklist: every required item, one reading out of range.
    page.locator("a[data-step=checklist]").click()
    item = page.locator("[data-item=appearance]")
    item.locator("button[data-answer=pass]").click()
    expect(item).to_have_attribute("data-answered", "yes")
    temperature = page.locator("[data-item=temperature]")
    temperature.locator("input").fill("41")
    temperature.locator("button[data-answer=save]").click()
    expect(temperature.locator("[data-flag=out-of-range]")).to_be_visible()
    expect(temperature.locator("[data-flag=needs-evidence]")).to_be_visible()
    # Out of range: completing needs it explained (a note or a photo).
    temperature.locator("input[name=note-temperature]").fill("机柜风扇积灰，已清理")
    temperature.locator("button[data-answer=note]").click()
    expect(temperature.locator("[data-flag=explained]")).to_be_visible()
    page.locator("[data-item=firmware] input").fill("V5.7.3")
    page.locator("[data-item=firmware] button[data-answer=save]").click()
    page.locator("[data-item=cabinet_photo] input[type=file]").set_input_files(_photo(tmp_path))
    expect(page.locator("[data-item=cabinet_photo]")).to_have_attribute("data-answered", "yes")
    expect(page.locator("[data-complete=yes]")).to_be_visible()
    screenshot("checklist")

    # The customer signs the inspection report once: its readings, with the ratings.
    page.locator("a[data-step=report-sign]").click()
    expect(page.locator("[data-summary]")).to_contain_text("机柜温度 · DS2CD0003: 41 °C")
    expect(page.locator("[data-summary]")).to_contain_text("异常 Fail")
    page.locator("button[data-score='speed-4']").click()
    # The survey starts unanswered: the questions not rated are skipped on purpose.
    page.locator("button[data-score=skip-rest]").click()
    page.locator("input[name=signer]").fill("王老师")
    _sign(page)
    screenshot("sign-off")
    page.locator("button[data-submit=signature]").click()
    expect(page.locator("h1")).to_have_text("监控系统季度巡检")
    page.locator("button.detail__back").click()
    expect(page.locator("h1")).to_have_text(order.number)
    page.locator("button[data-action=complete]").click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("已完成")
    pending = _settled_pending(page)
    assert pending >= 10

    # Still offline: a reload opens the app from the service worker, nothing lost.
    page.reload()
    expect(page.locator("h1")).to_have_text(order.number)
    expect(page.locator(".detail__summary .badge--status")).to_have_text("已完成")
    expect(page.locator(".sync-badge")).to_have_attribute("data-pending", str(pending))
    expect(page.locator("[data-list=parts] li")).to_have_count(1)

    page.context.set_offline(False)
    page.locator(".sync-badge").click()
    page.locator("button[data-sync-now]").click()
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced", timeout=30_000)
    expect(page.locator("[data-count=files]")).to_have_text("0")
    screenshot("sync-panel")

    from server.extensions import db
    from server.models import (
        Attachment,
        Blob,
        InspectionResult,
        PartUsage,
        Signature,
        WorkOrder,
        WorkOrderEvent,
    )

    with live_server.database():
        wo = db.session.get(WorkOrder, order.id)
        assert wo.status == "completed"
        assert wo.diagnosis_cause == "机柜风扇积灰"
        usages = db.session.scalars(select(PartUsage).filter_by(work_order_id=order.id)).all()
        assert [(u.quantity, u.serial_out, u.serial_in) for u in usages] == [
            (1, "OLD-ADAPTER-1", "NEW-ADAPTER-1")
        ]
        attachments = db.session.scalars(select(Attachment).filter_by(work_order_id=order.id)).all()
        assert len(attachments) == 2  # the label photo and the checklist's cabinet photo
        for attachment in attachments:
            assert db.session.get(Blob, attachment.sha256) is not None
        signatures = db.session.scalars(select(Signature).filter_by(work_order_id=order.id)).all()
        # An inspection is signed once, on its report: its readings, the ratings with it.
        assert [s.purpose for s in signatures] == ["inspection_report"]
        [report] = signatures
        assert report.satisfaction["speed"] == 4
        assert report.satisfaction == {"speed": 4}  # nothing the customer did not choose
        assert "机柜温度 · DS2CD0003: 41 °C" in report.summary
        assert "机柜风扇积灰，已清理" in report.summary and "已拍照 Photo taken" in report.summary
        for signature in signatures:
            assert db.session.get(Blob, signature.sha256) is not None
        results = db.session.scalars(
            select(InspectionResult).filter_by(work_order_id=order.id)
        ).all()
        assert {r.item_key for r in results} == {
            "appearance",
            "temperature",
            "firmware",
            "cabinet_photo",
        }
        assert len(results) == 5  # the temperature answered, then explained
        assert next(r for r in results if r.item_key == "temperature").is_ok is False
        events = db.session.scalars(
            select(WorkOrderEvent).filter_by(work_order_id=order.id, origin="device")
        ).all()
        # The diagnosis typed on the phone is recorded at the phone's time too.
        assert sorted(e.kind for e in events) == ["accepted", "arrived", "resolved", "updated"]
        assert all(e.device_at is not None for e in events)
        # Pushed once: each kind of record exactly once after all the retries.
        assert (
            db.session.scalar(
                select(func.count()).select_from(PartUsage).filter_by(work_order_id=order.id)
            )
            == 1
        )


def _api(
    live_server,
    method: str,
    path: str,
    body: dict | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
):
    request = urllib.request.Request(
        live_server.url + "/api/v1" + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
            **(headers or {}),
        },
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def test_an_office_edit_of_the_same_field_shows_as_a_conflict_with_both_values(
    page, sign_in, live_server, screenshot
):
    order = live_server.world.mine[0]
    sign_in("engineer1")
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced")
    page.locator(f"a.order[data-number='{order.number}']").click()
    expect(page.locator("h1")).to_have_text(order.number)

    page.context.set_offline(True)
    open_step(page, "diagnose")
    page.locator("#field-diagnosis_cause").fill("电源适配器损坏")
    page.locator("form.diagnosis button[type=submit]").click()
    expect(page.locator(".sync-badge")).to_have_attribute("data-pending", "1")

    token = _api(
        live_server,
        "POST",
        "/auth/login",
        {"username": "supervisor", "password": PASSWORD, "device_name": "office"},
    )["token"]
    read = _api(live_server, "GET", f"/work-orders/{order.id}", token=token)  # as a screen does
    _api(
        live_server,
        "PATCH",
        f"/work-orders/{order.id}",
        {"diagnosis_cause": "网线松动"},
        token,
        headers={"If-Match": f'"{read["row_version"]}"'},
    )

    page.context.set_offline(False)
    page.goto("/sync")
    page.locator("button[data-sync-now]").click()
    conflict = page.locator("[data-list=conflicts] li[data-field=diagnosis_cause]")
    expect(conflict).to_have_count(1, timeout=30_000)
    expect(conflict.locator("[data-value=device]")).to_have_text("电源适配器损坏")
    expect(conflict.locator("[data-value=server]")).to_have_text("网线松动")
    expect(page.locator(".sync-badge")).to_have_attribute(
        "data-state", re.compile("conflicts|synced")
    )
    screenshot("conflict")


def _settled_pending(page) -> int:
    """The outbox count on the sync badge once the last change is queued: the status shows
    before its mutation is stored, so the count is read when it no longer moves (two reads
    a second apart agree; 15 s at most)."""
    import time

    badge = page.locator(".sync-badge")
    last = badge.get_attribute("data-pending")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        now = badge.get_attribute("data-pending")
        if now == last:
            break
        last = now
    return int(last or "0")
