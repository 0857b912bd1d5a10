"""Pull as a delta: after a status action the next pull sends the changed rows only, not
the order's devices and history again; an order that enters the phone's scope still comes
with everything it references."""

from __future__ import annotations

import uuid

from server.models import WorkOrderNote
from tests.rest import patch_as_read, patch_work_order
from tests.sql_counting import counting_statements
from tests.sync.phone import Phone


def _pull_rows(phone: Phone) -> list[tuple[str, str]]:
    pages = phone.pull()
    return [(c["entity"], c["record"]["id"]) for page in pages for c in page["changes"]]


def test_an_incremental_pull_after_one_status_action_sends_at_most_5_rows(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    for number in range(20):  # a long history the phone holds already
        phone.mutate("work_order_note.add", {"id": str(uuid.uuid4()),
                                              "work_order_id": str(world.wo1.id),
                                              "text": f"记录 {number}"})  # fmt: skip
    phone.push()
    _pull_rows(phone)
    client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions",
        json={"action": "accept"},
        headers=login("engineer1"),
    )  # from another device of his: the phone learns it by pulling
    rows = _pull_rows(phone)
    assert len(rows) <= 5, rows
    assert ("work_orders", str(world.wo1.id)) in rows


def test_an_order_assigned_meanwhile_comes_with_what_it_references(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    assert str(world.wo2.id) not in phone.store["work_orders"]
    client.post(
        f"/api/v1/work-orders/{world.wo2.id}/actions",
        json={"action": "assign", "engineer_id": str(world.users["engineer1"].id)},
        headers=login("dispatcher"),
    )
    entities = {entity for entity, _ in _pull_rows(phone)}
    assert {"work_orders", "work_order_events"} <= entities
    device_id = str(world.devices[1].id)
    assert device_id in phone.store["devices"]


def test_an_order_assigned_while_his_held_orders_changed_does_not_resend_what_he_holds(
    client, login, world
):
    """His order changed since his cursor (accepted), but it still references the same
    customer, site, system and contract: the phone holds those, so an order assigned
    meanwhile at that site brings its own rows and its device, not them again."""
    phone = Phone(client, login("engineer1"))
    phone.pull()
    client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions",
        json={"action": "accept"},
        headers=login("engineer1"),
    )
    client.post(
        f"/api/v1/work-orders/{world.wo2.id}/actions",
        json={"action": "assign", "engineer_id": str(world.users["engineer1"].id)},
        headers=login("dispatcher"),
    )
    rows = _pull_rows(phone)
    assert ("work_orders", str(world.wo2.id)) in rows
    assert str(world.devices[1].id) in phone.store["devices"]
    resent = {entity for entity, _ in rows} & {"customers", "sites", "systems", "contracts"}
    assert not resent, rows


def test_an_order_assigned_to_him_again_does_not_resend_what_is_recorded_on_it(
    client, login, world
):
    """Reassigned to the engineer who has it (or away and back between two pulls): the
    phone held it at its cursor, so its history and notes are not sent again."""
    phone = Phone(client, login("engineer1"))
    note = {"id": str(uuid.uuid4()), "work_order_id": str(world.wo1.id), "text": "记录"}
    phone.mutate("work_order_note.add", note)
    phone.push()
    phone.pull()
    office = login("dispatcher")
    for engineer in ("engineer2", "engineer1"):
        r = client.post(
            f"/api/v1/work-orders/{world.wo1.id}/actions",
            json={"action": "assign", "engineer_id": str(world.users[engineer].id)},
            headers=office,
        )
        assert r.status_code == 200, r.json
    rows = _pull_rows(phone)
    assert ("work_orders", str(world.wo1.id)) in rows
    assert not [row for row in rows if row[0] == "work_order_notes"], rows
    assert len([row for row in rows if row[0] == "work_order_events"]) == 2, rows


def test_a_contract_reaches_the_phone_with_the_sites_it_covers(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    contract = phone.store["contracts"][str(world.contract.id)]
    assert contract["site_ids"] == [str(world.site.id)]
    # Covering another site is a change the phone hears about.
    r = patch_as_read(
        client,
        f"/api/v1/contracts/{world.contract.id}",
        json={"site_ids": [str(world.site.id), str(world.other_site.id)]},
        headers=login("admin"),
    )
    assert r.status_code == 200, r.json
    phone.pull()
    contract = phone.store["contracts"][str(world.contract.id)]
    assert sorted(contract["site_ids"]) == sorted([str(world.site.id), str(world.other_site.id)])


def test_a_pull_page_of_200_rows_runs_as_many_statements_as_a_page_of_120(client, login, db, world):
    for number in range(80):  # orders, each with its devices and events: rows of every kind
        world.make_work_order(assigned_engineer_id=world.users["engineer1"].id,
                              symptom=f"故障 {number}")  # fmt: skip
    headers = login("engineer1")

    def statements_for(limit: int) -> int:
        from datetime import UTC, datetime

        now = datetime.now(UTC).isoformat()
        body = {"schema_version": 1, "client_id": str(uuid.uuid4()), "client_time": now,
                "cursor": None, "limit": limit}  # fmt: skip
        with counting_statements(db.engine) as counted:
            page = client.post("/api/v1/sync/pull", json=body, headers=headers).json
        assert len(page["changes"]) == limit and page["has_more"]
        return len(counted)

    # Both pages reach the events (after the 80 orders): only the rows differ.
    assert statements_for(200) == statements_for(120)


def test_a_first_pull_reads_the_scope_from_its_orders_without_joining_them_back_by_id(
    client, login, db, world
):
    """The scope is the engineer's orders, a SELECT of work_orders itself: each page reads
    what they reference (customers, sites, systems, contracts) from those rows, and the
    orders page applies their conditions. Joined back to work_orders by id instead,
    PostgreSQL hashed the whole table once per statement: 9–29 ms for each of customers,
    sites, systems and devices at 10,000 orders, for a row or none."""
    phone = Phone(client, login("engineer1"))
    with counting_statements(db.engine) as counted:
        phone.pull()
    assert {"customers", "sites", "systems", "devices", "work_orders"} <= set(phone.store)
    joined_back = [s for s in counted if "work_orders.id IN (SELECT work_orders.id" in s]
    assert joined_back == []


def test_a_page_of_work_orders_brings_their_device_lists_in_its_own_statement(
    client, login, db, world
):
    """Each order's ``device_ids`` (and a contract's ``site_ids``) are read by the page's
    statement, not by a second one binding the page's ids (an array of 2,000 UUIDs a
    page); its ids come as text in the wire form."""
    phone = Phone(client, login("engineer1"))
    with counting_statements(db.engine) as counted:
        phone.pull()
    orders = phone.store["work_orders"]
    assert orders[str(world.wo1.id)]["device_ids"] == sorted(str(d.id) for d in world.wo1.devices)
    lists_apart = [
        s for s in counted if " ".join(s.split()).startswith(("SELECT work_order_devices.",
                                                              "SELECT contract_sites."))
    ]  # fmt: skip
    assert lists_apart == []


def test_an_incremental_pull_queries_only_the_tables_written_since_the_cursor(
    client, login, db, world
):
    """The newest version of every table is read in one statement; a table nothing was
    written to since the cursor costs no scoped query (a pull with nothing new runs a
    handful of statements, not one per entity)."""
    phone = Phone(client, login("engineer1"))
    phone.pull()

    def notes_queried() -> bool:
        with counting_statements(db.engine) as counted:
            phone.pull()
        return any("ORDER BY work_order_notes.row_version" in s for s in counted)

    assert not notes_queried()  # nothing written since the cursor
    db.session.add(
        WorkOrderNote(work_order_id=world.wo1.id, author_id=world.users["dispatcher"].id,
                      text="客户来电催修")
    )  # fmt: skip
    db.session.commit()
    assert notes_queried()  # written since: the notes in scope are read, and arrive
    assert [n["text"] for n in phone.store["work_order_notes"].values()] == ["客户来电催修"]


def test_a_pull_does_not_resend_what_the_push_answers_gave_the_phone(client, login, db, world):
    """The phone says which rows it holds from its push answers (``held``): a row still at
    that version is not sent again; one changed since is; a phone that says nothing gets
    everything since its cursor, as before."""
    headers = login("engineer1")
    phone, quiet = Phone(client, headers), Phone(client, headers)
    quiet.send_held = False
    for p in (phone, quiet):
        p.pull()
        p.mutate("work_order_note.add", {"id": str(uuid.uuid4()),
                 "work_order_id": str(world.wo1.id), "text": "到场"})  # fmt: skip
        p.push()

    def pulled(p) -> set[str]:
        return {c["entity"] for page in p.pull() for c in page["changes"]}

    assert "work_order_notes" in pulled(quiet)  # said nothing: its own note comes back
    assert pulled(phone) <= {"work_order_notes"}  # only the other phone's note
    assert phone.held == set()  # forgotten once the pull reached its last page
    # Changed after the push answered it: sent, whatever the phone held.
    phone.mutate("work_order_note.add", {"id": str(uuid.uuid4()),
                 "work_order_id": str(world.wo1.id), "text": "离场"})  # fmt: skip
    phone.push()
    r = patch_work_order(client, f"/api/v1/work-orders/{world.wo1.id}",
                         json={"contact_name": "李主任"}, headers=login("dispatcher"))  # fmt: skip
    assert r.status_code == 200, r.json
    assert pulled(phone) == {"work_orders", "work_order_events"}  # the edit; not the note


def test_a_malformed_held_list_is_refused_naming_the_field(client, login, world):
    body = {"schema_version": 1, "client_id": str(uuid.uuid4()),
            "client_time": "2026-11-27T10:00:00+00:00",
            "held": [["work_orders", "x", 1]]}  # fmt: skip
    r = client.post("/api/v1/sync/pull", json=body, headers=login("engineer1"))
    assert r.status_code == 422
    assert "held" in r.json["errors"]["json"]


def test_an_order_assigned_at_a_site_the_phone_holds_brings_only_what_is_new(
    client, login, db, world
):
    """The records an assigned order references come with it, except those the phone's
    other orders (unchanged since its cursor) reference already: a second order at the
    same site does not send the customer and the site again; one at another site sends
    that site."""
    phone = Phone(client, login("engineer1"))
    phone.pull()
    world.make_work_order(assigned_engineer_id=world.users["engineer1"].id, symptom="再次黑屏")
    changes = [c for page in phone.pull() for c in page["changes"]]
    assert {c["entity"] for c in changes} == {"work_orders", "work_order_events"}
    world.make_work_order(
        site_id=world.other_site.id,
        device_ids=[],
        assigned_engineer_id=world.users["engineer1"].id,
    )
    sent = {(c["entity"], c["record"]["id"]) for page in phone.pull() for c in page["changes"]}
    assert ("sites", str(world.other_site.id)) in sent
    assert str(world.other_site.id) in phone.store["sites"]


def _another_system(db, world):
    from server.models import Device, System

    system = System(site=world.site, type="access", name="门禁系统")
    device = Device(system=system, serial="ACC-0001", model="DS-K1T", manufacturer="海康威视")
    db.session.add_all([system, device])
    db.session.commit()
    return system, device


def _office_edits_wo1(client, login, world, **changes) -> None:
    answer = patch_work_order(
        client, f"/api/v1/work-orders/{world.wo1.id}", json=changes, headers=login("dispatcher")
    )
    assert answer.status_code == 200, answer.json


def test_an_order_pointed_at_another_system_brings_that_system_and_its_devices(
    client, login, world, db
):
    """The office points a held order at a system the phone never held: its record and
    its devices are older than the phone's cursor, yet the next pull brings them."""
    system, device = _another_system(db, world)
    phone = Phone(client, login("engineer1"))
    phone.pull()
    assert str(system.id) not in phone.store.get("systems", {})
    _office_edits_wo1(client, login, world, system_id=str(system.id))
    rows = _pull_rows(phone)
    assert str(system.id) in phone.store["systems"]
    assert str(device.id) in phone.store["devices"]
    # ... but not what is recorded on the order: the phone held it (only the edit's event)
    events = [row for row in rows if row[0] == "work_order_events"]
    assert len(events) == 1, rows


def test_an_order_given_a_device_of_another_system_brings_that_device(client, login, world, db):
    system, device = _another_system(db, world)
    phone = Phone(client, login("engineer1"))
    phone.pull()
    assert str(device.id) not in phone.store.get("devices", {})
    _office_edits_wo1(client, login, world, device_ids=[str(world.devices[0].id), str(device.id)])
    phone.pull()
    assert str(device.id) in phone.store["devices"]
    assert str(system.id) in phone.store["systems"]


def test_an_edit_of_other_fields_still_sends_only_the_changed_rows(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    _office_edits_wo1(client, login, world, contact_name="王主任")
    entities = {entity for entity, _ in _pull_rows(phone)}
    assert entities <= {"work_orders", "work_order_events"}, entities
