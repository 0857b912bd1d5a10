"""Customers (业主/甲方), their contacts and their sites."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin

if TYPE_CHECKING:
    from server.models.device import System

#: A site's zone selects its SLA targets.
ZONES = ("in_city", "out_of_town")


class Customer(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "customers"

    name: Mapped[str] = mapped_column(String(200), index=True)
    #: Short code used on labels and reports.
    code: Mapped[str] = mapped_column(String(50), unique=True)
    #: Important customers (重要客户) are highlighted in intake and dispatch.
    is_important: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Contact.name"
    )
    sites: Mapped[list[Site]] = relationship(back_populates="customer", order_by="Site.name")


class Contact(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "contacts"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    #: May report faults and approve paid work (capped per customer by a setting).
    is_authorised: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The language of the messages sent to him ("zh-CN", "en"); null: the organisation's
    #: default_locale.
    locale: Mapped[str | None] = mapped_column(String(10))

    customer: Mapped[Customer] = relationship(back_populates="contacts")


class Site(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "sites"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    #: "in_city" (市内) or "out_of_town" (市外): selects the SLA targets.
    zone: Mapped[str] = mapped_column(String(20), default="in_city")
    #: Road distance from the service centre, for travel fees and distance bands.
    distance_km: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    customer: Mapped[Customer] = relationship(back_populates="sites")
    systems: Mapped[list[System]] = relationship(back_populates="site", order_by="System.name")
