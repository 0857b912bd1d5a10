"""REST helpers for tests that act as an office screen does."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def patch_as_read(
    client: FlaskClient, url: str, *, json: Any = None, headers: dict[str, str], **kwargs: Any
) -> Any:
    """PATCH a synced record (a work order, a device, a contract ...) as a screen does: with
    the ETag it read in If-Match."""
    etag = client.get(url, headers=headers).headers.get("ETag", '"0"')
    return client.patch(url, json=json, headers={**headers, "If-Match": etag}, **kwargs)


#: The work-order editor's PATCH (the same precondition).
patch_work_order = patch_as_read
