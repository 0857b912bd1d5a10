"""Nobody reads a photo or a signature by its hash: a blob is read only through a record
the reader may see whose blob was uploaded by that record's author (or by someone who may
see the record); naming a stored hash one did not upload and cannot see is refused; and
HEAD and the upload status answer as if the blob were absent to anyone else, while the
phone that is uploading still resumes its own upload."""

from __future__ import annotations

import uuid

# tests/sync is the package "sync" on pytest's path (see its __init__.py).
from sync.phone import Phone

from server.domain.signing import summary_sha256
from server.models import Attachment, Blob

from .images import photo, sha

NOT_YOURS = "errors.blob.notYours"


def _phone(client, login, username):
    phone = Phone(client, login(username))
    phone.pull()
    return phone


def _attach(phone, digest, **links) -> dict:
    """Push attachment.add naming ``digest``; the result."""
    args = {"id": str(uuid.uuid4()), "kind": "before", "sha256": digest}
    args.update({key: str(value) for key, value in links.items()})
    phone.mutate("attachment.add", args)
    [result] = phone.push()["results"]
    return result


def _sign(phone, wo_id, digest) -> dict:
    summary = "工单 WO 客户签字"
    phone.mutate(
        "signature.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(wo_id),
            "purpose": "sign_off",
            "signer_name": "李主任",
            "signer_role": "customer",
            "sha256": digest,
            "summary": summary,
            "summary_sha256": summary_sha256(summary),
        },
    )
    [result] = phone.push()["results"]
    return result


def _read(client, headers, digest, variant="original"):
    return client.get(f"/api/v1/blobs/{digest}?variant={variant}", headers=headers)


def test_attaching_another_engineers_photo_by_its_hash_is_refused(client, login, world, upload):
    owner, attacker = _phone(client, login, "engineer1"), _phone(client, login, "engineer2")
    data = photo()
    digest = sha(data)
    assert upload(owner.headers, data).status_code == 201
    assert _attach(owner, digest, work_order_id=world.wo1.id)["status"] == "applied"

    # On his own work order, on a device he sees, on a device through his order: refused.
    for links in (
        {"work_order_id": world.wo2.id},
        {"device_id": world.devices[1].id},
        {"work_order_id": world.wo2.id, "device_id": world.devices[1].id},
    ):
        result = _attach(attacker, digest.upper() if "device_id" in links else digest, **links)
        assert (result["status"], result["key"]) == ("rejected", NOT_YOURS), links
        assert "sha256" in result["errors"]["args"]
        assert "records" not in result
    assert _read(client, attacker.headers, digest).status_code == 404
    assert _read(client, owner.headers, digest).status_code == 200


def test_a_signature_naming_another_engineers_signature_image_is_refused(
    client, login, world, upload
):
    owner, attacker = _phone(client, login, "engineer1"), _phone(client, login, "engineer2")
    ink = photo("PNG", (300, 120))
    digest = sha(ink)
    assert _sign(owner, world.wo1.id, digest)["status"] == "applied"  # the record first
    assert upload(owner.headers, ink).status_code == 201  # then the image

    result = _sign(attacker, world.wo2.id, digest)
    assert (result["status"], result["key"]) == ("rejected", NOT_YOURS)
    assert _read(client, attacker.headers, digest).status_code == 404
    assert _read(client, login("supervisor"), digest).status_code == 200


def test_a_record_naming_a_blob_its_author_did_not_upload_shows_nothing(
    client, login, world, db, upload
):
    """Records written before the check (or any other way) read nothing either: the blob
    of a record is read only if its author, or someone who may see it, uploaded it."""
    data = photo()
    digest = sha(data)
    upload(login("engineer1"), data)
    db.session.add(
        Attachment(
            work_order_id=world.wo2.id,
            kind="before",
            sha256=digest,
            uploaded_by_id=world.users["engineer2"].id,
        )
    )
    db.session.commit()
    engineer2 = login("engineer2")
    assert _read(client, engineer2, digest).status_code == 404
    assert client.head(f"/api/v1/blobs/{digest}", headers=engineer2).status_code == 404


def test_head_and_upload_status_answer_as_if_absent_to_anyone_who_may_not_see_it(
    client, login, world, upload
):
    engineer1, engineer2 = login("engineer1"), login("engineer2")
    stored, partial = photo(), photo(size=(800, 600))
    upload(engineer1, stored)
    half = len(partial) // 2
    assert upload(engineer1, partial, chunk=partial[:half]).status_code == 200

    for digest in (sha(stored), sha(partial)):
        assert client.head(f"/api/v1/blobs/{digest}", headers=engineer2).status_code == 404
        status = client.get(f"/api/v1/blobs/{digest}/upload", headers=engineer2)
        assert status.json == {"received": 0, "size": None, "complete": False}

    # The uploader still sees both, and resumes his own upload where it stands.
    assert client.head(f"/api/v1/blobs/{sha(stored)}", headers=engineer1).status_code == 200
    status = client.get(f"/api/v1/blobs/{sha(partial)}/upload", headers=engineer1).json
    assert status == {"received": half, "size": len(partial), "complete": False}
    assert upload(engineer1, partial, offset=half).status_code == 201


def test_a_stored_blob_is_not_answered_complete_to_a_chunk_that_does_not_prove_it(
    client, login, world, db, upload
):
    data = photo()
    upload(login("engineer1"), data)
    engineer2 = login("engineer2")
    probe = upload(engineer2, data, chunk=b"")
    assert (probe.status_code, probe.json["complete"]) == (200, False)
    assert probe.json["received"] == 0
    wrong = upload(engineer2, data, chunk=b"x" * len(data))
    assert (wrong.status_code, wrong.json["key"]) == (422, "errors.blob.hashMismatch")
    assert db.session.scalar(db.select(db.func.count()).select_from(Blob)) == 1


def test_two_phones_uploading_the_same_bytes_do_not_disturb_each_other(
    client, login, world, upload
):
    engineer1, engineer2 = login("engineer1"), login("engineer2")
    data = photo(size=(800, 600))
    third = len(data) // 3
    assert upload(engineer1, data, chunk=data[:third]).json["received"] == third
    # The second phone starts at 0: another's upload neither blocks nor shows.
    assert upload(engineer2, data, chunk=data[: 2 * third]).json["received"] == 2 * third
    assert upload(engineer1, data, offset=third).status_code == 201
    done = upload(engineer2, data, offset=2 * third)
    assert (done.status_code, done.json["complete"]) == (200, True)
    # Each proved he holds the bytes.
    assert _read(client, engineer1, sha(data)).status_code == 200
    assert _read(client, engineer2, sha(data)).status_code == 200


def test_a_phone_may_push_the_record_before_its_upload_finishes(client, login, world, upload):
    phone = _phone(client, login, "engineer1")
    data = photo()
    digest = sha(data)
    assert _attach(phone, digest, work_order_id=world.wo1.id)["status"] == "applied"
    half = len(data) // 2
    upload(phone.headers, data, chunk=data[:half])
    # Another record of his, pushed while the upload is under way.
    assert _attach(phone, digest, device_id=world.devices[0].id)["status"] == "applied"
    assert client.head(f"/api/v1/blobs/{digest}", headers=phone.headers).status_code == 404
    assert upload(phone.headers, data, offset=half).status_code == 201
    assert client.head(f"/api/v1/blobs/{digest}", headers=phone.headers).status_code == 200
    # Once stored, he may name it again: he uploaded it.
    assert _attach(phone, digest, work_order_id=world.wo1.id)["status"] == "applied"
    for username in ("engineer1", "supervisor"):
        assert _read(client, login(username), digest).status_code == 200


def test_a_pending_hash_binds_the_upload_to_its_author(client, login, world, upload):
    """Naming a hash not yet stored is accepted; the record shows the blob only if its
    author (or someone who may see it) uploads the bytes."""
    owner, attacker = _phone(client, login, "engineer1"), _phone(client, login, "engineer2")
    data = photo()
    digest = sha(data)
    assert _attach(attacker, digest, work_order_id=world.wo2.id)["status"] == "applied"
    assert _attach(owner, digest, work_order_id=world.wo1.id)["status"] == "applied"
    assert upload(owner.headers, data).status_code == 201
    assert _read(client, owner.headers, digest).status_code == 200
    assert _read(client, attacker.headers, digest).status_code == 404
    assert client.head(f"/api/v1/blobs/{digest}", headers=attacker.headers).status_code == 404


def test_the_same_bytes_uploaded_by_a_second_engineer_are_his_to_attach(
    client, login, world, upload
):
    data = photo()
    digest = sha(data)
    upload(login("engineer1"), data)
    second = _phone(client, login, "engineer2")
    assert upload(second.headers, data).status_code == 200  # all the bytes, checked
    assert _attach(second, digest, work_order_id=world.wo2.id)["status"] == "applied"
    assert _read(client, second.headers, digest).status_code == 200


def test_a_hash_shown_by_a_record_one_sees_may_be_named_again(client, login, world, upload):
    """A warranty card photographed by the office on a device the engineer holds: he may
    show the same image on his work order."""
    office = _phone(client, login, "supervisor")
    data = photo()
    digest = sha(data)
    upload(office.headers, data)
    assert _attach(office, digest, device_id=world.devices[0].id)["status"] == "applied"
    engineer2 = _phone(client, login, "engineer2")
    assert _read(client, engineer2.headers, digest).status_code == 200
    assert _attach(engineer2, digest, work_order_id=world.wo2.id)["status"] == "applied"
