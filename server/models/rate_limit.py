"""Counted requests of rate-limited public actions (server.services.rate_limit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import IdMixin, UTCDateTime, utcnow


class RateLimitHit(IdMixin, db.Model):
    """One counted request in a bucket. Kept in the database, not in a process, so every
    server counts the same hits."""

    __tablename__ = "rate_limit_hits"

    #: "qr_report:ip:<hash>", "qr_report:device:<hash>" (keys are stored hashed).
    bucket: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
