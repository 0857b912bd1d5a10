"""The synced tables and the wire form of their rows.

A record on the wire is a flat JSON object of the row's columns: ids and references as
UUID strings, instants as ISO-8601 UTC, dates as YYYY-MM-DD, plus ``row_version``. A work
order also carries ``device_ids``; attachments and signatures carry ``blob_ready`` (their
image is stored; false: "photo pending"). The entity names below are the table names.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect

from server.models import (
    Attachment,
    ChecklistTemplate,
    Contract,
    Customer,
    Device,
    InspectionResult,
    Loaner,
    OrganisationCalendarDay,
    PaidWorkConsent,
    Part,
    PartUsage,
    Signature,
    Site,
    StockLocation,
    StockMovement,
    SyncConflict,
    System,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderNote,
)

#: Every synced entity, in the order pull walks them (parents before children).
ENTITIES: dict[str, Any] = {
    model.__tablename__: model
    for model in (
        Customer,
        Site,
        System,
        Device,
        Contract,
        Part,
        ChecklistTemplate,
        OrganisationCalendarDay,
        StockLocation,
        WorkOrder,
        WorkOrderEvent,
        WorkOrderNote,
        Attachment,
        Signature,
        PartUsage,
        Loaner,
        PaidWorkConsent,
        StockMovement,
        InspectionResult,
        SyncConflict,
    )
}


def wire_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        # One form everywhere (push answers, pull, REST): UTC, whatever offset it came in.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_record(row: Any) -> dict[str, Any]:
    """The wire form of one synced row."""
    record = {
        column.key: wire_value(getattr(row, column.key))
        for column in inspect(type(row)).column_attrs
    }
    if isinstance(row, WorkOrder):
        record["device_ids"] = sorted(str(d.id) for d in row.devices)
    if isinstance(row, Contract):
        # Which contract applies depends on the sites it covers (server.domain.contracts).
        record["site_ids"] = sorted(str(site.id) for site in row.sites)
    return record
