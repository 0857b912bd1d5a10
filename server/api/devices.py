"""Devices: serial, model, class, the dates a warranty can start from, replacements."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from server.api.crud import register_crud
from server.api.schemas.registry import DeviceInSchema, DeviceListArgs, DeviceSchema
from server.models import Device, Site, System
from server.services import registry

blp = Blueprint(
    "devices",
    __name__,
    description="Devices. Filter serial (exact); search q: serial, model, location.",
)


def _save(data: dict[str, Any], current: Device | None = None) -> Device:
    if data.get("ip_address") is not None:
        data["ip_address"] = str(data["ip_address"])
    elif "ip_address" in data:
        data["ip_address"] = ""
    return registry.save(Device, data, current)


register_crud(
    blp,
    model=Device,
    schema=DeviceSchema,
    in_schema=DeviceInSchema,
    list_args=DeviceListArgs,
    write_roles=("admin",),
    filters={
        "serial": Device.serial,
        "system_id": Device.system_id,
        "device_class": Device.device_class,
    },
    clauses={
        "site_id": lambda v: Device.system.has(System.site_id == v),
        "customer_id": lambda v: Device.system.has(System.site.has(Site.customer_id == v)),
    },
    search=(Device.serial, Device.model, Device.location),
    order_by=Device.serial,
    save=_save,
)
