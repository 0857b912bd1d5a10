"""Sync throughput: pushing 10,000 mutations in batches against inserting the same rows
directly, and pulling a 20,000-record scope. On SQLite (a file) and on PostgreSQL when
reachable."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import create_engine, text

from server import create_app
from server.config import TestConfig
from server.extensions import db
from server.models import (
    Centre,
    Contract,
    Customer,
    Device,
    Region,
    Site,
    System,
    User,
    WorkOrderNote,
)
from server.services.work_orders import create_work_order

from .report import write_section

MUTATIONS = 10_000
BATCH = 500
SCOPE = 20_000
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
RESULTS: dict[str, dict[str, float]] = {}


def _databases(tmp_path_factory):
    yield "SQLite", f"sqlite:///{tmp_path_factory.mktemp('bench') / 'bench.sqlite3'}"
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS aftercare_bench WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE aftercare_bench"))
        admin.dispose()
    except Exception:  # no PostgreSQL here: SQLite only
        return
    yield "PostgreSQL", PG_ADMIN.rsplit("/", 1)[0] + "/aftercare_bench"


def _world():
    region = Region(name="华东")
    centre = Centre(region=region, name="上海服务中心")
    engineer = User(username="eng", display_name="张伟", role="engineer", centre=centre)
    office = User(username="office", display_name="刘婷", role="dispatcher", centre=centre)
    for user in (engineer, office):
        user.set_password("bench-password")
    customer = Customer(name="医院", code="H")
    site = Site(customer=customer, name="门诊楼")
    system = System(site=site, type="cctv", name="监控")
    contract = Contract(
        customer=customer,
        number="C",
        name="质保",
        starts_on=date(2026, 1, 1),
        ends_on=date(2030, 1, 1),
        sites=[site],
    )
    db.session.add_all([region, centre, engineer, office, customer, site, system, contract])
    db.session.commit()
    wo = create_work_order(
        {
            "customer_id": customer.id,
            "site_id": site.id,
            "system_id": system.id,
            "assigned_engineer_id": engineer.id,
        },
        office,
    )
    return engineer, system, wo


def _envelope(client_id, mutations):
    return {
        "schema_version": 1,
        "client_id": client_id,
        "client_time": datetime.now(UTC).isoformat(),
        "mutations": mutations,
    }


def _measure(name: str, url: str) -> dict[str, float]:
    app = create_app(
        {
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": url,
            "SYNC_PAGE_SIZE": 500,
        }
    )
    figures: dict[str, float] = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        engineer, system, wo = _world()
        client = app.test_client()
        token = client.post(
            "/api/v1/auth/login", json={"username": "eng", "password": "bench-password"}
        ).json["token"]
        headers = {"Authorization": f"Bearer {token}"}
        client_id = str(uuid.uuid4())
        now = datetime.now(UTC).isoformat()

        # push: 10,000 notes in batches of 500, through HTTP, JSON and the sync engine
        started = time.perf_counter()
        for first in range(1, MUTATIONS + 1, BATCH):
            mutations = [
                {
                    "id": str(uuid.uuid4()),
                    "seq": seq,
                    "name": "work_order_note.add",
                    "occurred_at": now,
                    "args": {
                        "id": str(uuid.uuid4()),
                        "work_order_id": str(wo.id),
                        "text": f"巡检记录 {seq}",
                    },
                }
                for seq in range(first, first + BATCH)
            ]
            response = client.post(
                "/api/v1/sync/push", json=_envelope(client_id, mutations), headers=headers
            )
            assert response.status_code == 200
            assert all(r["status"] == "applied" for r in response.json["results"])
        push_seconds = time.perf_counter() - started
        assert db.session.scalar(db.select(db.func.count()).select_from(WorkOrderNote)) == MUTATIONS

        # raw: the same rows inserted directly with the ORM, same batch size
        started = time.perf_counter()
        for first in range(0, MUTATIONS, BATCH):
            db.session.add_all(
                WorkOrderNote(work_order_id=wo.id, author_id=engineer.id, text=f"巡检记录 {i}")
                for i in range(first, first + BATCH)
            )
            db.session.commit()
        raw_seconds = time.perf_counter() - started

        # pull: a scope of 20,000 records (devices of the engineer's system + the rest)
        db.session.execute(
            db.insert(Device),
            [
                {
                    "id": uuid.uuid4(),
                    "system_id": system.id,
                    "serial": f"SN{i:06d}",
                    "model": "DS-2CD3T46",
                    "manufacturer": "海康威视",
                    "device_class": "peripheral",
                    "location": "",
                    "version": "",
                    "ip_address": "",
                    "status": "in_service",
                    "label_token": uuid.uuid4().hex[:16],
                    "notes": "",
                    "row_version": 1,
                    "created_at": datetime.now(UTC),
                    "updated_at": datetime.now(UTC),
                }
                for i in range(SCOPE)
            ],
        )
        db.session.commit()
        started = time.perf_counter()
        cursor, records, pages = None, 0, 0
        while True:
            body = {
                "schema_version": 1,
                "client_id": str(uuid.uuid4()),
                "client_time": datetime.now(UTC).isoformat(),
                "cursor": cursor,
            }
            page = client.post("/api/v1/sync/pull", json=body, headers=headers).json
            records += len(page["changes"])
            pages += 1
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        pull_seconds = time.perf_counter() - started
        assert records >= SCOPE + MUTATIONS

        figures = {
            "push_per_s": MUTATIONS / push_seconds,
            "raw_per_s": MUTATIONS / raw_seconds,
            "ratio": raw_seconds / push_seconds,
            "pull_records": records,
            "pull_pages": pages,
            "pull_seconds": pull_seconds,
        }
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return figures


def test_sync_push_and_pull_throughput(tmp_path_factory):
    for name, url in _databases(tmp_path_factory):
        RESULTS[name] = _measure(name, url)
    rows = "\n".join(
        f"| {name} | {f['push_per_s']:,.0f} | {f['raw_per_s']:,.0f} | **{f['ratio']:.2f}** "
        f"| {f['pull_records']:,} in {f['pull_pages']} pages | {f['pull_seconds']:.1f} s |"
        for name, f in RESULTS.items()
    )
    body = f"""
Push: {MUTATIONS:,} `work_order_note.add` mutations in batches of {BATCH}, through HTTP,
JSON validation and the sync engine (exactly-once record, access check, one flush per
batch), against inserting the same {MUTATIONS:,} rows directly with the ORM in the same
batch size. The ratio is raw time / push time; the target is at least 0.3. Pull: a full
first pull of a scope of {SCOPE:,} devices plus the notes, 500 records a page.

| database | push (mutations/s) | raw insert (rows/s) | ratio | pull | pull time |
|---|---|---|---|---|---|
{rows}
"""
    write_section("Sync", body)
    for name, f in RESULTS.items():
        print(
            f"{name}: push {f['push_per_s']:.0f}/s raw {f['raw_per_s']:.0f}/s "
            f"ratio {f['ratio']:.2f} pull {f['pull_records']} in {f['pull_seconds']:.1f}s"
        )
