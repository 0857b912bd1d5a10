"""What the customer signs, in the browser, and what the server keeps of it.

A paid repair, worked offline on the phone: the work is chargeable (the warranty ended
years ago), so completing needs the customer's signed consent to the estimate as well as
his sign-off; the screen lists both in words until they are signed, then completes. After
the sync the server holds each fact exactly once and the service report prints the signer,
the consented amount and the diagnosis.

An inspection whose customer signs the readings: a reading changed on the phone after the
signature reaches the server, and the office review shows the signature as changed after
signing, while the stored signature still reads the first reading.

Each test seeds a customer, engineer and order of its own, so the other browser tests'
lists stay as their seed made them."""

from __future__ import annotations

import io
import json
import os
import re
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, camera_photo, open_step, wait_until

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
SIGNER = "李主任"
DIAGNOSIS = {
    "diagnosis_symptom": "放射科走廊摄像机无画面",
    "diagnosis_cause": "摄像机镜头模组进水损坏",
    "diagnosis_fix": "更换镜头模组并做防水处理",
}
PART = {"part_number": "LENS-4MM-SIG", "name": "4mm 镜头模组", "cost_cents": 4200}
LABOUR_MINUTES = 60
VISITS = 1
#: The part at cost, an hour of labour at 100 yuan, one visit at 50 yuan, in the city.
CHARGEABLE_CENTS = 4200 + 10000 + 5000
CHARGEABLE = "¥192.00"
FIRST_READING = "38"
SECOND_READING = "24"
TEMPERATURE_NOTE = "机柜空调停机，已通知物业"


def _seed(live_server, tag: str, *, order_type: str, with_van_part: bool) -> SimpleNamespace:
    """An engineer (``signed-<tag>``) with a work order of ``order_type`` on a CCTV system
    of a customer of its own; its device was installed and accepted three years ago, so
    its warranty (12 months by default) is long over. ``with_van_part``: a part of its own
    in the engineer's van."""
    from server.extensions import db
    from server.models import (
        Customer,
        Device,
        Part,
        Site,
        StockLocation,
        StockMovement,
        System,
        User,
        WorkOrder,
    )
    from server.services.work_orders import create_work_order
    from server.unit_of_work import committed

    long_ago = date.today() - timedelta(days=3 * 365)
    with live_server.database():
        dispatcher = db.session.scalar(db.select(User).filter_by(username="dispatcher"))
        engineer = User(username=f"signed-{tag}", display_name="赵工", role="engineer")
        engineer.set_password(PASSWORD)
        customer = Customer(name=f"苏州市立医院 {tag}", code=f"SZ-SIGNED-{tag}")
        site = Site(customer=customer, name="医技楼", address="苏州市姑苏区道前街 26 号",
                    zone="in_city")  # fmt: skip
        system = System(site=site, type="cctv", name="医技楼监控")
        serial = f"SIGNED-{tag.upper()}"
        device = Device(
            system=system,
            serial=serial,
            model="DS-2CD3T46",
            manufacturer="海康威视",
            device_class="main",
            installed_on=long_ago,
            accepted_on=long_ago,
        )
        db.session.add_all([engineer, customer, site, system, device])
        if with_van_part:
            part = Part(**PART, category="peripheral", unit="个", price_cents=6000)
            van = StockLocation(kind="van", name="赵工 车载库存", engineer=engineer)
            db.session.add_all([part, van])
            db.session.flush()
            db.session.add(
                StockMovement(location_id=van.id, part_id=part.id, quantity=3, kind="issued")
            )
        db.session.commit()
        with committed():  # the seed is the edge that commits
            wo = create_work_order(
                {"customer_id": customer.id, "site_id": site.id, "system_id": system.id,
                 "device_ids": [device.id], "severity": 2, "type": order_type,
                 "symptom": "放射科走廊 1 路画面黑屏" if order_type == "repair" else "季度巡检",
                 "reporter_name": SIGNER, "reporter_phone": "13900000000",
                 "assigned_engineer_id": engineer.id},
                dispatcher,
            )  # fmt: skip
        found = db.session.get(WorkOrder, wo.id)
        return SimpleNamespace(
            id=found.id, number=found.number, username=engineer.username, serial=serial
        )


def _photo(tmp_path) -> str:
    return camera_photo(tmp_path / "cabinet.jpg")


def _sign(page) -> None:
    """A stroke on the signature pad, as a finger would draw it."""
    pad = page.locator("canvas[data-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 30, box["y"] + 40)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 30 + i * 22, box["y"] + 40 + (i % 3) * 30, steps=3)
    page.mouse.up()


def _sync(page) -> None:
    """Sync now from the sync panel and wait until nothing is left to send."""
    page.locator(".sync-badge").click()
    page.locator("button[data-sync-now]").click()
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced", timeout=30_000)
    expect(page.locator(".sync-badge")).to_have_attribute("data-pending", "0")
    expect(page.locator("[data-count=files]")).to_have_text("0")


def _office_shot(tab, name: str) -> None:
    """A screenshot of the office into E2E_SCREENSHOTS, when it names a folder."""
    directory = os.environ.get("E2E_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(directory) / f"office-{name}.png"))


def _api(live_server, path: str, *, body: dict | None = None, token: str | None = None):
    """The API's answer: JSON decoded, anything else as bytes."""
    request = urllib.request.Request(
        live_server.url + "/api/v1" + path,
        method="POST" if body is not None else "GET",
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        content = response.read()
        if response.headers.get_content_type() == "application/json":
            return json.loads(content)
        return response.headers.get_content_type(), content


def _supervisor_token(live_server) -> str:
    return _api(
        live_server,
        "/auth/login",
        body={"username": "supervisor", "password": PASSWORD, "device_name": "e2e-office"},
    )["token"]


def test_a_paid_repair_offline_completes_only_with_signed_consent_and_sign_off(
    page, sign_in, live_server, screenshot
):
    order = _seed(live_server, "paid", order_type="repair", with_van_part=True)
    sign_in(order.username)
    expect(page.locator("a.order")).to_have_count(1)
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced")
    # The service worker serves the screens that load later (signature pad) offline.
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "offline")
    page.locator(f"a.order[data-number='{order.number}']").click()
    expect(page.locator("h1")).to_have_text(order.number)
    page.locator("button[data-action=accept]").click()
    page.locator("button[data-action=arrive]").click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("在现场")

    # The warranty ended long ago: the work is paid.
    open_step(page, "consent")
    expect(page.locator("[data-warranty=paid]")).to_be_visible()

    for field, value in DIAGNOSIS.items():
        page.locator(f"#field-{field}").fill(value)
    page.locator("form.diagnosis button[type=submit]").click()
    # Saved: the step folds to its line, done.
    expect(page.locator("form.diagnosis [role=status].notice")).to_have_text("诊断已保存。")
    expect(page.locator("[data-step-card=diagnose]")).to_have_attribute("data-state", "done")

    page.locator("input[name=labour-minutes]").fill(str(LABOUR_MINUTES))
    page.locator("input[name=visits]").fill(str(VISITS))
    page.locator("button[data-submit=work]").click()
    expect(page.locator("button[data-submit=work]")).to_be_disabled()  # saved: nothing changed

    open_step(page, "parts")
    page.locator("input[name=part-search]").fill(PART["part_number"])
    page.locator(f"button.choice[data-part='{PART['part_number']}']").click()
    page.locator("button[data-submit=part]").click()
    expect(page.locator("[data-list=parts] li")).to_have_count(1)
    expect(page.locator(".fees__total")).to_contain_text(f"客户需付 {CHARGEABLE}")

    # Completing must wait: the consent to the paid work and the sign-off, in words.
    complete = page.locator("button[data-action=complete]")
    missing = page.locator("[data-list=missing] li")

    def missing_fact(code: str):
        return page.locator(f"[data-list=missing] li[data-missing={code}]")

    expect(complete).to_be_disabled()
    expect(page.locator("[data-completion=missing]")).to_be_visible()
    expect(missing).to_have_count(2)
    expect(missing_fact("paid_work_consent")).to_have_text(f"客户签字同意付费 {CHARGEABLE}")
    expect(missing_fact("sign_off")).to_have_text(
        "客户签字确认（或填写客户无法签字的原因，并至少拍一张照片）"
    )
    screenshot("paid-missing")

    # The customer reads the estimate and signs his consent to it.
    page.locator("a[data-consent=sign]").click()
    expect(page.locator("h1")).to_have_text("客户签字同意付费")
    expect(page.locator("[data-consent-estimate] .sign__total")).to_have_text(
        f"客户需付 {CHARGEABLE}"
    )
    page.locator("input[name=signer]").fill(SIGNER)
    _sign(page)
    screenshot("paid-consent")
    page.locator("button[data-submit=signature]").click()
    expect(page.locator("h1")).to_have_text(order.number)
    expect(page.locator("p[data-consent=yes]")).to_contain_text(f"{CHARGEABLE}，{SIGNER}")
    expect(missing).to_have_count(1)
    expect(missing_fact("sign_off")).to_have_count(1)
    expect(complete).to_be_disabled()

    # ... and signs the work off.
    page.locator("a[data-step=sign-off]").click()
    expect(page.locator("h1")).to_have_text("客户签字确认")
    expect(page.locator("[data-summary]")).to_contain_text(DIAGNOSIS["diagnosis_cause"])
    # The survey starts unanswered: this customer rates nothing, skipped on purpose.
    page.locator("button[data-score=skip-rest]").click()
    page.locator("input[name=signer]").fill(SIGNER)
    _sign(page)
    page.locator("button[data-submit=signature]").click()
    expect(page.locator("h1")).to_have_text(order.number)

    expect(page.locator("[data-completion=ready]")).to_be_visible()
    expect(missing).to_have_count(0)
    expect(complete).to_be_enabled()
    complete.click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("已完成")
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "offline")
    screenshot("paid-completed")

    page.context.set_offline(False)
    _sync(page)

    from sqlalchemy import func, select

    from server.extensions import db
    from server.models import (
        Blob,
        PaidWorkConsent,
        PartUsage,
        Signature,
        WorkOrder,
        WorkOrderEvent,
    )
    from server.services import rule_facts

    with live_server.database():
        wo = db.session.get(WorkOrder, order.id)
        assert wo.status == "completed"
        assert {name: getattr(wo, name) for name in DIAGNOSIS} == DIAGNOSIS
        assert (wo.labour_minutes, wo.visits) == (LABOUR_MINUTES, VISITS)
        # The server prices what the order records as the phone did.
        assert rule_facts.work_order_fees(wo)["chargeable_cents"] == CHARGEABLE_CENTS

        consents = db.session.scalars(
            select(PaidWorkConsent).filter_by(work_order_id=order.id)
        ).all()
        assert [(c.amount_cents, c.signer_name) for c in consents] == [(CHARGEABLE_CENTS, SIGNER)]
        signatures = db.session.scalars(select(Signature).filter_by(work_order_id=order.id)).all()
        assert sorted((s.purpose, s.signer_role, s.signer_name) for s in signatures) == [
            ("paid_work_consent", "customer", SIGNER),
            ("sign_off", "customer", SIGNER),
        ]
        for signature in signatures:
            assert db.session.get(Blob, signature.sha256) is not None
        resolved = db.session.scalars(
            select(WorkOrderEvent).filter_by(work_order_id=order.id, kind="resolved")
        ).all()
        assert [e.origin for e in resolved] == ["device"]
        usages = db.session.scalars(select(PartUsage).filter_by(work_order_id=order.id)).all()
        assert [(u.part.part_number, u.quantity) for u in usages] == [(PART["part_number"], 1)]
        assert (
            db.session.scalar(
                select(func.count()).select_from(PartUsage).filter_by(work_order_id=order.id)
            )
            == 1
        )

    # The service report, as the office downloads it.
    token = _supervisor_token(live_server)
    content_type, pdf = _api(live_server, f"/work-orders/{order.id}/report.pdf", token=token)
    assert content_type == "application/pdf"
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    assert order.number in text
    assert f"签字人Signedby{SIGNER}" in flat  # the sign-off's signer
    assert f"Customerconsenttopaidwork:{CHARGEABLE}·{SIGNER}" in flat
    assert f"合计Total{CHARGEABLE}{CHARGEABLE}" in flat  # all of it chargeable
    for value in DIAGNOSIS.values():
        assert value in flat
    assert "签字后工单内容已有变化" not in flat


def test_a_reading_changed_after_the_customer_signed_shows_in_the_office_review(
    page, sign_in, live_server, browser, screenshot, tmp_path
):
    order = _seed(live_server, "inspect", order_type="inspection", with_van_part=False)
    first_line = f"机柜温度 · {order.serial}: {FIRST_READING} °C"
    sign_in(order.username)
    expect(page.locator("a.order")).to_have_count(1)
    page.locator(f"a.order[data-number='{order.number}']").click()
    expect(page.locator("h1")).to_have_text(order.number)
    page.locator("button[data-action=accept]").click()
    page.locator("button[data-action=arrive]").click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("在现场")

    # Every required item; the temperature out of range, explained by a note.
    page.locator("a[data-step=checklist]").click()
    appearance = page.locator("[data-item=appearance]")
    appearance.locator("button[data-answer=pass]").click()
    expect(appearance).to_have_attribute("data-answered", "yes")
    temperature = page.locator("[data-item=temperature]")
    temperature.locator("input[name=answer-temperature]").fill(FIRST_READING)
    temperature.locator("button[data-answer=save]").click()
    expect(temperature.locator(".check-item__evidence")).to_have_attribute("data-evidence", "no")
    temperature.locator("input[name=note-temperature]").fill(TEMPERATURE_NOTE)
    temperature.locator("button[data-answer=note]").click()
    # The note is a newer answer with the same reading; the newest counts. (Known app bug:
    # the phone orders answers by their times as text with localeCompare, so a synced
    # answer at a whole second, "…:17+00:00", counts as newer than one at "…:17.282…".)
    expect(temperature.locator(".check-item__evidence")).to_have_attribute("data-evidence", "yes")
    page.locator("[data-item=cabinet_photo] input[type=file]").set_input_files(_photo(tmp_path))
    expect(page.locator("[data-item=cabinet_photo]")).to_have_attribute("data-answered", "yes")
    expect(page.locator("[data-complete=yes]")).to_be_visible()

    # The customer signs the report: the readings as they are now.
    page.locator("a[data-step=report-sign]").click()
    expect(page.locator("h1")).to_have_text("巡检报告签字")
    expect(page.locator("[data-summary]")).to_contain_text(first_line)
    # The survey starts unanswered: this customer rates nothing, skipped on purpose.
    page.locator("button[data-score=skip-rest]").click()
    page.locator("input[name=signer]").fill(SIGNER)
    _sign(page)
    page.locator("button[data-submit=signature]").click()
    expect(page.locator("h1")).to_have_text("监控系统季度巡检")
    page.locator("button.detail__back").click()
    expect(page.locator("h1")).to_have_text(order.number)
    expect(page.locator("[data-completion=ready]")).to_be_visible()
    page.locator("button[data-action=complete]").click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("已完成")
    _sync(page)

    # Afterwards the engineer corrects the reading on the phone, and it syncs.
    page.goto(f"/work-orders/{order.id}/checklist")
    temperature = page.locator("[data-item=temperature]")
    expect(temperature.locator("input[name=answer-temperature]")).to_have_value(FIRST_READING)
    temperature.locator("input[name=answer-temperature]").fill(SECOND_READING)
    temperature.locator("button[data-answer=save]").click()
    expect(temperature.locator(".check-item__evidence")).to_have_count(0)  # in range now
    expect(temperature).not_to_have_class(re.compile(r"check-item--bad"))
    screenshot("inspection-reading-changed")
    _sync(page)

    from server.extensions import db
    from server.models import InspectionResult

    with live_server.database():
        readings = db.session.scalars(
            db.select(InspectionResult.value)
            .filter_by(work_order_id=order.id, item_key="temperature")
            .order_by(InspectionResult.device_at)
        ).all()
        # The reading, the same reading with its note, then the correction.
        assert [float(value) for value in readings] == [
            float(FIRST_READING),
            float(FIRST_READING),
            float(SECOND_READING),
        ]

    # The office review: the signature is flagged as signed on another version.
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    try:
        desk = context.new_page()
        desk.goto("/login")
        desk.locator("input[name=username]").fill("supervisor")
        desk.locator("input[name=password]").fill(PASSWORD)
        desk.locator("button[type=submit]").click()
        expect(desk).to_have_url(re.compile(r"/office/dispatch$"))
        desk.locator(".office__nav-item", has_text="审核").click()
        desk.locator("input[name=q]").fill(order.number)
        desk.locator("a", has_text=order.number).click()
        expect(desk.locator(".o-review")).to_have_attribute("data-number", order.number)
        signature = desk.locator(".o-signature")
        expect(signature).to_have_count(1)
        expect(signature).to_have_attribute("data-differs", "true")
        expect(signature.locator("[role=alert]")).to_have_text(
            "签字后工单内容已有变化：签字的版本与现在不同。"
        )
        expect(signature).to_contain_text(SIGNER)
        _office_shot(desk, "review-changed-after-signing")
    finally:
        context.close()

    # The API says the same, and the signature still reads the first reading.
    token = _supervisor_token(live_server)
    [stored] = _api(live_server, f"/work-orders/{order.id}/signatures", token=token)
    assert stored["purpose"] == "inspection_report"
    assert stored["signer_name"] == SIGNER
    assert first_line in stored["summary"]
    assert TEMPERATURE_NOTE in stored["summary"]
    assert f"{SECOND_READING} °C" not in stored["summary"]
    assert stored["signed_version_differs"] is True
