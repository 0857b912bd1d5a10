"""Security headers on every response: a Content-Security-Policy (scripts and WebAssembly
from this server only, no framing), no MIME sniffing, no framing, a same-origin referrer.
A blueprint that sets its own (the public QR page, stricter) keeps them."""

from __future__ import annotations

from flask import Flask, Response, request

#: The webapp: its own scripts and wasm (the barcode polyfill), photos as blob: URLs.
APP_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: The API browser: Swagger UI's page starts it with an inline script (its files are ours).
DOCS_CSP = APP_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def _secure(response: Response) -> Response:
    csp = DOCS_CSP if request.path.startswith("/api/v1/docs") else APP_CSP
    response.headers.setdefault("Content-Security-Policy", csp)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_headers(app: Flask) -> None:
    app.after_request(_secure)
