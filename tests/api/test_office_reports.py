"""The service report and the inspection report as PDF, and the links sent to customers."""

import io
import re
import uuid

import pytest
from pypdf import PdfReader

from tests.rest import patch_work_order
from tests.sync.phone import Phone


@pytest.fixture
def media(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_DIR", str(tmp_path / "media"))


def _text(response) -> str:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _png(color="black") -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(image).line((10, 100, 290, 20), fill=color, width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _signed_and_completed(client, login, world, db):
    """engineer1 fixes wo1, takes a photo and the customer's sign-off (blobs stored), and
    completes it."""
    from server.domain.signing import summary_sha256
    from server.models import User, WorkOrder
    from server.services import attachments, blobs
    from server.unit_of_work import committed

    phone = Phone(client, login("engineer1"))
    phone.pull()
    wo_id = str(world.wo1.id)
    phone.transition(wo_id, "accept")
    phone.transition(wo_id, "arrive")
    phone.mutate(
        "part_usage.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": wo_id,
            "part_id": str(world.part.id),
            "quantity": 1,
        },
    )
    phone.update_work_order(
        wo_id,
        diagnosis_symptom="画面黑屏",
        diagnosis_cause="电源适配器损坏",
        diagnosis_fix="更换 12V 适配器",
    )
    assert {r["status"] for r in phone.push()["results"]} == {"applied"}

    engineer = db.session.get(User, world.users["engineer1"].id)
    wo = db.session.get(WorkOrder, world.wo1.id)
    db.session.refresh(wo)
    with committed():
        photo = blobs.store_blob(_png("red"), engineer)
        attachments.add_attachment(
            {"kind": "after", "caption": "更换后", "sha256": photo.sha256}, engineer, wo=wo
        )
        ink = blobs.store_blob(_png(), engineer)
        summary = attachments.current_summary(wo)
        attachments.add_signature(
            wo,
            {
                "purpose": "sign_off",
                "signer_name": "王老师",
                "signer_role": "customer",
                "sha256": ink.sha256,
                "summary": summary,
                "summary_sha256": summary_sha256(summary),
                "satisfaction": {"attitude": 5, "speed": 4, "quality": 5, "overall": 5},
                "comment": "处理及时",
            },
            engineer,
        )
    phone.transition(wo_id, "complete")
    assert {r["status"] for r in phone.push()["results"]} == {"applied"}
    return summary_sha256(summary)


def test_the_service_report_prints_the_customer_the_work_and_the_signed_hash(
    client, login, world, db, media
):
    digest = _signed_and_completed(client, login, world, db)
    r = client.get(f"/api/v1/work-orders/{world.wo1.id}/report.pdf", headers=login("supervisor"))
    text = _text(r)
    assert "上海市第一人民医院" in text
    assert world.wo1.number in text
    assert "DS2CD0001" in text
    assert "电源适配器损坏" in text
    assert "PSU-12V-2A" in text
    assert "王老师" in text
    assert digest in re.sub(r"\s+", "", text)
    assert "签字后工单内容已有变化" not in text
    assert 'inline; filename="' in r.headers["Content-Disposition"]
    assert (
        len(PdfReader(io.BytesIO(r.data)).pages[0].images)
        + len(PdfReader(io.BytesIO(r.data)).pages[-1].images)
        >= 1
    )


def test_the_report_warns_when_the_order_changed_after_signing(client, login, world, db, media):
    _signed_and_completed(client, login, world, db)
    headers = login("supervisor")
    patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"diagnosis_fix": "改了"},
        headers=headers,
    )
    text = _text(client.get(f"/api/v1/work-orders/{world.wo1.id}/report.pdf", headers=headers))
    assert "签字后工单内容已有变化" in text


def test_a_report_without_signature_says_so(client, login, world):
    r = client.get(
        f"/api/v1/work-orders/{world.wo2.id}/report.pdf?download=true", headers=login("dispatcher")
    )
    assert "客户尚未签字" in _text(r)
    assert r.headers["Content-Disposition"].startswith("attachment;")


def test_an_engineer_gets_the_report_of_his_own_order_only(client, login, world):
    headers = login("engineer2")
    assert (
        client.get(f"/api/v1/work-orders/{world.wo1.id}/report.pdf", headers=headers).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/work-orders/{world.wo2.id}/report.pdf", headers=headers).status_code
        == 200
    )


def test_the_inspection_report_flags_readings_out_of_range(client, login, world, db, media):
    from server.models import ChecklistTemplate

    template = ChecklistTemplate(
        system_type="cctv",
        name="监控巡检",
        items=[
            {"key": "clean", "label": "设备清洁", "type": "pass_fail"},
            {
                "key": "temp",
                "label": "机房温度",
                "type": "number",
                "unit": "℃",
                "min": 10,
                "max": 28,
            },
        ],
    )
    db.session.add(template)
    db.session.commit()
    phone = Phone(client, login("engineer1"))
    phone.pull()
    for key, value in (("clean", True), ("temp", 20), ("temp", 31.5)):
        phone.mutate(
            "inspection_result.add",
            {
                "id": str(uuid.uuid4()),
                "work_order_id": str(world.wo1.id),
                "template_id": str(template.id),
                "item_key": key,
                "device_id": str(world.devices[0].id),
                "value": value,
            },
        )
    assert {r["status"] for r in phone.push()["results"]} == {"applied"}
    r = client.get(
        f"/api/v1/work-orders/{world.wo1.id}/inspection-report.pdf", headers=login("supervisor")
    )
    text = _text(r)
    assert "巡检报告" in text
    assert "机房温度" in text
    assert "31.5" in text
    assert "20 ℃" not in text  # corrected by the newer reading: only the latest counts
    assert "超出范围" in text
    assert "DS2CD0001" in text


def test_a_report_link_opens_the_pdf_without_a_login(client, login, world):
    r = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/report-link", json={}, headers=login("supervisor")
    )
    assert r.status_code == 201, r.json
    url = r.json["url"]
    assert url.startswith("http://aftercare.test/r/") and url.endswith(".pdf")
    assert r.json["kind"] == "service"
    path = url.removeprefix("http://aftercare.test")
    assert "上海市第一人民医院" in _text(client.get(path))
    events = client.get(f"/api/v1/work-orders/{world.wo1.id}/events", headers=login("supervisor"))
    assert events.json[-1]["kind"] == "report_link_created"


def test_an_inspection_report_link(client, login, world):
    r = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/report-link",
        json={"kind": "inspection"},
        headers=login("dispatcher"),
    )
    path = r.json["url"].removeprefix("http://aftercare.test")
    assert "巡检报告" in _text(client.get(path))


def test_a_forged_or_altered_link_is_not_found(client, login, world):
    r = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/report-link", json={}, headers=login("supervisor")
    )
    path = r.json["url"].removeprefix("http://aftercare.test")
    token = path.removeprefix("/r/").removesuffix(".pdf")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/r/{tampered}.pdf").status_code == 404
    assert client.get("/r/not-a-token.pdf").status_code == 404


def test_an_expired_link_is_gone(client, login, world, app, monkeypatch):
    r = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/report-link", json={}, headers=login("supervisor")
    )
    path = r.json["url"].removeprefix("http://aftercare.test")
    monkeypatch.setitem(app.config, "REPORT_LINK_DAYS", -1)
    gone = client.get(path)
    assert gone.status_code == 410
    assert gone.json["key"] == "errors.report.linkExpired"


def test_engineers_do_not_send_report_links(client, login, world):
    r = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/report-link", json={}, headers=login("engineer1")
    )
    assert r.status_code == 403
