"""Inspection checklists (巡检记录): templates per system type and the answers given."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin, UTCDateTime, utcnow

ITEM_TYPES = ("pass_fail", "number", "text", "photo")


class ChecklistTemplate(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    __tablename__ = "checklist_templates"

    #: The system type it inspects (cctv, access_control ...).
    system_type: Mapped[str] = mapped_column(String(30), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: [{"key", "label", "type": pass_fail|number|text|photo, "unit", "min", "max",
    #:   "required"}]
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class InspectionResult(IdMixin, SyncedMixin, db.Model):
    """One answer to one checklist item, for one device (or the whole system). Append-only:
    a corrected answer is a newer row for the same item; the newest counts."""

    __tablename__ = "inspection_results"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("checklist_templates.id"))
    item_key: Mapped[str] = mapped_column(String(50))
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"))
    #: The answer: true/false, a number, a text, or a photo's attachment id.
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    #: Whether the answer is within the item's rule (a number in range, "pass" ...).
    is_ok: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
