"""Swagger UI's static files for the API browser at /api/v1/docs (no CDN)."""

from __future__ import annotations

import swagger_ui_bundle
from flask import Blueprint, send_from_directory

bp = Blueprint("api_docs", __name__)


@bp.route("/api/v1/docs/assets/<path:filename>")
def swagger_ui_asset(filename: str):
    response = send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)
    response.cache_control.max_age = 86400
    return response
