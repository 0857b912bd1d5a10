"""Each KPI on a small world whose right answers are worked out by hand below.

Severity 1, in the city, 24x7: response 30 min, arrival 60, restore 240, resolve 1440.
T0 is 20 days ago. Device d0 and d1 are the world's first two cameras (accepted 200 days
ago: in the free repair period).

  A  d0, defect no_video   accepted +20, arrived +50, resolved +100 (engineer1)
  B  d1, lightning (paid)  accepted +40, arrived +90, resolved +300, sent back,
                           arrived +400, resolved +420 (engineer2)
  C  reported 3 h ago      accepted +10, not there yet (engineer1)
  D  reported 10 min ago   cancelled at once
  E  d0, defect no_video   reported T0 + 10 days: accepted +15, arrived +45, resolved +75

  on time   response  met A C E, late B             3/4  75 %
            arrival   met A E, late B, C (running)  2/4  50 %
            restore   met A E, late B (300 > 240)   2/3  66.67 % (C still within 240)
            resolve   met A B E                     3/3  100 %
            D was voided in time: counts nowhere.
  times     response  10 15 20 40 -> median 15 (2nd of 4), p90 40 (4th)
            arrival   45 50 90    -> median 50, p90 90
            resolve   75 100 300  -> median 100, p90 300
  first-time fix: resolved repairs A B E; B sent back; A repeated by E within 30 days
            -> 1 of 3 (E), 33.33 %
  repeat failures: d0 no_video x 2
  work mix: free_repair 2 (A, E), excluded 1 (B)
  parts: PSU-12V-2A x2 on A (free, 2 x 35.00), x1 net on B (chargeable)
  satisfaction: overall 5 (engineer1) and 3 (engineer2): average 4.0, 50 % satisfied;
            attitude 4 and 2: average 3.0, 50 %
  complaints: one our fault, one not; requests A B C E + the world's two = 6 -> 16.67 %
  plan: inspections due 10 and 8 days ago (done 11 and 5 days ago), 3 days ago (open),
            2 days ago (cancelled), in 5 days (after the period)
            -> planned 3, done 2, on time 1, overdue 1, 66.67 %
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from server.models import PartUsage, ScheduledVisit
from server.services.complaints import answer_complaint, register_complaint, verify_complaint
from server.services.follow_ups import record_follow_up
from server.services.work_orders import apply_action, update_work_order

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def kpi(world, db, diagnose, sign_off):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    t0 = now - timedelta(days=20)
    today = now.astimezone(SHANGHAI).date()
    users = world.users
    d0, d1 = world.devices[0], world.devices[1]
    d0.accepted_on = d1.accepted_on = today - timedelta(days=200)
    db.session.commit()

    def order(reported_at, device, engineer):
        return world.make_work_order(
            severity=1,
            reported_at=reported_at,
            device_ids=[device.id],
            assigned_engineer_id=users[engineer].id,
        )

    def steps(wo, engineer, start, *moves):
        for action, minutes in moves:
            args = {"action": action}
            if action == "complete" and not wo.diagnosis_fix:
                # First completion: diagnosed and signed off, as its guards need.
                diagnose(wo)
                sign_off(wo)
            if action in ("accept", "arrive", "complete"):
                args["occurred_at"] = start + timedelta(minutes=minutes)
                apply_action(wo, args, users[engineer])
            else:
                apply_action(wo, args, users["supervisor"])

    a = order(t0, d0, "engineer1")
    update_work_order(a, {"defect_code": "no_video"}, users["engineer1"])
    steps(a, "engineer1", t0, ("accept", 20), ("arrive", 50), ("complete", 100))
    b = order(t0, d1, "engineer2")
    update_work_order(b, {"defect_code": "psu", "exclusions": ["lightning"]}, users["engineer2"])
    steps(b, "engineer2", t0, ("accept", 40), ("arrive", 90), ("complete", 300),
          ("send_back", 0), ("arrive", 400), ("complete", 420))  # fmt: skip
    c_at = now - timedelta(hours=3)
    c = order(c_at, world.devices[2], "engineer1")
    steps(c, "engineer1", c_at, ("accept", 10))
    d = world.make_work_order(severity=1, reported_at=now - timedelta(minutes=10))
    apply_action(d, {"action": "cancel"}, users["dispatcher"])
    e_at = t0 + timedelta(days=10)
    e = order(e_at, d0, "engineer1")
    update_work_order(e, {"defect_code": "no_video"}, users["engineer1"])
    steps(e, "engineer1", e_at, ("accept", 15), ("arrive", 45), ("complete", 75))

    for wo, quantity in ((a, 2), (b, 1), (b, 1), (b, -1)):
        db.session.add(PartUsage(work_order_id=wo.id, part_id=world.part.id, quantity=quantity))
    db.session.commit()

    for wo, overall, attitude in ((a, 5, 4), (b, 3, 2)):
        record_follow_up(
            {"customer_id": world.customer.id, "work_order_id": wo.id, "mode": "phone",
             "occurred_at": now - timedelta(days=5),
             "scores": {"overall": overall, "attitude": attitude}},
            users["dispatcher"],
        )  # fmt: skip
    received = now - timedelta(days=3)
    ours = register_complaint(
        {"customer_id": world.customer.id, "work_order_id": a.id, "description": "迟到",
         "received_at": received},
        users["supervisor"],
    )  # fmt: skip
    verify_complaint(ours, {"verification": "属实", "at": received + timedelta(days=1)})
    answer_complaint(
        ours,
        {"answer": "致歉", "is_our_fault": True, "cause": "派单过紧",
         "at": received + timedelta(days=2)},
    )  # fmt: skip
    not_ours = register_complaint(
        {"customer_id": world.customer.id, "description": "停电导致无法录像",
         "received_at": received},
        users["supervisor"],
    )  # fmt: skip
    not_ours.is_our_fault = False

    def visit(due, status="planned", done=None):
        db.session.add(
            ScheduledVisit(kind="inspection", target_id=world.system.id,
                           contract_id=world.contract.id, customer_id=world.customer.id,
                           site_id=world.site.id, system_id=world.system.id,
                           due_on=today + timedelta(days=due), status=status,
                           done_on=None if done is None else today + timedelta(days=done))
        )  # fmt: skip

    visit(-10, "done", -11)
    visit(-8, "done", -5)
    visit(-3)
    visit(-2, "cancelled")
    visit(5)
    db.session.commit()
    return SimpleNamespace(now=now, t0=t0, today=today, a=a, b=b, c=c, d=d, e=e, d0=d0)


def _table(client, login, name, username="supervisor", **query):
    r = client.get(f"/api/v1/kpi/{name}", query_string=query, headers=login(username))
    assert r.status_code == 200, r.json
    return r.json["rows"]


def _by(rows, key):
    return {row[key]: row for row in rows}


def test_on_time_rate_per_clock_counts_met_against_late_and_running_past_the_deadline(
    client, login, kpi
):
    rows = _by(_table(client, login, "on-time"), "clock")
    assert {c: (r["met"], r["late"], r["on_time_percent"]) for c, r in rows.items()} == {
        "response": (3, 1, 75.0),
        "arrival": (2, 2, 50.0),
        "restore": (2, 1, 66.67),
        "resolve": (3, 0, 100.0),
    }


def test_on_time_is_grouped_and_filtered_by_engineer(client, login, kpi, world):
    grouped = _table(client, login, "on-time", group_by="engineer")
    response = {r["group"]: (r["met"], r["late"]) for r in grouped if r["clock"] == "response"}
    # D, cancelled before anyone was assigned, has a group of its own that counts nothing.
    assert response == {"engineer1": (3, 0), "engineer2": (0, 1), None: (0, 0)}
    only = _by(_table(client, login, "on-time", engineer_id=str(world.users["engineer2"].id)),
               "clock")  # fmt: skip
    assert only["response"]["on_time_percent"] == 0.0
    assert _table(client, login, "on-time", zone="out_of_town") == []
    severity_3 = _table(client, login, "on-time", severity=3)  # the world's two, still running
    assert all(r["total"] == 0 and r["on_time_percent"] is None for r in severity_3)


def test_times_to_respond_arrive_and_resolve_are_median_and_90th_percentile(client, login, kpi):
    rows = _by(_table(client, login, "times"), "clock")
    got = {
        clock: (r["stopped"], r["business_median_minutes"], r["business_p90_minutes"],
                r["wall_median_minutes"], r["wall_p90_minutes"])
        for clock, r in rows.items()
    }  # fmt: skip
    assert got["response"] == (4, 15, 40, 15, 40)
    assert got["arrival"] == (3, 50, 90, 50, 90)
    assert got["resolve"] == (3, 100, 300, 100, 300)


def test_first_time_fix_excludes_sent_back_and_repeated_repairs(client, login, kpi):
    assert _table(client, login, "first-time-fix") == [
        {"repairs": 3, "sent_back": 1, "repeated": 1, "first_time_fixes": 1,
         "first_time_fix_percent": 33.33, "repeat_window_days": 30}
    ]  # fmt: skip


def test_a_repeat_after_the_window_is_still_a_first_time_fix(client, login, kpi, app, monkeypatch):
    monkeypatch.setitem(app.config, "FIRST_TIME_FIX_DAYS", 5)  # E came 10 days after A
    row = _table(client, login, "first-time-fix")[0]
    assert (row["repeated"], row["first_time_fixes"]) == (0, 2)


def test_repeat_failures_list_devices_repaired_twice_for_the_same_defect(client, login, kpi):
    rows = _table(client, login, "repeat-failures")
    assert [(r["serial"], r["defect_code"], r["repairs"]) for r in rows] == [
        ("DS2CD0001", "no_video", 2)
    ]


def test_free_and_paid_work_follow_the_effective_warranty_status(client, login, kpi):
    rows = _table(client, login, "work-mix")
    assert [(r["warranty_status"], r["work"], r["repairs"], r["share_percent"]) for r in rows] == [
        ("free_repair", "free", 2, 66.67),
        ("excluded", "paid", 1, 33.33),
    ]


def test_parts_used_are_costed_and_split_into_free_and_chargeable(client, login, kpi):
    assert _table(client, login, "parts") == [
        {"part_number": "PSU-12V-2A", "name": "12V 2A 电源适配器", "quantity": 3,
         "cost_cents": 10500, "free_cost_cents": 7000, "chargeable_cost_cents": 3500}
    ]  # fmt: skip


def test_satisfaction_averages_each_question_and_counts_4_and_5_as_satisfied(client, login, kpi):
    rows = _by(_table(client, login, "satisfaction"), "key")
    assert (rows["overall"]["answers"], rows["overall"]["average"]) == (2, 4.0)
    assert rows["overall"]["satisfied_percent"] == 50.0
    assert (rows["attitude"]["average"], rows["attitude"]["satisfied_percent"]) == (3.0, 50.0)
    engineers = _by(_table(client, login, "satisfaction-engineers"), "engineer")
    assert (engineers["engineer1"]["average"], engineers["engineer1"]["satisfied_percent"]) == (
        5.0,
        100.0,
    )
    assert engineers["engineer2"]["satisfied_percent"] == 0.0


def test_the_complaint_rate_counts_only_our_own_fault_against_the_requests(client, login, kpi):
    assert _table(client, login, "complaints") == [
        {"complaints": 2, "our_fault": 1, "not_our_fault": 1, "undecided": 0, "requests": 6,
         "complaint_rate_percent": 16.67, "verified_in_time": 1, "answered_in_time": 1,
         "answer_overdue": 0}
    ]  # fmt: skip
    deadlines = _table(client, login, "complaint-deadlines")
    assert [(r["verify_state"], r["answer_state"]) for r in deadlines] == [("overdue", "pending")]


def test_inspections_done_are_measured_against_the_plan(client, login, kpi):
    assert _table(client, login, "plan") == [
        {"kind": "inspection", "planned": 3, "done": 2, "done_on_time": 1, "overdue": 1,
         "done_percent": 66.67}
    ]  # fmt: skip


def test_the_dashboard_has_every_table_targets_and_headline_figures(client, login, kpi):
    r = client.get("/api/v1/kpi/dashboard", headers=login("admin"))
    assert r.status_code == 200, r.json
    body = r.json
    assert body["targets"] == {"on_time_percent": 98, "complaint_rate_percent": 3,
                               "satisfied_percent": 100}  # fmt: skip
    assert body["summary"]["response_on_time_percent"] == 75.0
    assert body["summary"]["first_time_fix_percent"] == 33.33
    assert body["summary"]["complaint_rate_percent"] == 16.67
    assert body["summary"]["parts_cost_cents"] == 10500
    assert body["summary"]["loaners_outstanding"] == 0 and body["tables"]["loaners"] == []
    assert body["filters"]["to"] == kpi.today.isoformat()


def test_a_dispatcher_sees_the_dashboard_without_the_complaints(client, login, kpi):
    body = client.get("/api/v1/kpi/dashboard", headers=login("dispatcher")).json
    assert "complaints" not in body["tables"] and body["summary"]["complaint_rate_percent"] is None
    r = client.get("/api/v1/kpi/complaints", headers=login("dispatcher"))
    assert r.status_code == 403


def test_every_table_exports_to_csv(client, login, kpi):
    headers = login("supervisor")
    r = client.get("/api/v1/kpi/times?format=csv", headers=headers)
    assert r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    lines = r.data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("clock,stopped,business_median_minutes,business_p90_minutes,"
                        "wall_median_minutes,wall_p90_minutes")  # fmt: skip
    assert lines[1] == "response,4,15,40,15,40"
    from server.kpi import TABLES

    for name in TABLES:
        assert client.get(f"/api/v1/kpi/{name}?format=csv", headers=headers).status_code == 200


def test_the_period_limits_what_is_counted(client, login, kpi):
    before = (kpi.t0 - timedelta(days=1)).astimezone(SHANGHAI).date()
    rows = _table(client, login, "on-time", **{"from": "2020-01-01", "to": before.isoformat()})
    assert rows == []
    bad = client.get("/api/v1/kpi/times?from=2026-02-01&to=2026-01-01", headers=login("admin"))
    assert bad.status_code == 422


def test_an_unknown_table_is_not_found_and_engineers_see_no_kpis(client, login, kpi):
    assert client.get("/api/v1/kpi/nothing", headers=login("admin")).status_code == 404
    assert client.get("/api/v1/kpi/dashboard", headers=login("engineer1")).status_code == 403


def test_the_period_defaults_to_the_last_90_days(client, login, kpi):
    body = client.get("/api/v1/kpi/plan", headers=login("admin")).json
    first = date.fromisoformat(body["filters"]["from"])
    assert (kpi.today - first).days == 89
