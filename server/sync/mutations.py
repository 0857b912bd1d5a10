"""The mutations a phone may push, each re-run on the server through the same services
as the REST API, so a change made offline and one made online follow the same rules.

A handler returns an ``Outcome``; an expected refusal raises ``Rejected`` (field errors,
kept on the server and reported to the phone). The names are shared with the webapp.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError
from sqlalchemy import inspect, select

from server.domain.work_order_flow import (
    ENGINEER_FIELDS,
    FINAL_STATUSES,
    MUTATIONS,
    InvalidTransition,
    transition,
)
from server.errors import AppError
from server.extensions import db
from server.models import (
    Attachment,
    Device,
    InspectionResult,
    Loaner,
    PaidWorkConsent,
    PartUsage,
    Signature,
    StockLocation,
    SyncConflict,
    SyncMutation,
    User,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderNote,
)
from server.services import access, attachments, field_records, replacements
from server.services import work_orders as work_order_service
from server.services.numbers import NumberBlock
from server.sync import protocol
from server.sync.merge import merge_fields
from server.sync.records import wire_value

#: The merge policy of every work-order field a device may change (declared in the domain).
WORK_ORDER_FIELD_POLICIES = ENGINEER_FIELDS
STATE_MACHINE = "state_machine"


class Rejected(Exception):
    """The mutation cannot be applied; nothing it did is kept."""

    def __init__(
        self,
        message: str,
        key: str,
        errors: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.key = key
        self.errors = errors or {}
        #: More fields of the answer (e.g. refused_mutation_id).
        self.extra = extra or {}


class Late(Exception):
    """The work order was closed, cancelled or reassigned before this change reached the
    server: the change is kept as a late contribution (server.sync.late), not applied."""

    def __init__(
        self,
        wo: WorkOrder,
        reason: str,
        reassigned_to: User | None = None,
        changed_at: datetime | None = None,
    ) -> None:
        super().__init__(reason)
        self.wo = wo
        self.reason = reason
        self.reassigned_to = reassigned_to
        self.changed_at = changed_at


@dataclass
class Context:
    user: User
    client_id: uuid.UUID
    mutation_id: uuid.UUID
    occurred_at: datetime
    #: Work orders this batch has locked already (the batch holds them to its end).
    locked: dict[uuid.UUID, WorkOrder] = field(default_factory=dict)
    #: The record ids (per table) that exist: checked for the whole batch in one query per
    #: table, and kept up to date as the batch creates records.
    existing_ids: dict[str, set[uuid.UUID]] = field(default_factory=dict)
    #: Work-order numbers taken ahead for the batch's creates (one statement for all).
    numbers: NumberBlock | None = None
    #: A supervisor accepting a late contribution: the change applies although the order
    #: is closed or assigned to someone else (a step that no longer fits is history only).
    accepting_late: bool = False
    #: Work orders whose registration (work_order.create) this batch refused: order id →
    #: the refused mutation's id (earlier batches are looked up when an order is missing).
    refused_creates: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    #: The engineers' vans this batch looked up (engineer id → van): a batch booking
    #: twenty parts reads the van once.
    vans: dict[uuid.UUID, StockLocation] = field(default_factory=dict)


@dataclass
class Outcome:
    status: str  # applied / merged / conflict / late
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    #: Rows written: (entity, row) — answered with their versions so the phone can skip
    #: pulling back its own changes.
    rows: list[Any] = field(default_factory=list)
    #: A late contribution: what the phone is told (server.sync.late.told).
    late: dict[str, Any] | None = None


_SCHEMAS: dict[type[Schema], Schema] = {}


def _load(schema: type[Schema], args: dict[str, Any]) -> dict[str, Any]:
    instance = _SCHEMAS.get(schema)
    if instance is None:
        instance = _SCHEMAS[schema] = schema()
    try:
        return instance.load(args)
    except ValidationError as exc:
        raise Rejected("Invalid arguments.", "errors.validation", {"args": exc.messages}) from None


def _work_order_for_write(ctx: Context, work_order_id: uuid.UUID) -> WorkOrder:
    """The work order if this user may change it now (engineers: assigned to them)."""
    wo = ctx.locked.get(work_order_id)
    if wo is None:
        wo = db.session.get(WorkOrder, work_order_id, with_for_update=True)
        if wo is not None:
            ctx.locked[work_order_id] = wo
    if wo is None:
        refused = _refused_create(ctx, work_order_id)
        if refused is not None:
            raise Rejected(
                "The work order this change belongs to was refused when it was registered: "
                "this change is kept for the office with it.",
                "errors.sync.orderRefused",
                {"args": {"id": ["Its work order's registration was refused."]}},
                extra={"refused_mutation_id": str(refused)},
            )
        raise Rejected("No such work order.", "errors.notFound", {"args": {"id": ["Not found."]}})
    if ctx.accepting_late:
        return wo
    if wo.status in FINAL_STATUSES:
        raise Late(wo, wo.status, changed_at=_last_event_at(wo, (wo.status,)))
    if not ctx.user.is_office and wo.assigned_engineer_id != ctx.user.id:
        if _was_assigned_to(wo, ctx.user):
            raise Late(
                wo,
                "reassigned",
                reassigned_to=wo.assigned_engineer,
                changed_at=_last_event_at(wo, ("assigned", "unassigned")),
            )
        raise Rejected(
            "The work order is no longer assigned to you.",
            "errors.sync.notYourWorkOrder",
            {"args": {"id": ["Not assigned to you."]}},
        )
    return wo


def _refused_create(ctx: Context, work_order_id: uuid.UUID) -> uuid.UUID | None:
    """The refused work_order.create of this user that would have made this order."""
    if work_order_id in ctx.refused_creates:
        return ctx.refused_creates[work_order_id]
    refused = db.session.scalars(
        select(SyncMutation).where(
            SyncMutation.user_id == ctx.user.id,
            SyncMutation.name == "work_order.create",
            SyncMutation.status == "rejected",
        )
    )
    wanted = str(work_order_id)
    return next((m.id for m in refused if (m.args or {}).get("id") == wanted), None)


def _was_assigned_to(wo: WorkOrder, user: User) -> bool:
    """Whether the order was once this engineer's (assigned to him, or his own creation)."""
    return wo.created_by_id == user.id or any(
        e.kind == "assigned" and (e.data or {}).get("engineer_id") == str(user.id)
        for e in wo.events
    )


def _last_event_at(wo: WorkOrder, kinds: tuple[str, ...]) -> datetime | None:
    times = [e.server_at for e in wo.events if e.kind in kinds]
    return max(times) if times else None


def _conflict_row(ctx: Context, entity: str, entity_id: uuid.UUID, **values: Any) -> SyncConflict:
    row = SyncConflict(
        id=uuid.uuid4(),  # answered at once, before the batch's one flush
        entity=entity,
        entity_id=entity_id,
        mutation_id=ctx.mutation_id,
        client_id=ctx.client_id,
        user_id=ctx.user.id,
        device_at=ctx.occurred_at,
        **values,
    )
    db.session.add(row)
    return row


def _conflict_dict(row: SyncConflict) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "entity": row.entity,
        "entity_id": str(row.entity_id),
        "field": row.field,
        "policy": row.policy,
        "winner": row.winner,
        "base_value": row.base_value,
        "server_value": row.server_value,
        "device_value": row.device_value,
    }


def _services(call: Callable[[], Any]) -> Any:
    """Run a service; its expected errors become a rejection naming the fields."""
    try:
        return call()
    except AppError as exc:
        errors = exc.errors or {}
        raise Rejected(
            exc.description or "Refused.", exc.key, {"args": errors.get("json", errors)}
        ) from None


def work_order_create(ctx: Context, args: dict[str, Any]) -> Outcome:
    data = _load(protocol.WorkOrderCreateArgs, args)
    known = data["id"] in ctx.existing_ids.get(WorkOrder.__tablename__, ())
    existing = db.session.get(WorkOrder, data["id"]) if known else None
    if existing is not None:
        # Sent before under another mutation id (a reinstalled app): same record, no copy.
        if existing.created_by_id == ctx.user.id:
            return Outcome("merged", rows=[existing])
        raise _id_taken()
    wo = _services(
        lambda: work_order_service.create_work_order(
            data, ctx.user, occurred_at=ctx.occurred_at, id_checked=True, numbers=ctx.numbers
        )
    )
    return Outcome("applied", rows=[wo, *wo.events])


def work_order_update(ctx: Context, args: dict[str, Any]) -> Outcome:
    data = _load(protocol.WorkOrderUpdateArgs, args)
    base, changes = data["base"], data["changes"]
    missing = sorted(set(changes) - set(base))
    if missing:
        raise Rejected(
            "Every changed field needs the value it was changed from.",
            "errors.sync.baseMissing",
            {"args": {"base": {name: ["Missing."] for name in missing}}},
        )
    wo = _work_order_for_write(ctx, data["id"])
    current = {name: getattr(wo, name) for name in changes}
    merged = merge_fields(current, base, changes, WORK_ORDER_FIELD_POLICIES)
    conflicts = [
        _conflict_row(
            ctx,
            "work_orders",
            wo.id,
            field=c.field,
            policy=c.policy,
            winner=c.winner,
            base_value=wire_value(c.base_value),
            server_value=wire_value(c.server_value),
            device_value=wire_value(c.device_value),
        )
        for c in merged.conflicts
    ]
    if merged.writes:
        _services(
            lambda: work_order_service.update_work_order(
                wo,
                merged.writes,
                ctx.user,
                occurred_at=ctx.occurred_at,
                amending_closed=ctx.accepting_late,
            )
        )
    return Outcome(merged.status, [_conflict_dict(c) for c in conflicts], [wo, *conflicts])


def work_order_transition(ctx: Context, args: dict[str, Any]) -> Outcome:
    data = _load(protocol.WorkOrderTransitionArgs, args)
    wo = _work_order_for_write(ctx, data["id"])
    events = ctx.existing_ids.setdefault(WorkOrderEvent.__tablename__, set())
    if data["event_id"] in events:  # known up front for the batch, kept current below
        return Outcome("merged", rows=[wo])
    try:
        step = transition(wo.status, data["action"])
    except InvalidTransition:
        step = None
    if ctx.accepting_late:
        # Accepted late: the step happened (the history and the SLA clocks count it), but
        # the order has moved on, so its status stays where the office left it.
        event = work_order_service.record_late_step(wo, data, ctx.user, ctx.occurred_at)
        events.add(event.id)
        return Outcome("applied", rows=[wo, event])
    if step is None:
        # The office moved the order meanwhile (cancelled, reassigned ...): the server's
        # status stands; the device's step is kept as a conflict for the office.
        conflict = _conflict_row(
            ctx,
            "work_orders",
            wo.id,
            field="status",
            policy=STATE_MACHINE,
            winner="server",
            base_value=None,
            server_value=wo.status,
            device_value={"action": data["action"], "note": data["note"], "data": data["data"]},
        )
        return Outcome("conflict", [_conflict_dict(conflict)], [conflict])
    _services(
        lambda: work_order_service.apply_action(
            wo, {**data, "occurred_at": ctx.occurred_at}, ctx.user
        )
    )
    events.add(data["event_id"])
    event = next(e for e in reversed(wo.events) if e.id == data["event_id"])
    return Outcome("applied", rows=[wo, event])


def _child(ctx: Context, schema: type[Schema], args: dict[str, Any], model: Any):
    data = _load(schema, args)
    if data["id"] in ctx.existing_ids.get(model.__tablename__, ()):
        existing = db.session.get(model, data["id"])
    else:
        existing = None
    wo = _work_order_for_write(ctx, data["work_order_id"])
    return data, wo, existing


def _id_taken() -> Rejected:
    return Rejected("The id is taken.", "errors.alreadyExists", {"args": {"id": ["Taken."]}})


def _same_record(existing: Any, wo: WorkOrder | None) -> None:
    """A record id sent again is "merged" only for the same record of the same work order
    (which the caller may write): another's id is refused, and its record is not sent."""
    if wo is None or getattr(existing, "work_order_id", None) != wo.id:
        raise _id_taken()


def _append(
    ctx: Context,
    args: dict[str, Any],
    schema: type[Schema],
    model: Any,
    create: Callable[[dict[str, Any], WorkOrder], list[Any]],
) -> Outcome:
    """An append-only record on a work order: "merged" if its id exists, else created
    through ``create`` (a service call returning the rows it wrote)."""
    data, wo, existing = _child(ctx, schema, args, model)
    if existing is not None:
        _same_record(existing, wo)
        return Outcome("merged", rows=[existing])
    return Outcome("applied", rows=_services(lambda: create(data, wo)))


def note_add(ctx: Context, args: dict[str, Any]) -> Outcome:
    def create(data, wo):
        note = field_records.add_note(
            wo,
            data["text"],
            ctx.user,
            occurred_at=ctx.occurred_at,
            id_=data["id"],
            id_checked=True,
        )
        return [note]

    return _append(ctx, args, protocol.NoteAddArgs, WorkOrderNote, create)


def part_usage_add(ctx: Context, args: dict[str, Any]) -> Outcome:
    def create(data, wo):
        van = ctx.vans.get(ctx.user.id)
        # (one created by a mutation of this batch that was then rolled back is gone)
        if ctx.user.role == "engineer" and (van is None or not inspect(van).persistent):
            van = ctx.vans[ctx.user.id] = field_records.van_of(ctx.user)
        usage, movement = field_records.add_part_usage(
            wo, data, ctx.user, occurred_at=ctx.occurred_at, id_checked=True, van=van
        )
        return [usage] if movement is None else [usage, movement]

    return _append(ctx, args, protocol.PartUsageAddArgs, PartUsage, create)


def inspection_result_add(ctx: Context, args: dict[str, Any]) -> Outcome:
    def create(data, wo):
        return [
            field_records.add_inspection_result(
                wo, data, ctx.user, occurred_at=ctx.occurred_at, id_checked=True
            )
        ]

    return _append(ctx, args, protocol.InspectionResultAddArgs, InspectionResult, create)


def _may_name_blob(ctx: Context, sha256: str) -> None:
    """A photo or a signature may name a blob not stored yet (its upload binds it to the
    record's author) or one the user may read; never one uploaded by someone else that he
    cannot see (that would let him read it through his record)."""
    with db.session.no_autoflush:
        allowed = access.may_name_blob(ctx.user, sha256)
    if not allowed:
        raise Rejected(
            "This image was uploaded by someone else: upload it from this phone.",
            "errors.blob.notYours",
            {"args": {"sha256": ["Not an image you uploaded or may see."]}},
        )


def attachment_add(ctx: Context, args: dict[str, Any]) -> Outcome:
    data = _load(protocol.AttachmentAddArgs, args)
    work_order_id = data.get("work_order_id")
    if work_order_id is None and data.get("inspection_result_id") is not None:
        result = db.session.get(InspectionResult, data["inspection_result_id"])
        if result is None:
            raise Rejected(
                "No such checklist answer.",
                "errors.notFound",
                {"args": {"inspection_result_id": ["Not found."]}},
            )
        work_order_id = result.work_order_id
    wo = _work_order_for_write(ctx, work_order_id) if work_order_id is not None else None
    existing = db.session.get(Attachment, data["id"])
    if existing is not None:
        if wo is not None:
            _same_record(existing, wo)
        elif existing.work_order_id is not None or existing.device_id != data.get("device_id"):
            raise _id_taken()
        return Outcome("merged", rows=[existing])
    _may_name_blob(ctx, data["sha256"])
    attachment = _services(
        lambda: attachments.add_attachment(data, ctx.user, wo=wo, occurred_at=ctx.occurred_at)
    )
    return Outcome("applied", rows=[attachment])


def signature_add(ctx: Context, args: dict[str, Any]) -> Outcome:
    def create(data, wo):
        _may_name_blob(ctx, data["sha256"])
        return [attachments.add_signature(wo, data, ctx.user, occurred_at=ctx.occurred_at)]

    return _append(ctx, args, protocol.SignatureAddArgs, Signature, create)


def loaner_issue(ctx: Context, args: dict[str, Any]) -> Outcome:
    def create(data, wo):
        return [
            field_records.issue_loaner(
                wo, data, ctx.user, occurred_at=ctx.occurred_at, id_checked=True
            )
        ]

    return _append(ctx, args, protocol.LoanerIssueArgs, Loaner, create)


def loaner_return(ctx: Context, args: dict[str, Any]) -> Outcome:
    """State machine out -> returned: the first return stands; a later one is "merged"
    and changes nothing (its condition note is kept with the stored mutation)."""
    data = _load(protocol.LoanerReturnArgs, args)
    loaner = db.session.get(Loaner, data["id"], with_for_update=True)
    if loaner is None:
        raise Rejected("No such loaner.", "errors.notFound", {"args": {"id": ["Not found."]}})
    _work_order_for_write(ctx, loaner.work_order_id)
    changed = _services(
        lambda: field_records.return_loaner(
            loaner, ctx.user, condition_note=data["condition_note"], occurred_at=ctx.occurred_at
        )
    )
    return Outcome("applied" if changed else "merged", rows=[loaner])


def paid_work_consent_add(ctx: Context, args: dict[str, Any]) -> Outcome:
    def create(data, wo):
        return [
            field_records.add_paid_work_consent(
                wo, data, ctx.user, occurred_at=ctx.occurred_at, id_checked=True
            )
        ]

    return _append(ctx, args, protocol.PaidWorkConsentAddArgs, PaidWorkConsent, create)


def device_replace(ctx: Context, args: dict[str, Any]) -> Outcome:
    """A swap recorded on site: the new unit (its id from the phone) replaces the old one."""
    data = _load(protocol.DeviceReplaceArgs, args)
    wo = _work_order_for_write(ctx, data["work_order_id"])
    if data["id"] in ctx.existing_ids.get(Device.__tablename__, ()):
        existing = db.session.get(Device, data["id"])
        if existing.system.site_id != wo.site_id:
            raise _id_taken()
        return Outcome("merged", rows=[existing])
    old = db.session.get(Device, data["old_device_id"])
    if old is None or not access.may_record_on_device(wo, old):
        raise Rejected(
            "The replaced unit must be at the work order's site (one the order names, "
            "until the office confirms the order).",
            "errors.validation",
            {"args": {"old_device_id": ["Not a device of the work order's site it may name."]}},
        )
    new = _services(
        lambda: replacements.replace_device(
            old, data, ctx.user, work_order=wo, occurred_at=ctx.occurred_at
        )
    )
    events = [e for e in wo.events if e.kind == "device_replaced"][-1:]
    return Outcome("applied", rows=[new, old, wo, *events])


#: Append-only mutations and the model their ``id`` argument creates a row of (the
#: domain declares the names and tables: server.domain.work_order_flow.MUTATIONS).
_APPENDED = (
    WorkOrder,
    Device,
    WorkOrderNote,
    PartUsage,
    InspectionResult,
    Attachment,
    Signature,
    Loaner,
    PaidWorkConsent,
)
APPEND_ONLY: dict[str, Any] = {
    name: next(model for model in _APPENDED if model.__tablename__ == table)
    for name, table in MUTATIONS.items()
    if table is not None
}

#: Mutation name → handler. The webapp's outbox uses the same names.
HANDLERS: dict[str, Callable[[Context, dict[str, Any]], Outcome]] = {
    "work_order.create": work_order_create,
    "work_order.update": work_order_update,
    "work_order.transition": work_order_transition,
    "work_order_note.add": note_add,
    "part_usage.add": part_usage_add,
    "inspection_result.add": inspection_result_add,
    "attachment.add": attachment_add,
    "signature.add": signature_add,
    "loaner.issue": loaner_issue,
    "loaner.return": loaner_return,
    "paid_work_consent.add": paid_work_consent_add,
    "device.replace": device_replace,
}
