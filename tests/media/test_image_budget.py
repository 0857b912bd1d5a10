"""Images are decoded within a memory budget (BLOB_DECODE_MAX_BYTES), decided from the
header before any pixel is decoded: a JPEG over it is decoded at 1/2, 1/4 or 1/8 of its
size (libjpeg's scaled decoding), a PNG or WebP over it is refused. The same holds for the
API upload and the public page's photo.

No timing and no memory readings here: a spy on Pillow's decoder says whether, and at
what size, an image was decoded (benchmarks/test_upload_memory_bench.py measures RSS)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFile

from server.models import Blob, BlobUpload, WorkOrder

from .images import photo, png_declaring, sha
from .test_public_report import _report

MB = 1024 * 1024


@pytest.fixture
def device(world):
    """The device whose QR label the customer scans."""
    return world.devices[0]


@pytest.fixture
def decoded(monkeypatch) -> list[tuple[str, tuple[int, int]]]:
    """(format, size) of every image Pillow decodes during the test."""
    seen: list[tuple[str, tuple[int, int]]] = []
    real_load = ImageFile.ImageFile.load

    def spying_load(self):
        if self.tile:  # not decoded yet: this call decodes
            seen.append((self.format, self.size))
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spying_load)
    return seen


def _blank_png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_png_over_the_budget_is_refused_from_its_header_without_decoding(
    client, login, world, db, upload, decoded, stored_files
):
    # 30 megapixels, under BLOB_MAX_PIXELS: 120 MB once decoded, over the default budget.
    data = png_declaring(6_000, 5_000)
    response = upload(login("engineer1"), data)
    assert response.status_code == 422
    assert response.json["key"] == "errors.blob.tooLargeToDecode"
    assert "MB" in response.json["message"]
    assert decoded == []
    assert _count(db, Blob) == 0 and _count(db, BlobUpload) == 0 and stored_files() == []


def test_the_budget_is_a_setting(app, client, login, world, upload, decoded, monkeypatch):
    data = _blank_png((600, 500))  # 1.2 MB decoded
    monkeypatch.setitem(app.config, "BLOB_DECODE_MAX_BYTES", 1 * MB)
    refused = upload(login("engineer1"), data)
    assert refused.json["key"] == "errors.blob.tooLargeToDecode"
    assert decoded == []
    monkeypatch.setitem(app.config, "BLOB_DECODE_MAX_BYTES", 2 * MB)
    stored = upload(login("engineer1"), data)
    assert stored.status_code == 201, stored.json
    assert decoded == [("PNG", (600, 500))]


def test_a_jpeg_over_the_budget_is_decoded_smaller(
    app, client, login, world, db, upload, decoded, monkeypatch
):
    data = photo("JPEG", (1_600, 1_200))  # 7.7 MB decoded at full size
    monkeypatch.setitem(app.config, "BLOB_DECODE_MAX_BYTES", 2 * MB)
    response = upload(login("engineer1"), data)
    assert response.status_code == 201, response.json
    assert decoded == [("JPEG", (800, 600))]  # 1/2: 1.9 MB
    blob = db.session.get(Blob, sha(data))
    assert (blob.width, blob.height) == (800, 600)
    original = client.get(
        f"/api/v1/blobs/{sha(data)}",
        query_string={"variant": "original"},
        headers=login("engineer1"),
    )
    assert Image.open(io.BytesIO(original.data)).size == (800, 600)


def test_a_jpeg_within_the_budget_keeps_its_size(client, login, world, db, upload, decoded):
    data = photo("JPEG", (1_600, 1_200))
    assert upload(login("engineer1"), data).status_code == 201
    assert decoded == [("JPEG", (1_600, 1_200))]
    blob = db.session.get(Blob, sha(data))
    assert (blob.width, blob.height) == (1_600, 1_200)


def test_a_webp_over_the_budget_is_refused_before_it_is_opened(
    app, client, login, world, upload, decoded, monkeypatch
):
    from PIL import WebPImagePlugin

    data = photo("WEBP", (800, 600))
    opened = []
    monkeypatch.setattr(WebPImagePlugin.WebPImageFile, "_open", lambda self: opened.append(1))
    monkeypatch.setitem(app.config, "BLOB_DECODE_MAX_BYTES", 1 * MB)
    response = upload(login("engineer1"), data)
    assert response.json["key"] == "errors.blob.tooLargeToDecode"
    assert opened == [] and decoded == []


def test_the_public_page_refuses_a_photo_over_the_budget_without_decoding(
    client, world, device, db, decoded
):
    data = png_declaring(6_000, 5_000)
    response = _report(client, device, photo=(io.BytesIO(data), "IMG_0002.png"))
    assert response.status_code == 422
    assert "照片无法使用" in response.get_data(as_text=True)
    assert decoded == []
    assert db.session.scalar(db.select(WorkOrder).filter_by(channel="qr")) is None


def test_the_public_page_stores_a_large_camera_photo_decoded_smaller(
    app, client, world, device, db, decoded, monkeypatch
):
    monkeypatch.setitem(app.config, "BLOB_DECODE_MAX_BYTES", 2 * MB)
    data = photo("JPEG", (1_600, 1_200), quality=5)
    assert len(data) < 500_000  # the test client spools larger bodies to a file
    response = _report(client, device, photo=(io.BytesIO(data), "IMG_0003.jpg"))
    assert response.status_code == 201
    assert decoded == [("JPEG", (800, 600))]
    assert db.session.get(Blob, sha(data)).width == 800


def test_a_multi_picture_jpeg_from_a_camera_is_stored_as_a_jpeg(client, login, world, db, upload):
    """Some cameras write MPO (a JPEG followed by more pictures): Pillow names it MPO."""
    first, second = Image.new("RGB", (640, 480), "red"), Image.new("RGB", (640, 480), "blue")
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second])
    response = upload(login("engineer1"), out.getvalue())
    assert response.status_code == 201, response.json
    assert response.json["content_type"] == "image/jpeg"
    assert (response.json["width"], response.json["height"]) == (640, 480)
