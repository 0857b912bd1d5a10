"""Contract settings JSON in: validated, laid over the defaults, handed to the rules engine.

Every field is optional; `ContractSettingsSchema().load(partial)` returns the full plain dict
the domain reads (server.domain.settings), defaults filled in. Unknown fields are rejected,
and each error names its field. Checks that need the merged settings (exchange window after
the return window, a severity's calendar exists ...) run after the merge.
"""

import re
from datetime import date
from typing import Any

from marshmallow import ValidationError, fields, post_load, validate

from server.api.schemas.common import time_zone
from server.bounds import BoundedSchema
from server.domain.settings import (
    CALENDAR_KINDS,
    CLOCKS,
    DEVICE_CLASSES,
    DIAGNOSIS_FIELDS,
    EVENT_KINDS,
    EXCLUSION_CODES,
    INSPECTION_CADENCES,
    PERIPHERAL_COVERAGE,
    SEVERITIES,
    START_EVENTS,
    TRAVEL_OUT_OF_TOWN_MODES,
    ZONES,
    merge_contract_settings,
)
from server.models import WORK_ORDER_TYPES

_CLOCK_TIME = re.compile(r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$")


def _iso_date(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError("Not a date (YYYY-MM-DD).") from error
    if len(value) != 10:
        raise ValidationError("Not a date (YYYY-MM-DD).")


def _count(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=0), **kwargs)


def _months() -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=1))


def _choice(choices: tuple[str, ...]) -> fields.String:
    return fields.String(validate=validate.OneOf(choices))


def _event_kinds() -> fields.List:
    return fields.List(_choice(EVENT_KINDS))


def _dates() -> fields.List:
    return fields.List(fields.String(validate=_iso_date))


WarrantyMonthsSchema = BoundedSchema.from_dict(
    {device_class: _count() for device_class in DEVICE_CLASSES}, name="WarrantyMonthsSchema"
)


class WarrantySchema(BoundedSchema):
    start_event = _choice(START_EVENTS)
    months = fields.Nested(WarrantyMonthsSchema)
    manufacturer_longer_wins = fields.Boolean()
    return_days = _count()
    exchange_until_day = _count()
    lemon_threshold = fields.Integer(strict=True, validate=validate.Range(min=1))
    replacement_restarts_warranty = fields.Boolean()
    fault_confirmation_required = fields.Boolean()
    exclusion_codes = fields.List(_choice(EXCLUSION_CODES))
    peripheral_coverage = _choice(PERIPHERAL_COVERAGE)
    covered_peripheral_models = fields.List(fields.String(validate=validate.Length(min=1)))
    covers_consumables = fields.Boolean()


class TravelSchema(BoundedSchema):
    in_city_flat_cents = _count()
    out_of_town_mode = _choice(TRAVEL_OUT_OF_TOWN_MODES)
    out_of_town_flat_cents = _count()
    out_of_town_per_km_cents = _count()


class FeesSchema(BoundedSchema):
    locked_part_prices_cents = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1)), values=_count()
    )
    labour_cents_per_hour = _count()
    labour_increment_minutes = _count()
    visit_fee_cents = _count()
    remote_session_fee_cents = _count()
    travel = fields.Nested(TravelSchema)


class CalendarSchema(BoundedSchema):
    kind = _choice(CALENDAR_KINDS)
    timezone = fields.String(validate=time_zone)
    weekdays = fields.List(fields.Integer(strict=True, validate=validate.Range(min=1, max=7)))
    start = fields.String(validate=validate.Regexp(_CLOCK_TIME, error="Not a HH:MM time."))
    end = fields.String(validate=validate.Regexp(_CLOCK_TIME, error="Not a HH:MM time."))
    holidays = _dates()
    make_up_workdays = _dates()
    use_organisation_calendar = fields.Boolean()


ClockTargetsSchema = BoundedSchema.from_dict(
    {clock: _count(allow_none=True) for clock in CLOCKS}, name="ClockTargetsSchema"
)
ZoneTargetsSchema = BoundedSchema.from_dict(
    {zone: fields.Nested(ClockTargetsSchema) for zone in ZONES}, name="ZoneTargetsSchema"
)


class SeveritySchema(BoundedSchema):
    name = fields.String()
    name_zh = fields.String()
    definition = fields.String()
    calendar = fields.String(validate=validate.Length(min=1))
    loaner_minutes = _count(allow_none=True)
    targets = fields.Nested(ZoneTargetsSchema)


SeveritiesSchema = BoundedSchema.from_dict(
    {level: fields.Nested(SeveritySchema) for level in SEVERITIES}, name="SeveritiesSchema"
)


class ClockSchema(BoundedSchema):
    start = _event_kinds()
    stop = _event_kinds()
    void = _event_kinds()


ClocksSchema = BoundedSchema.from_dict(
    {clock: fields.Nested(ClockSchema) for clock in CLOCKS}, name="ClocksSchema"
)


class MilestoneSchema(BoundedSchema):
    key = fields.String(required=True, validate=validate.Length(min=1))
    minutes = _count(required=True)


class EmergencySchema(BoundedSchema):
    severities = fields.List(fields.Integer(strict=True, validate=validate.Range(min=1, max=4)))
    start = _event_kinds()
    milestones = fields.List(fields.Nested(MilestoneSchema))
    observation_days = fields.Integer(strict=True, validate=validate.Range(min=0, max=30))


class SlaSchema(BoundedSchema):
    at_risk_percent = fields.Integer(strict=True, validate=validate.Range(min=1, max=100))
    calendars = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1)), values=fields.Nested(CalendarSchema)
    )
    severities = fields.Nested(SeveritiesSchema)
    clocks = fields.Nested(ClocksSchema)
    emergency = fields.Nested(EmergencySchema)


class InspectionCadenceSchema(BoundedSchema):
    cadence = _choice(INSPECTION_CADENCES)
    monthly_for_months = _count()
    at_weekend = fields.Boolean()


class FollowUpSchema(BoundedSchema):
    first_within_months = _months()
    every_months = _months()


class SchedulesSchema(BoundedSchema):
    inspections = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1)),
        values=fields.Nested(InspectionCadenceSchema),
    )
    follow_up = fields.Nested(FollowUpSchema)
    site_check_after_days = _count(allow_none=True)
    survey_delay_hours = _count()


class CompletionTermsSchema(BoundedSchema):
    diagnosis = fields.List(_choice(DIAGNOSIS_FIELDS))
    sign_off = fields.Boolean()
    paid_work_consent = fields.Boolean()
    checklist = fields.Boolean()


class ContractSettingsSchema(BoundedSchema):
    warranty = fields.Nested(WarrantySchema)
    fees = fields.Nested(FeesSchema)
    sla = fields.Nested(SlaSchema)
    schedules = fields.Nested(SchedulesSchema)
    #: Per work-order type (and ``default``): what it needs before it is resolved.
    completion = fields.Dict(
        keys=fields.String(validate=validate.OneOf(["default", *WORK_ORDER_TYPES])),
        values=fields.Nested(CompletionTermsSchema),
    )

    @post_load
    def merge_over_defaults(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        merged = merge_contract_settings(data)
        errors = _merged_errors(merged)
        if errors:
            raise ValidationError(errors)
        return merged


def _merged_errors(settings: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    warranty = settings["warranty"]
    if warranty["exchange_until_day"] < warranty["return_days"]:
        _add(errors, ["warranty", "exchange_until_day"], "Must not be before return_days.")

    sla = settings["sla"]
    for name, calendar in sla["calendars"].items():
        path = ["sla", "calendars", name]
        if calendar["kind"] == "business_hours":
            if calendar["start"] >= calendar["end"]:
                _add(errors, [*path, "end"], "Must be after start.")
            if not calendar["weekdays"] and not calendar["make_up_workdays"]:
                _add(errors, [*path, "weekdays"], "A business calendar needs working days.")
        if set(calendar["holidays"]) & set(calendar["make_up_workdays"]):
            _add(errors, [*path, "make_up_workdays"], "A day cannot be a holiday too.")
    for level, severity in sla["severities"].items():
        if severity["calendar"] not in sla["calendars"]:
            _add(errors, ["sla", "severities", level, "calendar"], "Unknown calendar.")
    for clock, spec in sla["clocks"].items():
        for end in ("start", "stop"):
            if not spec[end]:
                _add(errors, ["sla", "clocks", clock, end], "Needs at least one event kind.")
    return errors


def _add(errors: dict[str, Any], path: list[str], message: str) -> None:
    for key in path[:-1]:
        errors = errors.setdefault(key, {})
    errors.setdefault(path[-1], []).append(message)
