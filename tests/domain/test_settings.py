import json
from pathlib import Path

from server.domain.settings import (
    CLOCKS,
    SEVERITIES,
    ZONES,
    default_contract_settings,
    merge_contract_settings,
)


def test_defaults_have_a_target_for_every_severity_zone_and_clock():
    severities = default_contract_settings()["sla"]["severities"]
    assert sorted(severities) == list(SEVERITIES)
    for severity in severities.values():
        for zone in ZONES:
            assert sorted(severity["targets"][zone]) == sorted(CLOCKS)


def test_default_arrival_targets_follow_the_service_plan():
    severities = default_contract_settings()["sla"]["severities"]
    arrival = {
        level: (s["targets"]["in_city"]["arrival"], s["targets"]["out_of_town"]["arrival"])
        for level, s in severities.items()
    }
    assert arrival == {"1": (60, 360), "2": (60, 360), "3": (480, 1440), "4": (720, 2880)}


def test_levels_1_and_2_run_on_7x24_and_levels_3_and_4_on_business_hours():
    severities = default_contract_settings()["sla"]["severities"]
    assert [severities[level]["calendar"] for level in SEVERITIES] == [
        "24x7",
        "24x7",
        "business_hours",
        "business_hours",
    ]


def test_an_empty_contract_gets_the_defaults():
    assert merge_contract_settings({}) == default_contract_settings()
    assert merge_contract_settings(None) == default_contract_settings()


def test_a_partial_setting_overrides_only_its_own_key():
    merged = merge_contract_settings({"warranty": {"months": {"main": 36}}})
    assert merged["warranty"]["months"] == {"main": 36, "peripheral": 12, "consumable": 12}
    assert merged["warranty"]["return_days"] == 7


def test_a_list_setting_is_replaced_as_a_whole():
    merged = merge_contract_settings({"warranty": {"exclusion_codes": ["lightning"]}})
    assert merged["warranty"]["exclusion_codes"] == ["lightning"]


def test_null_switches_a_target_off():
    partial = {"sla": {"severities": {"4": {"targets": {"in_city": {"remote": None}}}}}}
    assert (
        merge_contract_settings(partial)["sla"]["severities"]["4"]["targets"]["in_city"]["remote"]
        is None
    )


def test_a_new_calendar_is_filled_from_the_calendar_template():
    merged = merge_contract_settings(
        {"sla": {"calendars": {"6x24": {"weekdays": [1, 2, 3, 4, 5, 6]}}}}
    )
    calendar = merged["sla"]["calendars"]["6x24"]
    assert calendar["timezone"] == "Asia/Shanghai"
    assert calendar["holidays"] == []
    assert calendar["weekdays"] == [1, 2, 3, 4, 5, 6]


def test_a_new_system_type_is_filled_from_the_inspection_template():
    merged = merge_contract_settings(
        {"schedules": {"inspections": {"cctv": {"cadence": "monthly"}}}}
    )
    assert merged["schedules"]["inspections"]["cctv"] == {
        "cadence": "monthly",
        "monthly_for_months": 3,
        "at_weekend": False,
    }


def test_merging_never_changes_the_defaults_or_the_partial():
    partial = {"sla": {"calendars": {"business_hours": {"holidays": ["2025-10-01"]}}}}
    merged = merge_contract_settings(partial)
    merged["sla"]["calendars"]["business_hours"]["holidays"].append("2025-10-02")
    assert partial["sla"]["calendars"]["business_hours"]["holidays"] == ["2025-10-01"]
    assert default_contract_settings()["sla"]["calendars"]["business_hours"]["holidays"] == []


def test_the_defaults_in_docs_rules_md_are_the_code_defaults():
    text = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    block = text.split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(block) == default_contract_settings()
