"""The API's Blueprint: flask-smorest's, with one unit of work per write request.

``response`` wraps the view so that a POST, PUT, PATCH or DELETE commits its changes when
the view returns, before flask-smorest serialises the answer (so the answer shows what was
committed, derived state included). Views and services never commit themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_smorest import Blueprint as SmorestBlueprint

from server.unit_of_work import commits


class Blueprint(SmorestBlueprint):
    def response(self, *args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
        serialise = super().response(*args, **kwargs)

        def decorator(view: Callable) -> Callable:
            return serialise(commits(view))

        return decorator
