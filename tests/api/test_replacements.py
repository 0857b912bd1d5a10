"""Replacing a unit: the engineer records the swap on site (offline), or the office does;
the new unit joins the system installed on the swap day, the old one points at it, the
contract decides whether the warranty restarts, and the lemon rule's exchange and refund
remedies follow the chain."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from server.models import Device, WorkOrder, WorkOrderEvent
from server.services import rule_facts
from tests.api.test_rules_api import _order_at_other_site, _repaired, make_contract, make_device
from tests.sync.phone import Phone

__all__ = ["make_contract", "make_device"]  # fixtures used below


def _swap(phone: Phone, wo_id: str, old_id: str, serial: str, at: datetime, **extra) -> str:
    new_id = str(uuid.uuid4())
    args = {"id": new_id, "work_order_id": wo_id, "old_device_id": old_id, "serial": serial}
    phone.mutate("device.replace", {**args, **extra}, occurred_at=at)
    return new_id


def test_an_engineer_records_a_swap_offline_and_the_new_unit_joins_the_system(
    client, login, world, db
):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    old = world.devices[0]
    swapped = datetime.now(UTC) - timedelta(hours=3)
    new_id = _swap(phone, str(world.wo1.id), str(old.id), "DS2CD-NEW-0001", swapped)
    [result] = phone.push()["results"]
    assert result["status"] == "applied", result
    assert new_id in phone.store["devices"]
    db.session.expire_all()
    new = db.session.get(Device, uuid.UUID(new_id))
    old = db.session.get(Device, old.id)
    assert (new.system_id, new.model, new.manufacturer) == (
        old.system_id,
        old.model,
        old.manufacturer,
    )
    assert new.installed_on == rule_facts.local_date(swapped)
    assert (old.status, old.replaced_by_id) == ("replaced", new.id)
    wo = db.session.get(WorkOrder, world.wo1.id)
    assert new in wo.devices
    event = db.session.scalars(
        select(WorkOrderEvent).filter_by(work_order_id=wo.id, kind="device_replaced")
    ).one()
    assert (event.data["old_serial"], event.data["new_serial"]) == (old.serial, "DS2CD-NEW-0001")
    assert event.origin == "device"
    # Sent again under another mutation id (a reinstalled app): the same unit, no copy.
    _swap(phone, str(world.wo1.id), str(old.id), "DS2CD-NEW-0001", swapped)
    phone.outbox[-1]["args"]["id"] = new_id
    assert phone.push()["results"][0]["status"] == "merged"


def test_a_unit_that_was_replaced_cannot_be_replaced_again(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    at = datetime.now(UTC)
    _swap(phone, str(world.wo1.id), str(world.devices[0].id), "NEW-A", at)
    _swap(phone, str(world.wo1.id), str(world.devices[0].id), "NEW-B", at)
    first, second = phone.push()["results"]
    assert first["status"] == "applied"
    assert (second["status"], second["key"]) == ("rejected", "errors.device.alreadyReplaced")


def test_the_office_records_a_swap_and_the_device_card_shows_the_chain(client, login, world):
    office = login("dispatcher")
    old = world.devices[1]
    r = client.post(
        f"/api/v1/devices/{old.id}/replace",
        json={
            "serial": "NVR-SWAP-01",
            "swapped_on": "2026-11-20",
            "work_order_id": str(world.wo2.id),
        },
        headers=office,
    )
    assert r.status_code == 201, r.json
    assert r.json["installed_on"] == "2026-11-20"
    assert r.json["replaces"] == {"id": str(old.id), "serial": old.serial}
    card = client.get(f"/api/v1/devices/{old.id}", headers=office).json
    assert card["status"] == "replaced"
    assert card["replaced_by"] == {"id": r.json["id"], "serial": "NVR-SWAP-01"}
    events = client.get(f"/api/v1/work-orders/{world.wo2.id}/events", headers=office).json
    assert events[-1]["kind"] == "device_replaced"


@pytest.mark.parametrize(("restarts", "status"), [(True, "return"), (False, "paid")])
def test_the_contract_decides_whether_a_replacement_restarts_the_warranty(
    client, login, db, world, make_device, make_contract, restarts, status
):
    make_contract({"warranty": {"replacement_restarts_warranty": restarts}})
    old = make_device(730)  # two years old: out of the 1-year warranty
    r = client.post(
        f"/api/v1/devices/{old.id}/replace",
        json={
            "serial": f"SWAP-{restarts}",
            "swapped_on": (date.today() - timedelta(days=2)).isoformat(),
        },
        headers=login("admin"),
    )
    assert r.status_code == 201, r.json
    assert r.json["warranty"]["status"] == status


def test_the_lemon_rule_exchanges_then_refunds_along_the_swap(
    client, login, db, world, make_device
):
    device = make_device(200)
    _repaired(db, world, device, "NO_VIDEO", days_ago=100)
    _repaired(db, world, device, "NO_VIDEO", days_ago=50)
    third = _order_at_other_site(world, device, defect_code="NO_VIDEO")
    office = login("dispatcher")
    computed = client.get(f"/api/v1/work-orders/{third.id}", headers=office).json["warranty"][
        "computed"
    ]
    assert (computed["status"], computed["remedy"]) == ("exchange", "exchange")
    r = client.post(
        f"/api/v1/devices/{device.id}/replace",
        json={"serial": "NVR-EXCHANGED", "work_order_id": str(third.id)},
        headers=office,
    )
    assert r.status_code == 201, r.json
    new = db.session.get(Device, uuid.UUID(r.json["id"]))
    again = _order_at_other_site(world, new, defect_code="NO_VIDEO")
    computed = client.get(f"/api/v1/work-orders/{again.id}", headers=office).json["warranty"][
        "computed"
    ]
    assert computed["remedy"] == "refund"
    assert "lemon_refund" in computed["reasons"]


def test_the_device_import_accepts_the_replacement_link(client, login, world, db):
    old = world.devices[2]
    csv = f"序列号,型号,厂家,替换序列号\nIMP-NEW-01,DS-2CD3T46,海康威视,{old.serial}\n"
    r = client.post(
        "/api/v1/devices/import",
        data={"file": (io.BytesIO(csv.encode()), "list.csv"), "system_id": str(old.system_id)},
        headers=login("admin"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.json
    db.session.expire_all()
    old = db.session.get(Device, old.id)
    new = db.session.scalar(select(Device).filter_by(serial="IMP-NEW-01"))
    assert (old.status, old.replaced_by_id) == ("replaced", new.id)
    bad = "序列号,型号,厂家,替换序列号\nIMP-NEW-02,X,Y,NO-SUCH-SERIAL\n"
    r = client.post(
        "/api/v1/devices/import",
        data={"file": (io.BytesIO(bad.encode()), "list.csv"), "system_id": str(old.system_id)},
        headers=login("admin"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    assert "replaces_serial" in r.json["errors"]["rows"]["2"]
