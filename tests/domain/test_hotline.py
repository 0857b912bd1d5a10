"""The hotline's declaration (server.domain.hotline): the office reads it from
tests/vectors/hotline.json, which must equal the code, and which calls count for
first-call resolution."""

import json
from pathlib import Path

import pytest

from server.domain.hotline import hotline_spec, is_first_call, is_solved_on_first_call

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


def test_the_office_reads_the_same_declaration_as_the_server():
    shared = json.loads((VECTORS / "hotline.json").read_text(encoding="utf-8"))
    assert shared == hotline_spec(), (
        "write it again: python -c 'import json; from server.domain.hotline import "
        "hotline_spec; print(json.dumps(hotline_spec(), ensure_ascii=False, indent=2))'"
    )


@pytest.mark.parametrize(
    ("outcome", "order_link", "first", "solved"),
    [
        ("solved_by_phone", None, True, True),
        ("solved_by_phone", "attached", False, False),  # a follow-up call about an open order
        ("remote_session", "created", True, False),
        ("visit_needed", "created", True, False),
        ("visit_needed", "attached", False, False),
        ("not_ours", None, False, False),
    ],
)
def test_a_first_call_is_a_request_of_ours_not_about_an_open_order(
    outcome, order_link, first, solved
):
    assert is_first_call(outcome, order_link) is first
    assert is_solved_on_first_call(outcome, order_link) is solved
