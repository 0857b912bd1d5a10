"""Follow-ups and satisfaction surveys: the company's survey questions (defaults created on
first use) and recording what a customer said and scored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from server.errors import field_error
from server.extensions import db
from server.models import (
    SIGN_OFF_MODE,
    Customer,
    FollowUp,
    ScheduledVisit,
    SurveyAnswer,
    SurveyQuestion,
    User,
    WorkOrder,
)
from server.models.base import utcnow
from server.services.outcomes import mark_done

#: The questions a company starts with (the service documents' survey): key, zh, en.
DEFAULT_QUESTIONS = (
    ("attitude", "服务态度", "Attitude"),
    ("speed", "响应速度", "Speed"),
    ("quality", "维修质量", "Quality of the work"),
    ("professionalism", "专业水平", "Professionalism"),
    ("parts_supply", "备件供应", "Parts supply"),
    ("overall", "总体满意度", "Overall"),
)


def ensure_questions() -> None:
    """Create the default questions the first time any are asked for (never again: an
    admin who deactivates them all gets an empty survey, not the defaults back)."""
    if db.session.scalar(select(func.count()).select_from(SurveyQuestion)):
        return
    db.session.add_all(
        SurveyQuestion(key=key, label_zh=zh, label_en=en, position=10 * (i + 1))
        for i, (key, zh, en) in enumerate(DEFAULT_QUESTIONS)
    )
    db.session.flush()


def questions(active_only: bool = False) -> list[SurveyQuestion]:
    ensure_questions()
    query = select(SurveyQuestion).order_by(SurveyQuestion.position, SurveyQuestion.key)
    if active_only:
        query = query.where(SurveyQuestion.is_active)
    return list(db.session.scalars(query))


def record_follow_up(data: dict[str, Any], actor: User) -> FollowUp:
    """Record a follow-up or survey; it fulfils the planned visit it names (marked done at
    the time it happened). ``scores`` map active question keys to 1..5."""
    data = dict(data)
    customer = db.session.get(Customer, data["customer_id"])
    if customer is None:
        raise field_error("customer_id", "No such customer.")
    visit = None
    if data.get("scheduled_visit_id") is not None:
        visit = db.session.get(ScheduledVisit, data["scheduled_visit_id"])
        if visit is None or visit.customer_id != customer.id:
            raise field_error("scheduled_visit_id", "Must be a planned visit of the customer.")
        data.setdefault("work_order_id", visit.work_order_id)
    wo = None
    if data.get("work_order_id") is not None:
        wo = db.session.get(WorkOrder, data["work_order_id"])
        if wo is None or wo.customer_id != customer.id:
            raise field_error("work_order_id", "Must be a work order of the customer.")
    if data.get("engineer_id") is None and wo is not None:
        data["engineer_id"] = wo.assigned_engineer_id
    elif data.get("engineer_id") is not None:
        engineer = db.session.get(User, data["engineer_id"])
        if engineer is None or engineer.role != "engineer":
            raise field_error("engineer_id", "Must be an engineer.", key="errors.notAnEngineer")
    occurred_at: datetime = data.get("occurred_at") or utcnow()
    if occurred_at > utcnow():
        raise field_error("occurred_at", "Must not be in the future.")
    by_key = {q.key: q for q in questions(active_only=True)}
    scores = data.pop("scores", {}) or {}
    unknown = sorted(set(scores) - set(by_key))
    if unknown:
        raise field_error("scores", f"Not an active survey question: {', '.join(unknown)}.")
    follow_up = FollowUp(
        customer_id=customer.id,
        work_order_id=data.get("work_order_id"),
        scheduled_visit_id=visit.id if visit is not None else None,
        engineer_id=data.get("engineer_id"),
        mode=data["mode"],
        occurred_at=occurred_at,
        contact_name=data.get("contact_name", ""),
        opinions=data.get("opinions", ""),
        recorded_by_id=actor.id,
        answers=[
            SurveyAnswer(question_id=by_key[key].id, score=score) for key, score in scores.items()
        ],
    )
    db.session.add(follow_up)
    if visit is not None:
        mark_done(visit, occurred_at)
    db.session.flush()
    return follow_up


def record_sign_off_scores(wo: WorkOrder, signature: Any, actor: User) -> FollowUp | None:
    """The scores a customer gave when signing off, as a follow-up (mode sign_off) of the
    order's engineer: the satisfaction KPI counts them like any survey's answers. Only the
    keys that are survey questions count; none given, nothing recorded."""
    scores = {k: v for k, v in (signature.satisfaction or {}).items() if v is not None}
    if signature.signer_role != "customer" or not scores:
        return None
    by_key = {q.key: q for q in questions()}
    answers = [
        SurveyAnswer(question_id=by_key[key].id, score=score)
        for key, score in scores.items()
        if key in by_key
    ]
    if not answers:
        return None
    now = utcnow()
    follow_up = FollowUp(
        customer_id=wo.customer_id,
        work_order_id=wo.id,
        engineer_id=wo.assigned_engineer_id or (actor.id if actor.role == "engineer" else None),
        mode=SIGN_OFF_MODE,
        occurred_at=min(signature.signed_at or now, now),  # a phone clock ahead is clamped
        contact_name=signature.signer_name,
        opinions=signature.comment or "",
        recorded_by_id=actor.id,
        answers=answers,
    )
    db.session.add(follow_up)
    return follow_up


def save_question(data: dict[str, Any], question: SurveyQuestion | None = None) -> SurveyQuestion:
    ensure_questions()
    key = data.get("key")
    if key is not None:
        taken = db.session.scalar(select(SurveyQuestion).where(SurveyQuestion.key == key))
        if taken is not None and taken is not question:
            raise field_error("key", "Another question has this key.")
    if question is None:
        question = SurveyQuestion(**data)
        db.session.add(question)
    else:
        for name, value in data.items():
            setattr(question, name, value)
    db.session.flush()
    return question
