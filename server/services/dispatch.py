"""The dispatch board's view of the engineers: where they belong and how loaded they are.

Load is counted, never stored: an engineer's open work orders (the statuses of
server.domain.work_order_flow.OPEN_STATUSES) and his appointments today, "today" read in
the organisation's timezone. Read-only.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from server.domain.work_order_flow import OPEN_STATUSES
from server.extensions import db
from server.models import Centre, User, WorkOrder
from server.services.rule_facts import organisation_timezone, today


def _today_bounds() -> tuple[datetime, datetime]:
    """[start, end) of today in the organisation's timezone, as aware instants."""
    zone = organisation_timezone()
    start = datetime.combine(today(), time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def engineer_loads(
    centre_id: uuid.UUID | None = None,
    region_id: uuid.UUID | None = None,
    q: str | None = None,
) -> list[dict[str, Any]]:
    """Active engineers (optionally of one centre or region, or matching ``q``) with their
    open work order count and today's appointments; least loaded first."""
    query = select(User).where(User.role == "engineer", User.is_active.is_(True))
    if centre_id is not None:
        query = query.where(User.centre_id == centre_id)
    if region_id is not None:
        query = query.where(User.centre.has(Centre.region_id == region_id))
    if q:
        like = f"%{q}%"
        query = query.where(or_(User.display_name.ilike(like), User.username.ilike(like)))
    engineers = list(db.session.scalars(query))
    ids = [engineer.id for engineer in engineers]

    open_counts = dict(
        db.session.execute(
            select(WorkOrder.assigned_engineer_id, func.count())
            .where(WorkOrder.assigned_engineer_id.in_(ids), WorkOrder.status.in_(OPEN_STATUSES))
            .group_by(WorkOrder.assigned_engineer_id)
        ).all()
    )
    start, end = _today_bounds()
    appointments: dict[uuid.UUID, list[WorkOrder]] = {}
    for wo in db.session.scalars(
        select(WorkOrder)
        .where(
            WorkOrder.assigned_engineer_id.in_(ids),
            WorkOrder.status.in_(OPEN_STATUSES),
            WorkOrder.appointment_at >= start,
            WorkOrder.appointment_at < end,
        )
        .order_by(WorkOrder.appointment_at)
    ):
        appointments.setdefault(wo.assigned_engineer_id, []).append(wo)

    rows = []
    for engineer in engineers:
        centre = engineer.centre
        rows.append(
            {
                "id": engineer.id,
                "username": engineer.username,
                "display_name": engineer.display_name,
                "phone": engineer.phone,
                "centre": {"id": centre.id, "name": centre.name} if centre else None,
                "region": (
                    {"id": centre.region.id, "name": centre.region.name} if centre else None
                ),
                "open_count": open_counts.get(engineer.id, 0),
                "today_appointments": [
                    {
                        "id": wo.id,
                        "number": wo.number,
                        "status": wo.status,
                        "appointment_at": wo.appointment_at,
                        "site": wo.site.name,
                    }
                    for wo in appointments.get(engineer.id, [])
                ],
            }
        )
    rows.sort(key=lambda row: (row["open_count"], row["display_name"]))
    return rows
