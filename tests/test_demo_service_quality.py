"""The demo shows the scheduler's plan, follow-ups with scores and complaints."""

from __future__ import annotations

from sqlalchemy import func, select

from server.demo import DEMO_PASSWORD, load_demo
from server.jobs import run_schedule
from server.models import Complaint, FollowUp, ScheduledVisit, SurveyAnswer, WorkOrder


def test_after_the_demo_inspections_and_follow_ups_are_due_and_the_kpis_have_data(db, client):
    counts = load_demo()
    assert counts["scheduled_visits"] >= 20 and counts["complaints"] == 2
    kinds = set(db.session.scalars(select(ScheduledVisit.kind)))
    assert {"inspection", "follow_up", "survey"} <= kinds
    planned_orders = db.session.scalar(
        select(func.count())
        .select_from(WorkOrder)
        .where(WorkOrder.channel == "scheduled", WorkOrder.status.in_(("new", "assigned")))
    )
    assert planned_orders >= 20
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) >= 3
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) >= 18
    assert db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.is_our_fault.is_(True))) == 1  # fmt: skip
    assert run_schedule() == {}  # the demo ran it already

    token = client.post(
        "/api/v1/auth/login", json={"username": "supervisor", "password": DEMO_PASSWORD}
    ).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    overdue = client.get("/api/v1/scheduled-visits/?state=overdue", headers=headers).json
    due = client.get("/api/v1/scheduled-visits/?state=open", headers=headers).json
    assert overdue["total"] >= 1 and due["total"] > overdue["total"]
    summary = client.get("/api/v1/kpi/dashboard", headers=headers).json["summary"]
    assert summary["response_on_time_percent"] is not None
    assert summary["satisfied_percent"] is not None and summary["complaint_rate_percent"] > 0
