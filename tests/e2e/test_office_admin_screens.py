"""The office keeps what used to be API-only, in a desktop browser (1440×900): regions and
service centres, a customer's contacts (the authorised-requester cap shown on its box),
the survey's questions, the organisation's settings, and a supervisor's warranty override
with its reason on the review screen. Every refusal is shown on the field it names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    tab = context.new_page()
    yield tab
    context.close()


def _setup(live_server) -> None:
    """An admin, and a customer of its own whose contacts already fill the cap."""
    from flask import current_app

    from server.extensions import db
    from server.models import Contact, Customer, User

    with live_server.database():
        if db.session.scalar(db.select(User).filter_by(username="admin")) is None:
            admin = User(username="admin", display_name="管理员老孙", role="admin")
            admin.set_password(PASSWORD)
            db.session.add(admin)
        if db.session.scalar(db.select(Customer).filter_by(code="ADMIN-SCREENS")) is None:
            customer = Customer(name="联系人测试客户", code="ADMIN-SCREENS")
            db.session.add(customer)
            for n in range(current_app.config["MAX_AUTHORISED_CONTACTS"]):
                db.session.add(Contact(customer=customer, name=f"授权人{n}", is_authorised=True))
        db.session.commit()


def _log_in(tab, username: str) -> None:
    tab.goto("/login")
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("button[type=submit]").click()
    expect(tab).to_have_url(re.compile(r"/office/"))


def _row(tab, text: str):
    return tab.locator("tr", has_text=text)


def test_the_admin_keeps_regions_centres_contacts_survey_and_settings(desk, live_server):
    _setup(live_server)
    _log_in(desk, "admin")

    # --- regions and service centres ---------------------------------------------------
    desk.goto("/office/registry/regions")
    form = desk.locator("form[aria-label='大区']")
    form.locator("input[name=name]").fill("华东大区")
    form.locator("button[type=submit]").click()
    expect(_row(desk, "华东大区")).to_be_visible()

    desk.goto("/office/registry/centres")
    form = desk.locator("form[aria-label='服务中心']")
    form.locator("select[name=region_id]").select_option(label="华东大区")
    form.locator("input[name=name]").fill("杭州服务中心")
    form.locator("input[name=city]").fill("杭州")
    form.locator("button[type=submit]").click()
    expect(_row(desk, "杭州服务中心")).to_contain_text("华东大区")

    # --- a customer's contacts: the cap is shown on the authorised box -----------------
    desk.goto("/office/registry/contacts")
    customer = "联系人测试客户 (ADMIN-SCREENS)"
    desk.locator("select[name=contacts-customer]").select_option(label=customer)
    expect(_row(desk, "授权人0")).to_be_visible()
    form = desk.locator("form[aria-label='联系人']")
    form.locator("input[name=name]").fill("新来的科长")
    form.locator("input[name=is_authorised]").check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-field-error=is_authorised]")).to_have_text("授权联系人已达上限。")
    form.locator("input[name=is_authorised]").uncheck()
    form.locator("button[type=submit]").click()
    expect(_row(desk, "新来的科长")).to_be_visible()

    # --- survey questions: add, refuse a bad key on its field, deactivate ---------------
    desk.goto("/office/registry/survey")
    form = desk.locator("form[aria-label='回访问题']")
    form.locator("input[name=key]").fill("Bad Key")
    form.locator("input[name=label_zh]").fill("备件是否及时")
    form.locator("input[name=label_en]").fill("Were parts on time")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-field-error=key]")).to_be_visible()
    form.locator("input[name=key]").fill("parts_on_time")
    form.locator("button[type=submit]").click()
    expect(_row(desk, "parts_on_time")).to_contain_text("是")
    _row(desk, "parts_on_time").click()
    form.locator("input[name=is_active]").uncheck()
    form.locator("button[type=submit]").click()
    expect(_row(desk, "parts_on_time")).to_contain_text("否")

    # --- organisation settings -----------------------------------------------------------
    desk.goto("/office/registry/organisation")
    form = desk.locator("form[aria-label='组织设置']")
    form.locator("input[name=timezone]").fill("Mars/Olympus")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-field-error=timezone]")).to_be_visible()
    form.locator("input[name=timezone]").fill("Asia/Shanghai")
    form.locator("input[name=hotline]").fill("400-820-0000")
    form.locator("button[type=submit]").click()
    expect(form.locator(".o-notice")).to_be_visible()
    desk.reload()
    expect(desk.locator("input[name=hotline]")).to_have_value("400-820-0000")


def test_a_supervisor_overrides_the_warranty_with_a_reason_and_removes_it(desk, live_server):
    _log_in(desk, live_server.world.supervisor.username)
    desk.goto(f"/office/review/{live_server.world.theirs[0].id}")
    box = desk.get_by_test_id("warranty-override")
    expect(box.locator("[data-override]")).to_have_attribute("data-override", "")

    box.locator("select[name=override-status]").select_option("free_repair")
    box.locator("button[type=submit]").click()
    expect(box.locator("[data-field-error=override-reason]")).to_be_visible()

    box.locator("textarea[name=override-reason]").fill("厂家确认批次缺陷，免费维修")
    box.locator("button[type=submit]").click()
    expect(box.locator("[data-override]")).to_have_attribute("data-override", "free_repair")
    expect(box.locator("[data-override]")).to_contain_text("厂家确认批次缺陷")
    expect(box.locator("[data-computed]")).not_to_have_attribute("data-computed", "")

    box.get_by_role("button", name="撤销改判").click()
    expect(box.locator("[data-override]")).to_have_attribute("data-override", "")
