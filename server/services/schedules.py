"""The scheduler: every contract's schedule settings become planned visits, and each planned
inspection, follow-up and site check gets its work order ahead of time.

- Handover: the contract's ``starts_on`` is the handover (acceptance) date the plans are
  anchored on (docs/rules.md, "Schedules").
- Ahead of time: dates up to SCHEDULE_HORIZON_DAYS from today are planned; dates missed
  more than SCHEDULE_BACKFILL_DAYS ago are not (the first run does not turn years of
  history into a backlog); nothing after the contract's end, and a date on which a newer
  contract covers the site is that contract's to plan.
- Last done: the plan date of the system's latest done inspection visit, else the day its
  latest inspection work order was resolved (history from before the scheduler); for
  follow-ups the latest done follow-up visit.
- Surveys: each repair resolved in the backfill window gets one satisfaction survey, due
  survey_delay_hours after its last resolution; an office task, no work order.
- Observations: each level-1 emergency (sla.emergency.severities) resolved in the backfill
  window gets one observation follow-up (观察期), due sla.emergency.observation_days after
  its last resolution; an office task like the survey.
- Idempotent: a visit is inserted with ON CONFLICT DO NOTHING on (kind, target_id, due_on)
  and gets its work order only if this run inserted it, so running twice (or two servers'
  cron at once) plans and registers everything once. On PostgreSQL a transaction-level
  advisory lock also makes a second run wait for the first and then find nothing to do.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from server.domain.errors import DomainError
from server.domain.escalation import is_emergency, observation_due_at
from server.domain.schedules import (
    inspection_cadence,
    next_follow_up_dates,
    next_inspection_dates,
    site_check_due_on,
    survey_due_at,
)
from server.extensions import db
from server.models import (
    ChecklistTemplate,
    Contract,
    ScheduledVisit,
    Site,
    System,
    WorkOrder,
    WorkOrderOutcome,
)
from server.models.base import utcnow
from server.services import rule_facts
from server.services.emergencies import emergency_severities
from server.services.work_orders import create_work_order

log = logging.getLogger(__name__)

#: What a planned visit's work order is, and how its symptom reads.
WORK_ORDER_TYPES = {"inspection": "inspection", "follow_up": "follow_up", "site_check": "follow_up"}
CADENCE_ZH = {
    "monthly": "月度",
    "quarterly": "季度",
    "twice_a_year": "半年",
    "yearly": "年度",
    "monthly_then_quarterly": "定期",
}
#: Kinds the office does itself (a call): they get no work order.
OFFICE_TASKS = ("survey", "observation")
#: The planned visit's work order is booked for this local time of its day.
VISIT_TIME = time(9, 0)


def plan_visits(now: datetime | None = None) -> dict[str, int]:
    """Plan every contract's visits and the surveys, inside the caller's transaction.
    Returns how many visits of each kind (and work orders) this run created."""
    config = current_app.config
    now = now or utcnow()
    today = rule_facts.local_date(now)
    window = (
        today - timedelta(days=config["SCHEDULE_BACKFILL_DAYS"]),
        today + timedelta(days=config["SCHEDULE_HORIZON_DAYS"]),
    )
    counts: Counter[str] = Counter()
    contracts = db.session.scalars(
        select(Contract)
        .where(Contract.starts_on <= window[1], Contract.ends_on >= window[0])
        .order_by(Contract.starts_on, Contract.number)
    ).all()
    for contract in contracts:
        try:
            _plan_contract(contract, window, now, counts)
        except DomainError as error:  # settings the rules cannot read: skip the contract
            log.warning("schedule: contract %s skipped: %s", contract.number, error)
            counts["contracts_skipped"] += 1
    since = now - timedelta(days=config["SCHEDULE_BACKFILL_DAYS"])
    _plan_surveys(now, since, counts)
    _plan_observations(now, since, counts)
    return dict(counts)


def _plan_contract(
    contract: Contract, window: tuple[date, date], now: datetime, counts: Counter[str]
) -> None:
    since, until = window
    settings = rule_facts.effective_settings(contract)["schedules"]
    handover = contract.starts_on
    sites = sorted(contract.sites, key=lambda site: site.name)
    for site in sites:
        for system in site.systems:
            cadence = inspection_cadence(settings, system.type)
            dates = next_inspection_dates(
                handover,
                cadence,
                until_on=until,
                last_done_on=_last_inspection_on(system),
                contract_end_on=contract.ends_on,
            )
            for due_on in dates:
                if due_on >= since and _applies(contract, site, due_on):
                    label = f"{system.name}{CADENCE_ZH[cadence['cadence']]}巡检"
                    _plan(
                        "inspection", system.id, due_on, contract, site, system, label, now, counts
                    )
    if not sites:
        return
    site = sites[0]  # follow-ups and the site check are per contract, booked at its first site
    follow_ups = next_follow_up_dates(
        handover,
        settings["follow_up"],
        until_on=until,
        last_done_on=_last_done_on("follow_up", contract.id),
        contract_end_on=contract.ends_on,
    )
    for due_on in follow_ups:
        if due_on >= since:
            _plan("follow_up", contract.id, due_on, contract, site, None, "定期回访", now, counts)
    check_on = site_check_due_on(handover, settings)
    if check_on is not None and since <= check_on <= min(until, contract.ends_on):
        _plan(
            "site_check", contract.id, check_on, contract, site, None, "交付后现场检查", now, counts
        )


def _plan_surveys(now: datetime, since: datetime, counts: Counter[str]) -> None:
    surveyed = exists().where(
        ScheduledVisit.kind == "survey", ScheduledVisit.target_id == WorkOrder.id
    )
    rows = db.session.execute(
        select(WorkOrder, WorkOrderOutcome.resolved_at)
        .join(WorkOrderOutcome, WorkOrderOutcome.work_order_id == WorkOrder.id)
        .where(
            WorkOrder.type == "repair",
            WorkOrder.status.in_(("completed", "closed")),
            WorkOrderOutcome.resolved_at >= since,
            ~surveyed,
        )
        .order_by(WorkOrderOutcome.resolved_at)
    ).all()
    for wo, resolved_at in rows:
        contract = rule_facts.contract_for_work_order(wo)
        due_at = survey_due_at(resolved_at, rule_facts.effective_settings(contract)["schedules"])
        _plan(
            "survey",
            wo.id,
            rule_facts.local_date(due_at),
            contract,
            wo.site,
            wo.system,
            "",
            now,
            counts,
            due_at=due_at,
            work_order_id=wo.id,
        )


def _plan_observations(now: datetime, since: datetime, counts: Counter[str]) -> None:
    planned = exists().where(
        ScheduledVisit.kind == "observation", ScheduledVisit.target_id == WorkOrder.id
    )
    rows = db.session.execute(
        select(WorkOrder, WorkOrderOutcome.resolved_at)
        .join(WorkOrderOutcome, WorkOrderOutcome.work_order_id == WorkOrder.id)
        .where(
            WorkOrder.severity.in_(emergency_severities()),
            WorkOrder.channel != rule_facts.PLANNED_CHANNEL,
            WorkOrder.status.in_(("completed", "closed")),
            WorkOrderOutcome.resolved_at >= since,
            ~planned,
        )
        .order_by(WorkOrderOutcome.resolved_at)
    ).all()
    for wo, resolved_at in rows:
        contract = rule_facts.contract_for_work_order(wo)
        emergency = rule_facts.effective_settings(contract)["sla"]["emergency"]
        if not is_emergency(wo.severity, emergency):
            continue
        due_at = observation_due_at(resolved_at, emergency)
        _plan(
            "observation",
            wo.id,
            rule_facts.local_date(due_at),
            contract,
            wo.site,
            wo.system,
            "",
            now,
            counts,
            # Not work_order_id: that names the order a visit is done through, and the
            # emergency's order was resolved before its observation began.
            due_at=due_at,
        )


def _plan(
    kind: str,
    target_id: uuid.UUID,
    due_on: date,
    contract: Contract | None,
    site: Site,
    system: System | None,
    label: str,
    now: datetime,
    counts: Counter[str],
    *,
    due_at: datetime | None = None,
    work_order_id: uuid.UUID | None = None,
) -> None:
    """Insert the visit unless it exists; if this call inserted it, register its order."""
    template_id = None
    if kind == "inspection" and system is not None:
        template_id = db.session.scalar(
            select(ChecklistTemplate.id)
            .where(ChecklistTemplate.system_type == system.type, ChecklistTemplate.is_active)
            .order_by(ChecklistTemplate.created_at)
            .limit(1)
        )
    insert = (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    visit_id = db.session.execute(
        insert(ScheduledVisit)
        .values(
            id=uuid.uuid4(),
            kind=kind,
            target_id=target_id,
            contract_id=contract.id if contract is not None else None,
            customer_id=site.customer_id,
            site_id=site.id,
            system_id=system.id if system is not None else None,
            due_on=due_on,
            due_at=due_at,
            work_order_id=work_order_id,
            template_id=template_id,
            status="planned",
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["kind", "target_id", "due_on"])
        .returning(ScheduledVisit.id)
    ).scalar_one_or_none()
    if visit_id is None:
        return  # planned by an earlier run
    counts[kind] += 1
    if kind in OFFICE_TASKS:
        return
    booked_at = datetime.combine(due_on, VISIT_TIME, rule_facts.organisation_timezone())
    wo = create_work_order(
        {
            "type": WORK_ORDER_TYPES[kind],
            "channel": "scheduled",
            "severity": 4,
            "customer_id": site.customer_id,
            "site_id": site.id,
            "system_id": system.id if system is not None else None,
            "contract_id": contract.id if contract is not None else None,
            "symptom": f"{label}（计划日期 {due_on.isoformat()}）",
            "appointment_at": booked_at,
            "reported_at": min(now, utcnow()),
            # 责任到人: the system's responsible engineer takes its planned visits.
            "assigned_engineer_id": _responsible_engineer(system),
        },
        None,
    )
    db.session.execute(
        update(ScheduledVisit).where(ScheduledVisit.id == visit_id).values(work_order_id=wo.id)
    )
    counts["work_orders"] += 1


def _responsible_engineer(system: System | None) -> uuid.UUID | None:
    """The system's responsible engineer if he can take work, else nobody (dispatch)."""
    engineer = system.responsible_engineer if system is not None else None
    if engineer is None or not engineer.is_active or engineer.role != "engineer":
        return None
    return engineer.id


def _applies(contract: Contract, site: Site, on: date) -> bool:
    """The contract is the one covering the site that day (a newer one takes over)."""
    current = rule_facts.contract_for_site(site.customer_id, site.id, on)
    return current is not None and current.id == contract.id


def _last_done_on(kind: str, target_id: uuid.UUID) -> date | None:
    return db.session.scalar(
        select(func.max(ScheduledVisit.due_on)).where(
            ScheduledVisit.kind == kind,
            ScheduledVisit.target_id == target_id,
            ScheduledVisit.status == "done",
        )
    )


def _last_inspection_on(system: System) -> date | None:
    planned = _last_done_on("inspection", system.id)
    if planned is not None:
        return planned
    resolved = db.session.scalar(
        select(func.max(WorkOrderOutcome.resolved_at))
        .join(WorkOrder, WorkOrder.id == WorkOrderOutcome.work_order_id)
        .where(
            WorkOrder.system_id == system.id,
            WorkOrder.type == "inspection",
            WorkOrder.status.in_(("completed", "closed")),
        )
    )
    return rule_facts.local_date(resolved) if resolved is not None else None


# --- reading the plan ----------------------------------------------------------------

#: The states the office lists: open visits by date, and the finished ones.
VISIT_STATES = ("overdue", "due", "upcoming", "open", "done", "cancelled")


def visit_state(visit: ScheduledVisit, today: date) -> str:
    if visit.status != "planned":
        return visit.status
    if visit.due_on < today:
        return "overdue"
    soon = today + timedelta(days=current_app.config["SCHEDULE_DUE_SOON_DAYS"])
    return "due" if visit.due_on <= soon else "upcoming"


def filter_visits(query: Select, args: dict[str, Any], today: date) -> Select:
    """The visits of ``query`` in a state (VISIT_STATES), of a kind, for a customer."""
    soon = today + timedelta(days=current_app.config["SCHEDULE_DUE_SOON_DAYS"])
    state = args.get("state")
    planned = ScheduledVisit.status == "planned"
    if state == "overdue":
        query = query.where(planned, ScheduledVisit.due_on < today)
    elif state == "due":
        query = query.where(planned, ScheduledVisit.due_on >= today, ScheduledVisit.due_on <= soon)
    elif state == "upcoming":
        query = query.where(planned, ScheduledVisit.due_on > soon)
    elif state == "open":
        query = query.where(planned)
    elif state in ("done", "cancelled"):
        query = query.where(ScheduledVisit.status == state)
    for key in ("kind", "customer_id", "contract_id", "site_id"):
        if args.get(key) is not None:
            query = query.where(getattr(ScheduledVisit, key) == args[key])
    if args.get("engineer_id") is not None:
        query = query.where(
            ScheduledVisit.work_order_id.in_(
                select(WorkOrder.id).where(WorkOrder.assigned_engineer_id == args["engineer_id"])
            )
        )
    descending = state in ("done", "cancelled")
    order = ScheduledVisit.due_on.desc() if descending else ScheduledVisit.due_on
    return query.order_by(order, ScheduledVisit.kind, ScheduledVisit.id)


def planned_dates(contract: Contract, first_on: date, last_on: date) -> list[dict[str, Any]]:
    """The plan of a period from the contract's settings alone, whether or not the
    scheduler has reached it yet: [{kind, on, system}] (for the quarterly report)."""
    settings = rule_facts.effective_settings(contract)["schedules"]
    plan: list[dict[str, Any]] = []
    for site in sorted(contract.sites, key=lambda s: s.name):
        for system in site.systems:
            cadence = inspection_cadence(settings, system.type)
            for on in next_inspection_dates(
                contract.starts_on, cadence, until_on=last_on, contract_end_on=contract.ends_on
            ):
                if on >= first_on:
                    plan.append({"kind": "inspection", "on": on, "system": system, "site": site})
    for on in next_follow_up_dates(
        contract.starts_on,
        settings["follow_up"],
        until_on=last_on,
        contract_end_on=contract.ends_on,
    ):
        if on >= first_on:
            plan.append({"kind": "follow_up", "on": on, "system": None, "site": None})
    check_on = site_check_due_on(contract.starts_on, settings)
    if check_on is not None and first_on <= check_on <= min(last_on, contract.ends_on):
        plan.append({"kind": "site_check", "on": check_on, "system": None, "site": None})
    return sorted(plan, key=lambda item: (item["on"], item["kind"]))
