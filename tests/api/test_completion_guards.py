"""One life cycle enforced on the server: a work order is resolved only with the facts its
contract's completion guards need (server/domain/guards.py), and the ladder without a visit
(by telephone, in a remote session) and the restore step have their own actions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from server.domain.signing import summary_sha256
from server.models import SlaOutcome, WorkOrder, WorkOrderEvent, WorkOrderNote
from tests.rest import patch_work_order
from tests.sync.phone import Phone

DIAGNOSIS = {
    "diagnosis_symptom": "门诊大厅 3 路画面黑屏",
    "diagnosis_cause": "电源适配器损坏",
    "diagnosis_fix": "更换 12V 适配器",
}


def _phone(client, login, username="engineer1") -> Phone:
    phone = Phone(client, login(username))
    phone.pull()
    return phone


def _on_site(phone: Phone, wo_id: str) -> None:
    phone.transition(wo_id, "accept")
    phone.transition(wo_id, "arrive")


def _signature(phone: Phone, wo_id: str, purpose: str = "sign_off") -> None:
    summary = f"工单 Work order: {wo_id}"
    phone.mutate(
        "signature.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": wo_id,
            "purpose": purpose,
            "signer_name": "李主任",
            "signer_role": "customer",
            "sha256": "c" * 64,
            "summary": summary,
            "summary_sha256": summary_sha256(summary),
        },
    )


def _results(phone: Phone) -> list[dict]:
    return phone.push()["results"]


def test_completing_a_repair_without_diagnosis_or_signature_is_refused_naming_each_fact(
    client, login, world
):
    headers = login("engineer1")
    url = f"/api/v1/work-orders/{world.wo1.id}/actions"
    for action in ("accept", "arrive"):
        assert client.post(url, json={"action": action}, headers=headers).status_code == 200
    refused = client.post(url, json={"action": "complete"}, headers=headers)
    assert refused.status_code == 422
    assert refused.json["key"] == "errors.workOrder.guardsMissing"
    assert set(refused.json["errors"]["json"]) == {
        "diagnosis_symptom",
        "diagnosis_cause",
        "diagnosis_fix",
        "sign_off",
    }
    assert [fact["code"] for fact in refused.json["missing"]] == [
        "diagnosis",
        "diagnosis",
        "diagnosis",
        "sign_off",
    ]
    shown = client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=headers).json
    assert shown["status"] == "on_site"
    assert {fact["field"] for fact in shown["completion_missing"]["on_site"]} == {
        "diagnosis_symptom",
        "diagnosis_cause",
        "diagnosis_fix",
        "sign_off",
    }


def test_a_refused_completion_keeps_everything_already_recorded(client, login, world, db):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _on_site(phone, wo_id)
    phone.mutate("work_order_note.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id,
                                          "text": "已到现场"})  # fmt: skip
    phone.transition(wo_id, "complete")
    results = _results(phone)
    assert [r["status"] for r in results] == ["applied", "applied", "applied", "rejected"]
    assert results[-1]["key"] == "errors.workOrder.guardsMissing"
    assert "sign_off" in results[-1]["errors"]["args"]
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).status == "on_site"
    assert db.session.scalar(select(WorkOrderNote.text)) == "已到现场"


def test_a_repair_with_its_diagnosis_and_the_customers_signature_is_completed(
    client, login, world, db
):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _on_site(phone, wo_id)
    phone.update_work_order(wo_id, **DIAGNOSIS)
    _signature(phone, wo_id)
    phone.transition(wo_id, "complete")
    assert {r["status"] for r in _results(phone)} == {"applied"}
    db.session.expire_all()
    wo = db.session.get(WorkOrder, world.wo1.id)
    assert wo.status == "completed"
    resolved = [e for e in wo.events if e.kind == "resolved"]
    assert resolved[-1].data["resolved_by"] == "complete"


def test_a_chargeable_repair_needs_the_customers_signed_consent_to_the_estimate(
    client, login, world, db
):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _on_site(phone, wo_id)
    phone.update_work_order(wo_id, **DIAGNOSIS, exclusions=["lightning"])  # paid work
    phone.mutate("part_usage.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id,
                                     "part_id": str(world.part.id), "quantity": 1})  # fmt: skip
    _signature(phone, wo_id)
    phone.transition(wo_id, "complete")
    refused = _results(phone)[-1]
    assert refused["status"] == "rejected"
    assert set(refused["errors"]["args"]) == {"paid_work_consent"}

    estimate = client.get(f"/api/v1/work-orders/{wo_id}/fees", headers=login("engineer1")).json
    assert estimate["chargeable_cents"] > 0
    consent = {"id": str(uuid.uuid4()), "work_order_id": wo_id, "signer_name": "李主任",
               "amount_cents": estimate["chargeable_cents"]}  # fmt: skip
    phone.mutate("paid_work_consent.add", consent)
    phone.transition(wo_id, "complete")
    assert _results(phone)[-1]["status"] == "rejected"  # agreed, but not signed

    _signature(phone, wo_id, purpose="paid_work_consent")
    phone.transition(wo_id, "complete")
    assert _results(phone)[-1]["status"] == "applied"


def test_a_customer_who_could_not_sign_is_recorded_with_a_reason_and_a_photo(
    client, login, world, db
):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _on_site(phone, wo_id)
    phone.update_work_order(wo_id, **DIAGNOSIS)
    phone.transition(wo_id, "complete", data={"unsigned_reason": "客户临时离开"})
    assert _results(phone)[-1]["status"] == "rejected"  # a reason alone is not enough
    phone.mutate("attachment.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id,
                                     "kind": "after", "sha256": "d" * 64})  # fmt: skip
    phone.transition(wo_id, "complete", data={"unsigned_reason": "客户临时离开"})
    assert _results(phone)[-1]["status"] == "applied"
    db.session.expire_all()
    resolved = db.session.scalars(
        select(WorkOrderEvent).filter_by(work_order_id=world.wo1.id, kind="resolved")
    ).one()
    assert resolved.data["unsigned_reason"] == "客户临时离开"


def test_the_office_closes_an_order_lacking_facts_only_with_a_reason_in_the_history(
    client, login, world, db
):
    from server.services.work_orders import apply_action
    from server.unit_of_work import committed

    wo = world.wo1
    engineer = world.users["engineer1"]
    with committed():
        for action in ("accept", "arrive"):
            apply_action(wo, {"action": action}, engineer)
        # Completed with what it had then: the office later finds the sign-off missing.
        wo.status = "completed"
    office = login("supervisor")
    url = f"/api/v1/work-orders/{wo.id}/actions"
    refused = client.post(url, json={"action": "close"}, headers=office)
    assert refused.status_code == 422
    assert "sign_off" in refused.json["errors"]["json"]
    closed = client.post(
        url,
        json={"action": "close", "data": {"override_reason": "客户书面确认已邮寄"}},
        headers=office,
    )
    assert closed.status_code == 200, closed.json
    assert closed.json["status"] == "closed"
    events = client.get(f"/api/v1/work-orders/{wo.id}/events", headers=office).json
    closing = events[-1]
    assert (closing["kind"], closing["note"]) == ("closed", "客户书面确认已邮寄")
    assert closing["data"]["override"]["reason"] == "客户书面确认已邮寄"
    assert {f["code"] for f in closing["data"]["override"]["missing"]} >= {"sign_off"}


def _clock(db, wo_id, clock):
    db.session.expire_all()
    return db.session.scalar(
        select(SlaOutcome).where(SlaOutcome.work_order_id == wo_id, SlaOutcome.clock == clock)
    )


def test_a_request_solved_on_the_telephone_is_completed_and_stops_the_resolve_clock(
    client, login, world, db
):
    office = login("dispatcher")
    url = f"/api/v1/work-orders/{world.wo2.id}/actions"
    refused = client.post(url, json={"action": "resolve_by_phone"}, headers=office)
    assert refused.status_code == 422
    assert "sign_off" not in refused.json["errors"]["json"]  # nobody to sign on the phone
    patch_work_order(client, f"/api/v1/work-orders/{world.wo2.id}", json=DIAGNOSIS, headers=office)
    solved = client.post(url, json={"action": "resolve_by_phone"}, headers=office)
    assert solved.status_code == 200, solved.json
    assert solved.json["status"] == "completed"
    resolve = _clock(db, world.wo2.id, "resolve")
    assert resolve.ended_by == "stop" and resolve.stopped_at is not None


def test_a_remote_session_stops_the_remote_clock_and_restore_stops_the_restore_clock(
    client, login, world, db
):
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    wo = world.make_work_order(
        severity=1,
        reported_at=started,
        assigned_engineer_id=world.users["engineer1"].id,
    )
    phone = _phone(client, login)
    wo_id = str(wo.id)
    phone.transition(wo_id, "accept", occurred_at=started)
    phone.transition(wo_id, "escalate", occurred_at=started + timedelta(minutes=5))
    phone.transition(wo_id, "start_remote", occurred_at=started + timedelta(minutes=12))
    phone.transition(wo_id, "arrive", occurred_at=started + timedelta(minutes=20))
    phone.transition(wo_id, "restore", occurred_at=started + timedelta(minutes=25))
    assert {r["status"] for r in _results(phone)} == {"applied"}
    remote = _clock(db, wo.id, "remote")
    assert (remote.ended_by, remote.wall_minutes) == ("stop", 7)
    restore = _clock(db, wo.id, "restore")
    assert restore.ended_by == "stop"
    assert restore.stopped_at == started + timedelta(minutes=25)
    assert _clock(db, wo.id, "resolve").stopped_at is None
    assert db.session.get(WorkOrder, wo.id).status == "on_site"


def test_a_diagnosis_edited_on_the_phone_keeps_the_phones_time_in_the_history(
    client, login, world, db
):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    typed = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=40)
    phone.mutate(
        "work_order.update",
        {"id": wo_id, "base": {"diagnosis_cause": ""}, "changes": {"diagnosis_cause": "网线松动"}},
        occurred_at=typed,
    )
    assert _results(phone)[0]["status"] == "applied"
    events = client.get(f"/api/v1/work-orders/{wo_id}/events", headers=login("supervisor")).json
    updated = [e for e in events if e["kind"] == "updated"][-1]
    assert updated["origin"] == "device"
    assert datetime.fromisoformat(updated["device_at"]) == typed


def test_an_order_completed_with_a_reason_and_a_photo_closes_without_an_override(
    client, login, world
):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    _on_site(phone, wo_id)
    phone.update_work_order(wo_id, **DIAGNOSIS)
    phone.mutate("attachment.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id,
                                     "kind": "after", "sha256": "d" * 64})  # fmt: skip
    phone.transition(wo_id, "complete", data={"unsigned_reason": "客户临时离开"})
    assert {r["status"] for r in _results(phone)} == {"applied"}
    office = login("supervisor")
    shown = client.get(f"/api/v1/work-orders/{wo_id}", headers=office).json
    assert shown["completion_missing"] == {"close": []}
    closed = client.post(f"/api/v1/work-orders/{wo_id}/actions", json={"action": "close"},
                         headers=office)  # fmt: skip
    assert closed.status_code == 200, closed.json
