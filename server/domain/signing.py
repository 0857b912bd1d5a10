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


# --- the summary by type of work (format 2) -------------------------------------------
#
# What a customer signs covers what was done, per type of work, so that changing any of it
# afterwards (a reading, a part, a fee) makes the signature differ. Input as for format 1,
# plus (missing keys count as empty)::
#
#     {"type": "repair" | "inspection" | ...,
#      "parts": [{"part_number", "name", "quantity", "serial_out", "serial_in"}],
#      "consent": {"amount_cents", "signer_name",
#                  "lines": [{"kind", "code", "quantity", "amount_cents"}]} | None,
#      "photos": 3,
#      "checklist": [{"label", "type", "device", "value", "unit", "min", "max", "ok",
#                     "note"}]}
#
# Rules on top of format 1's:
#
# - An inspection prints its checklist (every answer that counts, in the order given) and
#   no diagnosis, parts or fees; every other type prints the diagnosis, the parts, the
#   units swapped (parts with a serial out or in, in the order given), the consent to paid
#   work with its fee lines, and the count of photos.
# - Money: fen as ¥ with two decimals and "," between thousands (¥1,234.50).
# - Numbers: a whole number without decimals (22.0 prints 22), else the shortest decimal
#   that reads back the same (29.5); true/false print 正常 OK / 异常 Fail.
# - A checklist line: "- <label>[ · <device>]: <value>[ <unit>][ (<min>–<max>)]
#   <verdict>[ · <note>]"; the range prints "–" on the open side when only one bound is set;
#   the verdict is 正常 OK, 异常 Fail, or nothing when the item sets no rule. A photo item
#   (``type`` "photo") prints 已拍照 Photo taken for its value, never what identifies it.

VERDICT = {True: "正常 OK", False: "异常 Fail"}
PHOTO_TAKEN = "已拍照 Photo taken"
#: The words the signed text uses for a status and a type of work (never the codes).
STATUS_WORDS = {
    "new": "新建 New",
    "assigned": "已派单 Assigned",
    "accepted": "已接单 Accepted",
    "remote": "远程处理中 Remote session",
    "en_route": "在途 On the way",
    "on_site": "在现场 On site",
    "on_hold": "挂起 On hold",
    "completed": "已完成 Completed",
    "closed": "已关闭 Closed",
    "cancelled": "已取消 Cancelled",
}
TYPE_WORDS = {
    "repair": "维修 Repair",
    "inspection": "巡检 Inspection",
    "installation": "安装调试 Installation",
    "upgrade": "升级 Upgrade",
    "follow_up": "回访 Follow-up visit",
    "training": "培训 Training",
    "rectification": "整改 Rectification",
}
FEE_KINDS = {
    "part": "备件 Part",
    "labour": "人工 Labour",
    "visit": "上门 Visit",
    "remote_session": "远程 Remote",
    "travel": "交通 Travel",
}


def format_money(cents: Any) -> str:
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    yuan, fen = divmod(abs(cents), 100)
    return f"{sign}¥{yuan:,}.{fen:02d}"


def format_number(value: Any) -> str:
    if isinstance(value, bool):
        return VERDICT[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return _clean(value)


def _checklist(items: list[Mapping[str, Any]]) -> list[str]:
    lines = []
    for item in items:
        label = _join(_clean(item.get("label")), "·" if _clean(item.get("device")) else "")
        label = _join(label, _clean(item.get("device")))
        value = item.get("value")
        if item.get("type") == "photo" and value not in (None, ""):
            value = PHOTO_TAKEN
        text = "" if value is None else format_number(value)
        if text and not isinstance(value, bool):
            text = _join(text, _clean(item.get("unit")))
        low, high = item.get("min"), item.get("max")
        if low is not None or high is not None:
            low_text = format_number(low) if low is not None else ""
            high_text = format_number(high) if high is not None else ""
            text = _join(text, f"({low_text}–{high_text})")
        ok = item.get("ok")
        if ok is not None and not isinstance(value, bool):
            text = _join(text, VERDICT[bool(ok)])
        note = _clean(item.get("note"))
        if note:
            text = _join(text, f"· {note}")
        lines.append(f"- {label}: {text}" if text else f"- {label}:")
    return lines


def _swaps(parts: list[Mapping[str, Any]]) -> list[str]:
    lines = []
    for part in parts:
        out, into = _clean(part.get("serial_out")), _clean(part.get("serial_in"))
        if out or into:
            swap = f"{out or '-'} → {into or '-'}"
            lines.append(f"- {_join(_clean(part.get('part_number')), swap)}")
    return lines


def _consent(consent: Mapping[str, Any] | None) -> list[str]:
    if not consent:
        return ["收费同意 Paid work consent: -"]
    lines = [
        _line(
            "收费同意 Paid work consent:",
            _join(format_money(consent.get("amount_cents")), _clean(consent.get("signer_name"))),
        )
    ]
    for fee in consent.get("lines") or []:
        kind = FEE_KINDS.get(str(fee.get("kind")), _clean(fee.get("kind")))
        lines.append(
            "- "
            + _join(
                kind,
                _clean(fee.get("code")),
                f"× {format_number(fee.get('quantity'))}"
                if fee.get("quantity") is not None
                else "",
                format_money(fee.get("amount_cents")),
            )
        )
    return lines


def signed_summary(work_order: Mapping[str, Any]) -> str:
    """The summary a signer sees, by type of work (format 2; see the rules above). Status
    and type print as words (STATUS_WORDS, TYPE_WORDS); a status given in words already
    (read back from a signed text by summary_status) prints as given."""
    status = work_order.get("status")
    site = _join(_clean(work_order.get("site_name")), _clean(work_order.get("site_address")))
    lines = [
        _line("工单 Work order:", work_order.get("number")),
        _line("类型 Type:", TYPE_WORDS.get(str(work_order.get("type")), work_order.get("type"))),
        _line(STATUS_LABEL, STATUS_WORDS.get(str(status), status)),
        _line("客户 Customer:", work_order.get("customer_name")),
        _line("地点 Site:", site),
        *_list("设备 Devices:", _devices(list(work_order.get("devices") or []))),
    ]
    if work_order.get("type") == "inspection":
        lines += _list("检查项目 Checklist:", _checklist(list(work_order.get("checklist") or [])))
    else:
        parts = list(work_order.get("parts") or [])
        lines += [
            _line("现象 Symptom:", work_order.get("diagnosis_symptom")),
            _line("位置 Location:", work_order.get("diagnosis_location")),
            _line("原因 Cause:", work_order.get("diagnosis_cause")),
            _line("处理 Fix:", work_order.get("diagnosis_fix")),
            *_list("备件 Parts used:", _parts(parts)),
            *_list("换件 Units swapped:", _swaps(parts)),
            *_consent(work_order.get("consent")),
        ]
    lines.append(_line("照片 Photos:", str(int(work_order.get("photos") or 0))))
    return "\n".join(lines)


def summary_format(text: str) -> int:
    """2 for a summary by type of work (it counts photos), 1 for the older summary."""
    return 2 if any(line.startswith("照片 Photos:") for line in text.split("\n")) else 1
