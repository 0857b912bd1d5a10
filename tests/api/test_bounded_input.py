"""Bounded input: a page number past any list is a 422 naming the field, and text that a
spreadsheet would run as a formula is exported inert."""

from __future__ import annotations

import csv
import io
import uuid

from server.api.csv_export import cell
from tests.sync.phone import Phone

FORMULA = '=HYPERLINK("http://evil","x")'


def test_a_huge_page_number_is_refused_with_the_field_named(client, login, world):
    r = client.get("/api/v1/work-orders/?page=9999999999999999999", headers=login("dispatcher"))
    assert r.status_code == 422
    assert "page" in r.json["errors"]["query"]


def test_formula_text_is_escaped_and_numbers_are_not():
    assert cell(FORMULA) == "'" + FORMULA
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("-2+3") == "'-2+3"
    assert cell("\tTAB") == "'\tTAB"
    assert cell(-2) == -2
    assert cell("录像机 DS-7816N") == "录像机 DS-7816N"


def test_a_loaner_description_from_a_phone_is_exported_inert(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    args = {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "description": FORMULA}
    phone.mutate("loaner.issue", args)
    assert phone.push()["results"][0]["status"] == "applied"
    r = client.get("/api/v1/kpi/loaners?format=csv", headers=login("supervisor"))
    assert r.status_code == 200, r.data[:200]
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
