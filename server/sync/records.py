"""The synced tables and the wire form of their rows.

A record on the wire is a flat JSON object of the row's columns: ids and references as
UUID strings, instants as ISO-8601 UTC, dates as YYYY-MM-DD, plus ``row_version``. A work
order also carries ``device_ids``; attachments and signatures carry ``blob_ready`` (their
image is stored; false: "photo pending"). The entity names below are the table names.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    Row,
    Select,
    String,
    Text,
    Uuid,
    inspect,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine

from server.extensions import db
from server.models import (
    Attachment,
    ChecklistTemplate,
    Contract,
    Customer,
    Device,
    InspectionResult,
    Loaner,
    OrganisationCalendarDay,
    PaidWorkConsent,
    Part,
    PartUsage,
    Signature,
    Site,
    StockLocation,
    StockMovement,
    SyncConflict,
    System,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderNote,
)
from server.models.base import UTCDateTime

#: Every synced entity, in the order pull walks them (parents before children).
ENTITIES: dict[str, Any] = {
    model.__tablename__: model
    for model in (
        Customer,
        Site,
        System,
        Device,
        Contract,
        Part,
        ChecklistTemplate,
        OrganisationCalendarDay,
        StockLocation,
        WorkOrder,
        WorkOrderEvent,
        WorkOrderNote,
        Attachment,
        Signature,
        PartUsage,
        Loaner,
        PaidWorkConsent,
        StockMovement,
        InspectionResult,
        SyncConflict,
    )
}


def wire_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        # One form everywhere (push answers, pull, REST): UTC, whatever offset it came in.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


#: The lists a record carries besides its columns: the ids of a many-to-many collection.
#: Which contract applies depends on the sites it covers (server.domain.contracts).
LISTS: dict[Any, tuple[str, str]] = {
    WorkOrder: ("device_ids", "devices"),
    Contract: ("site_ids", "sites"),
}


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _converter(column_type: TypeEngine) -> Callable[[Any], Any] | None:
    """What ``wire_value`` does to a column's values, chosen once from its type (None: they
    go as they are)."""
    if isinstance(column_type, Uuid):
        return str
    if isinstance(column_type, UTCDateTime | DateTime):
        return _instant
    if isinstance(column_type, Date):
        return date.isoformat
    if isinstance(column_type, String | Integer | Float | Boolean):
        return None
    return wire_value


@cache
def wire_converters(model: Any) -> tuple[Callable[[Any], Any] | None, ...]:
    """Per key of ``wire_keys(model)``, what turns a value of its column into its wire form
    (None: it goes as it is), for the records of a push answer (``to_record``): the type
    is looked at once per column, not per value."""
    return tuple(_converter(attr.columns[0].type) for attr in inspect(model).column_attrs)


def to_record(row: Any) -> dict[str, Any]:
    """The wire form of one synced row (an ORM object)."""
    model = type(row)
    record = {}
    for key, convert in zip(wire_keys(model), wire_converters(model), strict=True):
        value = getattr(row, key)
        record[key] = value if convert is None or value is None else convert(value)
    if model in LISTS:
        name, collection = LISTS[model]
        record[name] = sorted(str(item.id) for item in getattr(row, collection))
    return record


@cache
def wire_keys(model: Any) -> tuple[str, ...]:
    """The attributes a record of ``model`` carries: its columns (and column properties)."""
    return tuple(attr.key for attr in inspect(model).column_attrs)


class _AsStored(FunctionElement):
    """A column's value as the database stores it, handed over by the driver as it is:
    through ``sqlite`` on SQLite and ``postgresql`` on PostgreSQL (their SQL, ``{0}`` the
    column; as stored by default)."""

    inherit_cache = True
    sqlite = "{0}"
    postgresql = "{0}"


@compiles(_AsStored)
def _as_stored(element: _AsStored, compiler: Any, **kw: Any) -> str:
    return element.sqlite.format(compiler.process(element.clauses, **kw))


@compiles(_AsStored, "postgresql")
def _as_stored_postgresql(element: _AsStored, compiler: Any, **kw: Any) -> str:
    return element.postgresql.format(compiler.process(element.clauses, **kw))


class naive_utc(_AsStored):  # noqa: N801 (an SQL function, named as one)
    """An instant column's value as the naive UTC timestamp it stands for, which the
    driver hands over as it is and the app's JSON writes as UTC (server.json_codec): a
    pull page's instants need no conversion per value (UTCDateTime's makes each one
    aware, 4 µs a row of three instants). SQLite stores them so; PostgreSQL converts."""

    type = DateTime()
    inherit_cache = True
    postgresql = "timezone('UTC', {0})"


class json_text(_AsStored):  # noqa: N801 (an SQL function, named as one)
    """A JSON column's value as its stored text, which a pull page writes into its JSON
    as it is (``records_of``): nothing parses it to write it again. SQLite stores the
    text (or, for a bare number, the number); PostgreSQL's ``json`` keeps it verbatim."""

    type = Text()
    inherit_cache = True
    postgresql = "CAST({0} AS TEXT)"


class uuid_text(_AsStored):  # noqa: N801 (an SQL function, named as one)
    """A UUID column's value in its wire form (``str(uuid)``: lowercase hex digits in
    groups of 8-4-4-4-12), a string the driver hands over and the JSON writer copies as
    they are: a pull page's ids need no UUID object each (psycopg makes one for every
    UUID column of every row, the JSON writer formats it again: a sixth of a page of work
    orders). SQLite stores the 32 hex digits, which get their hyphens; PostgreSQL writes
    its UUIDs so."""

    type = Text()
    inherit_cache = True
    sqlite = (
        "substr({0}, 1, 8) || '-' || substr({0}, 9, 4) || '-' || substr({0}, 13, 4)"
        " || '-' || substr({0}, 17, 4) || '-' || substr({0}, 21, 12)"
    )
    postgresql = "CAST({0} AS TEXT)"


class uuid_hex(_AsStored):  # noqa: N801 (an SQL function, named as one)
    """A UUID column's value as its 32 lowercase hex digits, a string the driver hands
    over as it is (a UUID object costs about 1 µs to make and more to hash): sorted as
    strings, the ids are in the order of their numbers. SQLite stores them so;
    PostgreSQL writes its 16 bytes out."""

    type = Text()
    inherit_cache = True
    postgresql = "encode(uuid_send({0}), 'hex')"


class id_list(_AsStored):  # noqa: N801 (an SQL function, named as one)
    """An aggregate: the values (ids in their wire form) joined by commas, NULL for none."""

    type = Text()
    inherit_cache = True
    sqlite = "group_concat({0}, ',')"
    postgresql = "string_agg({0}, ',')"


@cache
def _wire_columns(model: Any) -> tuple[Any, ...]:
    columns = []
    for attr in inspect(model).column_attrs:
        column, column_type = getattr(model, attr.key), attr.columns[0].type
        if isinstance(column_type, UTCDateTime):
            column = naive_utc(column).label(attr.key)
        elif isinstance(column_type, JSON):
            column = json_text(column).label(attr.key)
        elif isinstance(column_type, Uuid):
            column = uuid_text(column).label(attr.key)
        columns.append(column)
    if model in LISTS:  # after the columns: the ids of its list, read in the same statement
        name, collection = LISTS[model]
        relationship = getattr(model, collection).property
        ((_, parent),) = relationship.synchronize_pairs
        ((_, child),) = relationship.secondary_synchronize_pairs
        listed = select(id_list(uuid_text(child))).where(parent == model.id)
        columns.append(listed.scalar_subquery().label(name))
    return tuple(columns)


@cache
def _json_keys(model: Any) -> tuple[str, ...]:
    """The keys of ``model``'s JSON columns (``json_text`` in a ``wire_select``)."""
    return tuple(a.key for a in inspect(model).column_attrs if isinstance(a.columns[0].type, JSON))


def wire_select(query: Select, model: Any) -> Select:
    """``query`` (a SELECT of ``model``) selecting the record's columns only, in the order
    of ``wire_keys``: instants as ``naive_utc``, JSON as ``json_text``, UUIDs as
    ``uuid_text`` (so a row's ``id`` is a string); then, for a model with a list
    (LISTS), its ids as an ``id_list``."""
    return query.with_only_columns(*_wire_columns(model))


def record_rows(statement: Select, parameters: dict[str, Any]) -> list[Row]:
    """The rows of ``statement`` (a ``wire_select``) as plain rows: no ORM object is built
    for a row that only goes on the wire. Run on the session's connection, in its
    transaction (a pull writes nothing the session could hold back)."""
    return db.session.connection().execute(statement, parameters).all()


def records_of(model: Any, rows: Sequence[Row]) -> list[dict[str, Any]]:
    """The records of ``record_rows`` rows, in their order, to be written as JSON by the
    app (server.json_codec writes their instants and dates in the wire form, as
    ``wire_value`` does: four times cheaper than converting each value here); a record's
    list (LISTS) sorted from its ``id_list``."""
    keys = wire_keys(model)
    records = [dict(zip(keys, row, strict=False)) for row in rows]  # (strict: twice the cost)
    for key in _json_keys(model):
        for record in records:
            if isinstance(text := record[key], str):  # (a bare number SQLite stores as one)
                record[key] = orjson.Fragment(text)
    if model in LISTS:
        name, at = LISTS[model][0], len(keys)
        for record, row in zip(records, rows, strict=True):
            record[name] = sorted(row[at].split(",")) if row[at] else []
    return records
