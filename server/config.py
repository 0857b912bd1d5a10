"""Configuration: defaults, overridden by environment variables; a testing variant."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from server import json_codec

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"


#: The placeholder key: signed report links made with it can be forged by anyone who reads
#: this file, so the app refuses to start with it outside tests (create_app).
INSECURE_SECRET_KEY = "dev-only-change-me"
#: Where `make run` keeps the random key it creates on first run (when SECRET_KEY is unset).
SECRET_KEY_FILE = INSTANCE_DIR / "secret_key"


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text().strip() or INSECURE_SECRET_KEY
    return INSECURE_SECRET_KEY


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    #: SQLAlchemy URL; SQLite under instance/ unless DATABASE_URL says otherwise.
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'aftercare.sqlite3'}"
    )
    #: Signs the customers' report links: SECRET_KEY, else instance/secret_key (which
    #: `make run` creates with a random key); never the placeholder outside tests.
    SECRET_KEY = _secret_key()
    #: Where photos, signatures and generated files are stored (local storage backend).
    MEDIA_DIR = os.environ.get("MEDIA_DIR", str(INSTANCE_DIR / "media"))
    #: Base URL printed in QR labels and report links.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    #: Built webapp served at /.
    WEBAPP_DIST = os.environ.get("WEBAPP_DIST", str(ROOT / "webapp" / "dist"))

    #: A bearer token lives this long after its last use: a phone may stay offline a week.
    TOKEN_IDLE_DAYS = _env_int("TOKEN_IDLE_DAYS", 30)
    #: Page size for list endpoints, and its ceiling.
    DEFAULT_PAGE_SIZE = _env_int("DEFAULT_PAGE_SIZE", 25)
    MAX_PAGE_SIZE = _env_int("MAX_PAGE_SIZE", 200)
    #: Authorised requesters per customer (one document caps them at 5).
    MAX_AUTHORISED_CONTACTS = _env_int("MAX_AUTHORISED_CONTACTS", 5)

    #: Sync: rows per pull page, mutations per push, and how long a closed work order
    #: stays on the engineer's phone. A page of 2,000 rows is about 2 MB of JSON at most
    #: (2,000 work orders): a phone's first pull of 10,000 orders takes 16 round trips,
    #: not 61, and each page costs the server about 2 ms besides its rows.
    SYNC_PAGE_SIZE = _env_int("SYNC_PAGE_SIZE", 2000)
    SYNC_MAX_MUTATIONS = _env_int("SYNC_MAX_MUTATIONS", 500)
    #: Rows a pull may be told the phone holds already (from its push answers): a push of
    #: SYNC_MAX_MUTATIONS answers at most a few rows per mutation.
    SYNC_MAX_HELD = _env_int("SYNC_MAX_HELD", 5000)
    SYNC_CLOSED_DAYS = _env_int("SYNC_CLOSED_DAYS", 14)
    #: A rejected mutation's arguments and result are kept (and answered) within this many
    #: bytes of JSON each; a larger one is cut and marked "_truncated" (server/sync/kept.py).
    SYNC_REJECTED_KEEP_BYTES = _env_int("SYNC_REJECTED_KEEP_BYTES", 4096)

    #: Photos and signatures: the largest upload accepted, the most pixels an image may
    #: declare (the decompression-bomb guard), and the longest edge of the display size
    #: and of the thumbnail made from each image.
    BLOB_MAX_BYTES = _env_int("BLOB_MAX_BYTES", 15 * 1024 * 1024)
    #: Body size limits, refused with 413 before parsing (server/limits.py): a push, and
    #: any other API request (login, JSON); uploads and imports have their own above.
    SYNC_PUSH_MAX_BYTES = _env_int("SYNC_PUSH_MAX_BYTES", 8 * 1024 * 1024)
    API_MAX_BYTES = _env_int("API_MAX_BYTES", 1024 * 1024)
    BLOB_MAX_PIXELS = _env_int("BLOB_MAX_PIXELS", 40_000_000)
    #: The memory decoding one image may take, judged from its header before decoding
    #: (server/services/images.py): a JPEG over it is decoded at 1/2, 1/4 or 1/8 of its
    #: size, a PNG or WebP over it is refused (422 errors.blob.tooLargeToDecode). 64 MB:
    #: a 16-megapixel colour PNG; a 12-megapixel photo whole, or at 1/2 if it must be
    #: turned upright. Storing an image takes a worker up to ~1.5 × this above its rest.
    BLOB_DECODE_MAX_BYTES = _env_int("BLOB_DECODE_MAX_BYTES", 64 * 1024 * 1024)
    #: Uploads one user may have unfinished at a time (a phone sends one at a time); a
    #: new one past it is refused with 429 errors.blob.tooManyUploads.
    BLOB_UPLOADS_IN_FLIGHT = _env_int("BLOB_UPLOADS_IN_FLIGHT", 20)
    #: `aftercare cleanup` (also run by `aftercare schedule`): partial uploads untouched
    #: this many days, and blobs no record shows this many days after their upload, are
    #: removed, at most CLEANUP_BATCH of each per run.
    CLEANUP_UPLOAD_DAYS = _env_int("CLEANUP_UPLOAD_DAYS", 7)
    CLEANUP_BLOB_DAYS = _env_int("CLEANUP_BLOB_DAYS", 30)
    CLEANUP_BATCH = _env_int("CLEANUP_BATCH", 500)
    DISPLAY_EDGE = _env_int("DISPLAY_EDGE", 1600)
    THUMB_EDGE = _env_int("THUMB_EDGE", 320)
    #: Where blobs live: "local" (files under MEDIA_DIR; share it between servers).
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    #: A TrueType/OpenType font with Chinese glyphs for PNG labels; found among the usual
    #: system paths when unset, else Pillow's built-in font (no Chinese).
    LABEL_FONT = os.environ.get("LABEL_FONT", "")
    #: Fault reports from the public QR page: at most this many per window, counted per
    #: client IP and per device label.
    #: Failed logins allowed per username and per client address within the window.
    LOGIN_RATE_LIMIT = _env_int("LOGIN_RATE_LIMIT", 10)
    LOGIN_RATE_WINDOW_SECONDS = _env_int("LOGIN_RATE_WINDOW_SECONDS", 900)
    QR_REPORT_RATE_LIMIT = _env_int("QR_REPORT_RATE_LIMIT", 5)
    QR_REPORT_RATE_WINDOW_SECONDS = _env_int("QR_REPORT_RATE_WINDOW_SECONDS", 3600)
    #: The engineers' calendar feeds (/ics/<token>.ics): each appointment's length in
    #: minutes, and at most this many fetches per window per client IP and per feed.
    CALENDAR_EVENT_MINUTES = _env_int("CALENDAR_EVENT_MINUTES", 60)
    CALENDAR_FEED_RATE_LIMIT = _env_int("CALENDAR_FEED_RATE_LIMIT", 60)
    CALENDAR_FEED_RATE_WINDOW_SECONDS = _env_int("CALENDAR_FEED_RATE_WINDOW_SECONDS", 3600)

    #: The office's review flags an event whose phone time and server time are further
    #: apart than this (a wrong phone clock, or a phone that was offline that long).
    CLOCK_SKEW_WARNING_MINUTES = _env_int("CLOCK_SKEW_WARNING_MINUTES", 10)
    #: How long a report link sent to a customer (/r/<token>.pdf) stays valid.
    REPORT_LINK_DAYS = _env_int("REPORT_LINK_DAYS", 30)
    #: The largest equipment list (设备清单) one import accepts, in rows and bytes, and
    #: what an XLSX may unpack to (checked before parsing: a zip bomb is refused with 413).
    DEVICE_IMPORT_MAX_ROWS = _env_int("DEVICE_IMPORT_MAX_ROWS", 5000)
    DEVICE_IMPORT_MAX_BYTES = _env_int("DEVICE_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
    DEVICE_IMPORT_MAX_UNPACKED_BYTES = _env_int(
        "DEVICE_IMPORT_MAX_UNPACKED_BYTES", 32 * 1024 * 1024
    )

    #: Schedules (`flask schedule`): plan visits and register their work orders this many
    #: days ahead; on the first run, plan dates missed up to this many days back (older
    #: ones are history, not a backlog); the office's "due" list looks this far ahead.
    SCHEDULE_HORIZON_DAYS = _env_int("SCHEDULE_HORIZON_DAYS", 45)
    SCHEDULE_BACKFILL_DAYS = _env_int("SCHEDULE_BACKFILL_DAYS", 60)
    SCHEDULE_DUE_SOON_DAYS = _env_int("SCHEDULE_DUE_SOON_DAYS", 14)
    #: Complaints are verified within, and answered within, this many days of receipt;
    #: COMPLAINT_WORKING_DAYS=1 counts working days (business_hours calendar) instead.
    COMPLAINT_VERIFY_DAYS = _env_int("COMPLAINT_VERIFY_DAYS", 2)
    COMPLAINT_ANSWER_DAYS = _env_int("COMPLAINT_ANSWER_DAYS", 5)
    COMPLAINT_WORKING_DAYS = bool(_env_int("COMPLAINT_WORKING_DAYS", 0))
    #: KPIs: a repair is not a first-time fix if the same device fails with the same defect
    #: within this many days of the fix; the dashboard's default period in days.
    FIRST_TIME_FIX_DAYS = _env_int("FIRST_TIME_FIX_DAYS", 30)
    KPI_DEFAULT_DAYS = _env_int("KPI_DEFAULT_DAYS", 90)
    #: The targets the dashboard draws (percent): on time, complaints (our own fault, of
    #: requests), satisfied customers.
    KPI_ON_TIME_TARGET = _env_int("KPI_ON_TIME_TARGET", 98)
    KPI_COMPLAINT_RATE_TARGET = _env_int("KPI_COMPLAINT_RATE_TARGET", 3)
    KPI_SATISFACTION_TARGET = _env_int("KPI_SATISFACTION_TARGET", 100)
    #: PostgreSQL work_mem for the KPI queries' transaction (sorting a year of clocks).
    KPI_WORK_MEM = os.environ.get("KPI_WORK_MEM", "64MB")

    #: E-mail notifications (server.notify): the SMTP server, "starttls" (default), "ssl"
    #: (implicit TLS, usually port 465) or "none"; a login if SMTP_USER is set; the From
    #: address. Without SMTP_HOST e-mails wait in the outbox (queued) and are not sent.
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = _env_int("SMTP_PORT", 587)
    SMTP_TLS = os.environ.get("SMTP_TLS", "starttls")
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_FROM = os.environ.get("SMTP_FROM", "aftercare@localhost")
    SMTP_TIMEOUT_SECONDS = _env_int("SMTP_TIMEOUT_SECONDS", 30)
    #: The outbox worker (`aftercare notify`, also run by `aftercare schedule`): attempts
    #: before a notification is failed, the first retry's delay (doubling each time, at
    #: most NOTIFY_RETRY_MAX_SECONDS), how long a claimed row stays reserved for the
    #: worker sending it (after that another run retries it), rows per run.
    NOTIFY_MAX_ATTEMPTS = _env_int("NOTIFY_MAX_ATTEMPTS", 8)
    NOTIFY_RETRY_BASE_SECONDS = _env_int("NOTIFY_RETRY_BASE_SECONDS", 60)
    NOTIFY_RETRY_MAX_SECONDS = _env_int("NOTIFY_RETRY_MAX_SECONDS", 6 * 3600)
    NOTIFY_LEASE_SECONDS = _env_int("NOTIFY_LEASE_SECONDS", 300)
    NOTIFY_BATCH = _env_int("NOTIFY_BATCH", 100)
    #: Web Push to the engineers' phones: the VAPID key pair (made on first use), the
    #: contact the push services see (a mailto: or https: URL), how long a push service
    #: keeps a message for a phone that is off.
    VAPID_PRIVATE_KEY_FILE = os.environ.get(
        "VAPID_PRIVATE_KEY_FILE", str(INSTANCE_DIR / "vapid_private.pem")
    )
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:aftercare@localhost")
    WEBPUSH_TTL_SECONDS = _env_int("WEBPUSH_TTL_SECONDS", 24 * 3600)
    #: The scheduler tells the centre's managers of SLA clocks that passed their deadline
    #: within this many hours (older breaches, e.g. on an upgraded database, are not sent).
    NOTIFY_BREACH_LOOKBACK_HOURS = _env_int("NOTIFY_BREACH_LOOKBACK_HOURS", 24)

    #: How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none,
    #: the connection's address is the client's).
    PROXY_FIX_X_FOR = _env_int("PROXY_FIX_X_FOR", 0)

    #: werkzeug password hashing method (tests use a cheap one).
    PASSWORD_HASH_METHOD = "scrypt"

    #: Connections each process keeps open to a server database (PostgreSQL; SQLite keeps
    #: its own pool): a request holds one while it runs, so at least one per gunicorn
    #: thread (GUNICORN_THREADS), else the threads past the pool open and close a
    #: connection per request (a new PostgreSQL backend, its prepared statements lost).
    #: SQLAlchemy's 5 unless the threads are more.
    DATABASE_POOL_SIZE = _env_int("DATABASE_POOL_SIZE", max(5, _env_int("GUNICORN_THREADS", 0)))
    #: Connections opened beyond the pool while every pooled one is in use, each closed
    #: once returned.
    DATABASE_MAX_OVERFLOW = _env_int("DATABASE_MAX_OVERFLOW", 10)

    #: JSON columns written and read by orjson (server/json_codec.py).
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": True,
        "json_serializer": json_codec.column_dumps,
        "json_deserializer": json_codec.column_loads,
    }
    JSON_SORT_KEYS = False

    API_TITLE = "Aftercare API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    #: The API browser at /api/v1/docs, its assets served by us (server/api_docs.py).
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/api/v1/docs/assets/"


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SECRET_KEY = "test"
    PUBLIC_BASE_URL = "http://aftercare.test"
    #: Blobs written by tests never land in instance/ (media tests use a fresh folder each).
    MEDIA_DIR = str(Path(tempfile.gettempdir()) / "aftercare-test-media")
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    #: The test server's Web Push keys, never the ones under instance/.
    VAPID_PRIVATE_KEY_FILE = str(Path(tempfile.gettempdir()) / "aftercare-test-vapid.pem")


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """SQLALCHEMY_ENGINE_OPTIONS with the pool's size (DATABASE_POOL_SIZE and
    DATABASE_MAX_OVERFLOW) for a server database; SQLite's pools take neither."""
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    if make_url(config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() != "sqlite":
        options.setdefault("pool_size", config["DATABASE_POOL_SIZE"])
        options.setdefault("max_overflow", config["DATABASE_MAX_OVERFLOW"])
    return options
