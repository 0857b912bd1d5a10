"""Optimistic concurrency for REST writes to records phones also write (work orders).

A record's ETag is its ``row_version`` (the same number sync uses). A PATCH must send the
ETag it read in ``If-Match``: if the record changed since (a phone's push, another office
user), the write is refused with 412 and the current record, so the editor sees what
changed and decides again; without ``If-Match`` it is refused with 428. Nothing is
overwritten unseen, by REST or by sync (docs/api.md, "Editing a work order").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request

from server.errors import AppError


class PreconditionRequired(AppError):
    code = 428
    key = "errors.precondition.required"


class PreconditionFailed(AppError):
    code = 412
    key = "errors.precondition.failed"


def etag(row: Any) -> str:
    """The strong ETag of a synced row: its version, quoted."""
    return f'"{row.row_version}"'


def check_if_match(row: Any, current: Callable[[], dict[str, Any]]) -> None:
    """Refuse the write unless ``If-Match`` names the row's current version. ``current``
    serialises the row as the client reads it, for the 412 answer."""
    if not request.if_match:
        raise PreconditionRequired(
            "Send the ETag you read in If-Match, so a change made meanwhile is not lost.",
            errors={"headers": {"If-Match": ["Missing."]}},
        )
    if request.if_match.star_tag or not request.if_match.contains(str(row.row_version)):
        raise PreconditionFailed(
            "The work order changed since you read it: here it is as it stands now.",
            errors={"headers": {"If-Match": ["Not the current version."]}},
            extra={"current": current()},
        )
