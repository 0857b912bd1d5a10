"""The OpenAPI document is true: schemathesis sends generated requests (valid and invalid)
to every operation, in-process, as an admin and as an engineer, and every answer must be
no server error (5xx) and match the response schema the document gives for its status.

It runs on the test app's throwaway database with the demo data loaded once for the
module, so generated requests also reach real records (a path id is, for most examples,
the id of a record the caller may see). Writes are fuzzed too; the fuzzing accounts
themselves are never the target of a user change or a token revocation, so the run cannot
lock itself (or the last admin) out.

Bounded so the module takes about two minutes on two cores: for the admin the coverage
phase (boundaries, missing and wrong-typed values) and FUZZ_ADMIN_EXAMPLES generated
examples per operation, for the engineer FUZZ_ENGINEER_EXAMPLES; a fixed FUZZ_SEED makes a
run repeatable. Set them in the environment for a longer or different search, e.g.
``FUZZ_ADMIN_EXAMPLES=200 FUZZ_SEED=7 pytest tests/api/test_openapi_fuzz.py``; ``-m "not
fuzz"`` leaves the module out of a quick run.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import select

from server import create_app
from server.config import TestConfig
from server.extensions import db as _db

#: Generated examples per operation in the fuzzing phase, as the admin and as the engineer.
ADMIN_EXAMPLES = int(os.environ.get("FUZZ_ADMIN_EXAMPLES", "5"))
ENGINEER_EXAMPLES = int(os.environ.get("FUZZ_ENGINEER_EXAMPLES", "10"))
SEED = int(os.environ.get("FUZZ_SEED", "20261014"))
#: The accounts the fuzzer calls as; no generated request may change or revoke them.
ADMIN, ENGINEER = "admin", "engineer1"
FUZZERS = (ADMIN, ENGINEER)

pytestmark = pytest.mark.fuzz


def _spec() -> dict[str, Any]:
    """The document as the app serves it (no database needed to build it)."""
    app = create_app(TestConfig)
    return app.test_client().get("/api/v1/openapi.json").json


def _schema(spec: dict[str, Any], examples: int, coverage: bool) -> Any:
    return schemathesis.openapi.from_dict(
        spec,
        config=SchemathesisConfig.from_dict(
            {
                "seed": SEED,
                "generation": {
                    "max-examples": examples,
                    "database": "none",
                    # Now and then text that PostgreSQL cannot store, and integers past
                    # a 32-bit column: both must be a 422, on SQLite as on PostgreSQL.
                    "dictionaries": {
                        "string": {"dictionary": "hostile-text", "probability": 0.2},
                        "integer": {"dictionary": "out-of-range", "probability": 0.2},
                    },
                },
                "dictionaries": {
                    "hostile-text": {"values": ["\u0000", "x\u0000y", "录像机\u0000"]},
                    "out-of-range": {"values": [2**31, -(2**31) - 1, 2**63, 10**20]},
                },
                "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": coverage}},
                "warnings": False,
                "operations": [
                    {
                        # A contract's settings nest some hundred fields: the coverage
                        # phase alone would send two thousand requests each.
                        "include-path-regex": "^/api/v1/contracts/",
                        "include-method": ["POST", "PATCH"],
                        "phases": {"coverage": {"enabled": False}},
                    }
                ],
            }
        ),
    )


SPEC = _spec()
#: The admin may call everything: schemathesis's coverage phase (each parameter and field
#: at its boundaries, missing, of the wrong type) and then generated examples. The
#: engineer mostly meets 403 and 404, so generated examples only.
admin_schema = _schema(SPEC, ADMIN_EXAMPLES, coverage=True)
engineer_schema = _schema(SPEC, ENGINEER_EXAMPLES, coverage=False)


@pytest.fixture(autouse=True)
def _clean_tables() -> None:
    """Overrides the per-test clean-up (tests/conftest.py): the demo data stays for the
    whole module and ``demo`` removes it at the end."""


@pytest.fixture(scope="module")
def demo(app: Flask) -> Iterator[None]:
    from server.demo import load_demo

    load_demo()
    yield
    _db.session.rollback()
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()
    _db.session.remove()


class Tokens:
    """A bearer token per fuzzing account, issued directly (generated logins with wrong
    passwords would soon rate-limit the test client's address); a new one after a 401."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def headers(self, username: str) -> dict[str, str]:
        from server.auth import issue_token
        from server.models import User
        from server.unit_of_work import committed

        if username not in self._tokens:
            user = _db.session.scalar(select(User).where(User.username == username))
            with committed():
                token, _ = issue_token(user, "fuzz")
            self._tokens[username] = token
        return {"Authorization": f"Bearer {self._tokens[username]}"}

    def forget(self, username: str) -> None:
        self._tokens.pop(username, None)


@pytest.fixture(scope="module")
def tokens(demo: None) -> Tokens:
    return Tokens()


def _ids_for(path: str, name: str, username: str) -> list[str]:
    """Ids of real records for the path parameter ``name`` of ``path``, as ``username``
    may see them (none for a parameter with no records behind it)."""
    from server import models as m
    from server.services import access

    by_prefix: dict[str, Any] = {
        "/api/v1/regions/": m.Region,
        "/api/v1/centres/": m.Centre,
        "/api/v1/users/": m.User,
        "/api/v1/customers/": m.Customer,
        "/api/v1/contacts/": m.Contact,
        "/api/v1/sites/": m.Site,
        "/api/v1/systems/": m.System,
        "/api/v1/devices/": m.Device,
        "/api/v1/contracts/": m.Contract,
        "/api/v1/parts/": m.Part,
        "/api/v1/stock-locations/": m.StockLocation,
        "/api/v1/checklist-templates/": m.ChecklistTemplate,
    }
    by_name: dict[str, Any] = {
        "work_order_id": m.WorkOrder,
        "device_id": m.Device,
        "customer_id": m.Customer,
        "follow_up_id": m.FollowUp,
        "question_id": m.SurveyQuestion,
        "complaint_id": m.Complaint,
        "conflict_id": m.SyncConflict,
        "late_id": m.LateContribution,
        "token_id": m.ApiToken,
    }
    if name == "name" and path.startswith("/api/v1/kpi/"):
        from server import kpi

        return sorted(kpi.TABLES)
    if name == "sha256":
        return list(_db.session.scalars(select(m.Blob.sha256)))
    if name == "mutation_id":
        return [str(i) for i in _db.session.scalars(select(m.SyncMutation.id))]
    model = by_name.get(name)
    if model is None and name == "row_id":
        model = next((v for k, v in by_prefix.items() if path.startswith(k)), None)
    if model is None:
        return []
    user = _db.session.scalar(select(m.User).where(m.User.username == username))
    query = select(model.id)
    if model in access.RULED_MODELS:
        query = access.restrict(query, model, user)
    if model is m.User:
        query = query.where(m.User.username.not_in(FUZZERS))
    if model is m.ApiToken:
        query = query.where(
            m.ApiToken.user_id.not_in(select(m.User.id).where(m.User.username.in_(FUZZERS)))
        )
    return [str(i) for i in _db.session.scalars(query.order_by(model.id))]


def _with_real_ids(case: Any, username: str) -> None:
    """Two examples in three name real records in their path (which ones, from the
    generated value, so a failing example replays the same)."""
    params = case.path_parameters or {}
    for name, value in list(params.items()):
        pick = zlib.crc32(f"{name}={value}".encode())
        if pick % 3 == 0:
            continue
        ids = _ids_for(case.operation.path, name, username)
        if ids:
            params[name] = ids[pick % len(ids)]


CHECKS: list[Callable[..., Any]] = [not_a_server_error, response_schema_conformance]


def _call_and_check(case: Any, username: str, app: Flask, tokens: Tokens) -> None:
    _with_real_ids(case, username)
    headers = tokens.headers(username)
    response = case.call(app=app, headers=headers)
    if response.status_code == 401:
        tokens.forget(username)  # a generated logout, or a token revoked by the admin
    case.validate_response(response, checks=CHECKS, headers=headers)


@admin_schema.parametrize()
def test_every_operation_answers_the_admin_as_documented(case, app: Flask, tokens: Tokens):
    _call_and_check(case, ADMIN, app, tokens)


@engineer_schema.parametrize()
def test_every_operation_answers_the_engineer_as_documented(case, app: Flask, tokens: Tokens):
    _call_and_check(case, ENGINEER, app, tokens)
