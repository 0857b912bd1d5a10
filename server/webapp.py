"""Serves the built PWA (webapp/dist) at / with client-side routes falling back to it."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("webapp", __name__)

#: Files that must be revalidated on every load so an update reaches the phone.
NO_CACHE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}


def _dist() -> Path:
    return Path(current_app.config["WEBAPP_DIST"])


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>")
def serve(path: str):
    if path.startswith("api/"):
        abort(404)
    dist = _dist()
    target = dist / path
    if path and target.is_file():
        response = send_from_directory(dist, path)
        if path in NO_CACHE:
            response.cache_control.no_cache = True
        elif path.startswith("assets/"):
            # Vite puts a content hash in every asset name.
            response.cache_control.max_age = 31536000
            response.cache_control.immutable = True
        return response
    if not (dist / "index.html").is_file():
        abort(404, description="The webapp is not built: run `make webapp`.")
    response = send_from_directory(dist, "index.html")
    response.cache_control.no_cache = True
    return response
