"""Each role's access: office roles see everything, an engineer his own work orders and
what they reference; writes are limited by role."""

from types import SimpleNamespace

import pytest

from tests.rest import patch_work_order

OFFICE = ("admin", "dispatcher", "supervisor")


def test_an_engineer_lists_only_his_own_work_orders(client, login, world):
    r = client.get("/api/v1/work-orders/", headers=login("engineer1"))
    assert [w["id"] for w in r.json["items"]] == [str(world.wo1.id)]


def test_an_engineer_gets_404_for_another_engineers_work_order(client, login, world):
    headers = login("engineer1")
    wo2 = world.wo2.id
    assert client.get(f"/api/v1/work-orders/{wo2}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/work-orders/{wo2}/events", headers=headers).status_code == 404
    r = client.patch(f"/api/v1/work-orders/{wo2}", json={"diagnosis_cause": "x"}, headers=headers)
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/work-orders/{wo2}/actions", json={"action": "accept"}, headers=headers
    )
    assert r.status_code == 404


@pytest.mark.parametrize("username", OFFICE)
def test_office_roles_see_every_work_order(client, login, world, username):
    r = client.get("/api/v1/work-orders/", headers=login(username))
    assert r.json["total"] == 2


def test_an_engineer_reads_the_devices_customer_and_site_of_his_work_orders(client, login, world):
    headers = login("engineer1")
    device = world.devices[0].id
    assert client.get(f"/api/v1/devices/{device}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/customers/{world.customer.id}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/sites/{world.site.id}", headers=headers).status_code == 200


def _device_elsewhere(db, world):
    from server.models import Device, System

    system = System(site=world.other_site, type="network", name="住院部网络")
    device = Device(system=system, serial="SW-ELSEWHERE", model="S5735", manufacturer="华为")
    db.session.add_all([system, device])
    db.session.commit()
    return device


def test_an_engineer_reads_every_device_of_the_system_his_work_is_about(client, login, world):
    headers = login("engineer1")
    listed = client.get("/api/v1/devices/", headers=headers).json["items"]
    assert {d["id"] for d in listed} == {str(d.id) for d in world.devices}


def test_an_engineer_does_not_read_devices_and_sites_outside_his_work(client, login, world, db):
    elsewhere = _device_elsewhere(db, world)
    headers = login("engineer1")
    assert client.get(f"/api/v1/devices/{elsewhere.id}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/sites/{world.other_site.id}", headers=headers).status_code == 404
    listed = client.get("/api/v1/devices/", headers=headers).json["items"]
    assert str(elsewhere.id) not in {d["id"] for d in listed}


def test_an_engineer_with_no_work_sees_no_customers(client, login, world, db):
    world.wo2.assigned_engineer = None
    db.session.commit()
    r = client.get("/api/v1/customers/", headers=login("engineer2"))
    assert r.json["items"] == []


@pytest.mark.parametrize(
    ("username", "status"),
    [("admin", 201), ("dispatcher", 403), ("supervisor", 403), ("engineer1", 403)],
)
def test_only_an_admin_adds_users(client, login, world, username, status):
    r = client.post(
        "/api/v1/users/",
        json={
            "username": "engineer3",
            "display_name": "王工",
            "role": "engineer",
            "password": "long-enough-pw",
            "centre_id": str(world.centre.id),
        },
        headers=login(username),
    )
    assert r.status_code == status


@pytest.mark.parametrize("username", ("engineer1", "supervisor"))
def test_engineers_and_supervisors_do_not_register_customers(client, login, world, username):
    r = client.post(
        "/api/v1/customers/", json={"name": "新客户", "code": "NEW"}, headers=login(username)
    )
    assert r.status_code == 403
    assert r.json["key"] == "errors.auth.roleForbidden"


@pytest.mark.parametrize(("username", "status"), [("dispatcher", 201), ("engineer1", 403)])
def test_the_office_registers_work_orders_engineers_do_not(client, login, world, username, status):
    r = client.post(
        "/api/v1/work-orders/",
        json={
            "customer_id": str(world.customer.id),
            "site_id": str(world.site.id),
            "symptom": "录像机硬盘报警",
        },
        headers=login(username),
    )
    assert r.status_code == status


def test_an_engineer_cannot_list_users(client, login, world):
    r = client.get("/api/v1/users/", headers=login("engineer1"))
    assert r.json["items"] == []
    user = world.users["admin"].id
    assert client.get(f"/api/v1/users/{user}", headers=login("engineer1")).status_code == 404


def test_everyone_reads_the_parts_catalogue(client, login, world):
    r = client.get("/api/v1/parts/", headers=login("engineer2"))
    assert [p["part_number"] for p in r.json["items"]] == ["PSU-12V-2A"]


def test_an_engineer_may_not_change_office_fields_of_his_work_order(client, login, world):
    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"severity": 1, "diagnosis_cause": "电源适配器损坏"},
        headers=login("engineer1"),
    )
    assert r.status_code == 403
    assert "severity" in r.json["errors"]["json"]


def test_an_engineer_records_his_diagnosis(client, login, world):
    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"diagnosis_cause": "电源适配器损坏", "diagnosis_fix": "更换电源"},
        headers=login("engineer1"),
    )
    assert r.status_code == 200
    assert r.json["diagnosis_cause"] == "电源适配器损坏"


def test_an_engineer_finds_any_device_by_its_exact_serial(client, login, world, db):
    elsewhere = _device_elsewhere(db, world)
    headers = login("engineer1")
    r = client.get(f"/api/v1/devices/?serial={elsewhere.serial}", headers=headers)
    assert [d["id"] for d in r.json["items"]] == [str(elsewhere.id)]
    # a partial serial is a search, and searches stay within his work
    r = client.get("/api/v1/devices/?q=SW-ELSE", headers=headers)
    assert r.json["items"] == []


def test_what_an_engineer_serves_is_read_as_one_row_per_system_and_site(world, db, monkeypatch):
    """A push registering orders asks what the engineer serves (services.access._served):
    an engineer with many orders at one site reads that site once, not once per order."""
    from server.services import access

    for _ in range(5):
        world.make_work_order(assigned_engineer_id=world.users["engineer1"].id)
    fetched = []
    execute = db.session.execute

    def counting(statement, *args, **kwargs):
        rows = execute(statement, *args, **kwargs).all()
        fetched.append(len(rows))
        return SimpleNamespace(all=lambda: rows)

    monkeypatch.setattr(access.db.session, "execute", counting)
    systems, sites = access._served(world.users["engineer1"])
    assert systems == {world.system.id} and sites == {world.site.id}
    assert fetched == [2]  # the system with its site, and the site of his orders


def test_an_order_set_references_the_same_rows_read_from_its_rows_or_through_its_ids(app, world):
    """The orders of an engineer (a SELECT of work_orders itself) give what they reference
    from their own rows; any other set of orders (here the same one, limited) goes through
    its ids: the rows are the same either way."""
    from sqlalchemy import select

    from server.extensions import db
    from server.models import Contract, Customer, Device, Site, System, WorkOrder
    from server.services.access import referenced

    mine = select(WorkOrder.id).where(WorkOrder.assigned_engineer_id == world.users["engineer1"].id)
    through_ids = mine.limit(1000)
    for model in (WorkOrder, Customer, Site, System, Device, Contract):
        for contacts in (False, True):
            rows = [
                set(
                    db.session.scalars(
                        referenced(select(model.id), model, orders, contacts=contacts)
                    )
                )
                for orders in (mine, through_ids)
            ]
            assert rows[0] == rows[1], model.__name__
            if model is not Contract:
                assert rows[0], model.__name__
