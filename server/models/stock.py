"""Parts stock: where parts are (warehouse, each engineer's van), append-only movements,
and the parts used on a work order. Quantities are sums of movements, never counters, so
two phones can never overwrite each other's count."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from server.models.part import Part
    from server.models.user import User
    from server.models.work_order import WorkOrder

LOCATION_KINDS = ("warehouse", "van")
#: issued: warehouse -> van; used: out of a van (or warehouse) into a device;
#: returned: back to the warehouse; adjusted: a stock count correction.
MOVEMENT_KINDS = ("received", "issued", "used", "returned", "adjusted")


class StockLocation(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "stock_locations"

    #: warehouse (of a centre) or van (of an engineer).
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    centre_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("centres.id"), index=True)
    #: The engineer whose van this is.
    engineer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id"), index=True, unique=True
    )

    engineer: Mapped[User | None] = relationship()


class StockMovement(IdMixin, SyncedMixin, db.Model):
    """One change of stock at one location (+ in, - out). Append-only."""

    __tablename__ = "stock_movements"

    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_locations.id"), index=True)
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"), index=True)
    #: Signed quantity: positive into the location, negative out of it.
    quantity: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    #: The usage this movement books, if any.
    part_usage_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("part_usages.id"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    part: Mapped[Part] = relationship()
    location: Mapped[StockLocation] = relationship()
    part_usage: Mapped[PartUsage | None] = relationship()


class PartUsage(IdMixin, SyncedMixin, db.Model):
    """A part used on a work order (备件使用). Append-only: a mistake is corrected by a
    usage with a negative quantity, never by editing."""

    __tablename__ = "part_usages"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    #: Where it was taken from (normally the engineer's van).
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stock_locations.id"))
    #: The device it went into, and the serials out (faulty) and in (new).
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"))
    serial_out: Mapped[str] = mapped_column(String(100), default="")
    serial_in: Mapped[str] = mapped_column(String(100), default="")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    part: Mapped[Part] = relationship()
    work_order: Mapped[WorkOrder] = relationship()
