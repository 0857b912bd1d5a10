"""A serial typed or scanned in any case, with spaces or full-width characters, is the
same serial (tests/vectors/serial_keys.json, which the phone's tests read too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.domain.serials import serial_key

CASES = json.loads((Path(__file__).parents[1] / "vectors" / "serial_keys.json").read_text())[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[repr(c["typed"]) for c in CASES])
def test_a_serial_compares_as_its_key(case):
    assert serial_key(case["typed"]) == case["key"]
