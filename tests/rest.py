"""REST helpers for tests that act as an office screen does."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def patch_work_order(
    client: FlaskClient, url: str, *, json: dict[str, Any], headers: dict[str, str]
) -> Any:
    """PATCH a work order as a screen does: with the ETag it read in If-Match."""
    etag = client.get(url, headers=headers).headers.get("ETag", '"0"')
    return client.patch(url, json=json, headers={**headers, "If-Match": etag})
