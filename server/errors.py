"""Exceptions of the application and the one JSON error shape they map to.

Every error a client sees looks like::

    {"code": 422, "status": "Unprocessable Entity", "message": "...",
     "errors": {"json": {"serial": ["Missing data for required field."]}},
     "key": "errors.validation"}

``key`` is an i18n key the webapp translates; ``errors`` names the fields.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.exceptions import HTTPException

_DEFAULT_KEYS = {
    400: "errors.badRequest",
    401: "errors.unauthorized",
    403: "errors.forbidden",
    404: "errors.notFound",
    405: "errors.methodNotAllowed",
    409: "errors.conflict",
    412: "errors.preconditionFailed",
    413: "errors.tooLarge",
    415: "errors.unsupportedMediaType",
    422: "errors.validation",
    429: "errors.tooManyRequests",
}


class AppError(HTTPException):
    """An expected error raised by a service; carries its i18n key and field errors."""

    code = 400
    key = "errors.badRequest"
    #: True when what was done before the refusal is to be kept: the edge commits it and
    #: then answers the error (server.unit_of_work).
    keeps_changes = False

    def __init__(
        self,
        message: str,
        *,
        key: str | None = None,
        errors: dict[str, Any] | None = None,
        code: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description=message)
        if code is not None:
            self.code = code
        if key is not None:
            self.key = key
        self.errors = errors
        self.extra = extra or {}


class Unauthorized(AppError):
    code = 401
    key = "errors.unauthorized"


class Forbidden(AppError):
    code = 403
    key = "errors.forbidden"


class NotFound(AppError):
    code = 404
    key = "errors.notFound"


class Conflict(AppError):
    code = 409
    key = "errors.conflict"


class ValidationFailed(AppError):
    """A rule on the data failed; ``errors`` maps field names to messages."""

    code = 422
    key = "errors.validation"

    def __init__(self, errors: dict[str, Any], message: str = "Invalid data.", **kw: Any):
        super().__init__(message, errors={"json": errors}, **kw)


def field_error(field: str, message: str, key: str | None = None) -> ValidationFailed:
    """The common case: one field is wrong."""
    return ValidationFailed({field: [message]}, message=message, key=key)


def error_body(error: HTTPException):
    """Serialise any HTTPException (ours, werkzeug's or flask-smorest's) to the error shape."""
    code = error.code or 500
    body: dict[str, Any] = {
        "code": code,
        "status": error.name,
        "message": error.description or error.name,
        "key": getattr(error, "key", None) or _DEFAULT_KEYS.get(code, "errors.unknown"),
    }
    errors = getattr(error, "errors", None)
    if errors is None:
        # flask-smorest / webargs put field messages in error.data["messages"].
        data = getattr(error, "data", None) or {}
        errors = data.get("messages")
        if errors:
            body["message"] = "Invalid data."
    if errors:
        body["errors"] = errors
    body.update(getattr(error, "extra", {}) or {})
    response = jsonify(body)
    response.status_code = code
    headers = getattr(error, "data", {}) or {}
    for name, value in (headers.get("headers") or {}).items():
        response.headers[name] = value
    if code == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response
