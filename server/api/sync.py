"""The sync endpoints phones use (push, pull), and the office's view of what sync could
not apply as sent: conflicts and rejected mutations."""

from __future__ import annotations

import uuid

from flask import current_app, request
from flask.views import MethodView
from sqlalchemy import select

from server.api.blueprint import Blueprint
from server.api.pagination import paginate
from server.api.schemas.common import page_of
from server.api.schemas.sync import (
    ConflictListArgs,
    ConflictSchema,
    LateContributionSchema,
    LateDecisionSchema,
    LateListArgs,
    PullResponseSchema,
    PushResponseSchema,
    RejectedListArgs,
    RejectedSchema,
    ResolveSchema,
)
from server.auth import current_user, roles_required
from server.errors import AppError, NotFound, field_error
from server.extensions import db
from server.models import OFFICE_ROLES, LateContribution, SyncConflict, SyncMutation
from server.models.base import utcnow
from server.services.sync_review import resolve_conflict, server_side_writers
from server.sync import late as late_contributions
from server.sync import protocol
from server.sync.pull import begin_snapshot, pull
from server.sync.push import clock_offset_ms, push

blp = Blueprint(
    "sync",
    __name__,
    description="Offline sync: push mutations, pull changes (docs/sync-protocol.md).",
)


def snapshot_first_for_pulls() -> None:
    """A pull's snapshot begins before the authentication reads (server.sync.pull):
    registered ahead of it (server.create_app)."""
    if request.endpoint == "sync.Pull":
        begin_snapshot()


class ClientTooOld(AppError):
    code = 426
    key = "errors.sync.clientTooOld"


class ServerTooOld(AppError):
    code = 409
    key = "errors.sync.serverTooOld"


def _check_version(version: int) -> None:
    if version > protocol.SCHEMA_VERSION:
        raise ServerTooOld(
            "This app is newer than the server: it syncs once the server is updated (your "
            "unsent changes are kept on the phone).",
            extra={
                "min_schema_version": protocol.MIN_SCHEMA_VERSION,
                "schema_version": protocol.SCHEMA_VERSION,
            },
        )
    if version < protocol.MIN_SCHEMA_VERSION:
        raise ClientTooOld(
            "This app version can no longer sync: update the app (your unsent changes are "
            "kept on the phone and sent after the update).",
            extra={
                "min_schema_version": protocol.MIN_SCHEMA_VERSION,
                "schema_version": protocol.SCHEMA_VERSION,
            },
        )


@blp.route("/push")
class Push(MethodView):
    @blp.arguments(protocol.PushSchema)
    @blp.response(200, PushResponseSchema)
    @blp.alt_response(409, description="errors.sync.serverTooOld: the client is newer.")
    @blp.alt_response(426, description="The client's schema version is not supported.")
    def post(self, body):
        """Apply a batch of mutations exactly once; one result per mutation."""
        _check_version(body["schema_version"])
        limit = current_app.config["SYNC_MAX_MUTATIONS"]
        if len(body["mutations"]) > limit:
            raise AppError(
                f"At most {limit} mutations per push.",
                code=413,
                key="errors.sync.batchTooLarge",
                errors={"json": {"mutations": [f"At most {limit}."]}},
            )
        result = push(current_user(), body["client_id"], body["schema_version"], body["mutations"])
        now = utcnow()
        return {
            "results": result.results,
            "last_seq": result.last_seq,
            "server_time": now,
            "clock_offset_ms": clock_offset_ms(body["client_time"], now),
            "schema_version": protocol.SCHEMA_VERSION,
        }


@blp.route("/pull")
class Pull(MethodView):
    @blp.arguments(protocol.PullSchema)
    @blp.response(200, PullResponseSchema)
    @blp.alt_response(409, description="errors.sync.serverTooOld: the client is newer.")
    @blp.alt_response(426, description="The client's schema version is not supported.")
    def post(self, body):
        """Changes in the caller's scope since the cursor, a page at a time."""
        _check_version(body["schema_version"])
        config = current_app.config
        now = utcnow()
        limit = body["limit"] or config["SYNC_PAGE_SIZE"]
        if limit > config["SYNC_PAGE_SIZE"]:  # (a server configured below the default)
            raise field_error("limit", f"At most {config['SYNC_PAGE_SIZE']}.")
        held = {(entity, str(row_id), version) for entity, row_id, version in body["held"]}
        response = pull(
            current_user(),
            body["cursor"],
            limit,
            now,
            config["SYNC_CLOSED_DAYS"],
            held=held,
            known_scope=body["scope_digest"],
        )
        return {
            **response,
            "server_time": now,
            "clock_offset_ms": clock_offset_ms(body["client_time"], now),
            "schema_version": protocol.SCHEMA_VERSION,
        }


@blp.route("/conflicts")
class Conflicts(MethodView):
    @blp.arguments(ConflictListArgs, location="query")
    @blp.response(200, page_of(ConflictSchema))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Fields both sides changed: the winner applied, the loser kept here."""
        query = select(SyncConflict).order_by(SyncConflict.created_at.desc())
        if args["open"]:
            query = query.where(SyncConflict.resolved_at.is_(None))
        if args.get("entity_id"):
            query = query.where(SyncConflict.entity_id == args["entity_id"])
        page = paginate(query, args)
        writers = server_side_writers(page["items"])
        for conflict in page["items"]:
            conflict.server_written_by = writers.get(conflict.id)
        return page


@blp.route("/conflicts/<uuid:conflict_id>/resolve")
class ResolveConflict(MethodView):
    @blp.arguments(ResolveSchema)
    @blp.response(200, ConflictSchema)
    @roles_required("supervisor", "admin", "dispatcher")
    def post(self, body, conflict_id: uuid.UUID):
        """Settle a conflict: keep the server's value, take the device's, or enter one."""
        conflict = db.session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFound("Conflict not found.")
        return resolve_conflict(conflict, body, current_user())


@blp.route("/rejected")
class Rejected(MethodView):
    @blp.arguments(RejectedListArgs, location="query")
    @blp.response(200, page_of(RejectedSchema))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Mutations the server refused, kept with their arguments."""
        query = (
            select(SyncMutation)
            .where(SyncMutation.status == "rejected")
            .order_by(SyncMutation.server_at.desc())
        )
        if args["open"]:
            query = query.where(SyncMutation.reviewed_at.is_(None))
        return paginate(query, args)


@blp.route("/rejected/<uuid:mutation_id>/review")
class ReviewRejected(MethodView):
    @blp.response(200, RejectedSchema)
    @roles_required(*OFFICE_ROLES)
    def post(self, mutation_id: uuid.UUID):
        """Mark a rejected mutation as looked at (it stays on record)."""
        mutation = db.session.get(SyncMutation, mutation_id)
        if mutation is None or mutation.status != "rejected":
            raise NotFound("Rejected mutation not found.")
        mutation.reviewed_at = utcnow()
        mutation.reviewed_by_id = current_user().id
        return mutation


@blp.route("/late")
class LateContributions(MethodView):
    @blp.arguments(LateListArgs, location="query")
    @blp.response(200, page_of(LateContributionSchema))
    @roles_required(*OFFICE_ROLES)
    def get(self, args):
        """Work done offline on orders closed, cancelled or reassigned before it synced,
        newest first (``status`` open by default; ``work_order_id`` for one order)."""
        query = select(LateContribution).order_by(LateContribution.server_at.desc())
        if args["status"] != "all":
            query = query.where(LateContribution.status == args["status"])
        if args.get("work_order_id"):
            query = query.where(LateContribution.work_order_id == args["work_order_id"])
        return paginate(query, args)


def _late_or_404(late_id: uuid.UUID) -> LateContribution:
    row = db.session.get(LateContribution, late_id)
    if row is None:
        raise NotFound("Late change not found.")
    return row


@blp.route("/late/<uuid:late_id>/accept")
class AcceptLate(MethodView):
    @blp.arguments(LateDecisionSchema)
    @blp.response(200, LateContributionSchema)
    @blp.alt_response(409, description="Decided already.")
    @roles_required("supervisor", "admin")
    def post(self, body, late_id: uuid.UUID):
        """Apply it as the engineer made it (his name, the phone's time): the history and
        the SLA outcomes follow; a step the order has moved past is recorded as history."""
        return late_contributions.accept(_late_or_404(late_id), current_user(), body["note"])


@blp.route("/late/<uuid:late_id>/dismiss")
class DismissLate(MethodView):
    @blp.arguments(LateDecisionSchema)
    @blp.response(200, LateContributionSchema)
    @blp.alt_response(409, description="Decided already.")
    @roles_required("supervisor", "admin")
    def post(self, body, late_id: uuid.UUID):
        """Set it aside with a note saying why (it stays on record)."""
        return late_contributions.dismiss(_late_or_404(late_id), current_user(), body["note"])
