"""QR labels decode to the device's public URL (read back with a real decoder), and a
scanned code resolves to the device for those who may see it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from server.models import Device
from server.reports.labels import QR_SIZE, QR_TOP
from server.services import labels
from server.services.organisation import organisation_settings


def _decoded(image: Image.Image) -> list[str]:
    return sorted(barcode.text for barcode in zxingcpp.read_barcodes(image))


def _png(path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image


def _url(device: Device) -> str:
    return f"http://aftercare.test/d/{device.label_token}"


@pytest.fixture
def hotline(db):
    settings = organisation_settings()
    settings.company_name = "申城智能科技服务有限公司"
    settings.hotline = "400-820-1234"
    db.session.commit()
    return settings.hotline


def test_a_png_label_decodes_to_the_devices_public_url(client, login, world, hotline):
    device = world.devices[0]
    response = client.get(f"/api/v1/devices/{device.id}/label.png", headers=login("engineer1"))
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    # 50 × 30 mm at 300 dpi.
    assert image.size == (591, 354)
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
    assert _decoded(image) == [_url(device)]
    # The token, not the database id, is in the label.
    assert str(device.id) not in _url(device)


def test_label_text_is_drawn_under_the_code(client, login, world, hotline):
    device = world.devices[0]
    image = Image.open(
        io.BytesIO(
            client.get(f"/api/v1/devices/{device.id}/label.png", headers=login("admin")).data
        )
    ).convert("L")
    assert labels.label_lines(device) == ["DS-2CD3T46", "SN DS2CD0001", "服务热线 400-820-1234"]
    qr_bottom = round((QR_TOP + QR_SIZE) * 300 / 25.4)
    text_band = image.crop((0, qr_bottom + 2, image.width, image.height))
    assert text_band.getextrema()[0] < 100  # ink under the code


def test_an_svg_label_is_50_by_30_mm_and_its_code_decodes(client, login, world, hotline):
    device = world.devices[1]
    response = client.get(f"/api/v1/devices/{device.id}/label.svg", headers=login("admin"))
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert (root.get("width"), root.get("height")) == ("50mm", "30mm")
    ns = {"svg": "http://www.w3.org/2000/svg"}
    texts = [t.text for t in root.iterfind(".//svg:text", ns)]
    assert texts == ["DS-2CD3T46", "SN DS2CD0002", "服务热线 400-820-1234"]
    # Draw the path's modules and read the result with the decoder.
    path = root.find(".//svg:path", ns)
    scale = 8
    canvas = Image.new("L", (60 * scale, 60 * scale), 255)
    draw = ImageDraw.Draw(canvas)
    for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)", path.get("d")):
        x, y, length = int(x) + 4, int(y) + 4, int(length)
        draw.rectangle(
            (x * scale, y * scale, (x + length) * scale - 1, (y + 1) * scale - 1), fill=0
        )
    assert _decoded(canvas) == [_url(device)]


def _device_elsewhere(db, world):
    """A device at the customer's other site: no engineer's work order is about it."""
    from server.models import Device, System

    system = System(site=world.other_site, type="network", name="住院部网络")
    device = Device(system=system, serial="SW-ELSEWHERE", model="S5735", manufacturer="华为")
    db.session.add_all([system, device])
    db.session.commit()
    return device


def test_labels_of_devices_one_may_not_see_are_not_found(client, login, world, db):
    elsewhere = _device_elsewhere(db, world)
    response = client.get(f"/api/v1/devices/{elsewhere.id}/label.png", headers=login("engineer2"))
    assert response.status_code == 404


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_a_pdf_sheet_of_a_site_decodes_to_every_devices_url(
    client, login, world, hotline, tmp_path
):
    response = client.get(
        "/api/v1/labels.pdf", query_string={"site_id": world.site.id}, headers=login("admin")
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert b"STSong-Light" in response.data  # the built-in CID font: Chinese renders
    pdf = tmp_path / "labels.pdf"
    pdf.write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "page")], check=True)
    [page] = sorted(tmp_path.glob("page*.png"))
    image = _png(page)
    # A4 at 300 dpi.
    assert abs(image.width - 2480) <= 1 and abs(image.height - 3508) <= 1
    assert _decoded(image) == sorted(_url(d) for d in world.devices)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_a_sheet_fills_a_second_page_after_21_labels(client, login, world, db, tmp_path):
    for i in range(20):
        db.session.add(
            Device(
                system=world.system,
                serial=f"EXTRA{i:03d}",
                model="DS-2CD2T47",
                manufacturer="海康威视",
            )
        )
    db.session.commit()
    response = client.get(
        "/api/v1/labels.pdf", query_string={"system_id": world.system.id}, headers=login("admin")
    )
    pdf = tmp_path / "labels.pdf"
    pdf.write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2
    assert len(_decoded(_png(pages[0]))) == 21
    assert len(_decoded(_png(pages[1]))) == 2


def test_a_sheet_needs_exactly_one_of_site_and_system(client, login, world):
    headers = login("admin")
    assert client.get("/api/v1/labels.pdf", headers=headers).status_code == 422
    both = {"site_id": world.site.id, "system_id": world.system.id}
    assert client.get("/api/v1/labels.pdf", query_string=both, headers=headers).status_code == 422
    other = {"site_id": world.other_site.id}
    assert (
        client.get("/api/v1/labels.pdf", query_string=other, headers=login("engineer1")).status_code
        == 404
    )


@pytest.mark.parametrize(
    "code",
    [
        "{url}",
        "https://old-address.example.com/d/{token}",
        "  {token}\n",
        "DS2CD0001",
    ],
)
def test_a_scanned_label_or_serial_resolves_to_the_device(client, login, world, code):
    device = world.devices[0]
    scanned = code.format(url=_url(device), token=device.label_token)
    response = client.get(
        "/api/v1/devices/resolve", query_string={"code": scanned}, headers=login("engineer1")
    )
    assert response.status_code == 200, response.json
    assert response.json["id"] == str(device.id)
    assert response.json["serial"] == "DS2CD0001"


def test_a_label_outside_the_engineers_scope_is_not_found_but_a_serial_is(client, login, world, db):
    headers = login("engineer2")
    device = _device_elsewhere(db, world)
    by_label = client.get(
        "/api/v1/devices/resolve", query_string={"code": _url(device)}, headers=headers
    )
    assert (by_label.status_code, by_label.json["key"]) == (404, "errors.device.notFoundForCode")
    by_serial = client.get(
        "/api/v1/devices/resolve", query_string={"code": device.serial}, headers=headers
    )
    assert by_serial.json["id"] == str(device.id)
    unknown = client.get(
        "/api/v1/devices/resolve", query_string={"code": "NO-SUCH-SERIAL"}, headers=headers
    )
    assert unknown.status_code == 404


def test_a_serial_typed_in_lower_case_with_spaces_or_full_width_is_found(client, login, world):
    """Online as offline: a serial compares as its key (server/domain/serials.py)."""
    device = world.devices[0]
    headers = login("engineer1")
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in device.serial.lower())
    for typed in (device.serial.lower(), f" {device.serial[:3]} {device.serial[3:]} ", wide):
        found = client.get("/api/v1/devices/resolve", query_string={"code": typed}, headers=headers)
        assert found.status_code == 200, (typed, found.json)
        assert found.json["id"] == str(device.id)
