"""Pull: changes since a cursor, in pages, within the user's scope."""

from server.models import Device, WorkOrder
from tests.rest import patch_as_read

from .phone import Phone


def _ids(phone, entity):
    return set(phone.store.get(entity, {}))


def _edit_device(client, login, device, **fields):
    """The office edits a device (a row in the engineer's scope)."""
    patch_as_read(client, f"/api/v1/devices/{device.id}", json=fields, headers=login("admin"))


def test_a_first_pull_brings_the_engineers_scope_and_nothing_else(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    assert _ids(phone, "work_orders") == {str(world.wo1.id)}
    assert _ids(phone, "customers") == {str(world.customer.id)}
    assert _ids(phone, "sites") == {str(world.site.id)}
    # every device of the system the work order is about comes along (a device card offline)
    assert _ids(phone, "devices") == {str(d.id) for d in world.devices}
    assert _ids(phone, "parts") == {str(world.part.id)}
    assert _ids(phone, "contracts") == {str(world.contract.id)}
    events = phone.store["work_order_events"].values()
    assert {e["work_order_id"] for e in events} == {str(world.wo1.id)}


def test_a_second_pull_brings_only_what_changed(client, login, world, db):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    [page] = phone.pull()
    assert page["changes"] == []
    _edit_device(client, login, world.devices[0], version="V5.8")
    [page] = phone.pull()
    assert [(c["entity"], c["record"]["version"]) for c in page["changes"]] == [("devices", "V5.8")]


def test_pages_cover_everything_exactly_once(client, login, world):
    whole = Phone(client, login("engineer1"))
    whole.pull()
    paged = Phone(client, login("engineer1"))
    pages = paged.pull(limit=3)
    assert len(pages) > 3
    assert all(len(p["changes"]) <= 3 for p in pages)
    seen = [(c["entity"], c["record"]["id"]) for p in pages for c in p["changes"]]
    assert len(seen) == len(set(seen))
    assert paged.store == whole.store


def test_a_reassigned_work_order_leaves_the_old_phone_and_reaches_the_new(client, login, world):
    old = Phone(client, login("engineer1"))
    new = Phone(client, login("engineer2"))
    old.pull()
    new.pull()
    client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions",
        json={"action": "assign", "engineer_id": str(world.users["engineer2"].id)},
        headers=login("dispatcher"),
    )
    old.pull()
    new.pull()
    assert str(world.wo1.id) not in _ids(old, "work_orders")
    assert str(world.wo1.id) in _ids(new, "work_orders")
    # what the work order references came with it, though none of it changed
    wo1_events = [
        e
        for e in new.store["work_order_events"].values()
        if e["work_order_id"] == str(world.wo1.id)
    ]
    assert {"registered", "assigned"} <= {e["kind"] for e in wo1_events}
    assert str(world.devices[0].id) in _ids(new, "devices")


def test_an_unchanged_scope_is_not_sent_again_and_a_changed_one_is(client, login, world):
    """The last page names the scope by a digest; a phone that sends back the digest of
    the list it applied gets the list again only when the scope changed."""
    phone = Phone(client, login("engineer1"))
    [first] = phone.pull()
    assert first["scope"]["work_orders"] == [str(world.wo1.id)]
    _edit_device(client, login, world.devices[0], version="V5.8")
    [page] = phone.pull()
    assert [c["entity"] for c in page["changes"]] == ["devices"]
    assert page["scope"] == {"digest": first["scope"]["digest"]}
    client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions",
        json={"action": "assign", "engineer_id": str(world.users["engineer2"].id)},
        headers=login("dispatcher"),
    )
    [page] = phone.pull()
    assert page["scope"]["work_orders"] == []
    assert page["scope"]["digest"] != first["scope"]["digest"]
    assert str(world.wo1.id) not in _ids(phone, "work_orders")
    # a phone that sends no digest (or another one) gets the list
    stranger = Phone(client, login("engineer1"))
    stranger.scope_digest = "0" * 64
    [page] = stranger.pull()
    assert page["scope"]["work_orders"] == []


def test_a_full_page_ends_the_pull_when_no_later_table_changed(client, login, world):
    """A page that fills up with the last changed table's rows is the last page: the
    phone does not ask for an empty one."""
    phone = Phone(client, login("engineer1"))
    phone.pull()
    for device in world.devices[:2]:
        _edit_device(client, login, device, version="V6")
    pages = phone.pull(limit=2)
    assert [len(p["changes"]) for p in pages] == [2]
    assert pages[-1]["has_more"] is False


def test_a_scope_exit_never_drops_the_phones_unsent_changes(client, login, world):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    phone.update_work_order(str(world.wo1.id), diagnosis_cause="电源适配器损坏")
    client.post(
        f"/api/v1/work-orders/{world.wo1.id}/actions",
        json={"action": "assign", "engineer_id": str(world.users["engineer2"].id)},
        headers=login("dispatcher"),
    )
    phone.pull()
    record = phone.store["work_orders"][str(world.wo1.id)]
    assert record["diagnosis_cause"] == "电源适配器损坏"
    assert len(phone.outbox) == 1


def test_a_deleted_row_is_dropped_by_the_phone(client, login, world, db):
    from server.models import Device

    phone = Phone(client, login("engineer1"))
    phone.pull()
    db.session.delete(db.session.get(Device, world.devices[2].id))
    db.session.commit()
    [page] = phone.pull()
    assert {"entity": "devices", "id": str(world.devices[2].id)} in page["deleted"]
    assert str(world.devices[2].id) not in _ids(phone, "devices")


def test_versions_come_from_a_counter_not_the_clock(client, login, world, db):
    versions = db.session.scalars(db.select(WorkOrder.row_version)).all()
    assert all(isinstance(v, int) and v > 0 for v in versions)
    before = db.session.get(Device, world.devices[1].id).row_version
    _edit_device(client, login, world.devices[1], location="2F 东")
    db.session.expire_all()
    assert db.session.get(Device, world.devices[1].id).row_version > before


def test_an_unknown_cursor_is_a_clear_error(client, login, world):
    r = client.post(
        "/api/v1/sync/pull",
        headers=login("engineer1"),
        json={
            "schema_version": 1,
            "client_id": "4f0c1d62-3c4e-4b8e-9a51-1e2f3a4b5c6d",
            "client_time": "2026-11-22T08:00:00+08:00",
            "cursor": "garbage!",
        },
    )
    assert r.status_code == 422
    assert "cursor" in r.json["errors"]["json"]


def test_office_users_pull_everything(client, login, world):
    phone = Phone(client, login("supervisor"))
    phone.pull()
    assert _ids(phone, "work_orders") == {str(world.wo1.id), str(world.wo2.id)}


def test_an_incremental_pull_opens_with_one_statement_and_skips_what_nothing_touched(
    client, login, world, db
):
    """The pull's bound and the newest version of every table (and of the deletions) come
    in its first statement; the tables nothing was written to since the cursor, and the
    deletions when there were none, are not queried."""
    from tests.sql_counting import counting_statements

    phone = Phone(client, login("engineer1"))
    phone.pull()
    _edit_device(client, login, world.devices[0], version="V5.9")
    with counting_statements(db.engine) as statements:
        [page] = phone.pull()
    assert [c["entity"] for c in page["changes"]] == ["devices"]
    opening = next(s for s in statements if "max(" in s)
    assert "number_sequences" in opening or "pg_current_snapshot" in opening
    assert not any("FROM tombstones" in s and "max(" not in s for s in statements)
    assert not any("FROM work_order_notes" in s and "max(" not in s for s in statements)
    db.session.delete(db.session.get(Device, world.devices[2].id))
    db.session.commit()
    with counting_statements(db.engine) as statements:
        [page] = phone.pull()
    assert any("FROM tombstones" in s and "max(" not in s for s in statements)
    assert page["deleted"] == [{"entity": "devices", "id": str(world.devices[2].id)}]


def test_pages_over_rows_of_one_version_walk_the_index_and_miss_nothing(client, login, world, db):
    """Rows written in one transaction share a version: the keyset (version, id) goes
    through them page by page, each once, with a row-value comparison the index answers
    as a range (not a filter over the whole scope)."""
    from tests.sql_counting import counting_statements

    system_id = world.devices[0].system_id
    db.session.add_all(
        Device(
            system_id=system_id,
            serial=f"ONE-VERSION-{n:02d}",
            model="DS-2CD",
            manufacturer="海康威视",
        )
        for n in range(30)
    )
    db.session.commit()
    phone = Phone(client, login("engineer1"))
    with counting_statements(db.engine) as statements:
        pages = phone.pull(limit=7)
    serials = [
        c["record"]["serial"]
        for page in pages
        for c in page["changes"]
        if c["entity"] == "devices" and c["record"]["serial"].startswith("ONE-VERSION-")
    ]
    assert sorted(serials) == [f"ONE-VERSION-{n:02d}" for n in range(30)]
    assert any("(devices.row_version, devices.id) >" in s for s in statements)


def test_a_page_of_a_large_system_walks_the_keyset_index_not_the_whole_scope(
    client, login, world, db
):
    """An engineer holds every device of the systems his orders are about. SQLite would
    gather them all through the system_id index and sort the lot for every 500-row page
    (130 ms a page at 50k devices); the page walks the (row_version, id) index instead,
    from where the last page stopped.
    PostgreSQL's choice rests on its statistics: there the devices rule names no subquery
    over devices (which was a scan of the table per page)."""
    from sqlalchemy import event

    db.session.add_all(
        Device(
            system_id=world.devices[0].system_id,
            serial=f"BIG-{n:03d}",
            model="DS-2CD",
            manufacturer="海康威视",
        )
        for n in range(40)
    )
    db.session.commit()
    pages: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "ORDER BY devices.row_version" in statement:  # a page of devices
            pages.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        Phone(client, login("engineer1")).pull(limit=10)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert pages
    for statement, _ in pages:
        # not the ids of devices picked from the whole table, then matched
        assert "devices.id IN (SELECT devices.id" not in statement
    if db.engine.dialect.name == "sqlite":
        statement, parameters = pages[-1]
        with db.engine.connect() as connection:
            plan = [
                row[-1]
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            ]
        assert "SEARCH devices USING INDEX ix_devices_row_version_id" in plan[0], plan
        # A later page starts past the last row sent, not at the first row of the range:
        # the 40 devices share one version (one import), as a bulk import's do, and a
        # range on the version alone walked every row already sent (at 100,000 devices
        # 6 ms a page, the pull's cost per record growing with the scope).
        assert "(row_version,id)>(?,?)" in plan[0], plan
        assert not any("TEMP B-TREE" in step for step in plan), plan


def test_a_pull_builds_no_orm_object_for_the_records_it_sends(client, login, world, db):
    """A record only goes on the wire: a page reads plain rows (an ORM object per row
    cost more than the rest of its record's trip), and a work order's devices and a
    contract's sites come in one statement for the page."""
    from sqlalchemy import event

    from server.sync.records import ENTITIES

    built: list[str] = []

    def note(target, context):
        built.append(type(target).__tablename__)

    models = set(ENTITIES.values())
    for model in models:
        event.listen(model, "load", note)
    try:
        phone = Phone(client, login("engineer1"))
        phone.pull()
    finally:
        for model in models:
            event.remove(model, "load", note)
    assert _ids(phone, "work_orders") == {str(world.wo1.id)}
    assert phone.store["work_orders"][str(world.wo1.id)]["device_ids"] == sorted(
        str(d.id) for d in world.wo1.devices
    )
    assert phone.store["contracts"][str(world.contract.id)]["site_ids"] == [str(world.site.id)]
    assert built == []


def _transactions_during(db, action):
    from tests.sql_counting import transaction_events

    with transaction_events(db.engine, "begin", "commit") as ended:
        action()
    return ended


def test_a_pull_is_one_transaction_with_the_token_lookup(client, login, world, db):
    """The snapshot begins before the token is looked up, so a pull opens and commits one
    transaction (it took two: the lookup's, then the snapshot's)."""
    phone = Phone(client, login("engineer1"))
    phone.pull()
    assert _transactions_during(db, phone.pull) == ["begin", "commit"]


def test_a_pull_whose_token_slides_its_expiry_still_reads_one_snapshot(client, login, world, db):
    """The lookup commits when it slides the token's expiry (once a minute): the pull then
    takes its snapshot in a transaction of its own, as before, and sees the changes."""
    from datetime import timedelta

    from server.models import ApiToken

    phone = Phone(client, login("engineer1"))
    phone.pull()
    for token in db.session.scalars(db.select(ApiToken)):
        token.last_used_at -= timedelta(minutes=5)
    db.session.commit()
    _edit_device(client, login, world.devices[0], version="V5.8")
    ended = _transactions_during(db, phone.pull)
    assert ended.count("commit") > 1 and ended[-2:] == ["begin", "commit"]
    assert phone.store["devices"][str(world.devices[0].id)]["version"] == "V5.8"
