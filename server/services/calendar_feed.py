"""Each engineer's appointments as an iCalendar feed (/ics/<token>.ics) for the phone's
own calendar app: no login, so a long random token per user (server.models.CalendarFeed),
revocable and renewable by the user or an admin.

One VEVENT per open work order assigned to the user that has an appointment: summary
"<number> <customer>", location the site's address, description the symptom, a UID
stable per order, DTSTART/DTEND in UTC (CALENDAR_EVENT_MINUTES long, default 60)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from icalendar import Calendar, Event
from sqlalchemy import select

from server.domain import work_order_flow as flow
from server.errors import NotFound
from server.extensions import db
from server.models import CalendarFeed, User, WorkOrder
from server.models.base import utcnow
from server.services import rate_limit

RATE_ACTION = "calendar_feed"


def feed_url(feed: CalendarFeed) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/ics/{feed.token}.ics"


def active_feed(user: User) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .order_by(CalendarFeed.created_at.desc())
    )


def revoke(user: User, actor: User) -> None:
    """Every feed link of the user stops working (404)."""
    now = utcnow()
    for feed in db.session.scalars(
        select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
        )
    ):
        feed.revoked_at = now
        feed.revoked_by_id = actor.id


def renew(user: User, actor: User) -> CalendarFeed:
    """A new link for the user; the old ones stop working."""
    revoke(user, actor)
    feed = CalendarFeed(user_id=user.id)
    db.session.add(feed)
    db.session.flush()
    return feed


def feed_by_token(token: str) -> CalendarFeed:
    """The active feed of this token; 404 for an unknown or revoked one, or one of a
    user who can no longer log in."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None or feed.revoked_at is not None or not feed.user.is_active:
        raise NotFound("No such calendar feed.", key="errors.notFound")
    return feed


def check_rate(feed: CalendarFeed, client_ip: str) -> None:
    """429 when this address or this feed asked too often; counts this request."""
    config = current_app.config
    limit = config["CALENDAR_FEED_RATE_LIMIT"]
    window = config["CALENDAR_FEED_RATE_WINDOW_SECONDS"]
    keys = {"ip": client_ip, "feed": feed.token}
    rate_limit.check(RATE_ACTION, keys, limit, window, error_key="errors.public.tooManyReports")
    rate_limit.record(RATE_ACTION, keys, window)


def appointments(user: User) -> list[WorkOrder]:
    """The user's open orders with an appointment, soonest first."""
    return list(
        db.session.scalars(
            select(WorkOrder)
            .where(
                WorkOrder.assigned_engineer_id == user.id,
                WorkOrder.status.in_(flow.OPEN_STATUSES),
                WorkOrder.appointment_at.is_not(None),
            )
            .order_by(WorkOrder.appointment_at, WorkOrder.number)
        )
    )


def build_ics(user: User) -> bytes:
    duration = timedelta(minutes=current_app.config["CALENDAR_EVENT_MINUTES"])
    host = current_app.config["PUBLIC_BASE_URL"].split("//")[-1].split("/")[0].split(":")[0]
    calendar = Calendar()
    calendar.add("prodid", "-//Aftercare//calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Aftercare · {user.display_name}")
    stamp = utcnow().replace(microsecond=0)
    for wo in appointments(user):
        start = wo.appointment_at.replace(microsecond=0)
        event = Event()
        event.add("uid", f"work-order-{wo.id}@{host or 'aftercare'}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + duration)
        event.add("summary", f"{wo.number} {wo.customer.name}")
        if wo.site is not None and wo.site.address:
            event.add("location", wo.site.address)
        if wo.symptom:
            event.add("description", wo.symptom)
        calendar.add_component(event)
    return calendar.to_ical()
