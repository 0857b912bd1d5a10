"""What a mutation's id and seq mean (docs/sync-protocol.md, "Exactly once"): the id is the
change, the seq its place; every rejection is kept for the office."""

from __future__ import annotations

import uuid

from .phone import Phone


def _note(phone: Phone, wo_id: str, text: str, seq: int | None = None) -> dict:
    mutation = phone.mutate(
        "work_order_note.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id, "text": text}
    )
    if seq is not None:
        mutation["seq"] = seq
    return mutation


def test_a_new_change_at_a_used_seq_is_refused_and_kept_for_the_office(app, client, login, world):
    phone = Phone(client, login("engineer1"))
    wo = str(world.wo1.id)
    first = _note(phone, wo, "第一条")
    phone.push()
    other = _note(phone, wo, "同一序号的另一条", seq=first["seq"])
    [result] = phone.push_raw([other]).json["results"]
    assert result["status"] == "rejected"
    assert result["key"] == "errors.sync.seqReused"
    assert "duplicate" not in result

    rejected = client.get("/api/v1/sync/rejected", headers=login("supervisor")).json["items"]
    [kept] = [r for r in rejected if r["id"] == other["id"]]
    assert kept["args"]["text"] == "同一序号的另一条"

    # sent again, it is the same refusal, answered from what was kept
    [again] = phone.push_raw([other]).json["results"]
    assert again["key"] == "errors.sync.seqReused"
    assert again["duplicate"] is True


def test_a_change_sent_again_under_a_new_seq_is_answered_from_its_record(app, client, login, world):
    phone = Phone(client, login("engineer1"))
    mutation = _note(phone, str(world.wo1.id), "补记")
    [first] = phone.push_raw([mutation]).json["results"]
    resent = {**mutation, "seq": mutation["seq"] + 1}  # an outbox rebuilt after a crash
    body = phone.push_raw([resent]).json
    assert body["results"][0]["status"] == first["status"]
    assert body["results"][0]["duplicate"] is True
    assert body["last_seq"] == resent["seq"]


def test_another_users_mutation_id_is_refused_without_his_result(app, client, login, world):
    mine = Phone(client, login("engineer1"))
    mutation = _note(mine, str(world.wo1.id), "私人记录")
    mine.push()
    thief = Phone(app.test_client(), login("engineer2"))
    stolen = {**mutation, "seq": 1}
    [result] = thief.push_raw([stolen]).json["results"]
    assert result["status"] == "rejected"
    assert result["key"] == "errors.sync.idTaken"
    assert "records" not in result and "duplicate" not in result


def test_a_phone_correcting_its_own_edit_sends_its_first_value_as_base(app, client, login, world):
    """``base`` is the value the phone shows before the edit, its own earlier edits
    included: a correction of a server-wins field then applies, in one batch or two."""
    from server.extensions import db
    from server.models import SyncConflict, WorkOrder

    phone = Phone(client, login("engineer1"))
    phone.pull()
    wo = str(world.wo1.id)
    phone.update_work_order(wo, contact_phone="138-first-typo")
    corrected = phone.update_work_order(wo, contact_phone="138-corrected")
    assert corrected["args"]["base"] == {"contact_phone": "138-first-typo"}
    assert [r["status"] for r in phone.push()["results"]] == ["applied", "applied"]

    phone.update_work_order(wo, contact_phone="138-again")  # after the acknowledgement
    assert phone.push()["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).contact_phone == "138-again"
    assert db.session.scalars(db.select(SyncConflict)).all() == []


def test_a_resumed_pull_ends_at_its_first_bound_and_the_next_pull_brings_the_rest(
    app, client, login, world
):
    """docs/sync-protocol.md, Pull: a resumed pull finishes at the bound its first page
    took (has_more false); what changed meanwhile comes with the next pull."""
    from datetime import UTC, datetime

    phone = Phone(client, login("engineer1"))

    def page(cursor, limit):
        body = {
            "schema_version": 1,
            "client_id": phone.client_id,
            "client_time": datetime.now(UTC).isoformat(),
            "cursor": cursor,
            "limit": limit,
        }
        response = client.post("/api/v1/sync/pull", json=body, headers=phone.headers)
        assert response.status_code == 200, response.json
        return response.json

    first = page(None, 2)
    assert first["has_more"] is True
    saved = first["cursor"]  # the app is closed here, between pages

    writer = Phone(app.test_client(), login("engineer1"))
    note = {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "text": "关机期间"}
    writer.mutate("work_order_note.add", note)
    writer.push()

    cursor, seen = saved, []
    while True:
        resumed = page(cursor, 500)
        seen += [c["record"]["id"] for c in resumed["changes"]]
        cursor = resumed["cursor"]
        if not resumed["has_more"]:
            break
    assert note["id"] not in seen  # past the resumed pull's bound
    after = page(cursor, 500)
    assert note["id"] in [c["record"]["id"] for c in after["changes"]]
