"""Demo contracts, one per customer, and their settings.

Settings are stored as overrides of the defaults in server.domain.settings (the rules merge
them over the defaults); each must pass server.api.schemas.contract_settings, which the
demo tests check. The numbers are the service documents':
the hospital's 3-year main units / 1-year peripherals, the party school's 15-day exchange
window and inspections twice a year at weekends, the plant's 7×24 for every level.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from server.demo.customers import SITES
from server.extensions import db
from server.models import Contract, Customer, Site

HOSPITAL_SETTINGS: dict[str, Any] = {
    "warranty": {
        "start_event": "acceptance",
        "months": {"main": 36, "peripheral": 12},
    },
    "schedules": {
        "inspections": {
            # "monthly for the first 3 months, then quarterly"; the machine room monthly.
            "default": {"cadence": "monthly_then_quarterly", "monthly_for_months": 3},
            "machine_room": {"cadence": "monthly"},
        },
        "follow_up": {"first_within_months": 6, "every_months": 6},
    },
}

PARTY_SCHOOL_SETTINGS: dict[str, Any] = {
    "warranty": {
        "start_event": "acceptance",
        "months": {"main": 12, "peripheral": 12},
        "exchange_until_day": 15,
    },
    "schedules": {
        "inspections": {"default": {"cadence": "twice_a_year", "at_weekend": True}},
    },
}

PLANT_SETTINGS: dict[str, Any] = {
    "warranty": {
        # A maintenance contract after the warranty: faults are repaired under it,
        # parts are paid at the locked prices.
        "start_event": "acceptance",
        "peripheral_coverage": "all",
    },
    "fees": {
        "locked_part_prices_cents": {"UPS-BAT-12V100": 88000, "SW-HW-S5735-48": 320000},
        "travel": {"out_of_town_mode": "flat", "out_of_town_flat_cents": 30000},
    },
    "sla": {
        "severities": {level: {"calendar": "24x7"} for level in ("1", "2", "3", "4")},
    },
    "schedules": {
        "inspections": {
            "default": {"cadence": "quarterly"},
            "machine_room": {"cadence": "monthly"},
        },
    },
}

# customer, number, name, kind, starts (days ago), length (years), settings
CONTRACTS = (
    ("SH6Y", "HA-SH-0417", "上海市第六人民医院弱电智能化系统质保服务合同", "warranty",
     420, 3, HOSPITAL_SETTINGS),
    ("NJDX", "HA-NJ-0152", "中共南京市委党校弱电系统售后服务协议", "warranty",
     150, 1, PARTY_SCHOOL_SETTINGS),
    ("HNSH", "HA-NJ-0233", "华宁石化有限公司弱电系统维保（代维）合同", "maintenance",
     240, 1, PLANT_SETTINGS),
)  # fmt: skip


def _years_later(start: date, years: int) -> date:
    """The last day of a term of ``years`` starting on ``start``."""
    try:
        return start.replace(year=start.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def build_contracts(
    customers: dict[str, Customer], sites: dict[str, Site], today: date
) -> list[Contract]:
    """One contract per customer, covering all of its sites."""
    contracts = []
    for code, number, name, kind, days_ago, years, settings in CONTRACTS:
        starts_on = today - timedelta(days=days_ago)
        contracts.append(
            Contract(
                customer=customers[code],
                number=number,
                name=name,
                kind=kind,
                starts_on=starts_on,
                ends_on=_years_later(starts_on, years),
                settings=copy.deepcopy(settings),
                sites=[sites[plan.name] for plan in SITES if plan.customer == code],
            )
        )
    db.session.add_all(contracts)
    return contracts
