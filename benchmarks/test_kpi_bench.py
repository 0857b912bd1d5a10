"""KPI queries on 100,000 work orders: each table of the dashboard and the whole
GET /api/v1/kpi/dashboard, on SQLite (a file) and on PostgreSQL when reachable.

The rows are bulk-inserted with Core (work orders, their devices, stored SLA outcomes and
warranty outcomes, part usages, planned visits, follow-ups with scores, complaints) as
services.outcomes would have stored them; the figures are the median of three runs over a
year (every row) and over a month for one engineer."""

from __future__ import annotations

import os
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from server import create_app, kpi
from server.config import TestConfig
from server.extensions import db
from server.models import (
    Centre,
    Complaint,
    Customer,
    Device,
    FollowUp,
    Part,
    PartUsage,
    Region,
    ScheduledVisit,
    Site,
    SlaOutcome,
    SurveyAnswer,
    SurveyQuestion,
    System,
    User,
    WorkOrder,
    WorkOrderOutcome,
    work_order_devices,
)

from .report import write_section

ORDERS = 100_000
CUSTOMERS = 200
DEVICES = 2_000
ENGINEERS = 20
CHUNK = 5_000
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TARGETS = {"response": 30, "arrival": 60, "restore": 240, "resolve": 1440}
DEFECTS = (
    "no_video",
    "psu",
    "port_flapping",
    "reader_no_response",
    "ir_failure",
    "fan",
    "disk",
    "",
)
STATUSES = (
    ["closed"] * 85 + ["completed"] * 5 + ["accepted", "on_site", "on_hold"] * 1 + ["cancelled"] * 5
)
WARRANTY = ("free_repair", "free_repair", "paid", "excluded", "exchange", None)


def _databases(tmp_path_factory):
    yield "SQLite", f"sqlite:///{tmp_path_factory.mktemp('kpi') / 'kpi.sqlite3'}"
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS aftercare_kpi_bench WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE aftercare_kpi_bench"))
        admin.dispose()
    except Exception:  # no PostgreSQL here: SQLite only
        return
    yield "PostgreSQL", PG_ADMIN.rsplit("/", 1)[0] + "/aftercare_kpi_bench"


def _insert(model, rows):
    for start in range(0, len(rows), CHUNK):
        db.session.execute(db.insert(model), rows[start : start + CHUNK])


def _seed(now: datetime, rng: random.Random) -> list[uuid.UUID]:
    region = Region(name="华东")
    centres = [Centre(region=region, name=f"中心{i}") for i in range(2)]
    engineers = [
        User(
            username=f"eng{i}",
            display_name=f"工程师{i}",
            role="engineer",
            centre=centres[i % 2],
            password_hash="x",
        )
        for i in range(ENGINEERS)
    ]
    office = User(username="office", display_name="主管", role="supervisor", password_hash="x")
    office.set_password("bench-password")
    customers = [Customer(name=f"客户{i}", code=f"C{i}") for i in range(CUSTOMERS)]
    sites = [
        Site(customer=c, name="本部", zone="in_city" if i % 3 else "out_of_town")
        for i, c in enumerate(customers)
    ]
    systems = [System(site=s, type="cctv", name="监控") for s in sites]
    part = Part(part_number="PSU-12V-2A", name="电源", cost_cents=3500)
    questions = [
        SurveyQuestion(key=k, label_zh=k, label_en=k, position=i)
        for i, k in enumerate(
            ("attitude", "speed", "quality", "professionalism", "parts_supply", "overall")
        )
    ]
    db.session.add_all(
        [region, *centres, *engineers, office, *customers, *sites, *systems, part, *questions]
    )
    db.session.flush()
    stamp = {"created_at": now, "updated_at": now}
    devices = [
        {
            "id": uuid.uuid4(),
            "system_id": systems[i % CUSTOMERS].id,
            "serial": f"SN{i:06d}",
            "model": "DS-2CD3T46",
            "manufacturer": "海康威视",
            "device_class": "peripheral",
            "location": "",
            "version": "",
            "ip_address": "",
            "status": "in_service",
            "label_token": uuid.uuid4().hex[:20],
            "notes": "",
            "row_version": 1,
            **stamp,
        }
        for i in range(DEVICES)
    ]
    _insert(Device, devices)

    orders, links, clocks, facts = [], [], [], []
    for n in range(ORDERS):
        k = rng.randrange(DEVICES)
        device, site = devices[k], sites[k % CUSTOMERS]
        reported = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        repair = n % 10 < 8
        status = rng.choice(STATUSES)
        wo_id = uuid.uuid4()
        orders.append(
            {
                "id": wo_id,
                "number": f"WO-B-{n:06d}",
                "type": "repair" if repair else "inspection",
                "channel": "phone" if repair else "scheduled",
                "status": status,
                "severity": rng.randint(1, 4),
                "customer_id": site.customer_id,
                "site_id": site.id,
                "system_id": None,
                "contract_id": None,
                "reporter_name": "",
                "reporter_phone": "",
                "contact_name": "",
                "contact_phone": "",
                "symptom": "画面黑屏",
                "assigned_engineer_id": engineers[n % ENGINEERS].id,
                "appointment_at": None,
                "reported_at": reported,
                "created_by_id": None,
                "diagnosis_symptom": "",
                "diagnosis_location": "",
                "diagnosis_cause": "",
                "diagnosis_fix": "",
                "closed_at": None,
                "defect_code": rng.choice(DEFECTS) if repair else "",
                "exclusions": [],
                "warranty_override": None,
                "row_version": 1,
                **stamp,
            }
        )
        links.append({"work_order_id": wo_id, "device_id": device["id"]})
        done = status in ("completed", "closed")
        resolved_at = None
        for clock, target in TARGETS.items():
            deadline = reported + timedelta(minutes=target)
            minutes = int(target * rng.uniform(0.2, 1.15)) if done or clock == "response" else None
            stopped = reported + timedelta(minutes=minutes) if minutes is not None else None
            if clock == "resolve":
                resolved_at = stopped
            clocks.append(
                {
                    "work_order_id": wo_id,
                    "clock": clock,
                    "started_at": reported,
                    "stopped_at": stopped,
                    "ended_by": "stop" if stopped else None,
                    "deadline_at": deadline,
                    "target_minutes": target,
                    "business_minutes": minutes,
                    "wall_minutes": minutes,
                    "is_met": None if stopped is None else stopped <= deadline,
                    "computed_at": now,
                }
            )
        warranty = rng.choice(WARRANTY)
        facts.append(
            {
                "work_order_id": wo_id,
                "warranty_status": warranty,
                "is_free": None if warranty is None else warranty in ("free_repair", "exchange"),
                "resolved_at": resolved_at,
                "send_backs": 1 if rng.random() < 0.03 else 0,
                "computed_at": now,
            }
        )
    # What services.outcomes.refresh_repeats would store: the first later repair of the
    # same device and defect reported after each repair's resolution.
    by_key: dict = {}
    for order, link, fact in zip(orders, links, facts, strict=True):
        if order["type"] == "repair" and order["defect_code"] and order["status"] != "cancelled":
            by_key.setdefault((link["device_id"], order["defect_code"]), []).append((order, fact))
    for group in by_key.values():
        group.sort(key=lambda pair: pair[0]["reported_at"])
        for _order, fact in group:
            if fact["resolved_at"] is not None:
                fact["repeat_reported_at"] = next(
                    (o["reported_at"] for o, _ in group if o["reported_at"] > fact["resolved_at"]),
                    None,
                )
    for fact in facts:
        fact.setdefault("repeat_reported_at", None)
    _insert(WorkOrder, orders)
    _insert(work_order_devices, links)
    _insert(SlaOutcome, clocks)
    _insert(WorkOrderOutcome, facts)
    _insert(
        PartUsage,
        [
            {
                "id": uuid.uuid4(),
                "work_order_id": orders[i]["id"],
                "part_id": part.id,
                "quantity": 1,
                "serial_out": "",
                "serial_in": "",
                "row_version": 1,
                "server_at": now,
            }
            for i in range(0, ORDERS, 5)
        ],
    )
    _insert(
        ScheduledVisit,
        [
            {
                "id": uuid.uuid4(),
                "kind": "inspection",
                "target_id": systems[i % CUSTOMERS].id,
                "customer_id": sites[i % CUSTOMERS].customer_id,
                "site_id": sites[i % CUSTOMERS].id,
                "due_on": (now - timedelta(days=i % 365)).date(),
                "status": "done" if i % 4 else "planned",
                "done_on": (now - timedelta(days=i % 365)).date() if i % 4 else None,
                **stamp,
            }
            for i in range(5_000)
        ],
    )
    follow_ups, answers = [], []
    for i in range(10_000):
        fid = uuid.uuid4()
        follow_ups.append(
            {
                "id": fid,
                "customer_id": orders[i * 10]["customer_id"],
                "work_order_id": orders[i * 10]["id"],
                "engineer_id": orders[i * 10]["assigned_engineer_id"],
                "mode": "phone",
                "occurred_at": now - timedelta(days=i % 365),
                "contact_name": "",
                "opinions": "",
                **stamp,
            }
        )
        answers += [
            {
                "id": uuid.uuid4(),
                "follow_up_id": fid,
                "question_id": q.id,
                "score": rng.randint(2, 5),
            }
            for q in questions
        ]
    _insert(FollowUp, follow_ups)
    _insert(SurveyAnswer, answers)
    _insert(
        Complaint,
        [
            {
                "id": uuid.uuid4(),
                "number": f"TS-B-{i:05d}",
                "customer_id": orders[i * 97]["customer_id"],
                "work_order_id": orders[i * 97]["id"],
                "engineer_id": orders[i * 97]["assigned_engineer_id"],
                "channel": "phone",
                "complainant": "",
                "description": "迟到",
                "received_at": now - timedelta(days=i % 365),
                "verify_due_at": now - timedelta(days=i % 365) + timedelta(days=2),
                "answer_due_at": now - timedelta(days=i % 365) + timedelta(days=5),
                "verification": "",
                "answer": "",
                "cause": "",
                "is_our_fault": i % 3 == 0,
                **stamp,
            }
            for i in range(1_000)
        ],
    )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    return [e.id for e in engineers]


def _median_seconds(call, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
        db.session.rollback()
    return statistics.median(times)


def _measure(url: str) -> dict[str, object]:
    app = create_app(
        {
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": url,
        }
    )
    figures: dict[str, object] = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        now = datetime.now(UTC)
        started = time.perf_counter()
        engineer_ids = _seed(now, random.Random(8208899))
        figures["seed_seconds"] = time.perf_counter() - started
        year = {"first_on": (now - timedelta(days=366)).date(), "last_on": now.date()}
        month = {
            "first_on": (now - timedelta(days=30)).date(),
            "last_on": now.date(),
            "engineer_id": engineer_ids[0],
        }
        for label, args in (("year", year), ("month", month)):
            with app.test_request_context():
                filters = kpi.filters_from(args, now)
                figures[label] = {
                    name: _median_seconds(
                        lambda name=name, filters=filters: kpi.table(name, filters)
                    )
                    for name in kpi.TABLES
                }
        client = app.test_client()
        token = client.post(
            "/api/v1/auth/login", json={"username": "office", "password": "bench-password"}
        ).json["token"]
        headers = {"Authorization": f"Bearer {token}"}
        query = {"from": year["first_on"].isoformat(), "to": year["last_on"].isoformat()}
        response = client.get("/api/v1/kpi/dashboard", query_string=query, headers=headers)
        assert response.status_code == 200, response.json
        assert response.json["summary"]["requests"] > 0.7 * ORDERS
        figures["dashboard"] = _median_seconds(
            lambda: client.get("/api/v1/kpi/dashboard", query_string=query, headers=headers)
        )
        month_query = {
            "from": month["first_on"].isoformat(),
            "to": month["last_on"].isoformat(),
            "engineer_id": str(engineer_ids[0]),
        }
        figures["dashboard_month"] = _median_seconds(
            lambda: client.get("/api/v1/kpi/dashboard", query_string=month_query, headers=headers)
        )
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return figures


def test_kpi_queries_on_100k_work_orders(tmp_path_factory):
    results = {name: _measure(url) for name, url in _databases(tmp_path_factory)}
    names = list(results)
    ms = lambda seconds: f"{seconds * 1000:,.0f} ms"  # noqa: E731
    table_rows = "\n".join(
        f"| `{table}` | "
        + " | ".join(
            f"{ms(results[n]['year'][table])} / {ms(results[n]['month'][table])}" for n in names
        )
        + " |"
        for table in kpi.TABLES
    )
    totals = " | ".join(
        f"**{ms(results[n]['dashboard'])}** / {ms(results[n]['dashboard_month'])}" for n in names
    )
    seeds = ", ".join(f"{n} {results[n]['seed_seconds']:.0f} s" for n in names)
    body = f"""
{ORDERS:,} work orders over a year ({CUSTOMERS} customers, {ENGINEERS} engineers, {DEVICES:,}
devices), with their stored SLA outcomes (4 clocks each), warranty outcomes, 20,000 part
usages, 5,000 planned visits, 10,000 follow-ups with 6 scores each and 1,000 complaints,
bulk-inserted with Core (seeding: {seeds}). Each figure is the median of three runs: the
whole year / one engineer's last 30 days. On PostgreSQL `on-time` and `times` are one query
(counts and `percentile_disc` in one pass; the dashboard runs it once), with `work_mem` at
`KPI_WORK_MEM` (64 MB). Target: the dashboard under 1 s on PostgreSQL.

| query | {" | ".join(names)} |
|---|{"---|" * len(names)}
{table_rows}
| **GET /api/v1/kpi/dashboard** (HTTP, JSON) | {totals} |
"""
    write_section("KPI", body)
    for name in names:
        print(
            name,
            f"dashboard {results[name]['dashboard']:.3f}s",
            f"month {results[name]['dashboard_month']:.3f}s",
        )
