"""Fault reports by customers who scan a device's QR label with any phone camera.

The page behind /d/<token> shows only what the label itself says (model, serial) plus the
warranty status of that unit; never the customer, the site, the location or any other
device, and the device's open request with a link to its progress page. A report becomes
a request in the office intake: a work order with channel "qr", status "new", created by
nobody, with the customer's optional photo attached. One device, one open request: while
the device has an open repair order, a report joins it instead (a "reported_again" event
with the reporter's words, the photo on that order, no new SLA clocks) and the customer is
given that order's progress link. Reports are rate-limited per client IP and per label
(QR_REPORT_RATE_LIMIT per QR_REPORT_RATE_WINDOW_SECONDS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from server.errors import NotFound
from server.extensions import db
from server.models import Device, ProgressLink, WorkOrder
from server.services import attachments, blobs, progress, rate_limit, rule_facts
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
    wo = progress.open_request(device)
    link = progress.active_link(wo) if wo is not None else None
    return {
        "model": device.model,
        "manufacturer": device.manufacturer,
        "serial": device.serial,
        "warranty": warranty_summary(device),
        "company_name": organisation.company_name,
        "hotline": organisation.hotline,
        # The request open for this unit: its number, status in customer words, and the
        # page to follow it (none while the office has revoked its links).
        "open_request": {
            "number": wo.number,
            "status": progress.CUSTOMER_STATUS[wo.status],
            "progress_token": link.token if link is not None else None,
        }
        if wo is not None
        else None,
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


@dataclass
class Received:
    """What became of a report: the order it is on, whether it joined one already open,
    and the progress link to give the customer."""

    work_order: WorkOrder
    joined: bool
    link: ProgressLink


def report_fault(
    device: Device, report: dict[str, Any], photo: bytes | None, client_ip: str
) -> Received:
    """Register the customer's report in intake, or add it to the device's open request;
    one transaction for the request (or its event), its photo record and the rate-limit
    hits. The photo is validated like any blob first (BlobRefused: nothing is
    registered). Counting and recording the report are one step under concurrency
    (rate_limit.lock): the limit holds for reports sent at once, and reports sent at once
    for one label open one order (the label's lock orders them)."""
    rate_limit.lock(ACTION, {"ip": client_ip, "device": device.label_token})
    check_rate(device, client_ip)
    blob = blobs.store_blob(photo, None) if photo else None
    _, window = _limits()
    open_wo = progress.open_request(device)
    if open_wo is not None:
        rate_limit.record(ACTION, {"ip": client_ip, "device": device.label_token}, window)
        work_order_service.record_event(
            open_wo,
            "reported_again",
            None,
            note=report["symptom"],
            data={
                "channel": "qr",
                "device_id": str(device.id),
                "reporter_name": report["contact_name"],
                "reporter_phone": report["contact_phone"],
            },
        )
        _attach_photo(open_wo, device, blob)
        return Received(open_wo, True, progress.link_for_customer(open_wo))
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
    rate_limit.record(ACTION, {"ip": client_ip, "device": device.label_token}, window)
    wo = work_order_service.create_work_order(data, None)
    db.session.flush()  # the photo's row refers to the order by id
    _attach_photo(wo, device, blob)
    return Received(wo, False, progress.link_for_customer(wo))


def _attach_photo(wo: WorkOrder, device: Device, blob: Any) -> None:
    if blob is None:
        return
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
