"""Slow phones must not starve the server (issue 14): normal sync traffic measured alone,
then again while 50 connections sit open and silent (25 with nothing sent, 25 with half a
request), on the gunicorn settings of gunicorn.conf.py over PostgreSQL. A measurement: it
fails only if requests fail or a worker is killed; skipped without PostgreSQL."""

from __future__ import annotations

import pytest

from .load import main, p95
from .report import write_section

ENGINEERS = "20"
SECONDS = "45"


def _run(*extra: str) -> dict:
    return main(["--steps", ENGINEERS, "--engineers", ENGINEERS, "--seconds", SECONDS,
                 *extra])  # fmt: skip


def test_slow_phones_do_not_starve_the_server():
    try:
        alone = _run()
    except Exception as error:  # no PostgreSQL here
        pytest.skip(f"PostgreSQL not reachable: {error}")
    crowded = _run("--silent", "25", "--partial", "25")
    rows = []
    for label, outcome in (("sync traffic alone", alone), ("with 50 slow connections", crowded)):
        result = outcome["results"][int(ENGINEERS)]
        failed = sum(e["errors"] for e in result["endpoints"].values())
        rows.append(
            f"| {label} | {result['requests_per_s']:.1f} | {p95(result):.0f} | {failed} "
            f"| {outcome['workers_killed']} |"
        )
    body = (
        f"{ENGINEERS} simulated engineers for {SECONDS} s against gunicorn.conf.py "
        f"({alone['workers']} processes of server/gunicorn_worker.py × {alone['threads']} "
        "threads) on PostgreSQL, alone and with 50 "
        "phones losing their signal mid-request, one every second or so through the run, each "
        "connection held open: 25 send nothing, 25 send part of a request (half a head, or a "
        "head and the first byte of its body) and stop. Target: p95 unaffected, no worker "
        "killed.\n\n"
        "| run | requests/s | push/pull p95 ms | errors | workers killed |\n"
        "|---|---|---|---|---|\n" + "\n".join(rows)
    )
    print(body)
    write_section("Slow clients", body)
    assert crowded["workers_killed"] == 0
    assert all(
        e["errors"] == 0
        for outcome in (alone, crowded)
        for e in outcome["results"][int(ENGINEERS)]["endpoints"].values()
    )
