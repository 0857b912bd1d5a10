"""Follow-ups and surveys: mode, opinions, scores on the company's questions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from server.models import ScheduledVisit


def test_the_default_questions_are_created_on_first_use(client, login, world):
    r = client.get("/api/v1/survey-questions/", headers=login("engineer1"))
    assert [q["key"] for q in r.json] == [
        "attitude", "speed", "quality", "professionalism", "parts_supply", "overall",
    ]  # fmt: skip
    assert r.json[0]["label_zh"] == "服务态度" and r.json[-1]["label_en"] == "Overall"


def test_an_admin_edits_the_questions_and_an_inactive_one_is_not_asked(client, login, world):
    headers = login("admin")
    questions = client.get("/api/v1/survey-questions/", headers=headers).json
    parts = next(q for q in questions if q["key"] == "parts_supply")
    r = client.patch(f"/api/v1/survey-questions/{parts['id']}", json={"is_active": False},
                     headers=headers)  # fmt: skip
    assert r.status_code == 200 and r.json["is_active"] is False
    added = client.post(
        "/api/v1/survey-questions/",
        json={"key": "cleanliness", "label_zh": "现场整洁", "label_en": "Tidiness", "position": 5},
        headers=headers,
    )
    assert added.status_code == 201
    active = client.get("/api/v1/survey-questions/?active=true", headers=headers).json
    assert active[0]["key"] == "cleanliness" and "parts_supply" not in {q["key"] for q in active}
    refused = client.post(
        "/api/v1/follow-ups/",
        json={
            "customer_id": str(world.customer.id),
            "mode": "phone",
            "scores": {"parts_supply": 4},
        },
        headers=headers,
    )
    assert refused.status_code == 422
    assert client.patch(
        f"/api/v1/survey-questions/{parts['id']}", json={"is_active": True},
        headers=login("supervisor"),
    ).status_code == 403  # fmt: skip


def test_a_follow_up_records_mode_opinions_and_scores_for_the_work_orders_engineer(
    client, login, world
):
    r = client.post(
        "/api/v1/follow-ups/",
        json={
            "customer_id": str(world.customer.id),
            "work_order_id": str(world.wo1.id),
            "mode": "visit",
            "contact_name": "王主任",
            "opinions": "满意，希望夜间响应更快",
            "scores": {"attitude": 5, "speed": 3, "overall": 4},
        },
        headers=login("supervisor"),
    )
    assert r.status_code == 201, r.json
    assert r.json["engineer"]["username"] == "engineer1"
    assert {a["key"]: a["score"] for a in r.json["answers"]} == {
        "attitude": 5, "speed": 3, "overall": 4,
    }  # fmt: skip
    listed = client.get(f"/api/v1/follow-ups/?customer_id={world.customer.id}",
                        headers=login("dispatcher"))  # fmt: skip
    assert listed.json["total"] == 1 and listed.json["items"][0]["mode"] == "visit"


@pytest.mark.parametrize("score", [0, 6])
def test_scores_run_from_1_to_5(client, login, world, score):
    r = client.post(
        "/api/v1/follow-ups/",
        json={"customer_id": str(world.customer.id), "mode": "phone", "scores": {"overall": score}},
        headers=login("supervisor"),
    )
    assert r.status_code == 422


def test_a_survey_recorded_for_a_planned_visit_marks_it_done(client, login, world, db):
    visit = ScheduledVisit(
        kind="survey",
        target_id=world.wo1.id,
        customer_id=world.customer.id,
        site_id=world.site.id,
        due_on=date(2026, 1, 20),
        work_order_id=world.wo1.id,
    )
    db.session.add(visit)
    db.session.commit()
    r = client.post(
        "/api/v1/follow-ups/",
        json={"customer_id": str(world.customer.id), "scheduled_visit_id": str(visit.id),
              "mode": "phone", "occurred_at": "2026-01-21T10:00:00+08:00",
              "scores": {"overall": 5}},
        headers=login("dispatcher"),
    )  # fmt: skip
    assert r.status_code == 201, r.json
    assert r.json["work_order"]["id"] == str(world.wo1.id)
    db.session.expire_all()
    visit = db.session.scalar(select(ScheduledVisit))
    assert (visit.status, visit.done_on) == ("done", date(2026, 1, 21))


def test_an_engineer_does_not_record_follow_ups(client, login, world):
    r = client.post(
        "/api/v1/follow-ups/",
        json={"customer_id": str(world.customer.id), "mode": "phone"},
        headers=login("engineer1"),
    )
    assert r.status_code == 403
