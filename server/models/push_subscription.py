"""Web Push subscriptions: a phone that allowed notifications gives the browser's push
endpoint and keys (the PushSubscription JSON); the server sends a user's notifications
to each of his subscriptions (server.notify.webpush)."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin


class PushSubscription(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "push_subscriptions"

    #: Whose phone (a later subscription of the same endpoint moves it to its new user).
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    #: The push service's URL for this browser: the secret that addresses it.
    endpoint: Mapped[str] = mapped_column(String(2000), unique=True)
    #: The browser's keys (base64url): its P-256 public key and the auth secret.
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    #: What the phone called itself, for the user's list.
    user_agent: Mapped[str] = mapped_column(String(300), default="")
