"""The office settles sync conflicts; every resolution goes into the work order's history.
One unit of work: the value applied, the conflict closed and the event recorded commit
together or not at all."""

from __future__ import annotations

from typing import Any

from server.errors import Conflict, field_error
from server.extensions import db
from server.models import SyncConflict, User, WorkOrder
from server.models.base import utcnow
from server.services.work_orders import record_event, update_work_order


def resolve_conflict(conflict: SyncConflict, body: dict[str, Any], actor: User) -> SyncConflict:
    """Keep the server's value (``server``), take the device's (``device``) or set
    ``value``. A status conflict can only be acknowledged: the flow decides status."""
    from server.sync.protocol import InvalidFieldValue, work_order_field_value
    from server.sync.records import wire_value

    if conflict.resolved_at is not None:
        raise Conflict("This conflict is already resolved.", key="errors.sync.alreadyResolved")
    choice = body["choice"]
    wo = db.session.get(WorkOrder, conflict.entity_id)
    if conflict.field == "status" and choice != "server":
        raise field_error("choice", "A status conflict can only be acknowledged.")
    new_value: Any = None
    if choice != "server":
        raw = conflict.device_value if choice == "device" else body.get("value")
        try:
            new_value = work_order_field_value(conflict.field, raw)
        except InvalidFieldValue as exc:
            raise field_error("value", str(exc)) from None
        update_work_order(wo, {conflict.field: new_value}, actor)
    conflict.resolved_at = utcnow()
    conflict.resolved_by_id = actor.id
    conflict.resolution = {
        "choice": choice,
        "value": wire_value(new_value)
        if choice != "server"
        else wire_value(getattr(wo, conflict.field)),
        "note": body.get("note", ""),
    }
    record_event(
        wo,
        "conflict_resolved",
        actor,
        note=body.get("note", ""),
        data={"conflict_id": str(conflict.id), "field": conflict.field, **conflict.resolution},
    )
    return conflict


def server_side_writers(conflicts: list[SyncConflict]) -> dict[Any, dict[str, str] | None]:
    """Who wrote the value the server held when each conflict was recorded, read from the
    order's history: the newest edit of that field before it (``updated`` events name
    their fields), else the registration. {"display_name", "origin"} ("device": from a
    phone, "office"), or None when the history does not say. One query for the page."""
    from sqlalchemy import select

    from server.models import WorkOrderEvent

    orders = {c.entity_id for c in conflicts if c.entity == "work_orders"}
    if not orders:
        return {c.id: None for c in conflicts}
    events = db.session.scalars(
        select(WorkOrderEvent)
        .where(
            WorkOrderEvent.work_order_id.in_(orders),
            WorkOrderEvent.kind.in_(("updated", "registered")),
        )
        .order_by(WorkOrderEvent.server_at.desc())
    ).all()
    writers: dict[Any, dict[str, str] | None] = {}
    for conflict in conflicts:
        writer = None
        for event in events:
            if event.work_order_id != conflict.entity_id or event.server_at > conflict.created_at:
                continue
            if (event.actor_id, event.device_at) == (conflict.user_id, conflict.device_at):
                continue  # the conflicting change itself
            fields = (event.data or {}).get("fields") or ()
            if event.kind == "registered" or conflict.field in fields:
                if event.actor is not None:
                    writer = {"display_name": event.actor.display_name, "origin": event.origin}
                break
        writers[conflict.id] = writer
    return writers
