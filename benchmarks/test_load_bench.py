"""The load test (benchmarks/load.py) as part of `make bench`: simulated engineers over
HTTP against gunicorn on PostgreSQL; skipped without PostgreSQL. A measurement: it fails
only if requests fail."""

from __future__ import annotations

import pytest

from .load import main, p95
from .report import write_section


def test_simulated_engineers_against_one_server():
    try:
        outcome = main(["--steps", "20,50,100,150,200", "--engineers", "200", "--seconds", "60"])
    except Exception as error:  # no PostgreSQL here
        pytest.skip(f"PostgreSQL not reachable: {error}")
    # one more server on the same database: two gunicorns of half the workers each
    half = max(1, outcome["workers"] // 2)
    two = main(["--steps", "200", "--engineers", "200", "--seconds", "60", "--servers", "2",
                "--workers", str(half), "--port", "8793"])  # fmt: skip
    lines = [
        "| engineers | requests/s | pull p50 / p95 / p99 ms | push p50 / p95 / p99 ms | errors "
        "| server CPU ms per request (gunicorn + PostgreSQL) | other processes' CPU s |",
        "|---|---|---|---|---|---|---|",
    ]
    errors = 0
    runs = [(str(n), r) for n, r in sorted(outcome["results"].items())]
    workers = f"{half} worker" + ("s" if half > 1 else "")
    runs.append((f"200 over 2 servers × {workers}", two["results"][200]))
    for n, result in runs:
        cells = []
        for name in ("pull", "push"):
            e = result["endpoints"].get(name, {"p50_ms": 0, "p95_ms": 0, "p99_ms": 0})
            cells.append(f"{e['p50_ms']:.0f} / {e['p95_ms']:.0f} / {e['p99_ms']:.0f}")
        failed = sum(e["errors"] for e in result["endpoints"].values())
        errors += failed
        lines.append(
            f"| {n} | {result['requests_per_s']:.1f} | {cells[0]} | {cells[1]} | {failed} "
            f"| {result['server_cpu_ms_per_request']:.1f} | {result['cpu_s']['other']:.0f} |"
        )
    body = (
        f"gunicorn (gunicorn.conf.py), {outcome['workers']} processes × "
        f"{outcome['threads']} threads, "
        "PostgreSQL on the same 2-core machine; every phone logs in and takes its first "
        "full pull before the timed window (once a day, not every few seconds: a login "
        "costs a deliberately slow password hash) and pushes three batches of earlier work, "
        "and every table is analysed (a database in service holds history and its "
        "statistics); then each engineer pulls (naming the "
        "rows his last push answer brought, as the webapp does), then pushes "
        "5–20 mutations (notes 60 %, parts used 10 %, diagnosis edits 20 %, status "
        "actions 10 %) with 1–5 s think time, "
        "for 60 s per step"
        + (
            " (this machine's PostgreSQL runs with autovacuum off: the test analyses and "
            "vacuums the tables as autovacuum would, benchmarks/load.py `Autovacuum`)"
            if outcome.get("autovacuum_emulated")
            else ""
        )
        + ". Server CPU per request is what the server processes used (a busy "
        "machine leaves it nearly unchanged, unlike the latencies: see the other processes' "
        "CPU). Largest N with push and pull p95 under 300 ms: "
        f"**{outcome['capacity_p95_under_300ms']}** (max p95 at the largest N: "
        f"{p95(outcome['results'][max(outcome['results'])]):.0f} ms).\n\n" + "\n".join(lines)
    )
    print(body)
    write_section("Load: simulated engineers", body)
    assert errors == 0
