"""Registry endpoints: create, update, validation errors naming the field, search,
filters and pagination."""

import uuid

from tests.rest import patch_as_read


def _device(world, **overrides):
    body = {
        "system_id": str(world.system.id),
        "serial": "NEW-0001",
        "model": "DS-7816N",
        "manufacturer": "海康威视",
        "device_class": "main",
        "installed_on": "2026-03-01",
        "ip_address": "10.1.2.3",
    }
    body.update(overrides)
    return body


def test_admin_registers_a_device(client, login, world):
    r = client.post("/api/v1/devices/", json=_device(world), headers=login("admin"))
    assert r.status_code == 201, r.json
    assert r.json["serial"] == "NEW-0001"
    assert r.json["ip_address"] == "10.1.2.3"
    assert r.json["site"]["name"] == "门诊楼"
    assert r.json["customer"]["name"] == "上海市第一人民医院"


def test_missing_required_fields_are_named(client, login, world):
    r = client.post("/api/v1/devices/", json={"serial": "X"}, headers=login("admin"))
    assert r.status_code == 422
    assert r.json["key"] == "errors.validation"
    assert {"system_id", "model", "manufacturer"} <= set(r.json["errors"]["json"])


def test_a_wrong_enum_and_a_bad_ip_are_named(client, login, world):
    r = client.post(
        "/api/v1/devices/",
        json=_device(world, device_class="gadget", ip_address="999.1.1.1"),
        headers=login("admin"),
    )
    assert r.status_code == 422
    assert {"device_class", "ip_address"} <= set(r.json["errors"]["json"])


def test_unknown_fields_are_rejected(client, login, world):
    r = client.post("/api/v1/devices/", json=_device(world, colour="red"), headers=login("admin"))
    assert r.status_code == 422
    assert "colour" in r.json["errors"]["json"]


def test_a_reference_to_a_missing_row_is_named(client, login, world):
    r = client.post(
        "/api/v1/devices/", json=_device(world, system_id=str(uuid.uuid4())), headers=login("admin")
    )
    assert r.status_code == 422
    assert r.json["errors"]["json"]["system_id"] == ["No System with this id."]


def test_a_taken_unique_value_is_named(client, login, world):
    r = client.post(
        "/api/v1/customers/", json={"name": "另一家", "code": "SH-HOSP-1"}, headers=login("admin")
    )
    assert r.status_code == 422
    assert r.json["errors"]["json"]["code"] == ["Already in use."]


def test_a_malformed_json_body_is_a_400_json_error(client, login, world):
    r = client.post(
        "/api/v1/customers/",
        data="{not json",
        headers={**login("admin"), "Content-Type": "application/json"},
    )
    assert r.status_code in (400, 422)
    assert "message" in r.json


def test_patch_changes_only_the_given_fields(client, login, world):
    headers = login("admin")
    device = world.devices[0]
    r = patch_as_read(
        client, f"/api/v1/devices/{device.id}", json={"version": "V5.7.3"}, headers=headers
    )
    assert r.status_code == 200
    assert r.json["version"] == "V5.7.3"
    assert r.json["serial"] == device.serial


def test_a_customer_has_at_most_five_authorised_contacts(client, login, world):
    headers = login("dispatcher")
    for i in range(5):
        r = client.post(
            "/api/v1/contacts/",
            json={
                "customer_id": str(world.customer.id),
                "name": f"联系人{i}",
                "is_authorised": True,
            },
            headers=headers,
        )
        assert r.status_code == 201
    r = client.post(
        "/api/v1/contacts/",
        json={"customer_id": str(world.customer.id), "name": "第六人", "is_authorised": True},
        headers=headers,
    )
    assert r.status_code == 422
    assert r.json["key"] == "errors.contact.tooManyAuthorised"
    assert "is_authorised" in r.json["errors"]["json"]


def test_an_engineer_must_belong_to_a_centre(client, login, world):
    r = client.post(
        "/api/v1/users/",
        json={
            "username": "engineer9",
            "display_name": "李工",
            "role": "engineer",
            "password": "long-enough-pw",
        },
        headers=login("admin"),
    )
    assert r.status_code == 422
    assert "centre_id" in r.json["errors"]["json"]


def test_a_systems_responsible_person_must_be_an_engineer(client, login, world):
    r = patch_as_read(
        client,
        f"/api/v1/systems/{world.system.id}",
        json={"responsible_engineer_id": str(world.users["dispatcher"].id)},
        headers=login("admin"),
    )
    assert r.status_code == 422
    assert "responsible_engineer_id" in r.json["errors"]["json"]


def test_devices_are_found_by_exact_serial(client, login, world):
    r = client.get("/api/v1/devices/?serial=DS2CD0002", headers=login("dispatcher"))
    assert [d["serial"] for d in r.json["items"]] == ["DS2CD0002"]


def test_devices_are_searched_by_part_of_serial_or_location(client, login, world):
    headers = login("dispatcher")
    assert client.get("/api/v1/devices/?q=CD000", headers=headers).json["total"] == 3
    assert client.get("/api/v1/devices/?q=2F", headers=headers).json["total"] == 1


def test_devices_filter_by_customer_and_site(client, login, world):
    headers = login("dispatcher")
    r = client.get(f"/api/v1/devices/?customer_id={world.customer.id}", headers=headers)
    assert r.json["total"] == 3
    r = client.get(f"/api/v1/devices/?site_id={world.other_site.id}", headers=headers)
    assert r.json["total"] == 0


def test_customers_are_searched_by_name(client, login, world):
    r = client.get("/api/v1/customers/?q=人民医院", headers=login("dispatcher"))
    assert [c["code"] for c in r.json["items"]] == ["SH-HOSP-1"]


def test_lists_are_paginated(client, login, world):
    headers = login("admin")
    for i in range(7):
        client.post("/api/v1/devices/", json=_device(world, serial=f"P-{i:02d}"), headers=headers)
    first = client.get("/api/v1/devices/?per_page=4&page=1", headers=headers).json
    second = client.get("/api/v1/devices/?per_page=4&page=3", headers=headers).json
    assert (first["total"], first["pages"], len(first["items"])) == (10, 3, 4)
    assert len(second["items"]) == 2
    everything = [
        d["serial"]
        for p in (1, 2, 3)
        for d in client.get(f"/api/v1/devices/?per_page=4&page={p}", headers=headers).json["items"]
    ]
    assert len(set(everything)) == 10


def test_page_size_is_capped(client, login, world, app):
    r = client.get("/api/v1/devices/?per_page=100000", headers=login("admin"))
    assert r.json["per_page"] == app.config["MAX_PAGE_SIZE"]


def test_a_page_number_below_one_is_refused(client, login, world):
    r = client.get("/api/v1/devices/?page=0", headers=login("admin"))
    assert r.status_code == 422
    assert "page" in r.json["errors"]["query"]


def test_a_contract_covers_only_its_customers_sites(client, login, world, db):
    from server.models import Customer, Site

    stranger = Customer(name="别家", code="OTHER")
    site = Site(customer=stranger, name="别家的楼")
    db.session.add_all([stranger, site])
    db.session.commit()
    r = patch_as_read(
        client,
        f"/api/v1/contracts/{world.contract.id}",
        json={"site_ids": [str(site.id)]},
        headers=login("admin"),
    )
    assert r.status_code == 422
    assert "site_ids" in r.json["errors"]["json"]


def test_a_contract_must_not_end_before_it_starts(client, login, world):
    r = client.post(
        "/api/v1/contracts/",
        json={
            "customer_id": str(world.customer.id),
            "number": "HT-X",
            "name": "x",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-30",
        },
        headers=login("admin"),
    )
    assert r.status_code == 422
    assert "ends_on" in r.json["errors"]["json"]


def test_organisation_settings_are_read_by_all_and_changed_by_the_admin(client, login, world):
    r = client.patch("/api/v1/settings", json={"hotline": "400-000-0000"}, headers=login("admin"))
    assert r.status_code == 200
    r = client.get("/api/v1/settings", headers=login("engineer1"))
    assert r.json["hotline"] == "400-000-0000"
    r = client.patch("/api/v1/settings", json={"hotline": "1"}, headers=login("dispatcher"))
    assert r.status_code == 403
