"""Load test: N simulated engineers against a real gunicorn server on PostgreSQL.

Each engineer (his own login, his own open work orders) loops for the run's duration:
pull incrementally (naming the rows his last push answer brought, as the webapp's sync
client does), then push a small mixed batch (notes, a part used, a diagnosis edit, a status
action)
with think time between requests. Before the timed window each phone logs in, takes its
full pull and pushes ``--history`` batches, then every table is analysed: a database in
service holds earlier work, and a statement prepared while its table was empty keeps an
empty table's plan (a sequential scan: 7.7 ms a pull of notes by the end of a minute)
until the table is analysed again. Prints requests per second, p50/p95/p99 per endpoint
and the errors; `main` runs increasing N and reports the largest whose p95 stays under
the target. Only 127.0.0.1 is ever contacted.

    python -m benchmarks.load --engineers 200 --seconds 60 [--workers 2 --threads 4]

Workers and threads default to gunicorn.conf.py's (one process per core, 4 threads).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import runpy
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from .cpu import CpuMeter, family, postgres_processes

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-password"
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DB_NAME = "aftercare_load_bench"


def gunicorn_defaults() -> tuple[int, int]:
    """(processes, threads) as gunicorn.conf.py sets them here (its environment included)."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return conf["workers"], conf["threads"]


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times.setdefault(name, []).append(seconds)
            if not ok:
                self.errors[name] = self.errors.get(name, 0) + 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def database_url() -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {DB_NAME}"))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{DB_NAME}"


def seed(url: str, engineers: int, orders_each: int = 3) -> list[str]:
    """``engineers`` engineers, each with ``orders_each`` accepted repairs at one site."""
    from server import create_app
    from server.config import TestConfig
    from server.extensions import db
    from server.models import Customer, Device, Part, Site, System, User
    from server.services.work_orders import apply_action, create_work_order
    from server.unit_of_work import committed

    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    names = []
    with app.app_context():
        db.drop_all()
        db.create_all()
        with committed():
            office = User(username="office", display_name="调度", role="dispatcher")
            office.set_password(PASSWORD)
            db.session.add(office)
            db.session.add(Part(part_number="PWR-12V", name="电源", cost_cents=8000))
            customer = Customer(name="负载测试医院", code="LOAD")
            site = Site(customer=customer, name="门诊楼", zone="in_city")
            system = System(site=site, type="cctv", name="监控")
            db.session.add_all([customer, site, system])
            users = []
            for n in range(engineers):
                user = User(username=f"eng{n:03d}", display_name=f"工程师{n}", role="engineer")
                user.set_password(PASSWORD)
                users.append(user)
                db.session.add(Device(system=system, serial=f"LOAD-{n:05d}", model="DS-2CD",
                                      manufacturer="海康威视"))  # fmt: skip
            db.session.add_all(users)
        for user in users:
            with committed():
                for _ in range(orders_each):
                    wo = create_work_order(
                        {"customer_id": customer.id, "site_id": site.id, "symptom": "黑屏",
                         "assigned_engineer_id": user.id},
                        office,
                    )  # fmt: skip
                    apply_action(wo, {"action": "accept"}, user)
            names.append(user.username)
        db.session.remove()
        db.engine.dispose()
    return names


def start_server(
    url: str, workers: int, threads: int, port: int, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn as docs/deployment.md runs it (gunicorn.conf.py), with these workers and
    threads; its error log (worker timeouts, restarts) goes to ``log``."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-bench-secret",
           "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}  # fmt: skip
    command = [str(ROOT / ".venv/bin/gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", "wsgi:app"]  # fmt: skip
    if log is None:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
    else:
        with open(log, "w") as sink:  # the server keeps its own copy of the descriptor
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                       stderr=sink)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


class Engineer:
    def __init__(self, base: str, username: str, stats: Stats, rng: random.Random):
        self.base, self.username, self.stats, self.rng = base, username, stats, rng
        self.client_id = str(uuid.uuid4())
        self.seq = 0
        self.cursor = None
        self.token = None
        self.orders: list[dict] = []
        #: The parts catalogue's ids, as the phone holds them (its parts to book).
        self.parts: list[str] = []
        #: Rows the push answers brought, sent with the next pull so they do not come back
        #: (as the webapp's sync client does: docs/sync-protocol.md, "held").
        self.held: set[tuple[str, str, int]] = set()
        #: The last scope list's digest, sent back so an unchanged scope is not resent.
        self.scope_digest: str | None = None

    def _call(self, name: str, path: str, body: dict) -> dict | None:
        data = json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST")
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answer = json.loads(response.read())
            ok = True
        except (urllib.error.URLError, TimeoutError, ValueError):
            answer, ok = None, False
        self.stats.add(name, time.perf_counter() - started, ok)
        return answer

    def _envelope(self) -> dict:
        return {"schema_version": 1, "client_id": self.client_id,
                "client_time": datetime.now(UTC).isoformat()}  # fmt: skip

    def login(self) -> None:
        answer = self._call("login", "/api/v1/auth/login",
                            {"username": self.username, "password": PASSWORD})  # fmt: skip
        self.token = answer["token"] if answer else None

    def pull(self) -> None:
        while True:
            body = {**self._envelope(), "cursor": self.cursor}
            if self.held:
                body["held"] = sorted(self.held)
            if self.scope_digest:
                body["scope_digest"] = self.scope_digest
            answer = self._call("pull", "/api/v1/sync/pull", body)
            if answer is None:
                return
            for change in answer["changes"]:
                if change["entity"] == "parts" and change["record"]["id"] not in self.parts:
                    self.parts.append(change["record"]["id"])
                if change["entity"] == "work_orders":
                    self.orders = [o for o in self.orders if o["id"] != change["record"]["id"]]
                    self.orders.append(change["record"])
            self.cursor = answer["cursor"]
            if not answer["has_more"]:
                self.held.clear()  # behind the cursor now
                scope = answer["scope"]  # (as the app applies it: docs/sync-protocol.md)
                self.scope_digest = scope["digest"]
                if "work_orders" in scope:
                    kept = set(scope["work_orders"])
                    self.orders = [o for o in self.orders if o["id"] in kept]
                return

    def push(self) -> None:
        if not self.orders:
            return
        mutations = []
        for _ in range(self.rng.randint(5, 20)):
            wo = self.rng.choice(self.orders)
            self.seq += 1
            kind = self.rng.random()
            if kind < 0.6 or (kind < 0.7 and not self.parts):  # (no part held: a note)
                name, args = (
                    "work_order_note.add",
                    {"id": str(uuid.uuid4()), "work_order_id": wo["id"], "text": "现场记录"},
                )
            elif kind < 0.7:
                name, args = (
                    "part_usage.add",
                    {"id": str(uuid.uuid4()), "work_order_id": wo["id"],
                     "part_id": self.rng.choice(self.parts), "quantity": 1},
                )  # fmt: skip
            elif kind < 0.9:
                name = "work_order.update"
                args = {"id": wo["id"], "base": {"diagnosis_cause": wo.get("diagnosis_cause", "")},
                        "changes": {"diagnosis_cause": f"原因 {self.seq}"}}  # fmt: skip
                wo["diagnosis_cause"] = f"原因 {self.seq}"
            else:
                name, args = (
                    "work_order.transition",
                    {"id": wo["id"], "action": "escalate", "event_id": str(uuid.uuid4())},
                )
            now = datetime.now(UTC).isoformat()
            mutations.append(
                {"id": str(uuid.uuid4()), "seq": self.seq, "name": name, "occurred_at": now,
                 "args": args}
            )  # fmt: skip
        answer = self._call(
            "push", "/api/v1/sync/push", {**self._envelope(), "mutations": mutations}
        )
        for result in (answer or {}).get("results", []):
            for item in result.get("records", []):
                record = item["record"]
                self.held.add((item["entity"], record["id"], record["row_version"]))

    def sign_in(self, history: int = 0) -> None:
        """What a phone does once, not every few seconds: log in (a deliberately slow
        password hash) and take its first full pull. Then ``history`` pushes of the same
        mix, each followed by a pull: the notes, events and sync records a database in
        service already holds (an empty table is planned as one, which a day of work
        is not). Done before the timed window."""
        self.login()
        self.pull()
        for _ in range(history):
            self.push()
            self.pull()

    def run(self, until: float) -> None:
        while time.monotonic() < until:
            time.sleep(self.rng.uniform(1, 5))  # think time
            self.pull()
            self.push()


class IdleClients:
    """Phones that lose their signal mid-request, spread over ``seconds``: ``silent`` ones
    open a connection and send nothing, ``partial`` ones send the first lines of a request
    (or its head and the first byte of its body) and stop. Every connection is held open
    (as long as the server keeps it) until ``close``."""

    def __init__(self, port: int, silent: int, partial: int, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.stopped = threading.Event()
        kinds = ["silent"] * silent + ["partial"] * partial
        random.Random(1146).shuffle(kinds)
        self.thread = threading.Thread(target=self._open, args=(port, kinds, seconds))
        self.thread.start()

    def _open(self, port: int, kinds: list[str], seconds: float) -> None:
        gap = seconds / max(len(kinds), 1)
        for kind in kinds:
            if self.stopped.wait(gap):
                return
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            if kind == "partial":  # half a head, or a head and the start of a body
                sock.sendall(
                    b"POST /api/v1/sync/pull HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    if len(self.sockets) % 2
                    else b"POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 900\r\n\r\n{"
                )
            self.sockets.append(sock)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(30)
        for sock in self.sockets:
            sock.close()


class Autovacuum:
    """What PostgreSQL's autovacuum does for the bench database, where the server runs with
    it off (this machine's does: ``SHOW autovacuum``; a production server has it on): every
    ``autovacuum_naptime`` it analyses the tables changed by more than 50 rows + 10 % and
    vacuums those with more dead rows than 50 + 20 % (the default thresholds). Without it
    the planner keeps judging tables as empty as when the bench began (a generic plan then
    scans a 30,000-row table for ten ids). With autovacuum on, it only analyses every
    table once, when started."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with self.engine.connect() as conn:
            self.needed = conn.exec_driver_sql("SHOW autovacuum").scalar() == "off"
            naptime = conn.exec_driver_sql(
                "SELECT setting FROM pg_settings WHERE name = 'autovacuum_naptime'"
            ).scalar()
        self.naptime = float(naptime or 60)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Autovacuum:
        """Analyse every table now (a database in service has its statistics, and the
        plans cached while it was filled are made again), then go on as autovacuum would
        where it is off."""
        self.pass_once(everything=True)
        if self.needed:
            self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=600)
        self.engine.dispose()

    def _run(self) -> None:
        while not self.stopping.wait(self.naptime):
            self.pass_once()

    def pass_once(self, everything: bool = False) -> None:
        with self.engine.connect() as conn:
            tables = conn.exec_driver_sql(
                "SELECT relname, n_mod_since_analyze > 50 + 0.1 * n_live_tup, "
                "n_dead_tup > 50 + 0.2 * n_live_tup FROM pg_stat_user_tables"
            ).all()
            for name, analyse, vacuum in tables:
                if vacuum:
                    conn.exec_driver_sql(f'VACUUM (ANALYZE) "{name}"')
                elif analyse or everything:
                    conn.exec_driver_sql(f'ANALYZE "{name}"')


def analyse(url: str) -> None:
    """Every table of the database at ``url`` analysed now, as autovacuum does within a
    minute of a bulk load."""
    autovacuum = Autovacuum(url)
    autovacuum.pass_once(everything=True)
    autovacuum.engine.dispose()


def signed_in(bases: list[str], usernames: list[str], history: int = 0) -> list[Engineer]:
    """One phone per engineer, logged in and fully pulled, with ``history`` earlier pushes
    (each engineer talks to one server, the engineers spread over ``bases`` in turn); not
    timed."""
    rng = random.Random(8208)
    engineers = [
        Engineer(bases[i % len(bases)], name, Stats(), random.Random(rng.random()))
        for i, name in enumerate(usernames)
    ]
    threads = [threading.Thread(target=e.sign_in, args=(history,)) for e in engineers]
    for start in range(0, len(threads), 8):  # a few at a time, as a morning would
        batch = threads[start : start + 8]
        for thread in batch:
            thread.start()
        for thread in batch:
            thread.join(timeout=120)
    return engineers


def run_load(engineers: list[Engineer], seconds: float) -> Stats:
    """The timed window: every engineer pulls and pushes with think time."""
    stats = Stats()
    until = time.monotonic() + seconds
    threads = []
    for engineer in engineers:
        engineer.stats = stats
        threads.append(threading.Thread(target=engineer.run, args=(until,)))
    for thread in threads:
        thread.start()
        time.sleep(0.01)  # ramp up
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return stats


def summary(stats: Stats, seconds: float) -> dict:
    out = {"requests_per_s": sum(len(v) for v in stats.times.values()) / seconds, "endpoints": {}}
    for name, values in sorted(stats.times.items()):
        out["endpoints"][name] = {
            "count": len(values),
            "p50_ms": 1000 * _percentile(values, 0.50),
            "p95_ms": 1000 * _percentile(values, 0.95),
            "p99_ms": 1000 * _percentile(values, 0.99),
            "errors": stats.errors.get(name, 0),
        }
    return out


def p95(result: dict) -> float:
    return max(e["p95_ms"] for n, e in result["endpoints"].items() if n in ("pull", "push"))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engineers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    workers, threads = gunicorn_defaults()
    parser.add_argument("--workers", type=int, default=workers)
    parser.add_argument("--threads", type=int, default=threads)
    parser.add_argument("--steps", default="20,50,100,200", help="N to try for the capacity")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--servers", type=int, default=1, help="gunicorn servers, one DB")
    parser.add_argument("--silent", type=int, default=0, help="idle connections held open")
    parser.add_argument("--partial", type=int, default=0, help="half-sent requests held open")
    parser.add_argument("--history", type=int, default=3,
                        help="pushes per engineer before the timed window")  # fmt: skip
    args = parser.parse_args(argv)
    url = database_url()
    steps = sorted({int(n) for n in args.steps.split(",")} | {args.engineers})
    usernames = seed(url, max(steps))
    autovacuum = Autovacuum(url)
    log = Path(tempfile.mkdtemp()) / "gunicorn.log"
    ports = [args.port + i for i in range(args.servers)]
    servers = [
        start_server(url, args.workers, args.threads, port, log.with_suffix(f".{port}.log"))
        for port in ports
    ]
    idle = IdleClients(args.port, args.silent, args.partial, args.seconds * len(steps))
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    results = {}
    try:
        meter = CpuMeter(
            {
                "gunicorn": lambda: [pid for s in servers for pid in family(s.pid)],
                "postgres": lambda: postgres_processes(DB_NAME),
            }
        )
        phones = signed_in(bases, usernames[: max(steps)], args.history)
        autovacuum.start()
        for n in steps:
            phase = SimpleNamespace(cpu={}, seconds=0.0)
            with meter.measure(phase):
                stats = run_load(phones[:n], args.seconds)
            results[n] = summary(stats, args.seconds)
            requests = sum(len(v) for v in stats.times.values())
            server_cpu = phase.cpu["gunicorn"] + phase.cpu["postgres"]
            results[n]["cpu_s"] = phase.cpu
            results[n]["server_cpu_ms_per_request"] = 1000 * server_cpu / max(requests, 1)
            errors = sum(e["errors"] for e in results[n]["endpoints"].values())
            rate = results[n]["requests_per_s"]
            print(f"N={n}: {rate:.1f} req/s, p95 {p95(results[n]):.0f} ms, errors {errors}, "
                  f"server CPU {results[n]['server_cpu_ms_per_request']:.1f} ms/request "
                  f"(gunicorn {phase.cpu['gunicorn']:.0f} s, "
                  f"PostgreSQL {phase.cpu['postgres']:.0f} s, "
                  f"other processes {phase.cpu['other']:.0f} s)")  # fmt: skip
    finally:
        autovacuum.stop()
        idle.close()
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    capacity = max((n for n, r in results.items() if p95(r) < 300), default=0)
    killed = sum(
        log.with_suffix(f".{port}.log").read_text(errors="replace").count("WORKER TIMEOUT")
        for port in ports
    )
    return {"results": results, "capacity_p95_under_300ms": capacity, "workers": args.workers,
            "threads": args.threads, "servers": args.servers, "workers_killed": killed,
            "autovacuum_emulated": autovacuum.needed}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=2))
