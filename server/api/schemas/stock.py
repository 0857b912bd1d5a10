"""Wire formats of stock: locations, movements, transfers and levels."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api.schemas.common import ListArgs, RefSchema, UserRefSchema
from server.api.schemas.review import PartRefSchema
from server.bounds import BoundedSchema
from server.models import LOCATION_KINDS, MOVEMENT_KINDS

_note = validate.Length(max=2000)


class StockLocationInSchema(BoundedSchema):
    kind = fields.String(required=True, validate=validate.OneOf(LOCATION_KINDS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    centre_id = fields.UUID(allow_none=True)
    #: The engineer whose van this is (vans only).
    engineer_id = fields.UUID(allow_none=True)


class StockLocationSchema(StockLocationInSchema):
    id = fields.UUID()
    #: Changes with every write; sent back in If-Match when editing (server.api.crud).
    row_version = fields.Integer()
    engineer = fields.Nested(UserRefSchema, allow_none=True)


class StockLocationListArgs(ListArgs):
    kind = fields.String(validate=validate.OneOf(LOCATION_KINDS))
    centre_id = fields.UUID()


class StockMovementSchema(Schema):
    id = fields.UUID()
    location_id = fields.UUID()
    part = fields.Nested(PartRefSchema)
    quantity = fields.Integer()
    kind = fields.String()
    work_order_id = fields.UUID(allow_none=True)
    part_usage_id = fields.UUID(allow_none=True)
    actor_id = fields.UUID(allow_none=True)
    note = fields.String()
    device_at = fields.AwareDateTime(allow_none=True)
    server_at = fields.AwareDateTime()


class StockMovementListArgs(ListArgs):
    location_id = fields.UUID()
    part_id = fields.UUID()
    kind = fields.String(validate=validate.OneOf(MOVEMENT_KINDS))
    work_order_id = fields.UUID()


class StockBookingInSchema(BoundedSchema):
    """Goods received (positive) or a stock count correction (adjusted, either sign)."""

    location_id = fields.UUID(required=True)
    part_id = fields.UUID(required=True)
    quantity = fields.Integer(required=True, validate=validate.Range(min=-100_000, max=100_000))
    kind = fields.String(required=True, validate=validate.OneOf(["received", "adjusted"]))
    note = fields.String(load_default="", validate=_note)


class TransferInSchema(BoundedSchema):
    from_location_id = fields.UUID(required=True)
    to_location_id = fields.UUID(required=True)
    part_id = fields.UUID(required=True)
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=100_000))
    note = fields.String(load_default="", validate=_note)


class TransferSchema(Schema):
    #: The pair: out of the source (negative), into the target (positive).
    movements = fields.List(fields.Nested(StockMovementSchema))


class StockLevelArgs(BoundedSchema):
    location_id = fields.UUID()
    part_id = fields.UUID()
    #: warehouse or van.
    kind = fields.String(validate=validate.OneOf(LOCATION_KINDS))


class StockLocationRefSchema(RefSchema):
    kind = fields.String()


class StockLevelSchema(Schema):
    location = fields.Nested(StockLocationRefSchema)
    part = fields.Nested(PartRefSchema)
    quantity = fields.Integer()
