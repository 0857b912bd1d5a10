"""Wire formats of blobs (uploads and their state), attachments, signatures and labels."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.bounds import BoundedSchema
from server.services import attachments
from server.services.blobs import VARIANTS


class BlobUploadArgs(BoundedSchema):
    #: Where this chunk starts: the number of bytes the server has (GET …/upload).
    offset = fields.Integer(required=True, validate=validate.Range(min=0))
    #: The whole blob's size in bytes.
    size = fields.Integer(required=True, validate=validate.Range(min=1))


class UploadStatusSchema(Schema):
    """An upload's state; a blob already stored (and yours to read) answers at once with
    ``complete`` and the blob's own facts (``sha256`` ... ``height``) instead of
    ``received``."""

    received = fields.Integer()
    size = fields.Integer(allow_none=True)
    complete = fields.Boolean()
    sha256 = fields.String()
    content_type = fields.String()
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)


class BlobSchema(Schema):
    sha256 = fields.String()
    size = fields.Integer()
    content_type = fields.String()
    width = fields.Integer()
    height = fields.Integer()
    complete = fields.Boolean()


class BlobReadArgs(BoundedSchema):
    #: original (full size), display (longest edge DISPLAY_EDGE) or thumb (THUMB_EDGE).
    variant = fields.String(load_default="display", validate=validate.OneOf(VARIANTS))


class AttachmentSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID(allow_none=True)
    device_id = fields.UUID(allow_none=True)
    inspection_result_id = fields.UUID(allow_none=True)
    kind = fields.String()
    caption = fields.String()
    sha256 = fields.String()
    #: False while the photo has not been uploaded ("photo pending").
    blob_ready = fields.Boolean()
    taken_at = fields.AwareDateTime(allow_none=True)
    uploaded_by_id = fields.UUID(allow_none=True)
    created_at = fields.AwareDateTime()
    row_version = fields.Integer()


class SignatureSchema(Schema):
    id = fields.UUID()
    work_order_id = fields.UUID()
    purpose = fields.String()
    signer_name = fields.String()
    signer_role = fields.String()
    signed_at = fields.AwareDateTime(allow_none=True)
    sha256 = fields.String()
    blob_ready = fields.Boolean()
    summary = fields.String()
    summary_sha256 = fields.String()
    satisfaction = fields.Dict(allow_none=True)
    comment = fields.String()
    created_by_id = fields.UUID(allow_none=True)
    created_at = fields.AwareDateTime()
    row_version = fields.Integer()
    #: The work order's summary today is not what was signed (diagnosis, parts, devices
    #: … changed since; the status is compared as it was when signed).
    signed_version_differs = fields.Function(attachments.signed_version_differs)


class ResolveArgs(BoundedSchema):
    #: What the camera read: a label URL, a bare label token, or a serial number.
    code = fields.String(required=True, validate=validate.Length(min=1, max=500))


class LabelSheetArgs(BoundedSchema):
    """Exactly one of site_id and system_id."""

    site_id = fields.UUID()
    system_id = fields.UUID()

    @validates_schema
    def _one_scope(self, data, **kwargs):
        if ("site_id" in data) == ("system_id" in data):
            raise ValidationError("Give exactly one of site_id and system_id.", "site_id")
