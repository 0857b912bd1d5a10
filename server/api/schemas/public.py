"""The fault report form of the public QR label page (/d/<token>)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class FaultReportSchema(Schema):
    """What a customer types (trimmed); other form fields (the submit button …) are
    ignored. The page shows its own message per field, whatever the error."""

    class Meta:
        unknown = EXCLUDE

    symptom = fields.String(required=True, validate=validate.Length(min=2, max=2000))
    contact_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    #: Digits with the usual separators: +86 138-0013-8000, (021) 6543 2100.
    contact_phone = fields.String(
        required=True,
        validate=validate.Regexp(r"^\+?[0-9][0-9 ()\-]{4,28}[0-9]$"),
    )
