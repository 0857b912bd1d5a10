"""Nearest-rank percentiles, rates and quarters the KPI reports share."""

from datetime import date

import pytest

from server.domain.errors import InvalidValue
from server.domain.kpi import next_quarter, percentile, percentile_rank, quarter_bounds, rate


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([10, 20, 40], 50, 20),
        ([40, 10, 20, 15], 50, 15),  # 4 values: the median is the 2nd
        ([40, 10, 20, 15], 90, 40),  # ceil(3.6) = 4th
        (list(range(1, 11)), 90, 9),
        (list(range(1, 12)), 90, 10),
        ([7], 90, 7),
        ([], 50, None),
    ],
)
def test_percentiles_are_nearest_rank(values, percent, expected):
    assert percentile(values, percent) == expected


def test_the_rank_formula_is_ceil_of_p_times_n():
    assert [percentile_rank(n, 50) for n in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]
    with pytest.raises(InvalidValue):
        percentile_rank(3, 0)


def test_a_rate_over_nothing_is_unknown_not_zero():
    assert rate(0, 0) is None
    assert rate(1, 4) == 0.25


def test_quarters_run_from_the_first_to_the_last_day_of_three_months():
    assert quarter_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_bounds(2024, 1)[1] == date(2024, 3, 31)
    assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert next_quarter(2026, 4) == (2027, 1)
    with pytest.raises(InvalidValue):
        quarter_bounds(2026, 5)
