"""SQL whose text does not change with the length of a list of values.

``column.in_(values)`` is written with one placeholder per value, so each length is a
statement of its own to psycopg, which prepares a statement by its text at its fifth run
on a connection and keeps counts for the last ``prepared_max`` (100) texts only: a push's
id lookups, with a new combination of lengths each time, pushed the counts of every
other statement out before they got there. On PostgreSQL ``one_of`` is
``column = ANY(array)``, one text for any length; SQLite (statements cached by text, no
arrays) keeps ``IN``. ``one_of_parameter`` is the same test for a statement built once,
the list given as a named parameter when it runs. ``among`` tests a short, fixed list of
constants without the per-execution rendering of an ``IN`` list.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam, or_
from sqlalchemy.dialects.postgresql import ARRAY

from server.extensions import db


def one_of(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN values``, one statement text whatever the number of values."""
    values = list(values)
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=_array_of(column.type)))
    return column.in_(values)


def one_of_parameter(column: Any, name: str, dialect: str) -> ColumnElement[bool]:
    """``column IN :name`` in a statement built once for ``dialect``: the list of values
    is the parameter ``name`` of each execution."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=_array_of(column.type)))
    return column.in_(bindparam(name, expanding=True))


def among(column: Any, constants: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN (constants)`` for a short, fixed list (statuses, kinds), written as
    ``column = c1 OR column = c2 ...``: an ``IN`` list is an "expanding" parameter, whose
    SQL SQLAlchemy renders again at every execution of a statement built once."""
    return or_(*(column == constant for constant in sorted(constants)))


@cache
def _array_of(item: Any) -> ARRAY:
    return ARRAY(item)
