"""Work orders (工程维修单/服务单) and their append-only event history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from server.models.contract import Contract
    from server.models.customer import Customer, Site
    from server.models.device import Device, System
    from server.models.user import User

WORK_ORDER_TYPES = (
    "repair",
    "inspection",
    "installation",
    "upgrade",
    "follow_up",
    "training",
    "rectification",
)
CHANNELS = ("phone", "email", "wechat", "web", "qr", "walk_in", "scheduled", "app")
#: Where an event was recorded: on an engineer's device (its clock) or in the office.
EVENT_ORIGINS = ("device", "office")

work_order_devices = Table(
    "work_order_devices",
    db.metadata,
    Column("work_order_id", ForeignKey("work_orders.id", ondelete="CASCADE"), primary_key=True),
    Column("device_id", ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True),
)


class NumberSequence(db.Model):
    """Counters for human-readable numbers (work order WO-2026-000123)."""

    __tablename__ = "number_sequences"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class WorkOrder(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "work_orders"

    #: Human-readable number, given by the server when it first stores the order.
    number: Mapped[str] = mapped_column(String(30), unique=True)
    #: One of WORK_ORDER_TYPES.
    type: Mapped[str] = mapped_column(String(20), default="repair")
    #: How the request came in: one of CHANNELS.
    channel: Mapped[str] = mapped_column(String(20), default="phone")
    #: See server.domain.work_order_flow.STATUSES.
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    #: 1 system down ... 4 intermittent (names per contract).
    severity: Mapped[int] = mapped_column(Integer, default=3)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"), index=True)
    system_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("systems.id"), index=True)
    #: The contract whose rules apply (chosen at registration, may be none).
    contract_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    reporter_name: Mapped[str] = mapped_column(String(100), default="")
    reporter_phone: Mapped[str] = mapped_column(String(50), default="")
    #: Who to meet on site, if not the reporter.
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")
    #: The fault as reported (故障现象).
    symptom: Mapped[str] = mapped_column(Text, default="")
    assigned_engineer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id"), index=True
    )
    #: Agreed visit time (UTC).
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the request was registered: starts the response clock (UTC).
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    #: False while an order an engineer registered himself outside the systems he serves
    #: waits for the office to confirm it (by assigning it): until then it opens to him
    #: only what the job needs (server.services.access). Every other order is confirmed.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Diagnosis on site: symptom found, fault location, cause, fix.
    diagnosis_symptom: Mapped[str] = mapped_column(Text, default="")
    diagnosis_location: Mapped[str] = mapped_column(Text, default="")
    diagnosis_cause: Mapped[str] = mapped_column(Text, default="")
    diagnosis_fix: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The defect found, as a code from the contract's list: the lemon rule counts repeats.
    defect_code: Mapped[str] = mapped_column(String(50), default="")
    #: Exclusion codes the engineer found (label torn, lightning ...): make the work paid.
    exclusions: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The work to price, recorded by the engineer (the fees, the PDFs and the phone all
    #: price these): minutes of labour on site, and visits made.
    labour_minutes: Mapped[int] = mapped_column(Integer, default=0)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    #: A supervisor's override of the computed warranty decision:
    #: {"status", "reason", "by_id", "at"}; the computed one stays visible beside it.
    warranty_override: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    customer: Mapped[Customer] = relationship()
    site: Mapped[Site] = relationship()
    system: Mapped[System | None] = relationship()
    contract: Mapped[Contract | None] = relationship()
    assigned_engineer: Mapped[User | None] = relationship(foreign_keys=[assigned_engineer_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    devices: Mapped[list[Device]] = relationship(secondary=work_order_devices)
    events: Mapped[list[WorkOrderEvent]] = relationship(
        back_populates="work_order", order_by="WorkOrderEvent.server_at"
    )


class WorkOrderEvent(IdMixin, SyncedMixin, db.Model):
    """One step in a work order's life. Append-only: never updated, never deleted."""

    __tablename__ = "work_order_events"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: registered, assigned, accepted, departed, arrived, ... (server.domain.work_order_flow).
    kind: Mapped[str] = mapped_column(String(30))
    #: "device" (recorded on an engineer's phone) or "office".
    origin: Mapped[str] = mapped_column(String(10), default="office")
    #: When it happened by the recording device's clock (null for office events).
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the server received it.
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    #: Extra facts of the event (location of an arrival, reason of a reassignment ...).
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    work_order: Mapped[WorkOrder] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class WorkOrderNote(IdMixin, SyncedMixin, db.Model):
    """A note on a work order, by the engineer or the office. Append-only."""

    __tablename__ = "work_order_notes"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    #: When it was written on the device (null when written in the office).
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()
