"""Every schema the API reads a request with (and every schema nested in one) is bounded
(server/bounds.py): text without NUL, integers within the database's range. So a new
endpoint cannot forget it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from marshmallow import Schema, fields

from server.bounds import BoundedSchema

METHODS = ("get", "post", "put", "patch", "delete")
#: Nothing is checked elsewhere: the sync envelope and every mutation's arguments
#: (server/sync/protocol.py) use the same bounded schemas.
ELSEWHERE: tuple[str, ...] = ()


def _argument_schemas(app) -> Iterator[tuple[str, Schema]]:
    for rule in app.url_map.iter_rules():
        view_class = getattr(app.view_functions[rule.endpoint], "view_class", None)
        for method in METHODS:
            view = getattr(view_class, method, None)
            apidoc: dict[str, Any] = getattr(view, "_apidoc", {}) or {}
            for parameter in apidoc.get("arguments", {}).get("parameters", []):
                schema = parameter["schema"]
                yield (
                    f"{method.upper()} {rule.rule}",
                    (schema() if isinstance(schema, type) else schema),
                )


def _nested(schema: Schema) -> Iterator[Schema]:
    yield schema
    for field in schema.fields.values():
        yield from _nested_in(field)


def _nested_in(field: fields.Field) -> Iterator[Schema]:
    if isinstance(field, fields.Nested):
        yield from _nested(field.schema)
    elif isinstance(field, fields.List):
        yield from _nested_in(field.inner)
    elif isinstance(field, fields.Tuple):
        for inner in field.tuple_fields:
            yield from _nested_in(inner)
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        yield from _nested_in(field.value_field)


def test_every_input_schema_is_bounded(app):
    unbounded = sorted(
        {
            f"{where}: {type(nested).__module__}.{type(nested).__name__}"
            for where, schema in _argument_schemas(app)
            for nested in _nested(schema)
            if not isinstance(nested, BoundedSchema)
            and not type(nested).__module__.startswith(ELSEWHERE)
        }
    )
    assert unbounded == []


def test_every_sync_argument_schema_is_bounded():
    from server.sync import protocol

    schemas = [
        value
        for value in vars(protocol).values()
        if isinstance(value, type)
        and issubclass(value, Schema)
        and value.__module__ == protocol.__name__
    ]
    assert schemas
    assert [s.__name__ for s in schemas if not issubclass(s, BoundedSchema)] == []


def test_instantiating_a_schema_again_adds_no_more_checks():
    """marshmallow shares a field's validators between a schema's instances: the bounds
    are added once, not once per instance (which would grow without end)."""
    from server.sync.protocol import NoteAddArgs, WorkOrderFieldsSchema

    before = len(NoteAddArgs().fields["text"].validators)
    for _ in range(5):
        NoteAddArgs()
        WorkOrderFieldsSchema(only=["contact_name"])
    assert len(NoteAddArgs().fields["text"].validators) == before
