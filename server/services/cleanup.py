"""Keeping storage bounded: abandoned partial uploads and blobs no record shows are
removed after an age (``aftercare cleanup``, also run with the schedule: server.jobs), and
each user has a limited number of uploads unfinished at a time.

- An upload nobody added to for CLEANUP_UPLOAD_DAYS is abandoned (a photo deleted on the
  phone mid-upload, an app reinstalled): its row and its chunks go. A phone that comes
  back later is told it stands at 0 bytes and sends the photo again.
- A blob older than CLEANUP_BLOB_DAYS that no attachment or signature names, and that no
  open late change (work waiting for the office) names, is removed: its row, who holds
  it, and then its files. A record always arrives within days of its photo; the age
  leaves a phone offline for weeks its time.

At most CLEANUP_BATCH rows of each kind go per run, so one run stays short; the next run
goes on. The functions flush and never commit: the job commits, then deletes the blob
files (a row never outlives its files, a file may outlive its row for a moment).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, exists, func, select

from server.errors import AppError
from server.extensions import db
from server.models import (
    Attachment,
    Blob,
    BlobHolder,
    BlobUpload,
    LateContribution,
    Signature,
    User,
)
from server.services.storage import storage

#: Late changes that name a blob in their arguments.
_BLOB_MUTATIONS = ("attachment.add", "signature.add")


class TooManyUploads(AppError):
    code = 429
    key = "errors.blob.tooManyUploads"


def check_upload_quota(user: User) -> None:
    """Refuse a new upload (429 errors.blob.tooManyUploads) when ``user`` already has
    BLOB_UPLOADS_IN_FLIGHT unfinished; uploads under way go on."""
    limit = current_app.config["BLOB_UPLOADS_IN_FLIGHT"]
    in_flight = db.session.scalar(
        select(func.count()).select_from(BlobUpload).where(BlobUpload.uploaded_by_id == user.id)
    )
    if in_flight >= limit:
        raise TooManyUploads(
            f"You have {in_flight} unfinished uploads (at most {limit}): finish one before "
            "starting another; unfinished ones are dropped after "
            f"{current_app.config['CLEANUP_UPLOAD_DAYS']} days."
        )


def remove_abandoned_uploads(now: datetime) -> int:
    """Delete uploads untouched for CLEANUP_UPLOAD_DAYS, rows and chunks; how many."""
    config = current_app.config
    cutoff = now - timedelta(days=config["CLEANUP_UPLOAD_DAYS"])
    rows = db.session.execute(
        select(BlobUpload.sha256, BlobUpload.uploaded_by_id)
        .where(BlobUpload.updated_at < cutoff)
        .limit(config["CLEANUP_BATCH"])
    ).all()
    store = storage()
    for sha256, user_id in rows:
        db.session.execute(
            delete(BlobUpload).where(
                BlobUpload.sha256 == sha256, BlobUpload.uploaded_by_id == user_id
            )
        )
        # Before the commit: a row left without its chunks is answered "send it again".
        store.delete_prefix(f"uploads/{sha256}/{user_id}")
    db.session.flush()
    return len(rows)


def _named_by_late_changes() -> set[str]:
    rows = db.session.scalars(
        select(LateContribution.args).where(
            LateContribution.status == "open", LateContribution.name.in_(_BLOB_MUTATIONS)
        )
    )
    return {str(args.get("sha256")) for args in rows if isinstance(args, dict)}


def remove_unreferenced_blobs(now: datetime) -> list[str]:
    """Delete the rows of blobs older than CLEANUP_BLOB_DAYS that nothing shows; their
    hashes, whose files the caller deletes once this is committed (delete_blob_files)."""
    config = current_app.config
    cutoff = now - timedelta(days=config["CLEANUP_BLOB_DAYS"])
    candidates = list(
        db.session.scalars(
            select(Blob.sha256)
            .where(
                Blob.created_at < cutoff,
                ~exists().where(Attachment.sha256 == Blob.sha256),
                ~exists().where(Signature.sha256 == Blob.sha256),
            )
            .order_by(Blob.created_at)
            .limit(config["CLEANUP_BATCH"])
        )
    )
    waiting = _named_by_late_changes() if candidates else set()
    gone = [sha256 for sha256 in candidates if sha256 not in waiting]
    if gone:
        db.session.execute(delete(BlobHolder).where(BlobHolder.sha256.in_(gone)))
        db.session.execute(delete(Blob).where(Blob.sha256.in_(gone)))
        db.session.flush()
    return gone


def delete_blob_files(hashes: list[str]) -> None:
    """The stored files (raw upload and variants) of blobs whose rows are gone."""
    store = storage()
    for sha256 in hashes:
        store.delete_prefix(f"blobs/{sha256[:2]}/{sha256}")
