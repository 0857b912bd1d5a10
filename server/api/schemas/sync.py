"""Wire formats of the sync endpoints: push and pull answers, conflicts and rejected
mutations as the office sees them. (What a phone sends is server.sync.protocol.)"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api.schemas.common import ListArgs
from server.bounds import BoundedSchema
from server.models import LATE_STATUSES


class WireList(fields.List):
    """A list whose items the server built in their wire form (a pull page's records):
    written as it is. marshmallow would serialise it item by item, copying each record
    (about 1.5 µs a record, a tenth of a full pull's CPU)."""

    def _serialize(self, value, attr, obj, **kwargs):  # noqa: ANN001, ANN202 (marshmallow's)
        return value


class PushResponseSchema(Schema):
    results = fields.List(fields.Dict())
    last_seq = fields.Integer()
    server_time = fields.AwareDateTime()
    clock_offset_ms = fields.Integer()
    schema_version = fields.Integer()


class PullResponseSchema(Schema):
    changes = WireList(fields.Dict())
    has_more = fields.Boolean()
    cursor = fields.String()
    deleted = WireList(fields.Dict())
    scope = fields.Dict()
    server_time = fields.AwareDateTime()
    clock_offset_ms = fields.Integer()
    schema_version = fields.Integer()


class ConflictSchema(Schema):
    id = fields.UUID()
    entity = fields.String()
    entity_id = fields.UUID()
    field = fields.String()
    policy = fields.String()
    winner = fields.String()
    base_value = fields.Raw()
    server_value = fields.Raw()
    device_value = fields.Raw()
    mutation_id = fields.UUID(allow_none=True)
    client_id = fields.UUID(allow_none=True)
    user = fields.Function(
        lambda c: {"id": str(c.user.id), "display_name": c.user.display_name} if c.user else None
    )
    device_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()
    resolved_at = fields.AwareDateTime(allow_none=True)
    resolved_by_id = fields.UUID(allow_none=True)
    resolution = fields.Raw()
    #: Who wrote the server's side, from the order's history ({"display_name", "origin":
    #: "device" | "office"}), or null when it does not say.
    server_written_by = fields.Dict(
        keys=fields.String(), values=fields.String(), allow_none=True, dump_default=None
    )


class ConflictListArgs(ListArgs):
    open = fields.Boolean(load_default=True)
    entity_id = fields.UUID()


class ResolveSchema(BoundedSchema):
    #: Keep the server's value, take the device's, or set another value.
    choice = fields.String(required=True, validate=validate.OneOf(["server", "device", "value"]))
    value = fields.Raw(allow_none=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class RejectedSchema(Schema):
    id = fields.UUID()
    client_id = fields.UUID()
    seq = fields.Integer()
    name = fields.String()
    args = fields.Dict()
    status = fields.String()
    result = fields.Dict()
    user = fields.Function(lambda m: {"id": str(m.user.id), "display_name": m.user.display_name})
    device_at = fields.AwareDateTime(allow_none=True)
    server_at = fields.AwareDateTime()
    reviewed_at = fields.AwareDateTime(allow_none=True)


class RejectedListArgs(ListArgs):
    open = fields.Boolean(load_default=True)


class LateContributionSchema(Schema):
    """Work done offline on an order that was closed, cancelled or reassigned meanwhile."""

    id = fields.UUID()
    work_order = fields.Function(
        lambda row: {"id": str(row.work_order.id), "number": row.work_order.number}
    )
    mutation_id = fields.UUID()
    client_id = fields.UUID()
    #: The mutation as the phone sent it (server.domain.work_order_flow.MUTATIONS).
    name = fields.String()
    args = fields.Dict()
    user = fields.Function(
        lambda row: {"id": str(row.user.id), "display_name": row.user.display_name}
    )
    #: closed, cancelled or reassigned.
    reason = fields.String()
    reassigned_to = fields.Function(
        lambda row: (
            {"id": str(row.reassigned_to.id), "display_name": row.reassigned_to.display_name}
            if row.reassigned_to
            else None
        )
    )
    changed_at = fields.AwareDateTime(allow_none=True)
    device_at = fields.AwareDateTime(allow_none=True)
    server_at = fields.AwareDateTime()
    #: open, accepted or dismissed.
    status = fields.String()
    decided_at = fields.AwareDateTime(allow_none=True)
    decided_by = fields.Function(
        lambda row: (
            {"id": str(row.decided_by.id), "display_name": row.decided_by.display_name}
            if row.decided_by
            else None
        )
    )
    note = fields.String()


class LateListArgs(ListArgs):
    status = fields.String(load_default="open", validate=validate.OneOf([*LATE_STATUSES, "all"]))
    work_order_id = fields.UUID()


class LateDecisionSchema(BoundedSchema):
    #: Why (required to dismiss).
    note = fields.String(load_default="", validate=validate.Length(max=2000))
