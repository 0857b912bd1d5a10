"""Applying a pushed batch exactly once.

Mutations are numbered per client. The batch runs in one transaction that first takes
this server's change sequence (serialising it against every other writer), then for each
mutation in order:

- seq at or below the client's last processed seq → a resend: answer the stored result;
- seq = last + 1 → apply it in a savepoint and store its result (applied, merged,
  conflict or rejected) in the same transaction as its changes;
- a gap → stop: the rest are answered "deferred" and sent again after the missing one.

A rejected mutation rolls back only its own savepoint, is stored with its arguments for
the office to see, and does not block the ones after it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from server.errors import AppError
from server.extensions import db
from server.models import SyncClient, SyncMutation, User
from server.models.base import utcnow
from server.services.transaction import batch
from server.sync.mutations import HANDLERS, Context, Outcome, Rejected
from server.sync.records import to_record
from server.sync.versioning import transaction_version

log = logging.getLogger(__name__)


class ClientMismatch(AppError):
    code = 403
    key = "errors.sync.clientOfAnotherUser"


@dataclass
class PushResult:
    results: list[dict[str, Any]]
    last_seq: int


def sync_client(client_id: uuid.UUID, user: User, schema_version: int) -> SyncClient:
    """The client row, created on first contact; a client id belongs to one user."""
    client = db.session.get(SyncClient, client_id, with_for_update=True)
    if client is None:
        client = SyncClient(
            id=client_id, user_id=user.id, schema_version=schema_version, last_seq=0
        )
        db.session.add(client)
    elif client.user_id != user.id:
        raise ClientMismatch(
            "This app installation belongs to another user: sign out and in again.",
        )
    client.schema_version = schema_version
    client.last_seen_at = utcnow()
    return client


def _versions(rows: list[Any]) -> dict[str, dict[str, int]]:
    versions: dict[str, dict[str, int]] = {}
    for row in rows:
        versions.setdefault(row.__tablename__, {})[str(row.id)] = row.row_version
    return versions


def _apply(ctx: Context, name: str, args: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    handler = HANDLERS.get(name)
    savepoint = db.session.begin_nested()
    try:
        if handler is None:
            raise Rejected(
                f"Unknown mutation {name!r}.",
                "errors.sync.unknownMutation",
                {"name": ["Unknown mutation."]},
            )
        outcome: Outcome = handler(ctx, args)
        db.session.flush()
        savepoint.commit()
    except Rejected as exc:
        savepoint.rollback()
        return {
            "status": "rejected",
            "message": exc.message,
            "key": exc.key,
            "errors": exc.errors,
        }, []
    except Exception:  # a bug must not lose the change: it is kept, rejected, for the office
        savepoint.rollback()
        log.exception("mutation %s %s failed", name, ctx.mutation_id)
        return {
            "status": "rejected",
            "message": "The server could not apply this change.",
            "key": "errors.sync.serverError",
            "errors": {},
        }, []
    result: dict[str, Any] = {"status": outcome.status, "versions": _versions(outcome.rows)}
    if outcome.conflicts:
        result["conflicts"] = outcome.conflicts
    return result, outcome.rows


def push(
    user: User, client_id: uuid.UUID, schema_version: int, mutations: list[dict[str, Any]]
) -> PushResult:
    """Apply ``mutations`` (validated envelopes) for ``user``'s client; commit once."""
    transaction_version(db.session)
    client = sync_client(client_id, user, schema_version)
    results: list[dict[str, Any]] = []
    deferred = False
    with batch():
        for m in sorted(mutations, key=lambda m: m["seq"]):
            head = {"id": str(m["id"]), "seq": m["seq"]}
            if deferred:
                results.append({**head, "status": "deferred"})
                continue
            if m["seq"] <= client.last_seq:
                results.append({**head, **_stored_result(client, m)})
                continue
            if m["seq"] > client.last_seq + 1:
                deferred = True
                results.append({**head, "status": "deferred"})
                continue
            stored = db.session.get(SyncMutation, m["id"])
            if stored is not None:
                # The same mutation under a new seq (an outbox rebuilt after a crash).
                client.last_seq = m["seq"]
                results.append({**head, **stored.result, "duplicate": True})
                continue
            ctx = Context(user, client.id, m["id"], m["occurred_at"])
            result, rows = _apply(ctx, m["name"], m["args"])
            db.session.add(
                SyncMutation(
                    id=m["id"],
                    client_id=client.id,
                    seq=m["seq"],
                    user_id=user.id,
                    name=m["name"],
                    args=m["args"],
                    status=result["status"],
                    result=result,
                    device_at=m["occurred_at"],
                )
            )
            client.last_seq = m["seq"]
            results.append(
                {
                    **head,
                    **result,
                    "records": [{"entity": r.__tablename__, "record": to_record(r)} for r in rows],
                }
            )
    db.session.commit()
    return PushResult(results, client.last_seq)


def _stored_result(client: SyncClient, m: dict[str, Any]) -> dict[str, Any]:
    stored = db.session.scalar(db.select(SyncMutation).filter_by(client_id=client.id, seq=m["seq"]))
    if stored is None:
        stored = db.session.get(SyncMutation, m["id"])
    if stored is None or stored.id != m["id"]:
        return {
            "status": "rejected",
            "key": "errors.sync.seqReused",
            "message": "This sequence number was used by another change.",
            "errors": {},
        }
    return {**stored.result, "duplicate": True}


def clock_offset_ms(client_time: datetime, now: datetime) -> int:
    """How far the server's clock is ahead of the device's (positive: the phone is slow)."""
    return round((now - client_time).total_seconds() * 1000)
