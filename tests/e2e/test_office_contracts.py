"""The office sets up contract rules without typing JSON, in a desktop browser (1440×900):
the admin keeps the organisation calendar (public holidays and 调休 make-up days) and sets
up a new contract on it with its own SLA table, fee and extra holiday; a refused value is
shown on its field. Edited again after another office user saved it, the edit is refused
(If-Match) and shown as it stands, to check and save again."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
CUSTOMER = "上海市第一人民医院"


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    tab = context.new_page()
    yield tab
    context.close()


def _admin(live_server) -> None:
    from server.extensions import db
    from server.models import User

    with live_server.database():
        if db.session.scalar(db.select(User).filter_by(username="admin")) is None:
            admin = User(username="admin", display_name="管理员老孙", role="admin")
            admin.set_password(PASSWORD)
            db.session.add(admin)
            db.session.commit()


def _log_in(tab, username: str) -> None:
    tab.goto("/login")
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("button[type=submit]").click()
    expect(tab).to_have_url(re.compile(r"/office/"))


def _add_day(tab, day: str, kind: str, name: str) -> None:
    form = tab.locator("form[aria-label='添加日期']")
    form.locator("input[name=falls_on]").fill(day)
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=day-name]").fill(name)
    form.locator("button[type=submit]").click()
    expect(tab.locator(f"tr[data-day='{day}']")).to_be_visible()


def test_the_office_sets_up_a_contract_on_the_holiday_calendar_without_json(desk, live_server):
    _admin(live_server)
    _log_in(desk, "admin")

    # --- the organisation calendar, kept once a year ---------------------------------
    desk.goto("/office/registry/calendar")
    desk.locator("select[name=calendar-year]").select_option("2026")
    _add_day(desk, "2026-10-01", "holiday", "国庆节")
    _add_day(desk, "2026-10-10", "make_up_workday", "国庆节调休上班")
    _add_day(desk, "2026-10-11", "holiday", "录错的日期")
    desk.get_by_role("button", name="删除 2026-10-11").click()
    expect(desk.locator("tr[data-day='2026-10-11']")).to_have_count(0)
    expect(desk.locator("tr[data-day='2026-10-10']")).to_have_attribute(
        "data-kind", "make_up_workday"
    )
    # A date is in the calendar once: the server's refusal names the field.
    form = desk.locator("form[aria-label='添加日期']")
    form.locator("input[name=falls_on]").fill("2026-10-01")
    form.locator("button[type=submit]").click()
    expect(form.locator("li[data-path=falls_on]")).to_be_visible()

    # --- a new contract: structured fields only ---------------------------------------
    desk.goto("/office/registry/contracts")
    desk.get_by_role("button", name="新建一条").click()
    contract = desk.locator("form[aria-label='合同']")
    contract.locator("select[name=customer_id]").select_option(label=CUSTOMER)
    contract.locator("input[name=number]").fill("HT-E2E-017")
    contract.locator("input[name=name]").fill("门诊楼监控维保合同")
    contract.locator("select[name=kind]").select_option("maintenance")
    contract.locator("input[name=starts_on]").fill("2026-01-01")
    contract.locator("input[name=ends_on]").fill("2027-12-31")
    contract.get_by_label("门诊楼").check()

    business = contract.locator("[data-calendar=business_hours]")
    expect(
        business.locator("input[name='sla.calendars.business_hours.use_organisation_calendar']")
    ).to_be_checked()
    business.locator("textarea[name='sla.calendars.business_hours.holidays']").fill("2026-10-08")
    contract.get_by_label("3级 市内 到场时限（分钟）").fill("240")
    contract.get_by_label("3级 市内 响应时限（分钟）").fill("-5")
    contract.locator("input[name='fees.visit_fee_cents']").fill("80")
    assert contract.locator("textarea[name=settings]").is_hidden()  # JSON only when asked for

    contract.get_by_role("button", name="保存").click()
    refused = contract.locator("[data-error-for='sla.severities.3.targets.in_city.response']")
    expect(refused).to_be_visible()
    expect(contract.get_by_label("3级 市内 响应时限（分钟）")).to_have_attribute(
        "aria-invalid", "true"
    )

    contract.get_by_label("3级 市内 响应时限（分钟）").fill("90")
    contract.get_by_role("button", name="保存").click()
    expect(contract.get_by_text("已保存。")).to_be_visible()
    expect(refused).to_have_count(0)

    from server.extensions import db
    from server.models import Contract

    with live_server.database():
        saved = db.session.scalar(db.select(Contract).filter_by(number="HT-E2E-017"))
        assert saved is not None
        assert [site.name for site in saved.sites] == ["门诊楼"]
        level_3 = saved.settings["sla"]["severities"]["3"]["targets"]["in_city"]
        assert level_3 == {"response": 90, "arrival": 240}
        calendar = saved.settings["sla"]["calendars"]["business_hours"]
        # Only its own extra holiday is stored: the public ones come from the organisation.
        assert calendar == {"holidays": ["2026-10-08"]}
        assert saved.settings["fees"] == {"visit_fee_cents": 8000}

    # --- edited again, from a form another office user's save has overtaken -----------
    with live_server.database():
        stored = db.session.scalar(db.select(Contract).filter_by(number="HT-E2E-017"))
        read_at = stored.row_version
        stored.ends_on = date(2028, 6, 30)
        db.session.commit()
        assert stored.row_version != read_at
    contract.locator("input[name=name]").fill("门诊楼监控维保合同（续）")
    contract.get_by_role("button", name="保存").click()
    # Refused (412), nothing overwritten: the form shows the contract as it stands, with
    # this user's change on top, and asks to check and save again.
    expect(contract.get_by_text("这条记录在你打开后被修改过", exact=False)).to_be_visible()
    expect(contract.locator("input[name=ends_on]")).to_have_value("2028-06-30")
    expect(contract.locator("input[name=name]")).to_have_value("门诊楼监控维保合同（续）")
    contract.get_by_role("button", name="保存").click()
    expect(contract.get_by_text("已保存。")).to_be_visible()
    with live_server.database():
        again = db.session.scalar(db.select(Contract).filter_by(number="HT-E2E-017"))
        assert (again.name, again.ends_on) == ("门诊楼监控维保合同（续）", date(2028, 6, 30))


def test_the_office_speaks_english_when_asked_and_remembers_it(desk, live_server):
    _admin(live_server)
    desk.goto("/office")
    expect(desk.locator("h1")).to_have_text("后台登录")
    desk.locator(".login button[data-locale=en]").click()
    expect(desk.locator("h1")).to_have_text("Office sign-in")
    desk.locator("input[name=username]").fill("admin")
    desk.locator("input[name=password]").fill(PASSWORD)
    desk.locator("button[type=submit]").click()
    expect(desk).to_have_url(re.compile(r"/office/"))
    desk.goto("/office/registry/calendar")
    expect(desk.get_by_role("link", name="Organisation calendar")).to_be_visible()
    desk.reload()
    expect(desk.locator(".office__top button[data-locale=en]")).to_have_attribute(
        "aria-pressed", "true"
    )
    desk.locator(".office__top button[data-locale=zh-CN]").click()
    expect(desk.get_by_role("link", name="组织日历")).to_be_visible()
