"""Blob uploads: resumable, idempotent, verified; refused files leave nothing behind;
what is served has no metadata; only those who may see a record showing it get it."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import pytest
from PIL import ExifTags, Image

from server.models import Blob, BlobUpload

from .images import photo, photo_with_exif, png_declaring, sha


def _count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_resumed_upload_yields_one_blob_with_the_right_hash(
    client, login, world, db, upload, stored_files, media_dir
):
    headers = login("engineer1")
    data = photo(size=(900, 700))
    digest, half = sha(data), len(data) // 2

    first = upload(headers, data, chunk=data[:half])
    assert first.status_code == 200
    assert first.json == {"received": half, "size": len(data), "complete": False}

    # The connection broke; the phone asks how much arrived.
    status = client.get(f"/api/v1/blobs/{digest}/upload", headers=headers)
    assert status.json == {"received": half, "size": len(data), "complete": False}
    assert client.head(f"/api/v1/blobs/{digest}", headers=headers).status_code == 404

    last = upload(headers, data, offset=status.json["received"])
    assert last.status_code == 201
    assert last.json == {
        "sha256": digest,
        "size": len(data),
        "content_type": "image/jpeg",
        "width": 900,
        "height": 700,
        "complete": True,
    }
    assert client.head(f"/api/v1/blobs/{digest}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/blobs/{digest}/upload", headers=headers).json == {
        "received": len(data),
        "size": len(data),
        "complete": True,
    }
    assert _count(db, Blob) == 1 and _count(db, BlobUpload) == 0
    assert db.session.get(Blob, digest).uploaded_by_id == world.users["engineer1"].id
    assert not [f for f in stored_files() if f.startswith("uploads/")]
    # The bytes as uploaded are kept (never served), so the hash stays provable.
    assert sha((media_dir / f"blobs/{digest[:2]}/{digest}/raw").read_bytes()) == digest


def test_a_chunk_at_the_wrong_offset_is_answered_with_what_arrived(client, login, world, upload):
    headers = login("engineer1")
    data = photo()
    upload(headers, data, chunk=data[:1000])
    again = upload(headers, data, offset=0, chunk=data[:1000])
    assert again.status_code == 409
    assert again.json["received"] == 1000
    assert again.json["key"] == "errors.blob.offset"
    ahead = upload(headers, data, offset=2000, chunk=data[2000:3000])
    assert (ahead.status_code, ahead.json["received"]) == (409, 1000)
    fresh = photo(size=(64, 64))
    assert upload(headers, fresh, offset=10, chunk=fresh[10:]).json["received"] == 0


def test_the_same_blob_twice_is_stored_once(client, login, world, db, upload, stored_files):
    data = photo()
    assert upload(login("engineer1"), data).status_code == 201
    files = stored_files()
    again = upload(login("engineer2"), data)
    assert again.status_code == 200
    assert again.json["complete"] is True and again.json["sha256"] == sha(data)
    assert _count(db, Blob) == 1
    assert stored_files() == files
    # The first uploader stays the uploader.
    assert db.session.get(Blob, sha(data)).uploaded_by_id == world.users["engineer1"].id


@pytest.mark.parametrize(
    ("name", "data", "key", "status"),
    [
        (
            "a PNG declaring ten billion pixels",
            png_declaring(100_000, 100_000),
            "errors.blob.decompressionBomb",
            422,
        ),
        (
            "a PNG declaring 64 megapixels",
            png_declaring(8_000, 8_000),
            "errors.blob.decompressionBomb",
            422,
        ),
        ("half a JPEG", photo()[:6000], "errors.blob.truncated", 422),
        ("half a PNG", photo("PNG")[:20000], "errors.blob.truncated", 422),
        ("half a WebP", photo("WEBP")[:3000], "errors.blob.truncated", 422),
        ("text named .jpg", "不是照片 not a photo\n".encode() * 40, "errors.blob.notAnImage", 422),
        ("a GIF", photo("GIF"), "errors.blob.notAnImage", 422),
        (
            "a PDF",
            b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            "errors.blob.notAnImage",
            422,
        ),
    ],
)
def test_a_file_that_is_not_a_sound_image_is_refused_and_nothing_is_stored(
    client, login, world, db, upload, stored_files, name, data, key, status
):
    headers = login("engineer1")
    half = len(data) // 2
    assert upload(headers, data, chunk=data[:half]).status_code == 200
    response = upload(headers, data, offset=half)
    assert response.status_code == status, name
    assert response.json["key"] == key
    assert _count(db, Blob) == 0 and _count(db, BlobUpload) == 0
    assert stored_files() == []
    assert client.get(f"/api/v1/blobs/{sha(data)}/upload", headers=headers).json["received"] == 0


def test_bytes_that_do_not_match_their_hash_are_refused(
    client, login, world, db, upload, stored_files
):
    data = photo()
    response = upload(login("engineer1"), data, sha256=sha(b"something else"))
    assert (response.status_code, response.json["key"]) == (422, "errors.blob.hashMismatch")
    assert _count(db, Blob) == 0 and stored_files() == []


def test_a_blob_over_the_size_limit_is_refused_before_it_is_stored(
    app, client, login, world, db, upload, stored_files, monkeypatch
):
    monkeypatch.setitem(app.config, "BLOB_MAX_BYTES", 10_000)
    data = photo(size=(600, 600))
    assert len(data) > 10_000
    response = upload(login("engineer1"), data, chunk=data[:5000])
    assert (response.status_code, response.json["key"]) == (413, "errors.blob.tooLarge")
    assert _count(db, BlobUpload) == 0 and stored_files() == []


def test_the_pixel_limit_is_a_setting(app, client, login, world, upload, monkeypatch):
    monkeypatch.setitem(app.config, "BLOB_MAX_PIXELS", 100 * 100)
    response = upload(login("engineer1"), photo(size=(101, 100)))
    assert response.json["key"] == "errors.blob.decompressionBomb"


def _attach(client, headers, work_order_id, digest):
    """Record a photo of the work order through sync (attachment.add)."""
    body = {
        "schema_version": 1,
        "client_id": str(uuid.uuid4()),
        "client_time": datetime.now(UTC).isoformat(),
        "mutations": [
            {
                "id": str(uuid.uuid4()),
                "seq": 1,
                "name": "attachment.add",
                "occurred_at": datetime.now(UTC).isoformat(),
                "args": {
                    "id": str(uuid.uuid4()),
                    "work_order_id": str(work_order_id),
                    "kind": "before",
                    "sha256": digest,
                },
            }
        ],
    }
    response = client.post("/api/v1/sync/push", json=body, headers=headers)
    assert response.json["results"][0]["status"] == "applied", response.json
    return response


def test_metadata_is_stripped_and_the_orientation_applied(client, login, world, upload):
    headers = login("engineer1")
    data = photo_with_exif(orientation=6)
    exif_in = Image.open(io.BytesIO(data)).getexif()
    assert exif_in[ExifTags.Base.Make] == "Canon"
    assert exif_in.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"

    stored = upload(headers, data)
    # Turned upright: the 400 × 300 sensor image shows as 300 × 400.
    assert (stored.json["width"], stored.json["height"]) == (300, 400)
    _attach(client, headers, world.wo1.id, sha(data))
    for variant in ("original", "display", "thumb"):
        response = client.get(
            f"/api/v1/blobs/{sha(data)}", query_string={"variant": variant}, headers=headers
        )
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        served = Image.open(io.BytesIO(response.data))
        assert not served.getexif(), variant
        assert "exif" not in served.info and "xmp" not in served.info
        assert b"Canon" not in response.data and b"Exif" not in response.data
        assert served.height > served.width
    original = Image.open(
        io.BytesIO(client.get(f"/api/v1/blobs/{sha(data)}?variant=original", headers=headers).data)
    ).convert("RGB")
    assert original.size == (300, 400)
    # The red corner was top-left on the sensor; turned clockwise it is top-right.
    red, green, blue = original.getpixel((290, 10))
    assert red > 200 and green < 60 and blue < 60


def test_display_and_thumbnail_sizes_are_settings(app, client, login, world, upload, monkeypatch):
    headers = login("engineer1")
    data = photo(size=(2400, 1200))
    upload(headers, data)
    _attach(client, headers, world.wo1.id, sha(data))

    def size(variant):
        response = client.get(f"/api/v1/blobs/{sha(data)}?variant={variant}", headers=headers)
        return Image.open(io.BytesIO(response.data)).size

    assert size("original") == (2400, 1200)
    assert size("display") == (1600, 800)
    assert size("thumb") == (320, 160)


def test_a_png_signature_keeps_its_transparency(client, login, world, upload):
    headers = login("engineer1")
    ink = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ink.paste((20, 20, 120, 255), (50, 90, 550, 110))
    out = io.BytesIO()
    ink.save(out, format="PNG")
    data = out.getvalue()
    assert upload(headers, data).json["content_type"] == "image/png"
    _attach(client, headers, world.wo1.id, sha(data))
    served = Image.open(
        io.BytesIO(client.get(f"/api/v1/blobs/{sha(data)}?variant=original", headers=headers).data)
    )
    assert served.mode == "RGBA"
    assert served.getpixel((5, 5))[3] == 0 and served.getpixel((300, 100))[3] == 255


def test_blobs_are_served_only_to_those_who_may_see_a_record_showing_them(
    client, login, world, upload
):
    data = photo()
    digest = sha(data)
    engineer1, engineer2 = login("engineer1"), login("engineer2")
    upload(engineer1, data)
    url = f"/api/v1/blobs/{digest}"
    # The uploader sees it before any record points at it; nobody else does.
    assert client.get(url, headers=engineer1).status_code == 200
    assert client.get(url, headers=login("supervisor")).status_code == 404
    _attach(client, engineer1, world.wo1.id, digest)
    assert client.get(url, headers=login("supervisor")).status_code == 200
    # The engineer of another work order: not found, as if it did not exist.
    refused = client.get(url, headers=engineer2)
    assert (refused.status_code, refused.json["key"]) == (404, "errors.notFound")
    # A chunk that does not bring the bytes does not make them his (tests/media/
    # test_blob_access.py); sending every one of them, checked against the hash, does.
    assert upload(engineer2, data, chunk=b"").json["complete"] is False
    assert client.get(url, headers=engineer2).status_code == 404
    assert upload(engineer2, data, offset=0).status_code == 200
    assert client.get(url, headers=engineer2).status_code == 200
    assert client.get(url).status_code == 401


def test_a_served_blob_is_cacheable_by_its_hash(client, login, world, upload):
    headers = login("engineer1")
    data = photo()
    upload(headers, data)
    response = client.get(f"/api/v1/blobs/{sha(data)}?variant=thumb", headers=headers)
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response.headers["ETag"] == f'"{sha(data)}"'
    again = client.get(
        f"/api/v1/blobs/{sha(data)}?variant=thumb",
        headers={**headers, "If-None-Match": f'"{sha(data)}"'},
    )
    assert again.status_code == 304 and again.data == b""


def test_a_malformed_hash_is_not_found(client, login, world):
    headers = login("engineer1")
    assert client.head("/api/v1/blobs/not-a-hash", headers=headers).status_code == 404
    assert client.get("/api/v1/blobs/not-a-hash", headers=headers).status_code == 404
    response = client.get(f"/api/v1/blobs/{'0' * 64}?variant=huge", headers=headers)
    assert response.status_code == 422


def test_chunks_that_overrun_the_announced_size_discard_the_upload(
    client, login, world, db, upload, stored_files
):
    headers = login("engineer1")
    data = photo()
    upload(headers, data, chunk=data[:1000])
    overrun = upload(headers, data, offset=1000, size=1500, chunk=data[1000:2000])
    assert (overrun.status_code, overrun.json["key"]) == (422, "errors.blob.sizeMismatch")
    assert _count(db, BlobUpload) == 0 and stored_files() == []


def test_local_storage_keeps_keys_inside_its_folder(media_dir):
    from server.services.storage import LocalStorage

    store = LocalStorage(media_dir)
    store.put("blobs/ab/x", b"1")
    assert store.get("blobs/ab/x") == b"1" and store.exists("blobs/ab/x")
    with pytest.raises(ValueError):
        store.put("../outside", b"2")
    with pytest.raises(KeyError):
        store.get("blobs/none")
    store.delete_prefix("blobs")
    assert not store.exists("blobs/ab/x")
