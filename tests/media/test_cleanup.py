"""Storage does not grow without bound: `aftercare cleanup` (also run with the schedule)
removes partial uploads left alone for CLEANUP_UPLOAD_DAYS and blobs that no record shows
after CLEANUP_BLOB_DAYS; each user has at most BLOB_UPLOADS_IN_FLIGHT uploads unfinished."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from server.jobs import run_cleanup, run_schedule
from server.models import Attachment, Blob, BlobUpload, LateContribution
from server.models.base import utcnow

from .images import photo, sha


def _count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _partial(upload, headers, data):
    response = upload(headers, data, chunk=data[: len(data) // 2])
    assert response.status_code == 200, response.json
    return sha(data)


def _stored(upload, headers, data):
    response = upload(headers, data)
    assert response.status_code == 201, response.json
    return sha(data)


def _files_of(stored_files, digest: str) -> list[str]:
    return [f for f in stored_files() if digest in f]


def test_an_abandoned_upload_is_removed_with_its_chunks(
    app, client, login, world, db, upload, stored_files
):
    headers = login("engineer1")
    old = _partial(upload, headers, photo(size=(300, 200)))
    fresh = _partial(upload, headers, photo(size=(310, 200)))
    days = app.config["CLEANUP_UPLOAD_DAYS"]
    db.session.execute(
        update(BlobUpload)
        .where(BlobUpload.sha256 == old)
        .values(updated_at=utcnow() - timedelta(days=days, hours=1))
    )
    db.session.commit()
    assert _files_of(stored_files, old)

    counts = run_cleanup()

    assert counts["uploads"] == 1
    assert [row.sha256 for row in db.session.scalars(db.select(BlobUpload))] == [fresh]
    assert _files_of(stored_files, old) == [] and _files_of(stored_files, fresh)
    # The phone that comes back finds nothing and starts again.
    status = client.get(f"/api/v1/blobs/{old}/upload", headers=headers).json
    assert status["received"] == 0


def test_a_blob_no_record_shows_is_removed_after_its_age(
    app, client, login, world, db, upload, stored_files
):
    headers = login("engineer1")
    lonely = _stored(upload, headers, photo(size=(300, 200)))
    shown = _stored(upload, headers, photo(size=(310, 200)))
    late = _stored(upload, headers, photo(size=(320, 200)))
    recent = _stored(upload, headers, photo(size=(330, 200)))
    db.session.add(Attachment(work_order_id=world.wo1.id, kind="before", sha256=shown, caption=""))
    db.session.add(  # a photo taken on an order closed meanwhile, waiting for the office
        LateContribution(
            work_order_id=world.wo1.id,
            mutation_id=uuid.uuid4(),
            client_id=uuid.uuid4(),
            name="attachment.add",
            args={"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "sha256": late},
            user_id=world.users["engineer1"].id,
            reason="closed",
        )
    )
    days = app.config["CLEANUP_BLOB_DAYS"]
    db.session.execute(
        update(Blob)
        .where(Blob.sha256.in_([lonely, shown, late]))
        .values(created_at=utcnow() - timedelta(days=days, hours=1))
    )
    db.session.commit()

    counts = run_cleanup()

    assert counts["blobs"] == 1
    assert sorted(db.session.scalars(db.select(Blob.sha256))) == sorted([shown, late, recent])
    assert _files_of(stored_files, lonely) == []
    assert _files_of(stored_files, shown) and _files_of(stored_files, recent)
    assert run_cleanup() == {"uploads": 0, "blobs": 0}


def test_the_cleanup_command_and_the_schedule_run_it(
    app, client, login, world, db, upload, stored_files
):
    headers = login("engineer1")
    first = _partial(upload, headers, photo(size=(300, 200)))
    old = utcnow() - timedelta(days=app.config["CLEANUP_UPLOAD_DAYS"] + 1)
    db.session.execute(update(BlobUpload).values(updated_at=old))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cleanup"])
    assert result.exit_code == 0, result.output
    assert "1 abandoned upload" in result.output
    assert _count(db, BlobUpload) == 0 and _files_of(stored_files, first) == []

    _partial(upload, headers, photo(size=(310, 200)))
    db.session.execute(update(BlobUpload).values(updated_at=old))
    db.session.commit()
    run_schedule()
    assert _count(db, BlobUpload) == 0


def test_uploads_in_flight_are_limited_per_user(app, client, login, world, db, upload, monkeypatch):
    monkeypatch.setitem(app.config, "BLOB_UPLOADS_IN_FLIGHT", 2)
    headers = login("engineer1")
    images = [photo(size=(300 + n, 200)) for n in range(3)]
    _partial(upload, headers, images[0])
    _partial(upload, headers, images[1])
    refused = upload(headers, images[2], chunk=images[2][:100])
    assert refused.status_code == 429
    assert refused.json["key"] == "errors.blob.tooManyUploads"
    assert "2" in refused.json["message"]
    assert _count(db, BlobUpload) == 2
    # An upload under way goes on, and finishing one frees a place.
    half = len(images[0]) // 2
    assert upload(headers, images[0], offset=half).status_code == 201
    assert upload(headers, images[2]).status_code == 201
    # Another engineer has places of his own.
    assert upload(login("engineer2"), photo(size=(400, 300))).status_code == 201
