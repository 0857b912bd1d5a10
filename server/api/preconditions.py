"""Optimistic concurrency for REST writes to records phones also write (work orders, and
the registry records of server.api.crud: customers, sites, systems, devices, ...).

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

#: The ETag header of an answer carrying a synced record, for the OpenAPI document.
ETAG_HEADER = {
    "ETag": {"description": "The row version, for If-Match.", "schema": {"type": "string"}}
}


class PreconditionRequired(AppError):
    code = 428
    key = "errors.precondition.required"


class PreconditionFailed(AppError):
    code = 412
    key = "errors.precondition.failed"


def if_match_responses(blp: Any, what: str) -> Callable[[Any], Any]:
    """Document a PATCH that takes If-Match: its 412 (with ``current``, the ``what`` as it
    stands) and its 428."""

    def decorate(method: Any) -> Any:
        method = blp.alt_response(428, description="No If-Match header.")(method)
        return blp.alt_response(
            412, description=f"Changed since read: `current` is the {what} now."
        )(method)

    return decorate


def etag(row: Any) -> str:
    """The strong ETag of a synced row: its version, quoted."""
    return f'"{row.row_version}"'


def check_if_match(
    row: Any, current: Callable[[], dict[str, Any]], what: str = "work order"
) -> None:
    """Refuse the write unless ``If-Match`` names the row's current version. ``current``
    serialises the row as the client reads it, for the 412 answer; ``what`` names the
    record in the message."""
    if not request.if_match:
        raise PreconditionRequired(
            "Send the ETag you read in If-Match, so a change made meanwhile is not lost.",
            errors={"headers": {"If-Match": ["Missing."]}},
        )
    if request.if_match.star_tag or not request.if_match.contains(str(row.row_version)):
        raise PreconditionFailed(
            f"The {what} changed since you read it: here it is as it stands now.",
            errors={"headers": {"If-Match": ["Not the current version."]}},
            extra={"current": current()},
        )
