"""A hostile client, written from docs/sync-protocol.md and docs/api.md alone, as a hypothesis
state machine (issue 15, point 7). tests/sync/test_hostile_clients.py runs it at a bounded
size on SQLite and PostgreSQL; benchmarks/test_hostile_client_bench.py at a large one.

Three phones (two of one engineer, one of another) work offline while the office edits
the same work orders through REST and reassigns them. The phones' clocks run fast or
slow; their pushes are answered, answered and lost, sent twice, sent out of order, sent
with the same mutation twice in one batch, rebuilt under new seqs after the phone lost
track of what was acknowledged, salted with a new mutation at a used seq, and cut off by
a server killed mid-push (after some handlers ran, or at its commit) with the phone then
resending everything unacknowledged. The office reads an order (ETag), edits it later
with If-Match, and meets 412 when a phone wrote in between.

An observer sees every answer the server sends, including those the phone never
receives, and keeps a ledger of which value every pushed field change wrote. At the end
(everyone synced) nothing may be lost, duplicated or diverged:

- lost: a mutation a phone made that the server does not hold with the status first
  answered; an applied note, step or order that is not there; a pushed field value that
  is not the current value, was not superseded by a later write that knew it (a phone's
  edit made from it, an office PATCH whose If-Match was read after it) and is not kept in
  a conflict record; a conflict, late contribution or rejection not listed for the office;
- duplicated: a mutation answered as new twice (applied twice), an edit recorded twice;
- diverged: a record a phone holds that differs from the server's at its version.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from server.extensions import db
from server.models import (
    Centre,
    Contract,
    Customer,
    Device,
    LateContribution,
    Region,
    Site,
    SyncClient,
    SyncConflict,
    SyncMutation,
    System,
    User,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderNote,
)
from server.services.work_orders import create_work_order
from server.sync import push as push_module
from server.sync.mutations import HANDLERS
from server.sync.records import ENTITIES, to_record
from server.unit_of_work import committed

from .phone import Phone

PASSWORD = "hostile-pw"
#: Work orders the office registers for the two engineers before the phones' first pull.
ORDERS = 4
#: Fields both phones and the office edit: two device-wins, one server-wins.
FIELDS = ("diagnosis_cause", "diagnosis_fix", "contact_name")
ACTIONS = ("accept", "depart", "arrive", "hold", "resume", "complete")
WORDS = st.sampled_from(["电源坏", "网线松动", "端口损坏", "进水", "重启恢复", ""])
#: A few changes made offline: field edits, steps and notes on the phone's orders.
OFFLINE_WORK = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 7), st.sampled_from(FIELDS), WORDS),
        st.tuples(st.just("step"), st.integers(0, 7), st.sampled_from(ACTIONS)),
        st.tuples(st.just("note"), st.integers(0, 7), WORDS.filter(bool)),
    ),
    min_size=1,
    max_size=6,
)
#: Phone clocks, minutes off the server's (positive: fast). A fast clock stamps changes
#: after the server received them; a slow one well before.
CLOCKS = (-180, -45, -3, 0, 2, 7, 30)
#: The clocks the three phones start with: one fast, one slow, one right.
START_CLOCKS = (7, -45, 0)
#: The size `make test` runs it at (HOSTILE_EXAMPLES, HOSTILE_STEPS change it).
TEST_EXAMPLES = 12
TEST_STEPS = 35
#: A stored instant may lose sub-millisecond precision on the way to the database.
SLACK = timedelta(milliseconds=1)
#: Rejections this client can earn honestly (a step whose guards are missing, a new
#: mutation at a used seq). Any other key is a failure of the machine or the server.
EXPECTED_REJECTIONS = {"errors.workOrder.guardsMissing", "errors.sync.seqReused"}


class ServerKilled(BaseException):
    """The server process died mid-request. A BaseException, so that no ``except
    Exception`` in the server turns it into an answer: the request ends without one and
    its transaction is rolled back, as PostgreSQL does when a process is killed."""


@dataclass
class Tally:
    """What the runs did (summed over every example) and what went wrong (all 0)."""

    examples: int = 0
    steps: int = 0
    pushes: int = 0
    #: Wall time spent inside push requests (answered or killed).
    push_seconds: float = 0.0
    mutations_made: int = 0
    acknowledged: int = 0
    first_answers: int = 0
    duplicate_answers: int = 0
    answers_dropped: int = 0
    batches_with_repeats: int = 0
    outboxes_rebuilt: int = 0
    seq_reused: int = 0
    killed_mid_batch: int = 0
    killed_at_commit: int = 0
    creates_clock_ahead: int = 0
    creates_clock_behind: int = 0
    steps_clock_ahead: int = 0
    office_saves: int = 0
    office_refused_412: int = 0
    conflicts: int = 0
    late: int = 0
    rejected: int = 0
    #: Rows pulled, and those a phone already held at the same version.
    pulled_rows: int = 0
    redundant_rows: int = 0
    lost: int = 0
    duplicated: int = 0
    diverged: int = 0

    def add(self, other: Tally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def hypothesis_settings(examples: int, steps: int) -> settings:
    """The same examples on every run (CI must not turn red on a newly drawn case; a new
    case found is a bug to fix, by running with HOSTILE_DERANDOMIZE=0)."""
    return settings(
        derandomize=os.environ.get("HOSTILE_DERANDOMIZE", "1") != "0",
        database=None,
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def run_hostile_clients(client: FlaskClient, examples: int, steps: int) -> Tally:
    """Run the machine; the tally sums every example (a failing one raises)."""
    total = Tally()
    run_state_machine_as_test(
        lambda: HostileClients(client, total), settings=hypothesis_settings(examples, steps)
    )
    return total


# --- the world ------------------------------------------------------------------------


def _reset_world() -> dict[str, Any]:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    region = Region(name="华东")
    centre = Centre(region=region, name="上海服务中心")
    users = {}
    for name, role in (("office", "dispatcher"), ("eng1", "engineer"), ("eng2", "engineer")):
        user = User(username=name, display_name=name, role=role, centre=centre)
        user.set_password(PASSWORD)
        users[name] = user
    customer = Customer(name="医院", code="H")
    site = Site(customer=customer, name="门诊楼")
    system = System(site=site, type="cctv", name="监控", responsible_engineer=users["eng1"])
    device = Device(system=system, serial="S1", model="M", manufacturer="海康威视")
    contract = Contract(
        customer=customer,
        number="C1",
        name="质保",
        starts_on=date(2026, 1, 1),
        ends_on=date(2030, 1, 1),
        sites=[site],
    )
    db.session.add_all([region, centre, *users.values(), customer, site, system, device, contract])
    db.session.commit()
    with committed():
        orders = [
            create_work_order(
                {
                    "customer_id": customer.id,
                    "site_id": site.id,
                    "device_ids": [device.id],
                    "assigned_engineer_id": users["eng1" if i % 2 else "eng2"].id,
                },
                users["office"],
            ).id
            for i in range(ORDERS)
        ]
    return {"users": {n: u.id for n, u in users.items()}, "orders": [str(o) for o in orders]}


def _now() -> datetime:
    return datetime.now(UTC)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- the phone ------------------------------------------------------------------------


class HostilePhone(Phone):
    """A phone whose every push passes the observer, which remembers what was
    acknowledged (so that it can later forget it, and send it again under new seqs)."""

    def __init__(self, client, headers, observe: Callable, tally: Tally):
        super().__init__(client, headers)
        self.observe = observe
        self.tally = tally
        #: Acknowledged mutations (removed from the outbox by an answer), oldest first.
        self.acked: list[dict[str, Any]] = []
        #: The last_seq of the last answer this phone received.
        self.acked_seq = 0
        #: Every mutation this phone made, by id.
        self.made: dict[str, dict[str, Any]] = {}

    def mutate(self, name, args, occurred_at=None):
        mutation = super().mutate(name, args, occurred_at)
        self.made[mutation["id"]] = mutation
        self.tally.mutations_made += 1
        return mutation

    def push_raw(self, mutations):
        return self.observe(self, mutations, super().push_raw)

    def push(self, mutations=None):
        waiting = list(self.outbox)
        body = super().push(mutations)
        done = [m for m in waiting if m["seq"] <= body["last_seq"]]
        self.acked.extend(done)
        self.acked_seq = max(self.acked_seq, body["last_seq"])
        return body

    def rebuild_outbox(self, forget: int) -> None:
        """The app lost track of its last ``forget`` acknowledgements (a restore from a
        backup): it sends them again with everything unacknowledged, numbered afresh from
        the last seq it knows was processed (docs: "an outbox rebuilt under new seqs")."""
        forgotten = self.acked[len(self.acked) - forget :] if forget else []
        self.acked = self.acked[: len(self.acked) - len(forgotten)]
        first = self.acked_seq + 1
        self.outbox = [
            {**m, "seq": seq} for seq, m in enumerate([*forgotten, *self.outbox], start=first)
        ]
        self.seq = max(self.seq, self.acked_seq + len(self.outbox))


# --- the machine ----------------------------------------------------------------------


@dataclass
class FieldWrite:
    """One write of a work-order field, in the order the server committed them."""

    tick: int
    source: str  # "phone" or "office"
    value: Any
    #: phone: the base it sent for the field; office: the tick its If-Match was read at.
    base: Any = None
    read_tick: int = 0
    mutation_id: str | None = None
    #: phone: the values its conflict records kept as server_value for this field.
    kept: list[Any] = field(default_factory=list)


class HostileClients(RuleBasedStateMachine):
    def __init__(self, client: FlaskClient, total: Tally):
        super().__init__()
        self.http = client
        self.total = total
        self.tally = Tally(examples=1)
        world = _reset_world()
        self.users = world["users"]
        self.orders: list[str] = list(world["orders"])
        #: Every order's place in the order the run first met it (the world's, then those
        #: the phones register): rules pick orders by it, not by their random ids, so
        #: the same drawn steps take the same orders in every run (hypothesis replays a
        #: run's steps and requires them to draw the same).
        self.met: dict[str, int] = {wo: n for n, wo in enumerate(self.orders)}
        self.office = self._login("office")
        self.phones = [
            HostilePhone(client, self._login(name), self._observe, self.tally)
            for name in ("eng1", "eng1", "eng2")
        ]
        for phone, minutes in zip(self.phones, START_CLOCKS, strict=True):
            phone.clock_skew = timedelta(minutes=minutes)
            phone.pull()
        #: Committed writes so far (pushes and office saves): the order of events.
        self.tick = 0
        #: The first answer to every mutation, as the server sent it (delivered or not).
        self.first: dict[str, dict[str, Any]] = {}
        self.mutations: dict[str, dict[str, Any]] = {}
        #: (work order, field) → its writes, oldest first.
        self.writes: dict[tuple[str, str], list[FieldWrite]] = {}
        #: Phone values that lost a conflict (kept in a conflict record): (wo, field, value,
        #: conflict id).
        self.kept_in_conflict: list[tuple[str, str, Any, str]] = []
        #: Work order → (ETag, tick) the office's screen read it at.
        self.screens: dict[str, tuple[str, int]] = {}
        self.hostile_ids: set[str] = set()
        self.kill: tuple[str, int] | None = None

    def _login(self, username: str) -> dict[str, str]:
        r = self.http.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        assert r.status_code == 200, r.json
        return {"Authorization": f"Bearer {r.json['token']}"}

    def _in_met_order(self, ids: Iterable[str]) -> list[str]:
        """``ids`` (order ids) in the order the run met them (``met``)."""
        return sorted(ids, key=lambda wo: (self.met.get(wo, len(self.met)), wo))

    def _order_of(self, phone: Phone, index: int) -> str | None:
        ids = self._in_met_order(phone.store.get("work_orders", {}))
        return ids[index % len(ids)] if ids else None

    # --- the observer ------------------------------------------------------------------
    def _observe(self, phone: HostilePhone, mutations: list[dict], send: Callable) -> Any:
        kill, self.kill = self.kill, None
        self.tally.pushes += 1
        before = self._snapshot(phone) if kill else None
        started = _now()
        try:
            with _killing(kill) as killed:
                response = send(mutations)
        except ServerKilled:
            self.tally.push_seconds += (_now() - started).total_seconds()
            # Nothing of the batch may survive: the phone resends it all.
            db.session.rollback()
            assert self._snapshot(phone) == before
            if killed["where"] == "commit":
                self.tally.killed_at_commit += 1
            else:
                self.tally.killed_mid_batch += 1
            raise
        finished = _now()
        self.tally.push_seconds += (finished - started).total_seconds()
        assert response.status_code == 200, response.json
        self.tick += 1
        self._check_answer(phone, mutations, response.json, started, finished)
        return response

    def _snapshot(self, phone: Phone) -> tuple:
        counts = tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (SyncMutation, WorkOrder, WorkOrderEvent, WorkOrderNote, SyncConflict)
        )
        last_seq = db.session.scalar(
            select(SyncClient.last_seq).where(SyncClient.id == uuid.UUID(phone.client_id))
        )
        return (*counts, last_seq)

    def _check_answer(self, phone, mutations, body, started, finished) -> None:
        results = body["results"]
        # One answer per mutation sent, a mutation sent twice answered twice.
        assert Counter(r["id"] for r in results) == Counter(m["id"] for m in mutations)
        assert sorted(r["seq"] for r in results) == sorted(m["seq"] for m in mutations)
        # The offset is the server's clock minus the phone's, both read while the request
        # was in flight.
        skew_ms = phone.clock_skew / timedelta(milliseconds=1)
        elapsed_ms = (finished - started) / timedelta(milliseconds=1)
        assert -skew_ms - 2 <= body["clock_offset_ms"] <= -skew_ms + elapsed_ms + 2, (
            body["clock_offset_ms"],
            skew_ms,
        )
        by_id = {m["id"]: m for m in mutations}
        for result in results:
            mutation = by_id[result["id"]]
            if result["status"] == "deferred":
                continue
            first = self.first.get(result["id"])
            if result.get("duplicate"):
                assert "records" not in result, result
                assert first is not None, ("a duplicate of nothing answered", result)
                assert result["status"] == first["status"], (result, first)
                assert result.get("key") == first.get("key"), (result, first)
                self.tally.duplicate_answers += 1
                continue
            if first is not None:
                self.tally.duplicated += 1  # answered as new twice: applied twice
                raise AssertionError(("applied twice", first, result))
            self.first[result["id"]] = result
            self.mutations[result["id"]] = mutation
            self.tally.first_answers += 1
            self._check_first_answer(mutation, result, started, finished)

    def _check_first_answer(self, mutation, result, started, finished) -> None:
        status, name, args = result["status"], mutation["name"], mutation["args"]
        if status == "rejected":
            self.tally.rejected += 1
            assert result["key"] in EXPECTED_REJECTIONS, (mutation, result)
        elif status == "late":
            self.tally.late += 1
        elif status == "conflict":
            self.tally.conflicts += len(result["conflicts"])
        occurred = _instant(mutation["occurred_at"])
        if name == "work_order.create":
            # A clock ahead or behind: accepted, reported_at no later than the server
            # received it, the phone's own time kept on the registered event.
            assert status == "applied", (mutation, result)
            wo = db.session.get(WorkOrder, uuid.UUID(args["id"]))
            if occurred <= started:
                assert wo.reported_at == occurred
                self.tally.creates_clock_behind += occurred < started - timedelta(minutes=1)
            else:
                assert started - SLACK <= wo.reported_at <= min(occurred, finished) + SLACK
                self.tally.creates_clock_ahead += occurred > finished
            registered = next(e for e in wo.events if e.kind == "registered")
            assert (registered.device_at, registered.origin) == (occurred, "device")
            self.orders.append(args["id"])
        elif name == "work_order.transition" and status == "applied":
            step = db.session.get(WorkOrderEvent, uuid.UUID(args["event_id"]))
            assert (step.device_at, step.origin) == (occurred, "device")
            assert started - SLACK <= step.server_at <= finished + SLACK
            self.tally.steps_clock_ahead += occurred > finished
        elif name == "work_order.update" and status in ("applied", "merged", "conflict"):
            self._ledger_phone_edit(mutation, result)

    def _ledger_phone_edit(self, mutation, result) -> None:
        args = mutation["args"]
        clashes = {c["field"]: c for c in result.get("conflicts", [])}
        for name, value in args["changes"].items():
            clash = clashes.get(name)
            if clash is not None and clash["winner"] == "server":
                assert clash["device_value"] == value, clash
                self.kept_in_conflict.append((args["id"], name, value, clash["id"]))
                continue
            kept = [clash["server_value"]] if clash is not None else []
            self.writes.setdefault((args["id"], name), []).append(
                FieldWrite(
                    self.tick,
                    "phone",
                    value,
                    base=args["base"][name],
                    mutation_id=mutation["id"],
                    kept=kept,
                )
            )

    # --- clocks ------------------------------------------------------------------------
    @rule(p=st.integers(0, 2), minutes=st.sampled_from(CLOCKS))
    def clock_drifts(self, p, minutes):
        self.phones[p].clock_skew = timedelta(minutes=minutes)

    # --- offline work ------------------------------------------------------------------
    @rule(p=st.integers(0, 2), work=OFFLINE_WORK)
    def works_offline(self, p, work):
        """A few changes on the phone, each written locally and queued in the outbox."""
        phone = self.phones[p]
        for kind, i, *what in work:
            wo = self._order_of(phone, i)
            if wo is None:
                return
            if kind == "edit":
                name, value = what
                if phone.store["work_orders"][wo][name] != value:
                    phone.update_work_order(wo, **{name: value})
            elif kind == "step":
                phone.transition(wo, what[0])
            else:
                self._note(phone, wo, what[0])

    @staticmethod
    def _note(phone: Phone, wo: str, text: str) -> dict[str, Any]:
        args = {"id": str(uuid.uuid4()), "work_order_id": wo, "text": text}
        return phone.mutate("work_order_note.add", args)

    @rule(p=st.integers(0, 2), follow_on=st.booleans())
    def register_order(self, p, follow_on):
        """An order registered offline (by the phone's clock), perhaps with work on it
        queued before it ever reached the server."""
        phone = self.phones[p]
        sites = phone.store.get("sites", {})
        if not sites:
            return
        site = sites[sorted(sites)[0]]
        wo = str(uuid.uuid4())
        self.met[wo] = len(self.met)
        args = {"id": wo, "customer_id": site["customer_id"], "site_id": site["id"]}
        phone.mutate("work_order.create", {**args, "symptom": "巡检发现故障"})
        if follow_on:
            self._note(phone, wo, "已到现场")
            phone.transition(wo, "depart")

    # --- the office --------------------------------------------------------------------
    @rule(i=st.integers(0, 7))
    def office_opens_order(self, i):
        self._office_opens(self.orders[i % len(self.orders)])

    def _office_opens(self, wo: str) -> None:
        r = self.http.get(f"/api/v1/work-orders/{wo}", headers=self.office)
        assert r.status_code == 200, r.json
        assert r.headers["ETag"] == f'"{r.json["row_version"]}"'
        self.screens[wo] = (r.headers["ETag"], self.tick)

    @rule(i=st.integers(0, 7), name=st.sampled_from(FIELDS), value=WORDS)
    def office_saves_order(self, i, name, value):
        """The office saves an edit on an order as its screen read it, maybe long ago."""
        if not self.screens:
            self.office_opens_order(i)
        self._office_saves(self._in_met_order(self.screens)[i % len(self.screens)], name, value)

    @rule(p=st.integers(0, 2), i=st.integers(0, 7), name=st.sampled_from(FIELDS), value=WORDS)
    def office_edit_races_a_push(self, p, i, name, value):
        """The office opens an order a phone is about to push changes for, the push
        lands, then the office saves."""
        phone = self._busy(p)
        if phone is None:
            return
        touched = self._in_met_order(
            {m["args"].get("work_order_id") or m["args"]["id"] for m in phone.outbox}
        )
        wo = touched[i % len(touched)]
        if wo not in self.orders:  # registered in this very push
            return
        self._office_opens(wo)
        phone.push()
        self._office_saves(wo, name, value)

    def _office_saves(self, wo: str, name: str, value: Any) -> None:
        etag, read_tick = self.screens[wo]
        url = f"/api/v1/work-orders/{wo}"
        before = self.http.get(url, headers=self.office).json
        r = self.http.patch(url, json={name: value}, headers={**self.office, "If-Match": etag})
        if r.status_code == 412:
            # Stale: nothing written, the order as it stands is answered.
            self.tally.office_refused_412 += 1
            assert r.json["key"] == "errors.precondition.failed"
            current = r.json["current"]
            after = self.http.get(url, headers=self.office).json
            assert etag != f'"{before["row_version"]}"'
            assert current["row_version"] == after["row_version"] == before["row_version"]
            assert current[name] == after[name] == before[name]
            self.screens[wo] = (f'"{current["row_version"]}"', self.tick)
            return
        assert r.status_code == 200, r.json
        assert etag == f'"{before["row_version"]}"'
        self.tick += 1
        self.tally.office_saves += 1
        # No phone wrote the field since the screen read the order: else a silent loss.
        unseen = [
            w
            for w in self.writes.get((wo, name), [])
            if w.source == "phone" and w.tick > read_tick and w.value != value
        ]
        assert not unseen, ("the office overwrote a phone's value unseen", unseen)
        self.writes.setdefault((wo, name), []).append(
            FieldWrite(self.tick, "office", value, read_tick=read_tick)
        )
        self.screens[wo] = (r.headers["ETag"], self.tick)

    @rule(i=st.integers(0, 7), engineer=st.sampled_from(["eng1", "eng2"]))
    def office_reassigns(self, i, engineer):
        r = self.http.post(
            f"/api/v1/work-orders/{self.orders[i % len(self.orders)]}/actions",
            json={"action": "assign", "engineer_id": str(self.users[engineer])},
            headers=self.office,
        )
        assert r.status_code in (200, 409), r.json
        self.tick += r.status_code == 200

    # --- delivery ----------------------------------------------------------------------
    def _busy(self, p: int) -> HostilePhone | None:
        """The p-th phone (cyclically) of those with something to send."""
        busy = [phone for phone in self.phones if phone.outbox]
        return busy[p % len(busy)] if busy else None

    @rule(p=st.integers(0, 2))
    def push(self, p):
        self.phones[p].push()

    @rule(p=st.integers(0, 2))
    def push_twice(self, p):
        """The same batch sent again (a retry after a timeout): answered the same."""
        phone = self._busy(p)
        if phone is None:
            return
        batch = list(phone.outbox)
        first = phone.push(batch)
        second = phone.push(batch)
        assert [r["status"] for r in first["results"]] == [r["status"] for r in second["results"]]

    @rule(p=st.integers(0, 2))
    def answer_lost(self, p):
        """The server applied the batch; the phone never heard back."""
        phone = self._busy(p)
        if phone is not None:
            phone.push_raw(list(phone.outbox))
            self.tally.answers_dropped += 1

    @rule(p=st.integers(0, 2), data=st.data())
    def push_out_of_order(self, p, data):
        """The tail of the outbox, reversed, as a flaky network might deliver it."""
        phone = self._busy(p)
        if phone is not None:
            start = data.draw(st.integers(0, len(phone.outbox) - 1))
            phone.push(list(reversed(phone.outbox[start:])))

    @rule(p=st.integers(0, 2), data=st.data())
    def push_with_repeats(self, p, data):
        phone = self._busy(p)
        if phone is not None:
            picks = st.lists(st.integers(0, len(phone.outbox) - 1), min_size=1, max_size=3)
            self._push_with_repeats(phone, data.draw(picks, label="repeated"))

    def _push_with_repeats(self, phone: HostilePhone, picks: list[int]) -> None:
        """The outbox with some of its mutations twice in the same batch: each is applied
        once and answered twice, the second time as a duplicate."""
        repeated = [phone.outbox[j] for j in picks if j < len(phone.outbox)]
        body = phone.push([*phone.outbox, *repeated])
        self.tally.batches_with_repeats += 1
        for m in repeated:
            answers = [r for r in body["results"] if r["id"] == m["id"]]
            assert len({r["status"] for r in answers}) == 1, answers
            if answers[0]["status"] != "deferred":
                assert all(r.get("duplicate") for r in answers[1:]), answers

    @precondition(lambda self: any(p.acked for p in self.phones))
    @rule(p=st.integers(0, 2), forget=st.integers(1, 4))
    def outbox_rebuilt_under_new_seqs(self, p, forget):
        phone = self.phones[p]
        self._rebuild(phone, min(forget, len(phone.acked)))

    def _rebuild(self, phone: HostilePhone, forget: int) -> None:
        """Processed mutations come again under new seqs: their stored result, as
        duplicates, and last_seq moves on past them."""
        if not forget:
            return
        resent = {m["id"] for m in phone.acked[-forget:]}
        phone.rebuild_outbox(forget)
        self.tally.outboxes_rebuilt += 1
        last = phone.outbox[-1]["seq"]
        body = phone.push()
        for r in body["results"]:
            if r["id"] in resent:
                assert r.get("duplicate") is True, r
        assert (body["last_seq"], phone.outbox) == (last, [])

    @precondition(lambda self: any(p.acked_seq for p in self.phones))
    @rule(p=st.integers(0, 2), data=st.data(), with_outbox=st.booleans())
    def new_mutation_at_a_used_seq(self, p, data, with_outbox):
        phone = self.phones[p]
        if phone.acked_seq:
            seq = data.draw(st.integers(1, phone.acked_seq), label="used seq")
            self._seq_reused(phone, seq, with_outbox)

    def _seq_reused(self, phone: HostilePhone, seq: int, with_outbox: bool) -> None:
        """A new mutation at a seq another one used: rejected seqReused, kept for the
        office in /sync/rejected; sent again, the same answer as a duplicate."""
        wo = self._order_of(phone, seq)
        if wo is None:
            return
        hostile = {
            "id": str(uuid.uuid4()),
            "seq": seq,
            "name": "work_order_note.add",
            "occurred_at": phone.now().isoformat(),
            "args": {"id": str(uuid.uuid4()), "work_order_id": wo, "text": "同一序号"},
        }
        self.hostile_ids.add(hostile["id"])
        self.tally.seq_reused += 1
        body = phone.push([hostile, *phone.outbox] if with_outbox else [hostile])
        [answer] = [r for r in body["results"] if r["id"] == hostile["id"]]
        assert (answer["status"], answer["key"]) == ("rejected", "errors.sync.seqReused")
        assert "duplicate" not in answer
        kept = self._office_list("/api/v1/sync/rejected")
        assert hostile["args"] == next(k["args"] for k in kept if k["id"] == hostile["id"])
        [again] = phone.push_raw([hostile]).json["results"]
        assert (again["key"], again["duplicate"]) == ("errors.sync.seqReused", True)

    @rule(
        p=st.integers(0, 2),
        where=st.sampled_from(["handler", "commit"]),
        data=st.data(),
        resend_now=st.booleans(),
    )
    def server_killed_mid_push(self, p, where, data, resend_now):
        phone = self._busy(p)
        if phone is not None:
            after = data.draw(st.integers(1, len(phone.outbox)), label="after handlers")
            self._killed(phone, where, after, resend_now)

    def _killed(self, phone: HostilePhone, where: str, after: int, resend_now: bool) -> None:
        """The server dies while applying the push (after ``after`` handlers ran, or at
        its commit): nothing of it stays, and the phone, with no answer, resends
        everything unacknowledged (now, or at its next push)."""
        self.kill = (where, after)
        with suppress(ServerKilled):
            phone.push()
        self.kill = None
        if resend_now:
            phone.push()

    @rule(p=st.integers(0, 2))
    def pull(self, p):
        self.phones[p].pull()

    @invariant()
    def outboxes_run_on_from_the_last_acknowledged_seq(self):
        for phone in self.phones:
            seqs = [m["seq"] for m in phone.outbox]
            assert seqs == list(range(phone.acked_seq + 1, phone.acked_seq + 1 + len(seqs)))

    @invariant()
    def count_steps(self):
        self.tally.steps += 1

    # --- the end -----------------------------------------------------------------------
    def _office_list(self, path: str, **query: Any) -> list[dict[str, Any]]:
        items, page = [], 1
        while True:
            r = self.http.get(
                path, query_string={**query, "page": page, "per_page": 200}, headers=self.office
            )
            assert r.status_code == 200, r.json
            items += r.json["items"]
            if page >= r.json["pages"]:
                return items
            page += 1

    def _last_sync_through_the_worst_network(self) -> None:
        """However the example went (swarm testing leaves rules out), one phone's last
        sync meets each hostile case once: orders registered on a fast and a slow clock,
        killed mid-batch and at commit, the same mutation twice in a batch, an answer lost,
        an office edit racing it (412, then saved over the phone's value knowingly), a
        phone edit made on a value the office changed meanwhile (a conflict), an outbox
        rebuilt under new seqs and a new mutation at a used seq."""
        # An order registered on a slow clock, and one (with a step on it) on a fast one.
        self.phones[1].clock_skew = timedelta(minutes=START_CLOCKS[1])
        self.register_order(1, follow_on=False)
        p = max(range(3), key=lambda p: (len(self.phones[p].outbox), len(self.phones[p].acked)))
        phone = self.phones[p]
        phone.clock_skew = timedelta(minutes=START_CLOCKS[0])
        self.register_order(p, follow_on=True)
        wo = self._order_of(phone, len(phone.acked))
        if wo is None:
            return
        for n in range(2):
            self._note(phone, wo, f"收尾 {n}")
        self._killed(phone, "handler", 1, resend_now=False)
        self._killed(phone, "commit", 0, resend_now=False)
        self._push_with_repeats(phone, [0])
        self._office_opens(wo)
        phone.update_work_order(wo, diagnosis_fix=f"现场 {len(self.first)}")
        phone.push_raw(list(phone.outbox))  # applied, the answer lost
        self.tally.answers_dropped += 1
        self._office_saves(wo, "diagnosis_fix", "办公室改")  # 412: the screen shows it now
        self._office_saves(wo, "contact_name", f"办公室 {self.tick}")
        phone.update_work_order(wo, contact_name=f"现场 {len(self.first)}")
        self._rebuild(phone, min(2, len(phone.acked)))
        if phone.acked_seq:
            self._seq_reused(phone, 1, with_outbox=True)

    def teardown(self):
        try:
            self._last_sync_through_the_worst_network()
            self._everyone_syncs()
            self.tally.acknowledged = len({m["id"] for p in self.phones for m in p.acked})
            self.tally.pulled_rows = sum(p.pulled_rows for p in self.phones)
            self.tally.redundant_rows = sum(p.redundant_rows for p in self.phones)
            problems = {
                "lost": self._lost(),
                "duplicated": self._duplicated(),
                "diverged": self._diverged(),
            }
            for name, found in problems.items():
                setattr(self.tally, name, getattr(self.tally, name) + len(found))
            assert problems == {"lost": [], "duplicated": [], "diverged": []}, problems
        finally:
            self.total.add(self.tally)

    def _everyone_syncs(self) -> None:
        for _ in range(2):
            for phone in self.phones:
                for _attempt in range(5):  # each push processes the whole outbox
                    if not phone.outbox:
                        break
                    phone.push()
            for phone in self.phones:
                phone.pull()
        db.session.expire_all()

    def _lost(self) -> list[Any]:
        lost: list[Any] = []
        for phone in self.phones:
            lost += [("never acknowledged", m) for m in phone.outbox]
        made = {mid: m for phone in self.phones for mid, m in phone.made.items()}
        stored = {str(m.id): m for m in db.session.scalars(select(SyncMutation))}
        for mid in [*made, *self.hostile_ids]:
            kept = stored.get(mid)
            if kept is None or mid not in self.first or kept.status != self.first[mid]["status"]:
                lost.append(("mutation not kept as answered", mid, self.first.get(mid)))
        lost += self._records_lost()
        lost += self._values_lost()
        lost += self._not_listed_for_the_office()
        return lost

    def _records_lost(self) -> list[Any]:
        """Every applied note, step and order is there."""
        lost = []
        for mid, result in self.first.items():
            if result["status"] != "applied":
                continue
            name, args = self.mutations[mid]["name"], self.mutations[mid]["args"]
            model, key = {
                "work_order_note.add": (WorkOrderNote, "id"),
                "work_order.transition": (WorkOrderEvent, "event_id"),
                "work_order.create": (WorkOrder, "id"),
            }.get(name, (None, None))
            if model is not None and db.session.get(model, uuid.UUID(args[key])) is None:
                lost.append(("applied but missing", name, args))
        return lost

    def _values_lost(self) -> list[Any]:
        """Every pushed field value is current, superseded by a write that knew it, or
        kept in a conflict record."""
        lost = []
        for (wo_id, name), writes in self.writes.items():
            current = to_record(db.session.get(WorkOrder, uuid.UUID(wo_id)))[name]
            for index, write in enumerate(writes):
                if write.source != "phone":
                    continue
                later = writes[index + 1] if index + 1 < len(writes) else None
                if later is None:
                    ok = current == write.value
                elif later.value == write.value:
                    ok = True
                elif later.source == "office":
                    ok = later.read_tick >= write.tick
                else:
                    ok = later.base == write.value or write.value in later.kept
                if not ok:
                    lost.append(("value lost", wo_id, name, write, later, current))
        return lost

    def _not_listed_for_the_office(self) -> list[Any]:
        missing = []
        conflicts = {c["id"]: c for c in self._office_list("/api/v1/sync/conflicts", open=False)}
        for mid, result in self.first.items():
            for answered in result.get("conflicts", []):
                listed = conflicts.get(answered["id"])
                wanted = {k: answered[k] for k in ("field", "winner", "device_value")}
                if listed is None or {k: listed[k] for k in wanted} != wanted:
                    missing.append(("conflict not listed", mid, answered))
        for wo_id, name, value, conflict_id in self.kept_in_conflict:
            listed = conflicts.get(conflict_id)
            if listed is None or (listed["entity_id"], listed["field"], listed["device_value"]) != (
                wo_id,
                name,
                value,
            ):
                missing.append(("losing value not kept", wo_id, name, value))
        late = {row["mutation_id"] for row in self._office_list("/api/v1/sync/late", status="all")}
        rejected = {row["id"] for row in self._office_list("/api/v1/sync/rejected")}
        for mid, result in self.first.items():
            if result["status"] == "late" and mid not in late:
                missing.append(("late change not listed", mid))
            if result["status"] == "rejected" and mid not in rejected:
                missing.append(("rejection not listed", mid))
        return missing

    def _duplicated(self) -> list[Any]:
        """Each edit is recorded once: one device 'updated' event per update that wrote
        (single-field edits: applied, or a conflict the device won); nothing stored twice."""
        duplicated = []
        wrote = sum(
            1
            for mid, result in self.first.items()
            if self.mutations[mid]["name"] == "work_order.update"
            and (
                result["status"] == "applied"
                or any(c["winner"] == "device" for c in result.get("conflicts", []))
            )
        )
        recorded = db.session.scalar(
            select(func.count())
            .select_from(WorkOrderEvent)
            .where(WorkOrderEvent.kind == "updated", WorkOrderEvent.origin == "device")
        )
        if recorded != wrote:
            duplicated.append(("device edits recorded", recorded, "expected", wrote))
        for model, column in (
            (WorkOrderNote, WorkOrderNote.id),
            (SyncMutation, SyncMutation.id),
            (LateContribution, LateContribution.mutation_id),
        ):
            rows = db.session.scalar(select(func.count()).select_from(model))
            distinct = db.session.scalar(select(func.count(func.distinct(column))))
            if rows != distinct:
                duplicated.append((model.__tablename__, rows, distinct))
        return duplicated

    def _diverged(self) -> list[Any]:
        diverged = []
        for phone in self.phones:
            for entity, rows in phone.store.items():
                for row_id, record in rows.items():
                    server = db.session.get(ENTITIES[entity], uuid.UUID(row_id))
                    if server is None or record != to_record(server):
                        diverged.append((entity, row_id))
        return diverged


@contextmanager
def _killing(kill: tuple[str, int] | None) -> Iterator[dict[str, str]]:
    """Kill the server during the push: in the ``after``-th mutation handler (after it
    ran), or at its commit (after every handler ran and the batch was flushed)."""
    killed = {"where": ""}
    if kill is None:
        yield killed
        return
    where, after = kill
    if where == "commit":
        processed = push_module._process
        ran = [False]

        def process(*args: Any, **kwargs: Any) -> Any:
            results = processed(*args, **kwargs)
            ran[0] = True
            return results

        def die(session: Session) -> None:
            if ran[0]:  # (not a commit before the batch, such as a token's touch)
                killed["where"] = "commit"
                raise ServerKilled("killed at commit")

        push_module._process = process
        event.listen(Session, "before_commit", die)
        try:
            yield killed
        finally:
            event.remove(Session, "before_commit", die)
            push_module._process = processed
        return
    saved = dict(HANDLERS)
    calls = [0]

    def dying(handler: Callable) -> Callable:
        def run(ctx: Any, args: dict[str, Any]) -> Any:
            try:
                return handler(ctx, args)  # (or its refusal, or its late keeping)
            finally:
                calls[0] += 1
                if calls[0] == after:
                    killed["where"] = "handler"
                    raise ServerKilled(f"killed after {after} mutations")

        return run

    HANDLERS.update({name: dying(handler) for name, handler in saved.items()})
    try:
        yield killed
    finally:
        HANDLERS.clear()
        HANDLERS.update(saved)
