"""What the API fuzzer (test_openapi_fuzz.py) found, each pinned by a plain test: the
answer the OpenAPI document promises, and no 500."""

from __future__ import annotations

from tests.rest import patch_as_read


def test_an_unknown_timezone_is_refused_naming_the_field(client, login, world):
    admin = login("admin")
    for zone in ("Mars/Olympus", "𗶮t\x89¹\ndÖ", "../../etc/passwd", ""):
        r = client.patch("/api/v1/settings", json={"timezone": zone}, headers=admin)
        assert r.status_code == 422, zone
        assert "timezone" in r.json["errors"]["json"]
    assert client.get("/api/v1/work-orders/", headers=admin).status_code == 200
    r = client.patch("/api/v1/settings", json={"timezone": "Europe/Berlin"}, headers=admin)
    assert r.status_code == 200 and r.json["timezone"] == "Europe/Berlin"


def _spec(client) -> dict:
    return client.get("/api/v1/openapi.json").json


def _template(client, admin) -> dict:
    r = client.post(
        "/api/v1/checklist-templates/",
        json={
            "system_type": "cctv",
            "name": "监控巡检",
            "items": [{"key": "image", "label": "图像清晰", "type": "pass_fail"}],
        },
        headers=admin,
    )
    assert r.status_code == 201, r.json
    return r.json


def test_a_patch_replaces_nested_items_with_whole_items_only(client, login, world):
    admin = login("admin")
    template = _template(client, admin)
    r = client.patch(
        f"/api/v1/checklist-templates/{template['id']}",
        json={"items": [{"key": "k", "label": "没有类型"}]},
        headers=admin,
    )
    assert r.status_code == 422
    assert "type" in r.json["errors"]["json"]["items"]["0"]


def test_a_checklist_item_without_a_unit_reads_as_an_empty_unit():
    from server.api.schemas.checklists import ChecklistTemplateSchema

    item = {"key": "photo", "label": "现场照片", "type": "photo", "unit": None}
    dumped = ChecklistTemplateSchema().dump({"name": "x", "items": [item]})
    assert dumped["items"][0]["unit"] == ""


def test_a_patch_without_a_json_body_is_refused_naming_the_body(client, login, world):
    admin = login("admin")
    url = f"/api/v1/devices/{world.devices[0].id}"
    r = client.patch(url, headers=admin)
    assert r.status_code == 422
    assert "_schema" in r.json["errors"]["json"]
    r = client.patch(url, data='{"notes": "x"}', content_type="text/plain", headers=admin)
    assert r.status_code == 415
    assert "_schema" in r.json["errors"]["json"]
    r = patch_as_read(client, url, json={}, headers=admin)  # a change of nothing
    assert r.status_code == 200


def test_optional_text_may_be_cleared_and_reads_back_as_documented(client, login, world):
    admin = login("admin")
    contact = client.post(
        "/api/v1/contacts/",
        json={"customer_id": str(world.customer.id), "name": "王主任", "email": "w@example.cn"},
        headers=admin,
    ).json
    r = client.patch(f"/api/v1/contacts/{contact['id']}", json={"email": ""}, headers=admin)
    assert r.status_code == 200 and r.json["email"] == ""
    r = client.patch(f"/api/v1/contacts/{contact['id']}", json={"email": "nope"}, headers=admin)
    assert r.status_code == 422 and "email" in r.json["errors"]["json"]
    device = f"/api/v1/devices/{world.devices[0].id}"
    r = patch_as_read(client, device, json={"location": ""}, headers=admin)
    assert r.status_code == 200 and r.json["location"] == ""
    schemas = _spec(client)["components"]["schemas"]
    for schema, field in (("Contact", "email"), ("User", "email"), ("Device", "location")):
        prop = schemas[schema]["properties"][field]
        assert "format" not in prop and "minLength" not in prop, (schema, prop)


def test_the_csv_exports_are_documented(client):
    paths = _spec(client)["paths"]
    for path in ("/api/v1/kpi/{name}", "/api/v1/complaints/", "/api/v1/scheduled-visits/"):
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert set(content) == {"application/json", "text/csv"}, path


def test_an_upload_of_a_stored_blob_is_documented_as_it_answers(client):
    status = _spec(client)["components"]["schemas"]["UploadStatus"]["properties"]
    assert {"received", "size", "complete", "sha256", "content_type", "width"} <= set(status)
