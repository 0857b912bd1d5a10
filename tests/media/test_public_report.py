"""The public page a customer's phone camera opens from a QR label: no login, nothing
about the customer, a fault report that lands in intake, rate-limited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from server.models import Attachment, Blob, RateLimitHit, WorkOrder, WorkOrderEvent
from server.models.base import utcnow
from server.services import rule_facts
from server.services.organisation import organisation_settings

from .images import photo, sha

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture
def device(world, db):
    """devices[0], accepted (the default warranty start) 40 days ago: in warranty; its
    order wo1 cancelled, so a report opens a new request (test_progress_page.py has the
    reports that join an open one)."""
    settings = organisation_settings()
    settings.company_name = "申城智能科技服务有限公司"
    settings.hotline = "400-820-1234"
    world.devices[0].accepted_on = rule_facts.today() - timedelta(days=40)
    world.wo1.status = "cancelled"
    db.session.commit()
    return world.devices[0]


def reports_received(db) -> int:
    """Reports from QR pages: the requests they opened and those that joined an open one."""
    db.session.expire_all()
    opened = db.session.scalar(
        db.select(db.func.count()).select_from(WorkOrder).filter_by(channel="qr")
    )
    joined = db.session.scalar(
        db.select(db.func.count()).select_from(WorkOrderEvent).filter_by(kind="reported_again")
    )
    return opened + joined


def _report(client, device, ip="203.0.113.7", **fields):
    form = {
        "symptom": "画面黑屏，重启无效",
        "contact_name": "王先生",
        "contact_phone": "138-0013-8000",
        **fields,
    }
    return client.post(
        f"/d/{device.label_token}", data=form, headers=HTML, environ_base={"REMOTE_ADDR": ip}
    )


def test_the_page_shows_the_model_and_warranty_without_login(client, world, device):
    response = client.get(f"/d/{device.label_token}", headers=HTML)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "DS-2CD3T46" in page and "DS2CD0001" in page
    ends = rule_facts.device_warranty(device)["end_on"]
    assert ends > rule_facts.today().isoformat()
    assert f"在保修期内，至 {ends}" in page
    assert "400-820-1234" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "cdn" not in page.lower() and "https://" not in page


def test_the_page_reveals_nothing_else_about_the_customer(client, world, device):
    page = client.get(f"/d/{device.label_token}", headers=HTML).get_data(as_text=True)
    for secret in (
        world.customer.name,
        world.customer.code,
        world.site.name,
        world.site.address,
        device.location,
        world.devices[1].serial,
        world.contract.number,
        str(device.id),
        world.system.name,
    ):
        assert secret not in page


def test_the_page_speaks_english_when_asked(client, world, device):
    english = client.get(f"/d/{device.label_token}?lang=en", headers=HTML).get_data(as_text=True)
    assert "Report a fault" in english and "In warranty" in english
    browser = client.get(
        f"/d/{device.label_token}", headers={**HTML, "Accept-Language": "en-GB,en;q=0.9"}
    )
    assert "Send report" in browser.get_data(as_text=True)


def test_the_stylesheet_is_our_own(client, world, device):
    page = client.get(f"/d/{device.label_token}", headers=HTML).get_data(as_text=True)
    assert 'href="/d/assets/public.css"' in page
    css = client.get("/d/assets/public.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    css.close()


def test_without_a_warranty_start_the_page_says_it_is_unknown(client, world, device):
    page = client.get(f"/d/{world.devices[1].label_token}", headers=HTML).get_data(as_text=True)
    assert "暂无保修信息" in page


def test_an_unknown_label_is_not_found(client, world):
    assert client.get("/d/no-such-token-123", headers=HTML).status_code == 404
    api = client.get("/d/no-such-token-123")
    assert (api.status_code, api.json["key"]) == (404, "errors.public.unknownLabel")


def test_a_report_creates_an_intake_request_from_the_qr_channel(client, login, world, device, db):
    response = _report(client, device)
    assert response.status_code == 201
    wo = db.session.scalar(db.select(WorkOrder).filter_by(channel="qr"))
    assert wo.number in response.get_data(as_text=True)
    assert (wo.status, wo.type, wo.created_by_id) == ("new", "repair", None)
    assert wo.assigned_engineer_id is None
    assert (wo.customer_id, wo.site_id, wo.system_id) == (
        world.customer.id,
        world.site.id,
        world.system.id,
    )
    assert [d.id for d in wo.devices] == [device.id]
    assert (wo.symptom, wo.reporter_name, wo.reporter_phone) == (
        "画面黑屏，重启无效",
        "王先生",
        "138-0013-8000",
    )
    [event] = wo.events
    assert (event.kind, event.actor_id, event.data) == ("registered", None, {"channel": "qr"})
    # The office finds it in intake.
    listed = client.get(
        "/api/v1/work-orders/", query_string={"status": "new"}, headers=login("dispatcher")
    ).json["items"]
    assert wo.number in [item["number"] for item in listed]


def test_a_report_may_carry_a_photo(client, world, device, db):
    data = photo()
    response = _report(client, device, photo=(io.BytesIO(data), "IMG_0001.jpg"))
    assert response.status_code == 201
    wo = db.session.scalar(db.select(WorkOrder).filter_by(channel="qr"))
    attachment = db.session.scalar(db.select(Attachment))
    assert (attachment.work_order_id, attachment.device_id) == (wo.id, device.id)
    assert attachment.sha256 == sha(data) and attachment.uploaded_by_id is None
    assert db.session.get(Blob, sha(data)) is not None


def test_a_report_with_a_fake_photo_is_refused_and_creates_nothing(
    client, world, device, db, stored_files
):
    response = _report(client, device, photo=(io.BytesIO(b"not an image at all"), "x.jpg"))
    assert response.status_code == 422
    assert "照片无法使用" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(WorkOrder).filter_by(channel="qr")) is None
    assert stored_files() == []


def test_a_report_without_a_symptom_or_phone_is_shown_again_with_errors(client, world, device, db):
    response = _report(client, device, symptom="", contact_phone="call me")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请描述故障现象" in page and "请填写有效的电话号码" in page
    assert "王先生" in page  # what was typed stays
    assert db.session.scalar(db.select(WorkOrder).filter_by(channel="qr")) is None


def test_reports_are_rate_limited_per_ip(app, client, world, device, db, monkeypatch):
    monkeypatch.setitem(app.config, "QR_REPORT_RATE_LIMIT", 2)
    other = world.devices[1]
    assert _report(client, device).status_code == 201
    assert _report(client, other).status_code == 201
    limited = _report(client, world.devices[2])
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 3500
    assert "报修过于频繁" in limited.get_data(as_text=True)
    # Another phone may still report.
    assert _report(client, world.devices[2], ip="198.51.100.4").status_code == 201
    assert reports_received(db) == 3  # devices[1]'s joined its open order wo2


def test_reports_are_rate_limited_per_device_in_our_error_shape(
    app, client, world, device, monkeypatch
):
    monkeypatch.setitem(app.config, "QR_REPORT_RATE_LIMIT", 1)
    assert _report(client, device, ip="203.0.113.1").status_code == 201
    limited = client.post(
        f"/d/{device.label_token}",
        data={"symptom": "还是黑屏", "contact_name": "李", "contact_phone": "13900001111"},
        environ_base={"REMOTE_ADDR": "203.0.113.2"},
    )
    assert limited.status_code == 429
    assert limited.json["key"] == "errors.public.tooManyReports"
    assert limited.json["code"] == 429 and limited.json["retry_after"] > 0


def test_the_window_forgets_old_reports(app, client, world, device, db, monkeypatch):
    monkeypatch.setitem(app.config, "QR_REPORT_RATE_LIMIT", 1)
    assert _report(client, device).status_code == 201
    for hit in db.session.scalars(db.select(RateLimitHit)):
        hit.at = utcnow() - timedelta(hours=2)
    db.session.commit()
    assert _report(client, device).status_code == 201
    # Hits no window can see any more are deleted as new ones come.
    assert db.session.scalar(db.select(db.func.count()).select_from(RateLimitHit)) == 2


def test_ip_addresses_are_not_stored_in_clear(client, world, device, db):
    _report(client, device, ip="203.0.113.99")
    buckets = db.session.scalars(db.select(RateLimitHit.bucket)).all()
    assert len(buckets) == 2
    assert not any("203.0.113.99" in b or device.label_token in b for b in buckets)
