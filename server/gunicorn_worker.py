"""A gunicorn worker for phones on flaky mobile links.

gunicorn's threaded worker (gthread) already keeps a silent new connection in its poller
instead of a thread. A phone that loses its signal half way through sending a request,
though, would hold a thread until TCP gives up (minutes): its thread blocks reading the
rest of the request head, or the body. This worker bounds both:

- a new connection whose first bytes take longer than ``FIRST_BYTES_WAIT`` goes back to
  the poller (served when they come) instead of holding a thread for gunicorn's 5 s;
- the request head (request line and headers) must arrive within ``HEAD_TIMEOUT`` seconds
  of silence, else the connection is closed and the thread freed;
- while the request runs, a read or write that makes no progress for ``IO_TIMEOUT``
  seconds fails (the phone retries later; pushes are idempotent).

Selected by gunicorn.conf.py (``worker_class``); the timeouts come from the environment
(``GUNICORN_HEAD_TIMEOUT``, ``GUNICORN_IO_TIMEOUT``) with these defaults. A phone
trickling bytes just fast enough still holds a thread: a buffering reverse proxy in front
takes that (docs/deployment.md).
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.workers import gthread

HEAD_TIMEOUT = float(os.environ.get("GUNICORN_HEAD_TIMEOUT", "5"))
IO_TIMEOUT = float(os.environ.get("GUNICORN_IO_TIMEOUT", "60"))
#: How long a thread waits for a new connection's first bytes before handing it back to
#: the poller (gunicorn's default is 5 s of a thread per silent connection). Handing back
#: drops nothing: the request is served when its bytes arrive.
FIRST_BYTES_WAIT = float(os.environ.get("GUNICORN_FIRST_BYTES_WAIT", "0.5"))
gthread.DEFAULT_WORKER_DATA_TIMEOUT = FIRST_BYTES_WAIT


class _Silence:
    """The socket as the request parser reads it: a phone silent for longer than the
    timeout reads as one that hung up (logged at debug level, like a disconnection),
    not as a server error with a traceback."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock

    def recv(self, size: int) -> bytes:
        try:
            return self._sock.recv(size)
        except TimeoutError:
            return b""


class _Connection(gthread.TConn):
    def init(self) -> None:
        # Runs in the request's thread just before the head is parsed, on every request
        # of the connection (gthread sets the socket blocking before calling it).
        super().init()
        self.sock.settimeout(HEAD_TIMEOUT)
        unreader = getattr(self.parser, "unreader", None)
        if unreader is not None and not isinstance(unreader.sock, _Silence):
            unreader.sock = _Silence(unreader.sock)


class PhoneWorker(gthread.ThreadWorker):
    def accept(self, listener: Any) -> None:
        previous = gthread.TConn
        gthread.TConn = _Connection  # accept() builds its connections from this name
        try:
            super().accept(listener)
        finally:
            gthread.TConn = previous

    def handle_request(self, req: Any, conn: Any) -> Any:
        conn.sock.settimeout(IO_TIMEOUT)  # the head is in: the request runs
        return super().handle_request(req, conn)
