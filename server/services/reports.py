"""The service report (维修服务报告) and the inspection report (巡检报告) of a work order:
the facts they print, gathered into plain dicts (server.reports.work_order_pdf draws them),
and the signed links that let a customer open one without an account.

A report link is /r/<token>.pdf where the token is the work order id and the report kind,
signed with SECRET_KEY (itsdangerous) and valid for REPORT_LINK_DAYS: unguessable, needs
no database row, and stops working when it expires or the secret changes.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from server.errors import AppError, NotFound
from server.extensions import db
from server.models import Loaner, PaidWorkConsent, Signature, User, WorkOrder
from server.models.base import utcnow
from server.services import attachments, breaches, review, rule_facts
from server.services import loaners as loaner_service
from server.services.blobs import _key as blob_key
from server.services.organisation import organisation_settings
from server.services.storage import storage
from server.services.work_orders import record_event

REPORT_KINDS = ("service", "inspection")
_SALT = "aftercare.report-link"


# --- shared pieces -------------------------------------------------------------------


def local_time(at: datetime | None) -> str:
    """An instant as "YYYY-MM-DD HH:MM" in the organisation's timezone ("" for none)."""
    if at is None:
        return ""
    return at.astimezone(rule_facts.organisation_timezone()).strftime("%Y-%m-%d %H:%M")


def _image(sha256: str, variant: str) -> bytes | None:
    """A stored variant's bytes; None while the phone has not uploaded the blob."""
    try:
        return storage().get(blob_key(sha256, variant))
    except KeyError:
        return None


def _header(wo: WorkOrder) -> dict[str, Any]:
    settings = organisation_settings()
    engineer = wo.assigned_engineer
    return {
        "company": {"name": settings.company_name, "hotline": settings.hotline},
        "number": wo.number,
        "type": wo.type,
        "status": wo.status,
        "severity": wo.severity,
        "channel": wo.channel,
        "reported_at": local_time(wo.reported_at),
        "closed_at": local_time(wo.closed_at),
        "customer": {"name": wo.customer.name, "code": wo.customer.code},
        "site": {"name": wo.site.name, "address": wo.site.address, "zone": wo.site.zone},
        "system": wo.system.name if wo.system else "",
        "contract": wo.contract.number if wo.contract else "",
        "reporter": {"name": wo.reporter_name, "phone": wo.reporter_phone},
        "contact": {"name": wo.contact_name, "phone": wo.contact_phone},
        "engineer": engineer.display_name if engineer else "",
        "devices": [
            {
                "serial": device.serial,
                "model": device.model,
                "manufacturer": device.manufacturer,
                "location": device.location,
            }
            for device in sorted(wo.devices, key=lambda d: d.serial)
        ],
        "generated_at": local_time(utcnow()),
    }


def _signature(wo: WorkOrder, purpose: str) -> dict[str, Any] | None:
    """The customer's latest signature for ``purpose``, with its image and whether the
    work order still reads as what was signed."""
    signatures: list[Signature] = [
        s
        for s in attachments.signatures_of(wo)
        if s.purpose == purpose and s.signer_role == "customer"
    ]
    if not signatures:
        return None
    signature = signatures[-1]
    return {
        "signer_name": signature.signer_name,
        "signed_at": local_time(signature.signed_at),
        "image": _image(signature.sha256, "display") if signature.blob_ready else None,
        "summary_sha256": signature.summary_sha256,
        "differs": attachments.signed_version_differs(signature, wo),
        "satisfaction": signature.satisfaction or {},
        "comment": signature.comment,
    }


# --- the service report --------------------------------------------------------------


def _net_parts(wo: WorkOrder) -> list[dict[str, Any]]:
    totals: dict[str, dict[str, Any]] = {}
    for usage in review.part_usages_of(wo):
        row = totals.setdefault(
            usage.part.part_number,
            {"part_number": usage.part.part_number, "name": usage.part.name, "quantity": 0},
        )
        row["quantity"] += usage.quantity
        row["unit"] = usage.part.unit
    return [row for _, row in sorted(totals.items()) if row["quantity"] > 0]


def _fees(wo: WorkOrder) -> dict[str, Any]:
    """What the order records (parts, labour, visits, remote sessions, travel) priced under
    the effective warranty status: the same estimate the phone and the office show."""
    try:
        return rule_facts.work_order_fees(wo)
    except AppError as error:
        return {"error": error.description}


def _loaners(wo: WorkOrder) -> list[dict[str, Any]]:
    return [
        {
            "description": loaner.description,
            "serial": loaner.serial,
            "issued_at": local_time(loaner.issued_at),
            "due_back_on": loaner.due_back_on.isoformat() if loaner.due_back_on else "",
            "returned_at": local_time(loaner.returned_at),
        }
        for loaner in loaner_service.of_work_order(Loaner, wo.id)
    ]


def _consent(wo: WorkOrder) -> dict[str, Any] | None:
    """The customer's latest consent to paid work, if any."""
    consents = loaner_service.of_work_order(PaidWorkConsent, wo.id)
    if not consents:
        return None
    latest = consents[-1]
    return {
        "amount_cents": latest.amount_cents,
        "signer_name": latest.signer_name,
        "consented_at": local_time(latest.consented_at),
    }


def _breaches(wo: WorkOrder) -> list[dict[str, Any]]:
    """Missed deadlines explained to the customer (超时说明)."""
    return [
        {
            "clock": explanation.clock,
            "reason": explanation.reason,
            "note": explanation.note,
            "customer_told_at": local_time(explanation.customer_told_at),
            "customer_told_how": explanation.customer_told_how,
            "customer_told_by": explanation.customer_told_by,
            "customer_told_whom": explanation.customer_told_whom,
        }
        for explanation in breaches.explanations_of(wo)
    ]


def _timeline(wo: WorkOrder) -> list[dict[str, Any]]:
    return [
        {
            "kind": entry["kind"],
            "device_at": local_time(entry["device_at"]),
            "server_at": local_time(entry["server_at"]),
            "actor": entry["actor"].display_name if entry["actor"] else "",
            "note": entry["note"],
            "origin": entry["origin"],
            "data": entry["data"] or {},
        }
        for entry in review.timeline(wo, current_app.config["CLOCK_SKEW_WARNING_MINUTES"])
    ]


def service_report_facts(wo: WorkOrder) -> dict[str, Any]:
    warranty = rule_facts.work_order_warranty(wo)
    computed = warranty["computed"]
    override = warranty["override"] or {}
    photos = [
        {
            "kind": attachment.kind,
            "caption": attachment.caption,
            "taken_at": local_time(attachment.taken_at),
            "image": _image(attachment.sha256, "thumb") if attachment.blob_ready else None,
        }
        for attachment in attachments.attachments_of(wo)
    ]
    return {
        **_header(wo),
        "kind": "service",
        "symptom": wo.symptom,
        "timeline": _timeline(wo),
        "diagnosis": {
            "symptom": wo.diagnosis_symptom,
            "location": wo.diagnosis_location,
            "cause": wo.diagnosis_cause,
            "fix": wo.diagnosis_fix,
        },
        "parts": _net_parts(wo),
        "fees": _fees(wo),
        "consent": _consent(wo),
        "loaners": _loaners(wo),
        "warranty": {
            "effective_status": warranty["effective_status"],
            "computed_status": computed.get("status"),
            "start_on": computed.get("start_on"),
            "end_on": computed.get("end_on"),
            "override_reason": override.get("reason", ""),
        },
        "photos": photos,
        "breaches": _breaches(wo),
        # An inspection is signed once, on its report: that signature signs the work off.
        "signature": _signature(wo, "inspection_report" if wo.type == "inspection" else "sign_off"),
    }


# --- the root-cause report of an emergency -------------------------------------------


def root_cause_report_facts(wo: WorkOrder, emergency: dict[str, Any]) -> dict[str, Any]:
    """The root-cause report (根因分析报告) for the customer's management: the order, the
    timeline from its events with each milestone's acknowledgement beside them, the cause,
    actions and prevention the office wrote, and who closed it when
    (``emergency``: services.emergencies.emergency_of)."""
    report = emergency["report"]
    milestones = [
        {
            "key": m["key"],
            "minutes": m["minutes"],
            "due_at": local_time(m["due_at"]),
            "acknowledged_at": local_time(m["ack"]["acknowledged_at"]) if m["ack"] else "",
            "device_at": local_time(m["ack"]["device_at"]) if m["ack"] else "",
            "acknowledged_by": m["ack"]["acknowledged_by"].display_name if m["ack"] else "",
            "on_time": bool(m["ack"])
            and (m["ack"]["device_at"] or m["ack"]["acknowledged_at"]) <= m["due_at"],
        }
        for m in emergency["milestones"]
    ]
    return {
        **_header(wo),
        "kind": "root_cause",
        "symptom": wo.symptom,
        "diagnosis_cause": wo.diagnosis_cause,
        "timeline": _timeline(wo),
        "milestones": milestones,
        "resolved_at": local_time(emergency["resolved_at"]),
        "observation_days": emergency["observation_days"],
        "observation_due_at": local_time(emergency["observation_due_at"]),
        "breaches": _breaches(wo),
        "cause": report.cause if report else "",
        "actions": report.actions if report else "",
        "prevention": report.prevention if report else "",
        "emergency_closed_at": local_time(emergency["closed_at"]),
        "emergency_closed_by": (
            emergency["closed_by"].display_name if emergency["closed_by"] else ""
        ),
    }


# --- the inspection report -----------------------------------------------------------


def inspection_report_facts(wo: WorkOrder) -> dict[str, Any]:
    """The answers that count (the newest per item and device), grouped by device; a
    reading outside its item's range is flagged."""
    groups: dict[str, dict[str, Any]] = {}
    for answer in review.inspection_results_of(wo):
        if not answer["is_latest"]:
            continue
        device = answer["device"]
        label = f"{device.model} SN {device.serial}" if device else ""
        group = groups.setdefault(
            label, {"device": label, "location": device.location if device else "", "rows": []}
        )
        item = answer["item"]
        result = answer["result"]
        group["rows"].append(
            {
                "template": answer["template"]["name"],
                "label": item.get("label") or result.item_key,
                "type": item.get("type"),
                "unit": item.get("unit") or "",
                "min": item.get("min"),
                "max": item.get("max"),
                "value": result.value,
                "is_ok": result.is_ok,
                "note": result.note,
                "out_of_range": item.get("type") == "number" and result.is_ok is False,
            }
        )
    return {
        **_header(wo),
        "kind": "inspection",
        "groups": sorted(groups.values(), key=lambda group: group["device"]),
        "signature": _signature(wo, "inspection_report"),
    }


# --- links for the customer ----------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def make_report_link(wo: WorkOrder, kind: str, actor: User) -> dict[str, Any]:
    """A public, expiring link to the report; recorded in the work order's history."""
    token = _serializer().dumps({"work_order_id": str(wo.id), "kind": kind})
    days = current_app.config["REPORT_LINK_DAYS"]
    expires_at = utcnow() + timedelta(days=days)
    url = f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/r/{token}.pdf"
    record_event(wo, "report_link_created", actor, data={"kind": kind, "expires_in_days": days})
    db.session.flush()
    return {"url": url, "kind": kind, "expires_at": expires_at}


def work_order_for_link(token: str) -> tuple[WorkOrder, str]:
    """The work order and report kind a link names; 404 for a link we did not sign (or
    whose work order is gone), 410 for an expired one."""
    max_age = current_app.config["REPORT_LINK_DAYS"] * 86400
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise AppError(
            "This report link has expired; ask for a new one.",
            key="errors.report.linkExpired",
            code=410,
        ) from None
    except BadSignature:
        raise NotFound("No such report.", key="errors.notFound") from None
    # Signed by us, yet it may not be a link we made (a forged key, an old format).
    try:
        wo = db.session.get(WorkOrder, uuid.UUID(str(payload["work_order_id"])))
    except (TypeError, KeyError, ValueError):
        wo = None
    if wo is None or payload.get("kind") not in REPORT_KINDS:
        raise NotFound("No such report.", key="errors.notFound")
    return wo, payload["kind"]
