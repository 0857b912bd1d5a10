"""Images to upload in tests: real photos with metadata, and the broken ones a phone or an
attacker might send."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

from PIL import ExifTags, Image


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def photo(fmt: str = "JPEG", size: tuple[int, int] = (400, 300), **save: object) -> bytes:
    """A noisy picture (so it does not compress to nothing) with a red top-left corner."""
    image = Image.effect_noise(size, 64).convert("RGB")
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def photo_with_exif(orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: camera make and model, capture time, GPS position,
    and an orientation (6: the camera was turned, show it rotated 90° clockwise)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS 5D Mark IV"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = "2026:11:20 09:31:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 15.0, 36.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 28.0, 55.2)
    return photo("JPEG", (400, 300), exif=exif, quality=90)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb
    if anything believed it and decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )
