"""docs/sync-protocol.md says what the server does: every sync error key the server can
answer is in its table of error keys."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_sync_error_key_the_server_answers_is_documented():
    document = (ROOT / "docs" / "sync-protocol.md").read_text()
    sources = [*(ROOT / "server" / "sync").glob("*.py"), ROOT / "server" / "api" / "sync.py"]
    keys = {
        key
        for source in sources
        for key in re.findall(r'"(errors\.[A-Za-z.]*[A-Za-z])"', source.read_text())
    }
    assert keys, "no keys found: the pattern is wrong"
    missing = sorted(key for key in keys if f"`{key}`" not in document)
    assert missing == []
