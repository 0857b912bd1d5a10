"""Complaints (投诉): handled by supervisors apart from the service team; verified and
answered by deadlines fixed when the complaint is registered."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from server.models.customer import Customer
    from server.models.user import User
    from server.models.work_order import WorkOrder

COMPLAINT_CHANNELS = ("phone", "email", "wechat", "web", "letter", "visit")


class Complaint(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "complaints"

    #: Human-readable number, TS-2026-0001.
    number: Mapped[str] = mapped_column(String(30), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    #: The work order complained about, if any.
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_orders.id"), index=True
    )
    #: The engineer complained about, if any.
    engineer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: One of COMPLAINT_CHANNELS.
    channel: Mapped[str] = mapped_column(String(20), default="phone")
    #: Who complained, as they gave their name.
    complainant: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text)
    #: When the complaint came in (UTC): the deadlines count from here.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: Verify by (COMPLAINT_VERIFY_DAYS) and answer by (COMPLAINT_ANSWER_DAYS), UTC.
    verify_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What the verification found (核实情况).
    verification: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The answer given to the customer (答复).
    answer: Mapped[str] = mapped_column(Text, default="")
    #: The cause found (原因).
    cause: Mapped[str] = mapped_column(Text, default="")
    #: Responsibility: our service's own fault (true), not ours (false), undecided (null).
    #: Only our own fault counts in the complaint rate.
    is_our_fault: Mapped[bool | None] = mapped_column(Boolean)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    customer: Mapped[Customer] = relationship()
    work_order: Mapped[WorkOrder | None] = relationship()
    engineer: Mapped[User | None] = relationship(foreign_keys=[engineer_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    @property
    def status(self) -> str:
        """open -> verified -> answered."""
        if self.answered_at is not None:
            return "answered"
        return "verified" if self.verified_at is not None else "open"
