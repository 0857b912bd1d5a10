"""A rejected mutation is kept for the office as a bounded copy: a push of huge arguments
stores (and the office's rejected page answers) a few KB, marked as truncated, with the
ids that say which order it was for."""

from __future__ import annotations

import json
import uuid

from server.models import SyncMutation

from .phone import Phone

LIMIT = 4096


def _size(value) -> int:
    return len(json.dumps(value))  # as stored and answered: non-ASCII escaped


def _huge_note(world) -> dict:
    """A note on another engineer's order (refused), with 2,000 unknown fields and a
    100 KB text: about 150 KB of arguments."""
    args = {"id": str(uuid.uuid4()), "work_order_id": str(world.wo2.id), "text": "长" * 50_000}
    args.update({f"x_field_{n:05d}": "x" * 20 for n in range(2_000)})
    return args


def test_a_rejected_mutations_arguments_and_errors_are_kept_bounded(
    app, client, login, world, db, monkeypatch
):
    monkeypatch.setitem(app.config, "SYNC_REJECTED_KEEP_BYTES", LIMIT)
    phone = Phone(client, login("engineer1"))
    args = _huge_note(world)
    mutation = phone.mutate("work_order_note.add", args)
    [result] = phone.push()["results"]
    assert result["status"] == "rejected"
    assert _size(result) <= LIMIT + 512  # the answer is what is kept

    kept = db.session.get(SyncMutation, uuid.UUID(mutation["id"]))
    assert _size(kept.args) <= LIMIT + 128
    assert kept.args["_truncated"] == {"bytes": _size(args)}
    assert kept.args["id"] == args["id"] and kept.args["work_order_id"] == args["work_order_id"]
    assert kept.args["text"].startswith("长长长") and kept.args["text"].endswith("…")
    assert _size(kept.result) <= LIMIT + 512
    assert kept.result["status"] == "rejected" and kept.result["key"] == result["key"]

    # Sent again, the stored answer comes back.
    [again] = phone.push([mutation])["results"]
    assert again["duplicate"] is True and again["key"] == result["key"]


def test_the_offices_rejected_page_stays_small(app, client, login, world, monkeypatch):
    monkeypatch.setitem(app.config, "SYNC_REJECTED_KEEP_BYTES", LIMIT)
    phone = Phone(client, login("engineer1"))
    for _ in range(5):
        phone.mutate("work_order_note.add", _huge_note(world))
    assert [r["status"] for r in phone.push()["results"]] == ["rejected"] * 5
    page = client.get("/api/v1/sync/rejected", headers=login("supervisor"))
    assert page.status_code == 200
    assert len(page.json["items"]) == 5
    assert len(page.data) < 5 * 3 * LIMIT


def test_a_small_rejected_mutation_is_kept_as_sent(app, client, login, world, db):
    phone = Phone(client, login("engineer1"))
    args = {"id": str(uuid.uuid4()), "work_order_id": str(world.wo2.id), "text": "客户要求"}
    mutation = phone.mutate("work_order_note.add", args)
    [result] = phone.push()["results"]
    assert result["status"] == "rejected"
    kept = db.session.get(SyncMutation, uuid.UUID(mutation["id"]))
    assert kept.args == args and "_truncated" not in kept.result
