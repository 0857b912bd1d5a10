"""Links to a work order's progress page for the customer (/t/<token>): no login, so the
token is the key. One is made when the office or the QR page registers the order (an
order an engineer opens on site gets one when first asked for); the office may revoke it
or make a new one, and a merge moves the duplicate's links to the order kept."""

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
    from server.models.work_order import WorkOrder


def new_progress_token() -> str:
    """256 random bits, URL-safe (43 characters): unguessable, so stored as it is."""
    return secrets.token_urlsafe(32)


class ProgressLink(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "progress_links"

    #: The order the page shows (the kept one, after a merge).
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: The secret in the URL.
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_progress_token)
    #: When the office revoked it (UTC): the page then answers 404.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    work_order: Mapped[WorkOrder] = relationship()
