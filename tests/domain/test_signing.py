"""The signing summary: the shared vectors (tests/vectors/signing.json, run by Vitest too)
and the status a summary pins."""

import json
from pathlib import Path

import pytest

from server.domain.signing import summary_sha256, summary_status, work_order_summary

VECTORS = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "signing.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in VECTORS])
def test_the_summary_matches_the_shared_vector(case):
    text = work_order_summary(case["input"])
    assert text == case["expected"]["summary"]
    assert summary_sha256(text) == case["expected"]["sha256"]


def test_the_hash_is_of_the_utf8_bytes():
    assert summary_sha256("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert summary_sha256("签") != summary_sha256("签".encode("gbk").decode("latin-1"))


def test_a_summary_tells_the_status_it_was_signed_at():
    assert summary_status(work_order_summary({"status": "on_site"})) == "on_site"
    assert summary_status(work_order_summary({})) == ""
    assert summary_status("no status here") is None


def test_the_summary_does_not_depend_on_the_order_of_devices_and_parts():
    devices = [{"model": "A", "serial": "2"}, {"model": "B", "serial": "1"}]
    parts = [
        {"part_number": "P1", "name": "x", "quantity": 1},
        {"part_number": "P0", "name": "y", "quantity": 2},
    ]
    assert work_order_summary({"devices": devices, "parts": parts}) == work_order_summary(
        {"devices": devices[::-1], "parts": parts[::-1]}
    )


def _signed_cases():
    path = Path(__file__).resolve().parent.parent / "vectors" / "signed_summary.json"
    return json.loads(path.read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", _signed_cases(), ids=lambda case: case["name"])
def test_the_summary_by_type_of_work(case):
    from server.domain.signing import signed_summary, summary_format

    text = signed_summary(case["input"])
    assert text == case["expected"]["summary"]
    assert summary_format(text) == 2


def test_a_signed_status_in_words_reads_back_the_same():
    from server.domain.signing import signed_summary

    text = signed_summary({"number": "WO-1", "status": "on_site", "type": "repair"})
    assert summary_status(text) == "在现场 On site"
    again = signed_summary({"number": "WO-1", "status": summary_status(text), "type": "repair"})
    assert again == text
