"""Photos and signatures through sync: records before their blobs ("photo pending"),
append-only, a signature's summary hash, and "signed version differs"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

# tests/sync is the package "sync" on pytest's path (see its __init__.py).
from sync.phone import Phone

from server.domain.signing import summary_sha256, work_order_summary
from server.models import Attachment, Signature
from server.services.attachments import current_summary
from tests.rest import patch_work_order

from .images import photo, sha


def _phone(client, login, username="engineer1"):
    phone = Phone(client, login(username))
    phone.pull()
    return phone


def _summary(db, wo) -> str:
    db.session.refresh(wo)
    return current_summary(wo)


def _sign(phone, wo_id, summary, **overrides):
    args = {
        "id": str(uuid.uuid4()),
        "work_order_id": wo_id,
        "purpose": "sign_off",
        "signer_name": "李主任",
        "signer_role": "customer",
        "sha256": sha(b"signature image"),
        "summary": summary,
        "summary_sha256": summary_sha256(summary),
        "satisfaction": {"attitude": 5, "speed": 4, "quality": 5, "overall": 5},
        "comment": "服务及时",
        **overrides,
    }
    phone.mutate("signature.add", args)
    return args


def test_a_photo_recorded_before_its_blob_shows_pending_until_it_arrives(
    client, login, world, db, upload
):
    phone = _phone(client, login)
    data = photo()
    attachment_id = str(uuid.uuid4())
    taken = datetime.now(UTC) - timedelta(hours=2)
    phone.mutate(
        "attachment.add",
        {
            "id": attachment_id,
            "work_order_id": str(world.wo1.id),
            "device_id": str(world.devices[0].id),
            "kind": "label",
            "caption": "铭牌",
            "sha256": sha(data),
            "taken_at": taken.isoformat(),
        },
    )
    [result] = phone.push()["results"]
    assert result["status"] == "applied"
    record = phone.store["attachments"][attachment_id]
    assert record["blob_ready"] is False
    assert record["kind"] == "label" and record["sha256"] == sha(data)
    assert datetime.fromisoformat(record["taken_at"]) == taken

    # The office sees it pending too.
    listed = client.get(
        f"/api/v1/work-orders/{world.wo1.id}/attachments", headers=login("supervisor")
    ).json
    assert [(a["id"], a["blob_ready"]) for a in listed] == [(attachment_id, False)]

    assert upload(phone.headers, data).status_code == 201
    [page] = phone.pull()
    changed = [c["record"] for c in page["changes"] if c["entity"] == "attachments"]
    assert [(r["id"], r["blob_ready"]) for r in changed] == [(attachment_id, True)]
    assert phone.store["attachments"][attachment_id]["blob_ready"] is True


def test_an_attachment_sent_again_under_a_new_mutation_is_merged(client, login, world, db):
    phone = _phone(client, login)
    args = {
        "id": str(uuid.uuid4()),
        "work_order_id": str(world.wo1.id),
        "kind": "before",
        "sha256": sha(b"x"),
    }
    phone.mutate("attachment.add", args)
    phone.mutate("attachment.add", {**args, "caption": "again"})
    assert [r["status"] for r in phone.push()["results"]] == ["applied", "merged"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 1


def test_an_attachment_needs_something_to_belong_to_and_a_real_hash(client, login, world):
    phone = _phone(client, login)
    phone.mutate("attachment.add", {"id": str(uuid.uuid4()), "kind": "other", "sha256": "a" * 64})
    phone.mutate(
        "attachment.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(world.wo1.id),
            "kind": "selfie",
            "sha256": "not-a-hash",
        },
    )
    first, second = phone.push()["results"]
    assert (first["status"], first["key"]) == ("rejected", "errors.attachment.noLink")
    assert second["status"] == "rejected"
    assert {"kind", "sha256"} <= set(second["errors"]["args"])


def test_an_engineer_may_not_attach_to_another_engineers_work_order(client, login, world):
    phone = _phone(client, login, "engineer2")
    phone.mutate(
        "attachment.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(world.wo1.id),
            "kind": "before",
            "sha256": "b" * 64,
        },
    )
    [result] = phone.push()["results"]
    assert (result["status"], result["key"]) == ("rejected", "errors.sync.notYourWorkOrder")


def test_photos_of_a_device_reach_the_phones_that_hold_the_device(client, login, world, db):
    office = _phone(client, login, "supervisor")
    office.mutate(
        "attachment.add",
        {
            "id": str(uuid.uuid4()),
            "device_id": str(world.devices[0].id),
            "kind": "warranty_card",
            "sha256": "c" * 64,
        },
    )
    assert office.push()["results"][0]["status"] == "applied"
    engineer1, engineer2 = _phone(client, login), _phone(client, login, "engineer2")
    assert len(engineer1.store.get("attachments", {})) == 1
    # engineer2's work order is about devices[1] of the same system: he holds devices[0] too.
    assert len(engineer2.store.get("attachments", {})) == 1


def test_a_signature_with_the_right_summary_hash_is_kept_with_the_devices_time(
    client, login, world, db
):
    phone = _phone(client, login)
    summary = _summary(db, world.wo1)
    signed = datetime.now(UTC) - timedelta(minutes=30)
    args = _sign(phone, str(world.wo1.id), summary)
    phone.outbox[-1]["occurred_at"] = signed.isoformat()
    [result] = phone.push()["results"]
    assert result["status"] == "applied"
    record = phone.store["signatures"][args["id"]]
    assert record["summary"] == summary and record["blob_ready"] is False
    assert record["satisfaction"] == {"attitude": 5, "speed": 4, "quality": 5, "overall": 5}
    assert db.session.get(Signature, uuid.UUID(args["id"])).signed_at == signed


def test_a_signature_whose_summary_hash_does_not_match_is_rejected(client, login, world, db):
    phone = _phone(client, login)
    summary = _summary(db, world.wo1)
    _sign(phone, str(world.wo1.id), summary, summary_sha256=summary_sha256(summary + " "))
    [result] = phone.push()["results"]
    assert (result["status"], result["key"]) == ("rejected", "errors.signature.summaryHashMismatch")
    assert "summary_sha256" in result["errors"]["args"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Signature)) == 0


def test_a_satisfaction_rating_must_be_one_to_five(client, login, world, db):
    phone = _phone(client, login)
    _sign(phone, str(world.wo1.id), "x", satisfaction={"overall": 6, "price": 3})
    [result] = phone.push()["results"]
    assert result["status"] == "rejected"
    assert set(result["errors"]["args"]["satisfaction"]) == {"overall", "price"}


def _signed_on_site(client, login, db, world):
    """engineer1 arrives, writes the diagnosis, and the customer signs: (phone, url)."""
    phone = _phone(client, login)
    wo = str(world.wo1.id)
    phone.transition(wo, "accept")
    phone.transition(wo, "arrive")
    phone.update_work_order(
        wo, diagnosis_symptom="画面黑屏", diagnosis_cause="电源适配器损坏",
        diagnosis_fix="更换 12V 适配器",
    )  # fmt: skip
    phone.push()
    _sign(phone, wo, _summary(db, world.wo1))
    phone.transition(wo, "complete")
    assert [r["status"] for r in phone.push()["results"]] == ["applied", "applied"]
    return phone, f"/api/v1/work-orders/{wo}"


def test_signed_version_differs_once_the_diagnosis_changes(client, login, world, db):
    _, url = _signed_on_site(client, login, db, world)
    office = login("supervisor")
    [signature] = client.get(f"{url}/signatures", headers=office).json
    assert signature["signed_version_differs"] is False
    assert signature["summary_sha256"] == summary_sha256(signature["summary"])

    client.post(f"{url}/actions", json={"action": "send_back"}, headers=office)
    patch_work_order(client, url, json={"diagnosis_cause": "网线松动"}, headers=office)
    [signature] = client.get(f"{url}/signatures", headers=login("engineer1")).json
    assert signature["signed_version_differs"] is True


def test_closing_a_signed_off_order_does_not_make_the_signature_differ(client, login, world, db):
    _, url = _signed_on_site(client, login, db, world)
    office = login("supervisor")
    assert (
        client.post(f"{url}/actions", json={"action": "close"}, headers=office).json["status"]
        == "closed"
    )
    [signature] = client.get(f"{url}/signatures", headers=office).json
    assert signature["signed_version_differs"] is False


def test_the_server_summary_matches_the_shared_format(world, db):
    wo = world.wo1
    text = current_summary(wo, format=1)  # the format of signatures taken before format 2
    assert text == work_order_summary(
        {
            "number": wo.number,
            "status": wo.status,
            "customer_name": world.customer.name,
            "site_name": world.site.name,
            "site_address": world.site.address,
            "devices": [{"model": "DS-2CD3T46", "serial": "DS2CD0001"}],
        }
    )
    assert "- DS-2CD3T46 SN DS2CD0001" in text.split("\n")


def test_signatures_and_attachments_of_another_engineers_order_are_not_found(client, login, world):
    for path in ("signatures", "attachments"):
        response = client.get(
            f"/api/v1/work-orders/{world.wo1.id}/{path}", headers=login("engineer2")
        )
        assert response.status_code == 404
