"""Push: exactly once, one result per mutation, nothing lost."""

import uuid
from datetime import UTC, datetime, timedelta

from server.models import SyncMutation, WorkOrder, WorkOrderEvent, WorkOrderNote

from .phone import Phone


def _phone(client, login, world, username="engineer1"):
    phone = Phone(client, login(username))
    phone.pull()
    return phone


def test_a_pushed_transition_applies_with_the_devices_time(client, login, world, db):
    phone = _phone(client, login, world)
    on_site = datetime.now(UTC) - timedelta(hours=3)
    wo = str(world.wo1.id)
    phone.transition(wo, "accept")
    phone.transition(wo, "arrive", occurred_at=on_site)
    body = phone.push()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    assert body["last_seq"] == 2 and phone.outbox == []
    event = db.session.scalar(db.select(WorkOrderEvent).filter_by(kind="arrived"))
    assert event.device_at == on_site
    assert event.server_at > on_site + timedelta(hours=2)
    assert event.origin == "device"


def test_sending_the_same_batch_again_changes_nothing(client, login, world, db):
    phone = _phone(client, login, world)
    wo = str(world.wo1.id)
    phone.transition(wo, "accept")
    phone.mutate(
        "work_order_note.add",
        {
            "id": "5f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "work_order_id": wo,
            "text": "客户要求下午到",
        },
    )
    batch = list(phone.outbox)
    first = phone.push(batch)
    again = phone.push(batch)
    assert [r["status"] for r in again["results"]] == [r["status"] for r in first["results"]]
    assert all(r["duplicate"] for r in again["results"])
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkOrderNote)) == 1
    kinds = db.session.scalars(
        db.select(WorkOrderEvent.kind).filter_by(work_order_id=world.wo1.id)
    ).all()
    assert kinds.count("accepted") == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(SyncMutation)) == 2


def test_a_bad_mutation_is_rejected_alone_and_kept(client, login, world, db):
    phone = _phone(client, login, world)
    wo = str(world.wo1.id)
    phone.mutate("work_order_note.add", {"id": "not-a-uuid", "work_order_id": wo, "text": ""})
    phone.transition(wo, "accept")
    phone.mutate(
        "part_usage.add",
        {
            "id": "0f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "work_order_id": wo,
            "part_id": str(world.part.id),
            "quantity": 1,
        },
    )
    body = phone.push()
    statuses = [r["status"] for r in body["results"]]
    assert statuses == ["rejected", "applied", "applied"]
    rejected = body["results"][0]
    assert rejected["key"] == "errors.validation"
    assert {"id", "text"} <= set(rejected["errors"]["args"])
    kept = db.session.scalar(db.select(SyncMutation).filter_by(status="rejected"))
    assert kept.args["id"] == "not-a-uuid"
    assert db.session.get(WorkOrder, world.wo1.id).status == "accepted"


def test_an_unknown_mutation_is_rejected_with_a_key(client, login, world):
    phone = _phone(client, login, world)
    phone.mutate("work_order.teleport", {})
    [result] = phone.push()["results"]
    assert (result["status"], result["key"]) == ("rejected", "errors.sync.unknownMutation")


def test_a_gap_in_sequence_defers_the_rest_until_the_missing_one_comes(client, login, world, db):
    phone = _phone(client, login, world)
    wo = str(world.wo1.id)
    first = phone.transition(wo, "accept")
    second = phone.transition(wo, "depart")
    body = phone.push([second])
    assert body["results"][0]["status"] == "deferred"
    assert body["last_seq"] == 0
    assert db.session.get(WorkOrder, world.wo1.id).status == "assigned"
    body = phone.push([second, first])
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).status == "en_route"


def test_an_invalid_transition_is_a_conflict_not_a_loss(client, login, world, db):
    phone = _phone(client, login, world)
    wo = str(world.wo1.id)
    # The same engineer took the order on to the site from another device meanwhile.
    for action in ("accept", "arrive"):
        client.post(
            f"/api/v1/work-orders/{wo}/actions", json={"action": action}, headers=login("engineer1")
        )
    phone.transition(wo, "accept")
    [result] = phone.push()["results"]
    assert result["status"] == "conflict"
    [conflict] = result["conflicts"]
    assert conflict["field"] == "status"
    assert conflict["server_value"] == "on_site"
    assert conflict["device_value"]["action"] == "accept"
    assert db.session.get(WorkOrder, world.wo1.id).status == "on_site"
    # (Changes for a cancelled or closed order are late contributions: test_late_contributions.)


def test_an_engineer_cannot_push_to_another_engineers_work_order(client, login, world, db):
    phone = _phone(client, login, world)
    phone.mutate(
        "work_order.transition",
        {
            "id": str(world.wo2.id),
            "action": "accept",
            "event_id": "1f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
        },
    )
    [result] = phone.push()["results"]
    assert (result["status"], result["key"]) == ("rejected", "errors.sync.notYourWorkOrder")
    assert db.session.get(WorkOrder, world.wo2.id).status == "assigned"


def test_work_orders_created_offline_keep_their_id_and_get_a_number(client, login, world, db):
    phone = _phone(client, login, world)
    new_id = "2f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d"
    found = datetime.now(UTC) - timedelta(hours=1)
    phone.mutate(
        "work_order.create",
        {
            "id": new_id,
            "customer_id": str(world.customer.id),
            "site_id": str(world.site.id),
            "device_ids": [str(world.devices[2].id)],
            "symptom": "巡检发现摄像机起雾",
        },
        occurred_at=found,
    )
    [result] = phone.push()["results"]
    assert result["status"] == "applied"
    record = next(r["record"] for r in result["records"] if r["entity"] == "work_orders")
    assert record["id"] == new_id
    assert record["number"].startswith("WO-")
    assert record["status"] == "accepted"
    assert record["assigned_engineer_id"] == str(world.users["engineer1"].id)
    wo = db.session.get(WorkOrder, uuid.UUID(new_id))
    assert wo.reported_at == found


def test_parts_used_are_booked_out_of_the_engineers_van(client, login, world, db):
    from server.models import StockMovement

    phone = _phone(client, login, world)
    phone.mutate(
        "part_usage.add",
        {
            "id": "3f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "work_order_id": str(world.wo1.id),
            "part_id": str(world.part.id),
            "quantity": 2,
            "device_id": str(world.devices[0].id),
        },
    )
    [result] = phone.push()["results"]
    assert result["status"] == "applied"
    [movement] = db.session.scalars(db.select(StockMovement)).all()
    assert (movement.quantity, movement.kind) == (-2, "used")
    assert movement.location.engineer_id == world.users["engineer1"].id


def test_a_van_made_by_a_refused_mutation_is_made_again_by_the_next(client, login, world, db):
    """A batch looks the engineer's van up once; one made by a mutation that was then
    refused (its savepoint rolled back) is not the van the next part is booked out of."""
    from server.models import StockLocation, StockMovement

    phone = _phone(client, login, world)
    for part_id in (str(uuid.uuid4()), str(world.part.id)):  # no such part, then his part
        phone.mutate(
            "part_usage.add",
            {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id),
             "part_id": part_id, "quantity": 1},
        )  # fmt: skip
    statuses = [r["status"] for r in phone.push()["results"]]
    assert statuses == ["rejected", "applied"]
    [van] = db.session.scalars(
        db.select(StockLocation).filter_by(engineer_id=world.users["engineer1"].id)
    )
    [movement] = db.session.scalars(db.select(StockMovement)).all()
    assert movement.location_id == van.id


def test_the_push_reports_the_clock_offset(client, login, world):
    phone = _phone(client, login, world)
    response = client.post(
        "/api/v1/sync/push",
        headers=phone.headers,
        json={
            "schema_version": 1,
            "client_id": phone.client_id,
            "mutations": [],
            "client_time": (datetime.now(UTC) - timedelta(minutes=10)).isoformat(),
        },
    )
    assert 590_000 < response.json["clock_offset_ms"] < 610_000


def test_an_old_client_is_told_to_update(client, login, world):
    response = client.post(
        "/api/v1/sync/push",
        headers=login("engineer1"),
        json={
            "schema_version": 0,
            "client_id": "4f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "client_time": datetime.now(UTC).isoformat(),
            "mutations": [],
        },
    )
    assert response.status_code == 426
    assert response.json["key"] == "errors.sync.clientTooOld"
    assert response.json["min_schema_version"] == 1


def test_a_client_newer_than_the_server_is_told_so_not_to_update(client, login, world):
    for endpoint in ("/api/v1/sync/push", "/api/v1/sync/pull"):
        body = {
            "schema_version": 2,
            "client_id": "4f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "client_time": datetime.now(UTC).isoformat(),
        }
        body.update({"mutations": []} if endpoint.endswith("push") else {"cursor": None})
        response = client.post(endpoint, headers=login("engineer1"), json=body)
        assert response.status_code == 409
        assert response.json["key"] == "errors.sync.serverTooOld"
        assert response.json["schema_version"] == 1


def test_a_pull_asking_for_more_rows_than_a_page_is_refused_naming_limit(app, client, login, world):
    response = client.post(
        "/api/v1/sync/pull",
        headers=login("engineer1"),
        json={
            "schema_version": 1,
            "client_id": "4f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "client_time": datetime.now(UTC).isoformat(),
            "limit": app.config["SYNC_PAGE_SIZE"] + 1,
        },
    )
    assert response.status_code == 422
    assert "limit" in response.json["errors"]["json"]


def test_a_client_id_belongs_to_one_user(client, login, world):
    phone = _phone(client, login, world)
    phone.push([])
    response = Phone(client, login("engineer2"))
    response.client_id = phone.client_id
    r = response.push_raw([])
    assert r.status_code == 403
    assert r.json["key"] == "errors.sync.clientOfAnotherUser"


def test_a_malformed_envelope_names_the_field(client, login, world):
    r = client.post(
        "/api/v1/sync/push", headers=login("engineer1"), json={"schema_version": 1, "mutations": []}
    )
    assert r.status_code == 422
    assert {"client_id", "client_time"} <= set(r.json["errors"]["json"])


def test_a_batch_over_the_limit_is_refused_whole(client, login, world, app):
    phone = _phone(client, login, world)
    for _ in range(app.config["SYNC_MAX_MUTATIONS"] + 1):
        phone.transition(str(world.wo1.id), "accept")
    r = phone.push_raw(phone.outbox)
    assert r.status_code == 413
    assert r.json["key"] == "errors.sync.batchTooLarge"


def test_a_nul_byte_or_a_huge_amount_in_a_mutation_is_refused_naming_the_field(
    client, login, world
):
    phone = _phone(client, login, world)
    phone.mutate(
        "work_order_note.add",
        {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "text": "坏\u0000字"},
    )
    phone.mutate(
        "paid_work_consent.add",
        {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id),
         "amount_cents": 10**10, "signer_name": "李主任"},
    )  # fmt: skip
    note, consent = phone.push()["results"]
    assert (note["status"], note["key"]) == ("rejected", "errors.validation")
    assert "text" in note["errors"]["args"]
    assert (consent["status"], consent["key"]) == ("rejected", "errors.validation")
    assert "amount_cents" in consent["errors"]["args"]
