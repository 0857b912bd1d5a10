"""Complaints (投诉): registered with their verify and answer deadlines, verified, answered
with cause and responsibility. Supervisors and admins only (the API checks)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import Select, or_, select

from server.domain.complaints import complaint_deadlines
from server.errors import Conflict, field_error
from server.extensions import db
from server.models import Complaint, Contract, Customer, User, WorkOrder
from server.models.base import utcnow
from server.services import rule_facts
from server.services.numbers import next_value


def _calendar(customer_id: Any, on: date) -> dict[str, Any]:
    """The business-hours calendar (working days, holidays) of the customer's contract
    active that day, else of the default settings."""
    contract = db.session.scalar(
        select(Contract)
        .where(
            Contract.customer_id == customer_id, Contract.starts_on <= on, Contract.ends_on >= on
        )
        .order_by(Contract.starts_on.desc(), Contract.number)
        .limit(1)
    )
    calendars = rule_facts.effective_settings(contract)["sla"]["calendars"]
    return calendars.get("business_hours") or next(iter(calendars.values()))


def _check_links(data: dict[str, Any], customer_id: Any) -> None:
    if data.get("work_order_id") is not None:
        wo = db.session.get(WorkOrder, data["work_order_id"])
        if wo is None or wo.customer_id != customer_id:
            raise field_error("work_order_id", "Must be a work order of the customer.")
        if data.get("engineer_id") is None:
            data["engineer_id"] = wo.assigned_engineer_id
    if data.get("engineer_id") is not None:
        engineer = db.session.get(User, data["engineer_id"])
        if engineer is None or engineer.role != "engineer":
            raise field_error("engineer_id", "Must be an engineer.", key="errors.notAnEngineer")


def register_complaint(data: dict[str, Any], actor: User) -> Complaint:
    """Number it and fix its deadlines (COMPLAINT_VERIFY_DAYS / COMPLAINT_ANSWER_DAYS from
    receipt, working days if COMPLAINT_WORKING_DAYS)."""
    data = dict(data)
    if db.session.get(Customer, data["customer_id"]) is None:
        raise field_error("customer_id", "No such customer.")
    _check_links(data, data["customer_id"])
    now = utcnow()
    received_at: datetime = data.get("received_at") or now
    if received_at > now:
        raise field_error("received_at", "Must not be in the future.")
    config = current_app.config
    verify_due_at, answer_due_at = complaint_deadlines(
        received_at,
        config["COMPLAINT_VERIFY_DAYS"],
        config["COMPLAINT_ANSWER_DAYS"],
        working_days=config["COMPLAINT_WORKING_DAYS"],
        calendar=_calendar(data["customer_id"], rule_facts.local_date(received_at)),
    )
    complaint = Complaint(
        **{**data, "received_at": received_at},
        number=f"TS-{now.year}-{next_value(f'complaint:{now.year}'):04d}",
        verify_due_at=verify_due_at,
        answer_due_at=answer_due_at,
        recorded_by_id=actor.id,
    )
    db.session.add(complaint)
    db.session.flush()
    return complaint


def update_complaint(complaint: Complaint, changes: dict[str, Any]) -> Complaint:
    """Correct the facts, record cause and responsibility (received_at and the deadlines
    stay as registered)."""
    changes = dict(changes)
    if "work_order_id" in changes or "engineer_id" in changes:
        links = {
            "work_order_id": changes.get("work_order_id", complaint.work_order_id),
            "engineer_id": changes.get("engineer_id", complaint.engineer_id),
        }
        _check_links(links, complaint.customer_id)
        changes.update(links)
    for name, value in changes.items():
        setattr(complaint, name, value)
    db.session.flush()
    return complaint


def verify_complaint(complaint: Complaint, data: dict[str, Any]) -> Complaint:
    if complaint.verified_at is not None:
        raise Conflict("The complaint is verified already.", key="errors.complaint.verified")
    complaint.verified_at = _when(data)
    complaint.verification = data["verification"]
    db.session.flush()
    return complaint


def answer_complaint(complaint: Complaint, data: dict[str, Any]) -> Complaint:
    """Answer the customer; cause and responsibility are recorded with the answer."""
    if complaint.verified_at is None:
        raise Conflict("Verify the complaint first.", key="errors.complaint.notVerified")
    if complaint.answered_at is not None:
        raise Conflict("The complaint is answered already.", key="errors.complaint.answered")
    complaint.answered_at = _when(data)
    complaint.answer = data["answer"]
    for name in ("cause", "is_our_fault"):
        if name in data:
            setattr(complaint, name, data[name])
    db.session.flush()
    return complaint


def _when(data: dict[str, Any]) -> datetime:
    at = data.get("at") or utcnow()
    if at > utcnow():
        raise field_error("at", "Must not be in the future.")
    return at


def deadline_state(done_at: datetime | None, due_at: datetime, now: datetime) -> str:
    """on_time / late (done), overdue / pending (not yet)."""
    if done_at is not None:
        return "on_time" if done_at <= due_at else "late"
    return "overdue" if now > due_at else "pending"


def verify_state(complaint: Complaint, now: datetime | None = None) -> str:
    return deadline_state(complaint.verified_at, complaint.verify_due_at, now or utcnow())


def answer_state(complaint: Complaint, now: datetime | None = None) -> str:
    return deadline_state(complaint.answered_at, complaint.answer_due_at, now or utcnow())


def filter_complaints(query: Select, args: dict[str, Any]) -> Select:
    """Apply the list filters of ComplaintListArgs (``status``: open, verified, answered,
    unanswered; customer, engineer, search ``q``), the nearest answer deadline first among
    unanswered ones."""
    status = args.get("status")
    if status == "answered":
        query = query.where(Complaint.answered_at.is_not(None))
    elif status == "unanswered":
        query = query.where(Complaint.answered_at.is_(None))
    elif status == "verified":
        query = query.where(Complaint.verified_at.is_not(None), Complaint.answered_at.is_(None))
    elif status == "open":
        query = query.where(Complaint.verified_at.is_(None))
    for key in ("customer_id", "engineer_id"):
        if args.get(key) is not None:
            query = query.where(getattr(Complaint, key) == args[key])
    if args.get("q"):
        like = f"%{args['q']}%"
        query = query.where(
            or_(
                Complaint.number.ilike(like),
                Complaint.description.ilike(like),
                Complaint.complainant.ilike(like),
            )
        )
    query = query.order_by(
        Complaint.answered_at.is_not(None), Complaint.answer_due_at, Complaint.number
    )
    return query
