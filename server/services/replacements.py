"""Replacing a unit (换机): the faulty serial out, the new serial in, in the same system.

The engineer records the swap on site, offline (``device.replace``), or the office records
it (POST /devices/<id>/replace); the device import accepts the link too. The new unit is
created, or linked if a unit with that serial is already registered in the system, with
``installed_on`` the day of the swap; the old unit is marked ``replaced`` and points at the
new one (``replaced_by_id``), and the new one answers ``replaces`` (rule_facts.replaced_unit).
The contract's ``replacement_restarts_warranty`` then decides the new unit's warranty, and
the lemon rule reads the chain: an exchange for a repeated defect, then a refund."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from server.errors import Conflict, field_error
from server.extensions import db
from server.models import Device, User, WorkOrder
from server.models.base import utcnow
from server.services import rule_facts
from server.services.work_orders import record_event


def replace_device(
    old: Device,
    data: dict[str, Any],
    actor: User,
    *,
    work_order: WorkOrder | None = None,
    occurred_at: datetime | None = None,
) -> Device:
    """Record the swap of ``old`` for the unit ``data`` names ({id?, serial, model?,
    manufacturer?, swapped_on?}); returns the new unit."""
    if old.replaced_by_id is not None or old.status == "replaced":
        raise Conflict(f"{old.serial} was replaced already.", key="errors.device.alreadyReplaced")
    serial = (data.get("serial") or "").strip()
    if not serial:
        raise field_error("serial", "The new unit's serial.")
    if serial == old.serial:
        raise field_error("serial", "The new unit needs a serial of its own.")
    swapped_on: date = data.get("swapped_on") or rule_facts.local_date(occurred_at or utcnow())
    new = db.session.scalar(
        select(Device).where(Device.system_id == old.system_id, Device.serial == serial)
    )
    if new is None:
        if db.session.scalar(select(Device.id).where(Device.serial == serial)) is not None:
            raise field_error("serial", "A unit with this serial belongs to another system.")
        new = Device(
            id=data.get("id") or uuid.uuid4(),
            system_id=old.system_id,
            serial=serial,
            model=(data.get("model") or "").strip() or old.model,
            manufacturer=(data.get("manufacturer") or "").strip() or old.manufacturer,
            device_class=old.device_class,
            location=old.location,
            installed_on=swapped_on,
        )
        db.session.add(new)
    elif new.status != "in_service" or new.replaced_by_id is not None:
        raise field_error("serial", "That unit is itself out of service.")
    elif new.installed_on is None:
        new.installed_on = swapped_on
    old.replaced_by = new  # the relationship: the new row is written before the link
    old.status = "replaced"
    if work_order is not None:
        if new not in work_order.devices:
            work_order.devices.append(new)
        record_event(
            work_order,
            "device_replaced",
            actor,
            occurred_at=occurred_at,
            data={
                "old_device_id": str(old.id),
                "old_serial": old.serial,
                "new_device_id": str(new.id),
                "new_serial": new.serial,
                "swapped_on": swapped_on.isoformat(),
            },
        )
    db.session.flush()
    return new


def replaced_chain(device: Device) -> list[Device]:
    """The units before this one, newest first (the one it replaced, the one before ...)."""
    chain: list[Device] = []
    unit = rule_facts.replaced_unit(device)
    while unit is not None and unit not in chain:
        chain.append(unit)
        unit = rule_facts.replaced_unit(unit)
    return chain
