"""The pure field-level merge."""

from server.sync.merge import DEVICE_WINS, SERVER_WINS, merge_fields

POLICIES = {"appointment_at": SERVER_WINS, "diagnosis_cause": DEVICE_WINS}


def test_a_field_only_the_device_changed_is_applied():
    result = merge_fields(
        {"diagnosis_cause": ""}, {"diagnosis_cause": ""}, {"diagnosis_cause": "电源坏"}, POLICIES
    )
    assert result.writes == {"diagnosis_cause": "电源坏"}
    assert result.status == "applied"


def test_a_field_already_holding_the_devices_value_is_merged_without_writing():
    result = merge_fields(
        {"diagnosis_cause": "x"}, {"diagnosis_cause": ""}, {"diagnosis_cause": "x"}, POLICIES
    )
    assert result.writes == {}
    assert result.status == "merged"


def test_device_wins_writes_the_device_value_and_keeps_the_servers_as_the_loser():
    result = merge_fields(
        {"diagnosis_cause": "office"},
        {"diagnosis_cause": ""},
        {"diagnosis_cause": "phone"},
        POLICIES,
    )
    assert result.writes == {"diagnosis_cause": "phone"}
    [conflict] = result.conflicts
    assert (conflict.winner, conflict.server_value, conflict.device_value) == (
        "device",
        "office",
        "phone",
    )
    assert result.status == "conflict"


def test_server_wins_keeps_the_server_value_and_keeps_the_devices_as_the_loser():
    result = merge_fields(
        {"appointment_at": "10:00"},
        {"appointment_at": "09:00"},
        {"appointment_at": "11:00"},
        POLICIES,
    )
    assert result.writes == {}
    [conflict] = result.conflicts
    assert (conflict.winner, conflict.base_value, conflict.device_value) == (
        "server",
        "09:00",
        "11:00",
    )


def test_fields_merge_independently():
    result = merge_fields(
        {"appointment_at": "10:00", "diagnosis_cause": ""},
        {"appointment_at": "09:00", "diagnosis_cause": ""},
        {"appointment_at": "10:00", "diagnosis_cause": "进水"},
        POLICIES,
    )
    assert result.writes == {"diagnosis_cause": "进水"}
    assert result.unchanged == ["appointment_at"]
    assert result.conflicts == []
