"""An engineer signs in on his phone, sees his own work orders and accepts one; the
server records it with the phone's time. Wrong passwords and the language switch too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

pytestmark = pytest.mark.e2e


def test_engineer_sees_only_his_work_orders_and_accepts_one(page, sign_in, live_server, screenshot):
    world = live_server.world
    sign_in("engineer1")

    cards = page.locator("a.order")
    expect(cards).to_have_count(len(world.mine))
    numbers = cards.evaluate_all("cards => cards.map(card => card.dataset.number)")
    assert sorted(numbers) == sorted(wo.number for wo in world.mine)
    for theirs in world.theirs:
        expect(page.get_by_text(theirs.number)).to_have_count(0)
    expect(page.locator(".header")).to_contain_text("张工")
    expect(page.locator(f"a.order[data-number='{world.mine[0].number}']")).to_contain_text("已派单")
    screenshot("work-order-list")

    target = world.mine[0]
    page.locator(f"a.order[data-number='{target.number}']").click()
    expect(page).to_have_url(re.compile(f"/work-orders/{target.id}$"))
    expect(page.locator("h1")).to_have_text(target.number)
    page.locator("button[data-action=accept]").click()
    expect(page.locator(".detail__summary .badge--status")).to_have_text("已接单")
    expect(page.locator(".history__item[data-kind=accepted]")).to_contain_text("设备时间")
    # Recorded on the phone at once; the outbox sends it while online.
    expect(page.locator(".sync-badge")).to_have_attribute("data-state", "synced")
    accepted = page.locator(".history__item[data-kind=accepted]")
    expect(accepted).to_have_attribute("data-synced", "yes")
    screenshot("work-order-accepted")

    from server.extensions import db
    from server.models import WorkOrder, WorkOrderEvent

    with live_server.database():
        order = db.session.get(WorkOrder, target.id)
        assert order.status == "accepted"
        event = db.session.scalars(
            select(WorkOrderEvent).filter_by(work_order_id=target.id, kind="accepted")
        ).one()
        assert event.device_at is not None
        assert event.origin == "device"
        assert event.actor_id == world.engineer1.id
        assert (event.from_status, event.to_status) == ("assigned", "accepted")
        assert abs((event.server_at - event.device_at).total_seconds()) < 60


def test_a_wrong_password_shows_the_translated_error(page, live_server):
    page.goto("/login")
    page.locator("input[name=username]").fill("engineer1")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("button[type=submit]").click()

    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    expect(page).to_have_url(re.compile(r"/login$"))
    assert page.evaluate("localStorage.getItem('aftercare.session')") is None


def test_switching_to_english_changes_the_interface(page, sign_in):
    sign_in("engineer2")
    expect(page.locator("h1")).to_have_text("我的工单")

    page.locator(".header__user").click()
    expect(page.locator("h1")).to_have_text("设置")
    page.locator("button[data-locale=en]").click()
    expect(page.locator("h1")).to_have_text("Settings")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The choice stays with this device across reloads and screens.
    page.goto("/work-orders")
    expect(page.locator("h1")).to_have_text("My work orders")
    expect(page.locator(".tabs")).to_contain_text("Open")
    expect(page.locator("a.order").first).to_contain_text("Risk of down")
