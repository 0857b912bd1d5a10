"""Pull: the rows in a user's scope that changed since the client's cursor, in pages.

A pull covers the versions (from, to]: ``from`` is the client's cursor, ``to`` the newest
committed version when the pull began. Pages walk the entities in a fixed order, rows by
(row_version, id) along an index on both (keyset pagination: no sort, no offset); the
cursor of a page says where the next one starts. A row changed while the client
pages gets a version above ``to`` and comes in the next pull. Versions come from wall-clock
free counters (server.sync.versioning), never from time.

When a work order that entered the phone's scope since ``from`` (assigned to the engineer,
or registered by him), or that was pointed since at another system, other devices or
another contract, is in a page, the records it references and the records on it come
too, even if they are older than ``from``. An order the phone already held sends only its
changed rows: after one status action, the order and its new event. Rows the phone says
it ``held`` at their current version (from its push answers) are not sent again. The last
page carries the deletions (tombstones) and the ids of every work order in scope, so the
phone drops the ones that left it (reassigned, closed long ago); the ids are left out when
the phone says it holds that very list (``scope_digest``: the scope has not changed).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from flask import g
from sqlalchemy import Integer, Select, bindparam, func, select, tuple_

from server.errors import field_error
from server.extensions import db
from server.models import (
    Tombstone,
    User,
    WorkOrder,
    WorkOrderEvent,
)
from server.models.base import keyset_index
from server.stable_sql import among
from server.sync.records import ENTITIES, record_rows, records_of, uuid_hex, wire_select
from server.sync.scope import scope_parameters, scope_queries, work_orders_in_scope
from server.sync.versioning import upper_bound_column

ENTITY_ORDER = list(ENTITIES)


def encode_cursor(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    if not cursor:
        return {"from": 0}
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        int(state["from"])
        after = state.get("after")
        if isinstance(after, list):
            int(after[0]), uuid.UUID(after[1])
        elif after is not None:  # a cursor from before keyset pages: restart that entity
            state["after"] = None
        return state
    except (ValueError, KeyError, TypeError, IndexError, binascii.Error):
        raise field_error("cursor", "Not a cursor this server gave out.") from None


def _repeatable_read() -> None:
    """One snapshot for the whole pull on PostgreSQL (SQLite reads are serialisable): the
    transaction begins at that level (the driver's BEGIN says so; no statement of its
    own), and the pool resets the connection's level when the request gives it back."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        db.session.connection()


def begin_snapshot() -> None:
    """Begin the request's transaction as the pull's snapshot, before anything reads (a
    pull request's first step, ahead of the authentication): the token lookup then runs
    in it, and the pull needs no transaction of its own (a COMMIT and a BEGIN less). A
    session already in a transaction (a test's, sharing it) keeps it: the pull then takes
    its snapshot in a transaction of its own."""
    if db.session().in_transaction():
        return
    _repeatable_read()
    g.pull_snapshot = db.session().get_transaction()


def _in_snapshot() -> bool:
    """Whether the transaction open now is the one ``begin_snapshot`` began (not if the
    authentication committed meanwhile: a token's expiry slides once a minute)."""
    began = g.get("pull_snapshot")
    return began is not None and began is db.session().get_transaction() and began.is_active


def pull(
    user: User,
    cursor: str | None,
    limit: int,
    now: datetime,
    closed_days: int,
    held: set[tuple[str, str, int]] | frozenset[tuple[str, str, int]] = frozenset(),
    known_scope: str | None = None,
) -> dict[str, Any]:
    if not _in_snapshot():
        # A fresh transaction for the snapshot (a read ends with COMMIT: a ROLLBACK would
        # drop the connection's prepared statements, server.transaction_end); the user
        # stays as authenticated (committing would expire him, and loading him again
        # cost a statement).
        db.session.expunge(user)
        db.session.commit()
        db.session.add(user)
        _repeatable_read()
    state = decode_cursor(cursor)
    since = int(state["from"])
    start = ENTITY_ORDER.index(state["entity"]) if state.get("entity") in ENTITY_ORDER else 0
    after = state.get("after")
    upto, changed_tables, deletions = _opening(
        ENTITY_ORDER[start:], since, int(state["to"]) if "to" in state else None
    )

    office = user.is_office
    parameters = {**scope_parameters(user, now, closed_days), "since": since, "upto": upto}
    changes: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    next_state: dict[str, Any] | None = None
    changed_orders: list[uuid.UUID] = []

    for name in ENTITY_ORDER[start:]:
        model = ENTITIES[name]
        first = name == ENTITY_ORDER[start]
        if name not in changed_tables:
            continue  # no row of this table changed since the cursor, in anyone's scope
        room = limit - len(changes)
        if room == 0:  # (a full page ends the pull if nothing is left: no empty page)
            next_state = {
                "from": since,
                "to": upto,
                "entity": name,
                "after": after if first else None,
            }
            break
        # past the last (version, id) sent (which a cursor of ours has past ``since``)
        keyset = first and isinstance(after, list) and int(after[0]) > since
        page = {**parameters, "room": room + 1}
        if keyset:
            page |= {"after_version": int(after[0]), "after_id": uuid.UUID(after[1])}
        rows = record_rows(_page_statement(name, office, keyset), page)
        paged = rows[:room]
        if since:  # what ``_referenced`` must not send again (a first pull has no use)
            seen.update((name, row.id) for row in paged)  # (ids as strings: ``uuid_text``)
            if model is WorkOrder:
                changed_orders += (uuid.UUID(row.id) for row in paged)
        sending = paged
        if held:  # else the phone has it as it is
            sending = [row for row in paged if (name, row.id, row.row_version) not in held]
        changes += ({"entity": name, "record": r} for r in records_of(model, sending))
        if len(rows) > room:
            next_state = {
                "from": since,
                "to": upto,
                "entity": name,
                "after": [rows[room - 1].row_version, rows[room - 1].id],
            }
            break

    fresh = _entered_scope(office, parameters) if since and changed_orders else {}
    entered = sorted(fresh.keys() & set(changed_orders))
    if entered:
        changes.extend(_referenced(office, entered, parameters, seen, fresh))

    response: dict[str, Any] = {"changes": changes, "has_more": next_state is not None}
    if next_state is not None:
        response["cursor"] = encode_cursor(next_state)
    else:
        response["cursor"] = encode_cursor({"from": upto})
        tombstones = (
            db.session.scalars(
                select(Tombstone).where(
                    Tombstone.row_version > since, Tombstone.row_version <= upto
                )
            )
            if deletions
            else []
        )
        response["deleted"] = [{"entity": t.entity, "id": str(t.entity_id)} for t in tombstones]
        scope = db.session.connection().execute(_scope_hex(office), parameters).scalars().all()
        scope.sort()  # (hex digits: the order of the ids' strings)
        digest = scope_digest(scope)
        response["scope"] = {"digest": digest}
        if digest != known_scope:  # else the phone holds this list: it drops nothing
            response["scope"]["work_orders"] = [str(uuid.UUID(h)) for h in scope]
    db.session.commit()  # nothing was written: COMMIT keeps the prepared statements
    return response


def scope_digest(work_order_ids: Sequence[str]) -> str:
    """What names a scope (its work orders' ids as hex digits, sorted): the last page
    gives it, and a phone that sends it back (``scope_digest``) while the scope is still
    the same is not sent the list again (10,000 ids are 370 kB)."""
    return hashlib.sha256("".join(work_order_ids).encode()).hexdigest()


@cache
def _scope_hex(office: bool) -> Select:
    """The ids of the work orders in scope, as hex digits (``uuid_hex``): read as strings,
    the scope of 10,000 orders costs 5 ms of the server's CPU, not 12."""
    return work_orders_in_scope(office).with_only_columns(uuid_hex(WorkOrder.id))


def _opening(names: list[str], since: int, upto: int | None) -> tuple[int, set[str], bool]:
    """The pull's first statement: its version bound (unless a page of the pull took it
    already), and the newest version of each table and of the tombstones, whoever's rows
    they are (each an index lookup on row_version). A phone's pull then skips the scoped
    query of every table nothing was written to since its cursor (most tables, most
    pulls), and the tombstone query when nothing was deleted. Returns (bound, tables
    changed, whether anything was deleted)."""
    dialect = db.session.get_bind().dialect.name
    row = db.session.execute(_opening_statement(dialect, tuple(names), upto is None)).one()
    values = row._mapping
    bound = int(values["bound"]) if upto is None else upto
    changed = {name for name in names if (values[name] or 0) > since}
    return bound, changed, (values["tombstones"] or 0) > since


@cache
def _opening_statement(dialect: str, names: tuple[str, ...], bound: bool) -> Select:
    """Built once per dialect and list of tables (building it costs more than running it)."""
    columns = [
        select(func.max(ENTITIES[name].row_version)).scalar_subquery().label(name) for name in names
    ]
    columns.append(select(func.max(Tombstone.row_version)).scalar_subquery().label("tombstones"))
    if bound:
        columns.insert(0, upper_bound_column(dialect).label("bound"))
    return select(*columns)


@cache
def _page_statement(name: str, office: bool, keyset: bool) -> Select:
    """A page of one entity's rows in scope: versions in (``since``, ``upto``], by
    (row_version, id) from the start or past (``after_version``, ``after_id``), at most
    ``room`` rows. Built once per entity, kind of user and kind of page."""
    model = ENTITIES[name]
    query = scope_queries(office, work_orders_in_scope(office), only={name})[name]
    query = query.where(model.row_version <= bindparam("upto"))
    if keyset:
        # A row-value comparison, which the (row_version, id) index answers as a range
        # (the same test written with OR is a filter over every row of the range: a
        # page then cost a scan of the whole scope). It is the range's only lower bound
        # (the last row sent is past ``since``): with ``row_version > since`` beside it
        # SQLite seeks by the version alone and walks every row already sent of that
        # version (a bulk import's rows share one).
        after = tuple_(
            bindparam("after_version", type_=model.row_version.type),
            bindparam("after_id", type_=model.id.type),
        )
        query = query.where(tuple_(model.row_version, model.id) > after)
    else:
        query = query.where(model.row_version > bindparam("since"))
    # SQLite would rather gather the scope through the indexes its terms name and sort
    # all of it for each page; the keyset index walks only what the page sends.
    query = query.with_hint(model, f"INDEXED BY {keyset_index(model)}", "sqlite")
    query = query.order_by(model.row_version, model.id).limit(bindparam("room", type_=Integer))
    return wire_select(query, model)


#: The fields of a work order that say what it references (an "updated" event lists the
#: fields an edit changed).
REFERENCE_FIELDS = frozenset({"system_id", "device_ids", "contract_id"})


@cache
def _entering_events() -> Select:
    """The events since the cursor that may bring an engineer's order new references."""
    return (
        select(
            WorkOrderEvent.work_order_id,
            WorkOrderEvent.kind,
            WorkOrderEvent.actor_id,
            WorkOrderEvent.data,
        )
        .where(
            WorkOrderEvent.work_order_id.in_(work_orders_in_scope(False)),
            WorkOrderEvent.row_version > bindparam("since"),
            among(WorkOrderEvent.kind, ("assigned", "registered", "updated")),
        )
        .order_by(WorkOrderEvent.row_version, WorkOrderEvent.server_at)
    )


def _entered_scope(office: bool, parameters: dict[str, Any]) -> dict[uuid.UUID, bool]:
    """Which orders in scope may reference records the phone does not hold, each with
    whether it came into the scope after ``since`` (assigned to the engineer from someone
    else or no one, or registered by him, since then: True) or the phone held it then and
    it was since pointed at another system, other devices or another contract, or
    assigned to him again (which confirms an order he registered: it opens more), so it
    may reference more (False: the phone holds what is recorded on it). The others the
    phone holds already, with what they reference: only their changed rows are sent (a
    delta). ``parameters``: the pull's (its user, time and ``since``)."""
    if office:
        return {}  # the office holds everything: each row comes in its own entity's pass
    events = db.session.execute(_entering_events(), parameters)
    mine = str(parameters["scope_user"])
    fresh: dict[uuid.UUID, bool] = {}
    assigned: set[uuid.UUID] = set()
    for event in events:
        data, order = event.data or {}, event.work_order_id
        if event.kind == "assigned" and order not in assigned:
            assigned.add(order)  # whose it was at ``since``: the first assignment's "from"
            if data.get("previous_engineer_id") != mine:
                fresh[order] = True
            else:
                fresh.setdefault(order, False)
        elif event.kind == "registered" and event.actor_id == parameters["scope_user"]:
            fresh[order] = True
        elif event.kind == "updated" and REFERENCE_FIELDS.intersection(data.get("fields") or ()):
            fresh.setdefault(order, False)
    return fresh


#: What an order references that other orders may reference too: the phone already holds
#: the ones its other orders in scope reference.
_SHARED = ("customers", "sites", "systems", "devices", "contracts", "attachments")


def _referenced(
    office: bool,
    order_ids: list[uuid.UUID],
    parameters: dict[str, Any],
    seen: set[tuple[str, str]],
    fresh: dict[uuid.UUID, bool],
) -> list[dict[str, Any]]:
    """Records of and on these work orders that are older than the cursor (newer ones
    come in their own entity's pass), except those the phone holds already through the
    orders it held before (what they reference it kept: server.sync.scope). An order
    only pointed elsewhere (``fresh`` False) sends what it references, not what is
    recorded on it: the phone held it. ``parameters``: the pull's (its user, time and
    ``since``)."""
    queries: list[tuple[str, Select]] = []
    for whole in (True, False):
        ids = [i for i in order_ids if fresh[i] is whole]
        if ids:
            orders = select(WorkOrder.id).where(WorkOrder.id.in_(ids))
            only = None if whole else _SHARED
            queries += scope_queries(office, orders, catalogue=False, only=only).items()
    # Orders in scope now that neither entered it nor were pointed elsewhere since the
    # cursor (``fresh``) were in scope then with what they reference now: the phone
    # holds it (changed or not since: a change of anything else references nothing new).
    others = select(WorkOrder.id).where(
        WorkOrder.id.in_(work_orders_in_scope(office)), WorkOrder.id.not_in(fresh)
    )
    already = scope_queries(office, others, catalogue=False, only=_SHARED)
    out: list[dict[str, Any]] = []
    for name, query in queries:
        model = ENTITIES[name]
        query = query.where(model.row_version <= bindparam("since"))
        if name in already:
            query = query.where(model.id.not_in(already[name].with_only_columns(model.id)))
        sending = []
        for row in record_rows(wire_select(query, model), parameters):
            key = (name, row.id)
            if key not in seen:
                seen.add(key)
                sending.append(row)
        out += ({"entity": name, "record": r} for r in records_of(model, sending))
    return out
