"""What the engineer of a demo order records on site before he completes it, through the
services the phone's mutations use: the facts the completion guards ask for
(server.domain.guards, docs/rules.md §5).

- After the diagnosis: the parts he used (fetched from his centre's warehouse when his van
  has too few), the customer's signed consent when that makes the work chargeable, and for
  an inspection the answers to its checklist;
- before completing: the customer's signature on the summary the phone shows (the report
  for an inspection), or when the customer could not sign, the reason and a photo.

Every signature shows one image and every such photo another: two small PNGs drawn the
same way on every load, stored once as blobs.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import func, select

from server.domain.signing import summary_sha256
from server.errors import AppError
from server.extensions import db
from server.models import (
    ChecklistTemplate,
    PaidWorkConsent,
    Part,
    Signature,
    StockLocation,
    StockMovement,
    User,
    WorkOrder,
)
from server.services import rule_facts, stock
from server.services.attachments import add_attachment, add_signature, current_summary
from server.services.blobs import store_blob
from server.services.field_records import (
    add_inspection_result,
    add_paid_work_consent,
    add_part_usage,
    van_of,
)

#: The signature that signs the work off, by type of work (an inspection signs its report).
SIGN_OFF_PURPOSE = {"inspection": "inspection_report"}
#: The fee-line fields the phone shows the customer when he consents (webapp consentLines).
CONSENT_LINE_FIELDS = ("kind", "code", "quantity", "amount_cents", "is_chargeable")
#: Minutes after the diagnosis that the parts go in (the customer agreed first).
PARTS_AFTER_MINUTES = 10
#: Minutes before completing that the customer signs.
SIGNED_BEFORE_MINUTES = 3


@dataclass(frozen=True)
class Images:
    """The blobs (hex SHA-256) the demo's signatures and photos show."""

    ink: str  # the customer's signature
    photo: str  # the work done, photographed when the customer could not sign


def _png(
    draw: Callable[[ImageDraw.ImageDraw], None], size: tuple[int, int], background: str
) -> bytes:
    image = Image.new("RGB", size, background)
    draw(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _ink(pen: ImageDraw.ImageDraw) -> None:
    pen.line([(20, 90), (60, 30), (85, 95), (120, 40), (150, 85), (190, 35), (230, 80),
              (280, 60)], fill="navy", width=5, joint="curve")  # fmt: skip
    pen.line([(40, 105), (270, 100)], fill="navy", width=3)


def _view(pen: ImageDraw.ImageDraw) -> None:
    pen.rectangle((0, 150, 320, 240), fill="dimgray")  # the quay
    pen.rectangle((40, 60, 120, 150), fill="lightgray")  # a tank
    pen.rectangle((180, 90, 300, 150), fill="silver")
    pen.line([(0, 200), (320, 170)], fill="gold", width=4)


def store_images(admin: User) -> Images:
    """Store the two images (once: storing the same bytes again changes nothing)."""
    ink = store_blob(_png(_ink, (300, 120), "white"), admin)
    photo = store_blob(_png(_view, (320, 240), "lightskyblue"), admin)
    return Images(ink=ink.sha256, photo=photo.sha256)


def _sign(
    wo: WorkOrder, purpose: str, engineer: User, images: Images, at: datetime, synced: datetime
) -> Signature:
    summary = current_summary(wo)  # what the phone shows the signer
    signature = add_signature(
        wo,
        {
            "purpose": purpose,
            "signer_name": wo.contact_name,
            "signer_role": "customer",
            "sha256": images.ink,
            "summary": summary,
            "summary_sha256": summary_sha256(summary),
        },
        engineer,
        occurred_at=at,
    )
    signature.created_at = signature.updated_at = synced
    return signature


def _fill_van(engineer: User, part: Part, quantity: int, synced: datetime) -> None:
    """Take from the centre's warehouse what the engineer's van lacks of ``quantity``."""
    van = van_of(engineer)
    has = db.session.scalar(
        select(func.coalesce(func.sum(StockMovement.quantity), 0)).filter_by(
            location_id=van.id, part_id=part.id
        )
    )
    if has >= quantity:
        return
    warehouse = db.session.scalar(
        select(StockLocation).filter_by(kind="warehouse", centre_id=engineer.centre_id)
    )
    data = {"from_location_id": warehouse.id, "to_location_id": van.id, "part_id": part.id,
            "quantity": quantity - has, "note": "领用"}  # fmt: skip
    for movement in stock.transfer(data, engineer):
        movement.server_at = synced


def _use_parts(
    wo: WorkOrder,
    parts: tuple[tuple[str, int], ...],
    engineer: User,
    at: datetime,
    synced: datetime,
) -> None:
    for number, quantity in parts:
        part = db.session.scalar(select(Part).filter_by(part_number=number))
        _fill_van(engineer, part, quantity, synced)
        usage, movement = add_part_usage(
            wo, {"part_id": part.id, "quantity": quantity}, engineer, occurred_at=at
        )
        db.session.flush()
        usage.server_at = synced
        if movement is not None:
            movement.server_at = synced


def _consent(wo: WorkOrder, engineer: User, images: Images, at: datetime, synced: datetime) -> None:
    """The customer agrees to the estimate of paid work and signs it, when it is chargeable
    and he has not agreed to as much already (a second visit keeps the first consent)."""
    try:
        estimate = rule_facts.work_order_fees(wo)
    except AppError:  # no warranty decision (no device): nothing to price the work by
        return
    chargeable = estimate["chargeable_cents"]
    agreed = db.session.scalar(  # the newest consent counts
        select(PaidWorkConsent.amount_cents)
        .filter_by(work_order_id=wo.id)
        .order_by(PaidWorkConsent.consented_at.desc())
        .limit(1)
    )
    if chargeable <= 0 or (agreed or 0) >= chargeable:
        return
    lines = [{key: line[key] for key in CONSENT_LINE_FIELDS} for line in estimate["lines"]]
    consent = add_paid_work_consent(
        wo,
        {"amount_cents": chargeable, "lines": lines, "signer_name": wo.contact_name},
        engineer,
        occurred_at=at,
    )
    consent.server_at = synced
    _sign(wo, "paid_work_consent", engineer, images, at, synced)


def _answer_checklist(
    wo: WorkOrder,
    readings: tuple[tuple[str, Any, str], ...],
    engineer: User,
    at: datetime,
    synced: datetime,
) -> None:
    """Every item of the system's checklist: a pass/fail item passes unless ``readings``
    (item key, value, note) say otherwise; a required reading must be given there."""
    template = db.session.scalar(
        select(ChecklistTemplate)
        .where(ChecklistTemplate.system_type == wo.system.type, ChecklistTemplate.is_active)
        .order_by(ChecklistTemplate.created_at)
        .limit(1)
    )
    given = {key: (value, note) for key, value, note in readings}
    for item in template.items:
        key = item["key"]
        if key in given:
            value, note = given[key]
        elif item["type"] == "pass_fail":
            value, note = True, ""
        elif item.get("required"):
            raise ValueError(f"demo {wo.symptom}: no reading for the required item {key!r}")
        else:
            continue
        result = add_inspection_result(
            wo,
            {"template_id": template.id, "item_key": key, "value": value, "note": note},
            engineer,
            occurred_at=at,
        )
        result.server_at = synced


def record_findings(
    wo: WorkOrder,
    engineer: User,
    images: Images,
    at: datetime,
    synced: datetime,
    *,
    parts: tuple[tuple[str, int], ...] = (),
    readings: tuple[tuple[str, Any, str], ...] = (),
) -> None:
    """What the engineer records once he has diagnosed: see the module's docstring."""
    _use_parts(wo, parts, engineer, at + timedelta(minutes=PARTS_AFTER_MINUTES), synced)
    _consent(wo, engineer, images, at, synced)
    if wo.type == "inspection":
        _answer_checklist(wo, readings, engineer, at, synced)


def take_sign_off(
    wo: WorkOrder,
    engineer: User,
    images: Images,
    at: datetime,
    synced: datetime,
    *,
    unsigned_reason: str = "",
) -> dict[str, Any]:
    """The customer signs the work off just before it is completed; or, when he could not
    (``unsigned_reason``), the engineer photographs the work. Returns the completing
    action's data."""
    signed_at = at - timedelta(minutes=SIGNED_BEFORE_MINUTES)
    if not unsigned_reason:
        purpose = SIGN_OFF_PURPOSE.get(wo.type, "sign_off")
        _sign(wo, purpose, engineer, images, signed_at, synced)
        return {}
    photo = add_attachment(
        {"kind": "after", "caption": "修复后现场画面", "sha256": images.photo},
        engineer,
        wo=wo,
        occurred_at=signed_at,
    )
    photo.created_at = photo.updated_at = synced
    return {"unsigned_reason": unsigned_reason}
