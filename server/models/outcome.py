"""What the KPIs aggregate, stored per work order so the reports are SQL sums, not a
Python pass over every order: each SLA clock's outcome and the work order's warranty and
resolution facts. server.services.outcomes rewrites a work order's rows whenever its
events or fields change (and ``flask recompute`` rewrites them all)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow
from server.models.work_order import WorkOrder, work_order_devices


class SlaOutcome(db.Model):
    """One started SLA clock of one work order (clocks that never started have no row)."""

    __tablename__ = "sla_outcomes"

    work_order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_orders.id", ondelete="CASCADE"), primary_key=True
    )
    #: response, remote, arrival, restore, resolve.
    clock: Mapped[str] = mapped_column(String(20), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The stop event, or the void event that ended the clock; null while it runs.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "stop" (met or met late), "void" (not needed, or breached before the void), null.
    ended_by: Mapped[str | None] = mapped_column(String(10))
    #: Null for an untracked clock (no target).
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    target_minutes: Mapped[int | None] = mapped_column(Integer)
    #: Stopped clocks: minutes counted on the severity's calendar, and on the wall clock.
    business_minutes: Mapped[int | None] = mapped_column(Integer)
    wall_minutes: Mapped[int | None] = mapped_column(Integer)
    #: True met in time, false late (met late, or voided after the deadline), null not
    #: decided (running, not needed, untracked). A running clock past its deadline is late
    #: too: the KPI queries compare deadline_at with their own "now".
    is_met: Mapped[bool | None] = mapped_column(Boolean)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WorkOrderOutcome(db.Model):
    """Per work order: its effective warranty status and when it was (last) resolved."""

    __tablename__ = "work_order_outcomes"

    work_order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_orders.id", ondelete="CASCADE"), primary_key=True
    )
    #: return, exchange, free_repair, paid, excluded; null when undecided (no device ...).
    warranty_status: Mapped[str | None] = mapped_column(String(20))
    #: Free to the customer (return, exchange, free repair); null when undecided.
    is_free: Mapped[bool | None] = mapped_column(Boolean)
    #: The last "resolved" event, at the time it happened (the phone's clock).
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: How often the office sent it back after completion.
    send_backs: Mapped[int] = mapped_column(Integer, default=0)
    #: Repairs: when the first later repair of one of its devices with the same defect code
    #: was reported after this one's last resolution (the first-time-fix KPI compares it
    #: with its window); null when there is none.
    repeat_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Indexes the KPI queries need on tables of other modules: a device's repairs (repeat
# failures, first-time fix) and work orders by the date they were reported (every period).
Index("ix_work_order_devices_device_id", work_order_devices.c.device_id)
Index("ix_work_orders_reported_at", WorkOrder.__table__.c.reported_at)
