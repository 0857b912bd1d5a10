"""A phone's Web Push subscription: kept per user, one row per push endpoint."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from server.extensions import db
from server.models import PushSubscription, User


def subscribe(user: User, data: dict[str, Any]) -> PushSubscription:
    """Keep the phone's subscription for ``user`` (the same endpoint again updates its
    keys; an endpoint another user had moves to this one: the phone changed hands)."""
    row = db.session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == data["endpoint"])
    )
    if row is None:
        row = PushSubscription(endpoint=data["endpoint"])
        db.session.add(row)
    row.user_id = user.id
    row.p256dh = data["keys"]["p256dh"]
    row.auth = data["keys"]["auth"]
    row.user_agent = data.get("user_agent", "")
    db.session.flush()
    return row


def unsubscribe(user: User, endpoint: str) -> None:
    """Forget the user's subscription of this endpoint (he turned notifications off)."""
    db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint
        )
    )
