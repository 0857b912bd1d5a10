"""The Alembic migrations build the whole schema, and the models match them exactly."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from server import create_app
from server.config import TestConfig
from server.extensions import db


def _scratch_databases(tmp_path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        name = f"aftercare_mig_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.rsplit("/", 1)[0] + f"/{name}"
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


def test_upgrade_builds_a_schema_that_matches_the_models(tmp_path):
    for url in _scratch_databases(tmp_path):
        app = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(
                    conn, opts={"compare_type": True, "render_as_batch": True}
                )
                diff = compare_metadata(context, db.metadata)
            assert diff == [], f"models and migrations differ on {db.engine.dialect.name}: {diff}"
            tables = set(inspect(db.engine).get_table_names())
            assert {"work_orders", "devices", "api_tokens", "work_order_events"} <= tables
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()


def vars_of(config: type) -> dict:
    return {k: getattr(config, k) for k in dir(config) if k.isupper()}
