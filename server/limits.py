"""Request limits applied before anything is parsed: a body size per route family (Werkzeug
refuses a larger body with 413 as it reads it, in the one error shape), and JSON nested
too deep is a 400, not a crash. The app's JSON provider (which parses and also writes the
answers: UTF-8, keys unsorted) lives here."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

from server import json_codec

#: Slack on top of a file's own limit for the form fields and multipart framing.
_FORM_SLACK = 64 * 1024


def _limit_for(path: str, config: dict[str, Any]) -> int:
    if path == "/api/v1/sync/push":
        return config["SYNC_PUSH_MAX_BYTES"]
    if path.startswith("/api/v1/blobs/") or path.startswith("/d/"):
        return config["BLOB_MAX_BYTES"] + _FORM_SLACK
    if path == "/api/v1/devices/import":
        return config["DEVICE_IMPORT_MAX_BYTES"] + _FORM_SLACK
    return config["API_MAX_BYTES"]


class _JSONProvider(DefaultJSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """Written by orjson (server.json_codec): UTF-8, not with every Chinese character
        written as an escape such as ``\\u4e2d`` (12 % fewer bytes in a pull page of Chinese
        work orders); keys in the order the code writes them (sorting every record's keys
        is CPU nobody reads); instants in ISO 8601, as the API's wire form has them
        everywhere (not the HTTP date Flask's ``default`` would write)."""
        return json_codec.dumps(obj, self.default, indent=bool(kwargs.get("indent")))

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return json.loads(s, **kwargs)
        except RecursionError:
            raise BadRequest("The JSON is nested too deeply.") from None


def _too_deep(error: RecursionError) -> Any:
    """JSON nested past Python's recursion limit while a parser (ours, or the argument
    parser's own json.loads) decoded a request body: a 400, in the one error shape."""
    if "decoding a JSON" not in str(error):
        raise error
    from server.errors import error_body

    return error_body(BadRequest("The JSON is nested too deeply."))


def init_limits(app: Flask) -> None:
    app.json = _JSONProvider(app)
    app.register_error_handler(RecursionError, _too_deep)

    @app.before_request
    def _limit_body() -> None:
        request.max_content_length = _limit_for(request.path, app.config)
