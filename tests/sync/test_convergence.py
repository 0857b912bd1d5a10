"""A property-based test: several phones edit offline at random, deliveries are lost,
repeated and reordered, the office edits and reassigns meanwhile. After everyone syncs:
every phone equals the server, every acknowledged mutation is reflected or recorded as a
conflict, and nothing is duplicated. Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from server.extensions import db
from server.models import (
    Centre,
    Contract,
    Customer,
    Device,
    Region,
    Site,
    SyncConflict,
    SyncMutation,
    System,
    User,
    WorkOrderNote,
)
from server.services.work_orders import create_work_order
from server.sync.records import ENTITIES, to_record
from tests.rest import patch_work_order

from .phone import Phone

PASSWORD = "convergence-pw"
DEVICE_FIELDS = ("diagnosis_cause", "diagnosis_fix")
SERVER_FIELDS = ("contact_name",)
ACTIONS = ("accept", "depart", "arrive", "hold", "resume", "complete")
WORDS = st.sampled_from(["电源坏", "网线松动", "端口损坏", "进水", "重启恢复", ""])


def _reset_world() -> dict:
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
    system = System(site=site, type="cctv", name="监控")
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
    orders = [
        create_work_order(
            {
                "customer_id": customer.id,
                "site_id": site.id,
                "device_ids": [device.id],
                "assigned_engineer_id": users["eng1" if i < 2 else "eng2"].id,
            },
            users["office"],
        ).id
        for i in range(3)
    ]
    return {"users": users, "orders": [str(o) for o in orders]}


class SyncMachine(RuleBasedStateMachine):
    def __init__(self, client):
        super().__init__()
        self.http = client
        world = _reset_world()
        self.orders = world["orders"]
        self.users = world["users"]
        self.office = self._login("office")
        # Two phones of the same engineer can edit the same work order; one of another.
        self.phones = [Phone(client, self._login(n)) for n in ("eng1", "eng1", "eng2")]
        for phone in self.phones:
            phone.pull()
        self.acknowledged: dict[str, str] = {}

    def _login(self, username: str) -> dict[str, str]:
        r = self.http.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        return {"Authorization": f"Bearer {r.json['token']}"}

    def _record(self, phone: Phone, index: int):
        ids = sorted(phone.store.get("work_orders", {}))
        return ids[index % len(ids)] if ids else None

    # --- offline edits ---------------------------------------------------------------
    @rule(
        p=st.integers(0, 2),
        i=st.integers(0, 5),
        name=st.sampled_from(DEVICE_FIELDS + SERVER_FIELDS),
        value=WORDS,
    )
    def edit(self, p, i, name, value):
        phone = self.phones[p]
        wo = self._record(phone, i)
        if wo is not None:
            phone.update_work_order(wo, **{name: value})

    @rule(p=st.integers(0, 2), i=st.integers(0, 5), action=st.sampled_from(ACTIONS))
    def transition(self, p, i, action):
        phone = self.phones[p]
        wo = self._record(phone, i)
        if wo is not None:
            phone.transition(wo, action)

    @rule(p=st.integers(0, 2), i=st.integers(0, 5), text=WORDS.filter(bool))
    def note(self, p, i, text):
        phone = self.phones[p]
        wo = self._record(phone, i)
        if wo is not None:
            phone.mutate(
                "work_order_note.add", {"id": str(uuid.uuid4()), "work_order_id": wo, "text": text}
            )

    # --- the office --------------------------------------------------------------------
    @rule(i=st.integers(0, 2), name=st.sampled_from(DEVICE_FIELDS + SERVER_FIELDS), value=WORDS)
    def office_edit(self, i, name, value):
        # As an office screen does: with the ETag it read (tests/sync/hostile.py races a
        # stale one against the phones).
        r = patch_work_order(
            self.http,
            f"/api/v1/work-orders/{self.orders[i]}",
            json={name: value},
            headers=self.office,
        )
        assert r.status_code in (200, 409), r.json

    @rule(i=st.integers(0, 2), engineer=st.sampled_from(["eng1", "eng2"]))
    def office_reassign(self, i, engineer):
        self.http.post(
            f"/api/v1/work-orders/{self.orders[i]}/actions",
            json={"action": "assign", "engineer_id": str(self.users[engineer].id)},
            headers=self.office,
        )

    # --- delivery ----------------------------------------------------------------------
    def _remember(self, body):
        for result in body["results"]:
            if result["status"] != "deferred":
                self.acknowledged[result["id"]] = result["status"]

    @rule(p=st.integers(0, 2))
    def push(self, p):
        self._remember(self.phones[p].push())

    @rule(p=st.integers(0, 2))
    def push_twice(self, p):
        """The same batch sent twice (a retry after a timeout)."""
        phone = self.phones[p]
        batch = list(phone.outbox)
        first = phone.push(batch)
        second = phone.push(batch)
        self._remember(first)
        assert [r["status"] for r in first["results"]] == [r["status"] for r in second["results"]]

    @rule(p=st.integers(0, 2))
    def push_response_lost(self, p):
        """The server applied the batch but the phone never heard back."""
        phone = self.phones[p]
        if phone.outbox:
            assert phone.push_raw(list(phone.outbox)).status_code == 200

    @rule(p=st.integers(0, 2), data=st.data())
    def push_out_of_order(self, p, data):
        """Part of the outbox, reversed, as a flaky network might deliver it."""
        phone = self.phones[p]
        if not phone.outbox:
            return
        start = data.draw(st.integers(0, len(phone.outbox) - 1))
        self._remember(phone.push(list(reversed(phone.outbox[start:]))))

    @rule(p=st.integers(0, 2))
    def pull(self, p):
        self.phones[p].pull()

    @invariant()
    def nothing_is_processed_twice(self):
        count = db.session.scalar(db.select(db.func.count()).select_from(SyncMutation))
        distinct = db.session.scalar(db.select(db.func.count(db.distinct(SyncMutation.id))))
        assert count == distinct

    def teardown(self):
        for _ in range(2):
            for phone in self.phones:
                while phone.outbox:
                    self._remember(phone.push())
            for phone in self.phones:
                phone.pull()
        db.session.expire_all()
        # every phone equals the server for everything it holds
        for phone in self.phones:
            assert phone.outbox == []
            for entity, rows in phone.store.items():
                model = ENTITIES[entity]
                for row_id, record in rows.items():
                    server = db.session.get(model, uuid.UUID(row_id))
                    assert server is not None, (entity, row_id)
                    assert record == to_record(server), (entity, row_id)
        # every acknowledged mutation is on record with its outcome; conflicts are kept
        stored = {str(m.id): m for m in db.session.scalars(db.select(SyncMutation))}
        for mutation_id, status in self.acknowledged.items():
            assert stored[mutation_id].status == status
            if status == "conflict":
                assert (
                    db.session.scalar(
                        db.select(SyncConflict).filter_by(mutation_id=uuid.UUID(mutation_id))
                    )
                    is not None
                )
        # no note was stored twice, and every applied note is there
        applied_notes = {
            m.args["id"]
            for m in stored.values()
            if m.name == "work_order_note.add" and m.status == "applied"
        }
        notes = db.session.scalars(db.select(WorkOrderNote.id)).all()
        assert len(notes) == len(set(notes))
        assert {str(n) for n in notes} == applied_notes


def test_phones_and_server_converge_whatever_the_network_does(app, client):
    run_state_machine_as_test(
        lambda: SyncMachine(client),
        # The same examples on every run: CI must not turn red on a newly drawn case (a
        # new case found is a bug to fix, found by running with derandomize off).
        settings=settings(
            derandomize=True,
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
