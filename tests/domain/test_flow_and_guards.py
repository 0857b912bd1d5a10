"""The work-order life cycle is declared once (server/domain/work_order_flow.py) and
exported as tests/vectors/work_order_flow.json for the phone and the office; the
completion guards run the shared cases in tests/vectors/guards.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.domain.guards import completion_terms, missing_facts
from server.domain.settings import default_contract_settings
from server.domain.work_order_flow import (
    ACTIONS,
    ENGINEER_FIELDS,
    MUTATIONS,
    STATUSES,
    allowed_actions,
    flow_spec,
    target_of,
    transition,
)

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


def _guards():
    return json.loads((VECTORS / "guards.json").read_text(encoding="utf-8"))["cases"]


def test_the_shared_flow_file_is_the_servers_declaration():
    shared = json.loads((VECTORS / "work_order_flow.json").read_text(encoding="utf-8"))
    assert shared == flow_spec(), "run `aftercare vectors` to write the declaration again"


def test_every_action_moves_between_declared_statuses():
    for action in ACTIONS.values():
        assert set(action.sources) <= set(STATUSES)
        assert action.target is None or action.target in STATUSES


def test_a_request_solved_on_the_telephone_is_completed_not_cancelled():
    assert transition("accepted", "resolve_by_phone").target == "completed"
    assert "resolve_by_phone" in allowed_actions("assigned", "office")


def test_a_remote_session_is_a_step_of_its_own_and_can_still_lead_to_a_visit():
    assert transition("accepted", "start_remote").target == "remote"
    assert transition("remote", "resolve_remotely").target == "completed"
    assert transition("remote", "arrive").target == "on_site"


def test_restoring_service_records_its_event_and_keeps_the_status():
    step = transition("on_site", "restore")
    assert (step.event, target_of(step, "on_site")) == ("restored", "on_site")


def test_the_phone_edits_the_diagnosis_and_the_office_keeps_the_appointment():
    assert ENGINEER_FIELDS["diagnosis_fix"] == "device_wins"
    assert ENGINEER_FIELDS["appointment_at"] == "server_wins"
    assert MUTATIONS["work_order_note.add"] == "work_order_notes"


@pytest.mark.parametrize("case", _guards(), ids=lambda case: case["name"])
def test_completion_guards(case):
    terms = case["input"]["terms"]
    if isinstance(terms, str):
        terms = completion_terms(default_contract_settings(), terms)
    missing = missing_facts(case["input"]["facts"], terms, case["input"]["mode"])
    assert missing == case["expected"]["missing"]


def test_a_type_without_its_own_guards_follows_the_default():
    settings = default_contract_settings()
    assert completion_terms(settings, "training") == settings["completion"]["default"]


def test_the_server_handles_every_declared_mutation_and_no_other():
    from server.sync.mutations import APPEND_ONLY, HANDLERS

    assert set(HANDLERS) == set(MUTATIONS)
    assert {name: model.__tablename__ for name, model in APPEND_ONLY.items()} == {
        name: table for name, table in MUTATIONS.items() if table
    }


def _contract_cases():
    return json.loads((VECTORS / "contracts.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _contract_cases(), ids=lambda case: case["name"])
def test_which_contract_applies(case):
    from datetime import datetime

    from server.domain.contracts import applicable_contract

    given = case["input"]
    at = datetime.fromisoformat(given["at"].replace("Z", "+00:00"))
    found = applicable_contract(
        given["contracts"], given["customer_id"], given["site_id"], at, given["named_id"]
    )
    assert (found["id"] if found else None) == case["expected"]["id"]
