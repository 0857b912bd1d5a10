"""The scores a customer gives when signing off on the phone count in the satisfaction KPI
exactly like a survey's (issue 16): each becomes a survey answer of a sign-off follow-up."""

from __future__ import annotations

from tests.sync.phone import Phone


def _rows(client, login, name):
    response = client.get(f"/api/v1/kpi/{name}", headers=login("supervisor"))
    assert response.status_code == 200, response.json
    return {row.get("key") or row.get("engineer"): row for row in response.json["rows"]}


def test_scores_given_at_sign_off_count_in_the_satisfaction_kpi(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    phone.sign(
        str(world.wo1.id),
        satisfaction={"attitude": 5, "speed": 4, "quality": 2, "overall": 4},
        comment="工程师很专业",
    )
    assert phone.push()["results"][0]["status"] == "applied"

    rows = _rows(client, login, "satisfaction")
    assert (rows["overall"]["answers"], rows["overall"]["average"]) == (1, 4.0)
    assert rows["quality"]["satisfied_percent"] == 0.0
    engineers = _rows(client, login, "satisfaction-engineers")
    assert engineers[world.users["engineer1"].display_name]["answers"] == 1

    follow_ups = client.get(
        "/api/v1/follow-ups/",
        query_string={"work_order_id": str(world.wo1.id)},
        headers=login("supervisor"),
    ).json["items"]
    [sign_off] = follow_ups
    assert sign_off["mode"] == "sign_off"
    assert sign_off["opinions"] == "工程师很专业"


def test_an_engineers_own_signature_gives_no_scores(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    phone.sign(str(world.wo1.id), signer_role="engineer", satisfaction=None)
    phone.push()
    assert _rows(client, login, "satisfaction") == {}
