"""The completion guards applied to a stored work order: gathers the facts the guards read
(server.domain.guards) and refuses a resolving or closing step that lacks any of them,
naming each missing fact. The office may close anyway with an override and a reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from server.domain import work_order_flow as flow
from server.domain.guards import completion_terms, missing_facts
from server.domain.settings import DIAGNOSIS_FIELDS
from server.domain.work_order_flow import Action
from server.errors import AppError, ValidationFailed
from server.extensions import db
from server.models import (
    Attachment,
    ChecklistTemplate,
    InspectionResult,
    PaidWorkConsent,
    Signature,
    WorkOrder,
)
from server.services import rule_facts

#: Signatures that sign the work off: the customer's sign-off, or his signature on the
#: inspection report (an inspection has one sign-off, the report).
SIGN_OFF_PURPOSES = ("sign_off", "inspection_report")
#: The signature the customer gives to the estimate of paid work.
CONSENT_PURPOSE = "paid_work_consent"

_MESSAGES = {
    "diagnosis": "Missing: the diagnosis needs this field.",
    "sign_off": "Missing: the customer's sign-off signature (or why he could not sign, "
    "with a photo).",
    "paid_work_consent": "Missing: the customer's signed consent to the paid work.",
    "checklist_item": "Not answered.",
    "failed_item_evidence": "A failed item needs a note or a photo.",
}


def _chargeable_cents(wo: WorkOrder) -> int | None:
    try:
        return rule_facts.work_order_fees(wo)["chargeable_cents"]
    except AppError:  # no warranty decision: nothing to price the work by
        return None


def _checklist(wo: WorkOrder) -> list[dict[str, Any]]:
    system = wo.system
    if system is None:
        return []
    template = db.session.scalar(
        select(ChecklistTemplate)
        .where(ChecklistTemplate.system_type == system.type, ChecklistTemplate.is_active)
        .order_by(ChecklistTemplate.created_at)
        .limit(1)
    )
    if template is None:
        return []
    answers = db.session.scalars(
        select(InspectionResult)
        .where(
            InspectionResult.work_order_id == wo.id,
            InspectionResult.template_id == template.id,
        )
        .order_by(
            func.coalesce(InspectionResult.device_at, InspectionResult.server_at),
            InspectionResult.server_at,
        )
    ).all()
    newest: dict[tuple[str, Any], InspectionResult] = {}
    for answer in answers:  # the newest per item and device counts
        newest[(answer.item_key, answer.device_id)] = answer
    with_photo = set(
        db.session.scalars(
            select(Attachment.inspection_result_id).where(
                Attachment.inspection_result_id.in_([a.id for a in newest.values()])
            )
        )
    )
    items = []
    for item in template.items:
        counted = [a for (key, _), a in newest.items() if key == item.get("key")]
        failed = [a for a in counted if a.is_ok is False]
        items.append(
            {
                "key": item.get("key"),
                "required": bool(item.get("required")),
                "answered": bool(counted),
                "ok": False if failed else (True if counted else None),
                "note": all(a.note.strip() for a in failed) if failed else False,
                "photo": all(a.id in with_photo for a in failed) if failed else False,
            }
        )
    return items


def completion_facts(wo: WorkOrder, waiver_reason: str = "") -> dict[str, Any]:
    """The facts the guards read, as plain data (server.domain.guards)."""
    purposes = set(
        db.session.scalars(
            select(Signature.purpose).where(
                Signature.work_order_id == wo.id, Signature.signer_role == "customer"
            )
        )
    )
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
        "type": wo.type,
        "fields": {name: getattr(wo, name) for name in DIAGNOSIS_FIELDS},
        "sign_off": {
            "signed": bool(purposes & set(SIGN_OFF_PURPOSES)),
            "waiver_reason": waiver_reason,
            "photos": photos or 0,
        },
        "chargeable_cents": _chargeable_cents(wo),
        "consent": (
            {"amount_cents": consent.amount_cents, "signed": CONSENT_PURPOSE in purposes}
            if consent is not None
            else None
        ),
        "checklist": _checklist(wo),
    }


def _last_resolution(wo: WorkOrder) -> dict[str, Any]:
    resolved = [e for e in wo.events if e.kind == "resolved"]
    return dict(resolved[-1].data or {}) if resolved else {}


def waiver_of(wo: WorkOrder, step: Action, data: dict[str, Any]) -> str:
    """Why the customer could not sign: given with the step, or for closing, the reason
    recorded when the work was completed."""
    reason = str(data.get("unsigned_reason") or "")
    if not reason and step.guarded == "close":
        reason = str(_last_resolution(wo).get("unsigned_reason") or "")
    return reason


def mode_of(wo: WorkOrder, step: Action) -> str:
    """Which guards ``step`` checks: its own, or for closing those of how it was resolved."""
    if step.guarded != "close":
        return step.guarded or ""
    how = _last_resolution(wo).get("resolved_by")
    return "remote" if how in ("resolve_by_phone", "resolve_remotely") else "on_site"


def missing_for(wo: WorkOrder, mode: str, waiver_reason: str = "") -> list[dict[str, Any]]:
    """The facts ``wo`` lacks for ending it ``mode`` under its contract."""
    settings = rule_facts.effective_settings(rule_facts.contract_for_work_order(wo))
    terms = completion_terms(settings, wo.type)
    return missing_facts(completion_facts(wo, waiver_reason), terms, mode)


def missing_by_mode(wo: WorkOrder) -> dict[str, list[dict[str, Any]]]:
    """For each way the order can still end from its status, what it lacks: completing on
    site and solving remotely while it is open, closing once it is completed."""
    if wo.status == "completed":
        close = flow.ACTIONS["close"]
        return {"close": missing_for(wo, mode_of(wo, close), waiver_of(wo, close, {}))}
    if flow.is_open(wo.status):
        return {mode: missing_for(wo, mode) for mode in ("on_site", "remote")}
    return {}


def guards_error(missing: list[dict[str, Any]]) -> ValidationFailed:
    """A 422 naming each missing fact (checklist items by their key)."""
    errors: dict[str, Any] = {}
    for fact in missing:
        message = _MESSAGES[fact["code"]]
        if fact["field"] == "checklist":
            errors.setdefault("checklist", {}).setdefault(fact["item"], []).append(message)
        else:
            errors.setdefault(fact["field"], []).append(message)
    return ValidationFailed(
        errors,
        message="The work order lacks what it needs to be completed.",
        key="errors.workOrder.guardsMissing",
        extra={"missing": missing},
    )


def check_guards(wo: WorkOrder, step: Action, data: dict[str, Any]) -> dict[str, Any] | None:
    """Refuse ``step`` (422 naming each missing fact) unless the guards hold. The office's
    close with ``data["override_reason"]`` goes through: returns the override to record."""
    if step.guarded is None:
        return None
    missing = missing_for(wo, mode_of(wo, step), waiver_of(wo, step, data))
    if not missing:
        return None
    reason = str(data.get("override_reason") or "").strip()
    if step.guarded == "close" and reason:
        return {"reason": reason, "missing": missing}
    raise guards_error(missing)
