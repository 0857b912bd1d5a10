"""The public page's report limit holds when many reports arrive at the same moment (several
gunicorn workers and servers on one PostgreSQL): counting and recording a report are one
step per label and per address, never check-then-insert. SQLite in memory has a single
connection, so these run only on PostgreSQL."""

from __future__ import annotations

import os
import threading

import pytest

from server.extensions import db
from server.models import WorkOrder

from .test_public_report import HTML, reports_received

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (TEST_DATABASE_URL)",
)

FORM = {"symptom": "画面黑屏", "contact_name": "王先生", "contact_phone": "138-0013-8000"}


@pytest.fixture
def device(world, db):
    """The device whose QR label the customer scans: no order is open for it."""
    return world.devices[2]


def _reports_at_once(app, token: str, addresses: list[str]) -> list[int]:
    """One report per address, each in its own thread, released together: the statuses."""
    barrier = threading.Barrier(len(addresses))
    statuses: list[int] = [0] * len(addresses)
    errors: list[BaseException] = []

    def report(i: int, address: str) -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            try:
                response = client.post(
                    f"/d/{token}", data=FORM, headers=HTML, environ_base={"REMOTE_ADDR": address}
                )
                statuses[i] = response.status_code
            except BaseException as exc:  # surfaced below  # noqa: BLE001
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=report, args=(i, a)) for i, a in enumerate(addresses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return statuses


def _reports(db_) -> int:
    return reports_received(db_)


def _qr_orders(db_) -> int:
    db_.session.expire_all()
    return db_.session.scalar(
        db_.select(db_.func.count()).select_from(WorkOrder).where(WorkOrder.channel == "qr")
    )


@pytest.mark.parametrize(
    "addresses",
    [
        pytest.param(["203.0.113.7"] * 12, id="one address"),
        pytest.param([f"203.0.113.{n}" for n in range(12)], id="twelve addresses"),
    ],
)
def test_twelve_reports_at_once_let_exactly_the_limit_through(
    app,
    client,
    world,
    device,
    db,
    monkeypatch,
    addresses,
):
    monkeypatch.setitem(app.config, "QR_REPORT_RATE_LIMIT", 5)
    statuses = _reports_at_once(app, device.label_token, addresses)
    assert sorted(statuses) == [201] * 5 + [429] * 7
    assert _reports(db) == 5
    # One device, one open request: the first opened it, the others joined it.
    assert _qr_orders(db) == 1


def test_one_address_is_limited_across_labels_at_once(
    app,
    client,
    world,
    device,
    db,
    monkeypatch,
):
    monkeypatch.setitem(app.config, "QR_REPORT_RATE_LIMIT", 3)
    tokens = [d.label_token for d in world.devices]
    barrier_addresses = ["198.51.100.4"] * 4
    statuses = []
    threads = [
        threading.Thread(
            target=lambda t=t: statuses.extend(_reports_at_once(app, t, barrier_addresses))
        )
        for t in tokens
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert statuses.count(201) == 3
    assert _reports(db) == 3
