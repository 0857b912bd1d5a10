"""The KPI dashboard: every table for the period, the targets, and a few headline figures."""

from __future__ import annotations

from typing import Any

from flask import current_app

from server.kpi.exports import SUPERVISOR_TABLES, TABLES, table
from server.kpi.params import KpiFilters
from server.kpi.queries import OVERALL, clock_figures, give_sorts_memory, percent, request_count


def dashboard(f: KpiFilters, *, with_complaints: bool) -> dict[str, Any]:
    """Every table for the period, the targets, and a few headline figures."""
    config = current_app.config
    give_sorts_memory()  # before the clocks' pass below, the heaviest query
    figures = clock_figures(f)  # PostgreSQL: on-time and times share this one pass
    tables = {
        name: table(name, f, figures=figures)
        for name in TABLES
        if with_complaints or name not in SUPERVISOR_TABLES
    }
    clocks = {row["clock"]: row["on_time_percent"] for row in tables["on-time"]}
    overall = next((row for row in tables["satisfaction"] if row["key"] == OVERALL), None)
    planned = sum(row["planned"] for row in tables["plan"])
    summary = {
        "requests": request_count(f),
        "response_on_time_percent": clocks.get("response"),
        "arrival_on_time_percent": clocks.get("arrival"),
        "resolve_on_time_percent": clocks.get("resolve"),
        "first_time_fix_percent": tables["first-time-fix"][0]["first_time_fix_percent"],
        "satisfied_percent": overall["satisfied_percent"] if overall else None,
        "complaint_rate_percent": (
            tables["complaints"][0]["complaint_rate_percent"] if with_complaints else None
        ),
        "calls": tables["calls"][0]["calls"],
        "first_call_resolution_percent": tables["calls"][0]["first_call_resolution_percent"],
        "plan_done_percent": percent(sum(row["done"] for row in tables["plan"]), planned),
        "parts_cost_cents": sum(row["cost_cents"] for row in tables["parts"]),
        "loaners_outstanding": len(tables["loaners"]),
        "loaners_overdue": sum(1 for row in tables["loaners"] if row["overdue"]),
    }
    return {
        "filters": f.as_json(),
        "as_of": f.now,
        "targets": {
            "on_time_percent": config["KPI_ON_TIME_TARGET"],
            "complaint_rate_percent": config["KPI_COMPLAINT_RATE_TARGET"],
            "satisfied_percent": config["KPI_SATISFACTION_TARGET"],
        },
        "summary": summary,
        "tables": tables,
    }
