"""The service company itself: its settings, regions and service centres."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin


class OrganisationSettings(IdMixin, TimestampMixin, db.Model):
    """One row: who we are, as printed on labels and reports."""

    __tablename__ = "organisation_settings"

    company_name: Mapped[str] = mapped_column(String(200))
    #: Service hotline printed under every QR label.
    hotline: Mapped[str] = mapped_column(String(50), default="")
    #: IANA timezone used to show office times (the server stores UTC).
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    default_locale: Mapped[str] = mapped_column(String(10), default="zh-CN")


class Region(IdMixin, TimestampMixin, db.Model):
    """A regional centre (大区) grouping service centres."""

    __tablename__ = "regions"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    centres: Mapped[list[Centre]] = relationship(back_populates="region")


class Centre(IdMixin, TimestampMixin, db.Model):
    """A provincial or city service centre (服务中心); engineers belong to one."""

    __tablename__ = "centres"

    region_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")

    region: Mapped[Region] = relationship(back_populates="centres")
