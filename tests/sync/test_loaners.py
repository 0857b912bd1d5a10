"""Loaners (备用机) lent and returned, and the customer's consent to paid work: recorded
on the phone, pushed exactly once, read by the office, counted by the KPI."""

import io
import uuid
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from server.models import Loaner, PaidWorkConsent, SyncMutation

from .phone import Phone


def _phone(client, login, username="engineer1"):
    phone = Phone(client, login(username))
    phone.pull()
    return phone


def _issue(phone, wo_id, occurred_at=None, **extra):
    args = {
        "id": str(uuid.uuid4()),
        "work_order_id": str(wo_id),
        "description": "DS-7816N 录像机",
        "serial": "NVR0001",
        **extra,
    }
    phone.mutate("loaner.issue", args, occurred_at)
    return args["id"]


def test_a_loaner_is_issued_then_returned_with_the_devices_times(client, login, world, db):
    phone = _phone(client, login)
    lent = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)
    back = lent + timedelta(days=3)
    loaner_id = _issue(phone, world.wo1.id, lent, due_back_on="2026-11-25")
    phone.mutate("loaner.return", {"id": loaner_id, "condition_note": "完好"}, back)
    body = phone.push()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    loaner = db.session.get(Loaner, uuid.UUID(loaner_id))
    assert loaner.issued_at == lent and loaner.returned_at == back
    assert loaner.due_back_on == date(2026, 11, 25)
    assert loaner.issued_by_id == loaner.returned_by_id == world.users["engineer1"].id
    assert loaner.condition_note == "完好"
    assert phone.store["loaners"][loaner_id]["returned_at"] is not None


def test_returning_a_returned_loaner_is_merged_and_changes_nothing(client, login, world, db):
    phone = _phone(client, login)
    first = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    loaner_id = _issue(phone, world.wo1.id, first - timedelta(days=1))
    phone.mutate("loaner.return", {"id": loaner_id, "condition_note": "完好"}, first)
    phone.push()
    version = db.session.get(Loaner, uuid.UUID(loaner_id)).row_version
    phone.mutate(
        "loaner.return", {"id": loaner_id, "condition_note": "外壳划伤"}, first + timedelta(hours=5)
    )
    body = phone.push()
    assert body["results"][0]["status"] == "merged"
    db.session.expire_all()
    loaner = db.session.get(Loaner, uuid.UUID(loaner_id))
    assert loaner.returned_at == first and loaner.condition_note == "完好"
    assert loaner.row_version == version


def test_a_resent_issue_and_consent_are_stored_exactly_once(client, login, world, db):
    phone = _phone(client, login)
    _issue(phone, world.wo1.id)
    phone.mutate(
        "paid_work_consent.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(world.wo1.id),
            "amount_cents": 23500,
            "signer_name": "李主任",
        },
    )
    batch = list(phone.outbox)
    first = phone.push(batch)
    again = phone.push(batch)
    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    assert all(r["duplicate"] for r in again["results"])
    count = db.select(db.func.count())
    assert db.session.scalar(count.select_from(Loaner)) == 1
    assert db.session.scalar(count.select_from(PaidWorkConsent)) == 1
    # The same record under a new mutation (a reinstalled app): merged, no copy.
    phone.mutate("loaner.issue", batch[0]["args"])
    assert phone.push()["results"][0]["status"] == "merged"
    assert db.session.scalar(count.select_from(Loaner)) == 1


def test_an_engineer_cannot_lend_return_or_record_consent_on_anothers_work_order(
    client, login, world, db
):
    mine = _phone(client, login)
    loaner_id = _issue(mine, world.wo1.id)
    mine.push()
    other = _phone(client, login, "engineer2")
    _issue(other, world.wo1.id)
    other.mutate("loaner.return", {"id": loaner_id})
    other.mutate(
        "paid_work_consent.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(world.wo1.id),
            "amount_cents": 100,
            "signer_name": "某人",
        },
    )
    results = other.push()["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert {r["key"] for r in results} == {"errors.sync.notYourWorkOrder"}
    assert db.session.get(Loaner, uuid.UUID(loaner_id)).returned_at is None
    assert db.session.scalar(db.select(db.func.count()).select_from(PaidWorkConsent)) == 0
    assert "loaners" not in other.store or loaner_id not in other.store["loaners"]
    rejected = db.session.scalars(db.select(SyncMutation).filter_by(status="rejected")).all()
    assert len(rejected) == 3


def test_a_consent_is_stored_with_the_devices_time_and_the_newest_is_listed_last(
    client, login, world, db
):
    phone = _phone(client, login)
    agreed = datetime(2026, 11, 21, 3, 15, tzinfo=UTC)
    lines = [{"kind": "part", "code": "PSU-12V-2A", "quantity": 1, "amount_cents": 3500}]
    for amount, at in ((3500, agreed), (9500, agreed + timedelta(hours=1))):
        phone.mutate(
            "paid_work_consent.add",
            {
                "id": str(uuid.uuid4()),
                "work_order_id": str(world.wo1.id),
                "amount_cents": amount,
                "lines": lines,
                "signer_name": "李主任",
            },
            at,
        )
    assert [r["status"] for r in phone.push()["results"]] == ["applied", "applied"]
    consent = db.session.scalar(db.select(PaidWorkConsent).filter_by(amount_cents=3500))
    assert consent.consented_at == agreed and consent.lines == lines
    assert consent.created_by_id == world.users["engineer1"].id
    r = client.get(
        f"/api/v1/work-orders/{world.wo1.id}/paid-work-consents", headers=login("engineer1")
    )
    assert r.status_code == 200, r.json
    assert [c["amount_cents"] for c in r.json] == [3500, 9500]
    other = client.get(
        f"/api/v1/work-orders/{world.wo1.id}/paid-work-consents", headers=login("engineer2")
    )
    assert other.status_code == 404


def test_the_office_lists_the_loaners_not_returned_with_their_order_and_customer(
    client, login, world, db
):
    phone = _phone(client, login)
    now = datetime.now(UTC)
    late = _issue(phone, world.wo1.id, now - timedelta(days=5), due_back_on="2020-01-01")
    on_time = _issue(phone, world.wo1.id, now - timedelta(days=1), serial="NVR0002")
    returned = _issue(phone, world.wo1.id, now - timedelta(days=2))
    phone.mutate("loaner.return", {"id": returned}, now - timedelta(hours=1))
    phone.push()
    r = client.get("/api/v1/loaners/?outstanding=true", headers=login("dispatcher"))
    assert r.status_code == 200, r.json
    assert [row["id"] for row in r.json] == [late, on_time]
    first = r.json[0]
    assert first["work_order_number"] == world.wo1.number
    assert first["customer_name"] == "上海市第一人民医院"
    assert first["due_back_on"] == "2020-01-01" and first["overdue"] is True
    assert r.json[1]["overdue"] is False and r.json[1]["due_back_on"] is None
    assert client.get("/api/v1/loaners/", headers=login("engineer1")).status_code == 403
    listed = client.get(f"/api/v1/work-orders/{world.wo1.id}/loaners", headers=login("supervisor"))
    assert len(listed.json) == 3


def test_the_kpi_counts_the_loaners_out_at_the_end_of_the_period(client, login, world, db):
    """Hand-worked: period 2026-11-01..2026-11-10 (Asia/Shanghai), ends 2026-11-10 16:00Z.
    A issued 11-02, never returned → out. B issued 11-03, returned 11-09 → back. C issued
    11-05, returned 11-12 → out at the end. D issued 11-11 → after the end. E on engineer2's
    work order, out → counted, but not with the engineer1 filter. Out: A, C, E = 3;
    engineer1: A, C = 2. A was due back 11-08 → overdue; C due 11-10 → not yet."""
    one, two = _phone(client, login), _phone(client, login, "engineer2")

    def at(day, hour=2):
        return datetime(2026, 11, day, hour, tzinfo=UTC)

    a = _issue(one, world.wo1.id, at(2), due_back_on="2026-11-08", serial="A")
    b = _issue(one, world.wo1.id, at(3), serial="B")
    c = _issue(one, world.wo1.id, at(5), due_back_on="2026-11-10", serial="C")
    _issue(one, world.wo1.id, at(11), serial="D")
    one.mutate("loaner.return", {"id": b}, at(9))
    one.mutate("loaner.return", {"id": c}, at(12))
    _issue(two, world.wo2.id, at(4), serial="E")
    assert {r["status"] for r in one.push()["results"] + two.push()["results"]} == {"applied"}

    query = {"from": "2026-11-01", "to": "2026-11-10"}
    headers = login("supervisor")
    rows = client.get("/api/v1/kpi/loaners", query_string=query, headers=headers).json["rows"]
    assert [row["serial"] for row in rows] == ["A", "E", "C"]
    assert {row["serial"]: row["overdue"] for row in rows} == {"A": True, "E": False, "C": False}
    assert rows[0]["work_order"] == world.wo1.number and a
    mine = client.get(
        "/api/v1/kpi/loaners",
        query_string={**query, "engineer_id": str(world.users["engineer1"].id)},
        headers=headers,
    ).json["rows"]
    assert [row["serial"] for row in mine] == ["A", "C"]
    summary = client.get("/api/v1/kpi/dashboard", query_string=query, headers=headers).json
    assert summary["summary"]["loaners_outstanding"] == 3
    assert summary["summary"]["loaners_overdue"] == 1


def test_the_service_report_prints_the_loaner_and_the_consent(client, login, world, db):
    phone = _phone(client, login)
    _issue(phone, world.wo1.id, due_back_on="2026-12-01")
    phone.mutate(
        "paid_work_consent.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(world.wo1.id),
            "amount_cents": 23500,
            "signer_name": "李主任",
        },
    )
    phone.push()
    r = client.get(f"/api/v1/work-orders/{world.wo1.id}/report.pdf", headers=login("supervisor"))
    assert r.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(r.data)).pages)
    assert "Loaner" in text and "NVR0001" in text and "2026-12-01" in text
    assert "235.00" in text and "李主任" in text
