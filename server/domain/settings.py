"""Contract settings: the shape, the defaults, and merging a contract's partial settings over them.

Every number the rules use lives here as a default and is overridden per contract; the rules
never hold a literal. Settings are plain JSON-able dicts (the same JSON feeds the TypeScript
twin); the TypedDicts below only document the shape. docs/rules.md explains each setting for
the admin. Money is in integer fen (cents); durations in minutes unless the name says otherwise.
"""

import copy
from typing import Any, Literal, TypedDict

DeviceClass = Literal["main", "peripheral", "consumable"]
Zone = Literal["in_city", "out_of_town"]

START_EVENTS = (
    "sale",
    "delivery",
    "installation",
    "commissioning",
    "acceptance",
    "first_use",
    "purchase",
    "day_after_acceptance",
)
DEVICE_CLASSES = ("main", "peripheral", "consumable")
EXCLUSION_CODES = (
    "no_valid_proof",  # no warranty card, invoice or receipt
    "serial_label_damaged",  # label altered, torn, replaced or missing
    "serial_mismatch",  # model/serial on the card does not match the unit
    "human_damage",  # human damage or misuse
    "natural_disaster",
    "lightning",
    "power_failure",
    "war",
    "unqualified_modification",  # moved, opened or modified by unqualified people
    "third_party_parts",  # third-party parts or software
    "wrong_environment",  # temperature, humidity, dust, power quality out of spec
    "poor_maintenance",
)
PERIPHERAL_COVERAGE = ("all", "none", "listed")
ZONES = ("in_city", "out_of_town")
CLOCKS = ("response", "remote", "arrival", "restore", "resolve")
SEVERITIES = ("1", "2", "3", "4")
EVENT_KINDS = (
    "registered",
    "assigned",
    "accepted",
    "responded",
    "phone_support_failed",
    "remote_started",
    "visit_agreed",
    "departed",
    "arrived",
    "restored",
    "resolved",
    "signed_off",
    "closed",
    "cancelled",
)
CALENDAR_KINDS = ("24x7", "business_hours")
INSPECTION_CADENCES = (
    "monthly",
    "quarterly",
    "twice_a_year",
    "yearly",
    "monthly_then_quarterly",
)
TRAVEL_OUT_OF_TOWN_MODES = ("per_km", "flat")


class WarrantyTerms(TypedDict):
    start_event: str
    months: dict[str, int]
    manufacturer_longer_wins: bool
    return_days: int
    exchange_until_day: int
    lemon_threshold: int
    replacement_restarts_warranty: bool
    fault_confirmation_required: bool
    exclusion_codes: list[str]
    peripheral_coverage: str
    covered_peripheral_models: list[str]
    covers_consumables: bool


class TravelTerms(TypedDict):
    in_city_flat_cents: int
    out_of_town_mode: str
    out_of_town_flat_cents: int
    out_of_town_per_km_cents: int


class FeeTerms(TypedDict):
    locked_part_prices_cents: dict[str, int]
    labour_cents_per_hour: int
    labour_increment_minutes: int
    visit_fee_cents: int
    remote_session_fee_cents: int
    travel: TravelTerms


class CalendarSpec(TypedDict):
    kind: str
    timezone: str
    weekdays: list[int]
    start: str
    end: str
    holidays: list[str]
    make_up_workdays: list[str]
    #: Also count the organisation calendar's days (with_organisation_calendar).
    use_organisation_calendar: bool


class OrganisationCalendar(TypedDict):
    """The organisation's public holidays and make-up working days (调休), kept once a year
    and shared by every contract calendar that uses it."""

    holidays: list[str]
    make_up_workdays: list[str]


class ClockSpec(TypedDict):
    start: list[str]
    stop: list[str]
    void: list[str]


class SeverityPolicy(TypedDict):
    name: str
    name_zh: str
    definition: str
    calendar: str
    loaner_minutes: int | None
    targets: dict[str, dict[str, int | None]]


class Milestone(TypedDict):
    key: str
    minutes: int


class EmergencyPolicy(TypedDict):
    severities: list[int]
    start: list[str]
    milestones: list[Milestone]
    #: Days of observation after the fix (观察期 1–2 days), then a follow-up.
    observation_days: int


class SlaPolicy(TypedDict):
    at_risk_percent: int
    calendars: dict[str, CalendarSpec]
    severities: dict[str, SeverityPolicy]
    clocks: dict[str, ClockSpec]
    emergency: EmergencyPolicy


class InspectionCadence(TypedDict):
    cadence: str
    monthly_for_months: int
    at_weekend: bool


class FollowUpTerms(TypedDict):
    first_within_months: int
    every_months: int


class ScheduleTerms(TypedDict):
    inspections: dict[str, InspectionCadence]
    follow_up: FollowUpTerms
    site_check_after_days: int | None
    survey_delay_hours: int


class CompletionTerms(TypedDict):
    """What a type of work needs before it is resolved (server.domain.guards)."""

    diagnosis: list[str]
    sign_off: bool
    paid_work_consent: bool
    checklist: bool


class ContractSettings(TypedDict):
    warranty: WarrantyTerms
    fees: FeeTerms
    sla: SlaPolicy
    schedules: ScheduleTerms
    completion: dict[str, CompletionTerms]


def _targets(in_city: dict[str, int], out_of_town: dict[str, int]) -> dict[str, dict[str, int]]:
    return {"in_city": in_city, "out_of_town": out_of_town}


def _clock_targets(
    response: int, remote: int, arrival: int, restore: int, resolve: int
) -> dict[str, int]:
    return {
        "response": response,
        "remote": remote,
        "arrival": arrival,
        "restore": restore,
        "resolve": resolve,
    }


CALENDAR_TEMPLATE: CalendarSpec = {
    "kind": "business_hours",
    "timezone": "Asia/Shanghai",
    "weekdays": [1, 2, 3, 4, 5],
    "start": "08:00",
    "end": "18:00",
    "holidays": [],
    "make_up_workdays": [],
    "use_organisation_calendar": True,
}

DIAGNOSIS_FIELDS = ("diagnosis_symptom", "diagnosis_location", "diagnosis_cause", "diagnosis_fix")

COMPLETION_TEMPLATE: CompletionTerms = {
    "diagnosis": [],
    "sign_off": True,
    "paid_work_consent": True,
    "checklist": False,
}

INSPECTION_TEMPLATE: InspectionCadence = {
    "cadence": "quarterly",
    "monthly_for_months": 3,
    "at_weekend": False,
}

_DEFAULTS: ContractSettings = {
    "warranty": {
        "start_event": "acceptance",
        "months": {"main": 12, "peripheral": 12, "consumable": 12},
        "manufacturer_longer_wins": True,
        "return_days": 7,
        "exchange_until_day": 30,
        "lemon_threshold": 2,
        "replacement_restarts_warranty": True,
        "fault_confirmation_required": True,
        "exclusion_codes": list(EXCLUSION_CODES),
        "peripheral_coverage": "all",
        "covered_peripheral_models": [],
        "covers_consumables": False,
    },
    "fees": {
        "locked_part_prices_cents": {},
        "labour_cents_per_hour": 10000,
        "labour_increment_minutes": 30,
        "visit_fee_cents": 5000,
        "remote_session_fee_cents": 2000,
        "travel": {
            "in_city_flat_cents": 0,
            "out_of_town_mode": "per_km",
            "out_of_town_flat_cents": 20000,
            "out_of_town_per_km_cents": 200,
        },
    },
    "sla": {
        "at_risk_percent": 80,
        "calendars": {
            "24x7": {
                **CALENDAR_TEMPLATE,
                "kind": "24x7",
                "weekdays": [1, 2, 3, 4, 5, 6, 7],
                "start": "00:00",
                "end": "24:00",
            },
            "business_hours": dict(CALENDAR_TEMPLATE),
        },
        "severities": {
            "1": {
                "name": "System down",
                "name_zh": "系统瘫痪",
                "definition": "The system or a core function is down.",
                "calendar": "24x7",
                "loaner_minutes": 240,
                "targets": _targets(
                    _clock_targets(30, 30, 60, 240, 1440),
                    _clock_targets(30, 30, 360, 600, 2880),
                ),
            },
            "2": {
                "name": "Risk of down",
                "name_zh": "有瘫痪风险",
                "definition": "The system runs but is at risk of going down.",
                "calendar": "24x7",
                "loaner_minutes": 240,
                "targets": _targets(
                    _clock_targets(60, 60, 60, 480, 2880),
                    _clock_targets(60, 60, 360, 840, 4320),
                ),
            },
            "3": {
                "name": "Partly degraded",
                "name_zh": "部分功能受损",
                "definition": "Part of the system does not work; the rest does.",
                "calendar": "business_hours",
                "loaner_minutes": 1440,
                "targets": _targets(
                    _clock_targets(120, 240, 480, 1200, 2400),
                    _clock_targets(120, 240, 1440, 2400, 4800),
                ),
            },
            "4": {
                "name": "Intermittent",
                "name_zh": "偶发故障",
                "definition": "An intermittent fault or a question; the system works.",
                "calendar": "business_hours",
                "loaner_minutes": 1440,
                "targets": _targets(
                    _clock_targets(120, 480, 720, 2400, 4800),
                    _clock_targets(120, 480, 2880, 4800, 9600),
                ),
            },
        },
        "clocks": {
            "response": {
                "start": ["registered"],
                "stop": ["responded", "accepted"],
                "void": ["cancelled"],
            },
            "remote": {
                "start": ["phone_support_failed"],
                "stop": ["remote_started"],
                "void": ["cancelled", "visit_agreed", "arrived", "restored", "resolved", "closed"],
            },
            "arrival": {
                "start": ["visit_agreed", "registered"],
                "stop": ["arrived"],
                "void": ["cancelled", "restored", "resolved", "closed"],
            },
            "restore": {
                "start": ["registered"],
                "stop": ["restored", "resolved"],
                "void": ["cancelled"],
            },
            "resolve": {
                "start": ["registered"],
                "stop": ["resolved"],
                "void": ["cancelled"],
            },
        },
        "emergency": {
            "severities": [1],
            "start": ["registered"],
            "milestones": [
                {"key": "notify_managers", "minutes": 15},
                {"key": "emergency_team", "minutes": 30},
                {"key": "expert_remote", "minutes": 60},
                {"key": "expert_group", "minutes": 120},
            ],
            "observation_days": 1,
        },
    },
    "schedules": {
        "inspections": {"default": dict(INSPECTION_TEMPLATE)},
        "follow_up": {"first_within_months": 6, "every_months": 6},
        "site_check_after_days": 7,
        "survey_delay_hours": 24,
    },
    "completion": {
        "default": dict(COMPLETION_TEMPLATE),
        "repair": {
            **COMPLETION_TEMPLATE,
            "diagnosis": ["diagnosis_symptom", "diagnosis_cause", "diagnosis_fix"],
        },
        "inspection": {**COMPLETION_TEMPLATE, "paid_work_consent": False, "checklist": True},
    },
}

# Dicts whose entries are named by the admin (a new calendar, a new system type): a new
# entry is filled from its template so the rules always find every key.
_ENTRY_TEMPLATES: dict[tuple[str, ...], dict[str, Any]] = {
    ("sla", "calendars"): dict(CALENDAR_TEMPLATE),
    ("schedules", "inspections"): dict(INSPECTION_TEMPLATE),
    ("completion",): dict(COMPLETION_TEMPLATE),
}


def default_contract_settings() -> ContractSettings:
    """A fresh copy of the full default settings (safe to mutate)."""
    return copy.deepcopy(_DEFAULTS)


def merge_contract_settings(
    partial: dict[str, Any] | None, organisation_calendar: OrganisationCalendar | None = None
) -> ContractSettings:
    """The defaults with a contract's partial settings laid over them, and the organisation
    calendar merged into every calendar that uses it (``with_organisation_calendar``).

    Dicts merge key by key; any other value (lists included) replaces the default, so a
    contract's holiday list is the whole list. `null` is kept: it switches a setting off
    where the setting allows it (an SLA target, the loaner deadline).
    """
    merged = _merge(default_contract_settings(), partial or {})
    for path, template in _ENTRY_TEMPLATES.items():
        entries: Any = merged
        for name in path:
            entries = entries[name]
        for key, entry in entries.items():
            entries[key] = _merge(copy.deepcopy(template), entry)
    calendars = merged["sla"]["calendars"]
    for name, calendar in calendars.items():
        calendars[name] = with_organisation_calendar(calendar, organisation_calendar)
    return merged


def with_organisation_calendar(
    calendar: CalendarSpec, organisation: OrganisationCalendar | None
) -> CalendarSpec:
    """The calendar with the organisation's holidays and make-up days added to its own, if
    it uses the organisation calendar: a contract adds its own extra days to the public
    ones, and a day that is a holiday in either list stays a holiday (a holiday wins over a
    make-up day, server.domain.calendar). Each list comes out sorted, each day once."""
    if organisation is None or not calendar["use_organisation_calendar"]:
        return calendar
    return {
        **calendar,
        "holidays": sorted({*organisation["holidays"], *calendar["holidays"]}),
        "make_up_workdays": sorted(
            {*organisation["make_up_workdays"], *calendar["make_up_workdays"]}
        ),
    }


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base
