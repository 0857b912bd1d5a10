"""Installed systems per site and the devices in them."""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin

if TYPE_CHECKING:
    from server.models.customer import Site
    from server.models.user import User

SYSTEM_TYPES = (
    "cctv",
    "access_control",
    "network",
    "telephony",
    "public_address",
    "machine_room",
    "computer",
    "kiosk",
    "led_display",
    "other",
)
DEVICE_CLASSES = ("main", "peripheral", "consumable")
DEVICE_STATUSES = ("in_service", "replaced", "retired")
#: The dates a warranty can start from (the contract picks one).
WARRANTY_DATE_FIELDS = (
    "sold_on",
    "delivered_on",
    "installed_on",
    "commissioned_on",
    "accepted_on",
    "first_used_on",
    "purchased_on",
)


def new_label_token() -> str:
    """A random, unguessable token for the device's QR label (not its id)."""
    return secrets.token_urlsafe(12)


class System(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    """A system at a site (CCTV, access control ...) with its responsible engineer (责任到人)."""

    __tablename__ = "systems"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"), index=True)
    #: One of SYSTEM_TYPES.
    type: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    responsible_engineer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id"), index=True
    )

    site: Mapped[Site] = relationship(back_populates="systems")
    responsible_engineer: Mapped[User | None] = relationship()
    devices: Mapped[list[Device]] = relationship(back_populates="system", order_by="Device.serial")


class Device(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "devices"

    system_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("systems.id"), index=True)
    serial: Mapped[str] = mapped_column(String(100), index=True)
    model: Mapped[str] = mapped_column(String(100))
    manufacturer: Mapped[str] = mapped_column(String(100))
    #: main unit (主机) / peripheral (外围设备) / consumable (消耗品).
    device_class: Mapped[str] = mapped_column(String(20), default="main")
    #: Where it hangs: "门诊楼 3F 走廊东".
    location: Mapped[str] = mapped_column(String(200), default="")
    #: Firmware or software version.
    version: Mapped[str] = mapped_column(String(100), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    sold_on: Mapped[date | None] = mapped_column(Date)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    installed_on: Mapped[date | None] = mapped_column(Date)
    commissioned_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    first_used_on: Mapped[date | None] = mapped_column(Date)
    purchased_on: Mapped[date | None] = mapped_column(Date)
    #: The manufacturer's own warranty; the longer of it and the contract's wins.
    manufacturer_warranty_months: Mapped[int | None] = mapped_column(Integer)
    #: in_service / replaced / retired.
    status: Mapped[str] = mapped_column(String(20), default="in_service")
    #: The unit that replaced this one (faulty serial out, new serial in).
    replaced_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"))
    #: Token in the QR label URL /d/<token>.
    label_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_label_token)
    notes: Mapped[str] = mapped_column(Text, default="")

    system: Mapped[System] = relationship(back_populates="devices")
    replaced_by: Mapped[Device | None] = relationship(remote_side="Device.id")
