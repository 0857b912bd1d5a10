"""Merging a duplicate request into the order kept (issue 16, one device, one open
request): the duplicate is cancelled "merged into <number>" through the life cycle, the
kept order records the merge and takes its devices, and the duplicate's progress link now
shows the kept order."""

from __future__ import annotations

from server.models import ProgressLink, SlaOutcome, WorkOrder

HTML = {"Accept": "text/html"}


def _merge(client, headers, duplicate, kept):
    return client.post(
        f"/api/v1/work-orders/{duplicate.id}/merge", json={"into_id": str(kept.id)}, headers=headers
    )


def _events(client, headers, wo):
    return client.get(f"/api/v1/work-orders/{wo.id}/events", headers=headers).json


def test_merging_cancels_the_duplicate_with_a_reference_to_the_kept_order(client, login, world, db):
    office = login("dispatcher")
    kept, duplicate = world.wo1, world.wo2
    response = _merge(client, office, duplicate, kept)
    assert response.status_code == 200, response.json
    assert response.json["id"] == str(kept.id)
    # The kept order takes the duplicate's device and records the merge.
    assert {device["id"] for device in response.json["devices"]} == {
        str(world.devices[0].id),
        str(world.devices[1].id),
    }
    merged = _events(client, office, kept)[-1]
    assert merged["kind"] == "merged"
    assert merged["note"] == duplicate.symptom
    assert merged["data"]["number"] == duplicate.number
    # The duplicate is cancelled through the flow, naming the order kept.
    cancelled = client.get(f"/api/v1/work-orders/{duplicate.id}", headers=office).json
    assert cancelled["status"] == "cancelled"
    last = _events(client, office, duplicate)[-1]
    assert (last["kind"], last["from_status"], last["to_status"]) == (
        "cancelled",
        "assigned",
        "cancelled",
    )
    assert last["note"] == f"merged into {kept.number}"
    assert last["data"]["merged_into"] == str(kept.id)


def test_the_duplicates_clocks_stop_and_the_kept_orders_run_on(client, login, world, db):
    _merge(client, login("dispatcher"), world.wo2, world.wo1)
    db.session.expire_all()
    running = db.session.scalars(
        db.select(SlaOutcome).filter_by(work_order_id=world.wo2.id, stopped_at=None)
    ).all()
    assert running == []
    assert db.session.get(WorkOrder, world.wo1.id).status == "assigned"


def test_the_duplicates_progress_link_shows_the_kept_order(client, login, world, db):
    link = db.session.scalar(db.select(ProgressLink).filter_by(work_order_id=world.wo2.id))
    token = link.token
    assert _merge(client, login("dispatcher"), world.wo2, world.wo1).status_code == 200
    page = client.get(f"/t/{token}", headers=HTML).get_data(as_text=True)
    assert world.wo1.number in page and world.wo2.number not in page


def test_only_open_orders_of_the_same_site_are_merged(client, login, world, db):
    office = login("dispatcher")
    assert _merge(client, office, world.wo1, world.wo1).status_code == 422
    elsewhere = world.make_work_order(site_id=world.other_site.id, device_ids=[])
    refused = _merge(client, office, elsewhere, world.wo1)
    assert refused.status_code == 422 and refused.json["key"] == "errors.workOrder.mergeOtherSite"
    cancel = client.post(
        f"/api/v1/work-orders/{world.wo2.id}/actions", json={"action": "cancel"}, headers=office
    )
    assert cancel.status_code == 200
    for duplicate, kept in ((world.wo2, world.wo1), (world.wo1, world.wo2)):
        closed = _merge(client, office, duplicate, kept)
        assert closed.status_code == 409 and closed.json["key"] == "errors.workOrder.mergeNotOpen"
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).status == "assigned"


def test_engineers_do_not_merge(client, login, world):
    assert _merge(client, login("engineer1"), world.wo2, world.wo1).status_code == 403
