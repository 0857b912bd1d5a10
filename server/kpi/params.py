"""A KPI request's period and filters, from the parsed query arguments (server.api.schemas
.quality.KpiArgs) to the KpiFilters every query takes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app

from server.models.base import utcnow
from server.services import rule_facts

#: What on-time can be grouped by.
GROUPS = ("severity", "zone", "engineer", "customer", "centre")


@dataclass(frozen=True)
class KpiFilters:
    first_on: date
    last_on: date
    now: datetime
    start_at: datetime
    end_at: datetime
    centre_id: uuid.UUID | None = None
    engineer_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None
    severity: int | None = None
    zone: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.first_on.isoformat(),
            "to": self.last_on.isoformat(),
            "centre_id": self.centre_id,
            "engineer_id": self.engineer_id,
            "customer_id": self.customer_id,
            "severity": self.severity,
            "zone": self.zone,
        }


def filters_from(args: dict[str, Any], now: datetime | None = None) -> KpiFilters:
    """The period (default: the last KPI_DEFAULT_DAYS days up to today) and filters."""
    now = now or utcnow()
    last_on = args.get("last_on") or rule_facts.local_date(now)
    first_on = args.get("first_on") or last_on - timedelta(
        days=current_app.config["KPI_DEFAULT_DAYS"] - 1
    )
    zone = rule_facts.organisation_timezone()
    return KpiFilters(
        first_on=first_on,
        last_on=last_on,
        now=now,
        start_at=datetime.combine(first_on, time(0), zone),
        end_at=datetime.combine(last_on + timedelta(days=1), time(0), zone),
        centre_id=args.get("centre_id"),
        engineer_id=args.get("engineer_id"),
        customer_id=args.get("customer_id"),
        severity=args.get("severity"),
        zone=args.get("zone"),
    )
