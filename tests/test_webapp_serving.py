"""server/webapp.py sends the build's gzipped copy of a file when the browser takes gzip."""

from __future__ import annotations

import gzip

import pytest
from flask import Flask

from server.webapp import bp


@pytest.fixture
def shell(tmp_path):
    (tmp_path / "assets").mkdir()
    script = b"console.log('aftercare');" * 100
    (tmp_path / "assets" / "index-abc.js").write_bytes(script)
    (tmp_path / "assets" / "index-abc.js.gz").write_bytes(gzip.compress(script))
    (tmp_path / "index.html").write_bytes(b"<!doctype html><title>x</title>")
    flask_app = Flask(__name__)
    flask_app.config["WEBAPP_DIST"] = str(tmp_path)
    flask_app.register_blueprint(bp)
    return flask_app.test_client(), script


def test_gzip_copy_when_accepted(shell):
    client, script = shell
    with client.get("/assets/index-abc.js", headers={"Accept-Encoding": "gzip, br"}) as response:
        data = response.get_data()
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/javascript"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "immutable" in response.headers["Cache-Control"]
    assert gzip.decompress(data) == script


def test_plain_file_otherwise(shell):
    client, script = shell
    with client.get("/assets/index-abc.js") as response:
        assert "Content-Encoding" not in response.headers
        assert response.get_data() == script
    # A file without a .gz copy and the SPA fallback are sent as they are.
    with client.get("/work-orders", headers={"Accept-Encoding": "gzip"}) as fallback:
        assert fallback.get_data().startswith(b"<!doctype html>")
        assert fallback.headers["Cache-Control"] == "no-cache"
