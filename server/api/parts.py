"""The parts catalogue; every user reads it, the admin keeps it."""

from __future__ import annotations

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.schemas.registry import PartInSchema, PartListArgs, PartSchema
from server.models import Part

blp = Blueprint("parts", __name__, description="Parts (备品备件). Search q: part number, name.")
register_crud(
    blp,
    model=Part,
    schema=PartSchema,
    in_schema=PartInSchema,
    list_args=PartListArgs,
    write_roles=("admin",),
    filters={"category": Part.category},
    search=(Part.part_number, Part.name, Part.manufacturer),
    order_by=Part.part_number,
)
