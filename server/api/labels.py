"""QR labels: one device's sticker (PNG, SVG), an A4 sheet for a site or a system (PDF),
and resolving a scanned code to a device."""

from __future__ import annotations

import uuid

from flask import Response, current_app
from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.downloads import content_disposition
from server.api.schemas.media import LabelSheetArgs, ResolveArgs
from server.api.schemas.registry import DeviceSchema
from server.auth import current_user
from server.models import Device, Site, System
from server.reports.labels import label_png, label_svg, labels_pdf
from server.services import access, answers, labels

blp = Blueprint(
    "labels",
    __name__,
    description="QR labels (50 × 30 mm) holding <PUBLIC_BASE_URL>/d/<label_token>, and "
    "scanned-code lookup.",
)


@blp.route("/devices/resolve")
class ResolveScan(MethodView):
    @blp.arguments(ResolveArgs, location="query")
    @blp.response(200, DeviceSchema)
    @blp.alt_response(404, description="No device you may see for this code.")
    def get(self, args):
        """The device a scanned ``code`` names: a label URL, a bare label token (devices
        in your scope), or a manufacturer's serial (exact match)."""
        [device] = answers.devices([labels.resolve_scan(args["code"], current_user())])
        return device


@blp.route("/devices/<uuid:device_id>/label.png")
class DeviceLabelPng(MethodView):
    @blp.response(200, description="PNG, 300 dpi, 50 × 30 mm.")
    def get(self, device_id: uuid.UUID):
        """The device's QR label as a PNG for a label printer."""
        device = access.get_visible(Device, device_id, current_user())
        png = label_png(labels.label_for(device), current_app.config.get("LABEL_FONT", ""))
        return _file(png, "image/png", f"label-{device.serial}.png")


@blp.route("/devices/<uuid:device_id>/label.svg")
class DeviceLabelSvg(MethodView):
    @blp.response(200, description="SVG, 50 × 30 mm.")
    def get(self, device_id: uuid.UUID):
        """The device's QR label as an SVG."""
        device = access.get_visible(Device, device_id, current_user())
        svg = label_svg(labels.label_for(device))
        return _file(svg, "image/svg+xml", f"label-{device.serial}.svg")


@blp.route("/labels.pdf")
class LabelSheet(MethodView):
    @blp.arguments(LabelSheetArgs, location="query")
    @blp.response(200, description="A4 PDF, 3 × 7 labels per page with crop marks.")
    def get(self, args):
        """Labels of every in-service device of a site (``site_id``) or a system
        (``system_id``) you may see, ready to print and cut."""
        user = current_user()
        if "system_id" in args:
            scope = access.get_visible(System, args["system_id"], user)
        else:
            scope = access.get_visible(Site, args["site_id"], user)
        devices = labels.devices_for_sheet(user, **args)
        pdf = labels_pdf([labels.label_for(d) for d in devices], title=f"{scope.name} labels")
        return _file(pdf, "application/pdf", "labels.pdf")


def _file(content: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition("inline", filename)
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response
