"""The named KPI tables: which query each runs, its CSV columns, and which ones only
supervisors see. Every table is served as JSON and as CSV (GET /api/v1/kpi/<name>)."""

from __future__ import annotations

from typing import Any

from server.kpi.params import KpiFilters
from server.kpi.queries import (
    ClockFigures,
    breach_reasons,
    calls,
    complaint_deadlines,
    complaints,
    first_time_fix,
    give_sorts_memory,
    loaners,
    on_time,
    parts,
    plan,
    repeat_failures,
    satisfaction,
    satisfaction_by_engineer,
    times,
    work_mix,
)

#: name -> (function, CSV columns). Every table is also served as CSV.
TABLES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "on-time": (on_time, ("group", "clock", "met", "late", "total", "on_time_percent")),
    "times": (
        times,
        ("clock", "stopped", "business_median_minutes", "business_p90_minutes",
         "wall_median_minutes", "wall_p90_minutes"),
    ),
    "breach-reasons": (
        breach_reasons,
        ("reason", "breaches", "customer_told", "response", "remote", "arrival", "restore",
         "resolve", "share_percent"),
    ),
    "first-time-fix": (
        first_time_fix,
        ("repairs", "sent_back", "repeated", "first_time_fixes", "first_time_fix_percent",
         "repeat_window_days"),
    ),
    "repeat-failures": (
        repeat_failures,
        ("serial", "model", "customer", "defect_code", "repairs", "last_reported_at"),
    ),
    "satisfaction": (
        satisfaction,
        ("key", "label_zh", "label_en", "answers", "average", "satisfied_percent"),
    ),
    "satisfaction-engineers": (
        satisfaction_by_engineer,
        ("engineer", "answers", "average", "satisfied_percent"),
    ),
    "complaints": (
        complaints,
        ("complaints", "our_fault", "not_our_fault", "undecided", "requests",
         "complaint_rate_percent", "verified_in_time", "answered_in_time", "answer_overdue"),
    ),
    "complaint-deadlines": (
        complaint_deadlines,
        ("number", "customer", "received_at", "verify_due_at", "verify_state",
         "answer_due_at", "answer_state"),
    ),
    "calls": (
        calls,
        ("calls", "solved_by_phone", "remote_session", "visit_needed", "not_ours",
         "attached", "first_calls", "solved_on_first_call", "first_call_resolution_percent"),
    ),
    "plan": (plan, ("kind", "planned", "done", "done_on_time", "overdue", "done_percent")),
    "parts": (
        parts,
        ("part_number", "name", "quantity", "cost_cents", "free_cost_cents",
         "chargeable_cost_cents"),
    ),
    "work-mix": (work_mix, ("warranty_status", "work", "repairs", "share_percent")),
    "loaners": (
        loaners,
        ("work_order", "customer", "description", "serial", "issued_at", "due_back_on",
         "overdue"),
    ),
}  # fmt: skip
#: Tables only supervisors and admins see (complaints are handled apart from the team).
SUPERVISOR_TABLES = ("complaints", "complaint-deadlines")


def table(
    name: str,
    f: KpiFilters,
    group_by: str | None = None,
    figures: ClockFigures | None = None,
) -> list[dict[str, Any]]:
    """The rows of table ``name``. ``group_by`` groups on-time; ``figures`` are the period's
    clock_figures(f), when the caller has them already (on-time and times share them)."""
    give_sorts_memory()
    if name == "on-time":
        return on_time(f, group_by, figures)
    if name == "times":
        return times(f, figures)
    function, _columns = TABLES[name]
    return function(f)
