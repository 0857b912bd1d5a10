"""The demo data: what it loads, that the app works on it, and that its facts hold together."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from server.api.schemas.contract_settings import ContractSettingsSchema
from server.demo import DEMO_PASSWORD, DEMO_USERS, DemoAlreadyLoaded, load_demo
from server.domain import work_order_flow as flow
from server.domain.settings import merge_contract_settings
from server.domain.warranty import warranty_decision
from server.models import (
    WARRANTY_DATE_FIELDS,
    Contract,
    Customer,
    Device,
    OrganisationSettings,
    ScheduledVisit,
    System,
    User,
    WorkOrder,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def demo(db) -> dict[str, int]:
    return load_demo()


def _all(db, model):
    return db.session.scalars(select(model)).all()


def _demo_orders(db) -> list:
    """The demo's own work orders, without those the scheduler registered for the plan."""
    planned = select(ScheduledVisit.work_order_id).where(ScheduledVisit.kind != "survey")
    return db.session.scalars(select(WorkOrder).where(WorkOrder.id.not_in(planned))).all()


def _hospital_school_plant(by_name: dict[str, object]) -> list:
    return [next(v for name, v in by_name.items() if w in name) for w in ("医院", "党校", "石化")]


def _wipe(db) -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def test_the_demo_has_about_300_devices_and_three_customers_with_chinese_names(demo, db):
    assert 280 <= demo["devices"] <= 330
    assert demo["devices"] == db.session.scalar(select(func.count()).select_from(Device))
    customers = {c.name: c for c in _all(db, Customer)}
    assert len(customers) == demo["customers"] == 3
    assert all(CHINESE.search(name) for name in customers)
    hospital, school, plant = _hospital_school_plant(customers)
    assert hospital.is_important and plant.is_important and not school.is_important
    assert demo["contracts"] == 3 and 25 <= demo["parts"] <= 40


def test_the_organisation_is_a_chinese_service_company_with_two_centres(demo, db):
    settings = db.session.scalar(select(OrganisationSettings))
    assert CHINESE.search(settings.company_name)
    assert (settings.hotline, settings.timezone, settings.default_locale) == (
        "400-820-8899",
        "Asia/Shanghai",
        "zh-CN",
    )
    assert demo["regions"] == 2 and demo["centres"] == 2


def test_customers_have_at_most_five_authorised_contacts_and_every_system_an_engineer(demo, db):
    for customer in _all(db, Customer):
        assert 1 <= sum(c.is_authorised for c in customer.contacts) <= 5
        assert customer.sites
    for system in _all(db, System):
        assert system.responsible_engineer.role == "engineer"
    types = {system.type for system in _all(db, System)}
    assert {"cctv", "access_control", "network", "public_address", "machine_room"} <= types
    assert "led_display" in types


def test_every_work_order_status_is_present(demo, db):
    orders = _demo_orders(db)
    assert 40 <= len(orders) <= 60
    assert {wo.status for wo in orders} == set(flow.STATUSES)
    assert len({wo.type for wo in orders}) >= 5
    assert {wo.severity for wo in orders} == {1, 2, 3, 4}


def test_work_order_histories_are_back_dated_in_order(demo, db):
    now = datetime.now(UTC)
    for wo in _demo_orders(db):
        events = wo.events
        assert events[0].kind == "registered" and events[0].server_at == wo.reported_at
        assert [e.server_at for e in events] == sorted(e.server_at for e in events)
        assert events[-1].server_at <= now
        assert wo.created_at == wo.reported_at and wo.updated_at == events[-1].server_at
        for event in events:
            if event.origin == "device":
                assert event.device_at <= event.server_at
        moves = [e for e in events if e.to_status]
        assert moves[-1].to_status == wo.status, wo.number
        if wo.status == "closed":
            assert wo.closed_at == events[-1].server_at
        if wo.status in ("completed", "closed"):
            assert wo.diagnosis_cause and wo.diagnosis_fix
        assert wo.reporter_name in {c.name for c in wo.customer.contacts}


def test_each_demo_user_can_log_in_with_the_demo_password(demo, client):
    assert {"admin", "dispatcher", "supervisor", "engineer1", "engineer2"} <= set(DEMO_USERS)
    for username in DEMO_USERS:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200, (username, response.json)
        assert CHINESE.search(response.json["user"]["display_name"])


@pytest.mark.parametrize("username", ["engineer1", "engineer2"])
def test_an_engineer_sees_only_his_own_work_orders_with_appointments_soon(
    demo, client, login, db, username
):
    headers = login(username, DEMO_PASSWORD)
    response = client.get("/api/v1/work-orders/?per_page=200", headers=headers)
    assert response.status_code == 200, response.json
    items = response.json["items"]
    engineer = db.session.scalar(select(User).filter_by(username=username))
    mine = db.session.scalar(
        select(func.count()).where(WorkOrder.assigned_engineer_id == engineer.id)
    )
    assert len(items) == response.json["total"] == mine
    assert {item["assigned_engineer"]["username"] for item in items} == {username}
    open_items = [item for item in items if flow.is_open(item["status"])]
    assert len(open_items) >= 4
    day_after_tomorrow = datetime.now(SHANGHAI).date() + timedelta(days=2)
    soon = [
        item
        for item in open_items
        if item["appointment_at"]
        and datetime.fromisoformat(item["appointment_at"]).astimezone(SHANGHAI).date()
        < day_after_tomorrow
    ]
    assert soon


def test_every_replaced_device_links_to_a_later_unit_in_its_place(demo, db):
    replaced = db.session.scalars(select(Device).where(Device.status == "replaced")).all()
    assert len(replaced) >= 2
    for old in replaced:
        new = db.session.get(Device, old.replaced_by_id)
        assert new is not None and new.status == "in_service"
        assert (new.system_id, new.model, new.location) == (old.system_id, old.model, old.location)
        assert new.serial != old.serial and new.installed_on > old.installed_on


def test_serial_numbers_are_unique(demo, db):
    serials = db.session.scalars(select(Device.serial)).all()
    assert len(serials) == len(set(serials)) == demo["devices"]


def test_contract_settings_pass_the_contract_settings_schema(demo, db):
    merged = {
        c.customer.name: ContractSettingsSchema().load(c.settings) for c in _all(db, Contract)
    }
    hospital, school, plant = _hospital_school_plant(merged)
    assert hospital["warranty"]["months"]["main"] == 36
    assert hospital["warranty"]["months"]["peripheral"] == 12
    assert school["warranty"]["exchange_until_day"] == 15
    assert {s["calendar"] for s in plant["sla"]["severities"].values()} == {"24x7"}


def test_device_warranties_fall_in_every_window(demo, db):
    today = datetime.now(SHANGHAI).date()
    statuses = set()
    for contract in _all(db, Contract):
        terms = merge_contract_settings(contract.settings)["warranty"]
        for site in contract.sites:
            for system in site.systems:
                for device in system.devices:
                    facts = {
                        "serial": device.serial,
                        "device_class": device.device_class,
                        "manufacturer_warranty_months": device.manufacturer_warranty_months,
                        **{field: getattr(device, field) for field in WARRANTY_DATE_FIELDS},
                    }
                    statuses.add(warranty_decision(facts, [], terms, today).status)
    assert statuses == {"return", "exchange", "free_repair", "paid", "excluded"}


def test_loading_twice_is_refused_and_changes_nothing(demo, db):
    with pytest.raises(DemoAlreadyLoaded):
        load_demo()
    assert db.session.scalar(select(func.count()).select_from(Device)) == demo["devices"]


def test_a_load_that_fails_half_way_keeps_nothing(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("server.demo.build_work_orders", broken)
    with pytest.raises(RuntimeError):
        load_demo()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.scalar(select(func.count()).select_from(Device)) == 0


def test_the_demo_is_the_same_on_every_load(db):
    def snapshot():
        return (
            sorted(db.session.execute(select(Device.serial, Device.location, Device.ip_address))),
            sorted(
                db.session.execute(
                    select(WorkOrder.number, WorkOrder.symptom, WorkOrder.diagnosis_location)
                )
            ),
        )

    load_demo()
    first = snapshot()
    _wipe(db)
    load_demo()
    assert snapshot() == first


def test_every_demo_system_type_with_devices_has_a_checklist(app, db):
    from server.models import ChecklistTemplate, System

    load_demo()
    types = set(db.session.scalars(db.select(System.type)).all())
    templates = set(db.session.scalars(db.select(ChecklistTemplate.system_type)).all())
    assert types - {"other"} <= templates


def test_each_demo_engineer_has_parts_in_his_van(app, db):
    from server.models import StockLocation, StockMovement

    load_demo()
    vans = db.session.scalars(db.select(StockLocation).filter_by(kind="van")).all()
    assert len(vans) == 4
    for van in vans:
        total = db.session.scalar(
            db.select(db.func.sum(StockMovement.quantity)).filter_by(location_id=van.id)
        )
        assert total > 0
