"""An office edit of a registry record never silently overwrites what a phone synced or
another office user saved meanwhile: as for work orders (test_work_order_preconditions),
a synced registry record's ETag is its row version, PATCH needs it in If-Match (428
without), and a stale one gets 412 with the record as it stands, nothing written."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from server.extensions import db
from server.models import Customer, Device, Part, User
from tests.sync.phone import Phone


def _device_url(device) -> str:
    return f"/api/v1/devices/{device.id}"


def test_a_device_edit_needs_if_match_and_a_stale_one_changes_nothing(client, login, world):
    admin = login("admin")
    device = world.devices[0]
    read = client.get(_device_url(device), headers=admin)
    etag = read.headers["ETag"]
    assert etag == f'"{read.json["row_version"]}"'

    missing = client.patch(_device_url(device), json={"location": "机房"}, headers=admin)
    assert missing.status_code == 428
    assert missing.json["key"] == "errors.precondition.required"
    assert missing.json["errors"] == {"headers": {"If-Match": ["Missing."]}}

    # another office user saves first
    other = client.patch(
        _device_url(device), json={"notes": "已巡检"}, headers={**admin, "If-Match": etag}
    )
    assert other.status_code == 200, other.json
    assert other.headers["ETag"] == f'"{other.json["row_version"]}"'
    assert other.headers["ETag"] != etag

    stale = client.patch(
        _device_url(device), json={"notes": "旧表单"}, headers={**admin, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert stale.json["key"] == "errors.precondition.failed"
    assert stale.json["errors"] == {"headers": {"If-Match": ["Not the current version."]}}
    assert stale.json["current"]["notes"] == "已巡检"
    db.session.expire_all()
    assert db.session.get(Device, device.id).notes == "已巡检"

    current = client.patch(
        _device_url(device),
        json={"notes": "核对后保存"},
        headers={**admin, "If-Match": other.headers["ETag"]},
    )
    assert current.status_code == 200, current.json
    assert current.json["notes"] == "核对后保存"
    db.session.expire_all()
    assert db.session.get(Device, device.id).notes == "核对后保存"


def test_an_office_edit_made_before_a_phone_swapped_the_unit_is_refused(app, client, login, world):
    admin = login("admin")
    old = world.devices[0]
    etag = client.get(_device_url(old), headers=admin).headers["ETag"]

    phone = Phone(app.test_client(), login("engineer1"))
    phone.pull()
    phone.mutate(
        "device.replace",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(world.wo1.id),
            "old_device_id": str(old.id),
            "serial": "DS2CD-SWAP-01",
        },
        occurred_at=datetime.now(UTC),
    )
    assert phone.push()["results"][0]["status"] == "applied"

    response = client.patch(
        _device_url(old), json={"location": "3F 机房"}, headers={**admin, "If-Match": etag}
    )
    assert response.status_code == 412
    assert response.json["current"]["status"] == "replaced"
    db.session.expire_all()
    assert db.session.get(Device, old.id).location != "3F 机房"


@pytest.mark.parametrize(
    ("resource", "row", "change", "model", "column"),
    [
        ("customers", "customer", {"address": "新地址"}, Customer, "address"),
        ("parts", "part", {"name": "新名称"}, Part, "name"),
    ],
)
def test_other_registry_records_take_if_match_too(
    client, login, world, resource, row, change, model, column
):
    office = login("admin")
    record = getattr(world, row)
    url = f"/api/v1/{resource}/{record.id}"
    before = getattr(record, column)
    etag = client.get(url, headers=office).headers["ETag"]

    assert client.patch(url, json=change, headers=office).status_code == 428
    assert client.patch(url, json=change, headers={**office, "If-Match": '"0"'}).status_code == 412
    db.session.expire_all()
    assert getattr(db.session.get(model, record.id), column) == before

    ok = client.patch(url, json=change, headers={**office, "If-Match": etag})
    assert ok.status_code == 200, ok.json
    assert ok.json[column] == change[column]


def test_records_without_a_row_version_are_edited_as_before(client, login, world):
    """Users, regions and centres are office-only and carry no row version (no ETag)."""
    admin = login("admin")
    url = f"/api/v1/users/{world.users['engineer2'].id}"
    assert "ETag" not in client.get(url, headers=admin).headers
    r = client.patch(url, json={"display_name": "王工"}, headers=admin)
    assert r.status_code == 200, r.json
    db.session.expire_all()
    assert db.session.get(User, world.users["engineer2"].id).display_name == "王工"


def test_the_document_names_the_etag_and_the_precondition_answers(client):
    spec = client.get("/api/v1/openapi.json").json
    item = spec["paths"]["/api/v1/devices/{row_id}"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]
    assert "ETag" in item["patch"]["responses"]["200"]["headers"]
    assert {"412", "428"} <= set(item["patch"]["responses"])
    users = spec["paths"]["/api/v1/users/{row_id}"]["patch"]["responses"]
    assert "428" not in users
