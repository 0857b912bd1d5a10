"""The contract's rules in the API: warranty decisions on devices and work orders, SLA
clocks and their filters, supervisor overrides, fee estimates and validated settings.
Numbers are the domain's defaults (docs/rules.md) unless a test's contract says otherwise."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from server.domain.settings import default_contract_settings
from server.models import Contract, Device, PartUsage, System
from server.models.base import utcnow
from server.services import rule_facts
from server.services.work_orders import record_event
from tests.rest import patch_work_order


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
def make_device(db, world):
    """A main unit at the site no world contract covers, in service since ``days_ago``."""
    system = System(site=world.other_site, type="cctv", name="住院部监控系统")
    db.session.add(system)
    count = 0

    def _make(days_ago: int, **overrides) -> Device:
        nonlocal count
        count += 1
        on = rule_facts.today() - timedelta(days=days_ago)
        fields = {
            "system": system,
            "serial": f"NVR-{count:04d}",
            "model": "DS-7716NI",
            "manufacturer": "海康威视",
            "device_class": "main",
            "installed_on": on,
            "accepted_on": on,
        }
        fields.update(overrides)
        device = Device(**fields)
        db.session.add(device)
        db.session.commit()
        return device

    return _make


@pytest.fixture
def make_contract(client, login, world):
    """A contract over the other site, active today unless told otherwise, via the API."""
    admin = login("admin")
    count = 0

    def _make(settings=None, *, starts_days_ago=400, ends_in_days=400):
        nonlocal count
        count += 1
        today = rule_facts.today()
        body = {
            "customer_id": str(world.customer.id),
            "number": f"HT-RULES-{count:03d}",
            "name": "住院部维保合同",
            "starts_on": (today - timedelta(days=starts_days_ago)).isoformat(),
            "ends_on": (today + timedelta(days=ends_in_days)).isoformat(),
            "site_ids": [str(world.other_site.id)],
        }
        if settings is not None:
            body["settings"] = settings
        r = client.post("/api/v1/contracts/", json=body, headers=admin)
        assert r.status_code == 201, r.json
        return r.json

    return _make


def _warranty_of(client, headers, device):
    r = client.get(f"/api/v1/devices/{device.id}", headers=headers)
    assert r.status_code == 200, r.json
    return r.json["warranty"]


def _order_at_other_site(world, *devices, **overrides):
    data = {"site_id": world.other_site.id, "device_ids": [d.id for d in devices]}
    data.update(overrides)
    return world.make_work_order(**data)


def _repaired(db, world, device, defect_code, days_ago):
    """A closed repair of ``device`` for ``defect_code``, resolved ``days_ago``."""
    wo = _order_at_other_site(world, device, defect_code=defect_code)
    wo.status = "closed"
    event = record_event(wo, "resolved", world.users["engineer1"])
    event.server_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return wo


# --- warranty on devices -------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_ago", "status", "day"),
    [(5, "return", 6), (20, "exchange", 21), (200, "free_repair", 201)],
)
def test_a_device_shows_return_exchange_or_free_repair_by_the_days_since_acceptance(
    client, login, make_device, days_ago, status, day
):
    warranty = _warranty_of(client, login("admin"), make_device(days_ago))
    assert warranty["status"] == status
    assert warranty["day"] == day
    assert warranty["on"] == rule_facts.today().isoformat()
    assert warranty["contract"] is None  # no contract covers the site: the defaults


def test_a_device_accepted_2_years_ago_under_a_1_year_contract_is_paid(
    client, login, make_device, make_contract
):
    contract = make_contract()
    warranty = _warranty_of(client, login("admin"), make_device(730))
    assert warranty["status"] == "paid"
    assert warranty["months"] == 12
    assert "warranty_expired" in warranty["reasons"]
    assert warranty["contract"]["number"] == contract["number"]


def test_a_contract_of_36_months_for_main_units_keeps_a_2_year_old_nvr_in_free_repair(
    client, login, make_device, make_contract
):
    make_contract({"warranty": {"months": {"main": 36}}})
    warranty = _warranty_of(client, login("admin"), make_device(730))
    assert warranty["status"] == "free_repair"
    assert warranty["months"] == 36


def test_the_latest_active_contract_covering_the_site_applies(
    client, login, make_device, make_contract
):
    make_contract({"warranty": {"months": {"main": 36}}}, starts_days_ago=2000, ends_in_days=-1)
    make_contract({"warranty": {"months": {"main": 24}}}, starts_days_ago=900)
    newest = make_contract(starts_days_ago=100)
    warranty = _warranty_of(client, login("admin"), make_device(730))
    assert warranty["contract"]["number"] == newest["number"]
    assert warranty["status"] == "paid"


def test_a_device_without_an_acceptance_date_shows_its_warranty_has_not_started(
    client, login, world
):
    warranty = _warranty_of(client, login("engineer1"), world.devices[0])
    assert warranty["status"] == "not_started"
    assert warranty["error"]["key"] == "errors.warranty.notStarted"


def test_a_replacement_unit_restarts_its_own_warranty(client, login, db, make_device):
    old = make_device(730)
    new = make_device(3)
    old.replaced_by_id = new.id
    db.session.commit()
    warranty = _warranty_of(client, login("admin"), new)
    assert warranty["status"] == "return"
    assert "replacement_restarted_warranty" in warranty["reasons"]


def test_the_what_if_endpoint_decides_a_given_day_with_exclusions(client, login, make_device):
    device = make_device(200)
    on = (rule_facts.today() - timedelta(days=190)).isoformat()
    r = client.get(
        f"/api/v1/devices/{device.id}/warranty?on={on}&exclusions=lightning&exclusions=war",
        headers=login("admin"),
    )
    assert r.status_code == 200, r.json
    assert r.json["status"] == "excluded"
    assert r.json["on"] == on
    assert r.json["reasons"] == ["exclusion:lightning", "exclusion:war"]
    plain = client.get(f"/api/v1/devices/{device.id}/warranty?on={on}", headers=login("admin"))
    assert plain.json["status"] == "exchange"


def test_a_what_if_before_the_warranty_starts_is_a_422_with_a_key(client, login, make_device):
    device = make_device(10)
    before = (rule_facts.today() - timedelta(days=11)).isoformat()
    r = client.get(f"/api/v1/devices/{device.id}/warranty?on={before}", headers=login("admin"))
    assert r.status_code == 422
    assert r.json["key"] == "errors.warranty.notStarted"
    assert r.json["reason"] == "warranty_not_started"


def test_a_what_if_refuses_an_unknown_exclusion_code(client, login, make_device):
    device = make_device(10)
    r = client.get(
        f"/api/v1/devices/{device.id}/warranty?exclusions=bad_luck", headers=login("admin")
    )
    assert r.status_code == 422
    assert "exclusions" in r.json["errors"]["query"]


def test_an_engineer_gets_404_for_the_warranty_of_a_device_outside_his_work(
    client, login, world, db
):
    from server.models import Device, System

    system = System(site=world.other_site, type="network", name="住院部网络")
    elsewhere = Device(system=system, serial="SW-9", model="S5735", manufacturer="华为")
    db.session.add_all([system, elsewhere])
    db.session.commit()
    r = client.get(f"/api/v1/devices/{elsewhere.id}/warranty", headers=login("engineer1"))
    assert r.status_code == 404


# --- warranty on work orders ---------------------------------------------------------


def test_a_work_order_decides_its_device_on_its_reported_date_with_its_exclusions(
    client, login, world, make_device
):
    device = make_device(200)
    reported = utcnow() - timedelta(days=180)
    wo = _order_at_other_site(world, device, reported_at=reported)
    office = login("dispatcher")
    computed = client.get(f"/api/v1/work-orders/{wo.id}", headers=office).json["warranty"]
    assert computed["computed"]["status"] == "exchange"
    assert computed["computed"]["on"] == rule_facts.local_date(reported).isoformat()
    assert computed["override"] is None
    assert computed["effective_status"] == "exchange"

    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{wo.id}",
        json={"exclusions": ["human_damage"]},
        headers=office,
    )
    assert r.status_code == 200, r.json
    assert r.json["exclusions"] == ["human_damage"]
    assert r.json["warranty"]["computed"]["status"] == "excluded"
    assert r.json["warranty"]["effective_status"] == "excluded"


def test_a_work_order_without_a_device_has_no_computed_decision(client, login, world):
    wo = world.make_work_order(device_ids=[])
    warranty = client.get(f"/api/v1/work-orders/{wo.id}", headers=login("dispatcher")).json[
        "warranty"
    ]
    assert warranty["computed"]["status"] == "no_device"
    assert warranty["effective_status"] is None


def test_the_third_failure_of_the_same_defect_is_an_exchange(client, login, db, world, make_device):
    device = make_device(200)
    _repaired(db, world, device, "NO_VIDEO", days_ago=100)
    _repaired(db, world, device, "NO_VIDEO", days_ago=50)
    wo = _order_at_other_site(world, device, defect_code="NO_VIDEO")
    computed = client.get(f"/api/v1/work-orders/{wo.id}", headers=login("dispatcher")).json[
        "warranty"
    ]["computed"]
    assert computed["status"] == "exchange"
    assert computed["is_lemon"] is True
    assert "lemon_exchange" in computed["reasons"]
    other = _order_at_other_site(world, device, defect_code="NO_POWER")
    r = client.get(f"/api/v1/work-orders/{other.id}", headers=login("dispatcher"))
    assert r.json["warranty"]["computed"]["status"] == "free_repair"


def test_a_unit_exchanged_for_a_defect_that_fails_with_it_again_is_refunded(
    client, login, db, world, make_device
):
    old = make_device(300)
    _repaired(db, world, old, "NO_VIDEO", days_ago=120)
    _repaired(db, world, old, "NO_VIDEO", days_ago=80)
    new = make_device(60)
    old.replaced_by_id = new.id
    db.session.commit()
    wo = _order_at_other_site(world, new, defect_code="NO_VIDEO")
    computed = client.get(f"/api/v1/work-orders/{wo.id}", headers=login("dispatcher")).json[
        "warranty"
    ]["computed"]
    assert computed["status"] == "return"
    assert computed["remedy"] == "refund"


def test_an_engineer_records_the_defect_and_exclusions_on_his_own_work_order(client, login, world):
    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"defect_code": "NO_VIDEO", "exclusions": ["lightning", "lightning"]},
        headers=login("engineer1"),
    )
    assert r.status_code == 200, r.json
    assert r.json["defect_code"] == "NO_VIDEO"
    assert r.json["exclusions"] == ["lightning"]


def test_an_exclusion_the_contract_does_not_recognise_is_refused(
    client, login, world, make_device, make_contract
):
    make_contract({"warranty": {"exclusion_codes": ["lightning", "war"]}})
    wo = _order_at_other_site(world, make_device(100))
    r = patch_work_order(
        client,
        f"/api/v1/work-orders/{wo.id}",
        json={"exclusions": ["human_damage"]},
        headers=login("dispatcher"),
    )
    assert r.status_code == 422
    assert r.json["key"] == "errors.workOrder.exclusionNotInContract"
    assert "human_damage" in r.json["errors"]["json"]["exclusions"][0]


# --- overrides -----------------------------------------------------------------------


def test_a_supervisor_overrides_the_warranty_decision_and_the_history_keeps_both(
    client, login, world, make_device
):
    wo = _order_at_other_site(world, make_device(200))
    supervisor = login("supervisor")
    r = client.post(
        f"/api/v1/work-orders/{wo.id}/warranty-override",
        json={"status": "paid", "reason": "保修卡序列号与实物不符，客户认可"},
        headers=supervisor,
    )
    assert r.status_code == 200, r.json
    warranty = r.json["warranty"]
    assert warranty["computed"]["status"] == "free_repair"
    assert warranty["override"]["status"] == "paid"
    assert warranty["override"]["by_id"] == str(world.users["supervisor"].id)
    assert warranty["override"]["reason"] == "保修卡序列号与实物不符，客户认可"
    assert warranty["effective_status"] == "paid"
    events = client.get(f"/api/v1/work-orders/{wo.id}/events", headers=supervisor).json
    overridden = events[-1]
    assert overridden["kind"] == "warranty_overridden"
    assert overridden["data"]["computed_status"] == "free_repair"
    assert overridden["data"]["status"] == "paid"
    assert overridden["actor"]["username"] == "supervisor"

    r = client.delete(f"/api/v1/work-orders/{wo.id}/warranty-override", headers=supervisor)
    assert r.status_code == 200
    assert r.json["warranty"]["override"] is None
    assert r.json["warranty"]["effective_status"] == "free_repair"
    events = client.get(f"/api/v1/work-orders/{wo.id}/events", headers=supervisor).json
    assert events[-1]["kind"] == "warranty_override_removed"
    assert events[-1]["data"]["previous_status"] == "paid"


@pytest.mark.parametrize("username", ["engineer1", "dispatcher"])
def test_only_a_supervisor_or_an_admin_overrides_a_warranty_decision(
    client, login, world, username
):
    path = f"/api/v1/work-orders/{world.wo1.id}/warranty-override"
    headers = login(username)
    r = client.post(path, json={"status": "paid", "reason": "人为损坏"}, headers=headers)
    assert r.status_code == 403
    assert client.delete(path, headers=headers).status_code == 403
    assert world.wo1.warranty_override is None


def test_an_override_needs_a_known_status_and_a_reason(client, login, world):
    path = f"/api/v1/work-orders/{world.wo1.id}/warranty-override"
    r = client.post(path, json={"status": "free", "reason": "  "}, headers=login("admin"))
    assert r.status_code == 422
    assert set(r.json["errors"]["json"]) == {"status", "reason"}


# --- SLA -----------------------------------------------------------------------------


def test_a_severity_1_order_registered_2_hours_ago_without_arrival_breaches_arrival(
    client, login, world
):
    reported = utcnow() - timedelta(hours=2)
    wo = world.make_work_order(severity=1, reported_at=reported)
    sla = client.get(f"/api/v1/work-orders/{wo.id}", headers=login("dispatcher")).json["sla"]
    arrival = sla["clocks"]["arrival"]
    assert arrival["state"] == "breached"
    assert arrival["target_minutes"] == 60  # level 1, in the city
    assert _instant(arrival["deadline_at"]) == (reported + timedelta(hours=1)).replace(
        microsecond=0
    )
    assert sla["clocks"]["remote"]["state"] == "not_started"
    assert _instant(sla["loaner_due_at"]) == (reported + timedelta(hours=4)).replace(microsecond=0)
    milestones = sla["emergency_milestones"]
    assert [m["key"] for m in milestones] == [
        "notify_managers",
        "emergency_team",
        "expert_remote",
        "expert_group",
    ]
    assert milestones[0]["minutes"] == 15


def test_the_breached_filter_lists_only_orders_with_a_breached_clock(client, login, world):
    late = world.make_work_order(severity=1, reported_at=utcnow() - timedelta(hours=2))
    r = client.get("/api/v1/work-orders/?sla=breached", headers=login("dispatcher"))
    assert r.status_code == 200, r.json
    assert [w["id"] for w in r.json["items"]] == [str(late.id)]
    assert r.json["total"] == 1


def test_the_at_risk_filter_finds_an_order_close_to_its_arrival_deadline(client, login, world):
    world.make_work_order(severity=1, reported_at=utcnow() - timedelta(hours=2))
    close = world.make_work_order(severity=1, reported_at=utcnow() - timedelta(minutes=50))
    r = client.get("/api/v1/work-orders/?sla=at_risk", headers=login("dispatcher"))
    assert [w["id"] for w in r.json["items"]] == [str(close.id)]
    assert r.json["items"][0]["sla"]["clocks"]["arrival"]["state"] == "at_risk"


def test_the_sla_filter_keeps_to_the_engineers_own_orders(client, login, world):
    world.make_work_order(
        severity=1,
        reported_at=utcnow() - timedelta(hours=2),
        assigned_engineer_id=world.users["engineer2"].id,
    )
    r = client.get("/api/v1/work-orders/?sla=breached", headers=login("engineer1"))
    assert r.json["items"] == []


def test_an_arrival_recorded_on_the_phone_in_time_but_synced_later_counts_as_met(
    client, login, world
):
    reported = utcnow() - timedelta(hours=3)
    wo = world.make_work_order(
        severity=1, reported_at=reported, assigned_engineer_id=world.users["engineer1"].id
    )
    engineer = login("engineer1")
    on_site = (reported + timedelta(minutes=40)).astimezone(UTC).isoformat()
    for action, body in (("accept", {}), ("arrive", {"occurred_at": on_site})):
        r = client.post(
            f"/api/v1/work-orders/{wo.id}/actions",
            json={"action": action, **body},
            headers=engineer,
        )
        assert r.status_code == 200, r.json
    arrival = r.json["sla"]["clocks"]["arrival"]
    assert arrival["state"] == "met"
    assert _instant(arrival["stopped_at"]) == _instant(on_site).replace(microsecond=0)
    assert r.json["sla"]["clocks"]["response"]["state"] == "met_late"


def test_a_severity_3_order_has_no_emergency_milestones(client, login, world):
    sla = client.get(f"/api/v1/work-orders/{world.wo1.id}", headers=login("dispatcher")).json["sla"]
    assert sla["emergency_milestones"] == []
    assert sla["contract"]["number"] == world.contract.number


# --- fees ----------------------------------------------------------------------------


def test_a_fee_estimate_for_a_paid_job_includes_parts_labour_and_the_visit(
    client, login, db, world, make_device
):
    wo = _order_at_other_site(world, make_device(730))
    db.session.add(PartUsage(work_order=wo, part=world.part, quantity=1))
    db.session.commit()
    r = client.get(
        f"/api/v1/work-orders/{wo.id}/fees?labour_minutes=80&visits=1",
        headers=login("dispatcher"),
    )
    assert r.status_code == 200, r.json
    assert r.json["warranty_status"] == "paid"
    lines = {line["kind"]: line for line in r.json["lines"]}
    assert lines["part"]["code"] == "PSU-12V-2A"
    assert lines["part"]["amount_cents"] == 3500  # at cost
    assert lines["labour"]["quantity"] == 90  # rounded up to 30 minutes
    assert lines["labour"]["amount_cents"] == 15000
    assert lines["visit"]["amount_cents"] == 5000
    assert "travel" not in lines  # in the city: free by default
    assert r.json["total_cents"] == r.json["chargeable_cents"] == 23500
    assert r.json["requires_consent"] is True


def test_a_fee_estimate_under_warranty_is_free(client, login, world, make_device):
    wo = _order_at_other_site(world, make_device(200))
    r = client.get(
        f"/api/v1/work-orders/{wo.id}/fees?labour_minutes=60&visits=1", headers=login("admin")
    )
    assert r.json["warranty_status"] == "free_repair"
    assert r.json["chargeable_cents"] == 0
    assert r.json["free_cents"] == 15000
    assert r.json["requires_consent"] is False


def test_out_of_town_travel_is_charged_per_km_there_and_back(client, login, db, world, make_device):
    world.other_site.zone = "out_of_town"
    world.other_site.distance_km = 30
    db.session.commit()
    wo = _order_at_other_site(world, make_device(730))
    r = client.get(f"/api/v1/work-orders/{wo.id}/fees?visits=2", headers=login("admin"))
    travel = next(line for line in r.json["lines"] if line["kind"] == "travel")
    assert travel["quantity"] == 120  # 2 visits x 60 km
    assert travel["amount_cents"] == 24000


def test_a_fee_estimate_follows_the_supervisors_override(client, login, world):
    path = f"/api/v1/work-orders/{world.wo1.id}"
    assert client.get(f"{path}/fees?visits=1", headers=login("admin")).status_code == 422
    client.post(
        f"{path}/warranty-override",
        json={"status": "excluded", "reason": "雷击损坏"},
        headers=login("supervisor"),
    )
    r = client.get(f"{path}/fees?visits=1", headers=login("engineer1"))
    assert r.json["warranty_status"] == "excluded"
    assert r.json["chargeable_cents"] == 5000


# --- contract settings ---------------------------------------------------------------


def test_contract_settings_errors_name_the_nested_field(client, login, world):
    body = {
        "customer_id": str(world.customer.id),
        "number": "HT-BAD-1",
        "name": "x",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "settings": {"warranty": {"return_days": -1, "retrun_days": 7}},
    }
    r = client.post("/api/v1/contracts/", json=body, headers=login("admin"))
    assert r.status_code == 422
    assert set(r.json["errors"]["json"]["settings"]["warranty"]) == {
        "return_days",
        "retrun_days",
    }
    r = client.patch(
        f"/api/v1/contracts/{world.contract.id}",
        json={"settings": {"sla": {"severities": {"3": {"calendar": "6x24"}}}}},
        headers=login("admin"),
    )
    assert r.status_code == 422
    assert r.json["errors"]["json"]["settings"] == {
        "sla": {"severities": {"3": {"calendar": ["Unknown calendar."]}}}
    }


def test_a_contract_patch_still_requires_each_milestones_minutes(client, login, world):
    r = client.patch(
        f"/api/v1/contracts/{world.contract.id}",
        json={"settings": {"sla": {"emergency": {"milestones": [{"key": "call_boss"}]}}}},
        headers=login("admin"),
    )
    assert r.status_code == 422
    assert "emergency" in r.json["errors"]["json"]["settings"]["sla"]


def test_a_contract_stores_its_overrides_and_shows_its_effective_settings(
    client, login, db, make_contract
):
    created = make_contract({"warranty": {"months": {"main": 36}, "return_days": 7}})
    assert created["settings"]["warranty"]["months"] == {
        "main": 36,
        "peripheral": 12,
        "consumable": 12,
    }
    assert created["settings"]["sla"] == default_contract_settings()["sla"]
    row = db.session.get(Contract, uuid.UUID(created["id"]))
    assert row.settings == {"warranty": {"months": {"main": 36}}}
    shown = client.get(f"/api/v1/contracts/{created['id']}", headers=login("supervisor")).json
    assert shown["settings"] == created["settings"]


def test_a_contract_without_settings_shows_the_defaults(client, login, world):
    r = client.get(f"/api/v1/contracts/{world.contract.id}", headers=login("admin"))
    assert r.json["settings"] == default_contract_settings()


def test_any_logged_in_user_reads_the_default_settings(client, login, world):
    r = client.get("/api/v1/contracts/defaults", headers=login("engineer2"))
    assert r.status_code == 200
    assert r.json == default_contract_settings()
    assert client.get("/api/v1/contracts/defaults").status_code == 401


def test_planned_work_has_no_request_clocks(client, login, world):
    planned = world.make_work_order(channel="scheduled", type="inspection", severity=4)
    r = client.get(f"/api/v1/work-orders/{planned.id}", headers=login("dispatcher"))
    assert r.json["sla"]["clocks"] == {}
    assert r.json["sla"]["planned"] is True
