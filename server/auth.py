"""Who is calling: bearer tokens, the current user, and role checks.

Tokens are random strings shown once at login; only their SHA-256 is stored, so a
leaked database does not leak sessions. One token per device; each use slides its
expiry, so a phone may stay offline for TOKEN_IDLE_DAYS and still sync.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, g, request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from server.errors import Forbidden, Unauthorized
from server.extensions import db
from server.models import ApiToken, User
from server.models.base import utcnow

TOKEN_PREFIX = "ac_"
#: Paths under /api/v1 that need no token.
PUBLIC_ENDPOINT_PREFIXES = (
    "/api/v1/auth/login",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/api/v1/public/",
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, device_name: str = "") -> tuple[str, ApiToken]:
    """A new token for one device of ``user``; returns the clear token (shown once)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        user=user,
        token_hash=hash_token(token),
        device_name=device_name[:200],
        last_used_at=now,
        expires_at=now + timedelta(days=current_app.config["TOKEN_IDLE_DAYS"]),
    )
    db.session.add(row)
    return token, row


#: The token row and its user in one statement, built once: every API request runs it
#: (building a statement and its cache key costs more than running this one).
_TOKEN_QUERY = (
    select(ApiToken)
    .where(ApiToken.token_hash == bindparam("token_hash"))
    .options(joinedload(ApiToken.user))
)


def user_for_token(token: str) -> tuple[User, ApiToken] | None:
    """The active user and token row for a bearer token, sliding its expiry; else None."""
    row = db.session.scalar(_TOKEN_QUERY, {"token_hash": hash_token(token)})
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if not row.user.is_active:
        return None
    # Touch at most once a minute: a sync burst should not write on every request.
    if (now - row.last_used_at) > timedelta(minutes=1):
        row.last_used_at = now
        row.expires_at = now + timedelta(days=current_app.config["TOKEN_IDLE_DAYS"])
        db.session.commit()
    return row.user, row


def current_user() -> User:
    user = g.get("user")
    if user is None:
        raise Unauthorized("Log in first.", key="errors.auth.required")
    return user


def current_token() -> ApiToken:
    return g.token


def _authenticate() -> None:
    if not request.path.startswith("/api/"):
        return
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        found = user_for_token(header[len("Bearer ") :].strip())
        if found is None:
            raise Unauthorized(
                "The session has expired or was revoked; log in again.",
                key="errors.auth.invalidToken",
            )
        g.user, g.token = found
        return
    if request.method == "OPTIONS" or request.path.startswith(PUBLIC_ENDPOINT_PREFIXES):
        return
    raise Unauthorized("Log in first.", key="errors.auth.required")


def roles_required(*roles: str) -> Callable:
    """Allow the view only to users with one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user.role not in roles:
                raise Forbidden("Your role may not do this.", key="errors.auth.roleForbidden")
            return view(*args, **kwargs)

        return wrapper

    return decorator


def init_auth(app: Flask) -> None:
    app.before_request(_authenticate)
