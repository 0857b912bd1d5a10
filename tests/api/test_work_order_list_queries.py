"""The office's work-order list costs a fixed number of SQL statements, however many rows
it shows: the rules' facts are gathered for the whole page at once."""

from __future__ import annotations

from tests.sql_counting import counting_statements


def _list_statements(client, db, headers, per_page: int) -> int:
    db.session.expire_all()
    with counting_statements(db.engine) as statements:
        response = client.get(f"/api/v1/work-orders/?per_page={per_page}", headers=headers)
    assert response.status_code == 200, response.json
    assert len(response.json["items"]) == per_page
    assert all(item["warranty"]["computed"]["status"] for item in response.json["items"])
    assert all("clocks" in item["sla"] for item in response.json["items"])
    return len(statements)


def test_listing_200_work_orders_runs_as_many_statements_as_listing_10(client, login, db, world):
    engineer = world.users["engineer1"].id
    for number in range(200):
        device = world.devices[number % len(world.devices)]
        world.make_work_order(device_ids=[device.id], assigned_engineer_id=engineer)
    headers = login("dispatcher")
    small = _list_statements(client, db, headers, 10)
    large = _list_statements(client, db, headers, 200)
    assert large == small
    assert large <= 40
