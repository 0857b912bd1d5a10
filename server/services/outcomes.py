"""Keeps the stored facts the KPIs add up in step with the work orders: each SLA clock's
outcome (sla_outcomes), each order's warranty status and resolution (work_order_outcomes)
and the status of the planned visit a work order fulfils (scheduled_visits).

No caller has to remember it: server.unit_of_work notes every work order whose events or
fields changed in a transaction (an event recorded by services.work_orders.record_event, a
pushed mutation, a severity edited, the demo back-dating its events) and calls
``refresh`` for those orders just before the transaction commits, in the same
transaction. ``aftercare recompute`` (server.jobs) rewrites every order (after a
contract's SLA settings change, or on an existing database).

A stored outcome is as of its work order's last change. What changes with the clock alone
(a running clock passing its deadline) is decided by the KPI queries against their "now";
what changes with other orders (the lemon rule reading a device's later repairs) waits for
that order's next change or a recompute.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Connection, Delete, delete, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server import bulk_sql
from server.domain.errors import DomainError
from server.domain.sla import event_at, sla_state
from server.domain.warranty import STATUSES
from server.models import (
    ScheduledVisit,
    SlaOutcome,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderOutcome,
    work_order_devices,
)
from server.models.base import utcnow
from server.services import rule_facts
from server.stable_sql import one_of, one_of_parameter

#: Warranty statuses under which the work is free to the customer.
FREE_STATUSES = ("return", "exchange", "free_repair")
DONE_STATUSES = ("completed", "closed")


#: Work-order attributes no stored outcome reads (free text, the appointment, who does the
#: work, bookkeeping): a change to these alone leaves the outcomes as they are. Every other
#: attribute, including one added later, counts as an input. ``events`` is judged event
#: by event (below). tests/api/test_outcome_inputs.py checks that changing each of
#: these changes no outcome.
NOT_INPUTS = frozenset(
    {
        "symptom",
        "diagnosis_symptom",
        "diagnosis_location",
        "diagnosis_cause",
        "diagnosis_fix",
        "reporter_name",
        "reporter_phone",
        "contact_name",
        "contact_phone",
        "appointment_at",
        "labour_minutes",
        "visits",
        "assigned_engineer",
        "assigned_engineer_id",
        "confirmed",
        "number",
        "created_by",
        "created_by_id",
        "created_at",
        "updated_at",
        "row_version",
        "events",
    }
)
#: Events that change no outcome by themselves: what they record (edited fields, links
#: sent to the customer) is in the order's own attributes, or nowhere the rules look.
NOT_INPUT_EVENTS = frozenset(
    {
        "updated",
        "report_link_created",
        "progress_link_created",
        "progress_link_revoked",
        "reported_again",
    }
)


#: What the planned visits' status and the repeat-repair marks read of an order: its life
#: cycle (status, resolution) and what makes a repair a repeat (defect, devices, type,
#: report time). Other inputs (an escalation's event, a severity) leave both as they are,
#: so ``refresh`` skips their two queries for orders where none of these changed.
SETTLING_INPUTS = frozenset({"status", "defect_code", "reported_at", "type", "devices"})
SETTLING_EVENTS = frozenset({"resolved"})


def settling_changed(wo: WorkOrder) -> bool:
    """Whether a pending change of this stored order changes its life cycle or what makes
    it a repeat repair (SETTLING_INPUTS; a status set to the one it had is no change)."""
    state = inspect(wo)
    return any(
        state.attrs[name].history.has_changes()
        for name in SETTLING_INPUTS.intersection(state.committed_state.keys())
    )


def event_settles(event: WorkOrderEvent) -> bool:
    return event.kind in SETTLING_EVENTS


def inputs_changed(wo: WorkOrder) -> bool:
    """Whether a pending change of this stored order touches what its outcomes read (an
    attribute set to its own value counts: recomputing is harmless)."""
    changed = inspect(wo).committed_state.keys()
    return any(name not in NOT_INPUTS for name in changed)


def event_changes_outcomes(event: WorkOrderEvent) -> bool:
    return event.kind not in NOT_INPUT_EVENTS


# --- computing -----------------------------------------------------------------------


def refresh(
    work_order_ids: Iterable[uuid.UUID],
    session: Session,
    now: datetime | None = None,
    settled: Iterable[uuid.UUID] | None = None,
    created: Iterable[uuid.UUID] = (),
):
    """Rewrite the outcome rows of these work orders (and their planned visits' status),
    set-based: the orders and the facts the rules read are loaded once for all of them
    (services.rule_facts.RuleFacts), and each table is written in one statement per chunk
    whatever the number of orders. ``settled`` are the orders whose life cycle or repeat
    facts changed (SETTLING_INPUTS): only their visits and repeat marks are rewritten
    (all of them when not given)."""
    now = now or utcnow()
    ids = list(work_order_ids)
    if not ids:
        return
    settling = set(ids) if settled is None else set(settled) & set(ids)
    facts = rule_facts.RuleFacts()
    facts.timezone()  # the rules read it; the settings row is made if there is none yet
    orders = facts.load_orders(ids)
    clocks: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for wo in orders:
        clocks += sla_rows(wo, now, facts)
        rows.append(work_order_row(wo, now, facts))
    # Core statements on the session's connection, not the ORM's bulk paths (a statement
    # per row; a DELETE that fetches what it deleted to update the session): the outcome
    # rows are written here only, and nothing holds them as objects across a commit.
    connection = session.connection()
    dialect = connection.dialect.name
    new = set(created) & set(ids)
    connection.execute(_delete_clocks(dialect), {"ids": ids})
    if new:  # (rows an earlier refresh in this transaction wrote, if any)
        connection.execute(_delete_outcomes(dialect), {"ids": list(new)})
    _write(connection, SlaOutcome, clocks, ["work_order_id", "clock"], new)
    _write(connection, WorkOrderOutcome, rows, ["work_order_id"], new)
    if settling:
        resolved = {row["work_order_id"]: row["resolved_at"] for row in rows}
        _update_visits([wo for wo in orders if wo.id in settling], resolved, session)
        refresh_repeats([i for i in ids if i in settling], session)


def refresh_repeats(work_order_ids: list[uuid.UUID], session: Session) -> None:
    """Rewrite repeat_reported_at for every repair sharing a device with these orders: a
    repair changing (its defect, its resolution, being cancelled) changes whether the
    earlier repairs of its devices were fixed the first time."""
    devices = select(work_order_devices.c.device_id).where(
        one_of(work_order_devices.c.work_order_id, work_order_ids)
    )
    rows = session.execute(
        select(
            work_order_devices.c.device_id,
            WorkOrder.id,
            WorkOrder.defect_code,
            WorkOrder.status,
            WorkOrder.reported_at,
            WorkOrderOutcome.resolved_at,
            WorkOrderOutcome.repeat_reported_at,
            WorkOrderOutcome.work_order_id.label("stored"),
        )
        .join(WorkOrder, WorkOrder.id == work_order_devices.c.work_order_id)
        .outerjoin(WorkOrderOutcome, WorkOrderOutcome.work_order_id == WorkOrder.id)
        .where(work_order_devices.c.device_id.in_(devices), WorkOrder.type == "repair")
    ).all()
    counted = [r for r in rows if r.defect_code and r.status != "cancelled"]
    by_key: dict[tuple[Any, str], list[Any]] = {}
    for row in counted:
        by_key.setdefault((row.device_id, row.defect_code), []).append(row)
    first: dict[uuid.UUID, datetime | None] = {row.id: None for row in rows if row.stored}
    for row in counted:
        if row.resolved_at is None:
            continue
        later = [
            other.reported_at
            for other in by_key[(row.device_id, row.defect_code)]
            if other.id != row.id and other.reported_at > row.resolved_at
        ]
        if row.id in first and later and (first[row.id] is None or min(later) < first[row.id]):
            first[row.id] = min(later)
    stored = {row.id: row.repeat_reported_at for row in rows}
    changed = [
        {"work_order_id": work_order_id, "repeat_reported_at": repeat_at}
        for work_order_id, repeat_at in first.items()
        if stored[work_order_id] != repeat_at
    ]
    if changed:
        session.execute(update(WorkOrderOutcome), changed)


def _write(
    connection: Connection,
    model: Any,
    rows: list[dict[str, Any]],
    keys: list[str],
    new: set[uuid.UUID],
) -> None:
    """The rows of orders created in this transaction (``new``) inserted in bulk; the
    others upserted, INSERT ... ON CONFLICT DO UPDATE with many rows at once: two
    transactions refreshing the same order both succeed, the later one wins."""
    inserted = [row for row in rows if row["work_order_id"] in new]
    upserted = [row for row in rows if row["work_order_id"] not in new] if new else rows
    bulk_sql.insert_rows(connection, model.__table__, inserted)
    if upserted:
        statement = _upsert_statement(
            connection.dialect.name, model, tuple(upserted[0]), tuple(keys)
        )
        connection.execute(statement, upserted)


@cache
def _delete_clocks(dialect: str) -> Delete:
    """The SLA clocks of the orders ``ids`` (built once per dialect)."""
    return delete(SlaOutcome).where(one_of_parameter(SlaOutcome.work_order_id, "ids", dialect))


@cache
def _delete_outcomes(dialect: str) -> Delete:
    """The work_order_outcomes rows of the orders ``ids`` (built once per dialect)."""
    return delete(WorkOrderOutcome).where(
        one_of_parameter(WorkOrderOutcome.work_order_id, "ids", dialect)
    )


@lru_cache(maxsize=32)
def _upsert_statement(dialect: str, model: Any, names: tuple[str, ...], keys: tuple[str, ...]):
    """Built once per table and columns (building it costs more than running it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model)
    columns = {name: stmt.excluded[name] for name in names if name not in keys}
    return stmt.on_conflict_do_update(index_elements=list(keys), set_=columns)


def _ended_by(state: str, stopped_at: datetime | None) -> str | None:
    if state in ("met", "met_late"):
        return "stop"
    if state == "not_needed" or (state == "breached" and stopped_at is not None):
        return "void"
    return None


def sla_rows(
    wo: WorkOrder, now: datetime, facts: rule_facts.RuleFacts | None = None
) -> list[dict[str, Any]]:
    """One row per started clock, under the applicable contract's SLA policy; none when the
    rules cannot judge the order (the API shows why)."""
    facts = facts or rule_facts.RuleFacts()
    policy = facts.settings(facts.contract_for_work_order(wo))["sla"]
    facts = {"severity": wo.severity, "zone": wo.site.zone}
    try:
        clocks = sla_state(facts, rule_facts.sla_events(wo), policy, now)
    except DomainError:
        return []
    rows = []
    for name, clock in clocks.items():
        if clock.started_at is None:
            continue
        ended_by = _ended_by(clock.state, clock.stopped_at)
        stopped = ended_by == "stop"
        rows.append(
            {
                "work_order_id": wo.id,
                "clock": name,
                "started_at": clock.started_at,
                "stopped_at": clock.stopped_at,
                "ended_by": ended_by,
                "deadline_at": clock.deadline_at,
                "target_minutes": clock.target_minutes,
                "business_minutes": clock.elapsed_minutes if stopped else None,
                "wall_minutes": (
                    int((clock.stopped_at - clock.started_at).total_seconds() // 60)
                    if stopped
                    else None
                ),
                "is_met": {"met": True, "met_late": False}.get(
                    clock.state, False if ended_by == "void" and clock.state == "breached" else None
                ),
                "computed_at": now,
            }
        )
    return rows


def work_order_row(
    wo: WorkOrder, now: datetime, facts: rule_facts.RuleFacts | None = None
) -> dict[str, Any]:
    facts = facts or rule_facts.RuleFacts()
    status = facts.work_order_warranty(wo)["effective_status"]
    resolved = [
        event_at({"origin": e.origin, "device_at": e.device_at, "server_at": e.server_at})
        for e in wo.events
        if e.kind == "resolved"
    ]
    return {
        "work_order_id": wo.id,
        "warranty_status": status,
        "is_free": None if status not in STATUSES else status in FREE_STATUSES,
        "resolved_at": max(resolved) if resolved else None,
        "send_backs": sum(1 for e in wo.events if e.kind == "sent_back"),
        "computed_at": now,
    }


def _update_visits(
    orders: list[WorkOrder], resolved: dict[uuid.UUID, datetime | None], session: Session
) -> None:
    """The visit done through each order: done when it is resolved, cancelled with it,
    planned again when it is sent back (unless a follow-up record already fulfilled it)."""
    visits = session.scalars(
        select(ScheduledVisit).where(
            one_of(ScheduledVisit.work_order_id, [wo.id for wo in orders]),
            ScheduledVisit.kind != "survey",
        )
    ).all()
    by_order = {visit.work_order_id: visit for visit in visits}
    for wo in orders:
        visit = by_order.get(wo.id)
        if visit is None:
            continue
        resolved_at = resolved.get(wo.id)
        if wo.status in DONE_STATUSES and resolved_at is not None:
            mark_done(visit, resolved_at)
        elif wo.status == "cancelled":
            visit.status, visit.done_at, visit.done_on = "cancelled", None, None
        elif visit.status == "cancelled" or (
            visit.status == "done" and not _fulfilled_by_record(visit, session)
        ):
            visit.status, visit.done_at, visit.done_on = "planned", None, None


def _fulfilled_by_record(visit: ScheduledVisit, session: Session) -> bool:
    from server.models import FollowUp

    return (
        session.scalar(select(FollowUp.id).where(FollowUp.scheduled_visit_id == visit.id).limit(1))
        is not None
    )


def mark_done(visit: ScheduledVisit, at: datetime) -> None:
    """Done at ``at`` (the earliest fulfilment counts if it was done already)."""
    if visit.status == "done" and visit.done_at is not None and visit.done_at <= at:
        return
    visit.status, visit.done_at, visit.done_on = "done", at, rule_facts.local_date(at)


def order_ids(session: Session) -> list[uuid.UUID]:
    """Every work order's id, oldest report first (``aftercare recompute`` goes through them)."""
    return list(session.scalars(select(WorkOrder.id).order_by(WorkOrder.reported_at)))
