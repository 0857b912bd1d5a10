from datetime import date

import pytest

from server.domain.errors import InvalidValue, WarrantyNotStarted
from server.domain.settings import default_contract_settings
from server.domain.warranty import (
    count_repairs,
    warranty_decision,
    warranty_end_on,
    warranty_start_on,
)

TERMS = default_contract_settings()["warranty"]


def make_device(**overrides):
    device = {
        "serial": "SN-1",
        "model": "DS-2CD2143",
        "manufacturer": "Hikvision",
        "device_class": "main",
        "sold_on": None,
        "delivered_on": None,
        "installed_on": None,
        "commissioned_on": None,
        "accepted_on": "2024-05-10",
        "first_used_on": None,
        "purchased_on": None,
        "manufacturer_warranty_months": None,
        "replaces_serial": None,
    }
    return {**device, **overrides}


def test_exchange_window_ends_on_day_30():
    assert warranty_decision(make_device(), [], TERMS, "2024-06-08").status == "exchange"
    assert warranty_decision(make_device(), [], TERMS, "2024-06-09").status == "free_repair"


def test_return_window_ends_on_day_7():
    assert warranty_decision(make_device(), [], TERMS, "2024-05-16").status == "return"
    assert warranty_decision(make_device(), [], TERMS, "2024-05-17").status == "exchange"


@pytest.mark.parametrize(
    ("start_on", "months", "end_on"),
    [
        ("2024-05-10", 12, date(2025, 5, 9)),
        ("2024-02-29", 12, date(2025, 2, 28)),
        ("2024-02-29", 48, date(2028, 2, 28)),
        ("2023-03-01", 12, date(2024, 2, 29)),
        ("2024-01-31", 1, date(2024, 2, 29)),
        ("2023-01-31", 1, date(2023, 2, 28)),
        ("2024-01-01", 36, date(2026, 12, 31)),
    ],
)
def test_a_warranty_ends_the_day_before_its_anniversary_or_at_month_end(start_on, months, end_on):
    assert warranty_end_on(start_on, months) == end_on


def test_dates_may_be_given_as_date_objects():
    decision = warranty_decision(
        make_device(accepted_on=date(2024, 5, 10)), [], TERMS, date(2024, 5, 11)
    )
    assert (decision.status, decision.day, decision.start_on) == ("return", 2, date(2024, 5, 10))


def test_the_start_date_is_unknown_until_the_start_event_happens():
    assert warranty_start_on(make_device(accepted_on=None), TERMS) is None


def test_a_fault_before_acceptance_raises_warranty_not_started():
    with pytest.raises(WarrantyNotStarted):
        warranty_decision(make_device(accepted_on=None), [], TERMS, "2024-06-01")


def test_an_unknown_device_class_is_an_invalid_value():
    with pytest.raises(InvalidValue):
        warranty_decision(make_device(device_class="gadget"), [], TERMS, "2024-06-01")


def test_an_unknown_start_event_is_an_invalid_value():
    with pytest.raises(InvalidValue):
        warranty_decision(make_device(), [], {**TERMS, "start_event": "birthday"}, "2024-06-01")


def test_only_repairs_inside_the_warranty_count_towards_the_lemon_rule():
    history = [
        {"on": "2024-05-09", "kind": "repair", "defect_code": "NO_VIDEO", "serial": "SN-1"},
        {"on": "2024-07-01", "kind": "repair", "defect_code": "NO_VIDEO", "serial": "SN-1"},
        {"on": "2024-08-01", "kind": "return", "defect_code": "NO_VIDEO", "serial": "SN-1"},
    ]
    assert count_repairs(history, "SN-1", "NO_VIDEO", date(2024, 5, 10), date(2025, 5, 9)) == 1


def test_a_lemon_in_the_return_window_stays_a_return():
    history = [
        {"on": "2024-05-11", "kind": "repair", "defect_code": "NO_VIDEO", "serial": "SN-1"},
        {"on": "2024-05-12", "kind": "repair", "defect_code": "NO_VIDEO", "serial": "SN-1"},
    ]
    decision = warranty_decision(
        make_device(), history, TERMS, "2024-05-13", defect_code="NO_VIDEO"
    )
    assert (decision.status, decision.remedy, decision.is_lemon) == ("return", "exchange", True)


def test_a_decision_lists_free_statuses_as_free():
    assert warranty_decision(make_device(), [], TERMS, "2024-09-01").is_free
    assert not warranty_decision(make_device(), [], TERMS, "2025-09-01").is_free
