"""The KPI dashboard in a desktop browser: a supervisor opens /office/kpi and sees the
on-time chart drawn (plain SVG) from a repair done this morning, with its 98 % target line,
and downloads a table as CSV.

The repair is seeded here for a customer and engineer of its own, so the other browser
tests' lists stay as their seed made them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}


def _seed_a_repair(live_server) -> str:
    """A level-1 repair reported 3 hours ago: accepted after 10 minutes, on site after 40,
    fixed after 90 (all on the phone's clock). Every clock met: 100 % on time."""
    from server.domain.signing import summary_sha256
    from server.extensions import db
    from server.models import Customer, Device, Site, System, User
    from server.services.attachments import add_signature, current_summary
    from server.services.work_orders import apply_action, create_work_order, update_work_order
    from server.unit_of_work import committed
    from tests.conftest import DIAGNOSIS

    with live_server.database():
        dispatcher = db.session.scalar(db.select(User).filter_by(username="dispatcher"))
        engineer = User(username="kpi-engineer", display_name="赵工", role="engineer")
        engineer.set_password(PASSWORD)
        customer = Customer(name="南京市第一医院", code="NJ-KPI-1")
        site = Site(customer=customer, name="急诊楼", zone="in_city")
        system = System(site=site, type="cctv", name="急诊楼监控")
        device = Device(system=system, serial="KPI-0001", model="DS-2CD3T46",
                        manufacturer="海康威视", installed_on=date(2026, 1, 10))  # fmt: skip
        db.session.add_all([engineer, customer, site, system, device])
        db.session.commit()
        with committed():  # the seed is the edge that commits
            reported = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
            wo = create_work_order(
                {"customer_id": customer.id, "site_id": site.id, "system_id": system.id,
                 "device_ids": [device.id], "severity": 1, "symptom": "急诊大厅画面黑屏",
                 "reported_at": reported, "assigned_engineer_id": engineer.id},
                dispatcher,
            )  # fmt: skip
            for action, minutes in (("accept", 10), ("arrive", 40), ("complete", 90)):
                if action == "complete":  # what the completion guards need
                    update_work_order(wo, DIAGNOSIS, engineer)
                    db.session.flush()
                    summary = current_summary(wo)
                    add_signature(wo, {"purpose": "sign_off", "signer_name": "孙主任",
                                       "signer_role": "customer", "sha256": "5" * 64,
                                       "summary": summary,
                                       "summary_sha256": summary_sha256(summary)},
                                  engineer)  # fmt: skip
                apply_action(
                    wo,
                    {"action": action, "occurred_at": reported + timedelta(minutes=minutes)},
                    engineer,
                )
        return str(customer.id)


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=DESKTOP,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )
    tab = context.new_page()
    yield tab
    context.close()


def test_the_dashboard_draws_the_on_time_chart_with_data_and_exports_csv(desk, live_server):
    customer_id = _seed_a_repair(live_server)
    desk.goto("/login")
    desk.locator("input[name=username]").fill("supervisor")
    desk.locator("input[name=password]").fill(PASSWORD)
    desk.locator("button[type=submit]").click()
    # Wherever the login lands (the phone's list or the office), the KPIs are one address away.
    expect(desk).to_have_url(re.compile(r"/(work-orders|office)"))

    desk.goto("/office/kpi")
    chart = desk.locator("[data-chart=on-time] svg")
    expect(chart).to_be_visible()
    bars = chart.locator("rect.kpi-bar")
    expect(bars).not_to_have_count(0)
    assert bars.count() >= 3  # response, arrival, restore, resolve: whichever have data
    expect(chart.locator("[data-target='98']")).to_contain_text("98%")
    # A bar of 0 minutes has no height: count the bars rather than look at one.
    expect(desk.locator("[data-chart=times] rect.kpi-bar")).not_to_have_count(0)
    expect(desk.locator("[data-loaners]")).to_be_visible()

    # Only this customer's repair: every clock met, 100 %.
    desk.locator("select[name=customer_id]").select_option(customer_id)
    desk.locator("form.kpi-filters button[type=submit]").click()
    expect(chart.locator("rect.kpi-bar").first).to_have_attribute("data-value", "100")
    values = chart.locator("rect.kpi-bar").evaluate_all("bars => bars.map(b => b.dataset.value)")
    assert values and set(values) == {"100"}, values

    with desk.expect_download() as download:
        desk.locator("[data-csv=on-time]").click()
    path = download.value.path()
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "clock,met,late,total,on_time_percent"
    assert "response,1,0,1,100.0" in text
