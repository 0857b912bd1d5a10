"""Demo service quality: the plan the scheduler makes for the demo contracts, a few
follow-ups and surveys with scores, and two complaints (one answered, one waiting for its
verification), so the KPI dashboard and the due lists have something to show.

Runs inside load_demo's transaction, after the work orders: their stored outcomes are
computed first (the scheduler plans surveys from them), then the plan, then the records
through the same services the API uses.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from server.extensions import db
from server.models import ScheduledVisit, User, WorkOrder
from server.services import outcomes
from server.services.complaints import answer_complaint, register_complaint, verify_complaint
from server.services.follow_ups import record_follow_up
from server.services.notifications import enqueue_breaches
from server.services.schedules import plan_visits

#: Phone surveys of the first resolved repairs: scores by question, and what was said.
SURVEYS = (
    ({"attitude": 5, "speed": 4, "quality": 5, "professionalism": 5, "parts_supply": 4,
      "overall": 5}, "工程师很专业，处理及时。"),
    ({"attitude": 5, "speed": 3, "quality": 4, "professionalism": 4, "parts_supply": 3,
      "overall": 4}, "修好了，但备件等了一天，希望常用备件多备一些。"),
    ({"attitude": 4, "speed": 2, "quality": 3, "professionalism": 4, "parts_supply": 3,
      "overall": 3}, "到场比约定晚了一个多小时，希望提前电话告知。"),
)  # fmt: skip


def build_service_quality(users: dict[str, User], now: datetime) -> dict[str, int]:
    db.session.flush()
    outcomes.refresh(db.session.scalars(select(WorkOrder.id)).all(), db.session, now)
    plan = plan_visits(now)
    enqueue_breaches(now, db.session)  # as the scheduler would: the managers' e-mails
    supervisor, dispatcher = users["supervisor"], users["dispatcher"]
    surveys = db.session.scalars(
        select(ScheduledVisit)
        .where(ScheduledVisit.kind == "survey", ScheduledVisit.due_at < now - timedelta(hours=2))
        .order_by(ScheduledVisit.due_at)
    ).all()
    for visit, (scores, opinions) in zip(surveys, SURVEYS, strict=False):
        record_follow_up(
            {
                "customer_id": visit.customer_id,
                "scheduled_visit_id": visit.id,
                "mode": "phone",
                "occurred_at": visit.due_at + timedelta(hours=2),
                "contact_name": visit.work_order.reporter_name,
                "opinions": opinions,
                "scores": scores,
            },
            dispatcher,
        )
    visit_order = db.session.scalar(
        select(WorkOrder).where(WorkOrder.type == "follow_up", WorkOrder.status == "closed")
        .order_by(WorkOrder.reported_at.desc()).limit(1)
    )  # fmt: skip
    if visit_order is not None:
        record_follow_up(
            {
                "customer_id": visit_order.customer_id,
                "work_order_id": visit_order.id,
                "mode": "visit",
                "occurred_at": visit_order.reported_at + timedelta(hours=3),
                "contact_name": visit_order.reporter_name,
                "opinions": "系统运行正常，对服务满意；建议提高 2 号装置区扬声器音量。",
                "scores": {"attitude": 5, "speed": 5, "quality": 5, "professionalism": 5,
                           "parts_supply": 4, "overall": 5},
            },
            supervisor,
        )  # fmt: skip
    _complaints(supervisor, now)
    return plan


def _complaints(supervisor: User, now: datetime) -> None:
    late = db.session.scalar(
        select(WorkOrder)
        .where(WorkOrder.type == "repair", WorkOrder.status == "closed",
               WorkOrder.assigned_engineer_id.is_not(None))
        .order_by(WorkOrder.reported_at.desc()).limit(1)
    )  # fmt: skip
    if late is not None:
        received = late.reported_at + timedelta(days=1)
        complaint = register_complaint(
            {
                "customer_id": late.customer_id,
                "work_order_id": late.id,
                "channel": "phone",
                "complainant": late.reporter_name,
                "description": "工程师到场比约定时间晚了一个多小时，事先没有电话告知。",
                "received_at": received,
            },
            supervisor,
        )
        verify_complaint(
            complaint,
            {"verification": "核实属实：前一单超时，未及时通知客户改约。",
             "at": min(received + timedelta(hours=20), now)},
        )  # fmt: skip
        answer_complaint(
            complaint,
            {
                "answer": "已向客户致歉；调度改约须提前电话告知客户，纳入月度考核。",
                "cause": "派单时间安排过紧，改约未通知客户",
                "is_our_fault": True,
                "at": min(received + timedelta(days=3), now),
            },
        )
    waiting = db.session.scalar(
        select(WorkOrder).where(WorkOrder.status == "on_hold")
        .order_by(WorkOrder.reported_at).limit(1)
    )  # fmt: skip
    if waiting is not None:
        register_complaint(
            {
                "customer_id": waiting.customer_id,
                "work_order_id": waiting.id,
                "channel": "wechat",
                "complainant": waiting.reporter_name,
                "description": "报修好几天了还在等配件，没人告诉我们什么时候能修好。",
                "received_at": now - timedelta(hours=20),
            },
            supervisor,
        )
