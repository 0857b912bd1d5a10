"""Who may see what: office roles see everything; an engineer sees his own work orders
and only what they reference. The one place REST reads and sync scope ask."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, or_, select

from server.errors import NotFound
from server.extensions import db
from server.models import (
    Contract,
    Customer,
    Device,
    Site,
    System,
    User,
    WorkOrder,
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
        return query.where(Contract.id.in_(select(WorkOrder.contract_id).where(mine)))
    referenced_devices = select(work_order_devices.c.device_id).where(
        work_order_devices.c.work_order_id.in_(_my_orders(user))
    )
    referenced_systems = select(WorkOrder.system_id).where(mine)
    if model is Device:
        return query.where(
            or_(Device.id.in_(referenced_devices), Device.system_id.in_(referenced_systems))
        )
    if model is System:
        return query.where(
            or_(
                System.id.in_(referenced_systems),
                System.id.in_(select(Device.system_id).where(Device.id.in_(referenced_devices))),
            )
        )
    raise LookupError(f"no access rule for {model.__name__}")


#: Models whose rows an engineer sees only through his work orders.
RULED_MODELS = (WorkOrder, Customer, Site, Contract, Device, System)


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
