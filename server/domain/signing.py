"""The text a customer signs: a work order's summary in a fixed line format, and its hash.

The phone shows this text on the signing screen and sends it with the signature and its
SHA-256; the server recomputes it from its current data to tell whether what was signed
has changed since ("signed version differs"). The TypeScript twin must produce the same
bytes: tests/vectors/signing.json holds the cases both sides run.

Input, a plain dict (missing keys count as empty)::

    {"number", "status", "customer_name", "site_name", "site_address",
     "devices": [{"model", "serial"}],
     "diagnosis_symptom", "diagnosis_location", "diagnosis_cause", "diagnosis_fix",
     "parts": [{"part_number", "name", "quantity"}]}

Format rules (so two languages agree byte for byte):

- Lines are joined by "\\n"; no trailing newline. Labels are bilingual and fixed.
- Every text value: runs of space, tab, CR and LF become one space, and leading and
  trailing spaces are dropped (only those four characters count as white space).
- A label with an empty value ends at its colon (no trailing space).
- Devices: sorted by serial, then model (plain code-unit order: keep serials ASCII).
- Parts: quantities summed per part number (a correction is a negative usage); parts whose
  total is not above zero are left out; sorted by part number; the name is the first one
  given for that number.
- An empty list prints "-" after its label.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

_SPACE = re.compile(r"[ \t\r\n]+")

STATUS_LABEL = "状态 Status:"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return _SPACE.sub(" ", str(value)).strip(" ")


def _join(*texts: str) -> str:
    return " ".join(text for text in texts if text)


def _line(label: str, value: Any) -> str:
    text = _clean(value)
    return f"{label} {text}" if text else label


def _devices(devices: list[Mapping[str, Any]]) -> list[str]:
    lines = []
    for serial, model in sorted((_clean(d.get("serial")), _clean(d.get("model"))) for d in devices):
        text = _join(model, f"SN {serial}" if serial else "")
        lines.append(f"- {text}" if text else "-")
    return lines


def _parts(parts: list[Mapping[str, Any]]) -> list[str]:
    totals: dict[str, int] = {}
    names: dict[str, str] = {}
    for part in parts:
        number = _clean(part.get("part_number"))
        totals[number] = totals.get(number, 0) + int(part.get("quantity") or 0)
        names.setdefault(number, _clean(part.get("name")))
    lines = []
    for number in sorted(totals):
        if totals[number] > 0:
            lines.append(f"- {_join(number, names[number], f'× {totals[number]}')}")
    return lines


def _list(label: str, items: list[str]) -> list[str]:
    return [label, *items] if items else [f"{label} -"]


def work_order_summary(work_order: Mapping[str, Any]) -> str:
    """The summary a signer sees, in the fixed format described above."""
    site = _join(_clean(work_order.get("site_name")), _clean(work_order.get("site_address")))
    lines = [
        _line("工单 Work order:", work_order.get("number")),
        _line(STATUS_LABEL, work_order.get("status")),
        _line("客户 Customer:", work_order.get("customer_name")),
        _line("地点 Site:", site),
        *_list("设备 Devices:", _devices(list(work_order.get("devices") or []))),
        _line("现象 Symptom:", work_order.get("diagnosis_symptom")),
        _line("位置 Location:", work_order.get("diagnosis_location")),
        _line("原因 Cause:", work_order.get("diagnosis_cause")),
        _line("处理 Fix:", work_order.get("diagnosis_fix")),
        *_list("备件 Parts used:", _parts(list(work_order.get("parts") or []))),
    ]
    return "\n".join(lines)


def summary_sha256(text: str) -> str:
    """Hex SHA-256 of the summary's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def summary_status(text: str) -> str | None:
    """The status printed in a summary (None if the text has no status line).

    A signature pins the status it was given at: the office closing a signed-off order
    does not change what the customer signed, so the comparison uses the signed status."""
    for line in text.split("\n"):
        if line == STATUS_LABEL or line.startswith(STATUS_LABEL + " "):
            return line[len(STATUS_LABEL) :].strip(" ")
    return None
