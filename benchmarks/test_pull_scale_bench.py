"""Pull cost per record as the scope grows (issue 13): a fresh phone's full pull of 1k, 5k,
20k, 50k and 100k devices in its engineer's scope, the server's page size, through HTTP (Flask
test client) and the sync engine. The target is a flat cost: within 20 % from 1k to 100k.
Also the SQL statements of one page, which must not grow with the scope. A measurement:
it fails only if a pull misses records. Written to docs/benchmarks.md, "Pull cost by
scope size"."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

from server import create_app
from server.config import TestConfig
from server.extensions import db
from server.gc_tuning import settle_heap
from server.models import Device
from server.sync.versioning import transaction_version
from tests.sql_counting import counting_statements

from .report import write_section
from .test_sync_bench import _databases, _world

SIZES = (1_000, 5_000, 20_000, 50_000, 100_000)
#: Each size's figure is the quickest of PULLS full pulls (a busy machine adds, never
#: removes), after WARM_UP_PULLS at the first size.
PULLS = 3
WARM_UP_PULLS = 3


def _add_devices(system_id: uuid.UUID, start: int, stop: int) -> None:
    now = datetime.now(UTC)
    # This transaction's version, as any write takes it (server.sync.versioning): a pull
    # covers the versions of finished transactions only.
    version = transaction_version(db.session)
    for first in range(start, stop, 10_000):
        db.session.execute(
            db.insert(Device),
            [
                {"id": uuid.uuid4(), "system_id": system_id, "serial": f"SN{i:07d}",
                 "model": "DS-2CD3T46", "manufacturer": "海康威视",
                 "device_class": "peripheral", "location": "", "version": "",
                 "ip_address": "", "status": "in_service",
                 "label_token": uuid.uuid4().hex[:16], "notes": "",
                 "row_version": version, "created_at": now, "updated_at": now}
                for i in range(first, min(first + 10_000, stop))
            ],
        )  # fmt: skip
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load: without it the planner
        # thinks the table as small as when it last looked, and sorts the scope per page.
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE devices")
            connection.commit()


def _full_pull(client, headers) -> tuple[int, float, int]:
    """(records, seconds, statements of the busiest page)."""
    cursor, records, busiest = None, 0, 0
    started = time.perf_counter()
    while True:
        body = {"schema_version": 1, "client_id": str(uuid.uuid4()),
                "client_time": datetime.now(UTC).isoformat(), "cursor": cursor}  # fmt: skip
        with counting_statements(db.engine) as statements:
            page = client.post("/api/v1/sync/pull", json=body, headers=headers).json
        busiest = max(busiest, len(statements))
        records += len(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            return records, time.perf_counter() - started, busiest


def _measure(url: str) -> dict[int, tuple[int, float, int]]:
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    figures = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        engineer, system, _ = _world()
        client = app.test_client()
        token = client.post(
            "/api/v1/auth/login", json={"username": "eng", "password": "bench-password"}
        ).json["token"]
        headers = {"Authorization": f"Bearer {token}"}
        settle_heap()  # the garbage collector as in a gunicorn worker (server/gc_tuning.py)
        held = 0
        for size in SIZES:
            _add_devices(system.id, held, size)
            held = size
            if size == SIZES[0]:
                # warm-up: a first pull's one-off costs are not per record, and psycopg
                # prepares a statement at its fifth run (a server in service has)
                for _ in range(WARM_UP_PULLS):
                    _full_pull(client, headers)
            pulls = [_full_pull(client, headers) for _ in range(PULLS)]
            records, seconds, busiest = min(pulls, key=lambda pull: pull[1])
            assert records >= size
            figures[size] = (records, seconds, busiest)
        # Not dropped: the file goes with its folder, PostgreSQL's database with the next
        # run (SQLite checks the foreign keys of every row a DROP TABLE deletes: minutes at
        # 100,000 devices).
        db.session.remove()
        db.engine.dispose()
    return figures


def test_pull_cost_per_record_stays_flat_as_the_scope_grows(tmp_path_factory):
    rows = []
    for name, url in _databases(tmp_path_factory):
        figures = _measure(url)
        first = figures[SIZES[0]][1] / figures[SIZES[0]][0]
        cells = []
        for size in SIZES:
            records, seconds, busiest = figures[size]
            per = seconds / records
            cells.append(f"{per * 1e6:.0f} µs ({per / first:.2f}×, {busiest} stmts)")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    body = (
        f"A fresh phone's full pull, {TestConfig.SYNC_PAGE_SIZE:,} records a page (the "
        "server's page size, the app's), Flask test client, the garbage "
        "collector set as in a gunicorn worker (server/gc_tuning.py); the engineer's "
        f"scope holds N devices (plus his order), added in one transaction per size (one "
        f"version, as a bulk import's). {WARM_UP_PULLS} pulls warm up at the first size; "
        f"each cell is the quickest of {PULLS} pulls: time per record (its ratio to "
        "the 1k figure; target within 1.2×) and the SQL statements of the busiest page.\n\n"
        "| database | " + " | ".join(f"{n:,}" for n in SIZES) + " |\n"
        "|---|" + "---|" * len(SIZES) + "\n" + "\n".join(rows)
    )
    print(body)
    write_section("Pull cost by scope size", body)
