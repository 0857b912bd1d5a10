"""Words, not codes, in what the customer reads: the service report names every status,
event, field and photo kind in Chinese, shows which edits came from the phone, and why an
order was closed without what its guards needed."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from server.domain import work_order_flow as flow
from server.reports import work_order_pdf
from tests.sync.phone import Phone


def _text(response) -> str:
    assert response.status_code == 200, response.data[:300]
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def test_every_status_and_step_of_the_life_cycle_has_a_chinese_label():
    assert set(flow.STATUSES) <= set(work_order_pdf.STATUS)
    assert {a.event for a in flow.ACTIONS.values()} <= set(work_order_pdf.EVENT)
    assert set(flow.ENGINEER_FIELDS) <= set(work_order_pdf.FIELD)


def test_the_report_names_phone_edits_and_a_closing_override_in_words(client, login, world, db):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    wo_id = str(world.wo1.id)
    typed = datetime.now(UTC) - timedelta(minutes=30)
    phone.mutate(
        "work_order.update",
        {"id": wo_id, "base": {"diagnosis_cause": ""}, "changes": {"diagnosis_cause": "网线松动"}},
        occurred_at=typed,
    )
    phone.transition(wo_id, "accept")
    phone.transition(wo_id, "arrive")
    phone.push()
    from server.models import WorkOrder
    from server.unit_of_work import committed

    with committed():  # completed with what it had then (before the guards)
        db.session.get(WorkOrder, world.wo1.id).status = "completed"
    office = login("supervisor")
    closed = client.post(
        f"/api/v1/work-orders/{wo_id}/actions",
        json={"action": "close", "data": {"override_reason": "客户已书面确认"}},
        headers=office,
    )
    assert closed.status_code == 200, closed.json
    # (Table cells wrap: compare the text without its line breaks.)
    text = _text(client.get(f"/api/v1/work-orders/{wo_id}/report.pdf", headers=office))
    text = text.replace("\n", "")
    assert "故障原因" in text and "（手机）" in text
    assert "主管说明原因后关闭" in text and "客户已书面确认" in text
    for code in ("on_site", "report_link_created", "diagnosis_cause", "True", "False"):
        assert code not in text
