"""Which contract applies: one rule for the server, the phone's list and detail, fees, the
PDFs and the KPIs (the phone runs the TypeScript twin on tests/vectors/contracts.json).

A contract applies to a site of its customer that it covers, on a day it is active
(``starts_on`` ≤ day ≤ ``ends_on``), the day read in the contract's own time zone (its
business-hours calendar's: ``settings.sla.calendars.business_hours.timezone``). Of several,
the latest start wins, then the lowest number. A work order that names its contract keeps
it whatever the date.

Contracts are plain dicts: {id, number, customer_id, site_ids, starts_on, ends_on,
timezone} with ISO dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"


def contract_timezone(settings: Mapping[str, Any] | None) -> str:
    """The time zone a contract's dates are read in (its business-hours calendar's)."""
    try:
        return settings["sla"]["calendars"]["business_hours"]["timezone"]  # type: ignore[index]
    except (KeyError, TypeError):
        return DEFAULT_TIMEZONE


def contract_day(at: datetime, timezone: str) -> date:
    """The day ``at`` falls on in ``timezone``."""
    return at.astimezone(ZoneInfo(timezone)).date()


def _iso(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def applicable_contract(
    contracts: Iterable[Mapping[str, Any]],
    customer_id: str,
    site_id: str,
    at: datetime,
    named_id: str | None = None,
) -> Mapping[str, Any] | None:
    """The contract that applies at ``at`` to the site, or None (the defaults apply)."""
    contracts = list(contracts)
    if named_id is not None:
        return next((c for c in contracts if str(c["id"]) == str(named_id)), None)
    covering = []
    for contract in contracts:
        if str(contract["customer_id"]) != str(customer_id):
            continue
        if str(site_id) not in {str(s) for s in contract.get("site_ids") or []}:
            continue
        day = contract_day(at, contract.get("timezone") or DEFAULT_TIMEZONE)
        if _iso(contract["starts_on"]) <= day <= _iso(contract["ends_on"]):
            covering.append(contract)
    return min(
        covering,
        key=lambda c: (-_iso(c["starts_on"]).toordinal(), str(c["number"])),
        default=None,
    )
