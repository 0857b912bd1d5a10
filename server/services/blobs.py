"""Photos and signature images: resumable uploads, validation, variants, access.

A blob is named by the SHA-256 of its bytes. A phone uploads it in chunks (PUT with the
offset where each starts); after a break it asks how much arrived and goes on from
there. When the last byte arrives the whole is checked against its hash and validated
with Pillow (JPEG, PNG or WebP only, within the size and pixel limits, not truncated);
only then is anything stored: the upload as received (kept so the hash stays provable,
never served), and three re-encoded variants without metadata, EXIF orientation applied:
the original size, a display size and a thumbnail. On any failure the partial upload is
discarded and nothing is stored.

Records (attachments, signatures) name blobs by hash and may arrive first; when their
blob is stored they are touched, so the next pull brings them with ``blob_ready`` true.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from server.errors import AppError, Conflict, NotFound
from server.extensions import db
from server.models import Attachment, Blob, BlobUpload, Signature, User
from server.models.base import utcnow
from server.services import access
from server.services.storage import storage

#: Pillow format name → content type. Nothing else is accepted.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
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


def _chunk_key(sha256: str, offset: int) -> str:
    return f"uploads/{sha256}/{offset:012d}"


def blob_info(blob: Blob) -> dict[str, Any]:
    return {
        "sha256": blob.sha256,
        "size": blob.size,
        "content_type": blob.content_type,
        "width": blob.width,
        "height": blob.height,
        "complete": True,
    }


# --- images ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessedImage:
    content_type: str
    width: int
    height: int
    #: Variant name → encoded bytes (no metadata).
    variants: dict[str, bytes]


def _is_truncated_webp(data: bytes) -> bool:
    """A WebP file says its own length in the RIFF header."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    return int.from_bytes(data[4:8], "little") + 8 > len(data)


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """The decoded image, or BlobRefused naming why not."""
    if _is_truncated_webp(data):
        raise _refused("truncated", "The image file is incomplete.")
    with warnings.catch_warnings():
        # Pillow warns, then refuses, past its own limit: both mean a bomb to us.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refused("decompressionBomb", "The image declares too many pixels.") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _refused("notAnImage", "Not a JPEG, PNG or WebP image.") from None
    if image.width * image.height > max_pixels:
        raise _refused("decompressionBomb", f"The image has more than {max_pixels} pixels.")
    try:
        image.load()
    except OSError as exc:
        if "truncated" in str(exc):
            raise _refused("truncated", "The image file is incomplete.") from None
        raise _refused("notAnImage", "The image cannot be decoded.") from None
    except (SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refused("notAnImage", "The image cannot be decoded.") from None
    return image


def _encode(image: Image.Image, fmt: str, *, quality: int, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    options: dict[str, Any] = {}
    if icc:
        options["icc_profile"] = icc  # colour, not identity: kept so colours stay right
    if fmt == "JPEG":
        options.update(quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        options.update(quality=quality)
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _clean_mode(image: Image.Image, fmt: str) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if has_alpha:
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


def process_image(data: bytes, *, max_pixels: int, display_edge: int, thumb_edge: int):
    """Validate ``data`` and make its variants: EXIF orientation applied, every piece of
    metadata (GPS, camera make and model, capture time, XMP) left out."""
    image = _open(data, max_pixels)
    fmt = image.format or ""
    icc = image.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(image)
    except (ValueError, SyntaxError, OSError):  # an unreadable EXIF block: ignore it
        upright = image
    # A fresh image carries no info dict: nothing of the file's metadata can leak into
    # what we encode.
    pixels = Image.new(upright.mode, upright.size)
    pixels.paste(upright)
    if "transparency" in upright.info:
        pixels.info["transparency"] = upright.info["transparency"]
    if upright.mode == "P":
        pixels.putpalette(upright.getpalette() or [])
    pixels = _clean_mode(pixels, fmt)
    variants = {"original": _encode(pixels, fmt, quality=92, icc=icc)}
    for name, edge in (("display", display_edge), ("thumb", thumb_edge)):
        smaller = pixels.copy()
        smaller.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        variants[name] = _encode(smaller, fmt, quality=82, icc=icc)
    return ProcessedImage(FORMATS[fmt], pixels.width, pixels.height, variants)


# --- storing ----------------------------------------------------------------------------


def _touch_records(sha256: str) -> None:
    """Give the records waiting for this blob a new version, so phones pull them again
    (now with blob_ready true)."""
    now = utcnow()
    for model in (Attachment, Signature):
        for row in db.session.scalars(select(model).where(model.sha256 == sha256)):
            row.updated_at = now


def store_blob(data: bytes, user: User | None, sha256: str | None = None) -> Blob:
    """Verify, validate and store ``data``; idempotent (a stored blob is returned as is).

    Raises BlobRefused (nothing stored) when the bytes are not what we keep."""
    config = current_app.config
    if len(data) > config["BLOB_MAX_BYTES"]:
        raise _refused("tooLarge", f"At most {config['BLOB_MAX_BYTES']} bytes.", code=413)
    actual = hashlib.sha256(data).hexdigest()
    if sha256 is not None and actual != sha256:
        raise _refused("hashMismatch", "The bytes do not match their SHA-256.")
    existing = db.session.get(Blob, actual)
    if existing is not None:
        return existing
    image = process_image(
        data,
        max_pixels=config["BLOB_MAX_PIXELS"],
        display_edge=config["DISPLAY_EDGE"],
        thumb_edge=config["THUMB_EDGE"],
    )
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
        return db.session.get(Blob, actual)
    return blob


# --- resumable uploads --------------------------------------------------------------------


def upload_status(sha256: str) -> dict[str, Any]:
    """How much of an upload arrived: {received, size, complete}."""
    blob = db.session.get(Blob, sha256)
    if blob is not None:
        return {"received": blob.size, "size": blob.size, "complete": True}
    upload = db.session.get(BlobUpload, sha256)
    if upload is None:
        return {"received": 0, "size": None, "complete": False}
    return {"received": upload.received, "size": upload.size, "complete": False}


def _discarding(sha256: str, error: AppError) -> AppError:
    """Forget a partial upload (its chunks and its row) and return ``error`` marked to
    keep that: the edge commits the discard, then answers the error."""
    db.session.execute(delete(BlobUpload).where(BlobUpload.sha256 == sha256))
    storage().delete_prefix(f"uploads/{sha256}")
    error.keeps_changes = True
    return error


def _assemble(upload: BlobUpload) -> bytes:
    """The chunks in order: each starts where the one before it ended."""
    store, parts, offset = storage(), [], 0
    while offset < upload.size:
        chunk = store.get(_chunk_key(upload.sha256, offset))
        if not chunk:
            raise KeyError(offset)
        parts.append(chunk)
        offset += len(chunk)
    return b"".join(parts)


def put_chunk(
    sha256: str, offset: int, size: int, data: bytes, user: User
) -> tuple[dict[str, Any], str]:
    """Add one chunk; returns (answer, PARTIAL | STORED | ALREADY_STORED). The last chunk
    stores the blob.

    Raises Conflict (409, with ``received``) when ``offset`` is not where the upload
    stands, BlobRefused when the blob is refused (the partial upload is discarded)."""
    blob = db.session.get(Blob, sha256)
    if blob is not None:
        return blob_info(blob), ALREADY_STORED
    limit = current_app.config["BLOB_MAX_BYTES"]
    upload = db.session.get(BlobUpload, sha256, with_for_update=True)
    if size > limit:
        refused = _refused("tooLarge", f"At most {limit} bytes.", code=413)
        raise _discarding(sha256, refused) if upload is not None else refused
    if upload is None:
        if offset != 0:
            raise Conflict("Start at offset 0.", key="errors.blob.offset", extra={"received": 0})
        upload = BlobUpload(sha256=sha256, size=size, received=0, uploaded_by_id=user.id)
        try:
            with db.session.begin_nested():
                db.session.add(upload)
        except IntegrityError:  # another request started it a moment ago
            raise Conflict(
                "The upload is in progress elsewhere.",
                key="errors.blob.offset",
                extra={"received": upload_status(sha256)["received"]},
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
        raise _discarding(sha256, refused)
    if data:
        storage().put(_chunk_key(sha256, offset), data)
    upload.received = offset + len(data)
    if upload.received < size:
        return {"received": upload.received, "size": size, "complete": False}, PARTIAL
    try:
        whole = _assemble(upload)
    except KeyError:  # a chunk went missing from storage: start again
        lost = Conflict(
            "Part of the upload was lost; send it again from the start.",
            key="errors.blob.offset",
            extra={"received": 0},
        )
        raise _discarding(sha256, lost) from None
    try:
        blob = store_blob(whole, user, sha256)
    except BlobRefused as refused:
        raise _discarding(sha256, refused) from None
    finished = db.session.get(BlobUpload, sha256)
    if finished is not None:
        db.session.delete(finished)
    storage().delete_prefix(f"uploads/{sha256}")
    return blob_info(blob), STORED


# --- reading ----------------------------------------------------------------------------


def may_see(user: User, sha256: str) -> bool:
    """Whether ``user`` may fetch the blob: he uploaded it, or he may see a record that
    shows it (an attachment or a signature)."""
    blob = db.session.get(Blob, sha256)
    if blob is None:
        return False
    if blob.uploaded_by_id == user.id:
        return True
    for model in (Attachment, Signature):
        query = access.restrict(select(model.id).where(model.sha256 == sha256), model, user)
        if db.session.scalar(query.limit(1)) is not None:
            return True
    return False


def read_variant(sha256: str, variant: str) -> tuple[Blob, bytes]:
    """A stored blob and the bytes of one of its variants (ask may_see first)."""
    blob = db.session.get(Blob, sha256)
    if blob is None:
        raise NotFound("Blob not found.", key="errors.notFound")
    return blob, storage().get(_key(sha256, variant))
