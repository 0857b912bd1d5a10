"""No request takes a worker down: a body over its route's limit is refused with 413
before it is parsed, and JSON nested ten thousand deep is a 400, both in the error shape."""

from __future__ import annotations


def test_a_huge_login_body_is_refused_before_it_is_read(client, app):
    body = b'{"username": "' + b"x" * (app.config["API_MAX_BYTES"] + 1) + b'"}'
    r = client.post("/api/v1/auth/login", data=body, content_type="application/json")
    assert r.status_code == 413
    assert r.json["key"] == "errors.tooLarge"


def test_json_nested_ten_thousand_deep_is_a_bad_request(client):
    body = "[" * 10_000 + "]" * 10_000
    r = client.post("/api/v1/auth/login", data=body, content_type="application/json")
    assert r.status_code == 400
    assert r.json["code"] == 400


def test_a_push_may_be_larger_than_other_requests(client, login, world, app):
    from datetime import UTC, datetime

    size = app.config["API_MAX_BYTES"] + 1000
    body = {"schema_version": 1, "client_id": "7b0e7b0e-7b0e-4b0e-8b0e-7b0e7b0e7b0e",
            "client_time": datetime.now(UTC).isoformat(), "mutations": [],
            "padding": "x" * size}  # fmt: skip
    r = client.post("/api/v1/sync/push", json=body, headers=login("engineer1"))
    # Read and parsed (its unknown field refused by the schema), not refused by its size.
    assert r.status_code == 422, r.json
    assert "padding" in r.json["errors"]["json"]
