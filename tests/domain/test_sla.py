from datetime import UTC, datetime

import pytest

from server.domain.errors import InvalidValue
from server.domain.settings import default_contract_settings
from server.domain.sla import event_at, loaner_due_at, sla_state

POLICY = default_contract_settings()["sla"]
LEVEL_1 = {"severity": 1, "zone": "in_city"}


def registered(at):
    return {"kind": "registered", "origin": "office", "device_at": None, "server_at": at}


def test_an_on_site_event_happens_at_the_device_time():
    event = {
        "kind": "arrived",
        "origin": "device",
        "device_at": "2024-03-04T10:50:00+08:00",
        "server_at": "2024-03-04T06:00:00Z",
    }
    assert event_at(event) == datetime(2024, 3, 4, 2, 50, tzinfo=UTC)


def test_an_office_event_happens_at_the_server_time():
    event = {
        "kind": "arrived",
        "origin": "office",
        "device_at": "2024-03-04T02:50:00Z",
        "server_at": "2024-03-04T06:00:00Z",
    }
    assert event_at(event) == datetime(2024, 3, 4, 6, 0, tzinfo=UTC)


def test_an_unknown_origin_is_an_invalid_value():
    with pytest.raises(InvalidValue):
        event_at({"kind": "arrived", "origin": "satellite", "server_at": "2024-03-04T06:00:00Z"})


def test_sla_state_returns_every_clock_in_a_fixed_order():
    clocks = sla_state(
        LEVEL_1, [registered("2024-03-04T02:00:00Z")], POLICY, "2024-03-04T02:10:00Z"
    )
    assert list(clocks) == ["response", "remote", "arrival", "restore", "resolve"]


def test_instants_returned_are_aware_utc_datetimes():
    now = datetime(2024, 3, 4, 10, 10, tzinfo=UTC)
    clock = sla_state(LEVEL_1, [registered("2024-03-04T10:00:00+08:00")], POLICY, now)["response"]
    assert clock.started_at == datetime(2024, 3, 4, 2, 0, tzinfo=UTC)
    assert clock.deadline_at.tzinfo == UTC


def test_a_loaner_is_not_due_before_the_order_is_registered():
    assert loaner_due_at(LEVEL_1, [], POLICY) is None


def test_a_severity_without_a_loaner_deadline_never_needs_one():
    policy = default_contract_settings()["sla"]
    policy["severities"]["1"]["loaner_minutes"] = None
    assert loaner_due_at(LEVEL_1, [registered("2024-03-04T02:00:00Z")], policy) is None
