"""The SQL of every KPI table, each an aggregate over stored facts (sla_outcomes,
work_order_outcomes, scheduled_visits, follow-ups, complaints, part usages), so a dashboard
over 100,000 work orders is a handful of queries, not a Python loop. The definitions are in
server.kpi's docstring and docs/kpis.md.

Dialects differ in three places, each branched here: PostgreSQL counts and ranks the SLA
clocks in one pass with percentile_disc (SQLite ranks with window functions), date
arithmetic (an interval, or julianday), and the memory a KPI transaction may sort in.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Interval, and_, case, func, literal, or_, select, text

from server.domain import hotline
from server.domain.escalation import BREACH_REASONS
from server.domain.kpi import percentile_rank, rate
from server.extensions import db
from server.kpi.params import KpiFilters
from server.models import (
    VISIT_KINDS,
    BreachExplanation,
    Call,
    Centre,
    Complaint,
    Customer,
    Device,
    FollowUp,
    Part,
    PartUsage,
    ScheduledVisit,
    Site,
    SlaOutcome,
    SurveyAnswer,
    SurveyQuestion,
    System,
    User,
    WorkOrder,
    WorkOrderOutcome,
    work_order_devices,
)
from server.models.follow_up import SATISFIED_FROM
from server.services import loaners as loaner_service
from server.services import rule_facts
from server.services.complaints import deadline_state

DONE = ("completed", "closed")
CLOCK_ORDER = ("response", "remote", "arrival", "restore", "resolve")
#: The question whose score decides "satisfied".
OVERALL = "overall"
PERCENTILE_COLUMNS = (
    "business_median_minutes",
    "business_p90_minutes",
    "wall_median_minutes",
    "wall_p90_minutes",
)
#: clock -> its counts and percentiles, from clock_figures().
ClockFigures = dict[str, dict[str, Any]]


def is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def give_sorts_memory() -> None:
    """On PostgreSQL, let this transaction sort and hash a year of clocks in memory
    (KPI_WORK_MEM) instead of spilling to disk at the default 4 MB."""
    work_mem = current_app.config["KPI_WORK_MEM"]
    if is_postgresql() and work_mem:
        if not re.fullmatch(r"\d+(kB|MB|GB)", work_mem):
            raise ValueError(f"KPI_WORK_MEM must look like 64MB, got {work_mem!r}")
        db.session.execute(text(f"SET LOCAL work_mem = '{work_mem}'"))


# --- shared clauses ------------------------------------------------------------------


def _engineers_of(centre_id: uuid.UUID):
    return select(User.id).where(User.centre_id == centre_id)


def _dimension_clauses(f: KpiFilters, order=WorkOrder) -> list[Any]:
    clauses = []
    if f.customer_id is not None:
        clauses.append(order.customer_id == f.customer_id)
    if f.engineer_id is not None:
        clauses.append(order.assigned_engineer_id == f.engineer_id)
    if f.centre_id is not None:
        clauses.append(order.assigned_engineer_id.in_(_engineers_of(f.centre_id)))
    if f.severity is not None:
        clauses.append(order.severity == f.severity)
    if f.zone is not None:
        clauses.append(order.site_id.in_(select(Site.id).where(Site.zone == f.zone)))
    return clauses


def _orders(f: KpiFilters, *, requests_only: bool = True, order=WorkOrder) -> list[Any]:
    """Work orders reported in the period that match the filters."""
    clauses = [order.reported_at >= f.start_at, order.reported_at < f.end_at]
    if requests_only:
        clauses.append(order.channel != "scheduled")
    return clauses + _dimension_clauses(f, order)


def _through_work_order(f: KpiFilters, column: Any) -> list[Any]:
    """Severity and zone filters for a record linked to a work order by ``column``."""
    clauses = []
    if f.severity is not None:
        clauses.append(WorkOrder.severity == f.severity)
    if f.zone is not None:
        clauses.append(WorkOrder.site_id.in_(select(Site.id).where(Site.zone == f.zone)))
    return [column.in_(select(WorkOrder.id).where(*clauses))] if clauses else []


def _people_clauses(f: KpiFilters, customer: Any, engineer: Any) -> list[Any]:
    clauses = []
    if f.customer_id is not None:
        clauses.append(customer == f.customer_id)
    if f.engineer_id is not None:
        clauses.append(engineer == f.engineer_id)
    if f.centre_id is not None:
        clauses.append(engineer.in_(_engineers_of(f.centre_id)))
    return clauses


def _count(expression: Any) -> Any:
    return func.coalesce(func.sum(case((expression, 1), else_=0)), 0)


def percent(part: int, whole: int) -> float | None:
    value = rate(part, whole)
    return None if value is None else round(100 * value, 2)


# --- SLA -----------------------------------------------------------------------------


def _met(o=SlaOutcome) -> Any:
    return and_(o.ended_by == "stop", o.stopped_at <= o.deadline_at)


def _late(now: datetime, o=SlaOutcome) -> Any:
    return or_(
        and_(o.stopped_at.is_not(None), o.stopped_at > o.deadline_at),
        and_(o.stopped_at.is_(None), o.deadline_at < now),
    )


#: The breach-reasons row of missed deadlines nobody has explained yet.
UNEXPLAINED = "unexplained"


def breach_reasons(f: KpiFilters) -> list[dict[str, Any]]:
    """Missed deadlines of the period's requests by the reason given (超时原因), with how
    many of them the customer was told about; those not explained yet as "unexplained"."""
    e = BreachExplanation
    query = (
        select(
            e.reason,
            SlaOutcome.clock,
            func.count().label("breaches"),
            _count(e.customer_told_at.is_not(None)).label("customer_told"),
        )
        .join(WorkOrder, WorkOrder.id == SlaOutcome.work_order_id)
        .outerjoin(
            e, and_(e.work_order_id == SlaOutcome.work_order_id, e.clock == SlaOutcome.clock)
        )
        .where(SlaOutcome.deadline_at.is_not(None), _late(f.now), *_orders(f))
        .group_by(e.reason, SlaOutcome.clock)
    )
    by_reason: dict[str, dict[str, Any]] = {}
    for row in db.session.execute(query):
        reason = row.reason or UNEXPLAINED
        item = by_reason.setdefault(
            reason,
            {"reason": reason, "breaches": 0, "customer_told": 0,
             **{clock: 0 for clock in CLOCK_ORDER}},
        )  # fmt: skip
        item["breaches"] += int(row.breaches)
        item["customer_told"] += int(row.customer_told)
        item[row.clock] = item.get(row.clock, 0) + int(row.breaches)
    total = sum(item["breaches"] for item in by_reason.values())
    order = (*BREACH_REASONS, UNEXPLAINED)
    rows = sorted(by_reason.values(), key=lambda r: order.index(r["reason"]))
    for row in rows:
        row["share_percent"] = percent(row["breaches"], total)
    return rows


def _group_columns(group_by: str | None):
    """(key, label, outer joins) for grouping work orders."""
    if group_by is None:
        return None, None, []
    if group_by == "severity":
        return WorkOrder.severity, WorkOrder.severity, []
    if group_by == "zone":
        return Site.zone, Site.zone, [(Site, Site.id == WorkOrder.site_id)]
    if group_by == "engineer":
        return User.id, User.display_name, [(User, User.id == WorkOrder.assigned_engineer_id)]
    if group_by == "customer":
        return Customer.id, Customer.name, [(Customer, Customer.id == WorkOrder.customer_id)]
    if group_by == "centre":
        return (
            Centre.id,
            Centre.name,
            [
                (User, User.id == WorkOrder.assigned_engineer_id),
                (Centre, Centre.id == User.centre_id),
            ],
        )
    raise ValueError(f"unknown group: {group_by}")


def _on_time_row(clock: str, met: int, late: int) -> dict[str, Any]:
    return {
        "clock": clock,
        "met": met,
        "late": late,
        "total": met + late,
        "on_time_percent": percent(met, met + late),
    }


def on_time(
    f: KpiFilters, group_by: str | None = None, figures: ClockFigures | None = None
) -> list[dict[str, Any]]:
    """Per clock (and group): met, late, on-time rate in percent. ``figures``: the
    period's clock_figures(f) when the caller has them already."""
    if group_by is None:
        figures = figures if figures is not None else clock_figures(f)
        if figures is not None:
            return [
                _on_time_row(clock, row["met"], row["late"])
                for clock, row in figures.items()
                if row["tracked"]
            ]
    key, label, joins = _group_columns(group_by)
    columns = [SlaOutcome.clock, _count(_met()).label("met"), _count(_late(f.now)).label("late")]
    if key is not None:
        columns[:0] = [key.label("group_id"), label.label("group")]
    query = (
        select(*columns)
        .join(WorkOrder, WorkOrder.id == SlaOutcome.work_order_id)
        .where(SlaOutcome.deadline_at.is_not(None), *_orders(f))
    )
    for model, on in joins:
        query = query.outerjoin(model, on)
    groups = [key, label] if key is not None else []
    query = query.group_by(*groups, SlaOutcome.clock)
    rows = []
    for row in db.session.execute(query).mappings():
        item = _on_time_row(row["clock"], int(row["met"]), int(row["late"]))
        if key is not None:
            item = {"group": row["group"], "group_id": row["group_id"], **item}
        rows.append(item)
    return sorted(rows, key=lambda r: (str(r.get("group") or ""), CLOCK_ORDER.index(r["clock"])))


def times(f: KpiFilters, figures: ClockFigures | None = None) -> list[dict[str, Any]]:
    """Per clock: stopped clocks, median and 90th percentile minutes (business, wall).
    ``figures``: the period's clock_figures(f) when the caller has them already."""
    figures = figures if figures is not None else clock_figures(f)
    if figures is not None:
        names = ("clock", "stopped", *PERCENTILE_COLUMNS)
        return [{name: row[name] for name in names} for row in figures.values() if row["stopped"]]
    found = _percentiles_by_rank(f)
    return [found[clock] for clock in CLOCK_ORDER if clock in found]


def clock_figures(f: KpiFilters) -> ClockFigures | None:
    """PostgreSQL: on-time counts and percentiles of every clock in one pass over the
    period's outcomes. A caller that wants both on_time and times (the dashboard, the
    quarterly report) reads them once and passes them to each. None on SQLite, which has
    no percentile_disc: on_time and times count there on their own.
    percentile_disc is nearest rank: the first value whose cumulative share reaches p."""
    if not is_postgresql():
        return None
    o = SlaOutcome
    stopped = o.ended_by == "stop"
    columns = [
        o.clock,
        func.count().filter(o.deadline_at.is_not(None)).label("tracked"),
        func.count().filter(o.deadline_at.is_not(None), _met()).label("met"),
        func.count().filter(o.deadline_at.is_not(None), _late(f.now)).label("late"),
        func.count().filter(stopped).label("stopped"),
    ]
    for value, name in ((o.business_minutes, "business"), (o.wall_minutes, "wall")):
        for share, label in ((0.5, "median"), (0.9, "p90")):
            percentile = func.percentile_disc(share).within_group(value).filter(stopped)
            columns.append(percentile.label(f"{name}_{label}_minutes"))
    query = (
        select(*columns)
        .join(WorkOrder, WorkOrder.id == o.work_order_id)
        .where(*_orders(f))
        .group_by(o.clock)
    )
    found = {row["clock"]: dict(row) for row in db.session.execute(query).mappings()}
    return {clock: found[clock] for clock in CLOCK_ORDER if clock in found}


def _percentiles_by_rank(f: KpiFilters) -> dict[str, dict[str, Any]]:
    """The same nearest ranks with window functions (SQLite has no percentile_disc)."""
    o = SlaOutcome
    ranked = (
        select(
            o.clock.label("clock"),
            o.business_minutes.label("business"),
            o.wall_minutes.label("wall"),
            func.row_number().over(partition_by=o.clock, order_by=o.business_minutes).label("rb"),
            func.row_number().over(partition_by=o.clock, order_by=o.wall_minutes).label("rw"),
            func.count().over(partition_by=o.clock).label("n"),
        )
        .join(WorkOrder, WorkOrder.id == o.work_order_id)
        .where(o.ended_by == "stop", *_orders(f))
        .subquery()
    )
    # ceil(p * n) in integer arithmetic, as server.domain.kpi.percentile_rank
    k50 = (ranked.c.n * 50 + 99) // 100
    k90 = (ranked.c.n * 90 + 99) // 100
    picked = select(ranked).where(
        or_(ranked.c.rb == k50, ranked.c.rb == k90, ranked.c.rw == k50, ranked.c.rw == k90)
    )
    found: dict[str, dict[str, Any]] = {}
    for row in db.session.execute(picked).mappings():
        n = row["n"]
        item = found.setdefault(row["clock"], {"clock": row["clock"], "stopped": n})
        for rank_name, value_name in (("rb", "business"), ("rw", "wall")):
            if row[rank_name] == percentile_rank(n, 50):
                item[f"{value_name}_median_minutes"] = row[value_name]
            if row[rank_name] == percentile_rank(n, 90):
                item[f"{value_name}_p90_minutes"] = row[value_name]
    return found


# --- quality -------------------------------------------------------------------------


def _within_days(later: Any, earlier: Any, days: int) -> Any:
    """later - earlier <= days, in the database's own date arithmetic."""
    if is_postgresql():
        return later <= earlier + literal(timedelta(days=days), Interval())
    return func.julianday(later) - func.julianday(earlier) <= days


def first_time_fix(f: KpiFilters) -> list[dict[str, Any]]:
    days = current_app.config["FIRST_TIME_FIX_DAYS"]
    o = WorkOrderOutcome
    repeated = and_(
        o.repeat_reported_at.is_not(None), _within_days(o.repeat_reported_at, o.resolved_at, days)
    )
    row = db.session.execute(
        select(
            func.count(),
            _count(o.send_backs > 0),
            _count(repeated),
            _count(and_(o.send_backs == 0, ~repeated)),
        )
        .select_from(WorkOrder)
        .join(o, o.work_order_id == WorkOrder.id)
        .where(
            WorkOrder.type == "repair",
            WorkOrder.status.in_(DONE),
            o.resolved_at.is_not(None),
            *_orders(f),
        )
    ).one()
    repairs, sent_back, repeated_count, fixed = map(int, row)
    return [
        {
            "repairs": repairs,
            "sent_back": sent_back,
            "repeated": repeated_count,
            "first_time_fixes": fixed,
            "first_time_fix_percent": percent(fixed, repairs),
            "repeat_window_days": days,
        }
    ]


def repeat_failures(f: KpiFilters, min_repairs: int = 2) -> list[dict[str, Any]]:
    """Devices repaired at least ``min_repairs`` times for the same defect in the period:
    lemon candidates (the contract's lemon_threshold is 2 by default)."""
    repairs = func.count(WorkOrder.id)
    counted = (
        select(
            work_order_devices.c.device_id,
            WorkOrder.defect_code,
            repairs.label("repairs"),
            func.max(WorkOrder.reported_at).label("last_reported_at"),
        )
        .join(WorkOrder, WorkOrder.id == work_order_devices.c.work_order_id)
        .where(
            WorkOrder.type == "repair",
            WorkOrder.status != "cancelled",
            WorkOrder.defect_code != "",
            *_orders(f),
        )
        .group_by(work_order_devices.c.device_id, WorkOrder.defect_code)
        .having(repairs >= min_repairs)
        .order_by(repairs.desc(), work_order_devices.c.device_id)
        .limit(500)
        .subquery()
    )
    query = (
        select(counted, Device.serial, Device.model, Customer.name)
        .join(Device, Device.id == counted.c.device_id)
        .join(System, System.id == Device.system_id)
        .join(Site, Site.id == System.site_id)
        .join(Customer, Customer.id == Site.customer_id)
        .order_by(counted.c.repairs.desc(), Device.serial)
    )
    return [
        {
            "device_id": row.device_id,
            "serial": row.serial,
            "model": row.model,
            "customer": row.name,
            "defect_code": row.defect_code,
            "repairs": row.repairs,
            "last_reported_at": row.last_reported_at,
        }
        for row in db.session.execute(query)
    ]


def _follow_up_clauses(f: KpiFilters) -> list[Any]:
    return [
        FollowUp.occurred_at >= f.start_at,
        FollowUp.occurred_at < f.end_at,
        *_people_clauses(f, FollowUp.customer_id, FollowUp.engineer_id),
        *_through_work_order(f, FollowUp.work_order_id),
    ]


def satisfaction(f: KpiFilters) -> list[dict[str, Any]]:
    """Per survey question: answers, average score, share satisfied (4 or 5)."""
    query = (
        select(
            SurveyQuestion.key,
            SurveyQuestion.label_zh,
            SurveyQuestion.label_en,
            func.count(SurveyAnswer.id).label("answers"),
            func.avg(SurveyAnswer.score).label("average"),
            _count(SurveyAnswer.score >= SATISFIED_FROM).label("satisfied"),
        )
        .join(SurveyAnswer, SurveyAnswer.question_id == SurveyQuestion.id)
        .join(FollowUp, FollowUp.id == SurveyAnswer.follow_up_id)
        .where(*_follow_up_clauses(f))
        .group_by(
            SurveyQuestion.id,
            SurveyQuestion.key,
            SurveyQuestion.label_zh,
            SurveyQuestion.label_en,
            SurveyQuestion.position,
        )
        .order_by(SurveyQuestion.position, SurveyQuestion.key)
    )
    return [
        {
            "key": row.key,
            "label_zh": row.label_zh,
            "label_en": row.label_en,
            "answers": row.answers,
            "average": round(float(row.average), 2),
            "satisfied_percent": percent(int(row.satisfied), row.answers),
        }
        for row in db.session.execute(query)
    ]


def satisfaction_by_engineer(f: KpiFilters) -> list[dict[str, Any]]:
    """Per engineer rated: overall answers, average and share satisfied."""
    query = (
        select(
            User.id,
            User.display_name,
            func.count(SurveyAnswer.id).label("answers"),
            func.avg(SurveyAnswer.score).label("average"),
            _count(SurveyAnswer.score >= SATISFIED_FROM).label("satisfied"),
        )
        .select_from(FollowUp)
        .join(User, User.id == FollowUp.engineer_id)
        .join(SurveyAnswer, SurveyAnswer.follow_up_id == FollowUp.id)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyQuestion.key == OVERALL, *_follow_up_clauses(f))
        .group_by(User.id, User.display_name)
        .order_by(User.display_name)
    )
    return [
        {
            "engineer_id": row.id,
            "engineer": row.display_name,
            "answers": row.answers,
            "average": round(float(row.average), 2),
            "satisfied_percent": percent(int(row.satisfied), row.answers),
        }
        for row in db.session.execute(query)
    ]


def complaints(f: KpiFilters) -> list[dict[str, Any]]:
    c = Complaint
    row = db.session.execute(
        select(
            func.count(c.id),
            _count(c.is_our_fault.is_(True)),
            _count(c.is_our_fault.is_(False)),
            _count(c.is_our_fault.is_(None)),
            _count(c.verified_at <= c.verify_due_at),
            _count(c.answered_at <= c.answer_due_at),
            _count(and_(c.answered_at.is_(None), c.answer_due_at < f.now)),
        ).where(
            c.received_at >= f.start_at,
            c.received_at < f.end_at,
            *_people_clauses(f, c.customer_id, c.engineer_id),
            *_through_work_order(f, c.work_order_id),
        )
    ).one()
    requests = db.session.scalar(
        select(func.count(WorkOrder.id)).where(WorkOrder.status != "cancelled", *_orders(f))
    )
    total, ours, not_ours, undecided, verified_in_time, answered_in_time, overdue = map(int, row)
    return [
        {
            "complaints": total,
            "our_fault": ours,
            "not_our_fault": not_ours,
            "undecided": undecided,
            "requests": requests,
            "complaint_rate_percent": percent(ours, requests),
            "verified_in_time": verified_in_time,
            "answered_in_time": answered_in_time,
            "answer_overdue": overdue,
        }
    ]


def complaint_deadlines(f: KpiFilters, limit: int = 50) -> list[dict[str, Any]]:
    """Complaints not answered yet, the nearest deadline first (whatever the period)."""
    query = (
        select(Complaint)
        .where(
            Complaint.answered_at.is_(None),
            *_people_clauses(f, Complaint.customer_id, Complaint.engineer_id),
        )
        .order_by(Complaint.answer_due_at, Complaint.number)
        .limit(limit)
    )
    rows = []
    for complaint in db.session.scalars(query):
        rows.append(
            {
                "id": complaint.id,
                "number": complaint.number,
                "customer": complaint.customer.name,
                "received_at": complaint.received_at,
                "verify_due_at": complaint.verify_due_at,
                "verify_state": deadline_state(
                    complaint.verified_at, complaint.verify_due_at, f.now
                ),
                "answer_due_at": complaint.answer_due_at,
                "answer_state": deadline_state(None, complaint.answer_due_at, f.now),
            }
        )
    return rows


# --- the hotline ------------------------------------------------------------------------


def calls(f: KpiFilters) -> list[dict[str, Any]]:
    """Calls received in the period (filtered by their customer and duty engineer, and
    through their work order for severity and zone), per outcome; first calls (requests
    of ours not about an order already open, server.domain.hotline) and the share of them
    solved on the phone."""
    c = Call
    # hotline.is_first_call, in SQL.
    first = and_(c.outcome != "not_ours", or_(c.order_link.is_(None), c.order_link != "attached"))
    counts = [_count(c.outcome == outcome).label(outcome) for outcome in hotline.OUTCOMES]
    row = db.session.execute(
        select(
            func.count(c.id).label("calls"),
            _count(first).label("first_calls"),
            _count(and_(first, c.outcome == "solved_by_phone")).label("solved"),
            _count(c.order_link == "attached").label("attached"),
            *counts,
        ).where(
            c.received_at >= f.start_at,
            c.received_at < f.end_at,
            *_people_clauses(f, c.customer_id, c.duty_engineer_id),
            *_through_work_order(f, c.work_order_id),
        )
    ).one()
    first_calls, solved = int(row.first_calls), int(row.solved)
    return [
        {
            "calls": int(row.calls),
            **{outcome: int(row._mapping[outcome]) for outcome in hotline.OUTCOMES},
            "attached": int(row.attached),
            "first_calls": first_calls,
            "solved_on_first_call": solved,
            "first_call_resolution_percent": percent(solved, first_calls),
        }
    ]


# --- plans, parts, money ---------------------------------------------------------------


def plan(f: KpiFilters) -> list[dict[str, Any]]:
    """Planned visits with their plan date in the period, per kind, against what was done."""
    v = ScheduledVisit
    clauses = [v.due_on >= f.first_on, v.due_on <= f.last_on]
    if f.customer_id is not None:
        clauses.append(v.customer_id == f.customer_id)
    if f.zone is not None:
        clauses.append(v.site_id.in_(select(Site.id).where(Site.zone == f.zone)))
    if f.engineer_id is not None or f.centre_id is not None:
        engineer = (
            [] if f.engineer_id is None else [WorkOrder.assigned_engineer_id == f.engineer_id]
        )
        if f.centre_id is not None:
            engineer.append(WorkOrder.assigned_engineer_id.in_(_engineers_of(f.centre_id)))
        clauses.append(v.work_order_id.in_(select(WorkOrder.id).where(*engineer)))
    today = rule_facts.local_date(f.now)
    query = (
        select(
            v.kind,
            _count(v.status != "cancelled").label("planned"),
            _count(v.status == "done").label("done"),
            _count(and_(v.status == "done", v.done_on <= v.due_on)).label("done_on_time"),
            _count(and_(v.status == "planned", v.due_on < today)).label("overdue"),
        )
        .where(*clauses)
        .group_by(v.kind)
    )
    order = VISIT_KINDS
    rows = [
        {
            "kind": row.kind,
            "planned": int(row.planned),
            "done": int(row.done),
            "done_on_time": int(row.done_on_time),
            "overdue": int(row.overdue),
            "done_percent": percent(int(row.done), int(row.planned)),
        }
        for row in db.session.execute(query)
    ]
    return sorted(rows, key=lambda r: order.index(r["kind"]))


def parts(f: KpiFilters) -> list[dict[str, Any]]:
    """Parts used (net of corrections) on the period's work orders, at cost; the part of it
    used under warranty (free to the customer: our cost) and the rest."""
    cost = PartUsage.quantity * Part.cost_cents
    query = (
        select(
            Part.part_number,
            Part.name,
            func.sum(PartUsage.quantity).label("quantity"),
            func.sum(cost).label("cost"),
            func.coalesce(
                func.sum(case((WorkOrderOutcome.is_free.is_(True), cost), else_=0)), 0
            ).label("free_cost"),
        )
        .select_from(PartUsage)
        .join(Part, Part.id == PartUsage.part_id)
        .join(WorkOrder, WorkOrder.id == PartUsage.work_order_id)
        .outerjoin(WorkOrderOutcome, WorkOrderOutcome.work_order_id == WorkOrder.id)
        .where(*_orders(f, requests_only=False))
        .group_by(Part.id, Part.part_number, Part.name)
        .having(func.sum(PartUsage.quantity) != 0)
        .order_by(func.sum(cost).desc(), Part.part_number)
    )
    return [
        {
            "part_number": row.part_number,
            "name": row.name,
            "quantity": int(row.quantity),
            "cost_cents": int(row.cost),
            "free_cost_cents": int(row.free_cost),
            "chargeable_cost_cents": int(row.cost) - int(row.free_cost),
        }
        for row in db.session.execute(query)
    ]


def work_mix(f: KpiFilters) -> list[dict[str, Any]]:
    """Completed repairs by their effective warranty status: free or paid work."""
    query = (
        select(WorkOrderOutcome.warranty_status, func.count(WorkOrder.id).label("repairs"))
        .select_from(WorkOrder)
        .join(WorkOrderOutcome, WorkOrderOutcome.work_order_id == WorkOrder.id)
        .where(WorkOrder.type == "repair", WorkOrder.status.in_(DONE), *_orders(f))
        .group_by(WorkOrderOutcome.warranty_status)
    )
    counts = {row.warranty_status: row.repairs for row in db.session.execute(query)}
    total = sum(counts.values())
    order = ("return", "exchange", "free_repair", "paid", "excluded", None)
    return [
        {
            "warranty_status": status,
            "work": "free"
            if status in ("return", "exchange", "free_repair")
            else "paid"
            if status in ("paid", "excluded")
            else "undecided",
            "repairs": counts[status],
            "share_percent": percent(counts[status], total),
        }
        for status in order
        if status in counts
    ]


def loaners(f: KpiFilters) -> list[dict[str, Any]]:
    """Loaners (备用机) outstanding at the end of the period (or now, for a period that has
    not ended): issued before it and not returned by it. Filtered by the work order's
    customer, engineer, centre, severity and zone, whenever that work order was reported."""
    rows = loaner_service.outstanding(min(f.end_at, f.now), _dimension_clauses(f))
    return [
        {
            "work_order": row["work_order_number"],
            "customer": row["customer_name"],
            "description": row["description"],
            "serial": row["serial"],
            "issued_at": row["issued_at"],
            "due_back_on": row["due_back_on"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


def request_count(f: KpiFilters) -> int:
    """Requests reported in the period that match the filters."""
    return db.session.scalar(select(func.count(WorkOrder.id)).where(*_orders(f)))
