"""One device, one open request, and the customer's progress page /t/<token> (issue 16):
a QR report for a device with an open order joins that order; the page shows one order in
customer words, its report and survey once done, and nothing else; a revoked or unknown
token is a plain 404."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from server.models import (
    Attachment,
    FollowUp,
    ProgressLink,
    SlaOutcome,
    WorkOrder,
    WorkOrderEvent,
)
from server.models.base import utcnow
from server.unit_of_work import committed

from .images import photo
from .test_public_report import HTML, _report


def _token(db, wo) -> str:
    db.session.expire_all()
    link = db.session.scalar(
        db.select(ProgressLink)
        .filter_by(work_order_id=wo.id, revoked_at=None)
        .order_by(ProgressLink.created_at.desc())
    )
    return link.token


def _page(client, token, **query) -> str:
    response = client.get(f"/t/{token}", query_string=query, headers=HTML)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _count(db, model, **where) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))


# --- one device, one open request ----------------------------------------------------


def test_a_qr_report_for_a_device_with_an_open_order_joins_that_order(client, world, db):
    device, wo1 = world.devices[0], world.wo1
    orders, clocks = _count(db, WorkOrder), _count(db, SlaOutcome)
    response = _report(client, device, photo=(io.BytesIO(photo()), "IMG_0002.jpg"))
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    assert wo1.number in page and "不会重复派单" in page
    assert f"/t/{_token(db, wo1)}" in page
    # No second order, no clocks of its own.
    assert _count(db, WorkOrder) == orders
    assert _count(db, SlaOutcome) == clocks
    [event] = db.session.scalars(
        db.select(WorkOrderEvent).filter_by(work_order_id=wo1.id, kind="reported_again")
    ).all()
    assert event.note == "画面黑屏，重启无效" and event.actor_id is None
    assert (event.data["reporter_name"], event.data["reporter_phone"]) == (
        "王先生",
        "138-0013-8000",
    )
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.work_order_id == wo1.id


def test_a_report_opens_a_new_order_once_the_open_one_is_done(client, world, db):
    with committed():
        db.session.get(WorkOrder, world.wo1.id).status = "completed"
    assert _report(client, world.devices[0]).status_code == 201
    assert _count(db, WorkOrder, channel="qr") == 1


def test_a_planned_inspection_naming_the_device_does_not_take_a_fault_report(client, world, db):
    device = world.devices[2]
    world.make_work_order(type="inspection", device_ids=[device.id])
    assert _report(client, device).status_code == 201
    assert _count(db, WorkOrder, channel="qr") == 1


def test_the_qr_page_shows_the_devices_open_request_and_links_to_its_progress(client, world, db):
    page = client.get(f"/d/{world.devices[0].label_token}", headers=HTML).get_data(as_text=True)
    assert world.wo1.number in page and "已安排工程师" in page
    assert f"/t/{_token(db, world.wo1)}" in page
    free = client.get(f"/d/{world.devices[2].label_token}", headers=HTML).get_data(as_text=True)
    assert "/t/" not in free and world.wo1.number not in free


# --- the progress page ---------------------------------------------------------------


def test_every_registered_order_gets_its_own_progress_link(world, db):
    assert _token(db, world.wo1) != _token(db, world.wo2)
    assert len(_token(db, world.wo1)) >= 43  # 256 random bits


def test_the_progress_page_tells_the_status_engineer_appointment_and_history(
    client, login, world, db
):
    office = login("dispatcher")
    appointment = datetime(2030, 5, 6, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai
    etag = client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=office).headers["ETag"]
    changed = client.patch(
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"appointment_at": appointment.isoformat(), "contact_phone": "021-1234-5678"},
        headers={**office, "If-Match": etag},
    )
    assert changed.status_code == 200, changed.json
    engineer = login("engineer1")
    for action in ("accept", "depart"):
        moved = client.post(
            f"/api/v1/work-orders/{world.wo1.id}/actions",
            json={"action": action},
            headers=engineer,
        )
        assert moved.status_code == 200, moved.json
    page = _page(client, _token(db, world.wo1))
    assert "工程师正在前往现场" in page
    assert world.users["engineer1"].display_name in page
    assert "2030-05-06 10:30" in page
    for step in ("报修已登记", "已安排工程师", "工程师已出发"):
        assert step in page
    english = _page(client, _token(db, world.wo1), lang="en")
    assert "The engineer is on the way" in english and "Engineer assigned" in english
    # Nothing internal: no site, device, contacts, symptom, notes or edits.
    for secret in (
        world.site.name,
        world.site.address,
        world.devices[0].serial,
        world.devices[0].location,
        "021-1234-5678",
        world.wo1.symptom,
        world.contract.number,
        str(world.wo1.id),
    ):
        assert secret not in page


def test_a_progress_page_shows_only_its_own_order(client, world, db):
    page = _page(client, _token(db, world.wo1))
    assert world.wo1.number in page
    assert world.wo2.number not in page
    assert world.users["engineer2"].display_name not in page
    other = _page(client, _token(db, world.wo2))
    assert world.wo2.number in other and world.wo1.number not in other


def test_an_unknown_or_revoked_token_is_a_plain_404(client, login, world, db):
    token = _token(db, world.wo1)
    unknown = client.get("/t/" + "x" * 43, headers=HTML)
    assert unknown.status_code == 404 and "找不到此报修单" in unknown.get_data(as_text=True)
    office = login("dispatcher")
    url = client.get(f"/api/v1/work-orders/{world.wo1.id}/progress-link", headers=office)
    assert url.json["url"].endswith(f"/t/{token}")
    revoked = client.delete(f"/api/v1/work-orders/{world.wo1.id}/progress-link", headers=office)
    assert revoked.status_code == 200 and revoked.json["url"] is None
    gone = client.get(f"/t/{token}", headers=HTML)
    assert gone.status_code == 404
    assert world.wo1.number not in gone.get_data(as_text=True)
    assert client.get(f"/t/{token}/report.pdf").status_code == 404
    # A new link works; the revoked one stays dead.
    renewed = client.post(f"/api/v1/work-orders/{world.wo1.id}/progress-link", headers=office)
    assert renewed.status_code == 201
    assert renewed.json["url"].rsplit("/", 1)[1] != token
    assert client.get(renewed.json["url"].split("127.0.0.1:8000", 1)[-1]).status_code == 200
    assert client.get(f"/t/{token}", headers=HTML).status_code == 404
    kinds = [
        e["kind"]
        for e in client.get(f"/api/v1/work-orders/{world.wo1.id}/events", headers=office).json
    ]
    assert "progress_link_revoked" in kinds and "progress_link_created" in kinds


def test_only_the_office_manages_progress_links(client, login, world):
    engineer = login("engineer1")
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(
            f"/api/v1/work-orders/{world.wo1.id}/progress-link", headers=engineer
        )
        assert response.status_code == 403


def test_the_progress_page_has_the_qr_pages_security_headers(client, world, db):
    response = client.get(f"/t/{_token(db, world.wo1)}", headers=HTML)
    device = client.get(f"/d/{world.devices[0].label_token}", headers=HTML)
    for name in (
        "Content-Security-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "X-Robots-Tag",
        "Cache-Control",
        "X-Frame-Options",
    ):
        assert response.headers.get(name) == device.headers.get(name), name
    assert response.headers["Referrer-Policy"] == "no-referrer"


# --- after completion: the report and the survey -------------------------------------


@pytest.fixture
def completed(world, db, diagnose, sign_off):
    """wo1 resolved on site and signed off: the customer may download and answer."""
    engineer = world.users["engineer1"]
    from server.services.work_orders import apply_action

    for action in ("accept", "depart", "arrive"):
        with committed():
            apply_action(db.session.get(WorkOrder, world.wo1.id), {"action": action}, engineer)
    diagnose(world.wo1)
    sign_off(world.wo1)
    with committed():
        apply_action(db.session.get(WorkOrder, world.wo1.id), {"action": "complete"}, engineer)
    return world.wo1


def test_before_completion_there_is_no_report_or_survey(client, world, db):
    token = _token(db, world.wo1)
    page = _page(client, token)
    assert "report.pdf" not in page and "满意度调查" not in page
    assert client.get(f"/t/{token}/report.pdf").status_code == 404
    answered = client.post(f"/t/{token}/survey", data={"score.overall": "5"}, headers=HTML)
    assert answered.status_code == 409
    assert _count(db, FollowUp) == 0


def test_after_completion_the_customer_downloads_the_report(client, world, db, completed):
    token = _token(db, completed)
    page = _page(client, token)
    assert "已处理完成" in page and f"/t/{token}/report.pdf" in page
    report = client.get(f"/t/{token}/report.pdf")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    assert report.headers["Content-Disposition"].startswith("attachment")
    assert report.data.startswith(b"%PDF")


def test_a_survey_answered_on_the_page_counts_in_the_satisfaction_kpi(
    client, login, world, db, completed
):
    token = _token(db, completed)
    assert "总体满意度" in _page(client, token)
    answered = client.post(
        f"/t/{token}/survey",
        data={"score.overall": "5", "score.speed": "3", "opinions": "很快就修好了"},
        headers=HTML,
        environ_base={"REMOTE_ADDR": "203.0.113.50"},
    )
    assert answered.status_code == 201
    assert "感谢您的评价" in answered.get_data(as_text=True)
    [follow_up] = db.session.scalars(db.select(FollowUp).filter_by(mode="progress_page")).all()
    assert (follow_up.work_order_id, follow_up.engineer_id, follow_up.recorded_by_id) == (
        completed.id,
        world.users["engineer1"].id,
        None,
    )
    assert follow_up.opinions == "很快就修好了"
    office = login("supervisor")
    rows = {
        row["key"]: row
        for row in client.get("/api/v1/kpi/satisfaction", headers=office).json["rows"]
    }
    assert (rows["overall"]["answers"], rows["overall"]["average"]) == (1, 5.0)
    assert rows["speed"]["satisfied_percent"] == 0.0
    listed = client.get(
        "/api/v1/follow-ups/", query_string={"mode": "progress_page"}, headers=office
    ).json["items"]
    assert [item["id"] for item in listed] == [str(follow_up.id)]
    # Answered once: the page thanks, a second answer is refused.
    assert "满意度调查" not in _page(client, token) and "感谢您的评价" in _page(client, token)
    again = client.post(f"/t/{token}/survey", data={"score.overall": "1"}, headers=HTML)
    assert again.status_code == 409
    assert _count(db, FollowUp, mode="progress_page") == 1


def test_a_survey_without_a_score_or_with_a_bad_one_is_shown_again(client, world, db, completed):
    token = _token(db, completed)
    empty = client.post(f"/t/{token}/survey", data={"opinions": "好"}, headers=HTML)
    assert empty.status_code == 422 and "请至少为一个问题评分" in empty.get_data(as_text=True)
    bad = client.post(f"/t/{token}/survey", data={"score.overall": "9"}, headers=HTML)
    assert bad.status_code == 422
    assert _count(db, FollowUp, mode="progress_page") == 0


def test_survey_answers_are_rate_limited(app, client, world, db, completed, monkeypatch):
    monkeypatch.setitem(app.config, "QR_REPORT_RATE_LIMIT", 1)
    token = _token(db, completed)
    first = client.post(f"/t/{token}/survey", data={"opinions": "x"}, headers=HTML)
    assert first.status_code == 422  # refused forms count nothing
    ok = client.post(f"/t/{token}/survey", data={"score.overall": "4"}, headers=HTML)
    assert ok.status_code == 201
    limited = client.post(f"/t/{token}/survey", data={"score.overall": "4"}, headers=HTML)
    assert limited.status_code == 429


def test_without_an_appointment_the_page_gives_the_arrival_deadline(client, world, db):
    """The arrival clock's deadline is the estimate while it runs (10:00 Shanghai)."""
    deadline = datetime(2030, 1, 2, 2, 0, tzinfo=UTC)
    with committed():
        outcome = db.session.get(SlaOutcome, (world.wo1.id, "arrival"))
        if outcome is None:
            outcome = SlaOutcome(work_order_id=world.wo1.id, clock="arrival", started_at=utcnow())
            db.session.add(outcome)
        outcome.stopped_at, outcome.deadline_at = None, deadline
    page = _page(client, _token(db, world.wo1))
    assert "预计最迟到达" in page and "2030-01-02 10:00" in page
