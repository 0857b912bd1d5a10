"""The parts catalogue (备品备件)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin

PART_CATEGORIES = ("main", "peripheral", "consumable")


class Part(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "parts"

    part_number: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: main hardware / peripheral / consumable.
    category: Mapped[str] = mapped_column(String(20), default="main")
    manufacturer: Mapped[str] = mapped_column(String(100), default="")
    unit: Mapped[str] = mapped_column(String(20), default="个")
    #: Our cost, in cents (fen): what a customer pays after warranty "at cost".
    cost_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: List price in cents; a contract may lock its own price instead.
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
