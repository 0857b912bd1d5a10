"""The whole loop through the back office, in a desktop browser (1440×900): a dispatcher
registers a phone fault and assigns engineer1; engineer1's phone (a small sync client
over HTTP, as tests/sync/phone.py does in-process) syncs, works offline, takes the
customer's signature and syncs again; the supervisor reviews the timeline and signature
in /office, closes the order and downloads the service report, whose text has the
customer's name in Chinese and the hash of the signed summary."""

from __future__ import annotations

import hashlib
import io
import json
import re
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
SERIAL = "DS2CD0002"
CUSTOMER = "上海市第一人民医院"


class PhoneOverHttp:
    """engineer1's phone: login, then push and pull as docs/sync-protocol.md says."""

    def __init__(self, base_url: str, username: str):
        self.base = base_url
        self.client_id = str(uuid.uuid4())
        self.seq = 0
        self.outbox: list[dict] = []
        self.store: dict[str, dict[str, dict]] = {}
        self.cursor = None
        self.token = self.call(
            "POST",
            "/auth/login",
            {"username": username, "password": PASSWORD, "device_name": "e2e"},
        )["token"]

    def call(self, method: str, path: str, body=None, *, raw: bytes | None = None, query: str = ""):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(
            f"{self.base}/api/v1{path}{query}", data=data, method=method
        )
        request.add_header(
            "Content-Type", "application/octet-stream" if raw is not None else "application/json"
        )
        if getattr(self, "token", None):
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def envelope(self) -> dict:
        return {
            "schema_version": 1,
            "client_id": self.client_id,
            "client_time": datetime.now(UTC).isoformat(),
        }

    def mutate(self, name: str, args: dict, occurred_at: datetime) -> None:
        self.seq += 1
        self.outbox.append(
            {
                "id": str(uuid.uuid4()),
                "seq": self.seq,
                "name": name,
                "occurred_at": occurred_at.isoformat(),
                "args": args,
            }
        )

    def push(self) -> list[dict]:
        body = self.call("POST", "/sync/push", {**self.envelope(), "mutations": self.outbox})
        self.outbox = [m for m in self.outbox if m["seq"] > body["last_seq"]]
        return body["results"]

    def pull(self) -> None:
        while True:
            page = self.call("POST", "/sync/pull", {**self.envelope(), "cursor": self.cursor})
            for change in page["changes"]:
                self.store.setdefault(change["entity"], {})[change["record"]["id"]] = change[
                    "record"
                ]
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return


def _signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 150), "white")
    draw = ImageDraw.Draw(image)
    draw.line((20, 120, 120, 30, 200, 110, 380, 40), fill="black", width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def desk(browser, live_server):
    """A desktop-sized tab for the office (Chinese, Shanghai), downloads allowed."""
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


@pytest.fixture
def office_shot(desk):
    """Screenshots of the office at 1440×900 into E2E_SCREENSHOTS, when it names a folder."""
    import os

    directory = os.environ.get("E2E_SCREENSHOTS")

    def _shot(name: str) -> None:
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            desk.screenshot(path=str(Path(directory) / f"office-{name}.png"))

    return _shot


def _office_users(live_server) -> None:
    """The seed has a dispatcher; the loop needs a supervisor and a part in the van too."""
    from server.extensions import db
    from server.models import Part, User

    with live_server.database():
        if db.session.scalar(db.select(User).filter_by(username="supervisor")) is None:
            supervisor = User(username="supervisor", display_name="主管老陈", role="supervisor")
            supervisor.set_password(PASSWORD)
            db.session.add(supervisor)
        if db.session.scalar(db.select(Part).filter_by(part_number="PSU-12V-2A")) is None:
            db.session.add(
                Part(part_number="PSU-12V-2A", name="12V 2A 电源适配器", cost_cents=3500)
            )
        db.session.commit()


def _log_in(tab, username: str) -> None:
    tab.goto("/login")
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("button[type=submit]").click()
    # Office staff land in the office, on the dispatch board.
    expect(tab).to_have_url(re.compile(r"/office/dispatch$"))


def _log_out(tab) -> None:
    tab.locator(".office__top .o-button").click()
    expect(tab).to_have_url(re.compile(r"/login(\?for=office)?$"))


def test_a_fault_goes_from_intake_to_a_signed_closed_report(
    desk, live_server, office_shot, tmp_path
):
    _office_users(live_server)

    # --- the dispatcher registers a phone fault --------------------------------------
    _log_in(desk, "dispatcher")
    office_shot("dispatch-before")
    desk.locator(".office__nav-item", has_text="登记").click()
    desk.locator("input[name=device_q]").fill(SERIAL)
    desk.locator(".o-search button[type=submit]").click()
    desk.locator(f"button[data-serial={SERIAL}]").click()
    expect(desk.locator(f".o-card[data-device={SERIAL}]")).to_contain_text(CUSTOMER)
    expect(desk.locator("select[name=site_id]")).not_to_have_value("")
    desk.locator("select[name=severity]").select_option("2")
    desk.locator("input[name=reporter_name]").fill("王老师")
    desk.locator("input[name=reporter_phone]").fill("13800000000")
    desk.locator("textarea[name=symptom]").fill("门诊二楼 2 路监控画面花屏")
    office_shot("intake")
    desk.locator("form.o-form button[type=submit]").click()
    notice = desk.locator(".o-notice[data-number]")
    expect(notice).to_contain_text("已登记")
    number = notice.get_attribute("data-number")
    expect(notice.locator(".sla")).to_be_visible()
    office_shot("intake-registered")

    # --- ... and assigns engineer1 on the dispatch board -------------------------------
    desk.locator(".office__nav-item", has_text="派单").click()
    card = desk.locator(f".o-order[data-number='{number}']")
    expect(card).to_be_visible()
    card.locator(".o-order__head").click()
    engineer_id = str(live_server.world.engineer1.id)
    card.locator("select[name=engineer_id]").select_option(engineer_id)
    card.locator("button[data-action=assign]").click()
    expect(
        desk.locator("#col-assigned").locator("..").locator(f".o-order[data-number='{number}']")
    ).to_contain_text("张工")
    office_shot("dispatch")
    _log_out(desk)

    # --- engineer1's phone syncs, works offline, syncs again -----------------------------
    phone = PhoneOverHttp(live_server.url, "engineer1")
    phone.pull()
    orders = {record["number"]: record for record in phone.store["work_orders"].values()}
    assert number in orders, "the assignment reached the phone"
    wo = orders[number]
    part = next(p for p in phone.store["parts"].values() if p["part_number"] == "PSU-12V-2A")
    started = datetime.now(UTC) - timedelta(minutes=50)  # in the basement, no signal
    phone.mutate(
        "work_order.transition",
        {"id": wo["id"], "action": "accept", "event_id": str(uuid.uuid4())},
        started,
    )
    phone.mutate(
        "work_order.transition",
        {"id": wo["id"], "action": "depart", "event_id": str(uuid.uuid4())},
        started + timedelta(minutes=2),
    )
    phone.mutate(
        "work_order.transition",
        {"id": wo["id"], "action": "arrive", "event_id": str(uuid.uuid4())},
        started + timedelta(minutes=25),
    )
    diagnosis = {
        "diagnosis_symptom": "门诊大厅 3 路画面黑屏",
        "diagnosis_cause": "电源适配器老化",
        "diagnosis_fix": "更换 12V 电源适配器",
    }
    phone.mutate(
        "work_order.update",
        {"id": wo["id"], "base": {k: wo[k] for k in diagnosis}, "changes": diagnosis},
        started + timedelta(minutes=35),
    )
    phone.mutate(
        "part_usage.add",
        {"id": str(uuid.uuid4()), "work_order_id": wo["id"], "part_id": part["id"], "quantity": 1},
        started + timedelta(minutes=36),
    )

    from server.domain.signing import summary_sha256, work_order_summary

    site = phone.store["sites"][wo["site_id"]]
    customer = phone.store["customers"][wo["customer_id"]]
    devices = [phone.store["devices"][d] for d in wo["device_ids"]]
    summary = work_order_summary(
        {
            "number": number,
            "status": "on_site",
            "customer_name": customer["name"],
            "site_name": site["name"],
            "site_address": site["address"],
            "devices": [{"model": d["model"], "serial": d["serial"]} for d in devices],
            "parts": [{"part_number": part["part_number"], "name": part["name"], "quantity": 1}],
            "diagnosis_location": wo["diagnosis_location"],
            **diagnosis,
        }
    )
    digest = summary_sha256(summary)
    ink = _signature_png()
    ink_sha = hashlib.sha256(ink).hexdigest()
    phone.mutate(
        "signature.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": wo["id"],
            "purpose": "sign_off",
            "signer_name": "王老师",
            "signer_role": "customer",
            "sha256": ink_sha,
            "summary": summary,
            "summary_sha256": digest,
            "satisfaction": {"attitude": 5, "speed": 5, "quality": 4, "overall": 5},
            "comment": "修得很快",
        },
        started + timedelta(minutes=40),
    )
    phone.mutate(
        "work_order.transition",
        {"id": wo["id"], "action": "complete", "event_id": str(uuid.uuid4())},
        started + timedelta(minutes=41),
    )
    results = phone.push()
    assert [r["status"] for r in results] == ["applied"] * 7, results[-1]
    phone.call("PUT", f"/blobs/{ink_sha}/upload", raw=ink, query=f"?offset=0&size={len(ink)}")
    phone.pull()

    # --- the supervisor reviews and closes in /office --------------------------------
    _log_in(desk, "supervisor")
    desk.locator(".office__nav-item", has_text="审核").click()
    desk.locator("a", has_text=number).click()
    expect(desk.locator(".o-review")).to_have_attribute("data-number", number)
    timeline = desk.locator(".o-timeline")
    expect(timeline.locator("tr[data-kind=arrived]")).to_be_visible()
    # Recorded 25 minutes before it synced: both times shown, the gap flagged.
    expect(timeline.locator("tr[data-kind=arrived] .o-clock-warning")).to_have_attribute(
        "data-warning", "device_behind"
    )
    signature = desk.locator(".o-signature")
    expect(signature).to_have_attribute("data-differs", "false")
    expect(signature).to_contain_text(digest)
    expect(signature.locator("img")).to_be_visible()
    expect(desk.locator(".o-review")).to_contain_text("PSU-12V-2A")
    office_shot("review")
    desk.locator("button[data-action=close]").click()
    expect(desk.locator(".o-review h1 .badge--status")).to_have_text("已关闭")

    # --- the PDF report downloads, with the customer's name and the signed hash --------
    with desk.expect_download() as download:
        desk.locator("button[data-report=service]").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert CUSTOMER in text
    assert number in text
    assert digest in re.sub(r"\s+", "", text)
    assert "签字后工单内容已有变化" not in text

    # A link for the customer opens the same report without a login.
    desk.locator("button[data-report-link]").click()
    url = desk.locator(".o-link-box[data-link=report]").input_value()
    assert "/r/" in url and url.endswith(".pdf")
    public = url.replace("http://127.0.0.1:8000", live_server.url)
    with urllib.request.urlopen(
        live_server.url + public[public.index("/r/") :], timeout=10
    ) as response:
        assert response.headers["Content-Type"] == "application/pdf"

    # The other office screens, for the record.
    desk.locator(".office__nav-item", has_text="冲突").click()
    expect(desk.locator("h1")).to_contain_text("同步冲突")
    office_shot("conflicts")
    desk.locator(".office__nav-item", has_text="基础资料").click()
    desk.locator(".o-tabs__tab", has_text="设备").click()
    expect(desk.locator(".o-table")).to_contain_text(SERIAL)
    office_shot("registry-devices")

    with live_server.database():
        from server.extensions import db
        from server.models import WorkOrder

        stored = db.session.scalar(db.select(WorkOrder).filter_by(number=number))
        assert stored.status == "closed"
        assert stored.assigned_engineer_id == live_server.world.engineer1.id
