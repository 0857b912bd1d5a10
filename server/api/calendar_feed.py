"""The calendar feed link (/ics/<token>.ics, server.services.calendar_feed): the user's
own (/me/calendar-feed), and an admin's view of any user's (/users/<id>/calendar-feed)."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.calendar_feed import CalendarFeedSchema
from server.auth import current_user, roles_required
from server.errors import NotFound
from server.extensions import db
from server.models import CalendarFeed, User
from server.services import calendar_feed

me = Blueprint(
    "calendar_feed",
    __name__,
    description="The user's appointments as an iCalendar feed for the phone's own calendar: "
    "the feed URL (no login: a long random token), renewed or revoked here.",
)
admin = Blueprint(
    "calendar_feed_admin",
    __name__,
    description="An admin renews or revokes a user's calendar feed link.",
)


def _answer(feed: CalendarFeed | None) -> dict:
    if feed is None:
        return {"url": None, "created_at": None}
    return {"url": calendar_feed.feed_url(feed), "created_at": feed.created_at}


@me.route("/calendar-feed")
class MyCalendarFeed(MethodView):
    @me.response(200, CalendarFeedSchema)
    def get(self):
        """The user's feed URL (null before the first one is made, or once revoked)."""
        return _answer(calendar_feed.active_feed(current_user()))

    @me.response(201, CalendarFeedSchema)
    def post(self):
        """A new feed URL; the old one stops working."""
        user = current_user()
        return _answer(calendar_feed.renew(user, user))

    @me.response(204)
    def delete(self):
        """Revoke the feed: its URL answers 404."""
        user = current_user()
        calendar_feed.revoke(user, user)


def _user(user_id: uuid.UUID) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.", key="errors.notFound")
    return user


@admin.route("/<uuid:user_id>/calendar-feed")
class UserCalendarFeed(MethodView):
    @admin.response(200, CalendarFeedSchema)
    @roles_required("admin")
    def get(self, user_id: uuid.UUID):
        """The user's feed URL (null when there is none)."""
        return _answer(calendar_feed.active_feed(_user(user_id)))

    @admin.response(201, CalendarFeedSchema)
    @roles_required("admin")
    def post(self, user_id: uuid.UUID):
        """A new feed URL for the user; the old one stops working."""
        return _answer(calendar_feed.renew(_user(user_id), current_user()))

    @admin.response(204)
    @roles_required("admin")
    def delete(self, user_id: uuid.UUID):
        """Revoke the user's feed."""
        calendar_feed.revoke(_user(user_id), current_user())
