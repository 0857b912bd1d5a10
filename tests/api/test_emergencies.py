"""The level-1 emergency runbook (一级紧急): managers told within 15 min, the emergency team
within 30, remote experts within 1 h, the expert group within 2 h, each acknowledged by
the person who did it; after the fix an observation follow-up (1 day by default); the
root-cause report for the customer's management closes the emergency."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from server.models import ScheduledVisit, WorkOrder
from server.services.schedules import plan_visits
from server.unit_of_work import committed

KEYS_AND_MINUTES = [
    ("notify_managers", 15),
    ("emergency_team", 30),
    ("expert_remote", 60),
    ("expert_group", 120),
]


@pytest.fixture
def reported_at():
    return datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20)


@pytest.fixture
def down(world, reported_at):
    """A level-1 order (system down) of engineer1's, reported 20 minutes ago."""
    return world.make_work_order(
        severity=1, reported_at=reported_at, assigned_engineer_id=world.users["engineer1"].id
    )


@pytest.fixture
def fix(client, login, diagnose, sign_off, db):
    """``fix(wo)``: engineer1 arrives, diagnoses, the customer signs, he completes it."""

    def _fix(wo):
        phone = login("engineer1")
        base = f"/api/v1/work-orders/{wo.id}/actions"
        for action in ("accept", "arrive"):
            assert client.post(base, json={"action": action}, headers=phone).status_code == 200
        wo = db.session.get(WorkOrder, wo.id)
        diagnose(wo)
        sign_off(wo)
        r = client.post(base, json={"action": "complete"}, headers=phone)
        assert r.status_code == 200, r.json
        db.session.expire_all()
        return next(e for e in db.session.get(WorkOrder, wo.id).events if e.kind == "resolved")

    return _fix


def _ack(client, headers, order_id, key, **body):
    url = f"/api/v1/work-orders/{order_id}/emergency-milestones/{key}/ack"
    return client.post(url, json=body, headers=headers)


def _at(value):
    return datetime.fromisoformat(value)


def test_the_milestones_fall_due_15_30_60_and_120_minutes_after_the_report(
    client, login, down, reported_at
):
    r = client.get(f"/api/v1/work-orders/{down.id}/emergency", headers=login("dispatcher"))
    assert r.status_code == 200, r.json
    milestones = r.json["milestones"]
    assert [(m["key"], m["minutes"]) for m in milestones] == KEYS_AND_MINUTES
    assert [_at(m["due_at"]) for m in milestones] == [
        reported_at + timedelta(minutes=minutes) for _key, minutes in KEYS_AND_MINUTES
    ]
    # 20 minutes in: the managers should have been told 5 minutes ago.
    assert [m["state"] for m in milestones] == ["overdue", "due", "due", "due"]
    assert r.json["all_acknowledged"] is False and r.json["closed_at"] is None


def test_an_order_that_is_not_level_1_is_no_emergency(client, login, world):
    headers = login("dispatcher")
    r = client.get(f"/api/v1/work-orders/{world.wo1.id}/emergency", headers=headers)
    assert r.status_code == 404 and r.json["key"] == "errors.emergency.notEmergency"
    r = _ack(client, headers, world.wo1.id, "notify_managers")
    assert r.status_code == 409 and r.json["key"] == "errors.emergency.notEmergency"


def test_a_milestone_is_acknowledged_once_with_who_when_and_the_phones_time(client, login, down):
    phone_time = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    r = _ack(
        client, login("engineer1"), down.id, "emergency_team", device_at=phone_time.isoformat()
    )
    assert r.status_code == 200, r.json
    team = r.json["milestones"][1]
    assert team["state"] == "done"
    assert team["ack"]["acknowledged_by"]["username"] == "engineer1"
    assert _at(team["ack"]["device_at"]) == phone_time
    assert _at(team["ack"]["acknowledged_at"]) > phone_time

    office = login("dispatcher")
    r = _ack(client, office, down.id, "notify_managers", note="已电话通知中心经理")
    managers = r.json["milestones"][0]
    assert managers["ack"]["device_at"] is None and managers["ack"]["note"] == "已电话通知中心经理"
    assert managers["ack"]["acknowledged_by"]["username"] == "dispatcher"

    again = _ack(client, office, down.id, "notify_managers")
    assert again.status_code == 409 and again.json["key"] == "errors.emergency.acknowledged"
    assert _ack(client, office, down.id, "call_the_press").status_code == 404
    assert _ack(client, login("engineer2"), down.id, "expert_remote").status_code == 404


def test_the_milestones_follow_the_contracts_settings(client, login, world, db):
    world.contract.settings = {
        "sla": {"emergency": {"milestones": [{"key": "notify_managers", "minutes": 10}]}}
    }
    db.session.commit()
    reported = datetime.now(UTC).replace(microsecond=0)
    wo = world.make_work_order(severity=1, reported_at=reported)
    r = client.get(f"/api/v1/work-orders/{wo.id}/emergency", headers=login("dispatcher"))
    [only] = r.json["milestones"]
    assert (only["key"], _at(only["due_at"])) == (
        "notify_managers",
        reported + timedelta(minutes=10),
    )


def test_the_board_shows_an_emergency_until_every_milestone_is_acknowledged(
    client, login, down, world
):
    office = login("dispatcher")
    board = client.get("/api/v1/dispatch/emergencies", headers=office)
    assert board.status_code == 200, board.json
    [row] = board.json
    assert row["work_order"]["number"] == down.number and row["number"] == down.number
    assert row["milestones"][0]["state"] == "overdue"
    for key, _minutes in KEYS_AND_MINUTES[:-1]:
        assert _ack(client, office, down.id, key).status_code == 200
    [row] = client.get("/api/v1/dispatch/emergencies", headers=office).json
    assert [m["state"] for m in row["milestones"]] == ["done", "done", "done", "due"]
    assert _ack(client, office, down.id, "expert_group").status_code == 200
    assert client.get("/api/v1/dispatch/emergencies", headers=office).json == []
    assert client.get("/api/v1/dispatch/emergencies", headers=login("engineer1")).status_code == 403


def test_the_observation_follow_up_is_planned_a_day_after_the_fix(db, down, fix, world):
    resolved = fix(down)
    level_3 = fix(world.wo1)  # not an emergency: no observation
    assert level_3 is not None
    with committed():
        plan_visits()
    with committed():
        plan_visits()  # once
    [visit] = db.session.scalars(
        select(ScheduledVisit).where(ScheduledVisit.kind == "observation")
    ).all()
    assert visit.target_id == down.id and visit.status == "planned"
    assert visit.due_at == resolved.server_at + timedelta(days=1)  # observation_days: 1


def test_the_observation_period_is_the_contracts_setting(client, login, db, down, fix, world):
    world.contract.settings = {"sla": {"emergency": {"observation_days": 2}}}
    db.session.commit()
    resolved = fix(down)
    with committed():
        plan_visits()
    visit = db.session.scalar(select(ScheduledVisit).where(ScheduledVisit.kind == "observation"))
    assert visit.due_at == resolved.server_at + timedelta(days=2)
    r = client.get(f"/api/v1/work-orders/{down.id}/emergency", headers=login("dispatcher"))
    assert r.json["observation_days"] == 2
    assert _at(r.json["observation_due_at"]) == resolved.server_at + timedelta(days=2)
    assert r.json["observation"]["id"] == str(visit.id)


REPORT = {
    "cause": "核心交换机电源模块故障，备用电源未自动切换",
    "actions": "更换电源模块，恢复全部监控画面",
    "prevention": "每季度测试备用电源切换，增加电源告警",
}


def test_the_root_cause_report_closes_the_emergency_after_the_fix(client, login, down, fix, world):
    office = login("supervisor")
    url = f"/api/v1/work-orders/{down.id}/emergency/report"
    early = client.post(url, json=REPORT, headers=office)
    assert early.status_code == 409 and early.json["key"] == "errors.emergency.notFixed"
    assert client.post(url, json=REPORT, headers=login("engineer1")).status_code == 403
    _ack(client, office, down.id, "notify_managers")
    fix(down)

    r = client.post(url, json=REPORT, headers=office)
    assert r.status_code == 201, r.json
    assert r.json["closed_by"]["username"] == "supervisor" and r.json["closed_at"]
    assert r.json["report"]["cause"] == REPORT["cause"]
    again = client.post(url, json=REPORT, headers=office)
    assert again.status_code == 409 and again.json["key"] == "errors.emergency.closed"
    # Closed: off the board, and no more acknowledgements.
    assert client.get("/api/v1/dispatch/emergencies", headers=office).json == []
    assert _ack(client, office, down.id, "expert_group").status_code == 409

    pdf = client.get(f"{url}.pdf", headers=office)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for words in ("根因分析报告", down.number, REPORT["cause"], REPORT["prevention"]):
        assert words in text
    assert "通知管理层" in text and "处理完成" in text  # a milestone and the fix in the timeline
    assert "supervisor" in text


def test_there_is_no_root_cause_pdf_before_the_report_is_written(client, login, down):
    r = client.get(
        f"/api/v1/work-orders/{down.id}/emergency/report.pdf", headers=login("supervisor")
    )
    assert r.status_code == 409 and r.json["key"] == "errors.emergency.noReport"
