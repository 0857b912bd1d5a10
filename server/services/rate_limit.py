"""Rate limits for public actions, counted in the database so every server process and
every machine count the same hits. Keys (an IP address, a label token) are stored only
as keyed hashes."""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text

from server.errors import AppError
from server.extensions import db
from server.models import RateLimitHit
from server.models.base import utcnow


class TooManyRequests(AppError):
    code = 429
    key = "errors.tooManyRequests"

    def __init__(self, message: str, *, retry_after: int, key: str | None = None):
        super().__init__(message, key=key, extra={"retry_after": retry_after})
        #: error_body copies these onto the response.
        self.data = {"headers": {"Retry-After": str(retry_after)}}


def _buckets(action: str, keys: dict[str, str]) -> list[str]:
    """One bucket per key, e.g. "qr_report:ip:<hmac>" (values are never stored clear)."""
    secret = current_app.config["SECRET_KEY"].encode()
    return [
        f"{action}:{kind}:{hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]}"
        for kind, value in sorted(keys.items())
    ]


def lock(action: str, keys: dict[str, str]) -> None:
    """Make counting and recording hits of these keys one step: on PostgreSQL, take a
    transaction-level advisory lock per bucket (held until the caller's commit or
    rollback), so a concurrent request for the same bucket waits and then counts this
    one's hit; without it twelve reports at once all counted four and six got through.
    The locks are taken in one global order, so two requests never wait on each other.
    SQLite in one process has no such race worth a lock (a trial setup, docs/deployment.md).
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    ids = sorted(
        int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        for name in _buckets(action, keys)
    )
    for lock_id in ids:
        db.session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def check(
    action: str,
    keys: dict[str, str],
    limit: int,
    window_seconds: int,
    *,
    error_key: str,
    message: str = "Too many reports from here; please try again later or call our hotline.",
) -> None:
    """Raise TooManyRequests if any key already has ``limit`` hits of ``action`` within
    the window (e.g. keys {"ip": "203.0.113.9", "device": token})."""
    now = utcnow()
    since = now - timedelta(seconds=window_seconds)
    for name in _buckets(action, keys):
        count, oldest = db.session.execute(
            select(func.count(), func.min(RateLimitHit.at)).where(
                RateLimitHit.bucket == name, RateLimitHit.at > since
            )
        ).one()
        if count >= limit:
            wait = (oldest + timedelta(seconds=window_seconds) - now).total_seconds()
            raise TooManyRequests(
                message,
                retry_after=max(1, math.ceil(wait)),
                key=error_key,
            )


def record(action: str, keys: dict[str, str], window_seconds: int) -> None:
    """Count one hit of ``action`` for each key, in the caller's transaction, and forget
    the action's hits that the window no longer sees."""
    now = utcnow()
    db.session.execute(
        delete(RateLimitHit).where(
            RateLimitHit.bucket.startswith(f"{action}:"),
            RateLimitHit.at <= now - timedelta(seconds=window_seconds),
        )
    )
    db.session.add_all(RateLimitHit(bucket=name, at=now) for name in _buckets(action, keys))
