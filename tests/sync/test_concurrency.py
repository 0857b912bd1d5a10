"""Two devices pushing to the same record at the same moment, with real threads. On
PostgreSQL (several gunicorn workers, several servers) the result must equal some serial
order with no lost update; SQLite in memory has one connection, so these run only there."""

from __future__ import annotations

import os
import threading
import uuid
from datetime import UTC, datetime

import pytest

from server.extensions import db
from server.models import SyncConflict, WorkOrder, WorkOrderNote

from .phone import Phone

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (TEST_DATABASE_URL)",
)


def _at_once(app, calls):
    """Run each call in its own thread with its own app context, released together."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(i, call):
        with app.app_context():
            barrier.wait()
            try:
                results[i] = call()
            except Exception as exc:  # surfaced below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


def _phones(app, client, login, n=2):
    phones = [Phone(app.test_client(), login("engineer1")) for _ in range(n)]
    for phone in phones:
        phone.pull()
    return phones


def test_two_phones_editing_one_field_give_a_serial_outcome(app, client, login, world):
    a, b = _phones(app, client, login)
    wo = str(world.wo1.id)
    a.update_work_order(wo, diagnosis_cause="电源坏")
    b.update_work_order(wo, diagnosis_cause="网线松动")
    bodies = _at_once(app, [lambda: a.push_raw(a.outbox).json, lambda: b.push_raw(b.outbox).json])
    statuses = sorted(body["results"][0]["status"] for body in bodies)
    # whoever came second saw the first one's value: device wins, loser kept
    assert statuses == ["applied", "conflict"]
    second = next(body for body in bodies if body["results"][0]["status"] == "conflict")
    first_value = "网线松动" if second is bodies[0] else "电源坏"
    db.session.expire_all()
    final = db.session.get(WorkOrder, world.wo1.id).diagnosis_cause
    [conflict] = db.session.scalars(db.select(SyncConflict)).all()
    assert final == conflict.device_value
    assert conflict.server_value == first_value


def test_concurrent_appends_are_all_kept_once(app, client, login, world):
    phones = _phones(app, client, login, n=4)
    wo = str(world.wo1.id)
    for i, phone in enumerate(phones):
        for j in range(5):
            phone.mutate(
                "work_order_note.add",
                {"id": str(uuid.uuid4()), "work_order_id": wo, "text": f"{i}-{j}"},
            )
    calls = [lambda p=p: p.push_raw(p.outbox).json for p in phones]
    _at_once(app, calls + calls)  # every batch twice, all at once
    notes = db.session.scalars(db.select(WorkOrderNote.text)).all()
    assert sorted(notes) == sorted(f"{i}-{j}" for i in range(4) for j in range(5))


def test_concurrent_transitions_apply_once(app, client, login, world):
    a, b = _phones(app, client, login)
    wo = str(world.wo1.id)
    a.transition(wo, "accept")
    b.transition(wo, "accept")
    bodies = _at_once(app, [lambda: a.push_raw(a.outbox).json, lambda: b.push_raw(b.outbox).json])
    assert sorted(body["results"][0]["status"] for body in bodies) == ["applied", "conflict"]
    db.session.expire_all()
    kinds = [e.kind for e in db.session.get(WorkOrder, world.wo1.id).events]
    assert kinds.count("accepted") == 1


def test_concurrent_registrations_get_distinct_numbers(app, client, login, world):
    headers = login("dispatcher")
    body = {
        "customer_id": str(world.customer.id),
        "site_id": str(world.site.id),
        "symptom": "并发",
        "reported_at": datetime.now(UTC).isoformat(),
    }
    calls = [
        lambda: (
            app.test_client()
            .post("/api/v1/work-orders/", json=body, headers=headers)
            .json["number"]
        )
    ] * 6
    numbers = _at_once(app, calls)
    assert len(set(numbers)) == 6


def _in_flight(app, wo_id, symptom):
    """A transaction that writes a synced row and stays open until released: what a long
    push looks like to everyone else."""
    flushed, release = threading.Event(), threading.Event()
    errors: list = []

    def run():
        with app.app_context():
            try:
                order = db.session.get(WorkOrder, wo_id)
                order.symptom = symptom
                db.session.flush()  # stamped: this transaction holds its version
                flushed.set()
                release.wait(60)
                db.session.commit()
            except Exception as exc:  # surfaced by the caller
                errors.append(exc)
                flushed.set()
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    assert flushed.wait(20) and not errors, errors
    return thread, release, errors


def test_a_push_commits_while_another_is_in_flight(app, client, login, world):
    """Pushes from different engineers do not queue behind one lock."""
    (phone,) = _phones(app, client, login, n=1)
    slow, release, errors = _in_flight(app, world.wo2.id, "长事务")
    try:
        phone.mutate(
            "work_order_note.add",
            {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "text": "并行"},
        )
        done: list = []
        pusher = threading.Thread(
            target=lambda: done.append(_with_context(app, lambda: phone.push_raw(phone.outbox)))
        )
        pusher.start()
        pusher.join(20)
        assert done and done[0].status_code == 200, "the push waited for the other one"
    finally:
        release.set()
        slow.join(30)
    assert not errors, errors


def test_a_pull_skips_nothing_committed_out_of_order(app, client, login, world):
    """A row committed after a newer one, behind the cursor a pull handed out, still comes
    in the next pull."""
    (writer,) = _phones(app, client, login, n=1)
    reader = Phone(app.test_client(), login("dispatcher"))  # the office holds every order
    reader.pull()
    slow, release, errors = _in_flight(app, world.wo2.id, "晚提交")
    try:
        note_id = str(uuid.uuid4())
        writer.mutate(
            "work_order_note.add",
            {"id": note_id, "work_order_id": str(world.wo1.id), "text": "先提交"},
        )
        pusher = threading.Thread(target=lambda: _with_context(app, writer.push))
        pusher.start()
        pusher.join(20)
        _with_context(app, reader.pull)  # the newer row is committed, the older one not yet
    finally:
        release.set()
        slow.join(30)
    assert not errors, errors
    _with_context(app, reader.pull)
    assert reader.store["work_orders"][str(world.wo2.id)]["symptom"] == "晚提交"
    assert note_id in reader.store["work_order_notes"]


def _with_context(app, call):
    with app.app_context():
        try:
            return call()
        finally:
            db.session.remove()


def test_a_pull_reads_one_snapshot_and_leaves_the_connection_at_read_committed(
    app, client, login, world
):
    """The pull's transaction is REPEATABLE READ from its first statement (its pages agree
    with the version bound it took), and the next request's transaction on the pooled
    connection is back at PostgreSQL's default."""
    from sqlalchemy import event

    seen: list[tuple[str, str]] = []

    def level(conn, cursor, statement, parameters, context, executemany):
        kind = "pull" if "pg_current_snapshot" in statement else statement.split()[0]
        shown = cursor.connection.execute("SHOW transaction_isolation").fetchone()[0]
        seen.append((kind, shown))

    phone = Phone(app.test_client(), login("engineer1"))
    event.listen(db.engine, "before_cursor_execute", level)
    try:
        phone.pull()
        phone.mutate(
            "work_order_note.add",
            {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "text": "快照之后"},
        )
        phone.push()
    finally:
        event.remove(db.engine, "before_cursor_execute", level)
    assert ("pull", "repeatable read") in seen
    assert "SET" not in {kind for kind, _ in seen}  # the BEGIN carries the level
    assert seen[-1] == ("COPY", "read committed")  # the push's last: its kept mutations
