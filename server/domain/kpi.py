"""Small rules the KPI reports share: rates, nearest-rank percentiles, quarters.

Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at rank
ceil(p x n) (1-based), so it is always one of the values (the median of 4 values is the
2nd). The SQL queries in server.kpi.queries compute the same ranks.
"""

from collections.abc import Sequence
from datetime import date

from server.domain.dates import add_months
from server.domain.errors import InvalidValue


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (no data is not 0%)."""
    return None if whole == 0 else part / whole


def percentile_rank(n: int, percent: int) -> int:
    """The 1-based rank of the ``percent``-th percentile among ``n`` values: ceil(p x n)."""
    if not 0 < percent <= 100:
        raise InvalidValue(f"percent must be in 1..100, got {percent}")
    return max(1, (percent * n + 99) // 100)


def percentile(values: Sequence[int | float], percent: int) -> int | float | None:
    """Nearest-rank percentile of ``values`` (None for no values)."""
    if not values:
        return None
    return sorted(values)[percentile_rank(len(values), percent) - 1]


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter (1-4)."""
    if quarter not in (1, 2, 3, 4):
        raise InvalidValue(f"quarter must be 1-4, got {quarter}")
    first = date(year, 3 * quarter - 2, 1)
    return first, date.fromordinal(add_months(first, 3).toordinal() - 1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)
