"""The work order as guided steps, on a 360 px phone with no signal: the one primary
action at the bottom walks a repair from accept to complete (accept, travel, arrive,
diagnosis, a part from the van, a photo, the customer's signature), each step folding
to a line once done, a reload mid-typing keeping the draft; then sync brings it all to
the server once. And the order screen fits 320 and 430 px in both languages."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import PASSWORD, camera_photo, open_step, wait_until

pytestmark = pytest.mark.e2e

PHONE_360 = {"width": 360, "height": 760}
DIAGNOSIS = {
    "diagnosis_symptom": "2 路摄像机无画面",
    "diagnosis_cause": "电源适配器损坏",
    "diagnosis_fix": "更换 12V 电源适配器",
}


def _seed(live_server, tag: str) -> SimpleNamespace:
    """A repair assigned to an engineer of its own, with a van holding 3 of the suite's
    adapter and a part it holds none of."""
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

    with live_server.database():
        dispatcher = db.session.scalar(db.select(User).filter_by(username="dispatcher"))
        engineer = User(username=f"steps-{tag}", display_name="钱工", role="engineer")
        engineer.set_password(PASSWORD)
        customer = Customer(name=f"无锡市第二人民医院 {tag}", code=f"WX-STEPS-{tag}")
        site = Site(customer=customer, name="住院楼", zone="in_city")
        system = System(site=site, type="cctv", name="住院楼监控")
        device = Device(system=system, serial=f"STEPS-{tag}", model="DS-2CD3T46",
                        manufacturer="海康威视", installed_on=date(2026, 1, 10))  # fmt: skip
        van = StockLocation(kind="van", name=f"钱工 车载库存 {tag}", engineer=engineer)
        empty = Part(part_number=f"NVR-HDD-{tag}", name="4TB 监控硬盘", category="peripheral",
                     unit="块", cost_cents=60000, price_cents=80000)  # fmt: skip
        db.session.add_all([engineer, customer, site, system, device, van, empty])
        db.session.flush()
        db.session.add(StockMovement(location_id=van.id, part_id=live_server.world.part.id,
                                     quantity=3, kind="issued"))  # fmt: skip
        db.session.commit()
        with committed():  # the seed is the edge that commits
            wo = create_work_order(
                {"customer_id": customer.id, "site_id": site.id, "system_id": system.id,
                 "device_ids": [device.id], "severity": 2, "symptom": "住院楼 2 路画面黑屏",
                 "assigned_engineer_id": engineer.id},
                dispatcher,
            )  # fmt: skip
        found = db.session.get(WorkOrder, wo.id)
        return SimpleNamespace(id=found.id, number=found.number, username=engineer.username,
                               empty_part=empty.part_number, customer=customer.name)  # fmt: skip


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


def _open_offline(page, sign_in, order) -> None:
    page.set_viewport_size(PHONE_360)
    sign_in(order.username)
    expect(page.locator(f"a.order[data-number='{order.number}']")).to_be_visible()
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced")
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "offline")
    page.locator(f"a.order[data-number='{order.number}']").click()
    expect(page.locator("h1")).to_have_text(order.number)


def _fits(page) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    width = page.evaluate("window.innerWidth")
    assert scroll <= width, f"the order is {scroll} px wide at {width} px"


def test_a_repair_goes_through_the_guided_steps_offline_and_syncs_once(
    page, sign_in, live_server, screenshot, tmp_path
):
    order = _seed(live_server, "flow")
    _open_offline(page, sign_in, order)
    primary = page.locator(".primary-bar button.primary-bar__main")
    step = lambda name: page.locator(f"[data-step-card={name}]")  # noqa: E731

    # The compact header: number, customer, severity, SLA; accept comes first, not signing.
    summary = page.locator(".detail__summary")
    expect(summary).to_contain_text(order.customer)
    expect(summary.locator(".badge--severity")).to_have_count(1)
    expect(step("accept")).to_have_attribute("data-state", "current")
    expect(step("sign_off")).to_have_attribute("data-state", "todo")
    expect(primary).to_have_attribute("data-action", "accept")
    expect(primary).to_have_text("接单")
    height = primary.bounding_box()["height"]
    assert height >= 48, f"the primary action is {height} px high"
    _fits(page)
    screenshot("steps-assigned")

    # Accept → travel → arrive, each with the one button at the bottom.
    primary.click()
    expect(step("accept")).to_have_attribute("data-state", "done")
    expect(step("accept").locator(".step__summary")).to_contain_text("接单")
    expect(primary).to_have_attribute("data-action", "depart")
    primary.click()
    expect(primary).to_have_attribute("data-action", "arrive")
    expect(step("travel")).to_have_attribute("data-state", "done")
    primary.click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("在现场")

    # On site: complete waits and says what is missing; the diagnosis is the step now.
    expect(primary).to_have_attribute("data-action", "complete")
    expect(primary).to_be_disabled()
    missing = page.locator(".primary-bar [data-list=missing] li")
    expect(missing.filter(has_text="故障原因")).to_have_count(1)
    expect(missing.filter(has_text="客户签字确认")).to_have_count(1)
    expect(step("diagnose")).to_have_attribute("data-state", "current")
    expect(step("diagnose")).to_have_attribute("data-open", "yes")
    expect(step("accept")).to_have_attribute("data-open", "no")  # done: one line
    screenshot("steps-on-site")

    # Typing, the app killed, opened again: the draft is still there.
    cause = page.locator("#field-diagnosis_cause")
    cause.press_sequentially(DIAGNOSIS["diagnosis_cause"], delay=20)
    expect(page.locator("form.diagnosis [data-draft]")).to_have_attribute("data-draft", "saved")
    page.reload()
    expect(page.locator("h1")).to_have_text(order.number)
    expect(cause).to_have_value(DIAGNOSIS["diagnosis_cause"])
    for field, value in DIAGNOSIS.items():
        page.locator(f"#field-{field}").fill(value)
    page.locator("form.diagnosis button[type=submit]").click()
    expect(step("diagnose")).to_have_attribute("data-state", "done")
    expect(missing).to_have_count(1)
    expect(step("sign_off")).to_have_attribute("data-state", "current")

    # Parts: search first; only what the van holds until something is searched.
    open_step(page, "parts")
    choices = page.locator("button.choice")
    expect(choices.filter(has_text="PWR-12V-2A")).to_have_count(1)
    expect(choices.filter(has_text="PWR-12V-2A")).to_contain_text("3")
    expect(page.locator(f"button.choice[data-part='{order.empty_part}']")).to_have_count(0)
    page.locator("input[name=part-search]").fill("硬盘")
    expect(page.locator(f"button.choice[data-part='{order.empty_part}']")).to_have_count(1)
    page.locator("input[name=part-search]").fill("PWR")
    page.locator("button.choice[data-part='PWR-12V-2A']").click()
    page.locator("button[data-submit=part]").click()
    expect(page.locator("[data-list=parts] li")).to_have_count(1)
    expect(step("parts").locator(".step__summary")).to_contain_text("1")

    # A photo.
    open_step(page, "photos")
    page.locator("input[name=photo]").set_input_files(camera_photo(tmp_path / "before.jpg"))
    expect(page.locator("[data-list=photos] li")).to_have_count(1)
    _fits(page)
    screenshot("steps-work")

    # The customer signs off.
    page.locator("a[data-step=sign-off]").click()
    expect(page.locator("h1")).to_have_text("客户签字确认")
    page.locator("button[data-score=skip-rest]").click()
    page.locator("input[name=signer]").fill("刘主任")
    _sign(page)
    page.locator("button[data-submit=signature]").click()
    expect(page.locator("h1")).to_have_text(order.number)

    # Nothing missing: complete is the step now, and the button is free.
    expect(page.locator("[data-completion=ready]")).to_be_visible()
    expect(step("complete")).to_have_attribute("data-state", "current")
    expect(primary).to_be_enabled()
    primary.click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("已完成")
    expect(page.locator(".primary-bar")).to_have_count(0)
    states = page.locator("[data-step-card]").evaluate_all(
        "cards => cards.map(c => c.dataset.state)"
    )
    assert set(states) == {"done"}, states

    # One count: the header's and the order's are the same.
    badge = page.locator(".sync-badge")
    waiting = badge.get_attribute("data-pending")
    assert int(waiting or "0") >= 8
    expect(page.locator("[data-order-pending]")).to_have_attribute("data-order-pending", waiting)
    screenshot("steps-completed")

    page.context.set_offline(False)
    badge.click()
    page.locator("button[data-sync-now]").click()
    expect(badge).to_have_attribute("data-state", "synced", timeout=30_000)
    expect(page.locator("[data-count=waiting]")).to_have_text("0")

    from server.extensions import db
    from server.models import Attachment, PartUsage, Signature, WorkOrder, WorkOrderEvent

    with live_server.database():
        wo = db.session.get(WorkOrder, order.id)
        assert wo.status == "completed"
        assert wo.diagnosis_cause == DIAGNOSIS["diagnosis_cause"]
        usages = db.session.scalars(select(PartUsage).filter_by(work_order_id=order.id)).all()
        assert [u.quantity for u in usages] == [1]
        assert (
            len(db.session.scalars(select(Attachment).filter_by(work_order_id=order.id)).all()) == 1
        )
        signatures = db.session.scalars(select(Signature).filter_by(work_order_id=order.id)).all()
        assert [s.purpose for s in signatures] == ["sign_off"]
        kinds = db.session.scalars(
            select(WorkOrderEvent.kind).filter_by(work_order_id=order.id, origin="device")
        ).all()
        for kind in ("accepted", "departed", "arrived", "resolved"):
            assert kinds.count(kind) == 1, kinds


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_order_screen_fits_320_and_430_px_in_both_languages(
    page, sign_in, live_server, screenshot, locale
):
    order = _seed(live_server, f"fit-{locale}")
    _open_offline(page, sign_in, order)
    if locale == "en":
        page.locator(".header__user").click()
        page.locator("button[data-locale=en]").click()
        expect(page.locator("h1")).to_have_text("Settings")
        page.go_back()
        expect(page.locator("h1")).to_have_text(order.number)
    primary = page.locator(".primary-bar button.primary-bar__main")

    def fits(state: str) -> None:
        for width in (320, 430):
            page.set_viewport_size({"width": width, "height": 760})
            wait_until(page, f"window.innerWidth === {width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{state} in {locale} at {width} px: {scroll} px wide"
            box = primary.bounding_box() if primary.count() else None
            if box:
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (state, box)
            screenshot(f"fit-{locale}-{state}-{width}")

    fits("assigned")
    primary.click()
    expect(primary).to_have_attribute("data-action", "depart")
    primary.click()
    expect(primary).to_have_attribute("data-action", "arrive")
    primary.click()
    expect(primary).to_have_attribute("data-action", "complete")
    # Every step open, the longest lines shown.
    for name in ("diagnose", "parts", "photos", "consent", "sign_off"):
        open_step(page, name)
    page.locator("[data-more=order] > summary").click()
    fits("on-site")
    expect(page.locator(".sync-badge")).to_have_attribute("title", re.compile(r"\d"))
