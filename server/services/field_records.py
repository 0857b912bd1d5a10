"""What an engineer records on a work order: notes, parts used (booked out of his van),
checklist answers, loaners lent and returned, the customer's consent to paid work. All
append-only: a record is never edited, a correction is a new one. The one exception is a
loaner's return, set once on the loaner (a second return changes nothing)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from server.errors import Conflict, field_error
from server.extensions import db
from server.models import (
    ChecklistTemplate,
    Device,
    InspectionResult,
    Loaner,
    PaidWorkConsent,
    Part,
    PartUsage,
    StockLocation,
    StockMovement,
    User,
    WorkOrder,
    WorkOrderNote,
)
from server.models.base import utcnow
from server.services import access


def _new_id(model: Any, id_: uuid.UUID | None, *, id_checked: bool) -> uuid.UUID:
    """The new record's id: the caller's (refused if taken) or a fresh one. A caller that
    checked the id itself (sync, for a whole batch in one query) says ``id_checked``."""
    if id_ is not None and not id_checked and db.session.get(model, id_) is not None:
        raise Conflict(f"A {model.__name__} with this id exists.", key="errors.alreadyExists")
    return id_ or uuid.uuid4()


def van_of(engineer: User) -> StockLocation:
    """The engineer's van stock location, created on first use. Looked up without flushing
    what is pending (a flush per part booked split a push's batched inserts into a
    statement each)."""
    with db.session.no_autoflush:
        van = db.session.scalar(select(StockLocation).filter_by(engineer_id=engineer.id))
    if van is None:
        van = StockLocation(
            kind="van",
            name=f"{engineer.display_name} 车载库存",
            centre_id=engineer.centre_id,
            engineer_id=engineer.id,
        )
        db.session.add(van)
        db.session.flush()
    return van


def add_note(
    wo: WorkOrder,
    text: str,
    actor: User,
    *,
    occurred_at: datetime | None = None,
    id_checked: bool = False,
    id_: uuid.UUID | None = None,
) -> WorkOrderNote:
    if not text.strip():
        raise field_error("text", "A note needs text.")
    note = WorkOrderNote(
        id=_new_id(WorkOrderNote, id_, id_checked=id_checked),
        work_order_id=wo.id,
        author_id=actor.id,
        text=text,
        device_at=occurred_at,
    )
    db.session.add(note)
    return note


def _device_of(wo: WorkOrder, device_id: uuid.UUID | None) -> Device | None:
    if device_id is None:
        return None
    device = db.session.get(Device, device_id)
    if device is None or not access.may_record_on_device(wo, device):
        raise field_error(
            "device_id",
            "The device must be at the work order's site (one the order names, until the "
            "office confirms the order).",
        )
    return device


def add_part_usage(
    wo: WorkOrder,
    data: dict[str, Any],
    actor: User,
    *,
    occurred_at: datetime | None = None,
    id_checked: bool = False,
    van: StockLocation | None = None,
) -> tuple[PartUsage, StockMovement | None]:
    """Book a part used on ``wo``: a usage and a matching movement out of the van (an
    engineer's: ``van``, where the caller holds it already, else ``van_of``; None for
    anyone else's). Returns both.

    Stock may go below zero: the part was used on site whatever the books said, and the
    stock report shows the shortfall rather than the phone refusing a fact."""
    with db.session.no_autoflush:  # (what is pending is flushed with the batch)
        part = db.session.get(Part, data["part_id"])
        if part is None:
            raise field_error("part_id", "No such part.")
        if data["quantity"] == 0:
            raise field_error("quantity", "Must not be zero.")
        device = _device_of(wo, data.get("device_id"))
    location = (van or van_of(actor)) if actor.role == "engineer" else None
    usage = PartUsage(
        id=_new_id(PartUsage, data.get("id"), id_checked=id_checked),
        work_order=wo,
        part=part,
        quantity=data["quantity"],
        location_id=location.id if location else None,
        device_id=device.id if device else None,
        serial_out=data.get("serial_out", ""),
        serial_in=data.get("serial_in", ""),
        actor_id=actor.id,
        device_at=occurred_at,
    )
    db.session.add(usage)
    if location is None:
        return usage, None
    movement = StockMovement(
        location_id=location.id,
        part_id=part.id,
        quantity=-data["quantity"],
        kind="used",
        work_order_id=wo.id,
        part_usage=usage,
        actor_id=actor.id,
        device_at=occurred_at,
    )
    db.session.add(movement)
    return usage, movement


def judge_answer(item: dict[str, Any], value: Any) -> bool | None:
    """Whether an answer meets its checklist item: pass/fail passed, a number within its
    range, a required text or photo given. None when the item sets no rule."""
    kind = item.get("type")
    if kind == "pass_fail":
        if not isinstance(value, bool):
            raise field_error("value", "Answer pass (true) or fail (false).")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise field_error("value", "Must be a number.")
        low, high = item.get("min"), item.get("max")
        if low is None and high is None:
            return None
        return (low is None or value >= low) and (high is None or value <= high)
    if kind in ("text", "photo"):
        if value is not None and not isinstance(value, str):
            raise field_error("value", "Must be text.")
        return bool(value) if item.get("required") else None
    raise field_error("item_key", f"Unknown item type {kind!r}.")


def add_inspection_result(
    wo: WorkOrder,
    data: dict[str, Any],
    actor: User,
    *,
    occurred_at: datetime | None = None,
    id_checked: bool = False,
) -> InspectionResult:
    template = db.session.get(ChecklistTemplate, data["template_id"])
    if template is None:
        raise field_error("template_id", "No such checklist template.")
    item = next((i for i in template.items if i.get("key") == data["item_key"]), None)
    if item is None:
        raise field_error("item_key", "The template has no such item.")
    device = _device_of(wo, data.get("device_id"))
    result = InspectionResult(
        id=_new_id(InspectionResult, data.get("id"), id_checked=id_checked),
        work_order_id=wo.id,
        template_id=template.id,
        item_key=data["item_key"],
        device_id=device.id if device else None,
        value=data.get("value"),
        is_ok=judge_answer(item, data.get("value")),
        note=data.get("note", ""),
        actor_id=actor.id,
        device_at=occurred_at,
    )
    db.session.add(result)
    return result


def issue_loaner(
    wo: WorkOrder,
    data: dict[str, Any],
    actor: User,
    *,
    occurred_at: datetime | None = None,
    id_checked: bool = False,
) -> Loaner:
    """Lend a unit (备用机) on ``wo``; ``occurred_at`` (the device's clock) is when."""
    description = data.get("description", "").strip()
    if not description:
        raise field_error("description", "Say which unit is lent.")
    loaner = Loaner(
        id=_new_id(Loaner, data.get("id"), id_checked=id_checked),
        work_order_id=wo.id,
        description=description,
        serial=data.get("serial", "").strip(),
        issued_at=occurred_at or utcnow(),
        issued_by_id=actor.id,
        due_back_on=data.get("due_back_on"),
    )
    db.session.add(loaner)
    return loaner


def return_loaner(
    loaner: Loaner,
    actor: User,
    *,
    condition_note: str = "",
    occurred_at: datetime | None = None,
) -> bool:
    """Take a loaner back. Only the first return counts: False (nothing changed) when it
    was returned already."""
    if loaner.returned_at is not None:
        return False
    loaner.returned_at = occurred_at or utcnow()
    loaner.returned_by_id = actor.id
    loaner.condition_note = condition_note
    return True


def add_paid_work_consent(
    wo: WorkOrder,
    data: dict[str, Any],
    actor: User,
    *,
    occurred_at: datetime | None = None,
    id_checked: bool = False,
) -> PaidWorkConsent:
    """The customer agreed to the estimate of paid work; the newest consent counts."""
    if not data.get("signer_name", "").strip():
        raise field_error("signer_name", "Who agreed?")
    consent = PaidWorkConsent(
        id=_new_id(PaidWorkConsent, data.get("id"), id_checked=id_checked),
        work_order_id=wo.id,
        amount_cents=data["amount_cents"],
        lines=data.get("lines", []),
        signer_name=data["signer_name"].strip(),
        consented_at=occurred_at or utcnow(),
        created_by_id=actor.id,
    )
    db.session.add(consent)
    return consent
