"""The API's Blueprint: flask-smorest's, with one unit of work per write request.

``response`` wraps the view so that a POST, PUT, PATCH or DELETE commits its changes when
the view returns, before flask-smorest serialises the answer (so the answer shows what was
committed, derived state included). Views and services never commit themselves.

``arguments`` for a JSON body refuses a request that sends none (422) or sends another
type (415), naming the body, instead of reading it as an empty object. A schema given as
a class is made once, not per request (webargs makes one from a class for each request).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import request
from flask_smorest import Blueprint as SmorestBlueprint

from server.errors import AppError, ValidationFailed
from server.unit_of_work import commits

#: Where the errors of the body as a whole are named (marshmallow's key for the object).
BODY = "_schema"


def require_json_body() -> None:
    """A JSON body is there: else 422 (none) or 415 (not JSON), naming the body."""
    if not request.get_data(cache=True):
        raise ValidationFailed({BODY: ["A JSON body is required."]}, message="No body.")
    if not request.is_json:
        raise AppError(
            "Send the body as JSON (Content-Type: application/json).",
            code=415,
            key="errors.unsupportedMediaType",
            errors={"json": {BODY: ["Not JSON: send Content-Type: application/json."]}},
        )


class Blueprint(SmorestBlueprint):
    def response(self, *args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
        serialise = super().response(*args, **kwargs)

        def decorator(view: Callable) -> Callable:
            return serialise(commits(view))

        return decorator

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Callable:
        if isinstance(schema, type):
            schema = schema()
        parse = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return parse

        def decorator(view: Callable) -> Callable:
            parsed = parse(view)

            @wraps(parsed)
            def wrapper(*args: Any, **kw: Any) -> Any:
                require_json_body()
                return parsed(*args, **kw)

            return wrapper

        return decorator
