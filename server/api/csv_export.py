"""``?format=csv`` for any table: rows (dicts) to a CSV download. UTF-8 with a byte-order
mark so Excel opens Chinese text correctly; instants as ISO-8601 UTC; text that would run
as a formula (=, +, -, @, tab, CR first) escaped with an apostrophe."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Response

from server.api.downloads import content_disposition
from server.domain.dates import format_instant

#: ``blp.alt_response(200, **CSV_200)`` on a view that answers ``format=csv``: its 200 is
#: then documented as JSON (its schema) or CSV.
CSV_200: dict[str, Any] = {
    "content_type": "text/csv",
    "schema": {"type": "string", "format": "binary"},
    "description": "JSON, or with format=csv a CSV file (UTF-8 with BOM).",
}


def plain(value: Any) -> Any:
    """A value as JSON and CSV write it: ids and dates as strings."""
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


#: A text cell starting with one of these is a formula to a spreadsheet (OWASP: CSV
#: injection): it is written with a leading apostrophe, so it reads as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a CSV cell: plain, and text that a spreadsheet would run made inert."""
    if value is None:
        return ""
    value = plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(name: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = content_disposition("attachment", f"{name}.csv")
    response.headers["Cache-Control"] = "no-store"
    return response
