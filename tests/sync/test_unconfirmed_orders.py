"""Nobody widens his scope by registering an order: an order an engineer registers outside
the systems he serves is unconfirmed until the office assigns it, and until then opens only
what the job needs (the order, its site, the devices it names), not the customer's contacts,
contracts, the system's other devices or their photos. Inside his systems (and once the
office confirms) the order opens what any assigned order does."""

from __future__ import annotations

import uuid
from datetime import date
from types import SimpleNamespace

import pytest

from server.models import (
    Attachment,
    Blob,
    BlobHolder,
    ChecklistTemplate,
    Contact,
    Contract,
    Customer,
    Device,
    Site,
    System,
    WorkOrder,
)
from tests.sync.phone import Phone

PHOTO = "d" * 64


@pytest.fixture
def elsewhere(world, db):
    """Another customer, served by engineer1 only: a contact, a site, a system of three
    devices (one with a warranty-card photo), a contract, and engineer1's order there."""
    customer = Customer(name="浦东国际机场", code="PVG-1", notes="夜间施工需报备")
    contact = Contact(
        customer=customer, name="王经理", phone="13912345678", email="wang@example.cn"
    )
    site = Site(customer=customer, name="T2 航站楼", address="上海市浦东新区迎宾大道")
    system = System(site=site, type="cctv", name="T2 监控")
    devices = [
        Device(
            system=system,
            serial=f"PVG{i:04d}",
            model="DS-2DE7A432",
            manufacturer="海康威视",
            device_class="peripheral",
            installed_on=date(2026, 2, 1),
            location=f"T2-{i}",
            ip_address=f"10.8.0.{i}",
        )
        for i in range(1, 4)
    ]
    contract = Contract(
        customer=customer,
        number="HT-PVG-01",
        name="机场监控维保",
        starts_on=date(2026, 1, 1),
        ends_on=date(2028, 12, 31),
        sites=[site],
    )
    db.session.add_all([customer, contact, site, system, *devices, contract])
    supervisor = world.users["supervisor"]
    db.session.add(Blob(sha256=PHOTO, size=100, content_type="image/jpeg", width=4, height=3,
                        uploaded_by_id=supervisor.id))  # fmt: skip
    db.session.flush()
    db.session.add(BlobHolder(sha256=PHOTO, user_id=supervisor.id))
    photo = Attachment(
        device_id=devices[1].id, kind="warranty_card", sha256=PHOTO, uploaded_by_id=supervisor.id
    )
    db.session.add(photo)
    db.session.commit()
    theirs = world.make_work_order(
        customer_id=customer.id,
        site_id=site.id,
        system_id=system.id,
        device_ids=[devices[1].id],
        assigned_engineer_id=world.users["engineer1"].id,
    )
    return SimpleNamespace(
        customer=customer,
        contact=contact,
        site=site,
        system=system,
        devices=devices,
        contract=contract,
        photo=photo,
        order=theirs,
    )


def _ids(phone: Phone, entity: str) -> set[str]:
    return set(phone.store.get(entity, {}))


def _register(phone: Phone, customer, site, system=None, devices=()) -> str:
    order_id = str(uuid.uuid4())
    args = {
        "id": order_id,
        "customer_id": str(customer.id),
        "site_id": str(site.id),
        "device_ids": [str(d.id) for d in devices],
        "symptom": "摄像机无画面",
        "reporter_name": "值班员",
        "reporter_phone": "021-1234",
    }
    if system is not None:
        args["system_id"] = str(system.id)
    phone.mutate("work_order.create", args)
    [result] = phone.push()["results"]
    assert result["status"] == "applied", result
    return order_id


def _get(client, headers, path):
    return client.get(f"/api/v1/{path}", headers=headers)


def test_an_order_outside_ones_systems_opens_only_what_the_job_needs(
    client, login, world, db, elsewhere
):
    attacker = Phone(client, login("engineer2"))
    attacker.pull()
    # He finds a device by its serial (the open lookup) and registers an order on it.
    found = _get(client, attacker.headers, f"devices/?serial={elsewhere.devices[0].serial}").json
    assert [d["id"] for d in found["items"]] == [str(elsewhere.devices[0].id)]
    order_id = _register(
        attacker, elsewhere.customer, elsewhere.site, elsewhere.system, [elsewhere.devices[0]]
    )
    assert db.session.get(WorkOrder, uuid.UUID(order_id)).confirmed is False

    # Pulled since the cursor (the order entered his scope) and pulled afresh: the same.
    fresh = Phone(client, attacker.headers)
    for phone in (attacker, fresh):
        phone.pull()
        assert order_id in _ids(phone, "work_orders")
        assert phone.store["work_orders"][order_id]["confirmed"] is False
        assert str(elsewhere.site.id) in _ids(phone, "sites")
        held = _ids(phone, "devices")
        assert str(elsewhere.devices[0].id) in held
        assert not {str(d.id) for d in elsewhere.devices[1:]} & held
        assert str(elsewhere.contract.id) not in _ids(phone, "contracts")
        assert str(elsewhere.photo.id) not in _ids(phone, "attachments")
        assert str(elsewhere.order.id) not in _ids(phone, "work_orders")
        customer = phone.store["customers"][str(elsewhere.customer.id)]
        assert "contacts" not in customer  # the phone's record has no contacts

    headers = attacker.headers
    assert _get(client, headers, f"work-orders/{order_id}").status_code == 200
    assert _get(client, headers, f"sites/{elsewhere.site.id}").status_code == 200
    assert _get(client, headers, f"devices/{elsewhere.devices[0].id}").status_code == 200
    # Nothing beyond: no customer with its contacts, no contract, no other device, no photo.
    for path in (
        f"customers/{elsewhere.customer.id}",
        f"contracts/{elsewhere.contract.id}",
        f"devices/{elsewhere.devices[1].id}",
        f"devices/{elsewhere.devices[2].id}",
        f"contacts/{elsewhere.contact.id}",
    ):
        assert _get(client, headers, path).status_code == 404, path
    listed = _get(client, headers, f"devices/?customer_id={elsewhere.customer.id}").json
    assert [d["id"] for d in listed["items"]] == [str(elsewhere.devices[0].id)]
    customers = _get(client, headers, "customers/?per_page=100").json["items"]
    assert str(elsewhere.customer.id) not in {c["id"] for c in customers}
    contracts = _get(client, headers, "contracts/?per_page=100").json["items"]
    assert str(elsewhere.contract.id) not in {c["id"] for c in contracts}
    assert client.head(f"/api/v1/blobs/{PHOTO}", headers=headers).status_code == 404
    attachments = _get(client, headers, f"work-orders/{elsewhere.order.id}/attachments")
    assert attachments.status_code == 404


def test_the_office_assigning_the_order_confirms_it(client, login, world, db, elsewhere):
    engineer2 = Phone(client, login("engineer2"))
    engineer2.pull()
    order_id = _register(
        engineer2, elsewhere.customer, elsewhere.site, elsewhere.system, [elsewhere.devices[0]]
    )
    engineer2.pull()
    assert str(elsewhere.contract.id) not in _ids(engineer2, "contracts")

    assigned = client.post(
        f"/api/v1/work-orders/{order_id}/actions",
        json={"action": "assign", "engineer_id": str(world.users["engineer2"].id)},
        headers=login("dispatcher"),
    )
    assert assigned.status_code == 200, assigned.json
    assert db.session.get(WorkOrder, uuid.UUID(order_id)).confirmed is True

    engineer2.pull()  # from his cursor: what the order references now comes too
    assert engineer2.store["work_orders"][order_id]["confirmed"] is True
    assert {str(d.id) for d in elsewhere.devices} <= _ids(engineer2, "devices")
    assert str(elsewhere.contract.id) in _ids(engineer2, "contracts")
    assert str(elsewhere.photo.id) in _ids(engineer2, "attachments")
    headers = engineer2.headers
    customer = _get(client, headers, f"customers/{elsewhere.customer.id}")
    assert customer.status_code == 200
    assert [c["phone"] for c in customer.json["contacts"]] == ["13912345678"]
    assert _get(client, headers, f"contracts/{elsewhere.contract.id}").status_code == 200
    assert _get(client, headers, f"devices/{elsewhere.devices[2].id}").status_code == 200
    assert client.head(f"/api/v1/blobs/{PHOTO}", headers=headers).status_code == 200


def test_an_order_inside_ones_systems_opens_everything_at_once(client, login, world, db):
    """engineer2 serves world.system through his work order; engineer1 is responsible for
    a system where he has no order yet: both register orders confirmed at once."""
    engineer2 = Phone(client, login("engineer2"))
    engineer2.pull()
    order_id = _register(engineer2, world.customer, world.site, world.system, [world.devices[2]])
    assert db.session.get(WorkOrder, uuid.UUID(order_id)).confirmed is True

    system = System(
        site=world.other_site, type="access", name="住院部门禁",
        responsible_engineer=world.users["engineer1"],
    )  # fmt: skip
    readers = [
        Device(system=system, serial=f"AC{i}", model="DS-K1T", manufacturer="海康威视",
               device_class="peripheral", location=f"{i}F")
        for i in range(2)
    ]  # fmt: skip
    contract = Contract(
        customer=world.customer, number="HT-2026-002", name="门禁维保",
        starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31), sites=[world.other_site],
    )  # fmt: skip
    db.session.add_all([system, *readers, contract])
    db.session.commit()
    engineer1 = Phone(client, login("engineer1"))
    engineer1.pull()
    mine = _register(engineer1, world.customer, world.other_site, system, [readers[0]])
    assert db.session.get(WorkOrder, uuid.UUID(mine)).confirmed is True
    engineer1.pull()
    assert {str(r.id) for r in readers} <= _ids(engineer1, "devices")
    assert str(contract.id) in _ids(engineer1, "contracts")
    headers = engineer1.headers
    assert _get(client, headers, f"customers/{world.customer.id}").status_code == 200
    assert _get(client, headers, f"devices/{readers[1].id}").status_code == 200


def test_an_order_at_a_site_one_does_not_serve_without_devices_is_unconfirmed(
    client, login, world, db, elsewhere
):
    engineer2 = Phone(client, login("engineer2"))
    engineer2.pull()
    order_id = _register(engineer2, elsewhere.customer, elsewhere.site)
    assert db.session.get(WorkOrder, uuid.UUID(order_id)).confirmed is False
    engineer2.pull()
    assert not {str(d.id) for d in elsewhere.devices} & _ids(engineer2, "devices")
    assert str(elsewhere.system.id) not in _ids(engineer2, "systems")
    assert str(elsewhere.contract.id) not in _ids(engineer2, "contracts")
    # His own order at world.other_site (a site of a customer he serves, but no site of
    # his): unconfirmed too, as it would open that site's contracts.
    other = _register(engineer2, world.customer, world.other_site)
    assert db.session.get(WorkOrder, uuid.UUID(other)).confirmed is False


def test_an_unconfirmed_order_photographs_only_the_devices_it_names(
    client, login, world, db, elsewhere
):
    engineer2 = Phone(client, login("engineer2"))
    engineer2.pull()
    order_id = _register(
        engineer2, elsewhere.customer, elsewhere.site, elsewhere.system, [elsewhere.devices[0]]
    )
    for device, status in ((elsewhere.devices[0], "applied"), (elsewhere.devices[2], "rejected")):
        engineer2.mutate(
            "attachment.add",
            {"id": str(uuid.uuid4()), "work_order_id": order_id, "device_id": str(device.id),
             "kind": "label", "sha256": "e" * 64},
        )  # fmt: skip
        [result] = engineer2.push()["results"]
        assert result["status"] == status, result
    assert "device_id" in result["errors"]["args"]


def test_an_unconfirmed_order_records_work_only_on_the_devices_it_names(
    client, login, world, db, elsewhere
):
    """Swapping a unit or recording a checklist answer names a device: on an unconfirmed
    order only one the order names, so neither opens (nor answers with) another device of
    the site."""
    attacker = Phone(client, login("engineer2"))
    attacker.pull()
    order_id = _register(
        attacker, elsewhere.customer, elsewhere.site, elsewhere.system, [elsewhere.devices[0]]
    )
    other = elsewhere.devices[2]
    item = {"key": "image", "label": "图像清晰", "type": "pass_fail"}
    template = ChecklistTemplate(system_type="cctv", name="监控巡检", items=[item])
    db.session.add(template)
    db.session.commit()
    attacker.mutate(
        "device.replace",
        {"id": str(uuid.uuid4()), "work_order_id": order_id, "old_device_id": str(other.id),
         "serial": "NEW-0001", "model": "DS-2DE7A432", "manufacturer": "海康威视"},
    )  # fmt: skip
    attacker.mutate(
        "inspection_result.add",
        {"id": str(uuid.uuid4()), "work_order_id": order_id, "device_id": str(other.id),
         "template_id": str(template.id), "item_key": "image", "value": True},
    )  # fmt: skip
    results = attacker.push()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"], results
    for result in results:
        assert "device_id" in str(result["errors"]), result
        assert str(other.id) not in str(result.get("records", []))
    db.session.expire_all()
    assert db.session.get(Device, other.id).replaced_by_id is None
