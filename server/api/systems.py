"""Systems per site (CCTV, access control ...) with their responsible engineer."""

from __future__ import annotations

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.registry import SystemInSchema, SystemListArgs, SystemSchema
from server.models import System

blp = Blueprint("systems", __name__, description="Systems at a site. Search q: name.")
register_crud(
    blp,
    model=System,
    schema=SystemSchema,
    in_schema=SystemInSchema,
    list_args=SystemListArgs,
    write_roles=("admin",),
    filters={"site_id": System.site_id, "type": System.type},
    search=(System.name,),
    order_by=System.name,
)
