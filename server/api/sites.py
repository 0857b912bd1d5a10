"""Customers' sites, with the zone that selects SLA targets."""

from __future__ import annotations

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.registry import SiteInSchema, SiteListArgs, SiteSchema
from server.models import Site

blp = Blueprint(
    "sites", __name__, description="Sites (name, address, zone). Search q: name, address."
)
register_crud(
    blp,
    model=Site,
    schema=SiteSchema,
    in_schema=SiteInSchema,
    list_args=SiteListArgs,
    write_roles=("admin", "dispatcher"),
    filters={"customer_id": Site.customer_id, "zone": Site.zone},
    search=(Site.name, Site.address),
    order_by=Site.name,
)
