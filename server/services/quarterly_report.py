"""The quarterly report to a customer (季度服务报告), as plain facts for
server.reports.quarterly_pdf: how the equipment ran, the faults and their analysis, the
corrective measures, the service given with its SLA results, and next quarter's plan."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from server import kpi
from server.domain.kpi import next_quarter, quarter_bounds
from server.extensions import db
from server.models import (
    Contract,
    Customer,
    Device,
    ScheduledVisit,
    Site,
    System,
    WorkOrder,
)
from server.models.base import utcnow
from server.services import rule_facts
from server.services.organisation import organisation_settings
from server.services.schedules import planned_dates

REPAIR_TYPES = ("repair", "rectification")


def quarterly_report_facts(customer: Customer, year: int, quarter: int) -> dict[str, Any]:
    first_on, last_on = quarter_bounds(year, quarter)
    zone = rule_facts.organisation_timezone()
    start_at = datetime.combine(first_on, time(0), zone)
    end_at = datetime.combine(last_on + timedelta(days=1), time(0), zone)
    orders = db.session.scalars(
        select(WorkOrder)
        .where(
            WorkOrder.customer_id == customer.id,
            WorkOrder.reported_at >= start_at,
            WorkOrder.reported_at < end_at,
        )
        .options(selectinload(WorkOrder.devices), selectinload(WorkOrder.system))
        .order_by(WorkOrder.reported_at)
    ).all()
    repairs = [wo for wo in orders if wo.type in REPAIR_TYPES and wo.status != "cancelled"]
    filters = kpi.filters_from(
        {"first_on": first_on, "last_on": last_on, "customer_id": customer.id}
    )
    figures = kpi.clock_figures(filters)  # PostgreSQL: on-time and times share one pass
    company = organisation_settings()
    return {
        "company": {"name": company.company_name, "hotline": company.hotline},
        "customer": {"name": customer.name, "code": customer.code},
        "year": year,
        "quarter": quarter,
        "first_on": first_on.isoformat(),
        "last_on": last_on.isoformat(),
        "generated_at": rule_facts.local_date(utcnow()).isoformat(),
        "contracts": [
            {
                "number": c.number,
                "name": c.name,
                "starts_on": c.starts_on.isoformat(),
                "ends_on": c.ends_on.isoformat(),
            }
            for c in _contracts(customer, first_on, last_on)
        ],
        "equipment": _equipment(customer, orders),
        "faults": [
            {
                "number": wo.number,
                "reported_on": rule_facts.local_date(wo.reported_at).isoformat(),
                "system": wo.system.name if wo.system else "",
                "devices": ", ".join(sorted(d.serial for d in wo.devices)),
                "symptom": wo.symptom,
                "cause": wo.diagnosis_cause,
                "fix": wo.diagnosis_fix,
                "defect_code": wo.defect_code,
                "status": wo.status,
            }
            for wo in repairs
        ],
        "defects": Counter(wo.defect_code or "—" for wo in repairs).most_common(),
        "service": {
            "by_type": Counter(wo.type for wo in orders if wo.status != "cancelled").most_common(),
            "on_time": kpi.on_time(filters, figures=figures),
            "times": kpi.times(filters, figures=figures),
            "first_time_fix": kpi.first_time_fix(filters)[0],
            "satisfaction": kpi.satisfaction(filters),
            "plan": kpi.plan(filters),
        },
        "next_plan": _next_plan(customer, year, quarter),
    }


def _contracts(customer: Customer, first_on: date, last_on: date) -> list[Contract]:
    return list(
        db.session.scalars(
            select(Contract)
            .where(
                Contract.customer_id == customer.id,
                Contract.starts_on <= last_on,
                Contract.ends_on >= first_on,
            )
            .order_by(Contract.starts_on)
        )
    )


def _equipment(customer: Customer, orders: list[WorkOrder]) -> list[dict[str, Any]]:
    """Per system: devices in service, repairs and inspections done in the quarter."""
    devices = dict(
        db.session.execute(
            select(System.id, func.count(Device.id))
            .join(Site, Site.id == System.site_id)
            .outerjoin(Device, (Device.system_id == System.id) & (Device.status == "in_service"))
            .where(Site.customer_id == customer.id)
            .group_by(System.id)
        ).all()
    )
    systems = db.session.scalars(
        select(System)
        .join(Site, Site.id == System.site_id)
        .where(Site.customer_id == customer.id)
        .order_by(Site.name, System.name)
    ).all()
    rows = []
    for system in systems:
        mine = [wo for wo in orders if wo.system_id == system.id and wo.status != "cancelled"]
        repairs = sum(1 for wo in mine if wo.type in REPAIR_TYPES)
        inspections = sum(
            1 for wo in mine if wo.type == "inspection" and wo.status in ("completed", "closed")
        )
        rows.append(
            {
                "site": system.site.name,
                "system": system.name,
                "type": system.type,
                "devices": devices.get(system.id, 0),
                "repairs": repairs,
                "inspections": inspections,
                "state": "正常 normal" if repairs == 0 else f"{repairs} 次故障 faults",
            }
        )
    return rows


def _next_plan(customer: Customer, year: int, quarter: int) -> list[dict[str, Any]]:
    """The next quarter's inspections, follow-ups and site checks from the contracts'
    schedules, with the work order where the scheduler registered one already."""
    first_on, last_on = quarter_bounds(*next_quarter(year, quarter))
    registered = {
        (v.kind, v.target_id, v.due_on): v
        for v in db.session.scalars(
            select(ScheduledVisit)
            .where(
                ScheduledVisit.customer_id == customer.id,
                ScheduledVisit.due_on >= first_on,
                ScheduledVisit.due_on <= last_on,
            )
            .options(selectinload(ScheduledVisit.work_order))
        )
    }
    plan = []
    for contract in _contracts(customer, first_on, last_on):
        for item in planned_dates(contract, first_on, last_on):
            system = item["system"]
            target = system.id if system is not None else contract.id
            visit = registered.get((item["kind"], target, item["on"]))
            plan.append(
                {
                    "on": item["on"].isoformat(),
                    "kind": item["kind"],
                    "contract": contract.number,
                    "what": system.name if system is not None else contract.name,
                    "site": item["site"].name if item["site"] is not None else "",
                    "work_order": visit.work_order.number if visit and visit.work_order else "",
                }
            )
    return sorted(plan, key=lambda p: (p["on"], p["kind"], p["what"]))
