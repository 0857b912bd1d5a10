"""The hostile client of issue 15 at a large size: tests/sync/hostile.py's state machine
(three phones with fast and slow clocks, answers lost, batches repeated, reordered and
rebuilt under new seqs, new mutations at used seqs, the server killed mid-push, an office
editing through REST with If-Match) run for many more examples and steps than in
`make test`, on SQLite in memory and on PostgreSQL when reachable. Reports mutations
acknowledged per second and the lost / duplicated / diverged counts, which must be 0.
Written to docs/benchmarks.md, "Hostile clients". HOSTILE_BENCH_EXAMPLES and
HOSTILE_BENCH_STEPS change the size."""

from __future__ import annotations

import os
import time

from sqlalchemy import create_engine, text

from server import create_app
from server.config import TestConfig
from server.extensions import db
from tests.sync.hostile import TEST_EXAMPLES, TEST_STEPS, Tally, run_hostile_clients

from .report import write_section

EXAMPLES = int(os.environ.get("HOSTILE_BENCH_EXAMPLES", "40"))
STEPS = int(os.environ.get("HOSTILE_BENCH_STEPS", "100"))
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "aftercare_hostile_bench"


def _databases():
    yield "SQLite", "sqlite://"
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
        admin.dispose()
    except Exception:  # no PostgreSQL here
        return
    yield "PostgreSQL", PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DATABASE


def _run(url: str) -> tuple[Tally, float]:
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        tally = run_hostile_clients(app.test_client(), EXAMPLES, STEPS)
        seconds = time.perf_counter() - started
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return tally, seconds


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / max(whole, 1):.1f} %"


def _row(name: str, tally: Tally, seconds: float) -> str:
    cells = [
        name,
        f"{tally.examples} / {tally.steps:,}",
        f"{tally.mutations_made:,}",
        f"{tally.acknowledged:,}",
        f"**{tally.acknowledged / seconds:.1f}** ({tally.acknowledged / tally.push_seconds:.0f})",
        f"{tally.pushes:,} ({tally.pushes / seconds:.1f}/s)",
        f"{tally.duplicate_answers:,}",
        f"{tally.answers_dropped:,}",
        f"{tally.killed_mid_batch} / {tally.killed_at_commit}",
        f"{tally.batches_with_repeats} / {tally.outboxes_rebuilt} / {tally.seq_reused}",
        f"{tally.creates_clock_ahead} / {tally.creates_clock_behind} / {tally.steps_clock_ahead}",
        f"{tally.office_saves} / {tally.office_refused_412}",
        f"{tally.conflicts} / {tally.late} / {tally.rejected}",
        f"{tally.pulled_rows:,} / **{_percent(tally.redundant_rows, tally.pulled_rows)}**",
        f"**{tally.lost}** / **{tally.duplicated}** / **{tally.diverged}**",
    ]
    return "| " + " | ".join(cells) + " |"


def test_hostile_clients_at_scale():
    results = {name: _run(url) for name, url in _databases()}
    rows = [_row(name, tally, seconds) for name, (tally, seconds) in results.items()]
    header = (
        "database",
        "examples / steps",
        "mutations made",
        "acknowledged",
        "acknowledged/s (per s of push time)",
        "pushes",
        "resends answered as duplicates",
        "answers dropped",
        "killed mid-batch / at commit",
        "batches with repeats / rebuilt / seq reused",
        "creates clock ahead / behind, steps ahead",
        "office saves / 412",
        "conflicts / late / rejected",
        "rows pulled / already held at that version",
        "lost / duplicated / diverged",
    )
    body = (
        f"tests/sync/hostile.py at {EXAMPLES} examples of up to {STEPS} steps (`make test` "
        f"runs it at {TEST_EXAMPLES} × {TEST_STEPS}): three phones (one engineer's two, "
        "another's one) with clocks from 3 hours slow to 30 minutes fast, answers lost, "
        "batches sent twice, reversed, with a mutation twice in one batch, outboxes rebuilt "
        "under new seqs, new mutations at used seqs, the server killed mid-push (after some "
        "mutations, or at its commit) with the phone resending everything unacknowledged, "
        "and an office editor saving with If-Match while the phones push. Each example ends "
        "with everyone synced and is then checked. Flask test client (no HTTP), one "
        "process. Acknowledged/s is over the whole run, which includes every check, pull, "
        "office request and each example's fresh database; in brackets, over the time "
        "spent in push requests alone.\n\n"
        "| " + " | ".join(header) + " |\n" + "|---" * len(header) + "|\n" + "\n".join(rows) + "\n\n"
        "Lost: a mutation not kept with the status first answered, an applied record "
        "missing, a pushed field value neither current, nor superseded by a write that "
        "knew it, nor kept in a conflict record, or a conflict, late change or rejection "
        "not listed for the office. Duplicated: a mutation answered as new twice, an edit "
        "recorded twice. Diverged: a record on a phone that differs from the server's."
    )
    print(body)
    write_section("Hostile clients", body)
    for tally, _seconds in results.values():
        assert (tally.lost, tally.duplicated, tally.diverged) == (0, 0, 0)
