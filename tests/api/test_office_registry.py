"""Registry administration in the office: equipment list import, stock, checklist
templates, contracts with nested errors, users and roles."""

import io
from datetime import datetime

from openpyxl import Workbook

from tests.rest import patch_as_read


def _import(client, headers, name, data, **form):
    return client.post(
        "/api/v1/devices/import",
        data={**form, "file": (io.BytesIO(data), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def _count_devices(db):
    from server.models import Device

    return db.session.scalar(db.select(db.func.count()).select_from(Device))


# --- equipment list import -----------------------------------------------------------


def test_a_csv_equipment_list_with_chinese_headings_is_imported(client, login, world, db):
    csv = (
        "序号,序列号,型号,厂家,类别,安装位置,IP地址,安装日期,验收日期\n"
        "1,NVR0001,DS-7716,海康威视,主机,机房 A,10.0.0.5,2026/3/1,2026-03-10\n"
        "2,CAM0101,DS-2CD3T46,海康威视,外围设备,大厅,,2026-03-01,\n"
    )
    r = _import(
        client, login("admin"), "设备清单.csv", csv.encode(), system_id=str(world.system.id)
    )
    assert r.status_code == 201, r.json
    assert r.json["created"] == 2
    devices = client.get("/api/v1/devices/?serial=NVR0001", headers=login("admin")).json["items"]
    assert devices[0]["device_class"] == "main"
    assert devices[0]["ip_address"] == "10.0.0.5"
    assert devices[0]["accepted_on"] == "2026-03-10"
    assert devices[0]["installed_on"] == "2026-03-01"
    assert devices[0]["warranty"]["status"] in ("free_repair", "paid", "exchange", "return")


def test_a_csv_saved_by_excel_in_gb18030_is_read(client, login, world):
    csv = "serial,model,manufacturer\nGBK0001,型号甲,大华\n".encode("gb18030")
    r = _import(client, login("admin"), "list.csv", csv, system_id=str(world.system.id))
    assert r.status_code == 201, r.json


def test_an_xlsx_equipment_list_with_a_system_column_is_imported(client, login, world):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "system_id",
            "serial",
            "model",
            "manufacturer",
            "installed_on",
            "manufacturer_warranty_months",
        ]
    )
    sheet.append([str(world.system.id), 12345678, "DS-2CD2", "海康威视", datetime(2026, 2, 1), 36])
    out = io.BytesIO()
    book.save(out)
    r = _import(client, login("admin"), "devices.xlsx", out.getvalue())
    assert r.status_code == 201, r.json
    device = client.get("/api/v1/devices/?serial=12345678", headers=login("admin")).json["items"][0]
    assert device["installed_on"] == "2026-02-01"
    assert device["manufacturer_warranty_months"] == 36


def test_one_bad_row_stores_nothing_and_every_bad_row_is_named(client, login, world, db):
    before = _count_devices(db)
    csv = (
        "serial,model,manufacturer,device_class,installed_on\n"
        "OK0001,M1,海康威视,main,2026-01-01\n"
        "DS2CD0001,M1,海康威视,main,2026-01-01\n"  # row 3: serial already registered
        ",M1,海康威视,main,2026-01-01\n"  # row 4: no serial
        "OK0002,M1,海康威视,robot,2026-13-01\n"  # row 5: class and date wrong
        "OK0001,M1,海康威视,main,\n"  # row 6: twice in the file
    )
    r = _import(client, login("admin"), "list.csv", csv.encode(), system_id=str(world.system.id))
    assert r.status_code == 422, r.json
    assert r.json["key"] == "errors.deviceImport.invalidRows"
    rows = r.json["errors"]["rows"]
    assert set(rows) == {"3", "4", "5", "6"}
    assert "serial" in rows["3"] and "serial" in rows["4"]
    assert set(rows["5"]) == {"device_class", "installed_on"}
    assert rows["6"]["serial"] == ["Also in row 2 of the file."]
    assert _count_devices(db) == before


def test_a_row_naming_a_missing_system_is_an_error(client, login, world):
    csv = "system_id,serial,model,manufacturer\n00000000-0000-0000-0000-000000000000,X1,M,H\n"
    r = _import(client, login("admin"), "list.csv", csv.encode())
    assert r.status_code == 422
    assert r.json["errors"]["rows"]["2"] == {"system_id": ["No System with this id."]}


def test_rows_without_a_system_are_errors(client, login, world):
    r = _import(client, login("admin"), "list.csv", b"serial,model,manufacturer\nX1,M,H\n")
    assert r.status_code == 422
    assert "system_id" in r.json["errors"]["rows"]["2"]


def test_unknown_columns_and_unreadable_files_are_refused(client, login, world):
    headers = login("admin")
    unknown = _import(
        client, headers, "list.csv", "serial,颜色\nX,红\n".encode(), system_id=str(world.system.id)
    )
    assert unknown.status_code == 422
    assert unknown.json["errors"]["columns"] == {"颜色": ["Unknown column."]}
    broken = _import(client, headers, "list.xlsx", b"not a zip", system_id=str(world.system.id))
    assert broken.status_code == 422
    assert broken.json["key"] == "errors.deviceImport.unreadable"
    other = _import(client, headers, "list.pdf", b"%PDF", system_id=str(world.system.id))
    assert other.status_code == 422


def test_only_the_admin_imports(client, login, world):
    r = _import(
        client, login("dispatcher"), "list.csv", b"serial\nX\n", system_id=str(world.system.id)
    )
    assert r.status_code == 403


# --- stock -----------------------------------------------------------------------------


def _location(client, headers, **body):
    r = client.post("/api/v1/stock-locations/", json=body, headers=headers)
    assert r.status_code == 201, r.json
    return r.json


def test_a_van_belongs_to_an_engineer_and_a_warehouse_to_nobody(client, login, world):
    headers = login("admin")
    no_engineer = client.post(
        "/api/v1/stock-locations/", json={"kind": "van", "name": "车"}, headers=headers
    )
    assert no_engineer.status_code == 422
    assert "engineer_id" in no_engineer.json["errors"]["json"]
    warehouse_with_engineer = client.post(
        "/api/v1/stock-locations/",
        json={"kind": "warehouse", "name": "库", "engineer_id": str(world.users["engineer1"].id)},
        headers=headers,
    )
    assert warehouse_with_engineer.status_code == 422


def test_a_transfer_is_a_pair_of_movements_and_levels_sum_them(client, login, world):
    headers = login("admin")
    warehouse = _location(
        client, headers, kind="warehouse", name="上海仓", centre_id=str(world.centre.id)
    )
    van = _location(
        client, headers, kind="van", name="张工的车", engineer_id=str(world.users["engineer1"].id)
    )
    received = client.post(
        "/api/v1/stock/movements",
        json={
            "location_id": warehouse["id"],
            "part_id": str(world.part.id),
            "quantity": 10,
            "kind": "received",
        },
        headers=headers,
    )
    assert received.status_code == 201, received.json
    issued = client.post(
        "/api/v1/stock/transfers",
        json={
            "from_location_id": warehouse["id"],
            "to_location_id": van["id"],
            "part_id": str(world.part.id),
            "quantity": 4,
        },
        headers=headers,
    )
    assert issued.status_code == 201, issued.json
    pair = issued.json["movements"]
    assert [(m["location_id"], m["quantity"], m["kind"]) for m in pair] == [
        (warehouse["id"], -4, "issued"),
        (van["id"], 4, "issued"),
    ]
    assert pair[0]["server_at"] == pair[1]["server_at"]
    back = client.post(
        "/api/v1/stock/transfers",
        json={
            "from_location_id": van["id"],
            "to_location_id": warehouse["id"],
            "part_id": str(world.part.id),
            "quantity": 1,
            "note": "多领",
        },
        headers=headers,
    )
    assert {m["kind"] for m in back.json["movements"]} == {"returned"}
    levels = client.get("/api/v1/stock/levels", headers=login("supervisor")).json
    assert {
        (row["location"]["name"], row["part"]["part_number"], row["quantity"]) for row in levels
    } == {
        ("上海仓", "PSU-12V-2A", 7),
        ("张工的车", "PSU-12V-2A", 3),
    }
    vans = client.get("/api/v1/stock/levels?kind=van", headers=headers).json
    assert [row["quantity"] for row in vans] == [3]
    moves = client.get(f"/api/v1/stock/movements?location_id={van['id']}", headers=headers).json
    assert moves["total"] == 2


def test_parts_used_on_site_come_out_of_the_van_level(client, login, world):
    import uuid

    from tests.sync.phone import Phone

    headers = login("admin")
    van = _location(
        client, headers, kind="van", name="张工的车", engineer_id=str(world.users["engineer1"].id)
    )
    warehouse = _location(client, headers, kind="warehouse", name="上海仓")
    client.post(
        "/api/v1/stock/movements",
        json={
            "location_id": warehouse["id"],
            "part_id": str(world.part.id),
            "quantity": 5,
            "kind": "received",
        },
        headers=headers,
    )
    client.post(
        "/api/v1/stock/transfers",
        json={
            "from_location_id": warehouse["id"],
            "to_location_id": van["id"],
            "part_id": str(world.part.id),
            "quantity": 2,
        },
        headers=headers,
    )
    phone = Phone(client, login("engineer1"))
    phone.pull()
    phone.mutate(
        "part_usage.add",
        {
            "id": str(uuid.uuid4()),
            "work_order_id": str(world.wo1.id),
            "part_id": str(world.part.id),
            "quantity": 3,
        },
    )
    assert phone.push()["results"][0]["status"] == "applied"
    levels = client.get(f"/api/v1/stock/levels?location_id={van['id']}", headers=headers).json
    assert [row["quantity"] for row in levels] == [-1]  # used more than the books said


def test_stock_writes_are_the_admins(client, login, world):
    headers = login("dispatcher")
    r = client.post(
        "/api/v1/stock-locations/", json={"kind": "warehouse", "name": "x"}, headers=headers
    )
    assert r.status_code == 403
    assert client.get("/api/v1/stock/levels", headers=login("engineer1")).status_code == 403


def test_a_transfer_needs_two_locations_and_a_positive_quantity(client, login, world):
    headers = login("admin")
    warehouse = _location(client, headers, kind="warehouse", name="上海仓")
    same = client.post(
        "/api/v1/stock/transfers",
        json={
            "from_location_id": warehouse["id"],
            "to_location_id": warehouse["id"],
            "part_id": str(world.part.id),
            "quantity": 1,
        },
        headers=headers,
    )
    assert same.status_code == 422
    zero = client.post(
        "/api/v1/stock/transfers",
        json={
            "from_location_id": warehouse["id"],
            "to_location_id": warehouse["id"],
            "part_id": str(world.part.id),
            "quantity": 0,
        },
        headers=headers,
    )
    assert "quantity" in zero.json["errors"]["json"]


# --- checklist templates ---------------------------------------------------------------

ITEMS = [
    {"key": "appearance", "label": "外观检查", "type": "pass_fail"},
    {"key": "temp", "label": "温度", "type": "number", "unit": "℃", "min": 10, "max": 30},
]


def test_a_checklist_template_is_created_and_read_by_everyone(client, login, world):
    r = client.post(
        "/api/v1/checklist-templates/",
        json={"system_type": "cctv", "name": "监控季度巡检", "items": ITEMS},
        headers=login("admin"),
    )
    assert r.status_code == 201, r.json
    assert r.json["items"][1]["max"] == 30
    listed = client.get("/api/v1/checklist-templates/?system_type=cctv", headers=login("engineer1"))
    assert [t["name"] for t in listed.json["items"]] == ["监控季度巡检"]
    patched = patch_as_read(
        client,
        f"/api/v1/checklist-templates/{r.json['id']}",
        json={
            "items": [*ITEMS, {"key": "cable", "label": "线缆", "type": "text", "required": True}]
        },
        headers=login("admin"),
    )
    assert patched.status_code == 200, patched.json
    assert len(patched.json["items"]) == 3


def test_checklist_item_errors_name_the_item_and_field(client, login, world):
    items = [
        {"key": "temp", "label": "温度", "type": "number", "min": 30, "max": 10},
        {"key": "temp", "label": "再一次", "type": "pass_fail"},
        {"key": "x", "label": "错类型", "type": "slider"},
        {"key": "y", "label": "文字范围", "type": "text", "min": 1},
    ]
    for method, url in (("post", "/api/v1/checklist-templates/"),):
        r = getattr(client, method)(
            url,
            json={"system_type": "cctv", "name": "坏模板", "items": items},
            headers=login("admin"),
        )
        assert r.status_code == 422
        errors = r.json["errors"]["json"]["items"]
        assert errors["0"]["max"] == ["Must not be below min."]
        assert errors["1"]["key"] == ["Used by another item of this template."]
        assert "type" in errors["2"]
        assert errors["3"]["min"] == ["Only a number item has a range."]


def test_only_the_admin_writes_templates(client, login, world):
    r = client.post(
        "/api/v1/checklist-templates/",
        json={"system_type": "cctv", "name": "x", "items": ITEMS},
        headers=login("supervisor"),
    )
    assert r.status_code == 403


# --- contracts and users: the office forms rely on these answers -------------------------


def test_contract_settings_errors_name_the_nested_field(client, login, world):
    r = patch_as_read(
        client,
        f"/api/v1/contracts/{world.contract.id}",
        json={"settings": {"warranty": {"retrun_days": 7, "months": {"main": -1}}}},
        headers=login("admin"),
    )
    assert r.status_code == 422
    warranty = r.json["errors"]["json"]["settings"]["warranty"]
    assert "retrun_days" in warranty
    assert "main" in warranty["months"]


def test_a_contract_stores_only_what_differs_from_the_defaults(client, login, world, db):
    from server.models import Contract

    defaults = client.get("/api/v1/contracts/defaults", headers=login("admin")).json
    settings = {**defaults, "warranty": {**defaults["warranty"], "return_days": 15}}
    r = patch_as_read(
        client,
        f"/api/v1/contracts/{world.contract.id}",
        json={"settings": settings},
        headers=login("admin"),
    )
    assert r.status_code == 200, r.json
    assert r.json["settings"]["warranty"]["return_days"] == 15
    db.session.expire_all()
    assert db.session.get(Contract, world.contract.id).settings == {"warranty": {"return_days": 15}}


def test_the_admin_creates_users_with_roles_and_deactivates_them(client, login, world):
    headers = login("admin")
    r = client.post(
        "/api/v1/users/",
        json={
            "username": "li",
            "display_name": "李工",
            "role": "engineer",
            "password": "long-enough-1",
            "centre_id": str(world.centre.id),
        },
        headers=headers,
    )
    assert r.status_code == 201, r.json
    off = client.patch(f"/api/v1/users/{r.json['id']}", json={"is_active": False}, headers=headers)
    assert off.json["is_active"] is False
    names = [
        row["username"] for row in client.get("/api/v1/dispatch/engineers", headers=headers).json
    ]
    assert "li" not in names
