"""Photos and signatures of a work order, as the office and the engineer read them."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.media import AttachmentSchema, SignatureSchema
from server.auth import current_user
from server.models import WorkOrder
from server.services import access, attachments

blp = Blueprint(
    "work_order_media",
    __name__,
    description="A work order's photos and signatures (added through sync: "
    "attachment.add, signature.add). Images: /blobs/<sha256>.",
)


@blp.route("/<uuid:work_order_id>/attachments")
class WorkOrderAttachments(MethodView):
    @blp.response(200, AttachmentSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """Photos of the work order and of its checklist answers, oldest first;
        ``blob_ready`` false means the photo has not been uploaded yet."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return attachments.attachments_of(wo)


@blp.route("/<uuid:work_order_id>/signatures")
class WorkOrderSignatures(MethodView):
    @blp.response(200, SignatureSchema(many=True))
    def get(self, work_order_id: uuid.UUID):
        """Signatures, oldest first, each with ``signed_version_differs``: the work
        order's summary today differs from the one that was signed."""
        wo = access.get_visible(WorkOrder, work_order_id, current_user())
        return attachments.signatures_of(wo)
