"""The OpenAPI document and the API browser, served without a CDN."""


def test_the_openapi_document_lists_every_resource(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.json
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/auth/login",
        "/api/v1/work-orders/",
        "/api/v1/devices/{row_id}",
        "/api/v1/work-orders/{work_order_id}/actions",
    ):
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_login_needs_no_token_in_the_spec(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["paths"]["/api/v1/auth/login"]["post"]["security"] == []


def test_the_api_browser_loads_its_assets_from_us(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in html
    assert "https://" not in html
    asset = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    asset.close()


def _error_schema(client) -> dict:
    return client.get("/api/v1/openapi.json").json["components"]["schemas"]["Error"]


def _fits(body: dict, schema: dict) -> None:
    """Every field of the body is documented, and every required one is there."""
    assert set(body) <= set(schema["properties"]), set(body) - set(schema["properties"])
    assert set(schema.get("required", ())) <= set(body)


def test_every_error_body_is_the_documented_error_shape(app, client, login, world, monkeypatch):
    schema = _error_schema(client)
    assert schema["required"] == ["code", "key", "message", "status"]
    _fits(client.get("/api/v1/work-orders/").json, schema)  # 401
    engineer = login("engineer1")
    conflict = client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions", json={"action": "complete"}, headers=engineer
    )
    assert conflict.status_code == 409 and "conflict" in conflict.json
    _fits(conflict.json, schema)
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", 1)
    for _ in range(2):
        limited = client.post(
            "/api/v1/auth/login", json={"username": "engineer2", "password": "wrong-password"}
        )
    assert limited.status_code == 429 and "retry_after" in limited.json
    _fits(limited.json, schema)
    for extra in ("retry_after", "reason", "conflict", "missing", "received", "schema_version"):
        assert extra in schema["properties"], extra
