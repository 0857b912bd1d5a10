"""Loaners (备用机) out with customers, for the office list and the KPI.

A loaner is outstanding at a moment when it was issued before it and not returned by it.
It is overdue when its due-back date is before the local day of that moment (due back on
the 20th and still out on the 21st; at the end of a period ending on the 20th, not yet)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from server.extensions import db
from server.models import Customer, Loaner, User, WorkOrder
from server.models.base import utcnow
from server.services import rule_facts


def outstanding(
    at: datetime | None = None, clauses: list[Any] | None = None
) -> list[dict[str, Any]]:
    """The loaners out at ``at`` (default now), oldest first, with their work order and
    customer. ``clauses`` further restrict the work orders (KPI filters)."""
    at = at or utcnow()
    # The day ``at`` ends (the end of a period is midnight after its last day).
    today = rule_facts.local_date(at - timedelta(microseconds=1))
    query = (
        select(
            Loaner,
            WorkOrder.number,
            WorkOrder.assigned_engineer_id,
            Customer.id.label("customer_id"),
            Customer.name.label("customer_name"),
            User.display_name.label("engineer_name"),
        )
        .join(WorkOrder, WorkOrder.id == Loaner.work_order_id)
        .join(Customer, Customer.id == WorkOrder.customer_id)
        .outerjoin(User, User.id == Loaner.issued_by_id)
        .where(
            Loaner.issued_at <= at,
            or_(Loaner.returned_at.is_(None), Loaner.returned_at > at),
            *(clauses or []),
        )
        .order_by(Loaner.issued_at, Loaner.id)
    )
    return [
        {
            "id": row.Loaner.id,
            "work_order_id": row.Loaner.work_order_id,
            "work_order_number": row.number,
            "customer_id": row.customer_id,
            "customer_name": row.customer_name,
            "description": row.Loaner.description,
            "serial": row.Loaner.serial,
            "issued_at": row.Loaner.issued_at,
            "issued_by_name": row.engineer_name,
            "due_back_on": row.Loaner.due_back_on,
            "overdue": row.Loaner.due_back_on is not None and row.Loaner.due_back_on < today,
        }
        for row in db.session.execute(query)
    ]


def of_work_order(model: Any, work_order_id: Any) -> list[Any]:
    """The loaners (or consents) recorded on one work order, oldest first."""
    order = model.issued_at if model is Loaner else model.consented_at
    return list(
        db.session.scalars(
            select(model).where(model.work_order_id == work_order_id).order_by(order, model.id)
        )
    )
