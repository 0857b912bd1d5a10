"""Remote sessions (远程处理) on a work order: the customer's consent (who agreed, when),
start and end, what was done. Starting one is the order's ``start_remote`` step: its
``remote_started`` event stops the remote SLA clock and prices one remote-session fee."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from server.models.call import Call
    from server.models.user import User
    from server.models.work_order import WorkOrder


class RemoteSession(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "remote_sessions"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: The hotline call that led to it, if any.
    call_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("calls.id"), index=True)
    #: Who runs the session.
    engineer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    #: Who agreed to the remote session on the customer's side, and when (UTC).
    consent_by: Mapped[str] = mapped_column(String(100))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When it started: the server's time of the order's remote_started event.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When it ended (UTC), as the person recording it says; null while it runs.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What was done (处理内容).
    work_done: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    work_order: Mapped[WorkOrder] = relationship()
    call: Mapped[Call | None] = relationship()
    engineer: Mapped[User] = relationship(foreign_keys=[engineer_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
