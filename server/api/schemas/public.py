"""The forms of the public pages: the fault report of the QR label page (/d/<token>) and
the survey of the progress page (/t/<token>)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from server.bounds import BoundedSchema
from server.models.follow_up import SCORE_MAX, SCORE_MIN


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


class SurveyFormSchema(BoundedSchema):
    """The satisfaction survey on the progress page (/t/<token>): a score (1-5) per survey
    question the customer rated (the form's ``score.<key>`` fields), his opinions and
    name, both optional."""

    class Meta:
        unknown = EXCLUDE

    scores = fields.Dict(
        keys=fields.String(validate=validate.Length(max=50)),
        values=fields.Integer(validate=validate.Range(SCORE_MIN, SCORE_MAX)),
        required=True,
    )
    opinions = fields.String(load_default="", validate=validate.Length(max=2000))
    contact_name = fields.String(load_default="", validate=validate.Length(max=100))
