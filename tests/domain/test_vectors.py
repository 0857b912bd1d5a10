"""Runs the shared rule vectors (tests/vectors/*.json); Vitest runs the same files.

Each file: {description, defaults, cases: [{name, input, expected}]}. A case's settings are
deep-merged over the file's defaults, which must equal the code's defaults. `expected` lists
only the fields the case checks; {"error": code} means the call raises that DomainError.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from server.domain.dates import to_json
from server.domain.errors import DomainError
from server.domain.fees import estimate_fees
from server.domain.schedules import (
    inspection_cadence,
    next_follow_up_dates,
    next_inspection_dates,
    site_check_due_on,
    survey_due_at,
)
from server.domain.settings import default_contract_settings, merge_contract_settings
from server.domain.sla import emergency_milestones, loaner_due_at, sla_state
from server.domain.warranty import warranty_decision

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
SECTIONS = {"warranty": "warranty", "sla": "sla", "fees": "fees", "schedules": "schedules"}


def load(rule: str) -> dict[str, Any]:
    return json.loads((VECTORS / f"{rule}.json").read_text(encoding="utf-8"))


def cases(rule: str) -> list[Any]:
    return [pytest.param(case, id=case["name"]) for case in load(rule)["cases"]]


def section(rule: str, partial: dict[str, Any] | None) -> dict[str, Any]:
    return merge_contract_settings({SECTIONS[rule]: partial or {}})[SECTIONS[rule]]


def assert_matches(expected: Any, actual: Any, path: str = "") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key}: missing from {sorted(actual)}"
            assert_matches(value, actual[key], f"{path}.{key}")
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


def check(case: dict[str, Any], run: Callable[[], Any]) -> None:
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(DomainError) as raised:
            run()
        assert raised.value.code == expected["error"]
    else:
        assert_matches(expected, to_json(run()))


@pytest.mark.parametrize("rule", list(SECTIONS))
def test_vector_file_defaults_are_the_code_defaults(rule: str) -> None:
    assert load(rule)["defaults"] == default_contract_settings()[SECTIONS[rule]]


@pytest.mark.parametrize(
    ("rule", "minimum"), [("warranty", 40), ("sla", 40), ("fees", 10), ("schedules", 10)]
)
def test_vector_files_have_enough_uniquely_named_cases(rule: str, minimum: int) -> None:
    names = [case["name"] for case in load(rule)["cases"]]
    assert len(names) >= minimum
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", cases("warranty"))
def test_warranty_vector(case: dict[str, Any]) -> None:
    given = case["input"]

    def run() -> Any:
        return warranty_decision(
            given["device"],
            given["history"],
            section("warranty", given["terms"]),
            given["on"],
            given["exclusions"],
            defect_code=given["defect_code"],
            replaced=given["replaced"],
        )

    check(case, run)


@pytest.mark.parametrize("case", cases("sla"))
def test_sla_vector(case: dict[str, Any]) -> None:
    given = case["input"]
    policy = section("sla", given["policy"])
    work_order, events = given["work_order"], given["events"]

    def run() -> dict[str, Any]:
        result: dict[str, Any] = {"clocks": sla_state(work_order, events, policy, given["now"])}
        result["loaner_due_at"] = loaner_due_at(work_order, events, policy)
        result["emergency_milestones"] = emergency_milestones(work_order, events, policy)
        return result

    check(case, run)


@pytest.mark.parametrize("case", cases("fees"))
def test_fees_vector(case: dict[str, Any]) -> None:
    given = case["input"]

    def run() -> Any:
        return estimate_fees(
            given["decision_status"],
            given["parts"],
            given["labour_minutes"],
            given["visits"],
            given["remote_sessions"],
            given["travel"],
            section("fees", given["terms"]),
        )

    check(case, run)


@pytest.mark.parametrize("case", cases("schedules"))
def test_schedules_vector(case: dict[str, Any]) -> None:
    given = case["input"]
    schedules = section("schedules", given.get("schedules"))
    calls: dict[str, Callable[[], Any]] = {
        "next_inspection_dates": lambda: next_inspection_dates(
            given["handover_on"],
            given["cadence"],
            until_on=given["until_on"],
            last_done_on=given["last_done_on"],
            contract_end_on=given["contract_end_on"],
        ),
        "next_follow_up_dates": lambda: next_follow_up_dates(
            given["handover_on"],
            schedules["follow_up"],
            until_on=given["until_on"],
            last_done_on=given["last_done_on"],
            contract_end_on=given["contract_end_on"],
        ),
        "site_check_due_on": lambda: site_check_due_on(given["handover_on"], schedules),
        "survey_due_at": lambda: survey_due_at(given["resolved_at"], schedules),
        "inspection_cadence": lambda: inspection_cadence(schedules, given["system_type"]),
    }
    check(case, lambda: {"result": calls[given["call"]]()})
