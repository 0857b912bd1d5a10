"""Calendar feed links of engineers (/ics/<token>.ics): a phone's own calendar app
subscribes to the user's appointments without a login, so the token is the key. A user
has at most one active link; renewing revokes the old one, and the user or an admin may
revoke it outright."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from server.models.user import User


def new_calendar_token() -> str:
    """256 random bits, URL-safe (43 characters): unguessable, so stored as it is."""
    return secrets.token_urlsafe(32)


class CalendarFeed(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "calendar_feeds"

    #: Whose appointments the feed lists.
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    #: The secret in the URL.
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_calendar_token)
    #: When it was revoked or renewed (UTC): the feed then answers 404.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
