"""Nothing typed is lost, and what has not left the phone can be taken back, on a 360 px
phone. The engineer types a diagnosis with no signal and the page reloads: the text is
still in the field; he saves it and it reaches the server. He adds two notes offline and
removes the first: once online, the server gets the second and never the first.

Each test seeds a repair for an engineer of its own, so the other browser tests' lists
stay as their seed made them."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import PASSWORD, WAIT_MS, open_step, wait_until

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 740}


def _seed_a_repair(live_server, tag: str) -> SimpleNamespace:
    """A repair assigned to an engineer of its own (``drafts-<tag>``)."""
    from server.extensions import db
    from server.models import Customer, Device, Site, System, User, WorkOrder
    from server.services.work_orders import create_work_order
    from server.unit_of_work import committed

    with live_server.database():
        dispatcher = db.session.scalar(db.select(User).filter_by(username="dispatcher"))
        engineer = User(username=f"drafts-{tag}", display_name="赵工", role="engineer")
        engineer.set_password(PASSWORD)
        customer = Customer(name=f"苏州市立医院 {tag}", code=f"SZ-DRAFTS-{tag}")
        site = Site(customer=customer, name="急诊楼", zone="in_city")
        system = System(site=site, type="cctv", name="急诊楼监控")
        device = Device(system=system, serial=f"DRAFTS-{tag}", model="DS-2CD3T46",
                        manufacturer="海康威视", installed_on=date(2026, 1, 10))  # fmt: skip
        db.session.add_all([engineer, customer, site, system, device])
        db.session.commit()
        with committed():  # the seed is the edge that commits
            wo = create_work_order(
                {"customer_id": customer.id, "site_id": site.id, "system_id": system.id,
                 "device_ids": [device.id], "severity": 3, "symptom": "急诊大厅画面闪烁",
                 "assigned_engineer_id": engineer.id},
                dispatcher,
            )  # fmt: skip
        found = db.session.get(WorkOrder, wo.id)
        return SimpleNamespace(id=found.id, number=found.number, username=engineer.username)


@pytest.fixture
def phone(page):
    """The suite's phone tab, narrowed to 360 px."""
    page.set_viewport_size(NARROW)
    return page


def _open_offline(phone, sign_in, order) -> None:
    """Sign in online, let the first sync and the service worker settle, go offline and
    open the order."""
    sign_in(order.username)
    expect(phone.locator(f"a.order[data-number='{order.number}']")).to_be_visible()
    expect(phone.locator(".sync-badge")).to_have_attribute("data-state", "synced")
    wait_until(phone, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    phone.context.set_offline(True)
    expect(phone.locator(".sync-badge")).to_have_attribute("data-state", "offline")
    phone.locator(f"a.order[data-number='{order.number}']").click()
    expect(phone.locator("h1")).to_have_text(order.number)


def _sync(phone) -> None:
    phone.context.set_offline(False)
    phone.goto("/sync")
    phone.locator("button[data-sync-now]").click()
    expect(phone.locator(".sync-badge")).to_have_attribute("data-state", "synced", timeout=30_000)
    expect(phone.locator(".sync-badge")).to_have_attribute("data-pending", "0")


def test_a_diagnosis_typed_offline_survives_a_reload_and_reaches_the_server_once_saved(
    phone, sign_in, live_server, screenshot
):
    from server.extensions import db
    from server.models import WorkOrder

    order = _seed_a_repair(live_server, "reload")
    _open_offline(phone, sign_in, order)

    open_step(phone, "diagnose")
    cause = phone.locator("#field-diagnosis_cause")
    # Typed key by key, as a thumb does; never saved.
    cause.press_sequentially("机柜电源适配器损坏", delay=20)
    draft = phone.locator("form.diagnosis [data-draft]")
    expect(draft).to_have_attribute("data-draft", "saved")
    expect(draft).to_have_text("草稿已保存")
    screenshot("drafts-typed")

    # The app is killed and opened again, still with no signal.
    phone.reload()
    expect(phone.locator("h1")).to_have_text(order.number)
    expect(cause).to_have_value("机柜电源适配器损坏")
    expect(draft).to_have_text("草稿已保存")
    scroll = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll <= NARROW["width"], f"the work order is {scroll} px wide"

    phone.locator("form.diagnosis button[type=submit]").click()
    expect(phone.locator("form.diagnosis [role=status].notice")).to_be_visible()
    expect(draft).to_have_attribute("data-draft", "none")
    expect(phone.locator(".sync-badge")).to_have_attribute("data-pending", "1")
    screenshot("drafts-saved")

    _sync(phone)
    with live_server.database():
        assert db.session.get(WorkOrder, order.id).diagnosis_cause == "机柜电源适配器损坏"

    # Saved and sent: opening the order again shows the order's value, no draft.
    phone.goto(f"/work-orders/{order.id}")
    expect(cause).to_have_value("机柜电源适配器损坏")
    expect(draft).to_have_attribute("data-draft", "none")


def test_a_note_removed_before_it_was_sent_never_reaches_the_server(
    phone, sign_in, live_server, screenshot
):
    from server.extensions import db
    from server.models import SyncMutation, User, WorkOrderNote

    order = _seed_a_repair(live_server, "withdraw")
    _open_offline(phone, sign_in, order)

    note_field = phone.locator("#field-note-text")
    notes = phone.locator("[data-list=notes] li")
    for text in ("写错了：客户不在", "客户要求下周复查"):
        note_field.fill(text)
        phone.locator("#notes-title ~ form button[type=submit]").click()
        expect(note_field).to_have_value("")
    expect(notes).to_have_count(2)
    expect(phone.locator(".sync-badge")).to_have_attribute("data-pending", "2")

    wrong = notes.filter(has_text="写错了：客户不在")
    wrong.locator("button[data-withdraw=ask]").click()
    screenshot("drafts-withdraw")
    wrong.locator("button[data-withdraw=confirm]").click()
    expect(notes).to_have_count(1)
    expect(notes).to_contain_text("客户要求下周复查")
    expect(phone.locator(".sync-badge")).to_have_attribute("data-pending", "1")

    _sync(phone)
    with live_server.database():
        texts = db.session.scalars(
            select(WorkOrderNote.text).filter_by(work_order_id=order.id)
        ).all()
        assert texts == ["客户要求下周复查"]
        # The server keeps every mutation it got, refused ones too: the removed note is not
        # among them, and the second one took its place in the sequence (applied, seq 1).
        engineer = db.session.scalar(select(User).filter_by(username=order.username))
        got = db.session.scalars(select(SyncMutation).filter_by(user_id=engineer.id)).all()
        assert [(m.seq, m.name, m.status, m.args["text"]) for m in got] == [
            (1, "work_order_note.add", "applied", "客户要求下周复查")
        ]

    # Acknowledged: it can no longer be taken back on the phone.
    phone.goto(f"/work-orders/{order.id}")
    expect(notes).to_have_count(1)
    expect(notes.locator("button[data-withdraw]")).to_have_count(0, timeout=WAIT_MS)
    assert re.search("客户要求下周复查", notes.inner_text())


def test_a_note_already_on_its_way_is_not_removed_but_said_so(
    phone, sign_in, live_server, screenshot
):
    from server.extensions import db
    from server.models import WorkOrderNote

    order = _seed_a_repair(live_server, "inflight")
    _open_offline(phone, sign_in, order)
    phone.locator("#field-note-text").fill("机柜钥匙在保安室")
    phone.locator("#notes-title ~ form button[type=submit]").click()
    note = phone.locator("[data-list=notes] li")
    expect(note).to_have_count(1)

    # The push leaves the phone and its answer is held up on the way.
    held, released = [], []

    def hold(route):
        if released:
            route.fallback()
        else:
            held.append(route)

    phone.route("**/api/v1/sync/push", hold)
    phone.context.set_offline(False)  # the phone syncs by itself when the network is back
    for _ in range(WAIT_MS // 100):
        if held:
            break
        phone.wait_for_timeout(100)
    assert held, "the push never left the phone"

    note.locator("button[data-withdraw=ask]").click()
    note.locator("button[data-withdraw=confirm]").click()
    expect(note.locator("[role=alert]")).to_contain_text("已经发出")
    expect(note).to_have_count(1)
    screenshot("drafts-in-flight")

    released.append(True)
    for route in held:
        route.fallback()
    expect(phone.locator(".sync-badge")).to_have_attribute("data-pending", "0", timeout=30_000)
    expect(note.locator("button[data-withdraw]")).to_have_count(0)
    with live_server.database():
        texts = db.session.scalars(
            select(WorkOrderNote.text).filter_by(work_order_id=order.id)
        ).all()
        assert texts == ["机柜钥匙在保安室"]
