"""gunicorn settings for Aftercare (`gunicorn --config gunicorn.conf.py wsgi:app`).

Threaded workers that read like a buffering proxy (server/gunicorn_worker.py): each
process's poller reads a request's head, and its body up to GUNICORN_BODY_BUFFER, before a
thread runs it, so a phone that loses its signal mid-request (a basement) holds a socket,
not a thread, and slow phones cannot get workers killed as they did with sync workers
("WORKER TIMEOUT (no URI read)"). Threads also let pulls and uploads go on while another
request waits on the database. Terminate TLS at a reverse proxy in front.
docs/deployment.md explains the numbers; `make bench` measures them (benchmarks/load.py).

Every value can be overridden on the command line or by the environment below.
"""

import os

worker_class = "server.gunicorn_worker.PhoneWorker"
#: Processes: one per core. Requests are mostly Python (CPU under one interpreter lock per
#: process), so processes use the cores and threads cover each request's waits on the
#: database. Measured on 2 cores with 200 engineers (docs/benchmarks.md, "Load"): 2 × 4
#: threads gave p95 209–321 ms at 12.5–13.7 ms of CPU per request where 4 × 2 gave
#: 625–810 ms at 15.5 ms (more processes than cores preempt each other and PostgreSQL,
#: and each request runs on cold caches); 2 × 6 gave 563 ms in one run.
workers = int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 1)))
#: Threads per process: requests in flight per process while another waits on the
#: database (each holds a database connection while it runs, so keep workers × threads
#: within the database's connection budget; each process's pool keeps one per thread:
#: DATABASE_POOL_SIZE in server/config.py). Slow phones hold none: the poller reads
#: their requests (server/gunicorn_worker.py).
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
#: A request running longer than this has its worker restarted (a 500-mutation push takes
#: seconds, not tens of seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
#: An idle keep-alive connection is closed after this many seconds.
keepalive = 5
#: Header limits: a request line or header beyond these is refused before the app runs.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190


def post_worker_init(worker):
    """The app is loaded in this worker: freeze its heap out of the garbage collector's
    scans (server/gc_tuning.py; GC_THRESHOLD tunes it)."""
    from server.gc_tuning import settle_heap

    settle_heap()
