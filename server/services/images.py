"""Decoding an uploaded image within a memory budget, and making its variants.

Everything is decided from the file's header before a pixel is decoded: its declared size
(more than BLOB_MAX_PIXELS: refused as a decompression bomb), and what decoding it would
cost in memory (BLOB_DECODE_MAX_BYTES). Pillow keeps 1 byte per pixel for grey and
palette images and 4 for colour (RGB is stored as RGBX); a new copy is counted when the
image must be turned upright (EXIF orientation) or changed to the mode we store, a
progressive JPEG adds libjpeg's buffer of coefficients for the whole image, and a WebP is
decoded by libwebp into buffers of its own before Pillow copies it.

Over the budget, a JPEG is decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's scaled
decoding, Pillow's ``draft``): the smallest reduction that fits is taken, so a large
camera photo is stored smaller rather than refused. A PNG or WebP cannot be decoded
smaller and is refused (``tooLargeToDecode``): phones send photos as JPEG.

The variants are made without another full-size copy: metadata is dropped by emptying the
image's info (what Pillow's encoders read besides their arguments), the display size and
the thumbnail are resized straight from the decoded image.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

#: Pillow format name → content type. Nothing else is accepted.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
#: Pillow's names for what we store as one of FORMATS: a multi-picture JPEG (MPO, as some
#: cameras write) is a JPEG whose first picture is kept.
_SAME_AS = {"MPO": "JPEG"}
#: libjpeg's scaled decoding: 1/1, 1/2, 1/4, 1/8.
JPEG_SCALES = (1, 2, 4, 8)
#: EXIF orientations that turn or flip the image (1 is upright).
_TURNED = range(2, 9)
_ORIENTATION_TAG = 0x0112
MB = 1024 * 1024


class ImageRefused(Exception):
    """Not an image we keep; ``key`` says why (notAnImage, truncated, ...)."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True)
class ProcessedImage:
    content_type: str
    width: int
    height: int
    #: Variant name → encoded bytes (no metadata).
    variants: dict[str, bytes]


# --- what decoding costs ------------------------------------------------------------------


def _pixel_bytes(mode: str) -> int:
    """Bytes per pixel Pillow keeps for an image of ``mode``."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def _format(image: Image.Image) -> str:
    fmt = image.format or ""
    return _SAME_AS.get(fmt, fmt)


def _has_alpha(mode: str, info: dict[str, Any]) -> bool:
    return mode in ("RGBA", "LA", "PA") or "transparency" in info


def stored_mode(mode: str, fmt: str, has_alpha: bool) -> str:
    """The mode the variants are encoded in: JPEG in RGB or L; PNG and WebP keep
    transparency (RGBA), else RGB or L."""
    if fmt == "JPEG":
        return mode if mode in ("RGB", "L") else "RGB"
    if has_alpha:
        return "RGBA"
    return mode if mode in ("RGB", "L") else "RGB"


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation, read from the header only (1 when unknown). A PNG keeps EXIF
    in a chunk that may follow the pixels: Pillow would decode to find it, so it is read
    only when it came before."""
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    try:
        return int(image.getexif().get(_ORIENTATION_TAG) or 1)
    except (ValueError, TypeError, SyntaxError, OSError):
        return 1


def _jpeg_coefficients(image: Image.Image) -> int:
    """libjpeg's whole-image coefficient buffer for a progressive JPEG (2 bytes per
    coefficient, 64 per 8×8 block of each component), whatever the scale; 0 otherwise."""
    if not (image.info.get("progressive") or image.info.get("progression")):
        return 0
    layers = getattr(image, "layer", None) or [("", 1, 1, 0)] * len(image.getbands())
    h_max = max(layer[2] for layer in layers) or 1
    v_max = max(layer[1] for layer in layers) or 1
    samples = sum(layer[1] * layer[2] for layer in layers) / (h_max * v_max)
    return math.ceil(image.width * image.height * samples * 2)


def decode_cost(image: Image.Image, scale: int = 1, orientation: int = 1) -> int:
    """Bytes of memory decoding ``image`` (opened, not loaded) at 1/``scale`` and turning
    it into what is stored would take at its peak."""
    width, height = math.ceil(image.width / scale), math.ceil(image.height / scale)
    pixels = width * height
    fmt = _format(image)
    decoded = pixels * _pixel_bytes(image.mode)
    target = stored_mode(image.mode, fmt, _has_alpha(image.mode, image.info))
    converted = pixels * _pixel_bytes(target) if target != image.mode else 0
    turned = decoded if orientation in _TURNED else 0
    cost = decoded + max(converted, turned)
    if fmt == "JPEG":
        cost += _jpeg_coefficients(image)
    return cost


# --- WebP: its size before Pillow opens it --------------------------------------------------


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a WebP header (VP8X, VP8 or VP8L), or None."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP" or len(data) < 30:
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8 ":
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        height = int.from_bytes(data[28:30], "little") & 0x3FFF
        return width, height
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


#: libwebp decodes into two canvases of its own (4 bytes a pixel), hands Pillow a copy,
#: which Pillow decodes into the image: about four times the image.
WEBP_PIXEL_BYTES = 16


def _is_truncated_webp(data: bytes) -> bool:
    """A WebP file says its own length in the RIFF header."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    return int.from_bytes(data[4:8], "little") + 8 > len(data)


# --- opening ------------------------------------------------------------------------------


def _too_many_pixels(max_pixels: int) -> ImageRefused:
    return ImageRefused("decompressionBomb", f"The image has more than {max_pixels} pixels.")


def _over_budget(width: int, height: int, cost: int, budget: int) -> ImageRefused:
    return ImageRefused(
        "tooLargeToDecode",
        f"A {width} × {height} image needs about {math.ceil(cost / MB)} MB to decode; "
        f"at most {budget // MB} MB: send it smaller, or as a JPEG.",
    )


def _check_webp(data: bytes, max_pixels: int, budget: int) -> None:
    """A WebP is checked before Pillow opens it: libwebp allocates its canvases then."""
    size = _webp_size(data)
    if size is None:
        return
    width, height = size
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    cost = width * height * WEBP_PIXEL_BYTES
    if cost > budget:
        raise _over_budget(width, height, cost, budget)


def _header(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow warns, then refuses, past its own limit: both mean a bomb to us.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused("decompressionBomb", "The image declares too many pixels.") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageRefused("notAnImage", "Not a JPEG, PNG or WebP image.") from None


def _scale_within(image: Image.Image, orientation: int, budget: int) -> int:
    """The smallest reduction (1 = none) at which decoding fits the budget; refused when
    none does (a PNG or WebP has only 1)."""
    scales = JPEG_SCALES if _format(image) == "JPEG" else (1,)
    for scale in scales:
        if decode_cost(image, scale, orientation) <= budget:
            return scale
    raise _over_budget(image.width, image.height, decode_cost(image, 1, orientation), budget)


def open_within(data: bytes, max_pixels: int, budget: int) -> Image.Image:
    """The image decoded within ``budget`` bytes (a JPEG possibly at a reduced size), or
    ImageRefused naming why not."""
    if _is_truncated_webp(data):
        raise ImageRefused("truncated", "The image file is incomplete.")
    _check_webp(data, max_pixels, budget)
    image = _header(data)
    if image.width * image.height > max_pixels:
        raise _too_many_pixels(max_pixels)
    orientation = _orientation(image)
    scale = _scale_within(image, orientation, budget)
    if scale > 1 and image.draft(image.mode, (image.width // scale, image.height // scale)) is None:
        # libjpeg could not scale this one: decoding it whole would break the budget.
        raise _over_budget(image.width, image.height, decode_cost(image, 1, orientation), budget)
    try:
        image.load()
    except OSError as exc:
        if "truncated" in str(exc):
            raise ImageRefused("truncated", "The image file is incomplete.") from None
        raise ImageRefused("notAnImage", "The image cannot be decoded.") from None
    except (SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("notAnImage", "The image cannot be decoded.") from None
    return image


# --- variants -------------------------------------------------------------------------------


def _upright(image: Image.Image, budget: int) -> None:
    """Apply the EXIF orientation in place. An orientation found only once decoded (a PNG
    whose EXIF follows its pixels) is applied only if the copy fits the budget."""
    try:
        orientation = int(image.getexif().get(_ORIENTATION_TAG) or 1)
    except (ValueError, TypeError, SyntaxError, OSError):  # an unreadable EXIF block
        return
    if orientation not in _TURNED:
        return
    cost = 2 * image.width * image.height * _pixel_bytes(image.mode)
    if cost > budget:
        raise _over_budget(image.width, image.height, cost, budget)
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except (ValueError, SyntaxError, OSError):
        return


def _encode(image: Image.Image, fmt: str, *, quality: int, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    options: dict[str, Any] = {}
    if icc:
        options["icc_profile"] = icc  # colour, not identity: kept so colours stay right
    if fmt == "JPEG":
        options.update(quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        options.update(quality=quality)
    image.save(out, format=fmt, **options)
    return out.getvalue()


def fitted_size(width: int, height: int, edge: int) -> tuple[int, int]:
    """The size within ``edge`` × ``edge`` keeping the aspect (as Pillow's thumbnail)."""
    if width <= edge and height <= edge:
        return width, height
    aspect = width / height

    def round_aspect(number: float, key: Any) -> int:
        return max(min(math.floor(number), math.ceil(number), key=key), 1)

    if aspect >= 1:
        return edge, round_aspect(edge / aspect, lambda n: 0 if n == 0 else abs(aspect - edge / n))
    return round_aspect(edge * aspect, lambda n: abs(aspect - n / edge)), edge


def _smaller(image: Image.Image, edge: int) -> Image.Image:
    size = fitted_size(image.width, image.height, edge)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def process_image(
    data: bytes, *, max_pixels: int, max_decode_bytes: int, display_edge: int, thumb_edge: int
) -> ProcessedImage:
    """Validate ``data`` and make its variants: EXIF orientation applied, every piece of
    metadata (GPS, camera make and model, capture time, XMP) left out; decoded within
    ``max_decode_bytes`` (a JPEG possibly at 1/2, 1/4 or 1/8 of its size)."""
    image = open_within(data, max_pixels, max_decode_bytes)
    fmt = _format(image)
    icc = image.info.get("icc_profile")
    _upright(image, max_decode_bytes)
    # Nothing of the file's metadata may reach what we encode: the encoders read only
    # their arguments and the image's info, which keeps just the transparency.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    target = stored_mode(image.mode, fmt, _has_alpha(image.mode, image.info))
    pixels = image if image.mode == target else image.convert(target)
    del image  # the decoded image, if converted, is freed before encoding
    variants = {"original": _encode(pixels, fmt, quality=92, icc=icc)}
    for name, edge in (("display", display_edge), ("thumb", thumb_edge)):
        variants[name] = _encode(_smaller(pixels, edge), fmt, quality=82, icc=icc)
    return ProcessedImage(FORMATS[fmt], pixels.width, pixels.height, variants)
