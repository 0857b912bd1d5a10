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


# --- NUL bytes and integer ranges: 422 naming the field, on SQLite and PostgreSQL alike ---

NUL = "before\u0000after"
INT32_MAX = 2**31 - 1


def _part(**fields):
    return {"part_number": "FAN-80MM", "name": "80mm 风扇", "cost_cents": 500, **fields}


def test_a_nul_byte_in_a_text_field_is_refused_naming_it(client, login, world):
    admin = login("admin")
    r = client.post("/api/v1/parts/", json=_part(name=NUL), headers=admin)
    assert r.status_code == 422, r.json
    assert "name" in r.json["errors"]["json"]
    r = client.patch(f"/api/v1/devices/{world.devices[0].id}", json={"notes": NUL}, headers=admin)
    assert r.status_code == 422 and "notes" in r.json["errors"]["json"]
    r = client.get("/api/v1/devices/", query_string={"q": NUL}, headers=admin)
    assert r.status_code == 422 and "q" in r.json["errors"]["query"]


def test_a_nul_byte_deep_in_a_body_is_refused_naming_where(client, login, world):
    admin = login("admin")
    r = client.post(
        "/api/v1/checklist-templates/",
        json={
            "system_type": "cctv",
            "name": "巡检",
            "items": [{"key": "image", "label": NUL, "type": "pass_fail"}],
        },
        headers=admin,
    )
    assert r.status_code == 422
    assert "label" in r.json["errors"]["json"]["items"]["0"]
    r = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions",
        json={"action": "accept", "data": {"where": {"note": NUL}}},
        headers=login("engineer1"),
    )
    assert r.status_code == 422 and "data" in r.json["errors"]["json"]


def test_an_integer_past_the_database_range_is_refused_naming_it(client, login, world):
    admin = login("admin")
    r = client.post("/api/v1/parts/", json=_part(cost_cents=INT32_MAX + 1), headers=admin)
    assert r.status_code == 422 and "cost_cents" in r.json["errors"]["json"]
    r = client.post("/api/v1/parts/", json=_part(cost_cents=INT32_MAX), headers=admin)
    assert r.status_code == 201, r.json
    r = client.get("/api/v1/devices/", query_string={"per_page": 2**63}, headers=admin)
    assert r.status_code == 422 and "per_page" in r.json["errors"]["query"]


def test_the_document_gives_the_integer_range(client):
    spec = client.get("/api/v1/openapi.json").json
    cost = spec["components"]["schemas"]["PartIn"]["properties"]["cost_cents"]
    assert (cost["minimum"], cost["maximum"]) == (0, INT32_MAX)


def test_every_list_bounds_its_page_and_page_size(client, login, world):
    admin = login("admin")
    spec = client.get("/api/v1/openapi.json").json
    lists = [
        path
        for path, operations in spec["paths"].items()
        if "{" not in path
        and any(p["name"] == "page" for p in operations.get("get", {}).get("parameters", []))
    ]
    assert len(lists) >= 20
    for path in lists:
        for name, value in (("page", "9999999999999999999"), ("per_page", str(2**40))):
            r = client.get(path, query_string={name: value}, headers=admin)
            assert r.status_code == 422, (path, name, r.status_code)
            assert name in r.json["errors"]["query"], (path, name)
