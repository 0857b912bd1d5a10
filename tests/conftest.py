"""Shared fixtures: one app per test session, a clean database per test, logins and a
small world of records to test against.

The database is SQLite in memory unless TEST_DATABASE_URL names another (PostgreSQL in CI).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server import create_app
from server.config import TestConfig
from server.extensions import db as _db

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    app = create_app(TestConfig)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    _db.session.rollback()
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()
    _db.session.remove()


@pytest.fixture
def db(app: Flask):
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], dict[str, str]]:
    """``login("engineer1")`` → headers carrying a fresh bearer token for that user."""

    def _login(username: str, password: str = PASSWORD) -> dict[str, str]:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return _login


@pytest.fixture
def world(app: Flask) -> SimpleNamespace:
    """A region, a centre, one user per role (two engineers), a customer with a site,
    a CCTV system with three devices, a contract, a part and two work orders."""
    from server.models import (
        Centre,
        Contract,
        Customer,
        Device,
        Part,
        Region,
        Site,
        System,
        User,
    )
    from server.services.work_orders import create_work_order
    from server.unit_of_work import committed

    region = Region(name="华东大区")
    centre = Centre(region=region, name="上海服务中心", city="上海")
    users: dict[str, User] = {}
    for username, role in (
        ("admin", "admin"),
        ("dispatcher", "dispatcher"),
        ("supervisor", "supervisor"),
        ("engineer1", "engineer"),
        ("engineer2", "engineer"),
    ):
        user = User(username=username, display_name=username, role=role, centre=centre)
        user.set_password(PASSWORD)
        users[username] = user
    customer = Customer(name="上海市第一人民医院", code="SH-HOSP-1", is_important=True)
    site = Site(customer=customer, name="门诊楼", address="上海市虹口区", zone="in_city")
    other_site = Site(customer=customer, name="住院部", address="上海市虹口区", zone="in_city")
    system = System(
        site=site, type="cctv", name="门诊楼监控系统", responsible_engineer=users["engineer1"]
    )
    devices = [
        Device(
            system=system,
            serial=f"DS2CD{i:04d}",
            model="DS-2CD3T46",
            manufacturer="海康威视",
            device_class="peripheral",
            installed_on=date(2026, 1, 10),
            location=f"{i}F 走廊",
        )
        for i in range(1, 4)
    ]
    contract = Contract(
        customer=customer,
        number="HT-2026-001",
        name="监控系统质保合同",
        starts_on=date(2026, 1, 1),
        ends_on=date(2028, 12, 31),
        sites=[site],
    )
    part = Part(
        part_number="PSU-12V-2A",
        name="12V 2A 电源适配器",
        category="peripheral",
        cost_cents=3500,
        price_cents=6000,
    )
    _db.session.add_all(
        [
            region,
            centre,
            *users.values(),
            customer,
            site,
            other_site,
            system,
            *devices,
            contract,
            part,
        ]
    )
    _db.session.commit()

    def make_work_order(**overrides: Any):
        data = {
            "customer_id": customer.id,
            "site_id": site.id,
            "symptom": "画面黑屏",
            "severity": 3,
            "device_ids": [devices[0].id],
        }
        data.update(overrides)
        with committed():  # the test is the edge that commits (server.unit_of_work)
            return create_work_order(data, users["dispatcher"])

    wo1 = make_work_order(assigned_engineer_id=users["engineer1"].id)
    wo2 = make_work_order(assigned_engineer_id=users["engineer2"].id, device_ids=[devices[1].id])
    return SimpleNamespace(
        region=region,
        centre=centre,
        users=users,
        customer=customer,
        site=site,
        other_site=other_site,
        system=system,
        devices=devices,
        contract=contract,
        part=part,
        wo1=wo1,
        wo2=wo2,
        make_work_order=make_work_order,
    )


# --- what completing a work order needs (its completion guards, docs/rules.md §5) ------

#: A repair's diagnosis as the engineer writes it on site: the fields a repair needs.
DIAGNOSIS = {
    "diagnosis_symptom": "画面黑屏，录像中断",
    "diagnosis_cause": "电源适配器损坏",
    "diagnosis_fix": "更换 12V 2A 电源适配器，画面恢复",
}
#: The customer's signature image (its blob need not be stored: "photo pending").
SIGNATURE_SHA256 = "5" * 64


def _current(wo: Any) -> Any:
    """``wo`` as it reads now: with this session's changes and those of requests made."""
    _db.session.flush()
    _db.session.refresh(wo)
    return wo


def _engineer_of(wo: Any):
    engineer = wo.assigned_engineer
    assert engineer is not None, "sign on an order an engineer works on"
    return engineer


@pytest.fixture
def diagnose(app: Flask) -> Callable[..., Any]:
    """``diagnose(wo)``: its engineer writes the diagnosis (DIAGNOSIS, or ``fields``) the
    way he does on site, through the update service; committed."""
    from server.services.work_orders import update_work_order
    from server.unit_of_work import committed

    def _diagnose(wo: Any, **fields: str) -> Any:
        wo = _current(wo)
        with committed():
            return update_work_order(wo, {**DIAGNOSIS, **fields}, _engineer_of(wo))

    return _diagnose


@pytest.fixture
def sign_off(app: Flask) -> Callable[..., Any]:
    """``sign_off(wo, purpose="sign_off")``: the customer signs the order as it reads now
    on its engineer's phone (a Signature with the summary and its hash); committed."""
    from server.domain.signing import summary_sha256
    from server.services.attachments import add_signature, current_summary
    from server.unit_of_work import committed

    def _sign(wo: Any, purpose: str = "sign_off", signer_name: str = "李主任") -> Any:
        summary = current_summary(_current(wo))
        with committed():
            return add_signature(
                wo,
                {
                    "purpose": purpose,
                    "signer_name": signer_name,
                    "signer_role": "customer",
                    "sha256": SIGNATURE_SHA256,
                    "summary": summary,
                    "summary_sha256": summary_sha256(summary),
                },
                _engineer_of(wo),
            )

    return _sign
