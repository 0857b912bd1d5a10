"""Logging in: the password checked with the same work whether or not the user exists,
and failed attempts limited per username and per client address (counted in the database,
so every server counts the same; attempts at one username take turns on PostgreSQL),
answered 429 with Retry-After."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from server.auth import issue_token
from server.errors import Unauthorized
from server.extensions import db
from server.models import ApiToken, User
from server.services import rate_limit

ACTION = "login"
_NOBODY = User()


def _keys(username: str, client_ip: str) -> dict[str, str]:
    return {"user": username.strip().lower(), "ip": client_ip}


def log_in(
    username: str, password: str, device_name: str, client_ip: str
) -> tuple[str, ApiToken, User]:
    """A new token for this device, or Unauthorized (the failure is counted and kept)."""
    config = current_app.config
    window = config["LOGIN_RATE_WINDOW_SECONDS"]
    keys = _keys(username, client_ip)
    # Guesses at one username take turns (counting and recording a failure are one step),
    # so twelve at once cannot all pass a limit of ten. The address's count is not locked:
    # an office behind one address would log in one at a time; parallel guesses at many
    # usernames from one address can pass its limit by at most the server's threads.
    rate_limit.lock(ACTION, {"user": keys["user"]})
    rate_limit.check(
        ACTION,
        keys,
        config["LOGIN_RATE_LIMIT"],
        window,
        error_key="errors.auth.tooManyAttempts",
        message="Too many failed logins: wait a moment, or ask an admin to reset the password.",
    )
    user = db.session.scalar(select(User).filter_by(username=username))
    if user is None:
        # The same work as for a real user, so the time taken tells nothing.
        if not _NOBODY.password_hash:
            _NOBODY.set_password("no-such-user")
        _NOBODY.check_password(password)
    elif user.is_active and user.check_password(password):
        token, row = issue_token(user, device_name)
        return token, row, user
    rate_limit.record(ACTION, keys, window)
    error = Unauthorized("Wrong username or password.", key="errors.auth.badCredentials")
    error.keeps_changes = True  # the failed attempt counts
    raise error
