"""one_of: ``column IN values`` whose SQL text does not change with the number of values
on PostgreSQL (psycopg prepares statements by their text: server.stable_sql); and
one_of_parameter, the same test in a statement built once, the values its parameter; and
among, a fixed list of constants with no list to render at each execution."""

from __future__ import annotations

from sqlalchemy import select

from server.models import Customer
from server.stable_sql import among, one_of, one_of_parameter
from tests.sql_counting import counting_statements


def _customers(db) -> list[Customer]:
    db.session.add_all(Customer(name=f"客户{n}", code=f"ONE-OF-{n}") for n in range(3))
    db.session.commit()
    return db.session.scalars(select(Customer).order_by(Customer.code)).all()


def test_one_of_finds_the_rows_named_and_only_those(db):
    customers = _customers(db)
    for wanted in ([customers[0]], customers[:2], customers):
        ids = [c.id for c in wanted]
        found = db.session.scalars(select(Customer.id).where(one_of(Customer.id, ids))).all()
        assert sorted(found) == sorted(ids)
    assert db.session.scalars(select(Customer).where(one_of(Customer.id, []))).all() == []


def test_one_of_is_one_statement_text_for_any_number_of_values_on_postgresql(db):
    ids = [c.id for c in _customers(db)]
    texts = set()
    for n in (1, len(ids)):
        with counting_statements(db.engine) as statements:
            db.session.scalars(select(Customer.id).where(one_of(Customer.id, ids[:n]))).all()
        texts.add(statements[-1])
    if db.engine.dialect.name == "postgresql":
        assert len(texts) == 1, texts
    else:  # SQLite has no arrays: IN, a text per length
        assert len(texts) == 2


def test_one_of_parameter_finds_the_rows_named_in_each_execution_of_one_statement(db):
    customers = _customers(db)
    dialect = db.engine.dialect.name
    statement = select(Customer.id).where(one_of_parameter(Customer.id, "ids", dialect))
    texts = set()
    for wanted in ([], [customers[0]], customers[:2], customers):
        ids = [c.id for c in wanted]
        with counting_statements(db.engine) as statements:
            found = db.session.scalars(statement, {"ids": ids}).all()
        texts.add(statements[-1])
        assert sorted(found) == sorted(ids)
    if dialect == "postgresql":
        assert len(texts) == 1, texts


def test_among_finds_the_rows_whose_value_is_one_of_the_constants_and_renders_no_list(db):
    customers = _customers(db)
    codes = ("ONE-OF-0", "ONE-OF-2")
    statement = select(Customer.id).where(among(Customer.code, codes))
    found = db.session.scalars(statement).all()
    assert sorted(found) == sorted(c.id for c in customers if c.code in codes)
    outside = db.session.scalars(select(Customer.id).where(~among(Customer.code, codes))).all()
    assert outside == [customers[1].id]
    compiled = statement.compile(dialect=db.engine.dialect)
    assert not compiled.post_compile_params  # nothing re-rendered per execution
