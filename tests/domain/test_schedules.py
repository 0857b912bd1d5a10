from datetime import date

import pytest

from server.domain.errors import InvalidValue
from server.domain.schedules import next_follow_up_dates, next_inspection_dates


def test_no_inspection_is_planned_after_the_contract_end():
    dates = next_inspection_dates(
        "2024-01-01", {"cadence": "monthly"}, until_on="2030-01-01", contract_end_on="2024-06-15"
    )
    assert dates[-1] == date(2024, 6, 1)


def test_an_unknown_cadence_is_an_invalid_value():
    with pytest.raises(InvalidValue):
        next_inspection_dates("2024-01-01", {"cadence": "fortnightly"}, until_on="2024-12-31")


def test_a_follow_up_cadence_of_zero_months_is_refused_instead_of_looping():
    with pytest.raises(InvalidValue):
        next_follow_up_dates(
            "2024-01-01", {"first_within_months": 6, "every_months": 0}, until_on="2024-12-31"
        )
