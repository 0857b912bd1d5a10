"""How long the demo data takes to load (``make run`` loads it on a fresh machine).

A measurement, not a test of speed: it fails only if loading fails."""

from __future__ import annotations

import time

from benchmarks.report import write_section
from server import create_app
from server.config import TestConfig
from server.demo import counts, load_demo
from server.extensions import db


def test_loading_the_demo_data():
    app = create_app(TestConfig)
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        load_demo()
        seconds = time.perf_counter() - started
        loaded = counts()
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    assert loaded["work_orders"] > 0
    body = (
        "| what | figure |\n|---|---|\n"
        f"| load the demo data (SQLite in memory) | {seconds:.1f} s |\n"
        f"| work orders loaded | {loaded['work_orders']} |\n"
        f"| devices loaded | {loaded['devices']} |\n"
    )
    print(body)
    write_section("Demo data", body)
