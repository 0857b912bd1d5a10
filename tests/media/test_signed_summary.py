"""The customer signs what was done: the summary covers the facts of the type of work, so a
reading, a part or a fee changed after signing shows as "changed after signing"; an
inspection is signed once, on its report, and that signature signs the work off."""

from __future__ import annotations

import uuid

import pytest
from sync.phone import Phone

from server.domain.signing import summary_sha256
from server.services.attachments import current_summary

from .images import sha


@pytest.fixture
def checklist_order(db, world):
    """An inspection of the CCTV system with its checklist: a temperature reading (18–27 °C)
    and a cooling check, both required."""
    from server.models import ChecklistTemplate
    from server.unit_of_work import committed

    with committed():
        template = ChecklistTemplate(
            system_type=world.system.type,
            name="监控机房巡检",
            items=[
                {"key": "temperature", "label": "机房温度", "type": "number", "unit": "°C",
                 "min": 18, "max": 27, "required": True},
                {"key": "cooling", "label": "散热风扇", "type": "pass_fail", "required": True},
            ],
        )  # fmt: skip
        db.session.add(template)
    wo = world.make_work_order(
        type="inspection",
        system_id=world.system.id,
        assigned_engineer_id=world.users["engineer1"].id,
    )
    return wo, template


def _phone(client, login):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    return phone


def _sign(phone, db, wo, purpose):
    db.session.expire_all()
    summary = current_summary(wo)
    phone.mutate(
        "signature.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(wo.id),
            "purpose": purpose,
            "signer_name": "李主任",
            "signer_role": "customer",
            "sha256": sha(b"signature"),
            "summary": summary,
            "summary_sha256": summary_sha256(summary),
        },
    )
    return summary


def _answer(phone, wo_id, template_id, key, value, note=""):
    phone.mutate(
        "inspection_result.add",
        {"id": str(uuid.uuid4()), "work_order_id": wo_id, "template_id": template_id,
         "item_key": key, "value": value, "note": note},
    )  # fmt: skip


def _differs(client, login, wo_id) -> bool:
    [signature] = client.get(
        f"/api/v1/work-orders/{wo_id}/signatures", headers=login("supervisor")
    ).json
    return signature["signed_version_differs"]


def test_a_reading_changed_after_the_customer_signed_the_inspection_is_flagged(
    client, login, world, db, checklist_order
):
    wo, template = checklist_order
    phone = _phone(client, login)
    wo_id = str(wo.id)
    for action in ("accept", "arrive"):
        phone.transition(wo_id, action)
    _answer(phone, wo_id, str(template.id), "temperature", 29.5, note="空调滤网堵塞")
    _answer(phone, wo_id, str(template.id), "cooling", False, note="风扇不转")
    phone.push()
    summary = _sign(phone, db, wo, "inspection_report")
    assert "机房温度: 29.5 °C (18–27) 异常 Fail · 空调滤网堵塞" in summary
    phone.transition(wo_id, "complete")  # the report's signature signs the work off
    assert [r["status"] for r in phone.push()["results"]] == ["applied", "applied"]
    assert _differs(client, login, wo_id) is False
    _answer(phone, wo_id, str(template.id), "temperature", 22)
    phone.push()
    assert _differs(client, login, wo_id) is True


def test_a_part_added_after_the_customer_signed_the_repair_is_flagged(client, login, world, db):
    phone = _phone(client, login)
    wo_id = str(world.wo1.id)
    for action in ("accept", "arrive"):
        phone.transition(wo_id, action)
    phone.update_work_order(wo_id, diagnosis_symptom="黑屏", diagnosis_cause="电源坏",
                            diagnosis_fix="换电源")  # fmt: skip
    phone.push()
    summary = _sign(phone, db, world.wo1, "sign_off")
    assert "原因 Cause: 电源坏" in summary and "照片 Photos: 0" in summary
    phone.push()
    assert _differs(client, login, wo_id) is False
    phone.mutate("part_usage.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id,
                                     "part_id": str(world.part.id), "quantity": 1,
                                     "serial_out": "OLD-1", "serial_in": "NEW-1"})  # fmt: skip
    phone.push()
    assert _differs(client, login, wo_id) is True
