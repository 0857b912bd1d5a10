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
    return referenced(query, model, _my_orders(user))


def referenced(query: Select, model: Any, orders: Select) -> Select:
    """Limit a SELECT over ``model`` to what the work orders ``orders`` (a SELECT of ids)
    reference: their customers, sites, contracts covering those sites, the systems they are
    about with every device in them, and what was recorded on them. An engineer reads what
    his work orders reference; his phone holds what his open ones do (server.sync.scope)."""
    of_orders = select(WorkOrder).where(WorkOrder.id.in_(orders))
    if model is WorkOrder:
        return query.where(WorkOrder.id.in_(orders))
    if model is Customer:
        return query.where(Customer.id.in_(of_orders.with_only_columns(WorkOrder.customer_id)))
    sites = of_orders.with_only_columns(WorkOrder.site_id)
    if model is Site:
        return query.where(Site.id.in_(sites))
    if model is Contract:
        return query.where(
            or_(
                Contract.id.in_(of_orders.with_only_columns(WorkOrder.contract_id)),
                Contract.id.in_(
                    select(contract_sites.c.contract_id).where(contract_sites.c.site_id.in_(sites))
                ),
            )
        )
    referenced_devices = select(work_order_devices.c.device_id).where(
        work_order_devices.c.work_order_id.in_(orders)
    )
    systems = select(System.id).where(
        or_(
            System.id.in_(of_orders.with_only_columns(WorkOrder.system_id)),
            System.id.in_(select(Device.system_id).where(Device.id.in_(referenced_devices))),
        )
    )
    devices = select(Device.id).where(
        or_(Device.id.in_(referenced_devices), Device.system_id.in_(systems))
    )
    if model is Device:
        return query.where(Device.id.in_(devices))
    if model is System:
        return query.where(System.id.in_(systems))
    if model is Signature:
        return query.where(Signature.work_order_id.in_(orders))
    if model is Attachment:
        # A photo of a device is seen by whoever sees the device (its label, its card).
        results = select(InspectionResult.id).where(InspectionResult.work_order_id.in_(orders))
        return query.where(
            or_(
                Attachment.work_order_id.in_(orders),
                Attachment.device_id.in_(devices),
                Attachment.inspection_result_id.in_(results),
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
