"""What is kept of a rejected mutation: a bounded copy of its arguments and its result.

A refused change is stored for the office (GET /api/v1/sync/rejected) and its result is
answered again on a resend, so neither may grow with what a phone sent: one push once
stored 50 MB of arguments. Within SYNC_REJECTED_KEEP_BYTES of JSON a value is kept as is;
beyond, a copy of the same shape is kept: the ids first (``id``, ``*_id``), then the
other keys in their order, each long string cut (ending in "…"), nested values the same
way, until the budget is spent; the rest is left out and the copy says so::

    {"id": "…", "work_order_id": "…", "text": "客户说…", "field_00001": "x",
     "_truncated": {"bytes": 152345}}

(``bytes``: the size of the JSON that was sent.) Short fields such as ids come through
whole, so the office still sees which order and record the change was for.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app

#: The key that marks a copy as cut, holding the size of the original.
MARK = "_truncated"
ELLIPSIS = "…"
#: A single string keeps at most this share of the budget, so one long text does not
#: crowd out the short fields after it.
_STRING_SHARE = 8
#: Nesting deeper than this is not copied.
_MAX_DEPTH = 16
#: Room kept for the mark itself.
_MARK_ROOM = 48


def _size(value: Any) -> int:
    """Bytes of JSON as stored and answered (non-ASCII escaped, as json.dumps does)."""
    return len(json.dumps(value, default=str))


def _cut_string(text: str, budget: int) -> tuple[str, int]:
    size = _size(text)
    if size <= budget:
        return text, size
    piece = text[: max(0, budget - 2)]
    while piece and _size(piece + ELLIPSIS) > budget:
        piece = piece[: len(piece) * 3 // 4]
    kept = piece + ELLIPSIS
    return kept, _size(kept)


def _ids_first(value: dict[Any, Any]) -> list[tuple[Any, Any]]:
    """The entries with the ids (``id``, ``work_order_id`` ...) first, then the rest in
    their order: the ids say what a change was for."""
    ids = [(k, v) for k, v in value.items() if k == "id" or str(k).endswith(("_id", "_ids"))]
    return ids + [
        (k, v) for k, v in value.items() if not (k == "id" or str(k).endswith(("_id", "_ids")))
    ]


def _shrink(value: Any, budget: int, string_cap: int, depth: int) -> tuple[Any, int]:
    """A copy of ``value`` of at most about ``budget`` bytes of JSON, and its size."""
    if isinstance(value, str):
        return _cut_string(value, min(budget, string_cap))
    if isinstance(value, dict | list):
        if depth >= _MAX_DEPTH:
            return ELLIPSIS, _size(ELLIPSIS)
        is_dict = isinstance(value, dict)
        out: Any = {} if is_dict else []
        used = 2  # {} or []
        items = _ids_first(value) if is_dict else enumerate(value)
        for key, item in items:
            room = (_size(str(key)) + 2 if is_dict else 0) + 2  # "key": and ", "
            left = budget - used - room
            if left < 8:
                break
            copy, size = _shrink(item, left, string_cap, depth + 1)
            if size > left:
                break
            if is_dict:
                out[key] = copy
            else:
                out.append(copy)
            used += room + size
        return out, used
    size = _size(value)
    return (value, size) if size <= budget else (None, 4)


def bounded(value: Any, limit: int) -> Any:
    """``value`` itself when its JSON fits in ``limit`` bytes, else a cut copy of the same
    shape marked with ``_truncated: {"bytes": <original size>}`` (a value that is not an
    object is wrapped: ``{"value": <cut copy>, "_truncated": ...}``)."""
    try:
        size = _size(value)
    except (ValueError, RecursionError):  # not JSON we can measure: keep only the mark
        return {MARK: {"bytes": None}}
    if size <= limit:
        return value
    budget = max(0, limit - _MARK_ROOM)
    copy, _ = _shrink(value, budget, max(64, limit // _STRING_SHARE), 0)
    if not isinstance(copy, dict):
        copy = {"value": copy}
    copy[MARK] = {"bytes": size}
    return copy


def rejected_copy(result: dict[str, Any], args: Any) -> tuple[dict[str, Any], Any]:
    """(result, args) as a mutation is answered and stored: bounded when it was rejected,
    untouched otherwise (an applied change's arguments passed its schema's limits)."""
    if result.get("status") != "rejected":
        return result, args
    limit = current_app.config["SYNC_REJECTED_KEEP_BYTES"]
    return bounded(result, limit), bounded(args, limit)
