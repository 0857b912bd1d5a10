"""What a work order needs before it may be resolved or closed: the completion guards.

A contract sets them per work-order type (``settings["completion"]``, docs/rules.md); a type
it does not name follows ``default``. Which guards apply depends on how the work ends:

- ``on_site`` (the engineer completes on site): the diagnosis fields the type names; the
  customer's sign-off signature, or a recorded reason the customer could not sign with at
  least one photo; when the work is chargeable (estimate above zero), the customer's
  consent to at least that amount, signed on the phone; for a checklist type, every
  required item answered and every failed or out-of-range item explained by a note or a
  photo;
- ``remote`` (solved by telephone or in a remote session): the diagnosis fields only;
- ``close`` (the office closes): the guards of how it was resolved.

Input facts, plain data (missing keys count as empty)::

    {"type": "repair",
     "fields": {"diagnosis_symptom": "...", ...},
     "sign_off": {"signed": bool, "waiver_reason": str, "photos": int},
     "chargeable_cents": int | None,      # None: no warranty decision to price by
     "consent": {"amount_cents": int, "signed": bool} | None,
     "checklist": [{"key", "required", "answered", "ok", "note", "photo"}]}

Each missing fact is ``{"code", "field"}`` (and ``item`` for a checklist item,
``amount_cents`` for consent). The TypeScript twin lists the same facts on the phone;
tests/vectors/guards.json holds the cases both run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MODES = ("on_site", "remote", "close")


def completion_terms(settings: Mapping[str, Any], work_order_type: str) -> Mapping[str, Any]:
    """The guards a contract sets for a type of work (its ``default`` for other types)."""
    completion = settings["completion"]
    return completion.get(work_order_type) or completion["default"]


def missing_facts(
    facts: Mapping[str, Any], terms: Mapping[str, Any], mode: str
) -> list[dict[str, Any]]:
    """What ``facts`` lack for ending the work ``mode`` under ``terms``: [] when nothing."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    missing: list[dict[str, Any]] = []
    fields = facts.get("fields") or {}
    for name in terms.get("diagnosis") or []:
        if not str(fields.get(name) or "").strip():
            missing.append({"code": "diagnosis", "field": name})
    if mode == "remote":
        return missing
    sign_off = facts.get("sign_off") or {}
    if terms.get("sign_off") and not sign_off.get("signed"):
        waived = str(sign_off.get("waiver_reason") or "").strip() and sign_off.get("photos")
        if not waived:
            missing.append({"code": "sign_off", "field": "sign_off"})
    chargeable = facts.get("chargeable_cents")
    if terms.get("paid_work_consent") and chargeable is not None and chargeable > 0:
        consent = facts.get("consent") or {}
        if not consent.get("signed") or (consent.get("amount_cents") or 0) < chargeable:
            missing.append(
                {
                    "code": "paid_work_consent",
                    "field": "paid_work_consent",
                    "amount_cents": chargeable,
                }
            )
    if terms.get("checklist"):
        for item in facts.get("checklist") or []:
            if not item.get("answered"):
                if item.get("required"):
                    missing.append(
                        {"code": "checklist_item", "field": "checklist", "item": item["key"]}
                    )
            elif item.get("ok") is False and not (item.get("note") or item.get("photo")):
                missing.append(
                    {"code": "failed_item_evidence", "field": "checklist", "item": item["key"]}
                )
    return missing
