"""Photos and signature images: resumable uploads, validation, variants, access.

A blob is named by the SHA-256 of its bytes. A phone uploads it in chunks (PUT with the
offset where each starts); after a break it asks how much arrived and goes on from
there. When the last byte arrives the whole is checked against its hash and validated
with Pillow (JPEG, PNG or WebP only, within the size and pixel limits, not truncated,
decoded within a memory budget: server.services.images); only then is anything stored:
the upload as received (kept so the hash stays provable, never served), and three
re-encoded variants without metadata, EXIF orientation applied: the original size (a
large JPEG decoded smaller), a display size and a thumbnail. On any failure the partial
upload is discarded and nothing is stored.

Records (attachments, signatures) name blobs by hash and may arrive first; when their
blob is stored they are touched, so the next pull brings them with ``blob_ready`` true.

Whoever sends every byte of a blob (checked against its hash) holds it (BlobHolder); who
may read a blob, or learn that it is stored, is decided in server.services.access. An
upload in progress belongs to its uploader: nobody else sees how far it got or adds to it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from server.errors import AppError, Conflict, NotFound
from server.extensions import db
from server.models import Attachment, Blob, BlobHolder, BlobUpload, Signature, User
from server.models.base import utcnow
from server.services import access, cleanup
from server.services.images import ImageRefused, process_image
from server.services.storage import storage

VARIANTS = ("original", "display", "thumb")
#: What a chunk did: more is expected; it completed the blob; the blob was there before.
PARTIAL, STORED, ALREADY_STORED = "partial", "stored", "already_stored"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobRefused(AppError):
    """The upload is not an image we keep; nothing was stored."""

    code = 422
    key = "errors.blob.notAnImage"


def _refused(key: str, message: str, code: int = 422) -> BlobRefused:
    return BlobRefused(message, key=f"errors.blob.{key}", code=code)


def is_sha256(value: str) -> bool:
    return bool(_SHA256.match(value))


def _key(sha256: str, name: str) -> str:
    return f"blobs/{sha256[:2]}/{sha256}/{name}"


def _upload_prefix(sha256: str, user: User) -> str:
    return f"uploads/{sha256}/{user.id}"


def _chunk_key(sha256: str, user: User, offset: int) -> str:
    return f"{_upload_prefix(sha256, user)}/{offset:012d}"


def blob_info(blob: Blob) -> dict[str, Any]:
    return {
        "sha256": blob.sha256,
        "size": blob.size,
        "content_type": blob.content_type,
        "width": blob.width,
        "height": blob.height,
        "complete": True,
    }


# --- storing ----------------------------------------------------------------------------


def _touch_records(sha256: str) -> None:
    """Give the records waiting for this blob a new version, so phones pull them again
    (now with blob_ready true)."""
    now = utcnow()
    for model in (Attachment, Signature):
        for row in db.session.scalars(select(model).where(model.sha256 == sha256)):
            row.updated_at = now


def _hold(sha256: str, user: User | None) -> None:
    """Record that ``user`` sent every byte of the blob (nobody: a customer's photo)."""
    if user is None or db.session.get(BlobHolder, (sha256, user.id)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(BlobHolder(sha256=sha256, user_id=user.id))
    except IntegrityError:  # the same user finished the same upload twice at once
        pass


def store_blob(data: bytes, user: User | None, sha256: str | None = None) -> Blob:
    """Verify, validate and store ``data``; idempotent (a stored blob is returned as is).
    Either way ``user`` gave every byte: he holds the blob.

    Raises BlobRefused (nothing stored) when the bytes are not what we keep."""
    config = current_app.config
    if len(data) > config["BLOB_MAX_BYTES"]:
        raise _refused("tooLarge", f"At most {config['BLOB_MAX_BYTES']} bytes.", code=413)
    actual = hashlib.sha256(data).hexdigest()
    if sha256 is not None and actual != sha256:
        raise _refused("hashMismatch", "The bytes do not match their SHA-256.")
    existing = db.session.get(Blob, actual)
    if existing is not None:
        _hold(actual, user)
        return existing
    try:
        image = process_image(
            data,
            max_pixels=config["BLOB_MAX_PIXELS"],
            max_decode_bytes=config["BLOB_DECODE_MAX_BYTES"],
            display_edge=config["DISPLAY_EDGE"],
            thumb_edge=config["THUMB_EDGE"],
        )
    except ImageRefused as refused:
        raise _refused(refused.key, refused.message) from None
    store = storage()
    # Files first, then the row: a row always has its files; a crash in between leaves
    # files that the next upload of the same bytes simply writes again.
    store.put(_key(actual, "raw"), data)
    for name, content in image.variants.items():
        store.put(_key(actual, name), content)
    blob = Blob(
        sha256=actual,
        size=len(data),
        content_type=image.content_type,
        width=image.width,
        height=image.height,
        uploaded_by_id=user.id if user is not None else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(blob)
            _touch_records(actual)
    except IntegrityError:  # the same bytes finished uploading on another server
        blob = db.session.get(Blob, actual)
    _hold(actual, user)
    return blob


# --- resumable uploads --------------------------------------------------------------------


def upload_status(sha256: str, user: User) -> dict[str, Any]:
    """How much of ``user``'s upload arrived: {received, size, complete}. A blob he may
    not read, or another's upload, answers as if there were none."""
    blob = db.session.get(Blob, sha256)
    if blob is not None and access.may_read_blob(user, sha256):
        return {"received": blob.size, "size": blob.size, "complete": True}
    upload = db.session.get(BlobUpload, (sha256, user.id))
    if upload is None:
        return {"received": 0, "size": None, "complete": False}
    return {"received": upload.received, "size": upload.size, "complete": False}


def _discarding(sha256: str, user: User, error: AppError) -> AppError:
    """Forget ``user``'s partial upload (its chunks and its row) and return ``error``
    marked to keep that: the edge commits the discard, then answers the error."""
    db.session.execute(
        delete(BlobUpload).where(BlobUpload.sha256 == sha256, BlobUpload.uploaded_by_id == user.id)
    )
    storage().delete_prefix(_upload_prefix(sha256, user))
    error.keeps_changes = True
    return error


def _assemble(upload: BlobUpload, user: User) -> bytes:
    """The chunks in order: each starts where the one before it ended."""
    store, parts, offset = storage(), [], 0
    while offset < upload.size:
        chunk = store.get(_chunk_key(upload.sha256, user, offset))
        if not chunk:
            raise KeyError(offset)
        parts.append(chunk)
        offset += len(chunk)
    return b"".join(parts)


def put_chunk(
    sha256: str, offset: int, size: int, data: bytes, user: User
) -> tuple[dict[str, Any], str]:
    """Add one chunk to ``user``'s upload; returns (answer, PARTIAL | STORED |
    ALREADY_STORED). The last chunk stores the blob (or, if someone stored the same bytes
    before, proves that the user holds them).

    A blob the user may read is answered complete at once; one he may not is uploaded like
    any other (its bytes prove he holds it), so a chunk never tells whether it is stored.

    Raises Conflict (409, with ``received``) when ``offset`` is not where the upload
    stands, BlobRefused when the blob is refused (the partial upload is discarded)."""
    blob = db.session.get(Blob, sha256)
    existed = blob is not None
    if existed and access.may_read_blob(user, sha256):
        return blob_info(blob), ALREADY_STORED
    limit = current_app.config["BLOB_MAX_BYTES"]
    upload = db.session.get(BlobUpload, (sha256, user.id), with_for_update=True)
    if size > limit:
        refused = _refused("tooLarge", f"At most {limit} bytes.", code=413)
        raise _discarding(sha256, user, refused) if upload is not None else refused
    if upload is None:
        if offset != 0:
            raise Conflict("Start at offset 0.", key="errors.blob.offset", extra={"received": 0})
        cleanup.check_upload_quota(user)
        upload = BlobUpload(sha256=sha256, size=size, received=0, uploaded_by_id=user.id)
        try:
            with db.session.begin_nested():
                db.session.add(upload)
        except IntegrityError:  # the same phone started it a moment ago
            raise Conflict(
                "The upload is in progress elsewhere.",
                key="errors.blob.offset",
                extra={"received": upload_status(sha256, user)["received"]},
            ) from None
    if offset != upload.received:
        received = upload.received
        raise Conflict(
            f"The upload stands at {received} bytes.",
            key="errors.blob.offset",
            extra={"received": received},
        )
    if size != upload.size or offset + len(data) > size:
        refused = _refused("sizeMismatch", "The chunks do not add up to the announced size.")
        raise _discarding(sha256, user, refused)
    if data:
        storage().put(_chunk_key(sha256, user, offset), data)
    upload.received = offset + len(data)
    if upload.received < size:
        return {"received": upload.received, "size": size, "complete": False}, PARTIAL
    try:
        whole = _assemble(upload, user)
    except KeyError:  # a chunk went missing from storage: start again
        lost = Conflict(
            "Part of the upload was lost; send it again from the start.",
            key="errors.blob.offset",
            extra={"received": 0},
        )
        raise _discarding(sha256, user, lost) from None
    try:
        blob = store_blob(whole, user, sha256)
    except BlobRefused as refused:
        raise _discarding(sha256, user, refused) from None
    finished = db.session.get(BlobUpload, (sha256, user.id))
    if finished is not None:
        db.session.delete(finished)
    storage().delete_prefix(_upload_prefix(sha256, user))
    return blob_info(blob), ALREADY_STORED if existed else STORED


# --- reading ----------------------------------------------------------------------------


def may_see(user: User, sha256: str) -> bool:
    """Whether ``user`` may fetch the blob (server.services.access.may_read_blob)."""
    return access.may_read_blob(user, sha256)


def read_variant(sha256: str, variant: str) -> tuple[Blob, bytes]:
    """A stored blob and the bytes of one of its variants (ask may_see first)."""
    blob = db.session.get(Blob, sha256)
    if blob is None:
        raise NotFound("Blob not found.", key="errors.notFound")
    return blob, storage().get(_key(sha256, variant))
