"""Late contributions: work an engineer did offline on an order that was closed, cancelled
or reassigned before his phone synced. The push keeps each such change (its mutation as
sent) on the order instead of refusing it, and tells the phone in words; a supervisor then
accepts it (applied through the same handler as a push, as the engineer, at the phone's
time: the history and the SLA outcomes follow) or dismisses it with a note."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from server.errors import Conflict, field_error
from server.extensions import db
from server.models import LateContribution, User, WorkOrder, WorkOrderEvent
from server.models.base import utcnow
from server.services.work_orders import record_event
from server.sync.mutations import APPEND_ONLY, HANDLERS, Context, Late, Rejected


def keep(late: Late, user: User, client_id: Any, mutation: dict[str, Any]) -> dict[str, Any]:
    """Store the change for the office; returns what the phone is told (``late``)."""
    row = LateContribution(
        id=uuid.uuid4(),
        work_order_id=late.wo.id,
        mutation_id=mutation["id"],
        client_id=client_id,
        name=mutation["name"],
        args=mutation["args"],
        user_id=user.id,
        reason=late.reason,
        reassigned_to_id=late.reassigned_to.id if late.reassigned_to else None,
        changed_at=late.changed_at,
        device_at=mutation["occurred_at"],
    )
    db.session.add(row)
    return told(row, late.wo.number, late.reassigned_to)


def told(row: LateContribution, number: str, reassigned_to: User | None) -> dict[str, Any]:
    """The facts of the sentence the phone shows ("reassigned to 李强 at 10:40 ...")."""
    return {
        "id": str(row.id),
        "reason": row.reason,
        "work_order_id": str(row.work_order_id),
        "number": number,
        "reassigned_to": (
            {"id": str(reassigned_to.id), "display_name": reassigned_to.display_name}
            if reassigned_to is not None
            else None
        ),
        "changed_at": _iso(row.changed_at),
    }


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _open(row: LateContribution) -> None:
    if row.status != "open":
        raise Conflict("This late change was decided already.", key="errors.sync.lateDecided")


def accept(row: LateContribution, supervisor: User, note: str = "") -> LateContribution:
    """Apply the change as the engineer made it (his name, the phone's time)."""
    _open(row)
    handler = HANDLERS[row.name]
    ctx = Context(
        row.user,
        row.client_id,
        row.mutation_id,
        row.device_at or row.server_at,
        accepting_late=True,
        existing_ids=_existing(row),
    )
    try:
        with db.session.begin_nested():
            handler(ctx, row.args)
    except Rejected as exc:
        raise field_error("args", f"The change cannot be applied: {exc.message}") from None
    _decide(row, "accepted", supervisor, note)
    return row


def _existing(row: LateContribution) -> dict[str, set[Any]]:
    if row.name == "work_order.transition":  # a step taken once: its event, if recorded
        try:
            event = db.session.get(WorkOrderEvent, uuid.UUID(str(row.args.get("event_id"))))
        except ValueError:
            return {}
        return {WorkOrderEvent.__tablename__: {event.id} if event is not None else set()}
    model = APPEND_ONLY.get(row.name)
    if model is None:
        return {}
    try:
        record_id = uuid.UUID(str(row.args.get("id")))
    except ValueError:
        return {}
    found = db.session.get(model, record_id)
    return {model.__tablename__: {found.id}} if found is not None else {}


def dismiss(row: LateContribution, supervisor: User, note: str) -> LateContribution:
    """Set it aside, saying why; it stays on record."""
    _open(row)
    if not note.strip():
        raise field_error("note", "Say why the change is dismissed.")
    _decide(row, "dismissed", supervisor, note.strip())
    return row


def _decide(row: LateContribution, status: str, supervisor: User, note: str) -> None:
    row.status, row.decided_at, row.decided_by_id, row.note = status, utcnow(), supervisor.id, note
    record_event(
        db.session.get(WorkOrder, row.work_order_id),
        f"late_{status}",
        supervisor,
        note=note,
        data={
            "late_contribution_id": str(row.id),
            "mutation": row.name,
            "engineer_id": str(row.user_id),
        },
    )
