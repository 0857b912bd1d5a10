"""Where blob bytes live, behind a small interface.

Keys are relative paths ("blobs/ab/ab12…/display"). Only ``LocalStorage`` exists: files
under MEDIA_DIR, which several servers can share over NFS. An S3-compatible backend
implements the same five methods (put = PutObject, get = GetObject, exists = HeadObject,
delete = DeleteObject, delete_prefix = list + DeleteObjects); nothing else in the app
touches files, and upload chunks are separate objects, so no backend needs append.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app


class Storage(Protocol):
    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (replacing it), all or nothing."""

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; KeyError if there are none."""

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""

    def delete_prefix(self, prefix: str) -> None:
        """Remove every key under ``prefix/``."""


class LocalStorage:
    """Files under a root directory. Writes go to a temporary file renamed into place, so
    a reader never sees half a file."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()) or not key:
            raise ValueError(f"bad storage key {key!r}")
        return path

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        shutil.rmtree(self._path(prefix), ignore_errors=True)


def storage() -> Storage:
    """The configured storage backend."""
    backend = current_app.config["STORAGE_BACKEND"]
    if backend == "local":
        return LocalStorage(current_app.config["MEDIA_DIR"])
    raise RuntimeError(f"unknown STORAGE_BACKEND {backend!r}")
