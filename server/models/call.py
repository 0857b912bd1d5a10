"""The hotline log (热线/来电记录): every inbound call or message, who called about what,
the duty engineer who took it and how it ended (server.domain.hotline)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.domain import hotline
from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from server.models.customer import Customer
    from server.models.device import Device
    from server.models.user import User
    from server.models.work_order import WorkOrder


class Call(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "calls"

    #: Human-readable number, RX-2026-000001 (热线).
    number: Mapped[str] = mapped_column(String(30), unique=True)
    #: One of server.domain.hotline.CALL_CHANNELS.
    channel: Mapped[str] = mapped_column(String(20), default="phone")
    #: Who called, as they gave their name and number.
    caller_name: Mapped[str] = mapped_column(String(100), default="")
    caller_phone: Mapped[str] = mapped_column(String(50), default="")
    #: The customer, when the caller is one (a call that is not ours may have none).
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    #: The device called about, if known.
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"), index=True)
    #: What was said (来电内容).
    summary: Mapped[str] = mapped_column(Text)
    #: What the duty engineer advised or did (处理情况).
    resolution: Mapped[str] = mapped_column(Text, default="")
    #: One of server.domain.hotline.OUTCOMES.
    outcome: Mapped[str] = mapped_column(String(20), index=True)
    #: The engineer on hotline duty who took the call.
    duty_engineer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    #: The work order the call created or was attached to.
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_orders.id"), index=True
    )
    #: "created" (the call registered the order) or "attached" (it was open already).
    order_link: Mapped[str | None] = mapped_column(String(10))
    #: When the call came in (UTC), as the person logging it says; created_at is when
    #: the server stored it.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    customer: Mapped[Customer | None] = relationship()
    device: Mapped[Device | None] = relationship()
    duty_engineer: Mapped[User] = relationship(foreign_keys=[duty_engineer_id])
    work_order: Mapped[WorkOrder | None] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    @property
    def is_first_call(self) -> bool:
        return hotline.is_first_call(self.outcome, self.order_link)

    @property
    def is_solved_on_first_call(self) -> bool:
        return hotline.is_solved_on_first_call(self.outcome, self.order_link)
