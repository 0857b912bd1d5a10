"""Warranty decisions: is this fault on this device, on this day, returned, exchanged, repaired
free, or paid? (三包: 包退 return, 包换 exchange, 保修 free repair.)

The rules, with the numbers taken from the contract's warranty terms (settings.WarrantyTerms):
- The warranty starts on the date of the contract's start event; "day_after_acceptance" is
  the day after `accepted_on`. The start date is day 1.
- Length: months for the device class; a manufacturer's longer warranty wins. It ends the day
  before the same day of the month N months later; when that month lacks the day, on the
  month's last day (1 year from 2024-02-29 ends 2025-02-28).
- Return on days 1..return_days (7), exchange up to exchange_until_day (30), free repair from
  then to the end. Return and exchange need a quality fault confirmed by an engineer.
- A replacement (`replaces_serial` set) restarts its own warranty from its own `installed_on`
  when the contract says so; otherwise it keeps the warranty of the unit it replaced.
- Lemon: once the same defect was repaired `lemon_threshold` (2) times within the warranty,
  that defect is remedied by an exchange for the same brand and model; if a unit that came
  in by exchange fails again with the defect it was exchanged for, the remedy is a refund.
- Excluded (paid): a listed exclusion applies, a consumable, a peripheral not covered.
  Exclusions are checked first, then the end date, then the day windows.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from server.domain.dates import ONE_DAY, DateLike, days_in_month, parse_date, shift_month
from server.domain.errors import InvalidValue, WarrantyNotStarted
from server.domain.settings import DEVICE_CLASSES, START_EVENTS, WarrantyTerms

STATUSES = ("return", "exchange", "free_repair", "paid", "excluded")
FREE_STATUSES = ("return", "exchange", "free_repair")

# The device field each start event reads.
_START_FIELDS = {
    "sale": "sold_on",
    "delivery": "delivered_on",
    "installation": "installed_on",
    "commissioning": "commissioned_on",
    "acceptance": "accepted_on",
    "first_use": "first_used_on",
    "purchase": "purchased_on",
    "day_after_acceptance": "accepted_on",
}


@dataclass(frozen=True)
class WarrantyDecision:
    status: str  # one of STATUSES
    reasons: tuple[str, ...]  # machine codes, e.g. "exchange_window", "exclusion:lightning"
    start_on: date | None
    end_on: date | None
    months: int | None
    day: int | None  # day number counted from start_on = 1
    is_free: bool
    is_lemon: bool
    remedy: str | None  # "exchange" | "refund" when the lemon rule applies
    requires_fault_confirmation: bool


def warranty_end_on(start_on: DateLike, months: int) -> date:
    """Last day of a warranty of `months` starting on `start_on` (day 1)."""
    start = parse_date(start_on)
    year, month = shift_month(start.year, start.month, months)
    if start.day > days_in_month(year, month):
        return date(year, month, days_in_month(year, month))
    return date(year, month, start.day) - ONE_DAY


def warranty_start_on(device: Mapping[str, Any], terms: WarrantyTerms) -> date | None:
    """The date of the contract's start event for this device (None when not yet known)."""
    event = terms["start_event"]
    if event not in START_EVENTS:
        raise InvalidValue(f"unknown warranty start event: {event!r}")
    value = device.get(_START_FIELDS[event])
    if value is None:
        return None
    start = parse_date(value)
    return start + ONE_DAY if event == "day_after_acceptance" else start


def warranty_months(device: Mapping[str, Any], terms: WarrantyTerms) -> tuple[int, bool]:
    """(months, whether the manufacturer's longer warranty set them)."""
    months = terms["months"][_device_class(device)]
    manufacturer = device.get("manufacturer_warranty_months")
    if terms["manufacturer_longer_wins"] and manufacturer is not None and manufacturer > months:
        return manufacturer, True
    return months, False


def coverage_exclusions(
    device: Mapping[str, Any], terms: WarrantyTerms, exclusions: Iterable[str] = ()
) -> list[str]:
    """Reasons the fault is excluded: the device class, then each listed exclusion that applies.

    An exclusion code the contract does not list is not an exclusion under that contract.
    """
    reasons = []
    device_class = _device_class(device)
    if device_class == "consumable" and not terms["covers_consumables"]:
        reasons.append("consumable_not_covered")
    if device_class == "peripheral" and not _is_peripheral_covered(device, terms):
        reasons.append("peripheral_not_covered")
    reasons.extend(f"exclusion:{code}" for code in exclusions if code in terms["exclusion_codes"])
    return reasons


def count_repairs(
    history: Iterable[Mapping[str, Any]],
    serial: str,
    defect_code: str,
    start_on: date,
    end_on: date,
) -> int:
    """Repairs of `defect_code` on `serial` dated within [start_on, end_on]."""
    return sum(
        1
        for event in history
        if event["kind"] == "repair"
        and event["serial"] == serial
        and event.get("defect_code") == defect_code
        and start_on <= parse_date(event["on"]) <= end_on
    )


def warranty_decision(
    device: Mapping[str, Any],
    history: Iterable[Mapping[str, Any]],
    terms: WarrantyTerms,
    on: DateLike,
    exclusions: Iterable[str] = (),
    *,
    defect_code: str | None = None,
    replaced: Mapping[str, Any] | None = None,
) -> WarrantyDecision:
    """Decide the warranty treatment of a fault on `device` reported `on` a date.

    `history` lists {on, kind: "repair"|"exchange"|"return", defect_code, serial} for this
    device and the unit it replaced; an "exchange" event's serial is the unit taken out.
    `defect_code` is the fault being decided (None: judge the lemon rule on history alone).
    `replaced` is the device this one replaced; its dates give the warranty when the contract
    does not restart it (without it, this device's own start-event date is used).
    Raises WarrantyNotStarted when the start date is unknown or after `on`, unless excluded.
    """
    day_on = parse_date(on)
    history = [event for event in history if parse_date(event["on"]) <= day_on]
    excluded_by = coverage_exclusions(device, terms, exclusions)
    reasons = list(excluded_by)
    start_on, start_reason = _start_on(device, terms, replaced)
    months, by_manufacturer = warranty_months(device, terms)
    if start_reason:
        reasons.append(start_reason)
    if by_manufacturer:
        reasons.append("manufacturer_warranty")
    if start_on is None or start_on > day_on:
        if excluded_by:
            end_on = None if start_on is None else warranty_end_on(start_on, months)
            return _decision("excluded", reasons, start_on, end_on, months, None, terms)
        raise WarrantyNotStarted(f"warranty of {device.get('serial')} not started on {day_on}")

    end_on = warranty_end_on(start_on, months)
    day = (day_on - start_on).days + 1
    if excluded_by:
        return _decision("excluded", reasons, start_on, end_on, months, day, terms)
    if day_on > end_on:
        return _decision(
            "paid", [*reasons, "warranty_expired"], start_on, end_on, months, day, terms
        )

    if day <= terms["return_days"]:
        status, window = "return", "return_window"
    elif day <= terms["exchange_until_day"]:
        status, window = "exchange", "exchange_window"
    else:
        status, window = "free_repair", "free_repair_period"
    reasons.append(window)

    remedy = _lemon_remedy(device, history, terms, defect_code, start_on, end_on)
    if remedy == "refund":
        status = "return"
        reasons.append("lemon_refund")
    elif remedy == "exchange":
        status = "return" if status == "return" else "exchange"
        reasons.append("lemon_exchange")
    return _decision(status, reasons, start_on, end_on, months, day, terms, remedy)


def _start_on(
    device: Mapping[str, Any], terms: WarrantyTerms, replaced: Mapping[str, Any] | None
) -> tuple[date | None, str | None]:
    if not device.get("replaces_serial"):
        return warranty_start_on(device, terms), None
    if terms["replacement_restarts_warranty"]:
        installed_on = device.get("installed_on")
        if installed_on is not None:
            return parse_date(installed_on), "replacement_restarted_warranty"
        return warranty_start_on(device, terms), "replacement_restarted_warranty"
    if replaced is not None:
        return warranty_start_on(replaced, terms), "replacement_kept_warranty"
    return warranty_start_on(device, terms), "replacement_kept_warranty"


def _lemon_remedy(
    device: Mapping[str, Any],
    history: list[Mapping[str, Any]],
    terms: WarrantyTerms,
    defect_code: str | None,
    start_on: date,
    end_on: date,
) -> str | None:
    serial = device["serial"]
    own_repairs = [e for e in history if e["kind"] == "repair" and e["serial"] == serial]
    failing = {defect_code} if defect_code else {e.get("defect_code") for e in own_repairs}
    failing.discard(None)

    exchanged_for = {
        event.get("defect_code")
        for event in history
        if event["kind"] == "exchange" and event["serial"] == device.get("replaces_serial")
    }
    if device.get("replaces_serial") and failing & exchanged_for:
        return "refund"

    threshold = terms["lemon_threshold"]
    for code in sorted(failing):
        if count_repairs(history, serial, code, start_on, end_on) >= threshold:
            return "exchange"
    return None


def _decision(
    status: str,
    reasons: list[str],
    start_on: date | None,
    end_on: date | None,
    months: int,
    day: int | None,
    terms: WarrantyTerms,
    remedy: str | None = None,
) -> WarrantyDecision:
    return WarrantyDecision(
        status=status,
        reasons=tuple(reasons),
        start_on=start_on,
        end_on=end_on,
        months=months,
        day=day,
        is_free=status in FREE_STATUSES,
        is_lemon=remedy is not None,
        remedy=remedy,
        requires_fault_confirmation=(
            terms["fault_confirmation_required"] and status in ("return", "exchange")
        ),
    )


def _device_class(device: Mapping[str, Any]) -> str:
    device_class = device.get("device_class")
    if device_class not in DEVICE_CLASSES:
        raise InvalidValue(f"unknown device class: {device_class!r}")
    return device_class


def _is_peripheral_covered(device: Mapping[str, Any], terms: WarrantyTerms) -> bool:
    coverage = terms["peripheral_coverage"]
    if coverage == "listed":
        return device.get("model") in terms["covered_peripheral_models"]
    return coverage == "all"
