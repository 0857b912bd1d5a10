"""Fee estimates: what a repair costs and which part the customer pays.

All money is integer fen (cents). Under warranty (status return / exchange / free_repair)
every line is free; after the warranty or under an exclusion (paid / excluded) every line is
chargeable, and the customer must consent before paid work starts.
- Parts: a part number listed in the contract's locked prices is charged at that price, any
  other part at cost.
- Labour: the minutes worked rounded up to the billing increment, at the hourly rate,
  rounded half up to the fen.
- Per-visit fee per visit and per-remote-session fee per session.
- Travel, per visit: a flat fee in the city; out of town either a flat fee or a price per km
  of the round trip.
Lines with a quantity or amount of 0 are left out.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from server.domain.errors import InvalidValue
from server.domain.settings import FeeTerms
from server.domain.warranty import FREE_STATUSES, STATUSES


@dataclass(frozen=True)
class FeeLine:
    kind: str  # "part" | "labour" | "visit" | "remote_session" | "travel"
    code: str | None  # the part number for parts
    quantity: int
    unit: str  # "piece" | "minute" | "visit" | "session" | "km"
    unit_cents: int | None  # None for labour, priced per hour
    amount_cents: int
    basis: str | None  # parts: "locked" | "cost"
    is_chargeable: bool


@dataclass(frozen=True)
class FeeEstimate:
    lines: tuple[FeeLine, ...]
    total_cents: int
    chargeable_cents: int
    free_cents: int
    requires_consent: bool


def labour_cents(minutes: int, fees_terms: FeeTerms) -> tuple[int, int]:
    """(billed minutes, amount): minutes rounded up to the increment, at the hourly rate."""
    increment = fees_terms["labour_increment_minutes"]
    billed = -(-minutes // increment) * increment if increment > 0 else minutes
    return billed, (billed * fees_terms["labour_cents_per_hour"] + 30) // 60


def estimate_fees(
    decision_status: str,
    parts: Iterable[Mapping[str, Any]],
    labour_minutes: int,
    visits: int,
    remote_sessions: int,
    travel: Mapping[str, Any] | None,
    fees_terms: FeeTerms,
) -> FeeEstimate:
    """Price a repair. `parts`: [{part_number, quantity, unit_cost_cents}];
    `travel`: {zone: "in_city"|"out_of_town", round_trip_km} for each visit (None: no travel).
    """
    if decision_status not in STATUSES:
        raise InvalidValue(f"unknown warranty status: {decision_status!r}")
    chargeable = decision_status not in FREE_STATUSES
    lines = [
        *(_part_line(part, fees_terms, chargeable) for part in parts),
        _labour_line(labour_minutes, fees_terms, chargeable),
        _line("visit", visits, "visit", fees_terms["visit_fee_cents"], chargeable),
        _line(
            "remote_session",
            remote_sessions,
            "session",
            fees_terms["remote_session_fee_cents"],
            chargeable,
        ),
        _travel_line(visits, travel, fees_terms, chargeable),
    ]
    lines = [line for line in lines if line.quantity > 0 and line.amount_cents > 0]
    total = sum(line.amount_cents for line in lines)
    chargeable_total = sum(line.amount_cents for line in lines if line.is_chargeable)
    return FeeEstimate(
        lines=tuple(lines),
        total_cents=total,
        chargeable_cents=chargeable_total,
        free_cents=total - chargeable_total,
        requires_consent=chargeable_total > 0,
    )


def _part_line(part: Mapping[str, Any], fees_terms: FeeTerms, chargeable: bool) -> FeeLine:
    part_number = part["part_number"]
    locked = fees_terms["locked_part_prices_cents"].get(part_number)
    unit_cents = part["unit_cost_cents"] if locked is None else locked
    quantity = part["quantity"]
    return FeeLine(
        kind="part",
        code=part_number,
        quantity=quantity,
        unit="piece",
        unit_cents=unit_cents,
        amount_cents=quantity * unit_cents,
        basis="cost" if locked is None else "locked",
        is_chargeable=chargeable,
    )


def _labour_line(minutes: int, fees_terms: FeeTerms, chargeable: bool) -> FeeLine:
    billed, amount = labour_cents(minutes, fees_terms)
    return FeeLine("labour", None, billed, "minute", None, amount, None, chargeable)


def _line(kind: str, quantity: int, unit: str, unit_cents: int, chargeable: bool) -> FeeLine:
    return FeeLine(kind, None, quantity, unit, unit_cents, quantity * unit_cents, None, chargeable)


def _travel_line(
    visits: int, travel: Mapping[str, Any] | None, fees_terms: FeeTerms, chargeable: bool
) -> FeeLine:
    rules = fees_terms["travel"]
    if travel is None:
        return _line("travel", 0, "visit", 0, chargeable)
    zone = travel["zone"]
    if zone == "in_city":
        return _line("travel", visits, "visit", rules["in_city_flat_cents"], chargeable)
    if zone != "out_of_town":
        raise InvalidValue(f"unknown zone: {zone!r}")
    if rules["out_of_town_mode"] == "flat":
        return _line("travel", visits, "visit", rules["out_of_town_flat_cents"], chargeable)
    km = visits * travel.get("round_trip_km", 0)
    return _line("travel", km, "km", rules["out_of_town_per_km_cents"], chargeable)
