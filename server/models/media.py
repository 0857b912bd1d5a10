"""Photos and signatures: stored blobs (content-addressed by SHA-256), uploads still in
progress, and the synced records that point at a blob (attachments, signatures).

A record names its blob by hash, not by foreign key: a phone syncs the record as soon as
it is made and uploads the photo when the signal allows, so the record may arrive first
("photo pending" until the blob is stored).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, column_property, mapped_column

from server.extensions import db
from server.models.base import IdMixin, SyncedMixin, TimestampMixin, UTCDateTime, utcnow

ATTACHMENT_KINDS = ("label", "warranty_card", "before", "after", "other")
SIGNATURE_PURPOSES = ("arrival", "sign_off", "inspection_report", "paid_work_consent")
SIGNER_ROLES = ("customer", "engineer")
#: The questions of the satisfaction survey taken with a signature, each rated 1..5.
SATISFACTION_KEYS = ("attitude", "speed", "quality", "overall")


class Blob(db.Model):
    """A validated image whose bytes are in storage (server.services.storage)."""

    __tablename__ = "blobs"

    #: Hex SHA-256 of the bytes as uploaded: the blob's name everywhere.
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Bytes as uploaded.
    size: Mapped[int] = mapped_column(BigInteger)
    #: image/jpeg, image/png or image/webp (the variants keep the format).
    content_type: Mapped[str] = mapped_column(String(50))
    #: Pixels after the EXIF orientation was applied.
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    #: Indexed: the clean-up finds old blobs by it, oldest first (services.cleanup).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Who completed the upload (null for a customer's photo from the public report page).
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)


class BlobHolder(db.Model):
    """A user who uploaded every byte of a blob (verified against its hash), so holds it:
    the first uploader and anyone who sent the same bytes later. A record's blob is shown
    through the record only if its author (or someone who may see it) holds the blob
    (server.services.access.may_read_blob)."""

    __tablename__ = "blob_holders"

    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BlobUpload(db.Model):
    """An upload in progress, one per blob and uploader: how many bytes arrived. The chunks
    are in storage under uploads/<sha256>/<user id>/; the row is deleted when the blob is
    stored or refused. Only its uploader sees it or adds to it."""

    __tablename__ = "blob_uploads"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    uploaded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    #: The total size the client announced.
    size: Mapped[int] = mapped_column(BigInteger)
    #: Bytes received so far (the next chunk must start here).
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Indexed: the clean-up finds abandoned uploads by it (services.cleanup).
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )


def _blob_ready(sha256_column: Any) -> Any:
    """Whether the named blob is stored: loaded with the row, so it is in the wire form."""
    return column_property(select(Blob.sha256).where(Blob.sha256 == sha256_column).exists())


class Attachment(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    """A photo on a work order, a device or a checklist answer. Append-only."""

    __tablename__ = "attachments"

    work_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_orders.id"), index=True
    )
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"), index=True)
    inspection_result_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inspection_results.id"), index=True
    )
    #: label, warranty_card, before, after, other.
    kind: Mapped[str] = mapped_column(String(20), default="other")
    caption: Mapped[str] = mapped_column(Text, default="")
    #: The blob (hex SHA-256); it may not have been uploaded yet.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: When the photo was taken, by the device's clock.
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who added it (null: a customer on the public fault report page).
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    blob_ready = _blob_ready(sha256)


class Signature(IdMixin, TimestampMixin, SyncedMixin, db.Model):
    """A signature taken on the engineer's screen, with the exact text the signer saw.
    Append-only: signing again is a new signature."""

    __tablename__ = "signatures"

    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    #: arrival, sign_off, inspection_report.
    purpose: Mapped[str] = mapped_column(String(30))
    signer_name: Mapped[str] = mapped_column(String(100))
    #: customer or engineer.
    signer_role: Mapped[str] = mapped_column(String(20))
    #: When it was signed, by the device's clock.
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The signature image (a PNG blob).
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: The work-order summary shown when signing (server.domain.signing), and its hash.
    summary: Mapped[str] = mapped_column(Text)
    summary_sha256: Mapped[str] = mapped_column(String(64))
    #: {"attitude", "speed", "quality", "overall"}: each 1..5; null when not asked.
    satisfaction: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The signer's opinion (客户意见).
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    blob_ready = _blob_ready(sha256)
