"""People who log in, and the bearer tokens their devices hold."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import current_app
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from server.extensions import db
from server.models.base import IdMixin, TimestampMixin, UTCDateTime
from server.models.organisation import Centre

ROLES = ("admin", "dispatcher", "supervisor", "engineer")
OFFICE_ROLES = ("admin", "dispatcher", "supervisor")


class User(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    #: One of ROLES.
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    #: An engineer belongs to a centre; office staff may.
    centre_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("centres.id"), index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    centre: Mapped[Centre | None] = relationship()

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_office(self) -> bool:
        return self.role in OFFICE_ROLES


class ApiToken(IdMixin, TimestampMixin, db.Model):
    """A bearer token held by one device of one user; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    #: SHA-256 hex digest of the token; the token itself is shown once, at login.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: What the device called itself at login ("Redmi 12 / Chrome").
    device_name: Mapped[str] = mapped_column(String(200), default="")
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
