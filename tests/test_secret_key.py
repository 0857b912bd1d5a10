"""The key that signs customers' report links: never the placeholder outside tests."""

from __future__ import annotations

import pytest

from server import create_app
from server.config import INSECURE_SECRET_KEY


def test_the_server_refuses_to_start_with_the_placeholder_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": INSECURE_SECRET_KEY, "TESTING": False})


def test_the_server_starts_with_a_key_of_its_own():
    app = create_app({"SECRET_KEY": "a" * 64, "TESTING": False,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # fmt: skip
    assert app.config["SECRET_KEY"] == "a" * 64


def test_make_run_writes_a_random_key_once(tmp_path):
    import re
    import stat
    import subprocess
    from pathlib import Path

    makefile = Path(__file__).resolve().parent.parent / "Makefile"
    command = ["make", "-s", "-C", str(tmp_path), "-f", str(makefile), "instance/secret_key"]
    subprocess.run(command, check=True, capture_output=True)
    key_file = tmp_path / "instance" / "secret_key"
    first = key_file.read_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    subprocess.run(command, check=True, capture_output=True)
    assert key_file.read_text().strip() == first  # made once, kept after
