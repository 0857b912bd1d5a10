"""Inserting many rows at once, at the database's bulk rate.

An executemany sends each row as a statement of its own (on PostgreSQL psycopg's
pipeline: a Bind and an Execute per row, the row's parameters adapted in Python), about
15 µs of Python per row of ten columns. ``insert_rows`` sends them on PostgreSQL with
``COPY ... FROM STDIN``, the rows written by psycopg's C code (about 6 µs a row); SQLite,
whose executemany is a loop in C over one prepared statement, keeps the executemany.
The values go through each column's own conversion first (SQLAlchemy's bind processors:
instants to UTC, JSON to its text), as an INSERT would send them.

COPY inserts: a row whose key exists fails the whole statement, as a plain INSERT would.
It is for rows nothing else can hold yet: those of records this transaction created.
The COPY goes through the connection's cursor events like any statement (statement
counters and logs see it) and its errors are SQLAlchemy's (IntegrityError ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Table, insert
from sqlalchemy.exc import DBAPIError


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys, the names of ``table``'s columns)."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    processors = [table.c[name].type.bind_processor(connection.dialect) for name in names]
    converted = [(index, process) for index, process in enumerate(processors) if process]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    cursor = connection.connection.driver_connection.cursor()
    text = statement.as_string(cursor)
    connection.dispatch.before_cursor_execute(connection, cursor, text, rows, None, True)
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                values = [row[name] for name in names]
                for index, process in converted:
                    values[index] = process(values[index])
                copy.write_row(values)
    except psycopg.Error as exc:
        raise DBAPIError.instance(text, None, exc, psycopg.Error) from exc
    finally:
        cursor.close()
    connection.dispatch.after_cursor_execute(connection, cursor, text, rows, None, True)
