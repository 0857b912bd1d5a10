"""Devices: serial, model, class, the dates a warranty can start from, replacements, and
the warranty decision for a fault (today's in every response; any day's as a what-if)."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.registry import (
    DeviceInSchema,
    DeviceListArgs,
    DeviceReplaceInSchema,
    DeviceSchema,
    DeviceWarrantyArgs,
    WarrantyDecisionSchema,
)
from server.auth import current_user, roles_required
from server.models import OFFICE_ROLES, Device, Site, System, WorkOrder
from server.services import access, answers, registry, replacements, rule_facts

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
    open_lookups=("serial",),
    answer=answers.devices,
)


@blp.route("/<uuid:device_id>/warranty")
class DeviceWarranty(MethodView):
    @blp.arguments(DeviceWarrantyArgs, location="query")
    @blp.response(200, WarrantyDecisionSchema)
    @blp.alt_response(422, description="No decision: e.g. the warranty has not started.")
    def get(self, args, device_id: uuid.UUID):
        """What-if: the warranty decision for a fault reported ``on`` a day (default today)
        with a ``defect_code`` and ``exclusions`` (repeatable), under the contract active
        that day. A fault before the warranty starts is a 422 with key
        errors.warranty.notStarted."""
        device = access.get_visible(Device, device_id, current_user())
        return rule_facts.device_warranty_what_if(device, **args)


@blp.route("/<uuid:device_id>/replace")
class DeviceReplace(MethodView):
    @blp.arguments(DeviceReplaceInSchema)
    @blp.response(201, DeviceSchema)
    @blp.alt_response(409, description="The unit was replaced already.")
    @roles_required(*OFFICE_ROLES)
    def post(self, data, device_id: uuid.UUID):
        """Record a swap: this unit out, the unit with ``serial`` in (created in the same
        system, or linked if registered there), installed on ``swapped_on``; answers the
        new unit. Its warranty follows the contract's replacement_restarts_warranty."""
        user = current_user()
        old = access.get_visible(Device, device_id, user)
        wo = None
        if data.get("work_order_id"):
            wo = access.get_visible(WorkOrder, data["work_order_id"], user)
        new = replacements.replace_device(old, data, user, work_order=wo)
        return answers.devices([new])[0]
