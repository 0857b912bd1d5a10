"""What the office reads when it reviews a synced work order: the timeline with both clocks
compared, the notes, the parts used and the checklist answers. Read-only.

Clock comparison: an event recorded on a phone keeps the phone's time (``device_at``)
beside the time the server received it (``server_at``). When they are further apart than
CLOCK_SKEW_WARNING_MINUTES the office is warned, with which way round:

- ``device_ahead``: the phone says it happened after the server received it. That cannot
  be true: the phone's clock is fast, and the SLA clocks (which trust the phone's time of
  on-site events) are off by as much.
- ``device_behind``: the phone's time is well before the server's. Either the phone was
  offline that long (normal in a basement) or its clock is slow; the reviewer decides.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from server.extensions import db
from server.models import (
    ChecklistTemplate,
    Device,
    InspectionResult,
    PartUsage,
    StockLocation,
    WorkOrder,
    WorkOrderNote,
)


def clock_gap(device_at: datetime | None, server_at: datetime, warn_minutes: int) -> dict[str, Any]:
    """{"gap_minutes", "clock_warning"}: server minus device time in whole minutes (null
    for office events) and the warning when the gap exceeds ``warn_minutes`` either way."""
    if device_at is None:
        return {"gap_minutes": None, "clock_warning": None}
    gap = (server_at - device_at).total_seconds() / 60
    warning = None
    if gap < -warn_minutes:
        warning = "device_ahead"
    elif gap > warn_minutes:
        warning = "device_behind"
    return {"gap_minutes": round(gap), "clock_warning": warning}


_EVENT_FIELDS = (
    "id",
    "kind",
    "origin",
    "device_at",
    "server_at",
    "actor",
    "from_status",
    "to_status",
    "note",
    "data",
)


def timeline(wo: WorkOrder, warn_minutes: int) -> list[dict[str, Any]]:
    """The events oldest first, each with its clock comparison."""
    return [
        {
            **{name: getattr(event, name) for name in _EVENT_FIELDS},
            **clock_gap(event.device_at, event.server_at, warn_minutes),
        }
        for event in wo.events
    ]


def notes_of(wo: WorkOrder) -> list[WorkOrderNote]:
    return list(
        db.session.scalars(
            select(WorkOrderNote)
            .where(WorkOrderNote.work_order_id == wo.id)
            .order_by(
                func.coalesce(WorkOrderNote.device_at, WorkOrderNote.server_at),
                WorkOrderNote.server_at,
                WorkOrderNote.id,
            )
        )
    )


def part_usages_of(wo: WorkOrder) -> list[PartUsage]:
    return list(
        db.session.scalars(
            select(PartUsage)
            .where(PartUsage.work_order_id == wo.id)
            .order_by(
                func.coalesce(PartUsage.device_at, PartUsage.server_at),
                PartUsage.server_at,
                PartUsage.id,
            )
        )
    )


def location_name(location_id: Any) -> str | None:
    location = db.session.get(StockLocation, location_id) if location_id else None
    return location.name if location else None


def inspection_results_of(wo: WorkOrder) -> list[dict[str, Any]]:
    """Every answer, oldest first, with its item's definition and ``is_latest``: the newest
    answer per template, item and device is the one that counts (a correction is a newer
    row)."""
    rows = list(
        db.session.scalars(
            select(InspectionResult)
            .where(InspectionResult.work_order_id == wo.id)
            # The phone's time first: answers pushed in one batch share a server time.
            .order_by(
                func.coalesce(InspectionResult.device_at, InspectionResult.server_at),
                InspectionResult.server_at,
                InspectionResult.id,
            )
        )
    )
    templates = {
        template.id: template
        for template in db.session.scalars(
            select(ChecklistTemplate).where(
                ChecklistTemplate.id.in_({row.template_id for row in rows})
            )
        )
    }
    devices = {
        device.id: device
        for device in db.session.scalars(
            select(Device).where(Device.id.in_({row.device_id for row in rows if row.device_id}))
        )
    }
    newest: dict[tuple[Any, str, Any], InspectionResult] = {}
    for row in rows:
        key = (row.template_id, row.item_key, row.device_id)
        current = newest.get(key)
        if current is None or _answered_at(row) >= _answered_at(current):
            newest[key] = row
    latest_ids = {row.id for row in newest.values()}
    answers = []
    for row in rows:
        template = templates[row.template_id]
        item = next((i for i in template.items if i.get("key") == row.item_key), {})
        device = devices.get(row.device_id)
        answers.append(
            {
                "result": row,
                "template": {"id": template.id, "name": template.name},
                "item": item,
                #: The item's place in its template (the signed summary's order).
                "position": next(
                    (i for i, it in enumerate(template.items) if it.get("key") == row.item_key),
                    len(template.items),
                ),
                "device": device,
                "is_latest": row.id in latest_ids,
            }
        )
    return answers


def _answered_at(row: InspectionResult) -> datetime:
    """When an answer was given: the phone's time if it has one, else the server's."""
    return row.device_at or row.server_at
