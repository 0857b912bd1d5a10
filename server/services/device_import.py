"""Import an equipment list (设备清单) from CSV or XLSX: all rows or none.

The first row names the columns, in English (the API's field names) or in Chinese (the
headings seen in equipment lists: 序列号, 型号, 厂家 ...). Every row is checked with the
same schema as POST /devices/, plus: the system exists, and the serial is neither twice in
the file nor already registered. Errors are collected for every row, keyed by the row
number a spreadsheet shows (the header is row 1); if there is any, nothing is stored.

The system comes from the request (``system_id`` for every row) or from a ``system_id``
column. A CSV is read as UTF-8 (with or without BOM), else as GB18030 (what Excel in China
writes).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, ValidationError
from sqlalchemy import select

from server.errors import AppError
from server.extensions import db
from server.models import Device, System

#: A column beyond the device's own fields: the serial of the unit this row's unit replaced
#: (in the same system; services.replacements marks it replaced and links the two).
REPLACES = "replaces_serial"
#: Heading (lower case, no spaces) -> field. The field names themselves are accepted too.
ALIASES = {
    "序列号": "serial",
    "序列号sn": "serial",
    "sn": "serial",
    "设备序列号": "serial",
    "型号": "model",
    "设备型号": "model",
    "厂家": "manufacturer",
    "厂商": "manufacturer",
    "品牌": "manufacturer",
    "制造商": "manufacturer",
    "类别": "device_class",
    "设备类别": "device_class",
    "位置": "location",
    "安装位置": "location",
    "版本": "version",
    "固件版本": "version",
    "ip": "ip_address",
    "ip地址": "ip_address",
    "出售日期": "sold_on",
    "销售日期": "sold_on",
    "交付日期": "delivered_on",
    "到货日期": "delivered_on",
    "安装日期": "installed_on",
    "调试日期": "commissioned_on",
    "验收日期": "accepted_on",
    "首次使用日期": "first_used_on",
    "购买日期": "purchased_on",
    "厂家保修月数": "manufacturer_warranty_months",
    "厂家保修(月)": "manufacturer_warranty_months",
    "备注": "notes",
    "系统id": "system_id",
    "替换序列号": REPLACES,
    "原设备序列号": REPLACES,
    "被替换序列号": REPLACES,
}
#: Columns that number the rows of a list and mean nothing to us.
IGNORED = {"序号", "no", "no.", "#"}
#: Device classes as written in lists.
CLASS_ALIASES = {
    "主机": "main",
    "外围设备": "peripheral",
    "外设": "peripheral",
    "消耗品": "consumable",
}
#: Dates as typed in lists: 2026/3/1, 2026.3.1, 2026-3-1, 2026年3月1日.
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _refused(message: str, errors: dict[str, Any], key: str) -> AppError:
    return AppError(message, key=key, code=422, errors=errors)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refused(
        "The file is not UTF-8 or GB18030 text.",
        {"file": ["Cannot read the file's text encoding."]},
        "errors.deviceImport.unreadable",
    )


def _cell(value: Any) -> Any:
    """A cell as the schema wants it: text trimmed, dates ISO, whole numbers without .0."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _check_unpacked(data: bytes, max_unpacked: int) -> None:
    """Refuse a workbook whose parts unpack to more than ``max_unpacked`` bytes (a zip
    bomb), from the sizes its zip directory declares: nothing is decompressed. zipfile
    never yields more than a part declares, so the declared sizes bound what a parser
    would read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _unreadable() from None
    if unpacked > max_unpacked:
        message = f"The workbook unpacks to more than {max_unpacked} bytes."
        raise AppError(
            message,
            key="errors.deviceImport.unpackedTooLarge",
            code=413,
            errors={"file": [message]},
        )


def _unreadable() -> AppError:
    return _refused(
        "Not a readable XLSX workbook.",
        {"file": ["Not a readable XLSX workbook."]},
        "errors.deviceImport.unreadable",
    )


def _xlsx_rows(data: bytes, max_unpacked: int) -> Iterator[list[Any]]:
    _check_unpacked(data, max_unpacked)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same answer
        raise _unreadable() from None
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    except Exception:  # noqa: BLE001 - a part that breaks while streamed: the same
        raise _unreadable() from None
    finally:
        workbook.close()


def _csv_rows(text: str) -> Iterator[list[Any]]:
    try:
        for row in csv.reader(io.StringIO(text)):
            yield list(row)
    except csv.Error:  # a field over the parser's limit, a broken quote ...
        raise _refused(
            "Not a readable CSV file.",
            {"file": ["Not a readable CSV file."]},
            "errors.deviceImport.unreadable",
        ) from None


def read_rows(filename: str, data: bytes, max_unpacked: int) -> Iterator[list[Any]]:
    """The sheet's rows of cells, one at a time (the first sheet of a workbook), so a
    caller can stop at a limit without the rest ever being parsed."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data, max_unpacked)
    if name.endswith(".csv"):
        return _csv_rows(_decode(data))
    raise _refused(
        "Send a .csv or .xlsx file.",
        {"file": ["Send a .csv or .xlsx file."]},
        "errors.deviceImport.unreadable",
    )


def _columns(header: list[Any], fields: set[str]) -> list[str | None]:
    columns: list[str | None] = []
    unknown: dict[str, list[str]] = {}
    for heading in header:
        text = (_cell(heading) or "").replace(" ", "")
        lower = text.lower()
        if not text or lower in IGNORED:
            columns.append(None)
        elif lower in fields:
            columns.append(lower)
        elif lower in ALIASES:
            columns.append(ALIASES[lower])
        else:
            columns.append(None)
            unknown[str(heading)] = ["Unknown column."]
    taken = [c for c in columns if c]
    twice = {c for c in taken if taken.count(c) > 1}
    errors: dict[str, Any] = {}
    if unknown:
        errors["columns"] = unknown
    if twice:
        errors["columns"] = {**errors.get("columns", {}), **{c: ["Named twice."] for c in twice}}
    if errors:
        raise _refused(
            "The file has columns we do not know.", errors, "errors.deviceImport.columns"
        )
    return columns


def import_devices(
    filename: str,
    data: bytes,
    schema: Schema,
    system_id: uuid.UUID | None,
    max_rows: int,
    max_unpacked: int,
) -> list[Device]:
    """Check every row with ``schema`` (the device input schema) and the rules above;
    store all rows in one transaction, or raise 422 with ``errors.rows`` and store none.

    At most ``max_rows`` rows with content (reading stops at the first one over), from a
    workbook unpacking to at most ``max_unpacked`` bytes (413 before it is parsed)."""
    with closing(read_rows(filename, data, max_unpacked)) as table:
        header = next(table, None)
        if header is None:
            raise _refused(
                "The file is empty.",
                {"file": ["The file is empty."]},
                "errors.deviceImport.empty",
            )
        columns = _columns(header, {*schema.fields, REPLACES})
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, cells in enumerate(table, start=2):
            record = {
                column: _cell(value)
                for column, value in zip(columns, cells, strict=False)
                if column and _cell(value) is not None
            }
            if not record:  # a blank row: skipped, never counted
                continue
            if len(rows) == max_rows:  # stop reading at the first row over the limit
                raise _refused(
                    f"At most {max_rows} rows per import.",
                    {"file": [f"At most {max_rows} rows."]},
                    "errors.deviceImport.tooManyRows",
                )
            rows.append((number, record))
    if not rows:
        raise _refused(
            "The file has no rows.", {"file": ["No device rows."]}, "errors.deviceImport.empty"
        )

    errors: dict[str, dict[str, list[str]]] = {}
    loaded: list[tuple[int, dict[str, Any], Device | None]] = []
    first_row_of: dict[str, int] = {}
    existing = set(
        db.session.scalars(
            select(Device.serial).where(Device.serial.in_({r.get("serial") for _, r in rows}))
        )
    )
    systems: dict[Any, bool] = {}
    for number, record in rows:
        if system_id is not None:
            record["system_id"] = str(system_id)
        for name, value in record.items():
            match = _DATE.match(value) if name.endswith("_on") and isinstance(value, str) else None
            if match:
                year, month, day = (int(part) for part in match.groups())
                record[name] = f"{year:04d}-{month:02d}-{day:02d}"
        if "device_class" in record:
            record["device_class"] = CLASS_ALIASES.get(
                record["device_class"], record["device_class"]
            )
        row_errors: dict[str, list[str]] = {}
        replaces = record.pop(REPLACES, None)
        try:
            device = schema.load(record)
        except ValidationError as exc:
            row_errors.update(exc.messages)  # type: ignore[arg-type]
            device = None
        serial = record.get("serial")
        if serial:
            if serial in first_row_of:
                row_errors.setdefault("serial", []).append(
                    f"Also in row {first_row_of[serial]} of the file."
                )
            else:
                first_row_of[serial] = number
            if serial in existing:
                row_errors.setdefault("serial", []).append("A device with this serial exists.")
        if device is not None:
            key = device["system_id"]
            if key not in systems:
                systems[key] = db.session.get(System, key) is not None
            if not systems[key]:
                row_errors.setdefault("system_id", []).append("No System with this id.")
        old = None
        if device is not None and replaces:
            old = db.session.scalar(
                select(Device).where(
                    Device.system_id == device["system_id"], Device.serial == replaces
                )
            )
            if old is None or old.status != "in_service" or old.replaced_by_id is not None:
                row_errors.setdefault(REPLACES, []).append(
                    "No unit in service with this serial in the system."
                )
        if row_errors:
            errors[str(number)] = row_errors
        else:
            loaded.append((number, device, old))
    if errors:
        raise _refused(
            f"{len(errors)} rows have errors; nothing was imported.",
            {"rows": errors},
            "errors.deviceImport.invalidRows",
        )

    devices = []
    for _, fields, old in loaded:
        if fields.get("ip_address") is not None:
            fields["ip_address"] = str(fields["ip_address"])
        elif "ip_address" in fields:
            fields["ip_address"] = ""
        device = Device(id=uuid.uuid4(), **fields)
        db.session.add(device)
        devices.append(device)
        if old is not None:
            old.replaced_by, old.status = device, "replaced"
    db.session.flush()
    return devices
