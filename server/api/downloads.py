"""The one way a response names the file it carries (Content-Disposition).

File names are made from what users typed (a customer's code, a device's serial), so they
may hold Chinese, quotes or a line break. A header value must be Latin-1 and one line:
the name goes as an ASCII fallback (``filename="..."``) for old clients and, when that
lost anything, in full as RFC 5987/6266 ``filename*=UTF-8''<percent-encoded>``, which
every current browser prefers.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

#: What the ASCII fallback keeps; anything else becomes "_" (non-ASCII is dropped).
_UNSAFE = re.compile(r"[^A-Za-z0-9._\-()+, ]")
_FALLBACK_STEM = "download"


def _printable(name: str) -> str:
    """The name without control characters (line breaks, tabs, NUL)."""
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")


def _ascii_fallback(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    safe = _UNSAFE.sub("_", decomposed)
    stem, dot, extension = safe.rpartition(".")
    if not dot:
        stem, extension = safe, ""
    stem = stem.strip(" -_.") or _FALLBACK_STEM
    return f"{stem}.{extension}" if extension else stem


def content_disposition(disposition: str, filename: str) -> str:
    """``inline`` or ``attachment`` with ``filename``, safe for any name."""
    name = _printable(filename)
    fallback = _ascii_fallback(name)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header
