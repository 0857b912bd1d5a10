"""The outbox worker: `aftercare notify` (and every `aftercare schedule`).

1. Claim: in one short transaction, due rows (queued with next_attempt_at passed, or
   "sending" whose lease lapsed: a worker died after claiming them) become "sending" with
   this run's claim id, a lease (NOTIFY_LEASE_SECONDS) and one more attempt. PostgreSQL
   picks them with SELECT ... FOR UPDATE SKIP LOCKED, so two workers never claim the same
   row and never wait for each other; SQLite (one writer at a time) claims each row with a
   conditional UPDATE that only succeeds while the row is still due.
2. Send each claimed message outside any transaction (a slow mail server holds no lock).
3. Record the result in its own transaction, only if the row still carries this run's
   claim: sent (sent_at), or the error with the next attempt after an exponential
   back-off (server.domain.notifications), or failed after NOTIFY_MAX_ATTEMPTS.

Never twice, with one edge: the mail server accepted a message and the worker died before
step 3. The row stays "sending" until its lease lapses, then is sent again: delivery is at
least once. The e-mail's Message-ID is derived from the notification's id
(server.notify.channels.message_id), so the copy is recognisable as the same message. A
lease must outlast a send (SMTP_TIMEOUT_SECONDS is well below NOTIFY_LEASE_SECONDS).

Work orders never wait for any of this: their transaction only wrote the row."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from server.domain.notifications import gives_up, retry_delay
from server.extensions import db
from server.models import Notification
from server.models.base import utcnow
from server.notify.channels import Channel, Message, configured_channels
from server.unit_of_work import committed

#: The most of an error kept on the row.
ERROR_CHARS = 1000


def _due(now: datetime, channels: list[str]) -> ColumnElement[bool]:
    return and_(
        Notification.channel.in_(channels),
        or_(
            and_(Notification.state == "queued", Notification.next_attempt_at <= now),
            and_(Notification.state == "sending", Notification.lease_expires_at <= now),
        ),
    )


def claim(now: datetime, channels: list[str], limit: int) -> tuple[uuid.UUID, list[Message]]:
    """Claim up to ``limit`` due rows of these channels; returns the claim id and the
    messages, committed."""
    claim_id = uuid.uuid4()
    if not channels:
        return claim_id, []
    lease = now + timedelta(seconds=current_app.config["NOTIFY_LEASE_SECONDS"])
    claiming = {
        "state": "sending",
        "claim_id": claim_id,
        "lease_expires_at": lease,
        "attempts": Notification.attempts + 1,
    }
    session = db.session
    with committed():
        pick = (
            select(Notification.id)
            .where(_due(now, channels))
            .order_by(Notification.next_attempt_at, Notification.created_at, Notification.id)
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            ids = list(session.scalars(pick.with_for_update(skip_locked=True)))
            if ids:
                session.execute(
                    update(Notification).where(Notification.id.in_(ids)).values(**claiming)
                )
        else:
            ids = []
            for id_ in list(session.scalars(pick)):
                # Still due? Another worker may have claimed it since the select.
                result = session.execute(
                    update(Notification)
                    .where(Notification.id == id_, _due(now, channels))
                    .values(**claiming)
                )
                if result.rowcount == 1:
                    ids.append(id_)
        rows = (
            session.scalars(
                select(Notification)
                .where(Notification.id.in_(ids))
                .order_by(Notification.created_at, Notification.id)
            ).all()
            if ids
            else []
        )
        messages = [
            Message(
                id=str(row.id),
                channel=row.channel,
                recipient=row.recipient,
                subject=row.subject,
                body=row.body,
                payload=dict(row.payload or {}),
                resends=row.resends,
            )
            for row in rows
        ]
    return claim_id, messages


def _mine(message: Message, claim_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(
        Notification.id == uuid.UUID(message.id),
        Notification.state == "sending",
        Notification.claim_id == claim_id,
    )


def mark_sent(message: Message, claim_id: uuid.UUID, now: datetime) -> bool:
    with committed():
        result = db.session.execute(
            update(Notification)
            .where(_mine(message, claim_id))
            .values(state="sent", sent_at=now, claim_id=None, lease_expires_at=None)
        )
    return result.rowcount == 1


def mark_failed(message: Message, claim_id: uuid.UUID, error: str, now: datetime) -> str:
    """Record the error: queued again after the back-off, or failed after the last
    attempt. Returns the new state ("" if the claim was lost)."""
    config = current_app.config
    with committed():
        row = db.session.scalar(select(Notification).where(_mine(message, claim_id)))
        if row is None:
            return ""
        row.last_error = error[:ERROR_CHARS]
        row.claim_id = None
        row.lease_expires_at = None
        if gives_up(row.attempts, config["NOTIFY_MAX_ATTEMPTS"]):
            row.state = "failed"
        else:
            row.state = "queued"
            row.next_attempt_at = now + retry_delay(
                row.attempts,
                config["NOTIFY_RETRY_BASE_SECONDS"],
                config["NOTIFY_RETRY_MAX_SECONDS"],
            )
        state = row.state
    return state


def _fail_abandoned(now: datetime, channels: list[str]) -> int:
    """Rows a worker died sending on their last attempt: failed, not claimed forever."""
    with committed():
        result = db.session.execute(
            update(Notification)
            .where(
                Notification.channel.in_(channels),
                Notification.state == "sending",
                Notification.lease_expires_at <= now,
                Notification.attempts >= current_app.config["NOTIFY_MAX_ATTEMPTS"],
            )
            .values(
                state="failed",
                claim_id=None,
                lease_expires_at=None,
                last_error="The worker stopped while sending it (its lease lapsed).",
            )
        )
    return result.rowcount or 0


def run_notify(
    now: datetime | None = None, channels: Mapping[str, Channel] | None = None
) -> dict[str, int]:
    """Send what is due: returns how many were sent, are to be retried, failed; and how
    many wait on a channel this server cannot send on ("not configured")."""

    # A run at a given time (tests, the scheduler's "now") records its results at that
    # time too; otherwise at the moment each send ends.
    def clock() -> datetime:
        return now if given else utcnow()

    given = now is not None
    now = now or utcnow()
    config = current_app.config
    if channels is None:
        channels = configured_channels(config)
    names = sorted(channels)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if names:
        counts["failed"] += _fail_abandoned(now, names)
        claim_id, messages = claim(now, names, config["NOTIFY_BATCH"])
        for message in messages:
            try:
                channels[message.channel].send(message)
            except Exception as exc:  # any failure of the route: record it, retry later
                state = mark_failed(message, claim_id, f"{type(exc).__name__}: {exc}", clock())
                if state:
                    counts["retry" if state == "queued" else "failed"] += 1
                continue
            if mark_sent(message, claim_id, clock()):
                counts["sent"] += 1
    counts["not configured"] = _waiting(names)
    return counts


def _waiting(configured: list[str]) -> int:
    query = select(func.count()).select_from(Notification).where(Notification.state == "queued")
    if configured:
        query = query.where(Notification.channel.not_in(configured))
    return db.session.scalar(query) or 0


def summary(counts: Mapping[str, Any]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())
