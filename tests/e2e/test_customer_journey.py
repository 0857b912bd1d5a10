"""The customer in the loop, in two browsers: a customer's phone scans a device's QR
label (/d/<token>, no open request), reports the fault and follows the progress link the
thanks page gives (/t/<token>): registered. The dispatcher assigns an engineer with an
appointment on the dispatch board (/office, desktop); the customer's page then shows the
engineer's display name and the appointment. The engineer's work is done through the
services (as tests/e2e/test_kpi_dashboard.py seeds its repair); the customer downloads the
service report from the page and answers the satisfaction survey there; the KPI API counts
the answers for that customer.

The customer, site, device and engineer are seeded here, for this test alone, so the other
browser tests' lists stay as their seed made them."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
SHANGHAI = ZoneInfo("Asia/Shanghai")
ENGINEER_NAME = "周工"
SYMPTOM = "阅览室 2 路摄像机无画面"


def _seed(live_server) -> SimpleNamespace:
    from server.extensions import db
    from server.models import Customer, Device, Site, System, User

    with live_server.database():
        engineer = User(username="journey-engineer", display_name=ENGINEER_NAME, role="engineer")
        engineer.set_password(PASSWORD)
        customer = Customer(name="杭州市图书馆", code="HZ-LIB-1")
        site = Site(customer=customer, name="主馆", address="杭州市西湖区 1 号", zone="in_city")
        system = System(site=site, type="cctv", name="主馆监控")
        device = Device(system=system, serial="JOURNEY-0001", model="DS-2CD3T46",
                        manufacturer="海康威视", installed_on=date(2026, 1, 10))  # fmt: skip
        db.session.add_all([engineer, customer, site, system, device])
        db.session.commit()
        return SimpleNamespace(
            engineer_id=str(engineer.id),
            customer_id=str(customer.id),
            label_token=device.label_token,
        )


def _finish(live_server, number: str) -> None:
    """The engineer's visit, as his phone would sync it: accept, depart, arrive, the
    diagnosis, the customer's sign-off (no scores: only the page's survey is counted
    here) and complete."""
    from server.domain.signing import summary_sha256
    from server.extensions import db
    from server.models import WorkOrder
    from server.services.attachments import add_signature, current_summary
    from server.services.work_orders import apply_action, update_work_order
    from server.unit_of_work import committed
    from tests.conftest import DIAGNOSIS

    with live_server.database():
        wo = db.session.scalar(db.select(WorkOrder).filter_by(number=number))
        engineer = wo.assigned_engineer
        # Now, in order (the report came in moments ago: no step before it).
        with committed():
            for action in ("accept", "depart", "arrive"):
                apply_action(wo, {"action": action}, engineer)
            update_work_order(wo, DIAGNOSIS, engineer)
            db.session.flush()
            summary = current_summary(wo)
            add_signature(wo, {"purpose": "sign_off", "signer_name": "钱馆长",
                               "signer_role": "customer", "sha256": "6" * 64,
                               "summary": summary, "summary_sha256": summary_sha256(summary)},
                          engineer)  # fmt: skip
            apply_action(wo, {"action": "complete"}, engineer)
        assert wo.status == "completed"


def _api(live_server, method: str, path: str, token: str | None = None, body=None):
    request = urllib.request.Request(
        f"{live_server.url}/api/v1{path}",
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture
def desk(browser, live_server):
    """The office: a desktop tab (Chinese, Shanghai)."""
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def customer_phone(browser, live_server):
    """The customer's own phone: no account, Chinese, downloads allowed."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_customer_reports_follows_downloads_the_report_and_rates_the_visit(
    customer_phone, desk, live_server, tmp_path
):
    seeded = _seed(live_server)
    phone = customer_phone

    # --- the customer scans the label and reports the fault ------------------------------
    phone.goto(f"/d/{seeded.label_token}")
    expect(phone.locator("h1")).to_have_text("DS-2CD3T46")
    expect(phone.locator(".open-request")).to_have_count(0)
    phone.locator("textarea[name=symptom]").fill(SYMPTOM)
    phone.locator("input[name=contact_name]").fill("钱馆长")
    phone.locator("input[name=contact_phone]").fill("13900000000")
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("h1")).to_have_text("已收到您的报修")
    thanks = phone.locator("section.done")
    expect(thanks).to_contain_text("报修单号")

    # --- ... follows the progress link: registered -----------------------------------------
    thanks.locator("a.button").click()
    expect(phone).to_have_url(re.compile(r"/t/[\w-]+"))
    progress_url = phone.url
    expect(phone.locator("h1.status")).to_have_text("已登记，正在安排工程师")
    number = phone.locator(".progress .hint").inner_text().split()[-1]
    expect(phone.locator(".steps")).to_contain_text("报修已登记")

    # --- the dispatcher assigns an engineer with an appointment ----------------------------
    desk.goto("/login")
    desk.locator("input[name=username]").fill("dispatcher")
    desk.locator("input[name=password]").fill(PASSWORD)
    desk.locator("button[type=submit]").click()
    expect(desk).to_have_url(re.compile(r"/office/dispatch$"))
    card = desk.locator(f".o-order[data-number='{number}']")
    expect(card).to_be_visible()
    card.locator(".o-order__head").click()
    card.locator("select[name=engineer_id]").select_option(seeded.engineer_id)
    card.locator("button[data-action=assign]").click()
    # Assigned once the card's tags name him (the select's options name him already).
    expect(card.locator(".o-order__body .o-tag", has_text=ENGINEER_NAME)).to_be_visible()
    appointment = (datetime.now(SHANGHAI) + timedelta(days=1)).replace(
        hour=10, minute=30, second=0, microsecond=0
    )
    card.locator("input[name=appointment_at]").fill(appointment.strftime("%Y-%m-%dT%H:%M"))
    card.locator("input[name=appointment_at]").locator("..").locator("..").locator(
        "button[type=submit]"
    ).click()
    shown = appointment.strftime("%Y-%m-%d %H:%M")
    expect(card.locator(".o-order__body")).to_contain_text(appointment.strftime("%H:%M"))
    with live_server.database():
        from server.extensions import db
        from server.models import WorkOrder

        stored = db.session.scalar(db.select(WorkOrder).filter_by(number=number))
        assert stored.appointment_at is not None

    # --- the customer's page shows the engineer and the appointment --------------------------
    phone.goto(progress_url)
    expect(phone.locator("h1.status")).to_have_text("已安排工程师")
    details = phone.locator(".progress dl")
    expect(details).to_contain_text(ENGINEER_NAME)
    expect(details).to_contain_text(shown)
    expect(phone.locator(".steps")).to_contain_text("已安排工程师")
    # Nothing internal: not the site's address, not the engineer's login.
    expect(phone.locator("body")).not_to_contain_text("杭州市西湖区")
    expect(phone.locator("body")).not_to_contain_text("journey-engineer")

    # --- the visit is done ---------------------------------------------------------------
    _finish(live_server, number)

    # --- the customer downloads the report and answers the survey ---------------------------
    phone.goto(progress_url)
    expect(phone.locator("h1.status")).to_have_text("已处理完成")
    with phone.expect_download() as download:
        phone.locator("a.button[download]").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert number in text

    fieldsets = phone.locator("fieldset.score")
    expect(fieldsets.first).to_be_visible()
    questions = fieldsets.count()
    assert questions >= 1
    for index in range(questions):
        fieldsets.nth(index).locator("input[value='5']").check()
    phone.locator("textarea[name=opinions]").fill("工程师准时，处理得很好")
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("section.done h2")).to_have_text("感谢您的评价！")
    # Answered once: the page no longer offers the form.
    phone.goto(progress_url)
    expect(phone.locator("section.done h2")).to_have_text("感谢您的评价！")
    expect(phone.locator("fieldset.score")).to_have_count(0)

    # --- the office KPI counts it ------------------------------------------------------------
    token = _api(
        live_server,
        "POST",
        "/auth/login",
        body={"username": "dispatcher", "password": PASSWORD, "device_name": "e2e"},
    )["token"]
    rows = _api(live_server, "GET", f"/kpi/satisfaction?customer_id={seeded.customer_id}", token)
    rows = rows["rows"]
    assert sum(row["answers"] for row in rows) == questions
    assert all(row["average"] == 5 and row["satisfied_percent"] == 100 for row in rows)
    engineers = _api(
        live_server,
        "GET",
        f"/kpi/satisfaction-engineers?customer_id={seeded.customer_id}",
        token,
    )
    assert [row["engineer"] for row in engineers["rows"]] == [ENGINEER_NAME]
