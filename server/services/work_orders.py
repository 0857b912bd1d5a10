"""Work order use cases: register, edit, move through the flow, each with its event."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm.attributes import set_committed_value

from server.domain import work_order_flow as flow
from server.domain.dates import format_instant
from server.errors import Conflict, Forbidden, ValidationFailed, field_error
from server.extensions import db
from server.models import (
    Contract,
    Customer,
    Device,
    ProgressLink,
    Site,
    System,
    User,
    WorkOrder,
    WorkOrderEvent,
    work_order_devices,
)
from server.models.base import utcnow
from server.services import access, completion, rule_facts
from server.services.numbers import NumberBlock, next_value
from server.services.registry import check_references

#: Fields an engineer may change on his own work order (the rest is the office's): those
#: declared in server.domain.work_order_flow.
ENGINEER_FIELDS = frozenset({*flow.ENGINEER_FIELDS, *flow.ENGINEER_REST_FIELDS})


def number_counter(now: datetime) -> str:
    """The counter work orders registered at ``now`` are numbered from (one per year)."""
    return f"work_order:{now.year}"


def new_number(now: datetime, block: NumberBlock | None = None) -> str:
    counter = number_counter(now)
    value = block.next(counter) if block is not None else next_value(counter)
    return f"WO-{now.year}-{value:06d}"


def record_event(
    wo: WorkOrder,
    kind: str,
    actor: User | None,
    *,
    occurred_at: datetime | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    event_id: uuid.UUID | None = None,
) -> WorkOrderEvent:
    """Append an event. ``occurred_at`` is the device's clock: only phones send it.
    ``event_id`` is the id a phone gave the event offline."""
    event = WorkOrderEvent(
        id=event_id or uuid.uuid4(),
        work_order=wo,
        kind=kind,
        origin="device" if occurred_at is not None else "office",
        device_at=occurred_at,
        server_at=utcnow(),
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    db.session.add(event)
    return event


def _devices(ids: list[uuid.UUID], site_id: uuid.UUID) -> list[Device]:
    if not ids:
        return []
    rows = db.session.scalars(
        select(Device).join(System).where(Device.id.in_(ids), System.site_id == site_id)
    ).all()
    if len(rows) != len(set(ids)):
        raise field_error("device_ids", "Every device must exist and be at the work order's site.")
    return list(rows)


def _check_consistency(data: dict[str, Any], wo: WorkOrder | None) -> Site:
    """The site belongs to the customer; system and contract fit the site. Returns the
    site."""
    customer_id = data.get("customer_id", wo.customer_id if wo else None)
    site_id = data.get("site_id", wo.site_id if wo else None)
    site = db.session.get(Site, site_id)
    if site is None or site.customer_id != customer_id:
        raise field_error("site_id", "The site must belong to the customer.")
    system_id = data.get("system_id")
    if system_id is not None:
        system = db.session.get(System, system_id)
        if system is None or system.site_id != site_id:
            raise field_error("system_id", "The system must be at the work order's site.")
    contract_id = data.get("contract_id")
    if contract_id is not None:
        contract = db.session.get(Contract, contract_id)
        if contract is None or contract.customer_id != customer_id:
            raise field_error("contract_id", "The contract must be the customer's.")
    return site


def _check_engineer(user_id: uuid.UUID | None) -> User | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.role != "engineer" or not user.is_active:
        raise field_error("engineer_id", "Must be an active engineer.", key="errors.notAnEngineer")
    return user


def create_work_order(
    data: dict[str, Any],
    actor: User | None,
    *,
    occurred_at: datetime | None = None,
    id_checked: bool = False,
    numbers: NumberBlock | None = None,
) -> WorkOrder:
    """Register a request: number it, record 'registered' (and 'assigned' if given).

    An engineer registering one on site (from his phone, ``occurred_at`` its clock) takes
    it himself: it is assigned to him and accepted at once. Without an actor (a customer
    reporting through the QR label page) the request waits in intake, created by nobody.
    A caller that checked the id is free (sync, for a whole batch at once) says
    ``id_checked``, and may pass the ``numbers`` it took for the batch. The order's
    relationships are set, so a caller can follow them before
    anything is flushed."""
    data = dict(data)
    by_engineer = actor is not None and actor.role == "engineer"
    if data.get("id") and not id_checked and db.session.get(WorkOrder, data["id"]) is not None:
        raise Conflict("A work order with this id exists.", key="errors.workOrder.exists")
    check_references(WorkOrder, {k: v for k, v in data.items() if k != "id"})
    site = _check_consistency(data, None)
    engineer_id = data.pop("assigned_engineer_id", None)
    if by_engineer:
        engineer_id = actor.id
    try:
        engineer = _check_engineer(engineer_id)
    except ValidationFailed:
        raise field_error("assigned_engineer_id", "Must be an active engineer.") from None
    now = utcnow()
    device_ids = data.pop("device_ids", [])
    wo = WorkOrder(**data)
    wo.id = wo.id or uuid.uuid4()
    # Held by the new order (the session's identity map holds rows only weakly): the next
    # order of the batch finds them without a query.
    wo.site, wo.customer = site, site.customer
    if wo.system_id is not None:
        wo.system = db.session.get(System, wo.system_id)
    if wo.contract_id is not None:
        wo.contract = db.session.get(Contract, wo.contract_id)
    if data.get("reported_at") is not None:
        if data["reported_at"] > now:  # the office typed a time to come
            raise field_error("reported_at", "Must not be in the future.")
        wo.reported_at = data["reported_at"]
    else:
        # A phone's clock may run ahead: the request came in no later than the server
        # received it. The device's own time stays on the registered event (device_at),
        # where the review flags the gap.
        wo.reported_at = min(occurred_at, now) if occurred_at is not None else now
    wo.number = new_number(now, numbers)
    wo.status = "new"
    wo.created_by = actor
    if device_ids:
        wo.devices = _devices(device_ids, data["site_id"])
    else:  # known empty, without the events of setting a collection (nor a load later)
        set_committed_value(wo, "devices", [])
    db.session.add(wo)
    if not by_engineer:
        # The customer's page (services.progress), for a request the office or the QR page
        # registered; one an engineer opens on site gets its link when someone asks
        # (services.progress.link_for_customer, the office's "new link").
        db.session.add(ProgressLink(work_order=wo))
    record_event(
        wo,
        "registered",
        actor,
        occurred_at=occurred_at,
        to_status="new",
        data={"channel": wo.channel},
    )
    if by_engineer:
        # Outside the systems he serves, the order waits for the office to confirm it
        # (assign it): until then it opens to him only what the job needs.
        systems = {d.system_id for d in wo.devices} | ({wo.system_id} if wo.system_id else set())
        wo.confirmed = not access.widens_scope(actor, wo.site_id, systems)
        wo.assigned_engineer = actor
        wo.status = "accepted"
        record_event(
            wo,
            "accepted",
            actor,
            occurred_at=occurred_at,
            from_status="new",
            to_status="accepted",
            data={"engineer_id": str(actor.id)},
        )
    elif engineer is not None:
        _apply(wo, "assign", actor, engineer=engineer)
    return wo


def update_work_order(
    wo: WorkOrder,
    changes: dict[str, Any],
    actor: User,
    *,
    occurred_at: datetime | None = None,
    amending_closed: bool = False,
) -> WorkOrder:
    """Edit descriptive fields. An engineer edits only the on-site ones of his own order.
    ``occurred_at`` is the phone's clock for an edit made on the phone (the history keeps
    it, with origin "device", beside the server's time). ``amending_closed``: a supervisor
    accepted an engineer's late change to a closed order (server.sync.late)."""
    if actor.role == "engineer":
        forbidden = sorted(set(changes) - ENGINEER_FIELDS)
        if forbidden:
            raise Forbidden(
                "An engineer may not change these fields.",
                key="errors.workOrder.fieldForbidden",
                errors={"json": {f: ["Office only."] for f in forbidden}},
            )
    if not flow.is_open(wo.status) and wo.status != "completed" and not amending_closed:
        raise Conflict("The work order is closed.", key="errors.workOrder.closed")
    check_references(WorkOrder, changes)
    if changes.keys() & {"customer_id", "site_id", "system_id", "contract_id"}:
        _check_consistency({**changes}, wo)
    if changes.keys() & {"site_id", "system_id", "device_ids"}:
        access.scope_changed()
    if "exclusions" in changes:
        changes["exclusions"] = list(dict.fromkeys(changes["exclusions"]))
        contract_id = changes.get("contract_id", wo.contract_id)
        rule_facts.check_exclusions(wo, changes["exclusions"], contract_id)
    fields = sorted(changes)  # (device_ids too: a phone's pull reads it, server.sync.pull)
    if "device_ids" in changes:
        wo.devices = _devices(changes.pop("device_ids"), wo.site_id)
    for key, value in changes.items():
        setattr(wo, key, value)
    record_event(wo, "updated", actor, occurred_at=occurred_at, data={"fields": fields})
    return wo


def override_warranty(wo: WorkOrder, status: str, reason: str, actor: User) -> WorkOrder:
    """A supervisor's decision replaces the computed one (which stays visible beside it)."""
    computed = rule_facts.work_order_warranty(wo)["computed"]["status"]
    previous = wo.warranty_override
    wo.warranty_override = {
        "status": status,
        "reason": reason.strip(),
        "by_id": str(actor.id),
        "at": format_instant(utcnow()),
    }
    record_event(
        wo,
        "warranty_overridden",
        actor,
        note=reason.strip(),
        data={
            "computed_status": computed,
            "status": status,
            "previous_status": previous["status"] if previous else None,
        },
    )
    return wo


def remove_warranty_override(wo: WorkOrder, actor: User) -> WorkOrder:
    """Back to the computed decision; without an override there is nothing to record."""
    previous = wo.warranty_override
    if not previous:
        return wo
    computed = rule_facts.work_order_warranty(wo)["computed"]["status"]
    wo.warranty_override = None
    record_event(
        wo,
        "warranty_override_removed",
        actor,
        data={"computed_status": computed, "previous_status": previous["status"]},
    )
    return wo


def actor_kind(actor: User | None) -> str:
    """Who takes an action: an engineer on his phone, or the office (a person, or the
    scheduler acting for it with no user)."""
    return "engineer" if actor is not None and actor.role == "engineer" else "office"


def _apply(
    wo: WorkOrder,
    action: str,
    actor: User,
    *,
    engineer: User | None = None,
    note: str = "",
    occurred_at: datetime | None = None,
    data: dict[str, Any] | None = None,
    event_id: uuid.UUID | None = None,
) -> WorkOrderEvent:
    step = flow.transition(wo.status, action)
    if actor_kind(actor) not in step.by:
        raise Forbidden(
            f"Your role may not {action} a work order.", key="errors.workOrder.actionForbidden"
        )
    data = dict(data or {})
    if action == "assign":
        if engineer is None:
            raise field_error("engineer_id", "Whom to assign.")
        data["engineer_id"] = str(engineer.id)
        if wo.assigned_engineer_id:
            data["previous_engineer_id"] = str(wo.assigned_engineer_id)
        wo.assigned_engineer = engineer
        wo.confirmed = True  # the office chose who works on it: it opens what it references
        access.scope_changed()
    if action == "unassign":
        wo.assigned_engineer = None
        access.scope_changed()
    override = completion.check_guards(wo, step, data)
    if override is not None:
        data["override"] = override
        note = note or override["reason"]
    data.pop("override_reason", None)
    if step.event == "resolved":
        data["resolved_by"] = action
    previous = wo.status
    wo.status = flow.target_of(step, previous)
    if wo.status == "closed":
        wo.closed_at = utcnow()
    return record_event(
        wo,
        step.event,
        actor,
        occurred_at=occurred_at,
        from_status=previous,
        to_status=wo.status,
        note=note,
        data=data,
        event_id=event_id,
    )


def apply_action(wo: WorkOrder, args: dict[str, Any], actor: User) -> WorkOrder:
    """Move the work order by a named action (see server.domain.work_order_flow)."""
    action = args["action"]
    occurred_at = args.get("occurred_at")
    if occurred_at is not None and actor.role != "engineer":
        raise field_error("occurred_at", "Only an engineer's device reports its own time.")
    try:
        _apply(
            wo,
            action,
            actor,
            engineer=_check_engineer(args.get("engineer_id")),
            note=args.get("note", ""),
            occurred_at=occurred_at,
            data=args.get("data"),
            event_id=args.get("event_id"),
        )
    except flow.InvalidTransition as exc:
        raise Conflict(
            str(exc),
            key="errors.workOrder.invalidTransition",
            extra={"conflict": {"status": wo.status}},
        ) from None
    return wo


def record_late_step(
    wo: WorkOrder, args: dict[str, Any], actor: User, occurred_at: datetime | None
) -> WorkOrderEvent:
    """A step the engineer took offline on an order that moved on before it synced, accepted
    by a supervisor: its event goes into the history at the phone's time (the SLA clocks
    count it) and the status stays where the office left it."""
    step = flow.ACTIONS[args["action"]]
    return record_event(
        wo,
        step.event,
        actor,
        occurred_at=occurred_at,
        from_status=wo.status,
        to_status=wo.status,
        note=args.get("note", ""),
        data={**(args.get("data") or {}), "late": True, "action": step.name},
        event_id=args.get("event_id"),
    )


def filter_work_orders(query: Select, args: dict[str, Any]) -> Select:
    """Apply the list filters of WorkOrderListArgs."""
    if args.get("status"):
        query = query.where(WorkOrder.status.in_(args["status"]))
    for key, column in (
        ("customer_id", WorkOrder.customer_id),
        ("site_id", WorkOrder.site_id),
        ("engineer_id", WorkOrder.assigned_engineer_id),
        ("severity", WorkOrder.severity),
        ("type", WorkOrder.type),
    ):
        if args.get(key) is not None:
            query = query.where(column == args[key])
    if args.get("unassigned"):
        query = query.where(WorkOrder.assigned_engineer_id.is_(None))
    if args.get("serial"):
        query = query.where(
            WorkOrder.id.in_(
                select(work_order_devices.c.work_order_id)
                .join(Device, Device.id == work_order_devices.c.device_id)
                .where(Device.serial == args["serial"])
            )
        )
    if args.get("q"):
        like = f"%{args['q']}%"
        query = query.where(
            or_(
                WorkOrder.number.ilike(like),
                WorkOrder.symptom.ilike(like),
                WorkOrder.reporter_name.ilike(like),
                WorkOrder.customer.has(Customer.name.ilike(like)),
            )
        )
    query = query.order_by(WorkOrder.reported_at.desc())
    if args.get("sla"):
        # Runs the query and computes every candidate's clocks (see rule_facts.where_sla_state).
        query = rule_facts.where_sla_state(query, args["sla"])
    return query
