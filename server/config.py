"""Configuration: defaults, overridden by environment variables; a testing variant."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    #: SQLAlchemy URL; SQLite under instance/ unless DATABASE_URL says otherwise.
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'aftercare.sqlite3'}"
    )
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
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
    #: stays on the engineer's phone.
    SYNC_PAGE_SIZE = _env_int("SYNC_PAGE_SIZE", 500)
    SYNC_MAX_MUTATIONS = _env_int("SYNC_MAX_MUTATIONS", 500)
    SYNC_CLOSED_DAYS = _env_int("SYNC_CLOSED_DAYS", 14)

    #: werkzeug password hashing method (tests use a cheap one).
    PASSWORD_HASH_METHOD = "scrypt"

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
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
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
