"""The organisation calendar (public holidays and 调休 make-up days, kept once a year) through
the API, and the deadlines it moves: a contract left on its defaults counts it."""

from datetime import datetime

import pytest

from tests.rest import patch_as_read

CALENDAR = "/api/v1/settings/calendar"
NATIONAL_DAY = [f"2026-10-0{day}" for day in range(1, 8)]
# A level-3 order registered on Wednesday 30 September 2026 at 17:00 in Shanghai: its
# response target is 120 working minutes (08:00-18:00, Mon-Fri), one of them left that day.
EVE_OF_NATIONAL_DAY = datetime.fromisoformat("2026-09-30T09:00:00+00:00")


def add_days(client, headers, days, kind="holiday", name="国庆节"):
    for day in days:
        r = client.post(
            CALENDAR, json={"falls_on": day, "kind": kind, "name": name}, headers=headers
        )
        assert r.status_code == 201, r.json


def response_deadline(client, headers, wo) -> str:
    r = client.get(f"/api/v1/work-orders/{wo.id}", headers=headers)
    assert r.status_code == 200, r.json
    return r.json["sla"]["clocks"]["response"]["deadline_at"]


def test_national_day_in_the_organisation_calendar_moves_a_default_contracts_deadline(
    client, login, world
):
    admin = login("admin")
    wo = world.make_work_order(severity=3, reported_at=EVE_OF_NATIONAL_DAY)
    assert response_deadline(client, admin, wo).startswith("2026-10-01T01:00:00")
    add_days(client, admin, NATIONAL_DAY)
    # Next-working-day rollover over the holiday week: Thursday 8 October, 09:00.
    assert response_deadline(client, admin, wo).startswith("2026-10-08T01:00:00")


def test_a_make_up_saturday_counts_as_a_working_day(client, login, world):
    admin = login("admin")
    # Friday 9 October 2026, 17:00 in Shanghai: one working minute-hour left that day.
    wo = world.make_work_order(
        severity=3, reported_at=datetime.fromisoformat("2026-10-09T09:00:00+00:00")
    )
    assert response_deadline(client, admin, wo).startswith("2026-10-12T01:00:00")
    add_days(client, admin, ["2026-10-10"], kind="make_up_workday", name="国庆节调休上班")
    assert response_deadline(client, admin, wo).startswith("2026-10-10T01:00:00")


def test_a_contract_calendar_off_the_organisation_calendar_keeps_its_own_days(client, login, world):
    admin = login("admin")
    add_days(client, admin, NATIONAL_DAY)
    r = patch_as_read(
        client,
        f"/api/v1/contracts/{world.contract.id}",
        json={
            "settings": {
                "sla": {
                    "calendars": {
                        "business_hours": {
                            "use_organisation_calendar": False,
                            "holidays": ["2026-10-01"],
                        }
                    }
                }
            }
        },
        headers=admin,
    )
    assert r.status_code == 200, r.json
    # The contract's own list is kept as it is, not filled from the organisation calendar.
    assert r.json["settings"]["sla"]["calendars"]["business_hours"]["holidays"] == ["2026-10-01"]
    wo = world.make_work_order(severity=3, reported_at=EVE_OF_NATIONAL_DAY)
    assert response_deadline(client, admin, wo).startswith("2026-10-02T01:00:00")


def test_a_contracts_own_extra_holiday_adds_to_the_organisation_calendar(client, login, world):
    admin = login("admin")
    add_days(client, admin, NATIONAL_DAY)
    r = patch_as_read(
        client,
        f"/api/v1/contracts/{world.contract.id}",
        json={"settings": {"sla": {"calendars": {"business_hours": {"holidays": ["2026-10-08"]}}}}},
        headers=admin,
    )
    assert r.status_code == 200, r.json
    wo = world.make_work_order(severity=3, reported_at=EVE_OF_NATIONAL_DAY)
    assert response_deadline(client, admin, wo).startswith("2026-10-09T01:00:00")


def test_removing_a_day_gives_the_deadline_back(client, login, world):
    admin = login("admin")
    wo = world.make_work_order(severity=3, reported_at=EVE_OF_NATIONAL_DAY)
    add_days(client, admin, ["2026-10-01"])
    assert response_deadline(client, admin, wo).startswith("2026-10-02T01:00:00")
    day_id = client.get(CALENDAR, headers=admin).json[0]["id"]
    assert client.delete(f"{CALENDAR}/{day_id}", headers=admin).status_code == 204
    assert response_deadline(client, admin, wo).startswith("2026-10-01T01:00:00")


def test_the_calendar_lists_a_years_days_in_date_order(client, login, world):
    admin = login("admin")
    add_days(client, admin, ["2026-10-02", "2026-01-01", "2027-01-01"])
    add_days(client, admin, ["2026-01-04"], kind="make_up_workday", name="元旦调休上班")
    r = client.get(f"{CALENDAR}?year=2026", headers=login("engineer1"))
    assert r.status_code == 200
    assert [(d["falls_on"], d["kind"]) for d in r.json] == [
        ("2026-01-01", "holiday"),
        ("2026-01-04", "make_up_workday"),
        ("2026-10-02", "holiday"),
    ]
    assert len(client.get(CALENDAR, headers=admin).json) == 4


def test_a_date_is_in_the_calendar_once_and_a_kind_must_be_known(client, login, world):
    admin = login("admin")
    add_days(client, admin, ["2026-10-01"])
    r = client.post(CALENDAR, json={"falls_on": "2026-10-01", "kind": "holiday"}, headers=admin)
    assert r.status_code == 422
    assert "falls_on" in r.json["errors"]["json"]
    r = client.post(CALENDAR, json={"falls_on": "2026-10-09", "kind": "feast"}, headers=admin)
    assert r.status_code == 422
    assert "kind" in r.json["errors"]["json"]


def test_a_day_can_be_renamed_or_moved(client, login, world):
    admin = login("admin")
    add_days(client, admin, ["2026-10-01"])
    day_id = client.get(CALENDAR, headers=admin).json[0]["id"]
    r = client.patch(
        f"{CALENDAR}/{day_id}", json={"falls_on": "2026-10-02", "name": "国庆"}, headers=admin
    )
    assert r.status_code == 200, r.json
    assert (r.json["falls_on"], r.json["name"]) == ("2026-10-02", "国庆")


@pytest.mark.parametrize("username", ["dispatcher", "supervisor", "engineer1"])
def test_only_an_admin_edits_the_organisation_calendar(client, login, world, username):
    headers = login(username)
    r = client.post(CALENDAR, json={"falls_on": "2026-10-01", "kind": "holiday"}, headers=headers)
    assert r.status_code == 403
    add_days(client, login("admin"), ["2026-10-01"])
    day_id = client.get(CALENDAR, headers=headers).json[0]["id"]
    assert client.delete(f"{CALENDAR}/{day_id}", headers=headers).status_code == 403
    assert (
        client.patch(f"{CALENDAR}/{day_id}", json={"name": "x"}, headers=headers).status_code == 403
    )


def test_the_rules_read_the_time_zone_and_the_calendar_in_one_statement(client, login, world, db):
    from server.services.organisation import (
        organisation_calendar,
        organisation_settings,
        timezone_and_calendar,
    )
    from tests.sql_counting import counting_statements

    add_days(client, login("admin"), ["2026-10-08", "2026-10-01"])
    add_days(client, login("admin"), ["2026-10-10"], kind="make_up_workday", name="调休")
    with counting_statements(db.engine) as statements:
        timezone, calendar = timezone_and_calendar()
    assert len(statements) == 1
    assert timezone == organisation_settings().timezone
    assert (
        calendar
        == organisation_calendar()
        == {
            "holidays": ["2026-10-01", "2026-10-08"],
            "make_up_workdays": ["2026-10-10"],
        }
    )
