"""The sync status tells the truth: offline (a basement) is grey with how much waits, not
red; the header, the order and the sync panel give one count and the panel says each
waiting thing in words; a photo going up over a slow line shows a bar with its bytes."""

from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_until
from tests.e2e.test_guided_steps import _open_offline, _seed

pytestmark = pytest.mark.e2e

DANGER = "rgb(179, 0, 27)"


def _noisy_photo(path) -> str:
    """A photo with a lot of detail: a few MB even after the phone resizes it, so it goes
    up in several chunks."""
    from PIL import Image

    size = (1600, 1200)
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(path, "JPEG", quality=90)
    return str(path)


def test_offline_is_grey_with_one_count_and_an_upload_shows_its_bytes(
    page, sign_in, live_server, screenshot, tmp_path
):
    order = _seed(live_server, "status")
    _open_offline(page, sign_in, order)
    badge = page.locator(".sync-badge")

    # Storage was asked for at sign-in; refused, the engineer is told once, in words.
    alert = page.locator("[data-alert=storage]")
    if page.evaluate("() => navigator.storage.persisted()"):
        expect(alert).to_have_count(0)
    else:
        expect(alert).to_contain_text("主屏幕")
        alert.locator("[data-dismiss=storage]").click()
        expect(alert).to_have_count(0)

    # Offline with work waiting: grey, "离线 · 2 待同步", never the red of an error.
    page.locator(".primary-bar button[data-action=accept]").click()
    page.locator("[data-step-card=photos] [data-step-toggle]").click()
    page.locator("input[name=photo]").set_input_files(_noisy_photo(tmp_path / "cabinet.jpg"))
    expect(page.locator("[data-list=photos] li")).to_have_count(1)
    expect(badge).to_have_attribute("data-state", "offline")
    expect(badge).to_have_attribute("data-pending", "2")
    expect(badge).to_have_attribute("title", "离线 · 2 待同步")
    assert badge.evaluate("(el) => getComputedStyle(el).color") != DANGER
    # The order's badge counts the same things.
    expect(page.locator("[data-order-pending]")).to_have_attribute("data-order-pending", "2")
    screenshot("status-offline-order")

    # The panel: the same count, each waiting thing in words, offline said plainly.
    badge.click()
    expect(page.locator("[data-count=waiting]")).to_have_text("2")
    rows = page.locator("[data-list=waiting] li")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(order.number)
    photo = page.locator("[data-list=waiting] li[data-mutation='attachment.add']")
    expect(photo).to_contain_text(re.compile(rf"照片 · {order.number}"))
    expect(photo.locator("[data-upload-words]")).to_contain_text(
        re.compile(r"\d+(\.\d)? MB 等待上传")
    )
    expect(page.locator("[data-offline]")).to_be_visible()
    expect(page.locator(".error-message")).to_have_count(0)
    screenshot("status-offline-panel")

    # Back online over a slow line: each chunk of the photo takes its time.
    def slow(route):
        time.sleep(0.6)
        route.continue_()

    page.route("**/api/v1/blobs/*/upload*", slow)
    page.context.set_offline(False)
    wait_until(
        page,
        "() => { const bar = document.querySelector('[data-list=waiting] progress.upload-bar');"
        " return bar !== null && bar.value > 0 && bar.value < bar.max; }",
        timeout=30,
    )
    # The header says it is syncing, and still how much is left.
    wait_until(
        page,
        "() => { const b = document.querySelector('.sync-badge');"
        " return b.dataset.state === 'syncing' && /同步中 · \\d/.test(b.title); }",
        timeout=30,
    )
    words = page.locator("[data-list=waiting] [data-upload-words]")
    expect(words).to_contain_text(re.compile(r"MB 上传中 \d+%"))
    screenshot("status-uploading")
    expect(badge).to_have_attribute("data-state", "synced", timeout=60_000)
    page.unroute("**/api/v1/blobs/*/upload*")
    expect(badge).to_have_attribute("data-pending", "0")
    expect(page.locator("[data-count=waiting]")).to_have_text("0")
    expect(rows).to_have_count(0)

    from server.extensions import db
    from server.models import Attachment, Blob

    with live_server.database():
        [attachment] = db.session.scalars(
            db.select(Attachment).filter_by(work_order_id=order.id)
        ).all()
        blob = db.session.get(Blob, attachment.sha256)
        assert blob is not None and blob.size > 3 * 256 * 1024
