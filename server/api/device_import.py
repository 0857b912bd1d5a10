"""Import an equipment list (设备清单) from CSV or XLSX: every row or none."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from server.api.blueprint import Blueprint
from server.api.schemas.registry import DeviceInSchema
from server.auth import roles_required
from server.bounds import BoundedSchema
from server.errors import AppError
from server.services.device_import import import_devices

blp = Blueprint(
    "device_import", __name__, description="Device import from an equipment list (admin)."
)


class ImportFormSchema(BoundedSchema):
    #: Put every row into this system; without it the file needs a system_id column.
    system_id = fields.UUID()


class ImportFileSchema(BoundedSchema):
    file = Upload(required=True)


class ImportedDeviceSchema(Schema):
    id = fields.UUID()
    serial = fields.String()
    system_id = fields.UUID()


class ImportResultSchema(Schema):
    created = fields.Integer()
    devices = fields.List(fields.Nested(ImportedDeviceSchema))


@blp.route("/import")
class DeviceImport(MethodView):
    @blp.arguments(ImportFormSchema, location="form")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(201, ImportResultSchema)
    @blp.alt_response(
        422,
        description='Nothing was stored: errors.rows {"3": {"serial": [...]}} names every '
        "bad row (spreadsheet row numbers), errors.columns unknown headings, errors.file "
        "an unreadable file.",
    )
    @roles_required("admin")
    def post(self, form, files):
        """Create the devices of a CSV or XLSX equipment list. Headings: the fields of
        POST /devices/ or their Chinese names (序列号, 型号, 厂家, 类别, 位置, 版本, IP地址,
        安装日期, 验收日期 ...)."""
        upload = files["file"]
        data = upload.read(current_app.config["DEVICE_IMPORT_MAX_BYTES"] + 1)
        if len(data) > current_app.config["DEVICE_IMPORT_MAX_BYTES"]:
            raise AppError(
                "The file is too large.",
                code=413,
                key="errors.tooLarge",
                errors={"file": ["The file is too large."]},
            )
        devices = import_devices(
            upload.filename or "",
            data,
            DeviceInSchema(),
            form.get("system_id"),
            current_app.config["DEVICE_IMPORT_MAX_ROWS"],
            current_app.config["DEVICE_IMPORT_MAX_UNPACKED_BYTES"],
        )
        return {"created": len(devices), "devices": devices}
