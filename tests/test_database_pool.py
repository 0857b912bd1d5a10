"""The connection pool of a server database: a connection for every thread of a gunicorn
process (a thread past the pool opened and closed a PostgreSQL connection per request),
sized by DATABASE_POOL_SIZE and DATABASE_MAX_OVERFLOW (docs/deployment.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from server import create_app
from server.config import TestConfig
from server.extensions import db

ROOT = Path(__file__).resolve().parent.parent
#: A PostgreSQL URL: the engine is built, never connected, so no server is needed.
POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/aftercare_never_connected"


def _settings(**environ: str) -> str:
    """DATABASE_POOL_SIZE and DATABASE_MAX_OVERFLOW as a process with this environment
    reads them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "GUNICORN_"))}
    code = (
        "from server.config import Config as C; "
        "print(C.DATABASE_POOL_SIZE, C.DATABASE_MAX_OVERFLOW)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**env, **environ}, cwd=ROOT,
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def _app(database_url: str, **config):
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    return create_app({**settings, "SQLALCHEMY_DATABASE_URI": database_url, **config})


def test_the_pool_keeps_a_connection_for_every_gunicorn_thread():
    assert _settings(GUNICORN_THREADS="8") == "8 10"
    assert _settings(GUNICORN_THREADS="2") == "5 10"  # (SQLAlchemy's own default)
    assert _settings() == "5 10"


def test_the_pool_size_is_a_setting():
    assert _settings(GUNICORN_THREADS="8", DATABASE_POOL_SIZE="12") == "12 10"
    assert _settings(DATABASE_MAX_OVERFLOW="0") == "5 0"


def test_a_postgresql_engine_gets_the_configured_pool():
    app = _app(POSTGRESQL, DATABASE_POOL_SIZE=8, DATABASE_MAX_OVERFLOW=3)
    with app.app_context():
        assert db.engine.pool.size() == 8
        assert db.engine.pool._max_overflow == 3
        assert db.engine.pool._pre_ping  # (the options it already had are kept)


def test_a_sqlite_database_keeps_its_own_pool(tmp_path):
    for url in ("sqlite://", f"sqlite:///{tmp_path / 'pool.sqlite3'}"):
        app = _app(url, DATABASE_POOL_SIZE=8)
        with app.app_context(), db.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
