"""Applying a pushed batch exactly once.

Mutations are numbered per client. The batch runs in one transaction that first takes
this server's change sequence (serialising it against every other writer), then for each
mutation in order:

- seq at or below the client's last processed seq → a resend: answer the stored result;
- seq = last + 1 → apply it and store its result (applied, merged, conflict or rejected)
  in the same transaction as its changes;
- a gap → stop: the rest are answered "deferred" and sent again after the missing one.

One loop, run once or twice. Which of the batch's ids exist is checked up front, in one
query per table, and passed to the handlers (``Context.existing_ids``). The first run
applies every mutation without flushing and writes everything in one flush at the end. If
anything in it is refused or fails, the transaction is rolled back and the same loop runs
again ``isolated``: each mutation in its own savepoint, so a rejected one rolls back
alone, is stored with its arguments for the office, and blocks nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, Select, inspect, literal, select, union_all
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from server import bulk_sql
from server.errors import AppError
from server.extensions import db
from server.models import SyncClient, SyncMutation, User, WorkOrder, WorkOrderEvent
from server.models.base import utcnow
from server.services import work_orders as work_order_service
from server.services.numbers import NumberBlock
from server.services.outcomes import NOT_INPUT_EVENTS
from server.stable_sql import among, one_of_parameter
from server.sync import kept
from server.sync import late as late_contributions
from server.sync.mutations import APPEND_ONLY, HANDLERS, Context, Late, Outcome, Rejected
from server.sync.records import to_record
from server.sync.versioning import transaction_version

log = logging.getLogger(__name__)


class ClientMismatch(AppError):
    code = 403
    key = "errors.sync.clientOfAnotherUser"


class _RunIsolated(Exception):
    """A mutation was refused or failed: run the batch again, each mutation isolated."""


@dataclass
class PushResult:
    results: list[dict[str, Any]]
    last_seq: int


def sync_client(client_id: uuid.UUID, user: User, schema_version: int) -> SyncClient:
    """The client row, created on first contact; a client id belongs to one user."""
    client = db.session.get(SyncClient, client_id, with_for_update=True)
    if client is None:
        client = SyncClient(
            id=client_id, user_id=user.id, schema_version=schema_version, last_seq=0
        )
        db.session.add(client)
    elif client.user_id != user.id:
        raise ClientMismatch(
            "This app installation belongs to another user: sign out and in again.",
        )
    client.schema_version = schema_version
    client.last_seen_at = utcnow()
    return client


def _run(ctx: Context, name: str, args: dict[str, Any]) -> Outcome:
    handler = HANDLERS.get(name)
    if handler is None:
        raise Rejected(
            f"Unknown mutation {name!r}.",
            "errors.sync.unknownMutation",
            {"name": ["Unknown mutation."]},
        )
    try:
        return handler(ctx, args)
    except Late as late:  # the order moved on meanwhile: kept for the office, not lost
        mutation = {
            "id": ctx.mutation_id,
            "name": name,
            "args": args,
            "occurred_at": ctx.occurred_at,
        }
        return Outcome(
            "late", late=late_contributions.keep(late, ctx.user, ctx.client_id, mutation)
        )


def _rejection(exc: Rejected) -> dict[str, Any]:
    return {
        "status": "rejected",
        "message": exc.message,
        "key": exc.key,
        "errors": exc.errors,
        **exc.extra,
    }


def _apply_safely(ctx: Context, name: str, args: dict[str, Any]) -> tuple[dict, Outcome | None]:
    savepoint = db.session.begin_nested()
    try:
        outcome = _run(ctx, name, args)
        db.session.flush()
        savepoint.commit()
    except Rejected as exc:
        savepoint.rollback()
        return _rejection(exc), None
    except Exception:  # a bug must not lose the change: it is kept, rejected, for the office
        savepoint.rollback()
        log.exception("mutation %s %s failed", name, ctx.mutation_id)
        return {
            "status": "rejected",
            "message": "The server could not apply this change.",
            "key": "errors.sync.serverError",
            "errors": {},
        }, None
    return _outcome_result(outcome), outcome


def _outcome_result(outcome: Outcome) -> dict[str, Any]:
    result: dict[str, Any] = {"status": outcome.status}
    if outcome.conflicts:
        result["conflicts"] = outcome.conflicts
    if outcome.late is not None:
        result["key"] = f"sync.late.{outcome.late['reason']}"
        result["message"] = (
            "The work order moved on before this change arrived; it was sent to the office."
        )
        result["late"] = outcome.late
    return result


def _known_ids(mutations: list[dict[str, Any]]) -> dict[str, set[uuid.UUID]]:
    """Which of the batch's mutation ids and new record ids exist: one statement for every
    table (a UNION ALL of one id lookup per table)."""
    wanted: dict[Any, set[uuid.UUID]] = {SyncMutation: {m["id"] for m in mutations}}
    for m in mutations:
        model = APPEND_ONLY.get(m["name"])
        arg_id = _arg_id(m)
        if model is not None and arg_id is not None:
            wanted.setdefault(model, set()).add(arg_id)
        if m["name"] == "work_order.transition" and (event_id := _arg_id(m, "event_id")):
            wanted.setdefault(WorkOrderEvent, set()).add(event_id)
    known: dict[str, set[uuid.UUID]] = {name: set() for name in _ID_TABLES}
    lists = {model.__tablename__: list(ids) for model, ids in wanted.items() if ids}
    if lists:
        dialect = db.session.get_bind().dialect.name
        statement = _known_ids_statement(dialect, tuple(sorted(lists)))
        for name, row_id in db.session.execute(statement, lists):
            known[name].add(row_id)
    return known


#: The tables whose ids a batch looks up, by name.
_ID_TABLES = {
    model.__tablename__: model for model in (SyncMutation, *APPEND_ONLY.values(), WorkOrderEvent)
}


@cache
def _known_ids_statement(dialect: str, names: tuple[str, ...]) -> CompoundSelect:
    """Which of the ids given for each of these tables (a parameter named after the table)
    exist: built once per combination of tables (a handful)."""
    return union_all(
        *(
            select(literal(name).label("name"), _ID_TABLES[name].id.label("id")).where(
                one_of_parameter(_ID_TABLES[name].id, name, dialect)
            )
            for name in names
        )
    )


def _apply(ctx: Context, name: str, args: dict[str, Any], *, isolated: bool):
    """Apply one mutation: (result, outcome). Isolated, it runs in its own savepoint and a
    refusal or a failure becomes its rejected result; otherwise any exception aborts the
    batch, which is then run again isolated."""
    if not isolated:
        try:
            outcome = _run(ctx, name, args)
        except Exception as exc:
            raise _RunIsolated(repr(exc)) from exc
        return _outcome_result(outcome), outcome
    return _apply_safely(ctx, name, args)


def _process(
    user: User, client: SyncClient, mutations: list[dict[str, Any]], *, isolated: bool
) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    pending: list[tuple[dict[str, Any], Outcome]] = []
    known = _known_ids(mutations)
    seen_mutations = known[SyncMutation.__tablename__]
    numbers = _numbers_for(client, mutations)
    this_batch: dict[uuid.UUID, dict[str, Any]] = {}
    locked = _lock_orders(client, mutations)
    refused_creates: dict[uuid.UUID, uuid.UUID] = {}
    vans: dict[uuid.UUID, Any] = {}  # (the batch's: Context.vans)
    kept_rows: list[dict[str, Any]] = []  # sync_mutations rows, inserted at the end
    deferred = False
    for m in sorted(mutations, key=lambda m: m["seq"]):
        head = {"id": str(m["id"]), "seq": m["seq"]}
        if deferred or m["seq"] > client.last_seq + 1:
            deferred = True
            results.append({**head, "status": "deferred"})
            continue
        if m["id"] in this_batch:  # the same mutation twice in one batch
            results.append({**head, **this_batch[m["id"]], "duplicate": True})
            continue
        if m["id"] in seen_mutations:
            # Sent before (a resend, or an outbox rebuilt after a crash under a new seq):
            # its stored result, if it is this user's.
            results.append({**head, **_stored_result(user, m)})
            client.last_seq = max(client.last_seq, m["seq"])
            continue
        if m["seq"] <= client.last_seq:
            # A new mutation at a seq another one used: refused, and kept for the office.
            result = dict(_SEQ_REUSED)
            kept_rows.append(_record(user, client, m, result, seq=None))
            seen_mutations.add(m["id"])
            this_batch[m["id"]] = result
            results.append({**head, **result})
            continue
        ctx = Context(user, client.id, m["id"], m["occurred_at"], locked, known, numbers)
        ctx.refused_creates = refused_creates
        ctx.vans = vans
        result, outcome = _apply(ctx, m["name"], m["args"], isolated=isolated)
        if m["name"] == "work_order.create" and result["status"] == "rejected":
            if (order_id := _arg_id(m)) is not None:
                refused_creates[order_id] = m["id"]
        kept_rows.append(_record(user, client, m, result, seq=m["seq"]))
        result = kept_rows[-1]["result"]
        seen_mutations.add(m["id"])
        this_batch[m["id"]] = result
        model = APPEND_ONLY.get(m["name"])
        created = outcome is not None and outcome.status == "applied"
        if created and model is not None and (arg_id := _arg_id(m)) is not None:
            known[model.__tablename__].add(arg_id)
        client.last_seq = m["seq"]
        results.append({**head, **result})
        if outcome is not None:
            pending.append((results[-1], outcome))
    db.session.flush()
    # Inserted in bulk, not as an ORM object per mutation (nothing in the batch reads
    # them back: a repeat within the batch is answered from this_batch). New rows only:
    # a mutation id already kept is answered from its row, never inserted again.
    bulk_sql.insert_rows(db.session.connection(), SyncMutation.__table__, kept_rows)
    # The written records (with their versions) go only to this first answer.
    for result, outcome in pending:
        result["records"] = [
            {"entity": r.__tablename__, "record": to_record(r)} for r in outcome.rows
        ]
    return results


def _lock_orders(client: SyncClient, mutations: list[dict[str, Any]]) -> dict[uuid.UUID, Any]:
    """The work orders the batch's new mutations change, locked until commit in one
    statement, in id order (two pushes touching the same orders queue instead of
    deadlocking), with their devices (each answer record lists them; joined, so no
    statement of their own). The orders with a status action come with their history too
    (its guards read it, and the outcomes it changes), in one statement for all of them;
    an order only noted or edited does not need it."""
    ids: set[uuid.UUID] = set()
    moved: set[uuid.UUID] = set()
    for m in mutations:
        if m["seq"] <= client.last_seq or m["name"] == "work_order.create":
            continue
        name = "id" if m["name"].startswith("work_order.") else "work_order_id"
        if (order_id := _arg_id(m, name)) is not None:
            ids.add(order_id)
            if m["name"] == "work_order.transition":
                moved.add(order_id)
    if not ids:
        return {}
    dialect = db.session.get_bind().dialect.name
    orders = db.session.scalars(_locking_statement(dialect, bool(moved)), {"ids": list(ids)})
    locked = {order.id: order for order in orders.unique()}
    _load_histories([locked[i] for i in sorted(moved) if i in locked])
    return locked


@cache
def _locking_statement(dialect: str, moved: bool) -> Select:
    """The orders ``ids`` locked, in id order, with their devices (and, for a status
    action, their site): built once per dialect and kind."""
    loads = [joinedload(WorkOrder.devices)]
    if moved:  # the outcomes a status action changes read the order's site
        loads.append(joinedload(WorkOrder.site))
    return (
        select(WorkOrder)
        .where(one_of_parameter(WorkOrder.id, "ids", dialect))
        .order_by(WorkOrder.id)
        .options(*loads)
        .with_for_update(of=WorkOrder)
    )


def _load_histories(orders: list[WorkOrder]) -> None:
    """Each order's events that a status action's rules read (its ``events`` collection,
    in the relationship's order), for these orders only, in one statement. The events no
    rule reads (``outcomes.NOT_INPUT_EVENTS``: an edit's "updated", the links sent to the
    customer) are left out: an order edited often had a history mostly of edits, and the
    push reads no more of the history than its status actions and their outcomes do (its
    answer sends the new event only)."""
    if not orders:
        return
    history: dict[uuid.UUID, list[WorkOrderEvent]] = {wo.id: [] for wo in orders}
    dialect = db.session.get_bind().dialect.name
    for event in db.session.scalars(_history_statement(dialect), {"ids": list(history)}):
        history[event.work_order_id].append(event)
    for wo in orders:
        if "events" not in inspect(wo).dict:  # else the session holds it already
            set_committed_value(wo, "events", history[wo.id])


@cache
def _history_statement(dialect: str) -> Select:
    """The events of the orders ``ids`` that a status action's rules read, in order."""
    return (
        select(WorkOrderEvent)
        .where(
            one_of_parameter(WorkOrderEvent.work_order_id, "ids", dialect),
            ~among(WorkOrderEvent.kind, NOT_INPUT_EVENTS),
        )
        .order_by(*WorkOrder.events.property.order_by)
    )


def _numbers_for(client: SyncClient, mutations: list[dict[str, Any]]) -> NumberBlock | None:
    """Work-order numbers for the batch's new creates, taken in one statement."""
    creates = sum(
        1 for m in mutations if m["name"] == "work_order.create" and m["seq"] > client.last_seq
    )
    if creates < 2:
        return None
    return NumberBlock.take(work_order_service.number_counter(utcnow()), creates)


def _arg_id(m: dict[str, Any], name: str = "id") -> uuid.UUID | None:
    try:
        return uuid.UUID(str(m["args"][name]))
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def push(
    user: User, client_id: uuid.UUID, schema_version: int, mutations: list[dict[str, Any]]
) -> PushResult:
    """Apply ``mutations`` (validated envelopes) for ``user``'s client; commit once.

    The batch runs first with one flush at its end; if any mutation in it is refused or
    fails, that attempt is rolled back and the batch runs again with each mutation in
    its own savepoint, so a refused one rolls back alone and is stored as rejected."""
    for isolated in (False, True):
        transaction_version(db.session)
        client = sync_client(client_id, user, schema_version)
        try:
            with db.session.no_autoflush:
                results = _process(user, client, mutations, isolated=isolated)
        except _RunIsolated as exc:
            log.info("push runs again mutation by mutation: %s", exc)
            db.session.rollback()
            continue
        except Exception:
            if isolated:
                raise
            log.exception("push failed at its flush; applying mutation by mutation")
            db.session.rollback()
            continue
        last_seq = client.last_seq
        db.session.commit()
        return PushResult(results, last_seq)
    raise AssertionError("unreachable: the isolated run either returns or raises")


_SEQ_REUSED = {
    "status": "rejected",
    "key": "errors.sync.seqReused",
    "message": "This sequence number was used by another change; this one is kept for the "
    "office to re-enter.",
    "errors": {"seq": ["Used by another change."]},
}


def _record(
    user: User,
    client: SyncClient,
    m: dict[str, Any],
    result: dict[str, Any],
    seq: int | None,
) -> dict[str, Any]:
    """The sync_mutations row of the mutation and its result, kept for ever (a resend is
    answered from it; a rejection is kept bounded). A new mutation at a reused seq is kept
    without its seq (the seq belongs to the other one)."""
    result, args = kept.rejected_copy(result, m["args"])
    return {
        "id": m["id"],
        "client_id": client.id,
        "seq": seq,
        "user_id": user.id,
        "name": m["name"],
        "args": args,
        "status": result["status"],
        "result": result,
        "device_at": m["occurred_at"],
        "server_at": utcnow(),
        "reviewed_at": None,
        "reviewed_by_id": None,
    }


def _stored_result(user: User, m: dict[str, Any]) -> dict[str, Any]:
    stored = db.session.get(SyncMutation, m["id"])
    if stored is None or stored.user_id != user.id:
        # Another user's mutation id: his result is not ours to see, nor his id to take.
        return {
            "status": "rejected",
            "key": "errors.sync.idTaken",
            "message": "This mutation id belongs to another change.",
            "errors": {"id": ["Taken."]},
        }
    return {**stored.result, "duplicate": True}


def clock_offset_ms(client_time: datetime, now: datetime) -> int:
    """How far the server's clock is ahead of the device's (positive: the phone is slow)."""
    return round((now - client_time).total_seconds() * 1000)
