"""The organisation calendar (holidays and make-up days) reaches every phone: the phone
computes SLA deadlines with it (webapp/src/domain/settings.ts), so a day added, changed or
removed in the office moves the phone's deadlines too."""

from .phone import Phone


def _days(phone):
    return {r["falls_on"]: r for r in phone.store.get("organisation_calendar_days", {}).values()}


def test_a_pull_delivers_the_calendar_days_and_a_removed_day_as_a_deletion(client, login, world):
    admin = login("admin")
    added = [
        client.post("/api/v1/settings/calendar", json=day, headers=admin)
        for day in (
            {"falls_on": "2026-10-01", "kind": "holiday", "name": "国庆节"},
            {"falls_on": "2026-10-02", "kind": "holiday", "name": "国庆节"},
            {"falls_on": "2026-10-10", "kind": "make_up_workday", "name": "国庆节调休上班"},
        )
    ]
    assert [response.status_code for response in added] == [201, 201, 201]

    phone = Phone(client, login("engineer1"))  # an engineer: everyone holds the calendar
    phone.pull()
    days = _days(phone)
    assert sorted(days) == ["2026-10-01", "2026-10-02", "2026-10-10"]
    assert days["2026-10-10"]["kind"] == "make_up_workday"
    assert days["2026-10-01"]["name"] == "国庆节"
    assert all(day["row_version"] > 0 for day in days.values())

    removed = added[1].get_json()["id"]
    assert client.delete(f"/api/v1/settings/calendar/{removed}", headers=admin).status_code == 204
    [page] = phone.pull()
    assert {"entity": "organisation_calendar_days", "id": removed} in page["deleted"]
    assert sorted(_days(phone)) == ["2026-10-01", "2026-10-10"]

    changed = added[0].get_json()["id"]
    client.patch(
        f"/api/v1/settings/calendar/{changed}", json={"falls_on": "2026-10-05"}, headers=admin
    )
    [page] = phone.pull()
    assert [(c["entity"], c["record"]["falls_on"]) for c in page["changes"]] == [
        ("organisation_calendar_days", "2026-10-05")
    ]


def test_office_users_hold_the_calendar_too(client, login, world):
    client.post(
        "/api/v1/settings/calendar",
        json={"falls_on": "2026-05-01", "kind": "holiday", "name": "劳动节"},
        headers=login("admin"),
    )
    phone = Phone(client, login("dispatcher"))
    phone.pull()
    assert list(_days(phone)) == ["2026-05-01"]
