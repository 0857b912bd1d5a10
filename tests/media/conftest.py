"""Media tests store blobs in a fresh folder each, so "nothing was stored" can be checked
by looking at it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture(autouse=True)
def media_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "media"
    monkeypatch.setitem(app.config, "MEDIA_DIR", str(folder))
    return folder


@pytest.fixture
def stored_files(media_dir: Path) -> Callable[[], list[str]]:
    """The files in media storage now (relative paths)."""

    def files() -> list[str]:
        if not media_dir.exists():
            return []
        return sorted(str(p.relative_to(media_dir)) for p in media_dir.rglob("*") if p.is_file())

    return files


@pytest.fixture
def upload(client: FlaskClient) -> Callable:
    """``upload(headers, data, offset=0, size=None, sha256=None, chunk=None)``: one PUT
    of ``chunk`` (default: all of ``data`` from ``offset``)."""

    def put(headers, data, offset=0, size=None, sha256=None, chunk=None):
        from .images import sha

        body = data[offset:] if chunk is None else chunk
        return client.put(
            f"/api/v1/blobs/{sha256 or sha(data)}/upload",
            query_string={"offset": offset, "size": len(data) if size is None else size},
            data=body,
            headers={**headers, "Content-Type": "application/octet-stream"},
        )

    return put
