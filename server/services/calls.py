"""The hotline log (热线/来电记录): log a call with its outcome, creating the work order a
remote session or a visit needs (through the one registration service) or attaching the
call to an open order of the customer; list and filter calls. Office roles only (the API
asks server.services.access.HOTLINE_ROLES)."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, or_
from sqlalchemy.orm import selectinload

from server.domain import hotline
from server.domain import work_order_flow as flow
from server.errors import field_error
from server.extensions import db
from server.models import Call, Customer, Device, User, WorkOrder
from server.models.base import utcnow
from server.services import rule_facts
from server.services import work_orders as work_order_service
from server.services.numbers import next_value


def log_call(data: dict[str, Any], actor: User) -> Call:
    """Record a call. ``remote_session`` and ``visit_needed`` need a work order: the open
    one named by ``work_order_id``, else a new one registered from the call (its site is
    the device's, or ``site_id``). A remote session means phone support failed: the
    order's remote SLA clock starts (the ``escalate`` step) when its status allows."""
    data = dict(data)
    now = utcnow()
    received_at: datetime = data.pop("received_at", None) or now
    if received_at > now:
        raise field_error("received_at", "Must not be in the future.")
    outcome = data["outcome"]
    duty_engineer = _duty_engineer(data.pop("duty_engineer_id", None) or actor.id)
    device = _device(data.get("device_id"))
    customer_id = _customer_id(data.get("customer_id"), device)
    site_id = data.pop("site_id", None)
    severity = data.pop("severity", None)
    order_id = data.pop("work_order_id", None)

    order, link = None, None
    if order_id is not None:
        order, link = _open_order(order_id, outcome, customer_id), "attached"
        customer_id = order.customer_id
    elif hotline.needs_work_order(outcome):
        if customer_id is None:
            raise field_error("customer_id", "A remote session or a visit needs the customer.")
        order = _register_order(data, customer_id, device, site_id, severity, received_at, actor)
        link = "created"
    elif site_id is not None or severity is not None:
        field = "site_id" if site_id is not None else "severity"
        raise field_error(field, "Only for a call that registers a work order.")

    call = Call(
        **{**data, "customer_id": customer_id},
        number=f"RX-{now.year}-{next_value(f'call:{now.year}'):06d}",
        received_at=received_at,
        duty_engineer=duty_engineer,
        work_order=order,
        order_link=link,
        recorded_by_id=actor.id,
    )
    db.session.add(call)
    if order is not None and outcome == "remote_session":
        _phone_support_failed(order, call, actor)
    db.session.flush()
    return call


def _duty_engineer(user_id: uuid.UUID) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise field_error("duty_engineer_id", "Must be an active user.")
    return user


def _device(device_id: uuid.UUID | None) -> Device | None:
    if device_id is None:
        return None
    device = db.session.get(Device, device_id)
    if device is None:
        raise field_error("device_id", "No such device.")
    return device


def _customer_id(customer_id: uuid.UUID | None, device: Device | None) -> uuid.UUID | None:
    """The customer named, or the device's; a device must be the customer's."""
    if customer_id is not None and db.session.get(Customer, customer_id) is None:
        raise field_error("customer_id", "No such customer.")
    if device is None:
        return customer_id
    owner = device.system.site.customer_id
    if customer_id is not None and owner != customer_id:
        raise field_error("device_id", "Must be a device of the customer.")
    return owner


def _open_order(order_id: uuid.UUID, outcome: str, customer_id: uuid.UUID | None) -> WorkOrder:
    if not hotline.may_attach(outcome):
        raise field_error("work_order_id", "A call that is not ours is attached to no order.")
    order = db.session.get(WorkOrder, order_id)
    if (
        order is None
        or not flow.is_open(order.status)
        or (customer_id is not None and order.customer_id != customer_id)
    ):
        raise field_error(
            "work_order_id",
            "Must be an open work order of the customer.",
            key="errors.call.orderNotOpen",
        )
    return order


def _register_order(
    data: dict[str, Any],
    customer_id: uuid.UUID,
    device: Device | None,
    site_id: uuid.UUID | None,
    severity: int | None,
    received_at: datetime,
    actor: User,
) -> WorkOrder:
    """A repair registered from the call: the caller reports it, what was said is the
    symptom, the response clock starts when the call came in."""
    if device is not None:
        if site_id is not None and site_id != device.system.site_id:
            raise field_error("site_id", "Must be the device's site.")
        site_id = device.system.site_id
    if site_id is None:
        raise field_error("site_id", "Name the site (or the device) the visit is for.")
    order = {
        "customer_id": customer_id,
        "site_id": site_id,
        "type": "repair",
        "channel": data.get("channel", "phone"),
        "reporter_name": data.get("caller_name", ""),
        "reporter_phone": data.get("caller_phone", ""),
        "symptom": data["summary"],
        "reported_at": received_at,
    }
    if device is not None:
        order.update(system_id=device.system_id, device_ids=[device.id])
    if severity is not None:
        order["severity"] = severity
    return work_order_service.create_work_order(order, actor)


def _phone_support_failed(order: WorkOrder, call: Call, actor: User) -> None:
    """Start the order's remote clock, if its status still allows the step (an order on
    site or in a remote session already has its own)."""
    if "escalate" in flow.allowed_actions(order.status, work_order_service.actor_kind(actor)):
        work_order_service.apply_action(
            order, {"action": "escalate", "note": call.number, "data": {"call": call.number}}, actor
        )


def filter_calls(query: Select, args: dict[str, Any]) -> Select:
    """Apply the list filters of CallListArgs (outcome, channel, customer, device, duty
    engineer, work order, received from/to as local dates, search ``q``), newest first."""
    for key in ("outcome", "channel", "customer_id", "device_id", "duty_engineer_id"):
        if args.get(key) is not None:
            query = query.where(getattr(Call, key) == args[key])
    if args.get("work_order_id") is not None:
        query = query.where(Call.work_order_id == args["work_order_id"])
    zone = rule_facts.organisation_timezone()
    if args.get("first_on") is not None:
        query = query.where(Call.received_at >= datetime.combine(args["first_on"], time(0), zone))
    if args.get("last_on") is not None:
        end = datetime.combine(args["last_on"] + timedelta(days=1), time(0), zone)
        query = query.where(Call.received_at < end)
    if args.get("q"):
        like = f"%{args['q']}%"
        query = query.where(
            or_(
                Call.number.ilike(like),
                Call.caller_name.ilike(like),
                Call.caller_phone.ilike(like),
                Call.summary.ilike(like),
            )
        )
    return query.order_by(Call.received_at.desc(), Call.number.desc()).options(
        selectinload(Call.customer),
        selectinload(Call.device),
        selectinload(Call.duty_engineer),
        selectinload(Call.work_order),
    )
