import pytest
from marshmallow import ValidationError

from server.api.schemas.contract_settings import ContractSettingsSchema
from server.domain.settings import default_contract_settings


def load(data):
    return ContractSettingsSchema().load(data)


def errors_of(data):
    with pytest.raises(ValidationError) as raised:
        load(data)
    return raised.value.messages


def test_an_empty_settings_object_loads_as_the_defaults():
    assert load({}) == default_contract_settings()


def test_the_defaults_are_valid_settings():
    assert load(default_contract_settings()) == default_contract_settings()


def test_a_partial_setting_is_filled_in_with_the_defaults():
    loaded = load({"warranty": {"exchange_until_day": 15}})
    assert loaded["warranty"]["exchange_until_day"] == 15
    assert loaded["warranty"]["return_days"] == 7
    assert loaded["sla"] == default_contract_settings()["sla"]


def test_an_unknown_field_is_rejected_by_name():
    assert errors_of({"warranty": {"retrun_days": 7}}) == {
        "warranty": {"retrun_days": ["Unknown field."]}
    }


def test_an_unknown_severity_is_rejected():
    assert "5" in errors_of({"sla": {"severities": {"5": {}}}})["sla"]["severities"]


def test_money_must_be_whole_fen():
    assert "labour_cents_per_hour" in errors_of({"fees": {"labour_cents_per_hour": 99.5}})["fees"]


def test_the_exchange_window_cannot_end_before_the_return_window():
    assert errors_of({"warranty": {"return_days": 10, "exchange_until_day": 5}}) == {
        "warranty": {"exchange_until_day": ["Must not be before return_days."]}
    }


def test_a_severity_must_use_a_defined_calendar():
    messages = errors_of({"sla": {"severities": {"3": {"calendar": "6x24"}}}})
    assert messages == {"sla": {"severities": {"3": {"calendar": ["Unknown calendar."]}}}}


def test_a_new_calendar_can_be_defined_and_used():
    loaded = load(
        {
            "sla": {
                "calendars": {
                    "6x24": {"weekdays": [1, 2, 3, 4, 5, 6], "start": "00:00", "end": "24:00"}
                },
                "severities": {"3": {"calendar": "6x24"}},
            }
        }
    )
    assert loaded["sla"]["calendars"]["6x24"]["timezone"] == "Asia/Shanghai"


def test_business_hours_must_end_after_they_start():
    messages = errors_of(
        {"sla": {"calendars": {"business_hours": {"start": "18:00", "end": "08:00"}}}}
    )
    assert messages == {"sla": {"calendars": {"business_hours": {"end": ["Must be after start."]}}}}


def test_holidays_must_be_iso_dates():
    messages = errors_of({"sla": {"calendars": {"business_hours": {"holidays": ["2024/10/01"]}}}})
    assert "holidays" in str(messages)


def test_a_time_zone_must_be_a_known_iana_zone():
    messages = errors_of({"sla": {"calendars": {"business_hours": {"timezone": "Beijing"}}}})
    assert "timezone" in str(messages)


def test_a_clock_needs_a_start_event():
    assert errors_of({"sla": {"clocks": {"arrival": {"start": []}}}}) == {
        "sla": {"clocks": {"arrival": {"start": ["Needs at least one event kind."]}}}
    }


def test_an_unknown_event_kind_is_rejected():
    assert (
        "stop"
        in errors_of({"sla": {"clocks": {"arrival": {"stop": ["landed"]}}}})["sla"]["clocks"][
            "arrival"
        ]
    )


def test_a_target_may_be_null_to_leave_a_clock_untracked():
    loaded = load({"sla": {"severities": {"4": {"targets": {"in_city": {"remote": None}}}}}})
    assert loaded["sla"]["severities"]["4"]["targets"]["in_city"]["remote"] is None


def test_holiday_dates_stay_strings_for_the_domain():
    loaded = load({"sla": {"calendars": {"business_hours": {"holidays": ["2024-10-01"]}}}})
    assert loaded["sla"]["calendars"]["business_hours"]["holidays"] == ["2024-10-01"]
