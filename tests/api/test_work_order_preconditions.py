"""An office edit never silently overwrites what a phone wrote (issue 15.4): a work order's
ETag is its row version, PATCH needs it in If-Match, a stale one gets 412 with the order
as it stands."""

from __future__ import annotations

from server.extensions import db
from server.models import SyncConflict, WorkOrder
from tests.sync.phone import Phone


def _url(wo) -> str:
    return f"/api/v1/work-orders/{wo.id}"


def test_reading_a_work_order_gives_its_version_as_etag(client, login, world):
    office = login("dispatcher")
    response = client.get(_url(world.wo1), headers=office)
    assert response.headers["ETag"] == f'"{response.json["row_version"]}"'


def test_an_edit_without_if_match_is_refused_naming_the_header(client, login, world):
    office = login("dispatcher")
    response = client.patch(_url(world.wo1), json={"symptom": "新描述"}, headers=office)
    assert response.status_code == 428
    assert response.json["errors"] == {"headers": {"If-Match": ["Missing."]}}
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).symptom != "新描述"


def test_an_edit_with_the_current_etag_applies_and_answers_the_new_one(client, login, world):
    office = login("dispatcher")
    etag = client.get(_url(world.wo1), headers=office).headers["ETag"]
    response = client.patch(
        _url(world.wo1), json={"symptom": "新描述"}, headers={**office, "If-Match": etag}
    )
    assert response.status_code == 200, response.json
    assert response.json["symptom"] == "新描述"
    assert response.headers["ETag"] != etag
    assert response.headers["ETag"] == f'"{response.json["row_version"]}"'


def test_an_office_edit_racing_a_phone_is_refused_with_the_order_as_it_stands(
    app, client, login, world
):
    office = login("dispatcher")
    etag = client.get(_url(world.wo1), headers=office).headers["ETag"]
    phone = Phone(app.test_client(), login("engineer1"))
    phone.pull()
    phone.update_work_order(str(world.wo1.id), diagnosis_cause="电源模块烧毁")
    assert phone.push()["results"][0]["status"] == "applied"

    response = client.patch(
        _url(world.wo1),
        json={"diagnosis_cause": "网线松动"},
        headers={**office, "If-Match": etag},
    )
    assert response.status_code == 412
    assert response.json["key"] == "errors.precondition.failed"
    assert response.json["current"]["diagnosis_cause"] == "电源模块烧毁"
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).diagnosis_cause == "电源模块烧毁"

    # the office reads again and decides: its value now replaces the phone's knowingly
    fresh = client.get(_url(world.wo1), headers=office).headers["ETag"]
    again = client.patch(
        _url(world.wo1),
        json={"diagnosis_cause": "网线松动"},
        headers={**office, "If-Match": fresh},
    )
    assert again.status_code == 200
    assert db.session.scalars(db.select(SyncConflict)).all() == []


def test_an_edit_locks_the_order_row_alone_whatever_the_session_loaded_with_it(
    client, login, world
):
    """The edit locks the order's row before it checks If-Match. A session that had
    loaded the order with its site and devices joined (as a push loads the orders it
    changes) made that lock a FOR UPDATE over the outer joins, which PostgreSQL refuses
    (a 500, found by the hostile-client bench): only the order's row is locked."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    office = login("dispatcher")
    etag = client.get(_url(world.wo1), headers=office).headers["ETag"]
    db.session.scalars(
        select(WorkOrder)
        .where(WorkOrder.id == world.wo1.id)
        .options(joinedload(WorkOrder.site), joinedload(WorkOrder.devices))
        .execution_options(populate_existing=True)
    ).unique().one()
    response = client.patch(
        _url(world.wo1), json={"symptom": "新描述"}, headers={**office, "If-Match": etag}
    )
    assert response.status_code == 200, response.json
    assert response.json["symptom"] == "新描述"
