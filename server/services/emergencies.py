"""Level-1 emergencies (一级紧急): each milestone acknowledged by the person who did it, the
observation period planned after the fix (server.services.schedules), and the root-cause
report for the customer's management that closes the emergency (server.domain.escalation).

An order is an emergency while its contract's ``sla.emergency.severities`` name its
severity and its milestones have started (the order is registered); nothing is stored for
that, only the acknowledgements and the report.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from server.domain.errors import DomainError
from server.domain.escalation import all_acknowledged, milestone_status, observation_due_at
from server.domain.sla import emergency_milestones, event_at
from server.errors import Conflict, Forbidden, NotFound
from server.extensions import db
from server.models import (
    Contract,
    EmergencyAck,
    EmergencyReport,
    ScheduledVisit,
    User,
    WorkOrder,
)
from server.models.base import utcnow
from server.services import rule_facts
from server.services.breaches import may_explain

#: An emergency stays on the dispatch board this long after it was reported at most: one
#: older than that with steps nobody acknowledged is history, not news.
BOARD_DAYS = rule_facts.SLA_FILTER_RECENT_DAYS


def _ack_json(ack: EmergencyAck) -> dict[str, Any]:
    return {
        "acknowledged_by": ack.acknowledged_by,
        "acknowledged_at": ack.acknowledged_at,
        "device_at": ack.device_at,
        "note": ack.note,
    }


def emergency_of(
    wo: WorkOrder, now: datetime | None = None, facts: rule_facts.RuleFacts | None = None
) -> dict[str, Any] | None:
    """The order's emergency (None when it is not one): each milestone with its due time,
    state and acknowledgement, the observation period and the report that closed it."""
    now = now or utcnow()
    facts = facts or rule_facts.RuleFacts()
    if wo.channel == rule_facts.PLANNED_CHANNEL:
        return None
    sla = facts.settings(facts.contract_for_work_order(wo))["sla"]
    events = rule_facts.sla_events(wo)
    try:
        milestones = emergency_milestones({"severity": wo.severity}, events, sla)
    except DomainError:  # an order the rules cannot judge (its severity) is shown no emergency
        return None
    if not milestones:
        return None
    acks = {ack.key: _ack_json(ack) for ack in _acks(wo.id)}
    status = milestone_status(milestones, acks, now)
    resolved = [event_at(e) for e in events if e["kind"] == "resolved"]
    resolved_at = max(resolved) if resolved else None
    visit = db.session.scalar(
        select(ScheduledVisit)
        .where(ScheduledVisit.kind == "observation", ScheduledVisit.target_id == wo.id)
        .order_by(ScheduledVisit.due_on.desc())
        .limit(1)
    )
    report = report_of(wo)
    return {
        "work_order_id": wo.id,
        "number": wo.number,
        "milestones": status,
        "all_acknowledged": all_acknowledged(status),
        "resolved_at": resolved_at,
        "observation_days": sla["emergency"]["observation_days"],
        "observation_due_at": (
            observation_due_at(resolved_at, sla["emergency"]) if resolved_at else None
        ),
        "observation": visit,
        "report": report,
        "closed_at": report.closed_at if report else None,
        "closed_by": report.closed_by if report else None,
    }


def _acks(work_order_id: uuid.UUID) -> list[EmergencyAck]:
    query = select(EmergencyAck).where(EmergencyAck.work_order_id == work_order_id)
    return list(db.session.scalars(query.options(selectinload(EmergencyAck.acknowledged_by))))


def report_of(wo: WorkOrder) -> EmergencyReport | None:
    return db.session.scalar(select(EmergencyReport).where(EmergencyReport.work_order_id == wo.id))


def _require_emergency(wo: WorkOrder, now: datetime) -> dict[str, Any]:
    emergency = emergency_of(wo, now)
    if emergency is None:
        raise Conflict("The work order is not an emergency.", key="errors.emergency.notEmergency")
    if emergency["report"] is not None:
        raise Conflict("The emergency is closed.", key="errors.emergency.closed")
    return emergency


def acknowledge(wo: WorkOrder, key: str, data: dict[str, Any], actor: User) -> dict[str, Any]:
    """Milestone ``key`` done by ``actor`` (the office, or the order's engineer; his phone
    sends the time it was done as ``device_at``); 409 when done already."""
    if not may_explain(wo, actor):
        raise Forbidden("Only the office or the order's engineer.", key="errors.forbidden")
    now = utcnow()
    emergency = _require_emergency(wo, now)
    milestone = next((m for m in emergency["milestones"] if m["key"] == key), None)
    if milestone is None:
        raise NotFound("No such milestone.", key="errors.notFound")
    if milestone["ack"] is not None:
        raise Conflict(
            "The milestone is acknowledged already.", key="errors.emergency.acknowledged"
        )
    db.session.add(
        EmergencyAck(
            id=uuid.uuid4(),
            work_order_id=wo.id,
            key=key,
            acknowledged_by_id=actor.id,
            acknowledged_at=now,
            device_at=data.get("device_at"),
            note=data.get("note", ""),
        )
    )
    db.session.flush()
    return emergency_of(wo, now)


def close_with_report(wo: WorkOrder, data: dict[str, Any], actor: User) -> dict[str, Any]:
    """Write the root-cause report and close the emergency (once the fault is fixed)."""
    now = utcnow()
    emergency = _require_emergency(wo, now)
    if emergency["resolved_at"] is None:
        raise Conflict(
            "Close the emergency once the fault is fixed.", key="errors.emergency.notFixed"
        )
    db.session.add(
        EmergencyReport(
            id=uuid.uuid4(),
            work_order_id=wo.id,
            cause=data["cause"],
            actions=data["actions"],
            prevention=data["prevention"],
            closed_by_id=actor.id,
            closed_at=now,
        )
    )
    db.session.flush()
    return emergency_of(wo, now)


def emergency_severities() -> list[int]:
    """Every severity the defaults or some contract treat as an emergency: what a search
    for emergencies may narrow its candidates to before each contract's rules decide."""
    severities = set(rule_facts.effective_settings(None)["sla"]["emergency"]["severities"])
    for contract in db.session.scalars(select(Contract)):
        try:
            severities.update(
                rule_facts.effective_settings(contract)["sla"]["emergency"]["severities"]
            )
        except (DomainError, KeyError, TypeError):  # settings the rules cannot read
            continue
    return sorted(severities)


def open_emergencies(now: datetime | None = None) -> list[dict[str, Any]]:
    """Emergencies of the last BOARD_DAYS, not closed, with a milestone nobody has
    acknowledged: the dispatch board shows them, the soonest due step first."""
    now = now or utcnow()
    closed = exists().where(EmergencyReport.work_order_id == WorkOrder.id)
    orders = list(
        db.session.scalars(
            select(WorkOrder)
            .where(
                WorkOrder.status != "cancelled",
                WorkOrder.severity.in_(emergency_severities()),
                WorkOrder.channel != rule_facts.PLANNED_CHANNEL,
                WorkOrder.reported_at >= now - timedelta(days=BOARD_DAYS),
                ~closed,
            )
            .options(selectinload(WorkOrder.events), selectinload(WorkOrder.site))
        )
    )
    facts = rule_facts.RuleFacts()
    facts.prefetch(orders)
    board = []
    for wo in orders:
        emergency = emergency_of(wo, now, facts)
        if emergency is not None and not emergency["all_acknowledged"]:
            board.append({**emergency, "work_order": wo})

    def next_due(row: dict[str, Any]) -> datetime:
        return min(m["due_at"] for m in row["milestones"] if m["state"] != "done")

    return sorted(board, key=next_due)
