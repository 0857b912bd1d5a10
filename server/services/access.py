"""Who may see what: office roles see everything; an engineer sees his own work orders
and only what they reference. The one place REST reads and sync scope ask."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, or_, select

from server.errors import NotFound
from server.extensions import db
from server.models import (
    Attachment,
    Contract,
    Customer,
    Device,
    InspectionResult,
    Signature,
    Site,
    System,
    User,
    WorkOrder,
    contract_sites,
    work_order_devices,
)


def _my_orders(user: User) -> Select:
    return select(WorkOrder.id).where(WorkOrder.assigned_engineer_id == user.id)


def restrict(query: Select, model: Any, user: User) -> Select:
    """Limit a SELECT over ``model`` to the rows ``user`` may read."""
    if user.is_office:
        return query
    mine = WorkOrder.assigned_engineer_id == user.id
    if model is WorkOrder:
        return query.where(mine)
    if model is Customer:
        return query.where(Customer.id.in_(select(WorkOrder.customer_id).where(mine)))
    if model is Site:
        return query.where(Site.id.in_(select(WorkOrder.site_id).where(mine)))
    if model is Contract:
        my_sites = select(WorkOrder.site_id).where(mine)
        return query.where(
            or_(
                Contract.id.in_(select(WorkOrder.contract_id).where(mine)),
                Contract.id.in_(
                    select(contract_sites.c.contract_id).where(
                        contract_sites.c.site_id.in_(my_sites)
                    )
                ),
            )
        )
    referenced_devices = select(work_order_devices.c.device_id).where(
        work_order_devices.c.work_order_id.in_(_my_orders(user))
    )
    # The systems his work is about, and every device in them (the phone holds the same:
    # server.sync.scope).
    my_systems = select(System.id).where(
        or_(
            System.id.in_(select(WorkOrder.system_id).where(mine)),
            System.id.in_(select(Device.system_id).where(Device.id.in_(referenced_devices))),
        )
    )
    if model is Device:
        return query.where(or_(Device.id.in_(referenced_devices), Device.system_id.in_(my_systems)))
    if model is System:
        return query.where(System.id.in_(my_systems))
    if model is Signature:
        return query.where(Signature.work_order_id.in_(_my_orders(user)))
    if model is Attachment:
        # A photo of a device is seen by whoever sees the device (its label, its card).
        my_devices = restrict(select(Device.id), Device, user)
        my_results = select(InspectionResult.id).where(
            InspectionResult.work_order_id.in_(_my_orders(user))
        )
        return query.where(
            or_(
                Attachment.work_order_id.in_(_my_orders(user)),
                Attachment.device_id.in_(my_devices),
                Attachment.inspection_result_id.in_(my_results),
            )
        )
    raise LookupError(f"no access rule for {model.__name__}")


#: Models whose rows an engineer sees only through his work orders.
RULED_MODELS = (WorkOrder, Customer, Site, Contract, Device, System, Attachment, Signature)


def get_or_404(model: Any, id_: uuid.UUID) -> Any:
    row = db.session.get(model, id_)
    if row is None:
        raise NotFound(f"{model.__name__} not found.", key="errors.notFound")
    return row


def get_visible(model: Any, id_: uuid.UUID, user: User) -> Any:
    """The row if ``user`` may read it; 404 otherwise (we do not reveal that it exists)."""
    row = db.session.scalar(restrict(select(model).where(model.id == id_), model, user))
    if row is None:
        raise NotFound(f"{model.__name__} not found.", key="errors.notFound")
    return row
