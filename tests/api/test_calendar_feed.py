"""The engineers' calendar feeds (/ics/<token>.ics): the user's feed URL from
/me/calendar-feed, renewed or revoked by him or an admin; the feed (no login) parsed with
icalendar: one VEVENT per open order of his with an appointment, in UTC, with a stable
UID; the public pages' headers; a revoked or unknown token is 404; rate-limited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from server.services.work_orders import apply_action
from server.unit_of_work import committed


def _feed_path(url: str) -> str:
    assert url.startswith("http://aftercare.test/ics/") and url.endswith(".ics"), url
    return url.removeprefix("http://aftercare.test")


def _events(client, path: str) -> list:
    r = client.get(path)
    assert r.status_code == 200, r.data
    assert r.mimetype == "text/calendar"
    calendar = Calendar.from_ical(r.data)
    return list(calendar.walk("VEVENT"))


def test_the_feed_lists_the_engineers_open_appointments_in_utc(client, login, world, db):
    appointment = datetime(2026, 12, 1, 2, 30, tzinfo=UTC)
    world.wo1.appointment_at = appointment
    other = world.make_work_order(
        assigned_engineer_id=world.users["engineer1"].id,
        symptom="录像机硬盘告警",
        appointment_at=appointment + timedelta(days=1),
    )
    world.make_work_order(assigned_engineer_id=world.users["engineer1"].id)  # no appointment
    world.wo2.appointment_at = appointment  # engineer2's
    db.session.commit()

    headers = login("engineer1")
    assert client.get("/api/v1/me/calendar-feed", headers=headers).json["url"] is None
    r = client.post("/api/v1/me/calendar-feed", headers=headers)
    assert r.status_code == 201
    url = r.json["url"]
    assert client.get("/api/v1/me/calendar-feed", headers=headers).json["url"] == url
    assert len(url.split("/ics/")[1].removesuffix(".ics")) >= 43  # 256 random bits

    path = _feed_path(url)
    r = client.get(path)
    for name, value in {
        "Content-Security-Policy": "default-src 'none'",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }.items():
        assert value in r.headers[name], name
    events = _events(client, path)
    assert [str(e["summary"]) for e in events] == [
        f"{world.wo1.number} 上海市第一人民医院",
        f"{other.number} 上海市第一人民医院",
    ]
    first = events[0]
    assert first.decoded("dtstart") == appointment
    assert first.decoded("dtstart").utcoffset() == timedelta(0)
    assert first.decoded("dtend") == appointment + timedelta(minutes=60)
    assert str(first["location"]) == "上海市虹口区"
    assert str(first["description"]) == "画面黑屏"
    assert str(events[1]["description"]) == "录像机硬盘告警"
    # The UID is stable per order: the same on the next fetch.
    assert [str(e["uid"]) for e in _events(client, path)] == [str(e["uid"]) for e in events]
    assert len({str(e["uid"]) for e in events}) == 2

    # A cancelled order leaves the feed.
    with committed():
        apply_action(other, {"action": "cancel", "note": "重复"}, world.users["dispatcher"])
    assert [str(e["summary"]) for e in _events(client, path)] == [
        f"{world.wo1.number} 上海市第一人民医院"
    ]


def test_the_duration_is_a_setting(app, client, login, world, db):
    world.wo1.appointment_at = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    db.session.commit()
    url = client.post("/api/v1/me/calendar-feed", headers=login("engineer1")).json["url"]
    app.config["CALENDAR_EVENT_MINUTES"] = 90
    try:
        (event,) = _events(client, _feed_path(url))
    finally:
        app.config["CALENDAR_EVENT_MINUTES"] = 60
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=90)


def test_renewed_or_revoked_feeds_are_404(client, login, world):
    headers = login("engineer1")
    old = _feed_path(client.post("/api/v1/me/calendar-feed", headers=headers).json["url"])
    new = _feed_path(client.post("/api/v1/me/calendar-feed", headers=headers).json["url"])
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200

    assert client.delete("/api/v1/me/calendar-feed", headers=headers).status_code == 204
    assert client.get(new).status_code == 404
    assert client.get("/api/v1/me/calendar-feed", headers=headers).json["url"] is None
    assert client.get("/ics/not-a-token.ics").status_code == 404
    page = client.get(new, headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_an_admin_renews_or_revokes_a_users_feed(client, login, world):
    engineer = world.users["engineer1"]
    mine = _feed_path(
        client.post("/api/v1/me/calendar-feed", headers=login("engineer1")).json["url"]
    )
    url = f"/api/v1/users/{engineer.id}/calendar-feed"
    assert client.post(url, headers=login("dispatcher")).status_code == 403
    admin = login("admin")
    assert _feed_path(client.get(url, headers=admin).json["url"]) == mine
    renewed = _feed_path(client.post(url, headers=admin).json["url"])
    assert client.get(mine).status_code == 404
    assert client.get(renewed).status_code == 200
    assert client.delete(url, headers=admin).status_code == 204
    assert client.get(renewed).status_code == 404


def test_the_feed_needs_a_login_to_be_made_but_not_to_be_read(client, login, world):
    assert client.get("/api/v1/me/calendar-feed").status_code == 401
    path = _feed_path(
        client.post("/api/v1/me/calendar-feed", headers=login("engineer2")).json["url"]
    )
    assert client.get(path).status_code == 200


def test_the_feed_is_rate_limited(app, client, login, world):
    path = _feed_path(
        client.post("/api/v1/me/calendar-feed", headers=login("engineer1")).json["url"]
    )
    app.config["CALENDAR_FEED_RATE_LIMIT"] = 3
    try:
        assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    finally:
        app.config["CALENDAR_FEED_RATE_LIMIT"] = 60
