"""The one JSON error shape (server/errors.py), as the OpenAPI document gives it for every
error response: the fields every error has, and those some errors add."""

from __future__ import annotations

from marshmallow import Schema, fields


class MissingFactSchema(Schema):
    """A fact a completion guard lacks: its code (diagnosis, sign_off, paid_work_consent,
    checklist_item, failed_item_evidence), the field, a checklist item's key, the amount
    the consent must cover."""

    code = fields.String()
    field = fields.String()
    item = fields.String()
    amount_cents = fields.Integer()


class ConflictStateSchema(Schema):
    """The server's current state beside a refused change."""

    status = fields.String()


class ErrorSchema(Schema):
    code = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    status = fields.String(required=True, metadata={"description": "The HTTP status name."})
    message = fields.String(required=True, metadata={"description": "For people (English)."})
    #: An i18n key the webapp translates, e.g. errors.validation.
    key = fields.String(
        required=True, metadata={"description": "An i18n key, e.g. errors.validation."}
    )
    errors = fields.Dict(
        metadata={
            "description": "The fields at fault, by where they came from (json, query, "
            "files ...): field name to a list of messages (or, nested, to its own fields)."
        }
    )
    retry_after = fields.Integer(metadata={"description": "429: seconds to wait."})
    reason = fields.String(metadata={"description": "422 from the rules: the rules error's code."})
    conflict = fields.Nested(
        ConflictStateSchema, metadata={"description": "409 invalid transition: the current state."}
    )
    missing = fields.List(
        fields.Nested(MissingFactSchema),
        metadata={"description": "422 errors.workOrder.guardsMissing: each missing fact."},
    )
    received = fields.Integer(
        metadata={"description": "409 on a blob upload: the bytes the server has."}
    )
    min_schema_version = fields.Integer(
        metadata={"description": "426: the oldest sync schema version accepted."}
    )
    schema_version = fields.Integer(
        metadata={"description": "426: the sync schema version of the server."}
    )
    current = fields.Dict(
        metadata={"description": "412 errors.precondition.failed: the record as it stands."}
    )
