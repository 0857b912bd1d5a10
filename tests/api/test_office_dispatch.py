"""The dispatch board: engineers with their load, assigning and reassigning."""

from datetime import UTC, datetime, timedelta

from tests.rest import patch_work_order
from tests.sync.phone import Phone


def test_the_board_lists_engineers_with_centre_region_and_open_count(client, login, world):
    r = client.get("/api/v1/dispatch/engineers", headers=login("dispatcher"))
    assert r.status_code == 200, r.json
    by_name = {row["username"]: row for row in r.json}
    assert set(by_name) == {"engineer1", "engineer2"}
    assert by_name["engineer1"]["open_count"] == 1
    assert by_name["engineer1"]["centre"]["name"] == "上海服务中心"
    assert by_name["engineer1"]["region"]["name"] == "华东大区"


def test_the_least_loaded_engineer_comes_first(client, login, world):
    world.make_work_order(assigned_engineer_id=world.users["engineer2"].id)
    r = client.get("/api/v1/dispatch/engineers", headers=login("dispatcher"))
    assert [row["username"] for row in r.json] == ["engineer1", "engineer2"]
    assert [row["open_count"] for row in r.json] == [1, 2]


def test_closed_and_cancelled_orders_do_not_count_as_load(client, login, world):
    headers = login("dispatcher")
    client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions", json={"action": "cancel"}, headers=headers
    )
    r = client.get("/api/v1/dispatch/engineers", headers=headers)
    assert {row["username"]: row["open_count"] for row in r.json}["engineer1"] == 0


def test_todays_appointments_are_listed_per_engineer(client, login, world):
    soon = datetime.now(UTC) + timedelta(minutes=5)
    headers = login("dispatcher")
    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"appointment_at": soon.isoformat()},
        headers=headers,
    )
    assert r.status_code == 200
    world.make_work_order(
        assigned_engineer_id=world.users["engineer1"].id,
        appointment_at=soon + timedelta(days=3),
    )
    rows = {
        row["username"]: row
        for row in client.get("/api/v1/dispatch/engineers", headers=headers).json
    }
    # "Today" is read in the organisation's timezone; 5 minutes from now may be tomorrow there
    # only in the last minutes of a day, which this test does not chase.
    appointments = rows["engineer1"]["today_appointments"]
    assert [a["number"] for a in appointments] in ([world.wo1.number], [])
    assert rows["engineer2"]["today_appointments"] == []


def test_the_board_filters_by_centre_and_region(client, login, world, db):
    from server.models import Centre, Region, User

    north = Region(name="华北大区")
    beijing = Centre(region=north, name="北京服务中心")
    engineer = User(username="engineer3", display_name="李工", role="engineer", centre=beijing)
    engineer.set_password("x" * 12)
    db.session.add_all([north, beijing, engineer])
    db.session.commit()
    headers = login("dispatcher")
    by_region = client.get(f"/api/v1/dispatch/engineers?region_id={north.id}", headers=headers)
    assert [row["username"] for row in by_region.json] == ["engineer3"]
    by_centre = client.get(
        f"/api/v1/dispatch/engineers?centre_id={world.centre.id}", headers=headers
    )
    assert {row["username"] for row in by_centre.json} == {"engineer1", "engineer2"}
    by_name = client.get("/api/v1/dispatch/engineers?q=李", headers=headers)
    assert [row["username"] for row in by_name.json] == ["engineer3"]


def test_engineers_do_not_see_the_board(client, login, world):
    r = client.get("/api/v1/dispatch/engineers", headers=login("engineer1"))
    assert r.status_code == 403


def test_the_office_reassignment_wins_over_the_phone(client, login, world, db):
    from server.models import WorkOrder

    phone = Phone(client, login("engineer1"))
    phone.pull()
    headers = login("dispatcher")
    r = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions",
        json={"action": "assign", "engineer_id": str(world.users["engineer2"].id)},
        headers=headers,
    )
    assert r.status_code == 200, r.json
    assert r.json["assigned_engineer"]["username"] == "engineer2"
    phone.transition(str(world.wo1.id), "accept")
    [result] = phone.push()["results"]
    # The phone's step is kept for the office as a late contribution, not applied.
    assert result["status"] == "late"
    assert result["key"] == "sync.late.reassigned"
    db.session.expire_all()
    assert (
        db.session.get(WorkOrder, world.wo1.id).assigned_engineer_id == world.users["engineer2"].id
    )


def test_sla_filters_find_breached_orders_for_the_board(client, login, world):
    old = datetime.now(UTC) - timedelta(days=3)
    late = world.make_work_order(severity=1, reported_at=old)
    r = client.get("/api/v1/work-orders/?sla=breached&status=new", headers=login("dispatcher"))
    assert [item["number"] for item in r.json["items"]] == [late.number]
    clocks = r.json["items"][0]["sla"]["clocks"]
    assert clocks["response"]["state"] == "breached"
    assert r.json["items"][0]["sla"]["emergency_milestones"][0]["key"] == "notify_managers"
