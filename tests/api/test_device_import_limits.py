"""An equipment list cannot take a worker down: a workbook that unpacks to far more than
it weighs (a zip bomb) is refused before it is parsed, and the row limit stops reading a
long list at the first row over it."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet


def _import(client, headers, name, data, **form):
    return client.post(
        "/api/v1/devices/import",
        data={**form, "file": (io.BytesIO(data), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def _workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["serial", "model", "manufacturer"])
    for n in range(rows):
        sheet.append([f"XL{n:06d}", "DS-2CD", "海康威视"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_padding(xlsx: bytes, unpacked: int) -> bytes:
    """The workbook with one more part of ``unpacked`` zero bytes (a few KB packed)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/padding.bin", b"\0" * unpacked)
    return out.getvalue()


def test_a_workbook_unpacking_past_the_limit_is_refused_before_it_is_parsed(
    app, client, login, world, monkeypatch
):
    monkeypatch.setitem(app.config, "DEVICE_IMPORT_MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = _with_padding(_workbook(3), 4 * 1024 * 1024)
    assert len(bomb) < 64 * 1024

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    r = _import(client, login("admin"), "list.xlsx", bomb, system_id=str(world.system.id))
    assert r.status_code == 413, r.json
    assert r.json["key"] == "errors.deviceImport.unpackedTooLarge"
    assert "file" in r.json["errors"]


def test_a_workbook_within_the_unpacked_limit_is_imported(app, client, login, world):
    xlsx = _with_padding(_workbook(2), 1024)
    r = _import(client, login("admin"), "list.xlsx", xlsx, system_id=str(world.system.id))
    assert r.status_code == 201, r.json
    assert r.json["created"] == 2


def test_a_long_csv_is_read_only_up_to_the_row_limit(app, client, login, world, monkeypatch):
    monkeypatch.setitem(app.config, "DEVICE_IMPORT_MAX_ROWS", 10)
    data = "serial,model,manufacturer\n" + "".join(f"S{n},M,H\n" for n in range(30_000))
    assert len(data) < 500_000  # the test client spools larger bodies to a file
    read = []
    real_reader = csv.reader

    def counting_reader(*args, **kwargs):
        for row in real_reader(*args, **kwargs):
            read.append(1)
            yield row

    monkeypatch.setattr(csv, "reader", counting_reader)
    r = _import(client, login("admin"), "list.csv", data.encode(), system_id=str(world.system.id))
    assert r.status_code == 422
    assert r.json["key"] == "errors.deviceImport.tooManyRows"
    assert len(read) <= 12  # the header, ten rows and the one over the limit


def test_a_long_workbook_is_read_only_up_to_the_row_limit(app, client, login, world, monkeypatch):
    monkeypatch.setitem(app.config, "DEVICE_IMPORT_MAX_ROWS", 10)
    xlsx = _workbook(2_000)
    read = []
    real_iter_rows = ReadOnlyWorksheet.iter_rows

    def counting_iter_rows(self, *args, **kwargs):
        for row in real_iter_rows(self, *args, **kwargs):
            read.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counting_iter_rows)
    r = _import(client, login("admin"), "list.xlsx", xlsx, system_id=str(world.system.id))
    assert r.status_code == 422
    assert r.json["key"] == "errors.deviceImport.tooManyRows"
    assert len(read) <= 12


def test_blank_rows_do_not_count_towards_the_limit(app, client, login, world, monkeypatch):
    monkeypatch.setitem(app.config, "DEVICE_IMPORT_MAX_ROWS", 2)
    data = "serial,model,manufacturer\n\n,,\nB1,M,H\n\n\nB2,M,H\n,,\n"
    r = _import(client, login("admin"), "list.csv", data.encode(), system_id=str(world.system.id))
    assert r.status_code == 201, r.json
    assert r.json["created"] == 2


def test_a_csv_field_over_the_parsers_limit_is_unreadable_not_a_crash(client, login, world):
    data = "serial,model,manufacturer\n" + "X" * 200_000 + ",M,H\n"
    r = _import(client, login("admin"), "list.csv", data.encode(), system_id=str(world.system.id))
    assert r.status_code == 422
    assert r.json["key"] == "errors.deviceImport.unreadable"
