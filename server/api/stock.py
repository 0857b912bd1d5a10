"""Parts stock: locations (warehouses, vans), movements, transfers and levels. The office
reads; the admin writes. Engineers book parts used through sync (part_usage.add)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from server.api.blueprint import Blueprint
from server.api.crud import register_crud
from server.api.pagination import paginate
from server.api.schemas.common import page_of
from server.api.schemas.stock import (
    StockBookingInSchema,
    StockLevelArgs,
    StockLevelSchema,
    StockLocationInSchema,
    StockLocationListArgs,
    StockLocationSchema,
    StockMovementListArgs,
    StockMovementSchema,
    TransferInSchema,
    TransferSchema,
)
from server.auth import current_user, roles_required
from server.models import OFFICE_ROLES, StockLocation, StockMovement
from server.services import stock

locations = Blueprint(
    "stock_locations", __name__, description="Stock locations: warehouses and vans."
)
register_crud(
    locations,
    model=StockLocation,
    schema=StockLocationSchema,
    in_schema=StockLocationInSchema,
    list_args=StockLocationListArgs,
    write_roles=("admin",),
    read_roles=OFFICE_ROLES,
    filters={"kind": StockLocation.kind, "centre_id": StockLocation.centre_id},
    search=(StockLocation.name,),
    order_by=StockLocation.name,
    save=stock.save_location,
)

blp = Blueprint(
    "stock", __name__, description="Stock movements, transfers and levels (备品备件库存)."
)


@blp.route("/movements")
class Movements(MethodView):
    @blp.arguments(StockMovementListArgs, location="query")
    @blp.response(200, page_of(StockMovementSchema))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Movements, newest first; filters location, part, kind, work order."""
        query = select(StockMovement).order_by(StockMovement.server_at.desc(), StockMovement.id)
        for key in ("location_id", "part_id", "kind", "work_order_id"):
            if args.get(key) is not None:
                query = query.where(getattr(StockMovement, key) == args[key])
        return paginate(query, args)

    @blp.arguments(StockBookingInSchema)
    @blp.response(201, StockMovementSchema)
    @roles_required("admin")
    def post(self, data):
        """Book goods received at a location, or a stock count correction."""
        return stock.book(data, current_user())


@blp.route("/transfers")
class Transfers(MethodView):
    @blp.arguments(TransferInSchema)
    @blp.response(201, TransferSchema)
    @roles_required("admin")
    def post(self, data):
        """Move parts between locations: two movements, out of one and into the other."""
        return {"movements": stock.transfer(data, current_user())}


@blp.route("/levels")
class Levels(MethodView):
    @blp.arguments(StockLevelArgs, location="query")
    @blp.response(200, StockLevelSchema(many=True))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Quantity per location and part (the sum of its movements); zero left out."""
        return stock.levels(args.get("location_id"), args.get("part_id"), args.get("kind"))
