"""The back office's KPIs, each a SQL aggregate over stored facts (sla_outcomes,
work_order_outcomes, scheduled_visits, follow-ups, complaints, calls, part usages), so a
dashboard over 100,000 work orders is a handful of queries, not a Python loop.

- params.py     the period and filters (KpiFilters) from the query arguments
- queries.py    the SQL of each table, with the PostgreSQL / SQLite branches
- exports.py    the named tables, their CSV columns, who may see them; table()
- dashboard.py  every table, the targets and the headline figures

Definitions (docs/kpis.md explains them for the office):
- Period: work orders by the local date they were reported (follow-ups by when they
  happened, complaints by when received, planned visits by their plan date), first and
  last day included, in the organisation's timezone.
- Requests: work orders that came in from customers (every channel but "scheduled"); the
  SLA, first-time-fix, free/paid and complaint-rate figures count only these. Planned work
  is measured against its plan instead.
- Filters: centre (the assigned engineer's), engineer (assigned), customer, severity, zone
  (the site's). Follow-ups and complaints are filtered through their own customer and
  engineer, and through their work order for severity and zone.
- On time: per clock, met = stopped by its deadline; late = stopped after it, voided after
  it, or still running past it now; on-time rate = met / (met + late). Clocks voided in
  time, running within their deadline or untracked do not count either way.
- Times: minutes from start to stop of stopped clocks, on the SLA calendar (business) and
  on the wall clock; median and 90th percentile by nearest rank (server.domain.kpi).
- First-time fix: a resolved repair never sent back, and not followed within
  FIRST_TIME_FIX_DAYS of its (last) resolution by another repair of one of its devices
  with the same defect code. A repair without a defect code cannot be matched to a repeat.
- Satisfaction: scores 1-5 per survey question; satisfied = the "overall" score is 4 or 5.
- Complaint rate: complaints received in the period that were our own service's fault,
  divided by the requests reported in the period (cancelled requests not counted).
- Calls: hotline calls received in the period, filtered by their customer and duty
  engineer (and centre), and through their work order for severity and zone. First-call
  resolution: of the first calls (not "not ours", not attached to an order already open),
  the share solved on the phone.
- Loaners outstanding: loaners out at the end of the period (issued before it, not
  returned by it), through the dimension filters of their work order (not its period).
"""

from server.kpi.dashboard import dashboard
from server.kpi.exports import SUPERVISOR_TABLES, TABLES, table
from server.kpi.params import GROUPS, KpiFilters, filters_from
from server.kpi.queries import (
    clock_figures,
    first_time_fix,
    on_time,
    plan,
    satisfaction,
    times,
)

__all__ = [
    "GROUPS",
    "SUPERVISOR_TABLES",
    "TABLES",
    "KpiFilters",
    "clock_figures",
    "dashboard",
    "filters_from",
    "first_time_fix",
    "on_time",
    "plan",
    "satisfaction",
    "table",
    "times",
]
