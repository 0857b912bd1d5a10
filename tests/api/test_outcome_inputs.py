"""Stored outcomes are rewritten when what they read changes, and only then: a push of
500 diagnosis edits recomputes no clock (issue 13). What the rules do not read is declared
once (services.outcomes.NOT_INPUTS, NOT_INPUT_EVENTS); these tests check the declaration
against the rules themselves, so a rule that starts reading one of those fields fails here.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Boolean, Integer, String, Text, select

from server.extensions import db
from server.models import SlaOutcome, WorkOrder, WorkOrderEvent
from server.models.base import UTCDateTime
from server.services import outcomes, rule_facts, work_orders
from server.unit_of_work import committed

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _computed(wo: WorkOrder) -> tuple[Any, Any]:
    """What refresh would store for ``wo`` (without the time it was computed), from the
    order as it is in memory (nothing flushed)."""
    facts = rule_facts.RuleFacts()
    with db.session.no_autoflush:
        clocks = [
            {k: v for k, v in row.items() if k != "computed_at"}
            for row in outcomes.sla_rows(wo, NOW, facts)
        ]
        row = outcomes.work_order_row(wo, NOW, facts)
    return clocks, {k: v for k, v in row.items() if k != "computed_at"}


def _other_value(column: Any, value: Any, world: Any) -> Any:
    if column.foreign_keys:
        return world.users["engineer2"].id if value != world.users["engineer2"].id else None
    kind = column.type
    if isinstance(kind, Boolean):
        return not value
    if isinstance(kind, Integer):
        return (value or 0) + 7
    if isinstance(kind, UTCDateTime):
        return (value or NOW) + timedelta(days=3, minutes=17)
    if isinstance(kind, String | Text):
        return f"{value or ''} 改过"[: kind.length or None]
    raise AssertionError(f"no sample value for {column.name} ({kind!r})")


@pytest.fixture
def order_under_way(world):
    """wo1 accepted and arrived: several clocks started or stopped, a device decided."""
    engineer = world.users["engineer1"]
    for action in ("accept", "depart", "arrive"):
        with committed():
            work_orders.apply_action(world.wo1, {"action": action}, engineer)
    return world.wo1


def test_changing_a_field_declared_not_an_input_changes_no_outcome(world, order_under_way):
    wo = order_under_way
    before = _computed(wo)
    columns = {c.key: c for c in WorkOrder.__table__.columns}
    checked = []
    for name in sorted(outcomes.NOT_INPUTS & set(columns)):
        original = getattr(wo, name)
        setattr(wo, name, _other_value(columns[name], original, world))
        assert _computed(wo) == before, f"{name} is read by the outcome rules"
        setattr(wo, name, original)
        checked.append(name)
    assert "diagnosis_cause" in checked and "appointment_at" in checked
    db.session.rollback()


def test_an_event_declared_not_an_input_changes_no_outcome(world, order_under_way):
    wo = order_under_way
    before = _computed(wo)
    for kind in sorted(outcomes.NOT_INPUT_EVENTS):
        event = WorkOrderEvent(
            id=uuid.uuid4(), kind=kind, origin="office", server_at=NOW, note="", data={}
        )
        wo.events.append(event)
        assert _computed(wo) == before, f"the rules read {kind} events"
        wo.events.remove(event)
    db.session.rollback()


def test_the_check_notices_a_field_the_rules_read(world, order_under_way):
    """The two tests above can fail: a field the rules read does change the outcome."""
    wo = order_under_way
    before = _computed(wo)
    wo.severity = 1
    assert _computed(wo) != before


def _computed_at(wo_id: uuid.UUID) -> set[datetime]:
    db.session.expire_all()
    return set(
        db.session.scalars(select(SlaOutcome.computed_at).where(SlaOutcome.work_order_id == wo_id))
    )


def test_a_diagnosis_edit_leaves_the_stored_outcomes_as_they_were(world):
    stored = _computed_at(world.wo1.id)
    with committed():
        work_orders.update_work_order(
            world.wo1, {"diagnosis_cause": "电源适配器损坏"}, world.users["engineer1"]
        )
    assert _computed_at(world.wo1.id) == stored


def test_a_status_action_rewrites_the_stored_outcomes(world):
    stored = _computed_at(world.wo1.id)
    with committed():
        work_orders.apply_action(world.wo1, {"action": "accept"}, world.users["engineer1"])
    assert _computed_at(world.wo1.id) != stored
