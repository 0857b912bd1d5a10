"""How a serial is compared when someone types or scans it: compatibility forms folded
(full-width "３Ｘ" is "3X", Unicode NFKC), every space out, upper case. The phone's offline
lookup (webapp/src/store/db.ts serialKey) and the server's GET /devices/resolve compare
the same way; tests/vectors/serial_keys.json holds both to it."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def serial_key(serial: str | None) -> str:
    """The serial as lookups compare it; "" for none."""
    if not isinstance(serial, str):
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", serial)).upper()
