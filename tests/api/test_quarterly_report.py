"""The quarterly report to a customer: a PDF in Chinese with the quarter's service."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from server.domain.kpi import quarter_bounds


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_quarterly_report_covers_equipment_faults_service_and_next_quarters_plan(
    client, login, world, db
):
    today = date.today()
    quarter = (today.month - 1) // 3 + 1
    world.contract.settings = {"schedules": {"inspections": {"cctv": {"cadence": "monthly"}}}}
    db.session.commit()
    r = client.get(
        f"/api/v1/customers/{world.customer.id}/quarterly-report.pdf",
        query_string={"year": today.year, "quarter": quarter},
        headers=login("supervisor"),
    )
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    text = _text(r.data)
    for heading in ("设备运行情况", "故障及分析", "纠正措施", "服务情况", "下季度计划"):
        assert heading in text
    assert "上海市第一人民医院" in text and world.wo1.number in text
    first, _last = quarter_bounds(today.year + (quarter == 4), quarter % 4 + 1)
    assert first.isoformat()[:7] in text  # a monthly inspection in next quarter's first month


def test_the_quarterly_report_needs_a_valid_quarter_and_an_office_role(client, login, world):
    url = f"/api/v1/customers/{world.customer.id}/quarterly-report.pdf"
    bad = client.get(url, query_string={"year": 2026, "quarter": 5}, headers=login("admin"))
    assert bad.status_code == 422
    engineer = client.get(url, query_string={"year": 2026, "quarter": 1},
                          headers=login("engineer1"))  # fmt: skip
    assert engineer.status_code == 403
