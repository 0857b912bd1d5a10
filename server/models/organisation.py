"""The service company itself: its settings, regions and service centres."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin

#: What a day of the organisation calendar is: a public holiday (法定节假日) or a make-up
#: working day (调休, a weekend day that is worked).
CALENDAR_DAY_KINDS = ("holiday", "make_up_workday")


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


class OrganisationCalendarDay(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    """A day of the organisation calendar, kept once a year from the State Council notice:
    every contract calendar that uses it (``use_organisation_calendar``, the default)
    counts it (server.domain.settings.with_organisation_calendar)."""

    __tablename__ = "organisation_calendar_days"

    #: The local date (in each calendar's own time zone).
    falls_on: Mapped[date] = mapped_column(Date, unique=True)
    #: holiday or make_up_workday (CALENDAR_DAY_KINDS).
    kind: Mapped[str] = mapped_column(String(20))
    #: What the day is for, as printed in the notice (国庆节, 春节调休上班 ...).
    name: Mapped[str] = mapped_column(String(100), default="")
