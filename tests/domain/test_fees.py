import pytest

from server.domain.errors import InvalidValue
from server.domain.fees import estimate_fees, labour_cents
from server.domain.settings import default_contract_settings

FEES = default_contract_settings()["fees"]


def test_money_is_integer_fen_everywhere():
    estimate = estimate_fees(
        "paid",
        [{"part_number": "PN-1", "quantity": 3, "unit_cost_cents": 333}],
        7,
        1,
        1,
        {"zone": "out_of_town", "round_trip_km": 33},
        {**FEES, "labour_increment_minutes": 0, "labour_cents_per_hour": 7777},
    )
    amounts = [line.amount_cents for line in estimate.lines] + [estimate.total_cents]
    assert all(type(amount) is int for amount in amounts)


def test_labour_rounds_up_to_the_increment_before_pricing():
    assert labour_cents(1, FEES) == (30, 5000)
    assert labour_cents(0, FEES) == (0, 0)


def test_an_unknown_travel_zone_is_an_invalid_value():
    with pytest.raises(InvalidValue):
        estimate_fees("paid", [], 0, 1, 0, {"zone": "moon", "round_trip_km": 1}, FEES)


def test_free_and_chargeable_totals_add_up_to_the_total():
    estimate = estimate_fees("free_repair", [], 60, 1, 1, {"zone": "in_city"}, FEES)
    assert estimate.free_cents + estimate.chargeable_cents == estimate.total_cents
    assert not estimate.requires_consent
