"""Missed deadlines explained (超时说明): the responsible person records why a clock missed
its deadline and that the customer was told; until then the breach waits on the dispatch
board; the explanation shows in the review, the service report and the KPI breakdown.

A level-1 order in the city (the defaults): respond within 30 min, arrive 60, restore 240,
resolve 1440. Reported three days ago and untouched, all four are breached.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader


def _explain(client, headers, order_id, **extra):
    body = {"clock": "response", "reason": "parts_delay", "note": "等待厂家备件", **extra}
    return client.post(
        f"/api/v1/work-orders/{order_id}/breach-explanations", json=body, headers=headers
    )


@pytest.fixture
def late(world):
    """A level-1 order of engineer1's, reported three days ago: every clock breached."""
    return world.make_work_order(
        severity=1,
        reported_at=datetime.now(UTC) - timedelta(days=3),
        assigned_engineer_id=world.users["engineer1"].id,
    )


def _board(client, headers):
    r = client.get("/api/v1/dispatch/breaches", headers=headers)
    assert r.status_code == 200, r.json
    return r.json


def test_an_explanation_is_refused_with_the_clock_named_for_a_clock_that_is_not_breached(
    client, login, world
):
    # world.wo1: level 3, reported just now: its response clock runs within its 2 hours.
    r = _explain(client, login("dispatcher"), world.wo1.id)
    assert r.status_code == 422
    assert "clock" in r.json["errors"]["json"]
    assert r.json["key"] == "errors.breach.notBreached"
    # A clock that never started (remote: phone support did not fail) is not breached either.
    r = _explain(client, login("dispatcher"), world.wo1.id, clock="remote")
    assert r.status_code == 422 and "clock" in r.json["errors"]["json"]


def test_a_breached_clock_is_explained_once_with_the_reason_and_how_the_customer_was_told(
    client, login, late
):
    headers = login("dispatcher")
    told_at = (datetime.now(UTC) - timedelta(hours=1)).replace(microsecond=0)
    r = _explain(
        client,
        headers,
        late.id,
        customer_told_at=told_at.isoformat(),
        customer_told_whom="王主任",
    )
    assert r.status_code == 201, r.json
    body = r.json
    assert (body["clock"], body["reason"], body["note"]) == (
        "response",
        "parts_delay",
        "等待厂家备件",
    )
    assert body["customer_told_how"] == "phone"  # the documents: a phone call
    assert body["customer_told_by"] == "dispatcher"  # the caller, unless named
    assert body["customer_told_whom"] == "王主任"
    assert datetime.fromisoformat(body["customer_told_at"]) == told_at
    again = _explain(client, headers, late.id)
    assert again.status_code == 409 and again.json["key"] == "errors.breach.explained"


def test_a_clock_met_late_is_a_missed_deadline_too(client, login, world):
    # Reported two hours ago, accepted now: the 30-minute response was met late.
    wo = world.make_work_order(
        severity=1,
        reported_at=datetime.now(UTC) - timedelta(hours=2),
        assigned_engineer_id=world.users["engineer1"].id,
    )
    phone = login("engineer1")
    r = client.post(
        f"/api/v1/work-orders/{wo.id}/actions", json={"action": "accept"}, headers=phone
    )
    assert r.status_code == 200, r.json
    assert r.json["sla"]["clocks"]["response"]["state"] == "met_late"
    assert _explain(client, phone, wo.id, reason="travel").status_code == 201


def test_the_orders_engineer_explains_but_another_engineer_does_not_see_the_order(
    client, login, late
):
    assert _explain(client, login("engineer2"), late.id).status_code == 404
    r = _explain(client, login("engineer1"), late.id, reason="customer_unavailable")
    assert r.status_code == 201 and r.json["recorded_by"]["username"] == "engineer1"


def test_other_needs_a_note_and_an_unknown_reason_is_refused(client, login, late):
    headers = login("dispatcher")
    r = _explain(client, headers, late.id, reason="other", note="  ")
    assert r.status_code == 422 and "note" in r.json["errors"]["json"]
    r = _explain(client, headers, late.id, reason="bad_luck")
    assert r.status_code == 422 and "reason" in r.json["errors"]["json"]
    told_later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    r = _explain(client, headers, late.id, customer_told_at=told_later)
    assert r.status_code == 422 and "customer_told_at" in r.json["errors"]["json"]


def test_a_breach_is_listed_on_the_dispatch_board_until_it_is_explained(client, login, late):
    headers = login("dispatcher")
    listed = _board(client, headers)
    clocks = {item["clock"] for item in listed["items"] if item["work_order"]["id"] == str(late.id)}
    assert clocks == {"response", "arrival", "restore", "resolve"}
    assert listed["total"] == 4
    entry = listed["items"][0]
    assert entry["state"] == "breached" and entry["work_order"]["number"] == late.number
    assert entry["work_order"]["customer"]["name"] == "上海市第一人民医院"
    assert _explain(client, headers, late.id).status_code == 201
    listed = _board(client, headers)
    assert {item["clock"] for item in listed["items"]} == {"arrival", "restore", "resolve"}
    assert listed["total"] == 3
    assert client.get("/api/v1/dispatch/breaches", headers=login("engineer1")).status_code == 403


def test_a_cancelled_orders_breaches_leave_the_board(client, login, late):
    headers = login("dispatcher")
    r = client.post(
        f"/api/v1/work-orders/{late.id}/actions", json={"action": "cancel"}, headers=headers
    )
    assert r.status_code == 200, r.json
    assert _board(client, headers)["total"] == 0


def test_the_explanation_shows_in_the_review_the_service_report_and_the_kpi_breakdown(
    client, login, late
):
    headers = login("supervisor")
    assert _explain(client, headers, late.id, customer_told_whom="王主任").status_code == 201
    review = client.get(f"/api/v1/work-orders/{late.id}/breach-explanations", headers=headers)
    assert [(e["clock"], e["reason"]) for e in review.json] == [("response", "parts_delay")]

    pdf = client.get(f"/api/v1/work-orders/{late.id}/report.pdf", headers=headers)
    assert pdf.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "超时说明" in text and "备件延误" in text and "等待厂家备件" in text
    assert "王主任" in text

    kpi = client.get("/api/v1/kpi/breach-reasons", headers=headers)
    assert kpi.status_code == 200, kpi.json
    rows = {row["reason"]: row for row in kpi.json["rows"]}
    assert rows["parts_delay"]["breaches"] == 1 and rows["parts_delay"]["response"] == 1
    assert rows["parts_delay"]["customer_told"] == 1
    assert rows["unexplained"]["breaches"] == 3 and rows["unexplained"]["customer_told"] == 0
    assert rows["parts_delay"]["share_percent"] == 25.0
    dashboard = client.get("/api/v1/kpi/dashboard", headers=headers).json
    assert dashboard["tables"]["breach-reasons"] == kpi.json["rows"]


def test_the_office_offers_the_reasons_and_ways_of_telling_the_server_declares():
    """The lists live in server/domain/escalation.py; the office's form repeats them in
    webapp/src/office/escalation.ts and names each in both languages."""
    import json
    import re
    from pathlib import Path

    from server.domain.escalation import BREACH_REASONS, CUSTOMER_TOLD_HOW

    webapp = Path(__file__).parents[2] / "webapp" / "src" / "office"
    source = (webapp / "escalation.ts").read_text(encoding="utf-8")

    def listed(name):
        [body] = re.findall(rf"export const {name} = \[(.*?)\] as const", source, re.S)
        return tuple(re.findall(r'"([a-z_]+)"', body))

    assert listed("BREACH_REASONS") == BREACH_REASONS
    assert listed("CUSTOMER_TOLD_HOW") == CUSTOMER_TOLD_HOW
    for locale in ("zh-CN", "en"):
        words = json.loads((webapp / "i18n" / f"{locale}.json").read_text(encoding="utf-8"))
        escalation = words["office"]["escalation"]
        assert tuple(escalation["reasons"]) == BREACH_REASONS
        assert tuple(escalation["how"]) == CUSTOMER_TOLD_HOW
