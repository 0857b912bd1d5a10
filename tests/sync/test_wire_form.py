"""The wire form of a synced row (server.sync.records): a pull page's records are written
by the app's JSON writer straight from the database's values, a push answer's converted
column by column; both give, in the answer, what ``wire_value`` gives for the ORM's value of
every column (a page selects instants as naive UTC, JSON as its stored text and UUIDs as
their text, lists included)."""

from __future__ import annotations

import json

from sqlalchemy import select

from server.demo import load_demo
from server.sync.records import ENTITIES, records_of, to_record, wire_keys, wire_select, wire_value


def test_every_synced_column_goes_on_the_wire_as_wire_value_writes_it(app, db):
    load_demo()  # every synced table with rows, every kind of column with values
    for name, model in ENTITIES.items():
        keys = wire_keys(model)
        rows = list(db.session.connection().execute(wire_select(select(model), model)))
        objects = {str(row.id): row for row in db.session.scalars(select(model))}
        for record, row in zip(records_of(model, rows), rows, strict=True):
            stored = objects[row.id]  # the ORM's value of each column (instants aware, JSON read)
            expected = {key: wire_value(getattr(stored, key)) for key in keys}
            written = json.loads(app.json.dumps(record))
            assert {k: written[k] for k in keys} == expected, name
            assert json.loads(app.json.dumps(to_record(objects[row.id]))) == written, name
