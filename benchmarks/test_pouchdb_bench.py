"""Aftercare sync side by side with PouchDB replication, in one run on one machine.

PouchDB: pouchdb-server 4.2.0 in memory and a pouchdb-node 9 client (memory adapter),
installed by `make bench` under benchmarks/pouchdb/, driven by
benchmarks/pouchdb/client/pouchdb-bench.js (median of its rounds). Aftercare: gunicorn on
a fresh PostgreSQL database (benchmarks/load.py starts it and seeds one engineer), and a
phone (tests/sync/phone.py) over HTTP:

(a) push 10,000 `work_order.create` mutations, 500 a request;
(b) a fresh phone pulls its whole scope (every page);
(c) 500 `work_order.update` mutations in one push, then (d) the phone of (b) pulls again;
(b) to (d) run ROUNDS times (the median round is reported, as PouchDB's side does).

Figures: orders (docs) per second per phase for both systems, the ratios
Aftercare / PouchDB (targets ≥ 2 for push, pull and incremental push), and the CPU seconds
of each side's processes. Skipped without node, the npm packages or PostgreSQL. A
measurement: it fails only if a phase fails.
"""

from __future__ import annotations

import gc
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.sync.phone import Phone

from . import load
from .cpu import CpuMeter, family, postgres_processes
from .report import write_section

N = 10_000
INC = 500
BATCH = 500
POUCH_ROUNDS = 3
#: Rounds of Aftercare's phases but the first push (the median is reported).
ROUNDS = 3
WORKERS = 2
DB_NAME = "aftercare_pouchdb_bench"
POUCH = Path(__file__).resolve().parent / "pouchdb"
SERVER_BIN = POUCH / "server/node_modules/pouchdb-server/bin/pouchdb-server"
CLIENT_SCRIPT = POUCH / "client/pouchdb-bench.js"
PHRASES = (
    "设备开机后显示屏无反应",
    "压缩机运行时噪音明显增大",
    "制冷效果下降温度偏高",
    "控制面板报错代码E4",
    "电源指示灯间歇性闪烁",
    "远程通讯模块经常掉线",
)
TITLE = "Sync against PouchDB replication"


@dataclass
class Phase:
    name: str
    docs: int
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    requests: int = 0
    #: Mutations applied (a push) or records received (a pull).
    items: int = 0
    unit: str = "records"

    @property
    def per_second(self) -> float:
        return self.docs / self.seconds


# --- PouchDB ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    process.send_signal(sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def pouchdb_server(workdir: Path) -> Iterator[tuple[str, int]]:
    """pouchdb-server in memory on a free loopback port: (url, pid)."""
    port = _free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    options = "--host 127.0.0.1 --in-memory --no-stdout-logs --dir ./data --config ./config.json"
    command = ["node", str(SERVER_BIN), "--port", str(port), *options.split()]
    process = subprocess.Popen(
        command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        _stop(process, signal.SIGINT)


def run_pouchdb(workdir: Path) -> dict[str, Any]:
    """The PouchDB rounds (benchmarks/pouchdb/client/pouchdb-bench.js): its JSON result."""
    result = workdir / "pouchdb.json"
    with pouchdb_server(workdir / "server") as (url, pid):
        options = {
            "--url": url,
            "--server-pid": pid,
            "--server-modules": SERVER_BIN.parents[2],
            "--server-adapter": "memory",
            "--server-log": workdir / "server/log.txt",
            "--n": N,
            "--inc": INC,
            "--batch": BATCH,
            "--repl-batch-size": BATCH,
            "--reps": POUCH_ROUNDS,
            "--max-retries": 2,
            "--json": result,
        }
        arguments = [str(item) for pair in options.items() for item in pair]
        command = ["node", "--expose-gc", str(CLIENT_SCRIPT), *arguments]
        run = subprocess.run(
            command, cwd=CLIENT_SCRIPT.parent, capture_output=True, text=True, timeout=1800
        )
    print(run.stdout[-3000:], run.stderr[-3000:])
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(result.read_text())


# --- Aftercare ----------------------------------------------------------------------------
@dataclass
class Response:
    status_code: int
    json: Any


class HttpClient:
    """What tests.sync.phone.Phone needs of Flask's test client, over real HTTP: one
    kept-alive connection, as a phone's browser keeps one (a server that closed it
    while idle is connected to again)."""

    def __init__(self, base: str):
        self.base = base
        self.requests = 0
        self.connection: http.client.HTTPConnection | None = None

    def post(self, path: str, json: Any, headers: dict[str, str]) -> Response:
        data = _dumps(json)
        headers = {**headers, "Content-Type": "application/json"}
        self.requests += 1
        for attempt in (1, 2):
            if self.connection is None:
                address = urllib.parse.urlsplit(self.base)
                self.connection = http.client.HTTPConnection(
                    address.hostname, address.port, timeout=120
                )
            try:
                self.connection.request("POST", path, body=data, headers=headers)
                answer = self.connection.getresponse()
                return Response(answer.status, _loads(answer.read()))
            except (http.client.RemoteDisconnected, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:  # (a push is idempotent: sending it again is safe)
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _loads(body: bytes) -> Any:
    """An answer read as a phone's browser reads it, natively (``JSON.parse``): with
    orjson, not the standard library's parser, four times slower, which would charge the
    Python harness's parsing to Aftercare's wall-clock time (0.06 s of a full pull)."""
    return orjson.loads(body) if body else None


def _place(phone: Phone) -> dict[str, Any]:
    """Where the engineer registers orders: the customer and site his phone holds."""
    site = next(iter(phone.store["sites"].values()))
    return {"customer_id": site["customer_id"], "site_id": site["id"]}


def _create_args(rng: random.Random, place: dict[str, Any]) -> dict[str, Any]:
    symptom = "，".join(rng.choice(PHRASES) for _ in range(5))[:59] + "。"
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        **place,
        "severity": rng.randint(1, 4),
        "symptom": symptom,
        "reporter_name": "王伟",
        "reporter_phone": f"138{rng.randrange(10**8):08d}",
        "contact_name": "李娜",
        "contact_phone": f"139{rng.randrange(10**8):08d}",
    }


def _applied(body: dict[str, Any]) -> int:
    statuses = [r["status"] for r in body["results"]]
    assert set(statuses) == {"applied"}, body["results"][:3]
    return len(statuses)


def _push_creates(phone: Phone, creates: list[dict[str, Any]]) -> int:
    applied = 0
    for first in range(0, len(creates), BATCH):
        for args in creates[first : first + BATCH]:
            phone.mutate("work_order.create", args)
        applied += _applied(phone.push())
    return applied


def _pull(phone: Phone) -> int:
    return sum(len(page["changes"]) for page in phone.pull())


def _login(base: str, username: str) -> dict[str, str]:
    engineer = load.Engineer(base, username, load.Stats(), random.Random(0))
    engineer.login()
    assert engineer.token, "login failed"
    return {"Authorization": f"Bearer {engineer.token}"}


def _phone(base: str, headers: dict[str, str]) -> tuple[Phone, HttpClient]:
    http = HttpClient(base)
    phone = Phone(http, headers)  # type: ignore[arg-type]
    phone.prefetch = True  # the next page asked for while one is applied, as the app does
    return phone, http


def _timed(meter: CpuMeter, phase: Phase, http: HttpClient, run: Callable[[], int]) -> Phase:
    """``run`` timed. The harness's heap (pytest, the 10,000 orders pushed and the phones'
    stores) is frozen out of the garbage collector meanwhile, as the server's is
    (server/gc_tuning.py): its full collections walked it all and doubled the client's
    CPU in a full pull (0.2 s of the pull's wall clock), work a phone does not do."""
    requests = http.requests
    gc.collect()
    gc.freeze()
    try:
        with meter.measure(phase):
            phase.items = run()
    finally:
        gc.unfreeze()
    phase.requests = http.requests - requests
    return phase


def _median_phase(phases: list[Phase]) -> Phase:
    """The round of median wall clock (PouchDB's side reports its rounds' median too)."""
    return sorted(phases, key=lambda phase: phase.seconds)[len(phases) // 2]


def aftercare_phases(
    base: str, username: str, meter: CpuMeter, settle: Callable[[], None] = lambda: None
) -> list[Phase]:
    """The four phases against a running server (one engineer, his seeded site);
    ``settle`` runs between the push and the pulls, untimed. The push of N orders runs
    once (each round would add N more); the other phases run ROUNDS times, each full pull
    by a fresh phone and each incremental round on other orders, and report the median
    round, as PouchDB's side does."""
    headers = _login(base, username)
    writer, writer_http = _phone(base, headers)
    writer.pull()  # what the phone knows before it registers anything (not timed)
    rng = random.Random(20240601)
    place = _place(writer)
    creates = [_create_args(rng, place) for _ in range(N)]
    push = _timed(
        meter,
        Phase("push", N, unit="mutations"),
        writer_http,
        lambda: _push_creates(writer, creates),
    )

    settle()
    pulls = []
    for _ in range(ROUNDS):
        reader, reader_http = _phone(base, headers)
        pulls.append(
            _timed(meter, Phase("pull", N), reader_http, lambda phone=reader: _pull(phone))
        )
        assert {a["id"] for a in creates} <= set(reader.store["work_orders"])
        if len(pulls) < ROUNDS:
            reader_http.close()

    incr_pushes, incr_pulls = [], []
    for round_ in range(ROUNDS):
        updated = [a["id"] for a in creates[round_ :: N // INC]][:INC]
        for number, wo_id in enumerate(updated):
            writer.update_work_order(
                wo_id,
                diagnosis_cause=f"主板损坏 {round_}-{number}",
                diagnosis_fix="现场更换主板后恢复正常",
            )
        incr_pushes.append(
            _timed(
                meter,
                Phase("incr_push", INC, unit="mutations"),
                writer_http,
                lambda: _applied(writer.push()),
            )
        )
        incr_pulls.append(
            _timed(meter, Phase("incr_pull", INC), reader_http, lambda: _pull(reader))
        )
        last = f"主板损坏 {round_}-{INC - 1}"
        assert reader.store["work_orders"][updated[-1]]["diagnosis_cause"] == last
    writer_http.close()
    reader_http.close()
    return [push, *map(_median_phase, (pulls, incr_pushes, incr_pulls))]


def fresh_database(monkeypatch: pytest.MonkeyPatch) -> str:
    """A new empty PostgreSQL database of this bench (benchmarks/load.py makes it)."""
    monkeypatch.setattr(load, "DB_NAME", DB_NAME)
    try:
        return load.database_url()
    except Exception as error:  # no PostgreSQL here
        pytest.skip(f"PostgreSQL not reachable: {error}")


def run_aftercare(url: str) -> list[Phase]:
    """Gunicorn on ``url``, seeded by benchmarks/load.py with one engineer."""
    (username,) = load.seed(url, engineers=1, orders_each=1)
    port = _free_port()
    server = load.start_server(url, WORKERS, 1, port)
    try:
        meter = CpuMeter(
            {
                "client": lambda: [os.getpid()],
                "gunicorn": lambda: family(server.pid),
                "postgres": lambda: postgres_processes(DB_NAME),
            }
        )
        # The statistics autovacuum takes within a minute of 10,000 new orders (where it is
        # off, as on this machine, load.Autovacuum takes them): without them the planner
        # judges the tables as empty as before the push and joins the whole scope per page.
        base = f"http://127.0.0.1:{port}"
        return aftercare_phases(base, username, meter, lambda: load.analyse(url))
    finally:
        _stop(server)


# --- report -------------------------------------------------------------------------------
LABELS = {
    "push": (f"push {N:,} orders", "push", "≥ 2"),
    "pull": (f"pull {N:,} orders, fresh client", "pull", "≥ 2"),
    "incr_push": (f"push {INC} updated orders", "incr_push", "≥ 2"),
    "incr_pull": (f"pull {INC} updated orders", "incr_pull", ""),
}


def _median(values: list[float | None]) -> float:
    ordered = sorted(v or 0.0 for v in values)
    return ordered[len(ordered) // 2]


def _server_cpu(phase: Phase) -> float:
    return phase.cpu["gunicorn"] + phase.cpu["postgres"]


def _speed_row(phase: Phase, peer: dict[str, Any]) -> str:
    """Docs per second of wall clock, and per second of server CPU (steadier on a busy
    machine), for both systems and their ratios."""
    label, _, target = LABELS[phase.name]
    ratio = phase.per_second / peer["docs_per_s_median"]
    ours = phase.docs / max(_server_cpu(phase), 0.01)
    theirs = peer["docs"] / max(_median(peer["cpu_server_s"]), 0.01)
    return (
        f"| {label} | {phase.per_second:,.0f} | {peer['docs_per_s_median']:,.0f} "
        f"| **{ratio:.2f}** | {target} | {ours:,.0f} | {theirs:,.0f} | {ours / theirs:.2f} |"
    )


def _cpu_row(phase: Phase, peer: dict[str, Any]) -> str:
    label = LABELS[phase.name][0]
    requests = "/".join(str(r) for r in sorted(set(peer["http_requests"])))
    return (
        f"| {label} | {phase.seconds:.2f} | {_server_cpu(phase):.2f} "
        f"({phase.cpu['gunicorn']:.2f} + {phase.cpu['postgres']:.2f}) "
        f"| {phase.cpu['client']:.2f} | {phase.cpu['other']:.2f} "
        f"| {phase.requests} ({phase.items:,} {phase.unit}) | {peer['median_s']:.2f} "
        f"| {_median(peer['cpu_server_s']):.2f} | {_median(peer['cpu_client_s']):.2f} "
        f"| {_median(peer['cpu_other_procs_s']):.2f} | {requests} |"
    )


def _rows(phases: list[Phase], pouch: dict[str, Any]) -> tuple[list[str], list[str]]:
    peers = [pouch["summary"][LABELS[phase.name][1]] for phase in phases]
    speed = [_speed_row(phase, peer) for phase, peer in zip(phases, peers, strict=True)]
    cpu = [_cpu_row(phase, peer) for phase, peer in zip(phases, peers, strict=True)]
    return speed, cpu


SPEED_HEADER = (
    "| phase | Aftercare orders/s | PouchDB docs/s | Aftercare / PouchDB | target "
    "| Aftercare orders per server CPU s | PouchDB docs per server CPU s | ratio by CPU |"
)
CPU_HEADER = (
    "| phase | Aftercare s | server CPU s (gunicorn + PostgreSQL) | client CPU s "
    "| other CPU s | requests | PouchDB s | server CPU s | client CPU s | other CPU s "
    "| requests |"
)


def report(phases: list[Phase], pouch: dict[str, Any]) -> str:
    meta = pouch["meta"]
    speed, cpu = _rows(phases, pouch)
    rounds = f"median of {meta['rounds_accepted']} uncontended rounds"
    if meta.get("contended_rounds_used"):
        rounds = f"median of {meta['rounds_discarded_for_contention']} rounds, none uncontended"
    server = meta["server_root"].get("version", "?")
    return f"""
Both systems on this machine in one run, each phase timed on the client.

- **Aftercare**: gunicorn as `benchmarks/load.py` starts it ({WORKERS} workers, 1 thread
  each) on a fresh PostgreSQL database; one engineer's phone over HTTP
  (`tests/sync/phone.py`, reading answers with orjson as a browser parses JSON natively)
  pushes {N:,} `work_order.create` mutations, {BATCH} a request
  (customer, site, symptom, severity, reporter, contact); a fresh phone pulls its whole
  scope (every page: each order comes with its events and references); the first phone
  pushes {INC} `work_order.update` mutations (diagnosis cause and fix of every
  {N // INC}th order) in one request; the last fresh phone pulls again. Between the push
  and the pulls (untimed) the tables are analysed, as autovacuum does within a minute of
  such a load. The push of {N:,} orders runs once; the other phases run {ROUNDS} times
  (a fresh phone each full pull, other orders each incremental round) and the median
  round is reported.
- **PouchDB**: pouchdb-server {server} in memory, pouchdb-node {meta["client_pouchdb"]}
  (memory adapter), replication `batch_size` {meta["repl_batch_size"]}, {N:,} docs of
  {meta["avg_doc_json_bytes"]} B JSON, the same four phases ({rounds};
  `benchmarks/pouchdb/client/pouchdb-bench.js`).

The target is on the wall-clock ratio. Orders per second of server CPU (gunicorn +
PostgreSQL; pouchdb-server) change less when other work shares the machine.

{SPEED_HEADER}
{"|---" * 8}|
{chr(10).join(speed)}

CPU seconds per phase. Aftercare's server is gunicorn + PostgreSQL (its backends for this
database and its writers); "other" is everything else on the machine meanwhile (a busy
machine slows both sides: read the ratios with it).

{CPU_HEADER}
{"|---" * 11}|
{chr(10).join(cpu)}
"""


def _require_pouchdb() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    for folder in ("server", "client"):
        if not (POUCH / folder / "node_modules/.package-lock.json").exists():
            pytest.skip(f"benchmarks/pouchdb/{folder}: npm packages missing (make bench)")


def test_sync_against_pouchdb_replication(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _require_pouchdb()
    url = fresh_database(monkeypatch)
    pouch = run_pouchdb(tmp_path)
    phases = run_aftercare(url)
    body = report(phases, pouch)
    print(body)
    write_section(TITLE, body)
