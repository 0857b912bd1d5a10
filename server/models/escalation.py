"""Missed deadlines and level-1 emergencies (server.domain.escalation): a breached clock's
explanation, each emergency milestone's acknowledgement, and the root-cause report that
closes an emergency."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from server.models.user import User
    from server.models.work_order import WorkOrder


class BreachExplanation(IdMixin, TimestampMixin, db.Model):
    """Why one SLA clock of a work order missed its deadline, and that the customer was
    told (超时说明); one per order and clock."""

    __tablename__ = "breach_explanations"
    __table_args__ = (
        UniqueConstraint("work_order_id", "clock", name="uq_breach_explanations_order_clock"),
    )

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: response, remote, arrival, restore, resolve.
    clock: Mapped[str] = mapped_column(String(20))
    #: One of server.domain.escalation.BREACH_REASONS.
    reason: Mapped[str] = mapped_column(String(30), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    #: When the customer was told, how (CUSTOMER_TOLD_HOW), by whom on our side and whom
    #: on his (the contact's name; may be empty).
    customer_told_at: Mapped[datetime] = mapped_column(UTCDateTime)
    customer_told_how: Mapped[str] = mapped_column(String(20), default="phone")
    customer_told_by: Mapped[str] = mapped_column(String(100))
    customer_told_whom: Mapped[str] = mapped_column(String(100), default="")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    work_order: Mapped[WorkOrder] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class EmergencyAck(IdMixin, TimestampMixin, db.Model):
    """One emergency milestone (sla.emergency.milestones) of a work order done: who did it
    and when."""

    __tablename__ = "emergency_acks"
    __table_args__ = (UniqueConstraint("work_order_id", "key", name="uq_emergency_acks_order_key"),)

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: The milestone's key (notify_managers, emergency_team, expert_remote, expert_group).
    key: Mapped[str] = mapped_column(String(50))
    acknowledged_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    #: When the server received it, and when the phone says it was done (null from the office).
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")

    acknowledged_by: Mapped[User] = relationship()


class EmergencyReport(IdMixin, TimestampMixin, db.Model):
    """The root-cause report (根因分析报告) for the customer's management; writing it closes
    the emergency. The timeline is not stored: it is read from the order's events."""

    __tablename__ = "emergency_reports"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), unique=True)
    cause: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text)
    prevention: Mapped[str] = mapped_column(Text)
    #: Who wrote it and closed the emergency, and when.
    closed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    work_order: Mapped[WorkOrder] = relationship()
    closed_by: Mapped[User] = relationship()
