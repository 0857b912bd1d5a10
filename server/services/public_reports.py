"""Fault reports by customers who scan a device's QR label with any phone camera.

The page behind /d/<token> shows only what the label itself says (model, serial) plus the
warranty status of that unit; never the customer, the site, the location or any other
device. A report becomes a request in the office intake: a work order with channel "qr",
status "new", created by nobody, with the customer's optional photo attached. Reports are
rate-limited per client IP and per label (QR_REPORT_RATE_LIMIT per
QR_REPORT_RATE_WINDOW_SECONDS).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from server.errors import NotFound
from server.extensions import db
from server.models import Device, WorkOrder
from server.services import attachments, blobs, rate_limit, rule_facts
from server.services import work_orders as work_order_service
from server.services.organisation import organisation_settings

ACTION = "qr_report"
FREE_STATUSES = ("return", "exchange", "free_repair")


def device_by_token(token: str) -> Device:
    device = db.session.scalar(select(Device).where(Device.label_token == token))
    if device is None:
        raise NotFound("No device has this label.", key="errors.public.unknownLabel")
    return device


def warranty_summary(device: Device) -> dict[str, Any]:
    """What a customer may know of the unit's warranty today: in warranty (until when),
    expired, not covered, or unknown (no start date recorded yet)."""
    decision = rule_facts.device_warranty(device)
    status = decision.get("status")
    if status in FREE_STATUSES:
        return {"state": "in_warranty", "end_on": decision.get("end_on")}
    if status == "paid":
        return {"state": "expired", "end_on": decision.get("end_on")}
    if status == "excluded":
        return {"state": "not_covered", "end_on": None}
    return {"state": "unknown", "end_on": None}


def public_view(device: Device) -> dict[str, Any]:
    organisation = organisation_settings()
    return {
        "model": device.model,
        "manufacturer": device.manufacturer,
        "serial": device.serial,
        "warranty": warranty_summary(device),
        "company_name": organisation.company_name,
        "hotline": organisation.hotline,
    }


def _limits() -> tuple[int, int]:
    config = current_app.config
    return config["QR_REPORT_RATE_LIMIT"], config["QR_REPORT_RATE_WINDOW_SECONDS"]


def check_rate(device: Device, client_ip: str) -> None:
    """429 (errors.public.tooManyReports) when this IP or this label reported too often."""
    limit, window = _limits()
    rate_limit.check(
        ACTION,
        {"ip": client_ip, "device": device.label_token},
        limit,
        window,
        error_key="errors.public.tooManyReports",
    )


def report_fault(
    device: Device, report: dict[str, Any], photo: bytes | None, client_ip: str
) -> WorkOrder:
    """Register the customer's report in intake; one transaction for the request, its
    photo record and the rate-limit hits. The photo is validated like any blob first
    (BlobRefused: nothing is registered). Counting and recording the report are one step
    under concurrency (rate_limit.lock): the limit holds for reports sent at once."""
    rate_limit.lock(ACTION, {"ip": client_ip, "device": device.label_token})
    check_rate(device, client_ip)
    blob = blobs.store_blob(photo, None) if photo else None
    site = device.system.site
    data = {
        "customer_id": site.customer_id,
        "site_id": site.id,
        "system_id": device.system_id,
        "device_ids": [device.id],
        "type": "repair",
        "channel": "qr",
        "symptom": report["symptom"],
        "reporter_name": report["contact_name"],
        "reporter_phone": report["contact_phone"],
    }
    _, window = _limits()
    rate_limit.record(ACTION, {"ip": client_ip, "device": device.label_token}, window)
    wo = work_order_service.create_work_order(data, None)
    db.session.flush()  # the photo's row refers to the order by id
    if blob is not None:
        attachments.add_attachment(
            {
                "device_id": device.id,
                "kind": "before",
                "sha256": blob.sha256,
                "caption": "客户报修照片 Customer's photo",
            },
            None,
            wo=wo,
        )
    return wo
