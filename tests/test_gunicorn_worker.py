"""The gunicorn worker of gunicorn.conf.py: a phone that goes silent half way through a
request frees its thread, so it cannot starve the server (server/gunicorn_worker.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def one_thread_server(tmp_path):
    """gunicorn with the project's settings, one process with one thread, a 1 s limit on
    a silent request head."""
    port = _free_port()
    env = {**os.environ, "SECRET_KEY": "worker-test", "WEB_CONCURRENCY": "1",
           "GUNICORN_THREADS": "1", "GUNICORN_HEAD_TIMEOUT": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.db'}"}  # fmt: skip
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "wsgi:app"],  # fmt: skip
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail((tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
    yield port, url, tmp_path / "gunicorn.log"
    server.terminate()
    server.wait(30)
    log.close()


def test_a_phone_silent_mid_request_frees_the_only_thread(one_thread_server):
    port, url, log = one_thread_server
    stalled = socket.create_connection(("127.0.0.1", port))
    stalled.sendall(b"POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and silence
    time.sleep(0.2)  # let the worker's only thread take it
    body = urllib.request.urlopen(url, timeout=30).read()  # waits for the thread
    assert b'"openapi"' in body
    stalled.close()
    assert "WORKER TIMEOUT" not in log.read_text()
    assert "Traceback" not in log.read_text()


def test_each_worker_freezes_its_loaded_heap_out_of_the_collectors_scans():
    """gunicorn.conf.py's post_worker_init settles the heap (server/gc_tuning.py): what the
    loaded app holds is frozen, young collections come every GC_THRESHOLD allocations."""
    script = (
        "import gc, runpy; import wsgi; "
        "conf = runpy.run_path('gunicorn.conf.py'); conf['post_worker_init'](None); "
        "print(gc.get_freeze_count() > 10000, gc.get_threshold()[0])"
    )
    env = {**os.environ, "SECRET_KEY": "worker-test", "GC_THRESHOLD": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=True,
    ).stdout.split()  # fmt: skip
    assert out == ["True", "12345"]
