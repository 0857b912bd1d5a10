"""Contracts / service agreements: which sites they cover and the rules they promise."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin

if TYPE_CHECKING:
    from server.models.customer import Customer, Site

CONTRACT_KINDS = ("warranty", "maintenance")

contract_sites = Table(
    "contract_sites",
    db.metadata,
    Column("contract_id", ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)


class Contract(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "contracts"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: warranty (质保) or maintenance (代维/维保) after the warranty.
    kind: Mapped[str] = mapped_column(String(20), default="warranty")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    #: Warranty, fee, SLA and schedule rules: validated JSON (docs/rules.md).
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    customer: Mapped[Customer] = relationship()
    sites: Mapped[list[Site]] = relationship(secondary=contract_sites)
