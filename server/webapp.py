"""Serves the built PWA (webapp/dist) at / with client-side routes falling back to it."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, abort, current_app, request, send_from_directory

bp = Blueprint("webapp", __name__)

#: Files that must be revalidated on every load so an update reaches the phone.
NO_CACHE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}


def _dist() -> Path:
    return Path(current_app.config["WEBAPP_DIST"])


def _send(dist: Path, path: str):
    """The file, or its gzipped copy the build made (``path.gz``) when the browser takes
    gzip: a third of the bytes for the scripts a phone loads on a slow network."""
    if "gzip" in request.headers.get("Accept-Encoding", "") and (dist / f"{path}.gz").is_file():
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.endswith(".webmanifest"):
            mimetype = "application/manifest+json"
        response = send_from_directory(dist, f"{path}.gz", mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        return response
    response = send_from_directory(dist, path)
    response.vary.add("Accept-Encoding")
    return response


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>")
def serve(path: str):
    if path.startswith("api/"):
        abort(404)
    dist = _dist()
    target = dist / path
    if path and target.is_file():
        response = _send(dist, path)
        if path in NO_CACHE:
            response.cache_control.no_cache = True
        elif path.startswith("assets/"):
            # Vite puts a content hash in every asset name.
            response.cache_control.max_age = 31536000
            response.cache_control.immutable = True
        return response
    if not (dist / "index.html").is_file():
        abort(404, description="The webapp is not built: run `make webapp`.")
    response = _send(dist, "index.html")
    response.cache_control.no_cache = True
    return response
