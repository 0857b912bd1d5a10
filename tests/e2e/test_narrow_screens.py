"""The phone at 320-412 px, in English and Chinese, with the longest sync labels: the
header never makes the page wider than the screen (its status words end in an ellipsis,
the Scan and Settings icons stay on screen), offline is grey and a real sync error red.
On the way, offline: a serial typed in lower case finds its unit, and a failed checklist
item turns red, in words, and asks for a note or a photo.

The engineer, customer and orders are this file's own, so the other browser tests' lists
stay as their seed made them."""

from __future__ import annotations

import os
import re
import secrets
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, WAIT_MS, wait_until

pytestmark = pytest.mark.e2e

#: var(--danger) in webapp/src/styles.css.
DANGER = "rgb(179, 0, 27)"


def _seed(live_server) -> SimpleNamespace:
    """An engineer with a repair and a planned inspection of one CCTV system (the seeded
    CCTV checklist applies) whose unit has an upper-case serial."""
    from server.extensions import db
    from server.models import Customer, Device, Site, System, User
    from server.services.work_orders import create_work_order
    from server.unit_of_work import committed

    tag = secrets.token_hex(3).upper()
    with live_server.database():
        dispatcher = db.session.scalar(db.select(User).filter_by(username="dispatcher"))
        engineer = User(
            username=f"narrow-{tag.lower()}", display_name="欧阳工程师", role="engineer"
        )
        engineer.set_password(PASSWORD)
        customer = Customer(name=f"苏州市立医院 {tag}", code=f"SZ-NARROW-{tag}")
        site = Site(customer=customer, name="急诊楼", zone="in_city")
        system = System(site=site, type="cctv", name="急诊楼监控")
        device = Device(system=system, serial=f"3X45T13PAZ{tag}", model="DS-7816N",
                        manufacturer="海康威视", installed_on=date(2026, 1, 10))  # fmt: skip
        db.session.add_all([engineer, customer, site, system, device])
        db.session.commit()
        common = {"customer_id": customer.id, "site_id": site.id, "system_id": system.id,
                  "device_ids": [device.id], "assigned_engineer_id": engineer.id}  # fmt: skip
        with committed():  # the seed is the edge that commits
            repair = create_work_order(
                {**common, "severity": 3, "symptom": "急诊大厅 2 路画面黑屏"}, dispatcher
            )
            inspection = create_work_order(
                {**common, "type": "inspection", "channel": "scheduled", "severity": 4,
                 "symptom": "季度巡检"},
                dispatcher,
            )  # fmt: skip
        return SimpleNamespace(
            username=engineer.username,
            serial=device.serial,
            device_id=str(device.id),
            repair=repair.number,
            inspection=inspection.number,
            repair_id=str(repair.id),
            inspection_id=str(inspection.id),
        )


@pytest.fixture
def phone(browser, live_server):
    """A 360 px phone in Shanghai whose app was set to English on the device. Only our own
    server may be reached."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        has_touch=True,
        locale="en-US",
        timezone_id="Asia/Shanghai",
    )
    context.add_init_script(
        "if (!localStorage.getItem('aftercare.locale'))"
        " localStorage.setItem('aftercare.locale', 'en');"
    )
    outside: list[str] = []

    def only_ours(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_ours)
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    yield tab
    context.close()
    assert not outside, f"the webapp asked for outside URLs: {outside}"


def _assert_fits(page, width: int, where: str) -> None:
    """Nothing wider than the screen, and the header's Scan and Settings wholly on it."""
    page.set_viewport_size({"width": width, "height": 740})
    wait_until(page, f"window.innerWidth === {width}")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{where} at {width} px: the page is {scroll} px wide"
    header = page.evaluate(
        "(() => { const h = document.querySelector('.header');"
        " return [h.scrollWidth, h.clientWidth]; })()"
    )
    assert header[0] <= header[1], f"{where} at {width} px: the header overflows {header}"
    for selector in (".header__icon", ".header__user"):
        box = page.locator(selector).bounding_box()
        assert box is not None, f"{where}: no {selector}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
            f"{where} at {width} px: {selector} is off screen {box}"
        )
        assert box["width"] >= 40, (
            f"{where} at {width} px: {selector} squeezed to {box['width']} px"
        )


def _shot(page, name: str) -> None:
    """A screenshot when E2E_SCREENSHOTS names a directory (kept out of the repo)."""
    directory = os.environ.get("E2E_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"narrow-{name}.png"))


def _badge_colour(page) -> str:
    return page.locator(".sync-badge").evaluate("(el) => getComputedStyle(el).color")


def test_the_header_fits_narrow_phones_in_both_languages_with_the_longest_labels(
    phone, live_server
):
    page = phone
    seeded = _seed(live_server)
    page.goto("/")
    page.locator("input[name=username]").fill(seeded.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/work-orders(\?|$)"))
    expect(page.locator("a.order")).to_have_count(2)
    badge = page.locator(".sync-badge")
    expect(badge).to_have_attribute("data-state", "synced")
    _assert_fits(page, 360, "the list, synced")

    # A planned inspection has no fault severity; the repair has its own.
    inspection = page.locator(f"a.order[data-number='{seeded.inspection}']")
    expect(inspection.locator(".badge--severity")).to_have_count(0)
    expect(inspection.locator(".badge--type")).to_have_text("Inspection")
    repair = page.locator(f"a.order[data-number='{seeded.repair}']")
    expect(repair.locator(".badge--severity")).to_have_count(1)

    # In the basement: offline, one change waiting. Grey, not the red of an error. (The
    # service worker first: the pages below are opened offline.)
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    expect(badge).to_have_attribute("data-state", "offline")
    page.locator(f"a.order[data-number='{seeded.repair}']").click()
    expect(page.locator("h1")).to_have_text(seeded.repair)
    page.locator("button[data-action=accept]").click()
    expect(badge).to_have_attribute("data-pending", "1")
    expect(badge).to_have_attribute("title", "Offline · 1 pending")
    assert _badge_colour(page) != DANGER
    for width in (360, 320, 412):
        _assert_fits(page, width, "an order, offline with 1 pending")
        _shot(page, f"order-offline-en-{width}")
    page.locator("button.detail__back").click()
    expect(page.locator("a.order")).to_have_count(2)
    for width in (360, 320):
        _assert_fits(page, width, "the list, offline with 1 pending")

    # The sync panel says offline plainly, with no red error.
    badge.click()
    expect(page.locator("[data-offline]")).to_be_visible()
    expect(page.locator(".error-message")).to_have_count(0)
    _assert_fits(page, 360, "the sync panel, offline")

    # The scan screen finds the unit offline from its serial typed in lower case.
    page.locator(".header__icon").click()
    page.locator("input[name=serial]").fill(f"  {seeded.serial.lower()} ")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/devices/{seeded.device_id}$"))
    _assert_fits(page, 360, "the device card, offline")

    # A failed checklist item: red whether hovered or not, in words, asking for evidence.
    page.goto("/work-orders")
    page.locator(f"a.order[data-number='{seeded.inspection}']").click()
    expect(page.locator("h1")).to_have_text(seeded.inspection)
    page.locator("button[data-action=accept]").click()
    page.locator("button[data-action=arrive]").click()
    page.locator("a[data-step=checklist]").click()
    item = page.locator("[data-item=appearance]")
    fail = item.locator("button[data-answer=fail]")
    fail.click()
    expect(item).to_have_attribute("data-verdict", "fail")
    expect(item.locator(".check-item__verdict--fail")).to_have_text(re.compile(r"Fail"))
    expect(item.locator("[data-flag=needs-evidence]")).to_be_visible()
    expect(item.locator("input[name=note-appearance]")).to_be_visible()
    fail.hover()
    assert fail.evaluate("(el) => getComputedStyle(el).backgroundColor") == DANGER
    _assert_fits(page, 360, "the checklist, offline")
    _shot(page, "checklist-failed-en-360")

    # Chinese: "离线 · N 待同步" at 412 and 360 px.
    page.locator(".header__user").click()
    page.locator("button[data-locale=zh-CN]").click()
    expect(page.locator("h1")).to_have_text("设置")
    expect(badge).to_have_attribute("title", re.compile(r"^离线 · \d+ 待同步$"))
    for width in (412, 360, 320):
        _assert_fits(page, width, "settings in Chinese, offline")
        _shot(page, f"settings-offline-zh-{width}")

    # Back online, the server fails: a real sync error, red, and still nothing cut off.
    page.route(
        "**/api/v1/sync/push",
        lambda route: route.fulfill(
            status=500,
            content_type="application/json",
            body='{"code": 500, "status": "Internal Server Error", "message": "boom"}',
        ),
    )
    page.context.set_offline(False)
    expect(badge).to_have_attribute("data-state", "error")
    assert _badge_colour(page) == DANGER
    for width in (412, 360, 320):
        _assert_fits(page, width, "settings in Chinese, sync error")
    page.locator("button[data-locale=en]").click()
    expect(page.locator("h1")).to_have_text("Settings")
    expect(badge).to_have_attribute("title", "Sync error")
    for width in (360, 320):
        _assert_fits(page, width, "settings in English, sync error")
        _shot(page, f"settings-error-en-{width}")
    page.unroute("**/api/v1/sync/push")


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_no_phone_screen_is_wider_than_the_phone_in_either_language(phone, live_server, language):
    """Every screen of the phone app, at 320 and 430 px, in English and Chinese: the page
    is never wider than the screen (scrollWidth), whatever it shows."""
    page = phone
    seeded = _seed(live_server)
    page.goto("/")
    page.evaluate(f"localStorage.setItem('aftercare.locale', '{language}')")
    page.reload()
    page.locator("input[name=username]").fill(seeded.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page.locator("a.order")).to_have_count(2)
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced")
    screens = {
        "the list": "/work-orders",
        "a repair": f"/work-orders/{seeded.repair_id}",
        "an inspection": f"/work-orders/{seeded.inspection_id}",
        "the checklist": f"/work-orders/{seeded.inspection_id}/checklist",
        "the sign-off": f"/work-orders/{seeded.repair_id}/sign",
        "scan": "/scan",
        "the device card": f"/devices/{seeded.device_id}",
        "sync": "/sync",
        "settings": "/settings",
    }
    for name, path in screens.items():
        page.goto(path)
        expect(page.locator("header.header")).to_be_visible()
        expect(page.locator("p.loading")).to_have_count(0)
        for width in (320, 430):
            page.set_viewport_size({"width": width, "height": 740})
            wait_until(page, f"window.innerWidth === {width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{name} ({language}) at {width} px is {scroll} px wide"
        page.set_viewport_size({"width": 360, "height": 740})
