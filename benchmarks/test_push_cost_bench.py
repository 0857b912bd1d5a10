"""What one mutation costs in a 500-mutation push, per kind: SQL statements for the whole
push and server time per mutation (wall clock of the request on this machine), on SQLite
in memory and on PostgreSQL when reachable. A measurement: it fails only if a push fails.
Written to docs/benchmarks.md, "Push cost per mutation kind"."""

from __future__ import annotations

import os
import time
import uuid

from sqlalchemy import create_engine, text

from server import create_app
from server.config import TestConfig
from server.extensions import db
from tests.sql_counting import counting_statements
from tests.sync.phone import Phone

from .report import write_section

BATCH = 500
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
KINDS = ("work_order.create", "work_order.update", "work_order.transition", "work_order_note.add")


def _databases():
    yield "SQLite", "sqlite://"
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS aftercare_push_bench WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE aftercare_push_bench"))
        admin.dispose()
    except Exception:  # no PostgreSQL here
        return
    yield "PostgreSQL", PG_ADMIN.rsplit("/", 1)[0] + "/aftercare_push_bench"


def _mutations(phone: Phone, kind: str, orders: list[dict]) -> None:
    for number in range(BATCH):
        wo = orders[number % len(orders)]
        if kind == "work_order.create":
            phone.mutate(kind, {"id": str(uuid.uuid4()), "customer_id": wo["customer_id"],
                                "site_id": wo["site_id"], "symptom": f"故障 {number}"})  # fmt: skip
        elif kind == "work_order.update":
            phone.update_work_order(wo["id"], diagnosis_cause=f"原因 {number}")
        elif kind == "work_order.transition":
            phone.transition(wo["id"], "escalate")
        else:
            phone.mutate(kind, {"id": str(uuid.uuid4()), "work_order_id": wo["id"],
                                "text": f"记录 {number}"})  # fmt: skip


def _measure(url: str) -> dict[str, tuple[int, float]]:
    from server.demo import DEMO_PASSWORD, load_demo

    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    figures = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo()
        client = app.test_client()
        for kind in KINDS:
            token = client.post(
                "/api/v1/auth/login", json={"username": "engineer1", "password": DEMO_PASSWORD}
            ).json["token"]
            phone = Phone(client, {"Authorization": f"Bearer {token}"})
            phone.pull()
            orders = [o for o in phone.store["work_orders"].values() if o["status"] == "accepted"]
            orders = orders or list(phone.store["work_orders"].values())
            _mutations(phone, kind, orders)
            with counting_statements(db.engine) as statements:
                started = time.perf_counter()
                body = phone.push()
                seconds = time.perf_counter() - started
            statuses = {r["status"] for r in body["results"]}
            assert statuses <= {"applied", "merged", "conflict"}, statuses
            figures[kind] = (len(statements), seconds * 1000 / BATCH)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return figures


def test_push_cost_per_mutation_kind():
    results = {name: _measure(url) for name, url in _databases()}
    names = list(results)
    header = "| mutation (500 per push) | " + " | ".join(
        f"{n} statements | {n} ms per mutation" for n in names
    )
    lines = [header + " |", "|---" * (1 + 2 * len(names)) + "|"]
    for kind in KINDS:
        cells = []
        for name in names:
            statements, ms = results[name][kind]
            cells += [str(statements), f"{ms:.2f}"]
        lines.append(f"| `{kind}` | " + " | ".join(cells) + " |")
    body = (
        "Server time per mutation is the push request's wall clock divided by 500 (Flask "
        "test client, no HTTP); the demo data set is loaded first.\n\n" + "\n".join(lines)
    )
    print(body)
    write_section("Push cost per mutation kind", body)
