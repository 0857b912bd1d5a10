"""Attachment and signature records: what a photo or a signature belongs to, and whether
what a customer signed still matches the work order. Both are append-only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from server.domain.signing import (
    signed_summary,
    summary_format,
    summary_sha256,
    summary_status,
    work_order_summary,
)
from server.errors import Conflict, NotFound, ValidationFailed, field_error
from server.extensions import db
from server.models import (
    Attachment,
    Device,
    InspectionResult,
    PaidWorkConsent,
    Part,
    PartUsage,
    Signature,
    System,
    User,
    WorkOrder,
)
from server.services import access, follow_ups


def _new_id(model: Any, id_: uuid.UUID | None) -> uuid.UUID:
    if id_ is not None and db.session.get(model, id_) is not None:
        raise Conflict(f"A {model.__name__} with this id exists.", key="errors.alreadyExists")
    return id_ or uuid.uuid4()


def _device(device_id: uuid.UUID, wo: WorkOrder | None, actor: User) -> Device:
    """The device a photo shows: at the work order's site (one the order names, while the
    office has not confirmed an engineer's order: server.services.access), or one the
    actor may see."""
    if wo is not None and not wo.confirmed and not actor.is_office:
        named = next((d for d in wo.devices if d.id == device_id), None)
        if named is None:
            raise field_error("device_id", "The device must be one the work order names.")
        return named
    if wo is not None:
        device = db.session.scalar(
            select(Device).join(System).where(Device.id == device_id, System.site_id == wo.site_id)
        )
        if device is None:
            raise field_error("device_id", "The device must be at the work order's site.")
        return device
    try:
        return access.get_visible(Device, device_id, actor)
    except NotFound:
        raise field_error("device_id", "No such device.") from None


def add_attachment(
    data: dict[str, Any],
    actor: User | None,
    *,
    wo: WorkOrder | None = None,
    occurred_at: datetime | None = None,
) -> Attachment:
    """Record a photo of ``wo`` (already checked writable by the caller), of a device or
    of a checklist answer. The blob may come later."""
    result_id = data.get("inspection_result_id")
    if result_id is not None:
        result = db.session.get(InspectionResult, result_id)
        if result is None or wo is None or result.work_order_id != wo.id:
            raise field_error("inspection_result_id", "Not an answer on this work order.")
    device_id = data.get("device_id")
    if device_id is not None and actor is not None:
        _device(device_id, wo, actor)
    if wo is None and device_id is None:
        raise field_error(
            "work_order_id",
            "A photo belongs to a work order, a device or a checklist answer.",
            key="errors.attachment.noLink",
        )
    attachment = Attachment(
        id=_new_id(Attachment, data.get("id")),
        work_order_id=wo.id if wo is not None else None,
        device_id=device_id,
        inspection_result_id=result_id,
        kind=data.get("kind", "other"),
        caption=data.get("caption", ""),
        sha256=data["sha256"].lower(),
        taken_at=data.get("taken_at") or occurred_at,
        uploaded_by_id=actor.id if actor is not None else None,
    )
    db.session.add(attachment)
    return attachment


def add_signature(
    wo: WorkOrder, data: dict[str, Any], actor: User, *, occurred_at: datetime | None = None
) -> Signature:
    """Record a signature with the exact summary the signer saw; refuse a summary whose
    hash does not match (the phone and the server would disagree on what was signed)."""
    if summary_sha256(data["summary"]) != data["summary_sha256"].lower():
        raise ValidationFailed(
            {"summary_sha256": ["Not the SHA-256 of the summary."]},
            message="The summary's hash does not match the summary.",
            key="errors.signature.summaryHashMismatch",
        )
    signature = Signature(
        id=_new_id(Signature, data.get("id")),
        work_order_id=wo.id,
        purpose=data["purpose"],
        signer_name=data["signer_name"],
        signer_role=data["signer_role"],
        signed_at=occurred_at,
        sha256=data["sha256"].lower(),
        summary=data["summary"],
        summary_sha256=data["summary_sha256"].lower(),
        satisfaction=data.get("satisfaction"),
        comment=data.get("comment", ""),
        created_by_id=actor.id,
    )
    db.session.add(signature)
    follow_ups.record_sign_off_scores(wo, signature, actor)
    return signature


def summary_facts(wo: WorkOrder) -> dict[str, Any]:
    """The work order as server.domain.signing.work_order_summary reads it."""
    usages = db.session.execute(
        select(Part.part_number, Part.name, PartUsage.quantity)
        .join(PartUsage, PartUsage.part_id == Part.id)
        .where(PartUsage.work_order_id == wo.id)
        .order_by(PartUsage.server_at, PartUsage.id)
    )
    return {
        "number": wo.number,
        "status": wo.status,
        "customer_name": wo.customer.name,
        "site_name": wo.site.name,
        "site_address": wo.site.address,
        "devices": [{"model": d.model, "serial": d.serial} for d in wo.devices],
        "diagnosis_symptom": wo.diagnosis_symptom,
        "diagnosis_location": wo.diagnosis_location,
        "diagnosis_cause": wo.diagnosis_cause,
        "diagnosis_fix": wo.diagnosis_fix,
        "parts": [
            {"part_number": number, "name": name, "quantity": quantity}
            for number, name, quantity in usages
        ],
    }


def signed_facts(wo: WorkOrder) -> dict[str, Any]:
    """The work order as server.domain.signing.signed_summary reads it (format 2): the
    facts of format 1, with the parts' serials, the newest consent to paid work with its
    fee lines, the count of photos and, for an inspection, every answer that counts (by
    the template's item order, then the device's serial, whole-system answers first)."""
    facts = summary_facts(wo)
    usages = db.session.execute(
        select(Part.part_number, Part.name, PartUsage.quantity, PartUsage.serial_out,
               PartUsage.serial_in)
        .join(PartUsage, PartUsage.part_id == Part.id)
        .where(PartUsage.work_order_id == wo.id)
        .order_by(PartUsage.server_at, PartUsage.id)
    )  # fmt: skip
    consent = db.session.scalar(
        select(PaidWorkConsent)
        .where(PaidWorkConsent.work_order_id == wo.id)
        .order_by(PaidWorkConsent.consented_at.desc())
        .limit(1)
    )
    photos = db.session.scalar(
        select(func.count()).select_from(Attachment).where(Attachment.work_order_id == wo.id)
    )
    return {
        **facts,
        "type": wo.type,
        "parts": [
            {
                "part_number": number,
                "name": name,
                "quantity": quantity,
                "serial_out": serial_out,
                "serial_in": serial_in,
            }
            for number, name, quantity, serial_out, serial_in in usages
        ],  # fmt: skip
        "consent": (
            {
                "amount_cents": consent.amount_cents,
                "signer_name": consent.signer_name,
                "lines": consent.lines or [],
            }
            if consent is not None
            else None
        ),
        "photos": photos or 0,
        "checklist": _checklist_facts(wo) if wo.type == "inspection" else [],
    }


def _checklist_facts(wo: WorkOrder) -> list[dict[str, Any]]:
    from server.services.review import inspection_results_of

    rows = []
    for answer in inspection_results_of(wo):
        if not answer["is_latest"]:
            continue
        item, result, device = answer["item"], answer["result"], answer["device"]
        rows.append(
            (
                answer["position"],
                device.serial if device else "",
                {
                    "label": item.get("label") or result.item_key,
                    "type": item.get("type"),
                    "device": device.serial if device else "",
                    "value": result.value,
                    "unit": item.get("unit") or "",
                    "min": item.get("min"),
                    "max": item.get("max"),
                    "ok": result.is_ok,
                    "note": result.note,
                },
            )
        )
    return [facts for _, _, facts in sorted(rows, key=lambda row: (row[0], row[1]))]


def current_summary(wo: WorkOrder, status: str | None = None, format: int = 2) -> str:
    """What a signer would see now (in ``format`` 1 for signatures taken before the
    summary covered everything done)."""
    facts = summary_facts(wo) if format == 1 else signed_facts(wo)
    if status is not None:
        facts["status"] = status
    return work_order_summary(facts) if format == 1 else signed_summary(facts)


def signed_version_differs(signature: Signature, wo: WorkOrder | None = None) -> bool:
    """Whether the work order no longer reads as what was signed. The status is the one
    printed in the signed text (closing a signed-off order changes nothing signed); the
    format is the one the signed text was written in."""
    wo = wo or db.session.get(WorkOrder, signature.work_order_id)
    summary = current_summary(
        wo, summary_status(signature.summary), summary_format(signature.summary)
    )
    return summary_sha256(summary) != signature.summary_sha256


def attachments_of(wo: WorkOrder) -> list[Attachment]:
    """Photos of the work order and of its checklist answers, oldest first."""
    results = select(InspectionResult.id).where(InspectionResult.work_order_id == wo.id)
    return list(
        db.session.scalars(
            select(Attachment)
            .where(
                (Attachment.work_order_id == wo.id) | Attachment.inspection_result_id.in_(results)
            )
            .order_by(Attachment.created_at, Attachment.id)
        )
    )


def signatures_of(wo: WorkOrder) -> list[Signature]:
    return list(
        db.session.scalars(
            select(Signature)
            .where(Signature.work_order_id == wo.id)
            .order_by(Signature.created_at, Signature.id)
        )
    )
