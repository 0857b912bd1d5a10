"""Web Push to the engineers' phones (pywebpush: VAPID-signed, aes128gcm-encrypted).

The server's VAPID key pair is made on first use and kept in VAPID_PRIVATE_KEY_FILE
(instance/vapid_private.pem, mode 600): the phone subscribes with its public key
(GET /api/v1/push-subscriptions/key), so replacing the file makes every phone subscribe
again. A notification goes to each push subscription of its user; a subscription the push
service no longer knows (404, 410) is removed. A user without any left raises, so the row
is retried and in the end failed with the reason."""

from __future__ import annotations

import base64
import json
import os
import uuid
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, select

from server.extensions import db
from server.models import PushSubscription
from server.notify.channels import Message
from server.unit_of_work import committed


def vapid_key(config: dict[str, Any]) -> Vapid:
    """The server's VAPID key, created (and stored) the first time it is needed."""
    path = Path(config["VAPID_PRIVATE_KEY_FILE"])
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Vapid()
        key.generate_keys()
        pem = key.private_pem()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use that one
            return Vapid.from_file(str(path))
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
    return Vapid.from_file(str(path))


def public_key(config: dict[str, Any]) -> str:
    """The applicationServerKey a phone subscribes with: the uncompressed P-256 point,
    base64url without padding."""
    raw = vapid_key(config).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class WebPushChannel:
    name = "webpush"

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    def send(self, message: Message) -> None:
        subscriptions = [
            (s.id, s.endpoint, s.p256dh, s.auth)
            for s in db.session.scalars(
                select(PushSubscription).where(
                    PushSubscription.user_id == uuid.UUID(message.recipient)
                )
            )
        ]
        db.session.rollback()  # nothing held open while sending
        if not subscriptions:
            raise LookupError("The user has no push subscription (notifications not allowed).")
        key = vapid_key(self.config)
        data = json.dumps(message.payload, ensure_ascii=False)
        delivered, errors, gone = 0, [], []
        for sub_id, endpoint, p256dh, auth in subscriptions:
            try:
                webpush(
                    {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
                    data=data,
                    vapid_private_key=key,
                    vapid_claims={"sub": self.config["VAPID_SUBJECT"]},
                    timeout=self.config["SMTP_TIMEOUT_SECONDS"],
                    ttl=self.config["WEBPUSH_TTL_SECONDS"],
                    headers={"Topic": message.id.replace("-", "")[:32]},
                )
                delivered += 1
            except WebPushException as exc:
                status = exc.response.status_code if exc.response is not None else None
                if status in (404, 410):
                    gone.append(sub_id)
                errors.append(f"{status or ''} {exc}".strip())
            except Exception as exc:  # the push service is unreachable: retry later
                errors.append(f"{type(exc).__name__}: {exc}")
        if gone:
            with committed():
                db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone)))
        if delivered == 0:
            raise RuntimeError("; ".join(errors) or "not delivered")
