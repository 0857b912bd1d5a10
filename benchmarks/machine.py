"""How quick this machine is when a benchmark's section is written, so that figures from
different days can be told apart from changes in the code: the same code's push cost
was 0.96 ms a create one evening and 1.95 ms the next day on this machine.

Two readings, each the least of several short runs (a busy machine adds, never removes):

- **reference Python work**: CPU milliseconds of a fixed piece of pure Python, the kind
  of work a sync request does (dicts built, strings formatted, sorted and joined, JSON
  written and read). It does not call the app, so a change to the app never moves it.
- **PostgreSQL round trip**: client CPU microseconds of ``SELECT 1`` over TCP, when a
  PostgreSQL is reachable.
"""

from __future__ import annotations

import json
import time

from .load import PG_ADMIN

RUNS = 7
ROWS = 5_000
ROUND_TRIPS = 500


def _reference_work() -> int:
    rows = [
        {"id": f"{n:032x}", "number": f"WO-{n:06d}", "status": "accepted", "severity": n % 4}
        for n in range(ROWS)
    ]
    rows.sort(key=lambda row: (row["severity"], row["id"]))
    text = json.dumps(rows, separators=(",", ":"))
    again = json.loads(text)
    return sum(len(row["number"]) for row in again) + len("".join(r["id"] for r in rows))


def python_reference_ms() -> float:
    """CPU milliseconds of the reference Python work (the least of RUNS runs)."""
    best = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        _reference_work()
        best = min(best, time.process_time() - started)
    return 1000 * best


def postgres_round_trip_us() -> float | None:
    """Client CPU microseconds of one ``SELECT 1`` over TCP (the least of RUNS runs of
    ROUND_TRIPS), or None without a reachable PostgreSQL."""
    try:
        import psycopg

        # The benches' PostgreSQL (PG_ADMIN_URL), as libpq names it.
        connection = psycopg.connect(PG_ADMIN.replace("+psycopg", ""), connect_timeout=3)
    except Exception:  # no PostgreSQL here
        return None
    best = float("inf")
    with connection:
        for _ in range(RUNS):
            started = time.process_time()
            for _ in range(ROUND_TRIPS):
                connection.execute("SELECT 1").fetchone()
            best = min(best, time.process_time() - started)
    return 1e6 * best / ROUND_TRIPS


def speed_note() -> str:
    """The readings as a clause of a section's stamp."""
    note = f"reference Python work {python_reference_ms():.1f} ms of CPU"
    round_trip = postgres_round_trip_us()
    if round_trip is not None:
        note += f", a PostgreSQL round trip {round_trip:.0f} µs of client CPU"
    return note
