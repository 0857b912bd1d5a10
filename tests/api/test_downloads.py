"""File names of downloads (Content-Disposition) and report links that we did not sign
the way we sign them: a 4xx, never a 500."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

import pytest
from itsdangerous import URLSafeTimedSerializer


@pytest.mark.parametrize(
    ("name", "fallback", "utf8"),
    [
        ("WO-2026-000001.pdf", "WO-2026-000001.pdf", None),
        ("北京协和-2026-Q1.pdf", "2026-Q1.pdf", "北京协和-2026-Q1.pdf"),
        ("SH\nHOSP\r\n-2026-Q1.pdf", "SHHOSP-2026-Q1.pdf", None),
        ('a"b\\c;d.pdf', "a_b_c_d.pdf", 'a"b\\c;d.pdf'),
        ("设备.csv", "download.csv", "设备.csv"),
    ],
)
def test_a_file_name_has_an_ascii_fallback_and_its_utf8_form(name, fallback, utf8):
    from server.api.downloads import content_disposition

    header = content_disposition("attachment", name)
    assert "\n" not in header and "\r" not in header
    header.encode("latin-1")  # a header value HTTP can carry
    assert header.startswith(f'attachment; filename="{fallback}"')
    if utf8 is None:
        assert "filename*" not in header
    else:
        assert header.endswith("; filename*=UTF-8''" + header.split("UTF-8''")[1])
        assert unquote(header.split("UTF-8''")[1]) == utf8


@pytest.mark.parametrize("code", ["北京协和", "SH\nHOSP", "A\r\nSet-Cookie: x=1"])
def test_the_quarterly_report_of_any_customer_code_downloads(client, login, world, db, code):
    world.customer.code = code
    db.session.commit()
    today = date.today()
    r = client.get(
        f"/api/v1/customers/{world.customer.id}/quarterly-report.pdf",
        query_string={"year": today.year, "quarter": 1, "download": "true"},
        headers=login("supervisor"),
    )
    assert r.status_code == 200, r.data[:300]
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "\n" not in disposition and "Set-Cookie" not in r.headers
    name = f"{code.replace(chr(13), '').replace(chr(10), '')}-{today.year}-Q1.pdf"
    if "filename*=" in disposition:
        assert unquote(disposition.split("UTF-8''")[1]) == name
    else:
        assert disposition == f'attachment; filename="{name}"'


def test_a_label_of_a_serial_in_chinese_downloads(client, login, world, db):
    device = world.devices[0]
    device.serial = "序列号\n0001"
    db.session.commit()
    r = client.get(f"/api/v1/devices/{device.id}/label.svg", headers=login("admin"))
    assert r.status_code == 200
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith('inline; filename="label-0001.svg"')
    assert unquote(disposition.split("UTF-8''")[1]) == "label-序列号0001.svg"


def _forged(app, payload) -> str:
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="aftercare.report-link")
    return signer.dumps(payload)


@pytest.mark.parametrize(
    "payload",
    [
        {"work_order_id": "not-a-uuid", "kind": "service"},
        {"work_order_id": 12, "kind": "service"},
        {"work_order_id": None, "kind": "service"},
        {"kind": "service"},
        ["a", "list"],
        "a string",
    ],
)
def test_a_signed_link_naming_no_work_order_is_not_found(app, client, world, payload):
    r = client.get(f"/r/{_forged(app, payload)}.pdf")
    assert r.status_code == 404
    assert r.json["key"] == "errors.notFound"
