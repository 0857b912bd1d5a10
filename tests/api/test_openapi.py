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
