"""Turn a SELECT into one page of the list envelope."""

from __future__ import annotations

import math
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from server.extensions import db


def paginate(query: Select, args: dict[str, Any]) -> dict[str, Any]:
    per_page = min(
        args.get("per_page") or current_app.config["DEFAULT_PAGE_SIZE"],
        current_app.config["MAX_PAGE_SIZE"],
    )
    page = args.get("page") or 1
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": max(1, math.ceil(total / per_page)),
    }
