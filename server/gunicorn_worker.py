"""A gunicorn worker for phones on flaky mobile links.

gunicorn's threaded worker (gthread) hands a connection to a thread as soon as its first
bytes arrive; the thread then blocks reading the rest of the request. A phone that loses
its signal half way through sending a request would hold that thread until a timeout,
and a few such phones hold every thread while the requests of the others queue behind
them. This worker reads like a buffering proxy instead:

- the worker's poller (its main thread, no request thread) reads each request's head,
  and its body too when the body is at most ``BODY_BUFFER`` bytes (every sync pull and
  push of a usual size), so a thread only ever gets a request that has fully arrived;
  a phone going silent costs a socket, not a thread;
- a connection silent for ``HEAD_TIMEOUT`` seconds before its request is in is closed
  (the phone retries; pushes are idempotent), as is one still sending after
  ``READ_LIMIT`` seconds;
- a larger body (a photo chunk beyond the buffer) is read by the request's thread, and
  a read or write there that makes no progress for ``IO_TIMEOUT`` seconds fails;
- a process whose threads are all busy stops accepting new connections until one is
  free, so they go to a process that can serve them now instead of queueing here.

Selected by gunicorn.conf.py (``worker_class``); the numbers come from the environment
(``GUNICORN_HEAD_TIMEOUT``, ``GUNICORN_READ_LIMIT``, ``GUNICORN_BODY_BUFFER``,
``GUNICORN_BUFFER_BUDGET``, ``GUNICORN_IO_TIMEOUT``) with these defaults. TLS belongs to
the reverse proxy in front (docs/deployment.md); with gunicorn's own TLS the stock
gthread reading is used.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import selectors
import time
from functools import partial
from typing import Any

from gunicorn.workers import gthread

HEAD_TIMEOUT = float(os.environ.get("GUNICORN_HEAD_TIMEOUT", "5"))
READ_LIMIT = float(os.environ.get("GUNICORN_READ_LIMIT", "60"))
BODY_BUFFER = int(os.environ.get("GUNICORN_BODY_BUFFER", str(1024 * 1024)))
IO_TIMEOUT = float(os.environ.get("GUNICORN_IO_TIMEOUT", "60"))
#: Bytes one process holds for requests still arriving, at most: past it, a request goes
#: to a thread with what has come (its thread reads the rest), so memory stays bounded.
BUFFER_BUDGET = int(os.environ.get("GUNICORN_BUFFER_BUDGET", str(64 * 1024 * 1024)))
#: A head longer than this goes to the parser as it is (which refuses it: gunicorn's
#: limit_request_line / limit_request_fields / limit_request_field_size).
HEAD_BUFFER = 64 * 1024
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length[ \t]*:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)
_TRANSFER_ENCODING = re.compile(rb"\r\ntransfer-encoding[ \t]*:", re.IGNORECASE)


def request_in(buffer: bytes | bytearray) -> bool:
    """Whether ``buffer`` holds what a thread needs to run the request without waiting
    on the phone: the whole head, and the whole body when it is small enough to buffer.
    A head too long, a chunked body or a large one goes as it is (the parser refuses a
    bad head; the thread reads a large body)."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return len(buffer) > HEAD_BUFFER
    head = bytes(buffer[: end + 2])
    if _TRANSFER_ENCODING.search(head):
        return True
    match = _CONTENT_LENGTH.search(head)
    length = int(match.group(1)) if match else 0
    return length > BODY_BUFFER or len(buffer) >= end + 4 + length


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
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        #: Bytes the poller read ahead of the thread: given to the parser first.
        self.early = b""

    def init(self) -> None:
        # Runs in the request's thread just before the head is parsed, on every request
        # of the connection (gthread sets the socket blocking before calling it).
        super().init()
        self.sock.settimeout(HEAD_TIMEOUT)
        unreader = getattr(self.parser, "unreader", None)
        if unreader is not None:
            if not isinstance(unreader.sock, _Silence):
                unreader.sock = _Silence(unreader.sock)
            if self.early:
                unreader.unread(self.early)
                self.early = b""


class _Arriving:
    """A request still arriving, read by the poller."""

    __slots__ = ("buffer", "since", "last")

    def __init__(self, now: float) -> None:
        self.buffer = bytearray()
        self.since = self.last = now


class PhoneWorker(gthread.ThreadWorker):
    def init_process(self) -> None:
        self._arriving: dict[Any, _Arriving] = {}
        self._busy = 0
        self._buffered = 0
        self._next_sweep = 0.0
        super().init_process()

    # -- reading requests in the poller ---------------------------------------------

    def accept(self, listener: Any) -> None:
        if self.cfg.is_ssl:  # the TLS handshake needs a thread: stock gthread
            previous = gthread.TConn
            gthread.TConn = _Connection
            try:
                return super().accept(listener)
            finally:
                gthread.TConn = previous
        try:
            sock, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return None
        self.nr_conns += 1
        self._await_request(_Connection(self.cfg, sock, address, listener.getsockname()))
        return None

    def on_client_socket_readable(self, conn: Any, client: Any) -> None:
        """A kept-alive connection's next request begins: read it in the poller too."""
        if self.cfg.is_ssl:
            return super().on_client_socket_readable(conn, client)
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._await_request(conn)
        return None

    def _await_request(self, conn: Any) -> None:
        conn.sock.setblocking(False)
        self._arriving[conn] = _Arriving(time.monotonic())
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_bytes, conn))

    def _on_bytes(self, conn: Any, sock: Any) -> None:
        arriving = self._arriving.get(conn)
        if arriving is None:
            return
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the phone hung up before its request was in
            self._drop(conn)
            return
        arriving.buffer += data
        arriving.last = time.monotonic()
        self._buffered += len(data)
        if request_in(arriving.buffer) or self._buffered > BUFFER_BUDGET:
            self.poller.unregister(sock)
            del self._arriving[conn]
            self._buffered -= len(arriving.buffer)
            conn.early = bytes(arriving.buffer)
            conn.data_ready = True
            self.enqueue_req(conn)

    def _drop(self, conn: Any) -> None:
        arriving = self._arriving.pop(conn, None)
        if arriving is not None:
            self._buffered -= len(arriving.buffer)
        with contextlib.suppress(OSError, KeyError, ValueError):
            self.poller.unregister(conn.sock)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        super().murder_pending()
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + 0.5
        for conn, arriving in list(self._arriving.items()):
            if now - arriving.last > HEAD_TIMEOUT or now - arriving.since > READ_LIMIT:
                self._drop(conn)

    # -- accepting only while a thread is free ---------------------------------------

    def enqueue_req(self, conn: Any) -> None:
        self._busy += 1
        super().enqueue_req(conn)

    def finish_request(self, conn: Any, fs: Any) -> None:
        self._busy -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled: bool) -> None:
        # gthread's loop enables accepting on every turn while below worker_connections;
        # a process whose threads are all busy leaves new connections to another one.
        if enabled and self.alive and self._busy >= self.cfg.threads:
            enabled = False
        super().set_accept_enabled(enabled)

    def handle_request(self, req: Any, conn: Any) -> Any:
        conn.sock.settimeout(IO_TIMEOUT)  # the request is in: it runs
        return super().handle_request(req, conn)
