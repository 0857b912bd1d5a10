"""The scheduler: cadences from the contract's settings, work orders ahead of time, once.

Handover is the contract's starts_on (2026-01-15 here, a Thursday); the contract ends on
2027-01-14, so a plan date of 2027-01-15 is never planned.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from server.domain.dates import add_months
from server.extensions import db as _db
from server.jobs import run_schedule
from server.models import ChecklistTemplate, Contract, ScheduledVisit, User, WorkOrder

SHANGHAI = ZoneInfo("Asia/Shanghai")
HANDOVER = date(2026, 1, 15)
#: 10:00 in Shanghai on the handover day.
ON_HANDOVER = datetime(2026, 1, 15, 2, 0, tzinfo=UTC)


@pytest.fixture
def contract(world, db, app, monkeypatch):
    """The world's contract, handed over on 2026-01-15 for one year; a year's horizon."""
    monkeypatch.setitem(app.config, "SCHEDULE_HORIZON_DAYS", 400)
    world.contract.starts_on = HANDOVER
    world.contract.ends_on = date(2027, 1, 14)
    db.session.add(ChecklistTemplate(system_type="cctv", name="监控系统巡检", items=[]))
    db.session.commit()

    def configure(**schedules):
        world.contract.settings = {"schedules": schedules}
        db.session.commit()
        return world.contract

    return configure


def _dates(db, kind="inspection"):
    return [
        v.due_on
        for v in db.session.scalars(
            select(ScheduledVisit)
            .where(ScheduledVisit.kind == kind)
            .order_by(ScheduledVisit.due_on)
        )
    ]


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_monthly_inspections_fall_on_the_handover_day_each_month_until_the_contract_ends(
    db, contract
):
    contract(inspections={"cctv": {"cadence": "monthly"}})
    run_schedule(ON_HANDOVER)
    assert _dates(db) == [add_months(HANDOVER, n) for n in range(1, 12)]
    assert _dates(db)[-1] == date(2026, 12, 15)


def test_quarterly_inspections_come_every_three_months(db, contract):
    contract(inspections={"cctv": {"cadence": "quarterly"}})
    run_schedule(ON_HANDOVER)
    assert _dates(db) == [date(2026, 4, 15), date(2026, 7, 15), date(2026, 10, 15)]


def test_inspections_twice_a_year_move_to_the_weekend_and_stop_at_the_contract_end(db, contract):
    contract(inspections={"cctv": {"cadence": "twice_a_year", "at_weekend": True}})
    run_schedule(ON_HANDOVER)
    # 2026-07-15 is a Wednesday: the Saturday after. 2027-01-15 is after the contract.
    assert _dates(db) == [date(2026, 7, 18)]


def test_monthly_for_the_first_3_months_then_quarterly(db, contract):
    contract(
        inspections={"default": {"cadence": "monthly_then_quarterly", "monthly_for_months": 3}}
    )
    run_schedule(ON_HANDOVER)
    assert _dates(db) == [
        date(2026, 2, 15),
        date(2026, 3, 15),
        date(2026, 4, 15),
        date(2026, 7, 15),
        date(2026, 10, 15),
    ]


def test_nothing_is_planned_beyond_the_horizon(db, contract, app, monkeypatch):
    monkeypatch.setitem(app.config, "SCHEDULE_HORIZON_DAYS", 45)
    contract(inspections={"cctv": {"cadence": "monthly"}})
    run_schedule(ON_HANDOVER)
    assert _dates(db) == [date(2026, 2, 15)]
    run_schedule(ON_HANDOVER + timedelta(days=30))  # a month later the next one is planned
    assert _dates(db) == [date(2026, 2, 15), date(2026, 3, 15)]


def test_a_planned_visit_without_a_responsible_engineer_waits_for_dispatch(db, contract, world):
    world.system.responsible_engineer = None
    db.session.commit()
    contract(inspections={"cctv": {"cadence": "quarterly"}})
    run_schedule(ON_HANDOVER)
    inspection = db.session.scalar(select(WorkOrder).where(WorkOrder.type == "inspection"))
    assert (inspection.status, inspection.assigned_engineer_id) == ("new", None)


def test_running_the_scheduler_twice_creates_everything_once(db, contract):
    contract(inspections={"cctv": {"cadence": "quarterly"}})
    first = run_schedule(ON_HANDOVER)
    orders = _count(db, WorkOrder, WorkOrder.channel == "scheduled")
    assert first == {"inspection": 3, "follow_up": 1, "site_check": 1, "work_orders": 5}
    assert run_schedule(ON_HANDOVER) == {}
    assert run_schedule(ON_HANDOVER + timedelta(hours=1)) == {}
    assert _count(db, ScheduledVisit) == 5
    assert _count(db, WorkOrder, WorkOrder.channel == "scheduled") == orders == 5


def test_a_planned_inspection_is_a_scheduled_work_order_with_the_system_and_its_checklist(
    db, contract, world
):
    contract(inspections={"cctv": {"cadence": "quarterly"}})
    run_schedule(ON_HANDOVER)
    visit = db.session.scalar(
        select(ScheduledVisit).where(ScheduledVisit.due_on == date(2026, 4, 15))
    )
    wo = visit.work_order
    assert (wo.type, wo.channel) == ("inspection", "scheduled")
    # 责任到人: the system's responsible engineer has it, assigned.
    assert (wo.status, wo.assigned_engineer_id) == ("assigned", world.users["engineer1"].id)
    assert (wo.system_id, wo.contract_id, wo.site_id) == (
        world.system.id,
        world.contract.id,
        world.site.id,
    )
    assert wo.appointment_at == datetime.combine(date(2026, 4, 15), time(9), SHANGHAI)
    assert "2026-04-15" in wo.symptom
    template = db.session.scalar(select(ChecklistTemplate))
    assert visit.template_id == template.id and template.system_type == world.system.type
    assert (visit.target_id, visit.contract_id) == (world.system.id, world.contract.id)


def test_follow_ups_and_the_site_check_are_planned_from_handover(db, contract):
    contract(follow_up={"first_within_months": 6, "every_months": 3}, site_check_after_days=7)
    run_schedule(ON_HANDOVER)
    assert _dates(db, "site_check") == [date(2026, 1, 22)]
    assert _dates(db, "follow_up") == [date(2026, 7, 15), date(2026, 10, 15)]
    types = db.session.scalars(
        select(WorkOrder.type).join(ScheduledVisit, ScheduledVisit.work_order_id == WorkOrder.id)
        .where(ScheduledVisit.kind != "inspection")
    ).all()  # fmt: skip
    assert set(types) == {"follow_up"}


def test_a_site_check_can_be_switched_off(db, contract):
    contract(site_check_after_days=None)
    run_schedule(ON_HANDOVER)
    assert _dates(db, "site_check") == []


def test_dates_missed_long_before_the_first_run_are_history_not_a_backlog(
    db, contract, app, monkeypatch
):
    monkeypatch.setitem(app.config, "SCHEDULE_BACKFILL_DAYS", 40)
    monkeypatch.setitem(app.config, "SCHEDULE_HORIZON_DAYS", 10)
    contract(inspections={"cctv": {"cadence": "monthly"}})
    run_schedule(datetime(2026, 6, 20, 2, 0, tzinfo=UTC))
    # 15 May is within 40 days back (overdue), 15 April is not; 15 June is overdue too.
    assert _dates(db) == [date(2026, 5, 15), date(2026, 6, 15)]


@pytest.fixture
def work(client, login, diagnose, sign_off):
    """``work(wo_id)``: the office assigns engineer1, who does the work (a repair he
    diagnoses) and the customer signs it off (for an inspection, its report); with
    ``cancel=True`` the office cancels it instead. Returns the last answer."""

    def _work(wo_id, *, cancel=False):
        office = login("dispatcher")
        base = f"/api/v1/work-orders/{wo_id}/actions"
        if cancel:
            return client.post(base, json={"action": "cancel"}, headers=office)
        engineer1 = _db.session.scalar(select(User).where(User.username == "engineer1"))
        client.post(
            base, json={"action": "assign", "engineer_id": str(engineer1.id)}, headers=office
        )
        phone = login("engineer1")
        for action in ("accept", "arrive"):
            r = client.post(base, json={"action": action}, headers=phone)
            assert r.status_code == 200, r.json
        wo = _db.session.get(WorkOrder, wo_id)
        if wo.type == "repair":
            diagnose(wo)
        sign_off(wo, purpose="inspection_report" if wo.type == "inspection" else "sign_off")
        r = client.post(base, json={"action": "complete"}, headers=phone)
        assert r.status_code == 200, r.json
        return r

    return _work


def test_a_done_inspection_marks_its_visit_done_and_the_plan_goes_on(db, contract, work):
    contract(inspections={"cctv": {"cadence": "quarterly"}})
    run_schedule(ON_HANDOVER)
    visit = db.session.scalar(select(ScheduledVisit).order_by(ScheduledVisit.due_on).limit(1))
    work(visit.work_order_id)
    db.session.expire_all()
    visit = db.session.get(ScheduledVisit, visit.id)
    assert visit.status == "done" and visit.done_on is not None
    assert run_schedule(ON_HANDOVER) == {}


def test_a_cancelled_inspection_is_marked_cancelled_and_not_planned_again(db, contract, work):
    contract(inspections={"cctv": {"cadence": "quarterly"}})
    run_schedule(ON_HANDOVER)
    visit = db.session.scalar(select(ScheduledVisit).where(ScheduledVisit.kind == "inspection")
                              .order_by(ScheduledVisit.due_on).limit(1))  # fmt: skip
    assert work(visit.work_order_id, cancel=True).status_code == 200
    db.session.expire_all()
    assert db.session.get(ScheduledVisit, visit.id).status == "cancelled"
    assert run_schedule(ON_HANDOVER) == {}


def test_a_newer_contract_for_the_site_takes_over_the_plan(db, contract, world):
    contract(inspections={"cctv": {"cadence": "monthly"}})
    successor = Contract(
        customer=world.customer,
        number="HT-2026-009",
        name="维保合同",
        kind="maintenance",
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 12, 31),
        sites=[world.site],
        settings={"schedules": {"inspections": {"cctv": {"cadence": "twice_a_year"}}}},
    )
    db.session.add(successor)
    db.session.commit()
    run_schedule(ON_HANDOVER)
    by_contract = {
        number: [v.due_on for v in db.session.scalars(
            select(ScheduledVisit).join(Contract).where(
                Contract.number == number, ScheduledVisit.kind == "inspection")
            .order_by(ScheduledVisit.due_on))]
        for number in ("HT-2026-001", "HT-2026-009")
    }  # fmt: skip
    assert by_contract["HT-2026-001"] == [add_months(HANDOVER, n) for n in range(1, 5)]
    assert by_contract["HT-2026-009"] == [date(2026, 12, 1)]


def test_a_resolved_repair_gets_one_satisfaction_survey_after_the_configured_delay(
    db, contract, world, work
):
    contract(survey_delay_hours=48)
    today = datetime.now(SHANGHAI).date()
    world.contract.starts_on, world.contract.ends_on = today - timedelta(days=30), today
    db.session.commit()
    work(world.wo1.id)
    run_schedule()
    run_schedule()
    surveys = db.session.scalars(
        select(ScheduledVisit).where(ScheduledVisit.kind == "survey")
    ).all()
    assert len(surveys) == 1
    survey = surveys[0]
    resolved = next(e for e in world.wo1.events if e.kind == "resolved")
    assert survey.due_at == resolved.server_at + timedelta(hours=48)
    assert (survey.target_id, survey.work_order_id) == (world.wo1.id, world.wo1.id)


def test_the_office_lists_overdue_and_due_visits_and_exports_them(
    db, contract, client, login, world
):
    today = datetime.now(SHANGHAI).date()
    contract(inspections={"cctv": {"cadence": "monthly"}})
    world.contract.starts_on = today - timedelta(days=40)
    db.session.commit()
    run_schedule()
    headers = login("supervisor")
    overdue = client.get("/api/v1/scheduled-visits/?state=overdue", headers=headers).json
    assert overdue["total"] >= 1
    assert all(
        v["state"] == "overdue" and v["due_on"] < today.isoformat() for v in overdue["items"]
    )
    assert overdue["items"][0]["work_order"]["number"].startswith("WO-")
    everything = client.get("/api/v1/scheduled-visits/?state=open&per_page=200", headers=headers)
    states = {v["state"] for v in everything.json["items"]}
    assert states <= {"overdue", "due", "upcoming"} and "overdue" in states
    csv = client.get("/api/v1/scheduled-visits/?state=overdue&format=csv", headers=headers)
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("kind,state,due_on") and len(lines) == overdue["total"] + 1


def test_an_engineer_may_not_read_the_plan(client, login, world):
    response = client.get("/api/v1/scheduled-visits/", headers=login("engineer1"))
    assert response.status_code == 403


def test_the_schedule_command_reports_what_it_planned(app, db, contract):
    contract(inspections={"cctv": {"cadence": "quarterly"}})
    runner = app.test_cli_runner()
    first = runner.invoke(args=["schedule"])
    assert first.exit_code == 0, first.output
    assert "Schedule:" in first.output
    assert "nothing new" in runner.invoke(args=["schedule"]).output


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="two connections at once need PostgreSQL",
)
def test_two_schedulers_running_at_once_plan_everything_once(app, db, contract):
    contract(inspections={"cctv": {"cadence": "monthly"}})
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                results.append(run_schedule(ON_HANDOVER))
            except Exception as exc:  # surfaced below
                errors.append(exc)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(len(r) for r in results) == [0, 4]  # one run did it all, the other nothing
    assert _count(db, ScheduledVisit, ScheduledVisit.kind == "inspection") == 11
    assert _count(db, WorkOrder, WorkOrder.channel == "scheduled") == 13
