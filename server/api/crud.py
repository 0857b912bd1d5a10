"""List / create / read / update endpoints for registry resources, declared once.

Each registry module (customers, sites, ...) calls ``register_crud`` with its model,
schemas, filters and who may write; reads are limited by ``services.access``.

A record phones also write or pull (one with a ``row_version``: a device replaced by a
sync ``device.replace``, ...) is edited as a work order is (server.api.preconditions): its
GET and PATCH answer its ETag, and PATCH must send it back in If-Match (428 without, 412
with the record as it stands if it changed since), so no edit overwrites another unseen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask.views import MethodView
from marshmallow import Schema
from sqlalchemy import or_, select

from server.api.blueprint import Blueprint
from server.api.pagination import paginate
from server.api.preconditions import ETAG_HEADER, check_if_match, etag, if_match_responses
from server.api.schemas.common import page_of, patch_of
from server.auth import current_user, roles_required
from server.errors import NotFound
from server.extensions import db
from server.services import access, registry


def register_crud(
    blp: Blueprint,
    *,
    model: Any,
    schema: type[Schema],
    in_schema: type[Schema],
    list_args: type[Schema],
    write_roles: tuple[str, ...],
    filters: dict[str, Any] | None = None,
    clauses: dict[str, Callable[[Any], Any]] | None = None,
    search: tuple[Any, ...] = (),
    order_by: Any = None,
    read_roles: tuple[str, ...] | None = None,
    save: Callable[..., Any] | None = None,
    open_lookups: tuple[str, ...] = (),
    answer: Callable[[list[Any]], list[Any]] | None = None,
) -> None:
    """Add ``GET/POST /`` and ``GET/PATCH /<id>`` for ``model`` to ``blp``.

    ``filters`` map a query argument to a column it must equal; ``clauses`` map one to a
    function building the WHERE clause; ``search`` are the columns ``q`` matches.
    ``open_lookups`` are exact filters that lift the engineer's scope (a device found by
    its serial on site, though no work order of his references it yet). ``answer`` turns
    a page of rows into what the schema dumps (rows with the rules' answers beside them,
    services.answers), so the schema itself only dumps.
    """
    filters = filters or {}
    clauses = clauses or {}
    label = model.__name__
    save = save or (lambda data, current=None: registry.save(model, data, current))

    def answered(rows: list[Any]) -> list[Any]:
        return answer(rows) if answer is not None else rows

    def one(row: Any) -> Any:
        return answered([row])[0]

    def visible(query, args):
        user = current_user()
        if read_roles is not None and user.role not in read_roles:
            return query.where(False)
        if any(args.get(key) is not None for key in open_lookups):
            return query
        return access.restrict(query, model, user) if model_has_rule(model) else query

    @blp.route("/")
    class Collection(MethodView):
        @blp.arguments(list_args, location="query")
        @blp.response(200, page_of(schema))
        def get(self, args):
            query = visible(select(model), args)
            for key, column in filters.items():
                if args.get(key) is not None:
                    query = query.where(column == args[key])
            for key, clause in clauses.items():
                if args.get(key) is not None:
                    query = query.where(clause(args[key]))
            if args.get("q") and search:
                like = f"%{args['q']}%"
                query = query.where(or_(*(column.ilike(like) for column in search)))
            query = query.order_by(order_by if order_by is not None else model.created_at)
            page = paginate(query, args)
            return {**page, "items": answered(list(page["items"]))}

        @blp.arguments(in_schema)
        @blp.response(201, schema)
        @roles_required(*write_roles)
        def post(self, data):
            return one(save(data))

    Collection.get.__doc__ = f"List {label} records (paginated; filters as query arguments)."
    Collection.post.__doc__ = f"Create a {label}."

    versioned = hasattr(model, "row_version")
    what = _spoken(label)

    def with_etag(row: Any) -> Any:
        return (one(row), 200, {"ETag": etag(row)}) if versioned else one(row)

    headers = ETAG_HEADER if versioned else None
    preconditions = if_match_responses(blp, what) if versioned else (lambda method: method)

    @blp.route("/<uuid:row_id>")
    class Item(MethodView):
        @blp.response(200, schema, headers=headers)
        def get(self, row_id: uuid.UUID):
            return with_etag(get_row(row_id))

        @blp.arguments(patch_of(in_schema))
        @blp.response(200, schema, headers=headers)
        @preconditions
        @roles_required(*write_roles)
        def patch(self, data, row_id: uuid.UUID):
            row = get_row(row_id)
            if versioned:
                # No write between check and ours: this row locked, only it (not the
                # outer joins of relationships the session may have loaded with it).
                db.session.refresh(row, with_for_update={"of": type(row)})
                check_if_match(row, lambda: schema().dump(one(row)), what)
            row = save(data, row)
            if versioned:
                db.session.flush()  # the new row version
            return with_etag(row)

    Item.get.__doc__ = f"One {label}." + (
        " Its ETag is its row version (send it back in If-Match)." if versioned else ""
    )
    Item.patch.__doc__ = f"Change some fields of a {label}." + (
        " Send the ETag read with it in If-Match: a change made meanwhile (a phone's push,"
        f" another office user) answers 412 with the {what} as it stands, never overwritten"
        " unseen."
        if versioned
        else ""
    )

    def get_row(row_id: uuid.UUID):
        user = current_user()
        if read_roles is not None and user.role not in read_roles:
            raise NotFound(f"{label} not found.")
        if model_has_rule(model):
            return access.get_visible(model, row_id, user)
        return access.get_or_404(model, row_id)


def _spoken(label: str) -> str:
    """``ChecklistTemplate`` -> ``checklist template``."""
    return "".join(f" {c.lower()}" if c.isupper() else c for c in label).strip()


def model_has_rule(model: Any) -> bool:
    return model in access.RULED_MODELS
