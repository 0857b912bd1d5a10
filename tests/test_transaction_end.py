"""A request's transaction that wrote nothing ends with COMMIT (psycopg forgets its
prepared statements at every ROLLBACK: server.transaction_end); one that wrote, or ended
in an error, is rolled back as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from server.models import Customer, WorkOrder
from tests.sql_counting import transaction_events
from tests.sync.phone import Phone


@pytest.fixture
def endings(db) -> Iterator[list[str]]:
    with transaction_events(db.engine, "commit", "rollback") as seen:
        yield seen


def test_a_request_that_only_read_ends_with_commit(app, db, world, endings):
    with app.app_context():  # a request's own context, as gunicorn runs it
        db.session.scalars(select(WorkOrder)).all()
    assert endings == ["commit"]


def test_a_request_that_wrote_through_the_orm_is_rolled_back(app, db, world, endings):
    with app.app_context():
        db.session.add(Customer(name="未提交", code="UNCOMMITTED"))
        db.session.flush()
    assert endings == ["rollback"]
    assert db.session.scalar(select(Customer).filter_by(code="UNCOMMITTED")) is None


def test_a_request_that_wrote_a_core_statement_is_rolled_back(app, db, world, endings):
    with app.app_context():
        db.session.execute(update(Customer).values(name="改了"))
    assert endings == ["rollback"]
    assert db.session.scalar(select(Customer).filter_by(name="改了")) is None


def test_a_request_with_changes_waiting_to_flush_is_rolled_back(app, db, world, endings):
    with app.app_context():
        db.session.scalars(select(WorkOrder)).all()
        db.session.add(Customer(name="待写", code="PENDING"))
    assert endings == ["rollback"]
    assert db.session.scalar(select(Customer).filter_by(code="PENDING")) is None


def test_a_request_that_failed_is_rolled_back_even_if_it_only_read(app, db, world, endings):
    context = app.app_context()
    context.push()
    db.session.scalars(select(WorkOrder)).all()
    context.pop(RuntimeError("the view failed"))
    assert endings == ["rollback"]


def test_a_pull_ends_its_transactions_with_commit(client, login, world, db, endings):
    Phone(client, login("engineer1")).pull()
    assert "rollback" not in endings
