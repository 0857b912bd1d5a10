"""Missed deadlines explained (超时说明): the responsible person (the office, or the order's
engineer) records why a breached clock missed its deadline and that the customer was told;
until then the breach is listed on the dispatch board (server.domain.escalation).

Which clocks are missed now is read two ways: one order's clocks are judged by the rules
as of now (``explain_breach``); the board's list reads the stored outcomes (sla_outcomes,
server.services.outcomes) and compares a running clock's deadline with now, like the KPIs.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select

from server.domain.escalation import is_missed
from server.errors import Conflict, Forbidden, field_error
from server.extensions import db
from server.models import BreachExplanation, SlaOutcome, User, WorkOrder
from server.models.base import utcnow
from server.services import rule_facts


def may_explain(wo: WorkOrder, user: User) -> bool:
    """The office, and the engineer the order is assigned to."""
    return user.is_office or (user.id is not None and wo.assigned_engineer_id == user.id)


def explain_breach(wo: WorkOrder, data: dict[str, Any], actor: User) -> BreachExplanation:
    """Record why ``data["clock"]`` missed its deadline: 422 naming ``clock`` when that
    clock is not breached (nor met late) now, 409 when it is explained already."""
    if not may_explain(wo, actor):
        raise Forbidden("Only the office or the order's engineer.", key="errors.forbidden")
    now = utcnow()
    clock = data["clock"]
    state = rule_facts.work_order_sla(wo, now)["clocks"].get(clock, {}).get("state")
    if state is None or not is_missed(state):
        raise field_error(
            "clock",
            f"The {clock} clock has not missed its deadline ({state or 'not started'}).",
            key="errors.breach.notBreached",
        )
    if explanation_of(wo.id, clock) is not None:
        raise Conflict("This missed deadline is explained already.", key="errors.breach.explained")
    told_at = data.get("customer_told_at") or now
    if told_at > now:
        raise field_error("customer_told_at", "Must not be in the future.")
    told_by = (data.get("customer_told_by") or actor.display_name).strip()
    explanation = BreachExplanation(
        id=uuid.uuid4(),
        work_order=wo,
        clock=clock,
        reason=data["reason"],
        note=data.get("note", ""),
        customer_told_at=told_at,
        customer_told_how=data.get("customer_told_how", "phone"),
        customer_told_by=told_by,
        customer_told_whom=data.get("customer_told_whom", ""),
        recorded_by_id=actor.id,
    )
    if explanation.reason == "other" and not explanation.note.strip():
        raise field_error("note", "Say what happened when the reason is 'other'.")
    db.session.add(explanation)
    db.session.flush()
    return explanation


def explanation_of(work_order_id: uuid.UUID, clock: str) -> BreachExplanation | None:
    return db.session.scalar(
        select(BreachExplanation).where(
            BreachExplanation.work_order_id == work_order_id, BreachExplanation.clock == clock
        )
    )


def explanations_of(wo: WorkOrder) -> list[BreachExplanation]:
    query = select(BreachExplanation).where(BreachExplanation.work_order_id == wo.id)
    return list(db.session.scalars(query.order_by(BreachExplanation.created_at)))


def _missed(now: datetime):
    """A stored clock that missed its deadline: stopped (or voided) after it, or still
    running past it (server.kpi.queries counts late clocks the same way)."""
    o = SlaOutcome
    return or_(
        and_(o.stopped_at.is_not(None), o.stopped_at > o.deadline_at),
        and_(o.stopped_at.is_(None), o.deadline_at < now),
    )


def unexplained_breaches(limit: int, now: datetime | None = None) -> dict[str, Any]:
    """Missed deadlines of customers' requests (not cancelled) nobody explained yet, the
    latest deadline first: ``limit`` of them and how many there are."""
    now = now or utcnow()
    explained = exists().where(
        BreachExplanation.work_order_id == SlaOutcome.work_order_id,
        BreachExplanation.clock == SlaOutcome.clock,
    )
    clauses = [
        SlaOutcome.deadline_at.is_not(None),
        _missed(now),
        ~explained,
        WorkOrder.status != "cancelled",
        WorkOrder.channel != rule_facts.PLANNED_CHANNEL,
    ]
    base = select(SlaOutcome, WorkOrder).join(WorkOrder, WorkOrder.id == SlaOutcome.work_order_id)
    total = db.session.scalar(
        select(func.count())
        .select_from(SlaOutcome)
        .join(WorkOrder, WorkOrder.id == SlaOutcome.work_order_id)
        .where(*clauses)
    )
    rows = db.session.execute(
        base.where(*clauses).order_by(SlaOutcome.deadline_at.desc()).limit(limit)
    ).all()
    items = [
        {
            "work_order": wo,
            "clock": outcome.clock,
            "deadline_at": outcome.deadline_at,
            "stopped_at": outcome.stopped_at,
            "state": "met_late" if outcome.ended_by == "stop" else "breached",
        }
        for outcome, wo in rows
    ]
    return {"items": items, "total": total or 0}
