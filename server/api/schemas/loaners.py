"""Wire formats of loaners (备用机) and consents to paid work (recorded on the phone)."""

from __future__ import annotations

from marshmallow import Schema, fields

from server.bounds import BoundedSchema


class LoanerSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    description = fields.String()
    serial = fields.String()
    #: When it was handed over and returned, by the engineer's phone.
    issued_at = fields.DateTime()
    issued_by_id = fields.UUID(allow_none=True)
    due_back_on = fields.Date(allow_none=True)
    returned_at = fields.DateTime(allow_none=True)
    returned_by_id = fields.UUID(allow_none=True)
    condition_note = fields.String()
    server_at = fields.DateTime()


class PaidWorkConsentSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    amount_cents = fields.Integer()
    lines = fields.List(fields.Dict())
    signer_name = fields.String()
    #: When the customer agreed, by the engineer's phone.
    consented_at = fields.DateTime()
    created_by_id = fields.UUID(allow_none=True)
    server_at = fields.DateTime()


class OutstandingLoanerArgs(BoundedSchema):
    #: Only true is supported: the loaners not returned yet.
    outstanding = fields.Boolean(load_default=True)


class OutstandingLoanerSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    work_order_number = fields.String()
    customer_id = fields.UUID()
    customer_name = fields.String()
    description = fields.String()
    serial = fields.String()
    issued_at = fields.DateTime()
    issued_by_name = fields.String(allow_none=True)
    due_back_on = fields.Date(allow_none=True)
    #: Past its due-back date (in the organisation's timezone).
    overdue = fields.Boolean()
