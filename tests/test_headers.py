"""Every response carries the security headers; the public QR page keeps its stricter CSP;
the API browser still runs."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/office", "/api/v1/openapi.json", "/api/v1/auth/me"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # (a file response streams)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_api_browser_may_start_swagger_ui(client):
    response = client.get("/api/v1/docs")
    response.close()
    assert response.status_code in (200, 308)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_public_qr_page_keeps_its_own_stricter_policy(client, world):
    token = world.devices[0].label_token
    response = client.get(f"/d/{token}")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.headers["Referrer-Policy"] == "no-referrer"
