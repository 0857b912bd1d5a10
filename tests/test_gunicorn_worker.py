"""The gunicorn worker of gunicorn.conf.py: a phone that goes silent half way through a
request never holds a thread, so slow phones cannot starve the server
(server/gunicorn_worker.py)."""

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


def _serve(tmp_path, head_timeout: str):
    """gunicorn with the project's settings, one process with one thread."""
    port = _free_port()
    env = {**os.environ, "SECRET_KEY": "worker-test", "WEB_CONCURRENCY": "1",
           "GUNICORN_THREADS": "1", "GUNICORN_HEAD_TIMEOUT": head_timeout,
           "GUNICORN_BODY_BUFFER": "4096",
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
    try:
        yield port, url, tmp_path / "gunicorn.log"
    finally:
        server.terminate()
        server.wait(30)
        log.close()


@pytest.fixture
def one_thread_server(tmp_path):
    """... with a 1 s limit on a silent request head."""
    yield from _serve(tmp_path, "1")


@pytest.fixture
def patient_server(tmp_path):
    """... that waits 60 s for a silent phone's request before closing its connection."""
    yield from _serve(tmp_path, "60")


def _still_open(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) != b""
    except BlockingIOError:
        return True  # nothing to read and not closed
    finally:
        sock.setblocking(True)


def _request(port: int, raw: bytes, pause_after: int | None = None) -> bytes:
    """Send ``raw`` (with a pause after ``pause_after`` bytes) on a new connection and
    read the whole answer (the request asks the server to close)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        if pause_after is None:
            sock.sendall(raw)
        else:
            sock.sendall(raw[:pause_after])
            time.sleep(0.5)
            sock.sendall(raw[pause_after:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


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


def test_phones_silent_mid_request_hold_no_thread_while_others_are_served(patient_server):
    """The only thread serves other requests while three phones sit silent half way
    through theirs (the worker's poller holds what they sent; none gets a thread)."""
    port, url, log = patient_server
    stalled = []
    for piece in (b"POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                  b"POST /api/v1/sync/pull HTTP/1.1\r\nHost: x\r\nContent-Length: 90\r\n\r\n{",
                  b"GET /api/v1/openapi.json HTT"):  # fmt: skip
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(piece)
        stalled.append(sock)
    time.sleep(0.2)
    for _ in range(3):  # each would have waited the 60 s for a held thread
        assert b'"openapi"' in urllib.request.urlopen(url, timeout=30).read()
    assert all(_still_open(sock) for sock in stalled)  # still waited for, not timed out
    for sock in stalled:
        sock.close()
    assert "Traceback" not in log.read_text()


def test_requests_arriving_in_pieces_are_served_whole(patient_server):
    """A head split by a pause, a small body split by a pause (buffered by the poller),
    a body beyond the buffer (read by the thread) and a kept-alive second request."""
    port, url, log = patient_server
    head = b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    answer = _request(port, head, pause_after=20)
    assert answer.startswith(b"HTTP/1.1 200") and b'"openapi"' in answer
    for size in (100, 20_000):  # below and above GUNICORN_BODY_BUFFER (4096)
        body = b'{"username": "' + b"u" * size + b'", "password": "wrong"}'
        raw = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/json\r\nConnection: close\r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)  # fmt: skip
        answer = _request(port, raw, pause_after=len(raw) - 10)
        status = answer.split(b"\r\n", 1)[0]
        assert status in (b"HTTP/1.1 401 UNAUTHORIZED", b"HTTP/1.1 422 UNPROCESSABLE ENTITY")
    keep = b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    answer = _request(port, keep + head)
    assert answer.count(b"HTTP/1.1 200") == 2
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
