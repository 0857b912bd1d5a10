"""The completion guards in the browser. On the phone, a repair cannot be completed while
its diagnosis and the customer's sign-off are missing: the screen lists them in words and
keeps the button disabled; the engineer records why the customer could not sign, takes a
photo and completes, and the server gets the reason with the step. In /office, an order
that lacks what completing needs is closed only with an override and a reason, which the
history keeps.

Each test seeds a repair for a customer and engineer of its own, so the other browser
tests' lists stay as their seed made them."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, camera_photo, open_step

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
REASON = "客户临时离开现场，由值班保安见证"


def _seed_a_repair(live_server, tag: str, *, completed: bool = False) -> SimpleNamespace:
    """A repair assigned to an engineer of its own (``guards-<tag>``). ``completed``: an
    order completed before the guards existed, with no diagnosis and no signature."""
    from server.extensions import db
    from server.models import Customer, Device, Site, System, User, WorkOrder
    from server.services.work_orders import create_work_order
    from server.unit_of_work import committed

    with live_server.database():
        dispatcher = db.session.scalar(db.select(User).filter_by(username="dispatcher"))
        engineer = User(username=f"guards-{tag}", display_name="孙工", role="engineer")
        engineer.set_password(PASSWORD)
        customer = Customer(name=f"杭州市第二医院 {tag}", code=f"HZ-GUARDS-{tag}")
        site = Site(customer=customer, name="住院楼", zone="in_city")
        system = System(site=site, type="cctv", name="住院楼监控")
        device = Device(system=system, serial=f"GUARDS-{tag}", model="DS-2CD3T46",
                        manufacturer="海康威视", installed_on=date(2026, 1, 10))  # fmt: skip
        db.session.add_all([engineer, customer, site, system, device])
        db.session.commit()
        with committed():  # the seed is the edge that commits
            wo = create_work_order(
                {"customer_id": customer.id, "site_id": site.id, "system_id": system.id,
                 "device_ids": [device.id], "severity": 3, "symptom": "住院楼 2 路画面黑屏",
                 "assigned_engineer_id": engineer.id},
                dispatcher,
            )  # fmt: skip
            if completed:
                wo.status = "completed"
        found = db.session.get(WorkOrder, wo.id)
        return SimpleNamespace(id=found.id, number=found.number, username=engineer.username)


def _photo(tmp_path) -> str:
    return camera_photo(tmp_path / "after.jpg")


@pytest.fixture
def desk(browser, live_server):
    """A desktop-sized tab for the office (Chinese, Shanghai)."""
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    tab = context.new_page()
    yield tab
    context.close()


def test_a_repair_is_completed_only_with_what_it_needs(
    page, sign_in, live_server, screenshot, tmp_path
):
    order = _seed_a_repair(live_server, "phone")
    sign_in(order.username)
    page.locator(f"a.order[data-number='{order.number}']").click()
    expect(page.locator("h1")).to_have_text(order.number)
    page.locator("button[data-action=accept]").click()
    page.locator("button[data-action=arrive]").click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("在现场")

    complete = page.locator("button[data-action=complete]")
    missing = page.locator("[data-list=missing] li")
    expect(complete).to_be_disabled()
    expect(missing.filter(has_text="诊断未填写：故障原因")).to_have_count(1)
    expect(missing.filter(has_text="客户签字确认")).to_have_count(1)
    screenshot("guards-missing")

    page.locator("#field-diagnosis_symptom").fill("2 路摄像机无画面")
    page.locator("#field-diagnosis_cause").fill("电源适配器损坏")
    page.locator("#field-diagnosis_fix").fill("更换 12V 电源适配器")
    page.locator("form.diagnosis button[type=submit]").click()
    expect(missing).to_have_count(1)

    # The customer could not sign: a reason, and a photo as evidence.
    page.locator("input[name=unsigned]").check()
    page.locator("#field-unsigned-reason").fill(REASON)
    expect(complete).to_be_disabled()
    open_step(page, "photos")
    page.locator("input[name=photo]").set_input_files(_photo(tmp_path))
    expect(page.locator("[data-completion=ready]")).to_be_visible()
    complete.click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("已完成")
    expect(page.locator(".sync-badge")).to_have_attribute("data-pending", "0")
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced")

    from server.extensions import db
    from server.models import WorkOrder, WorkOrderEvent

    with live_server.database():
        wo = db.session.get(WorkOrder, order.id)
        assert wo.status == "completed"
        resolved = db.session.scalars(
            db.select(WorkOrderEvent).filter_by(work_order_id=order.id, kind="resolved")
        ).all()
        assert [e.data.get("unsigned_reason") for e in resolved] == [REASON]
        assert resolved[0].origin == "device"


def test_the_office_closes_an_order_lacking_facts_only_with_a_reason(desk, live_server):
    order = _seed_a_repair(live_server, "office", completed=True)
    desk.goto("/login")
    desk.locator("input[name=username]").fill("supervisor")
    desk.locator("input[name=password]").fill(PASSWORD)
    desk.locator("button[type=submit]").click()
    expect(desk).to_have_url(re.compile(r"/office/dispatch$"))
    desk.goto(f"/office/review/{order.id}")
    expect(desk.locator(".o-review")).to_have_attribute("data-number", order.number)

    close = desk.locator("button[data-action=close]")
    lacking = desk.locator("[data-list=missing] li")
    expect(close).to_be_disabled()
    expect(lacking.filter(has_text="诊断未填写：处理方法")).to_have_count(1)
    expect(lacking.filter(has_text="客户签字确认")).to_have_count(1)
    desk.locator("input[name=override]").check()
    expect(close).to_be_disabled()  # not without a reason
    desk.locator("textarea[name=override_reason]").fill("客户书面确认，原件已寄回")
    close.click()
    expect(desk.locator(".o-review h1 .badge--status")).to_have_text("已关闭")

    from server.extensions import db
    from server.models import WorkOrder, WorkOrderEvent

    with live_server.database():
        assert db.session.get(WorkOrder, order.id).status == "closed"
        closed = db.session.scalar(
            db.select(WorkOrderEvent).filter_by(work_order_id=order.id, kind="closed")
        )
        assert closed.data["override"]["reason"] == "客户书面确认，原件已寄回"
