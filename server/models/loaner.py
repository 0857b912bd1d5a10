"""Loaner units (备用机) lent while a customer's equipment is repaired, and the customer's
consent to paid work. Both are recorded on the phone, offline, and pushed as mutations.

A loaner is issued once (``loaner.issue``, append-only) and returned once
(``loaner.return``): the return sets ``returned_at`` only while it is still null, so a
second return changes nothing (state-machine policy: the first return stands).

A consent is append-only: a new estimate agreed means a new row; the newest counts.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from server.models.work_order import WorkOrder


class Loaner(IdMixin, SyncedMixin, db.Model):
    """A unit lent to the customer (备用机): issued, then returned."""

    __tablename__ = "loaners"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: The model of the unit lent ("DS-7816N 录像机").
    description: Mapped[str] = mapped_column(String(200))
    serial: Mapped[str] = mapped_column(String(100), default="")
    #: When it was handed over, by the device's clock.
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    due_back_on: Mapped[date | None] = mapped_column(Date)
    #: When it came back, by the device's clock; null while it is out.
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    returned_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    #: The state it came back in, as noted on return.
    condition_note: Mapped[str] = mapped_column(Text, default="")
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    work_order: Mapped[WorkOrder] = relationship()


class PaidWorkConsent(IdMixin, SyncedMixin, db.Model):
    """The customer's consent to the estimate of paid work. Append-only; the newest counts."""

    __tablename__ = "paid_work_consents"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: The estimate total the customer agreed to.
    amount_cents: Mapped[int] = mapped_column(Integer)
    #: The fee lines shown: [{"label", "amount_cents"}, ...].
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    signer_name: Mapped[str] = mapped_column(String(100))
    #: When the customer agreed, by the device's clock.
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
