"""Wire format of the organisation calendar: its public holidays and make-up working days."""

from __future__ import annotations

from marshmallow import fields, validate

from server.bounds import BoundedSchema
from server.models import CALENDAR_DAY_KINDS


class CalendarDayInSchema(BoundedSchema):
    falls_on = fields.Date(required=True, metadata={"description": "The local date."})
    kind = fields.String(
        required=True,
        validate=validate.OneOf(CALENDAR_DAY_KINDS),
        metadata={"description": "holiday (法定节假日) or make_up_workday (调休上班)."},
    )
    name = fields.String(validate=validate.Length(max=100))


class CalendarDaySchema(CalendarDayInSchema):
    id = fields.UUID()


class CalendarArgs(BoundedSchema):
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))
