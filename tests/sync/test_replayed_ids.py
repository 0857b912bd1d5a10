"""Nobody reads what is not theirs through a replayed record id: a mutation naming the id
of another engineer's record is refused, and the answer carries none of that record."""

from __future__ import annotations

import json
import uuid

import pytest

from server.domain.signing import summary_sha256
from tests.sync.phone import Phone


def _phone(client, login, username):
    phone = Phone(client, login(username))
    phone.pull()
    return phone


SECRET = "客户主任手机 13900000000"


def _record_args(kind: str, record_id: str, wo_id: str) -> dict:
    if kind == "work_order_note.add":
        return {"id": record_id, "work_order_id": wo_id, "text": SECRET}
    if kind == "paid_work_consent.add":
        return {"id": record_id, "work_order_id": wo_id, "amount_cents": 12300,
                "signer_name": SECRET}  # fmt: skip
    if kind == "loaner.issue":
        return {"id": record_id, "work_order_id": wo_id, "description": SECRET}
    summary = f"工单 {SECRET}"
    return {"id": record_id, "work_order_id": wo_id, "purpose": "arrival", "signer_name": SECRET,
            "signer_role": "customer", "sha256": "e" * 64, "summary": summary,
            "summary_sha256": summary_sha256(summary)}  # fmt: skip


@pytest.mark.parametrize(
    "kind", ["work_order_note.add", "paid_work_consent.add", "loaner.issue", "signature.add"]
)
def test_replaying_another_engineers_record_id_is_refused_and_reveals_nothing(
    client, login, world, kind
):
    record_id = str(uuid.uuid4())
    owner = _phone(client, login, "engineer1")
    owner.mutate(kind, _record_args(kind, record_id, str(world.wo1.id)))
    assert owner.push()["results"][0]["status"] == "applied"

    attacker = _phone(client, login, "engineer2")
    attacker.mutate(kind, _record_args(kind, record_id, str(world.wo2.id)))
    [result] = attacker.push()["results"]
    assert (result["status"], result["key"]) == ("rejected", "errors.alreadyExists")
    assert "records" not in result
    assert SECRET not in json.dumps(result, ensure_ascii=False)


def test_an_attachment_id_of_another_order_is_refused(client, login, world):
    attachment_id = str(uuid.uuid4())
    owner = _phone(client, login, "engineer1")
    args = {"id": attachment_id, "work_order_id": str(world.wo1.id), "kind": "label",
            "caption": SECRET, "sha256": "f" * 64}  # fmt: skip
    owner.mutate("attachment.add", args)
    owner.push()
    attacker = _phone(client, login, "engineer2")
    attacker.mutate("attachment.add", {"id": attachment_id, "work_order_id": str(world.wo2.id),
                                        "kind": "label", "sha256": "f" * 64})  # fmt: skip
    [result] = attacker.push()["results"]
    assert result["status"] == "rejected" and "records" not in result
