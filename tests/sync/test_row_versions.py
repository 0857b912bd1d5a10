"""Row versions: taken once per transaction, always above every stored one, and the pull's
bound never passes a transaction still in flight (server/sync/versioning.py)."""

from __future__ import annotations

from server.extensions import db
from server.models import WorkOrder
from server.sync.versioning import raise_offset, safe_upper_bound


def _write(order_id, symptom) -> int:
    order = db.session.get(WorkOrder, order_id)
    order.symptom = symptom
    db.session.commit()
    return db.session.get(WorkOrder, order_id).row_version


def test_each_transaction_writes_a_higher_version_than_the_last(app, world):
    first = _write(world.wo1.id, "一")
    second = _write(world.wo1.id, "二")
    assert second > first


def test_the_pull_bound_covers_every_finished_transaction(app, world):
    version = _write(world.wo1.id, "已提交")
    db.session.rollback()
    assert safe_upper_bound(db.session) >= version


def test_versions_stay_above_stored_ones_after_a_restore(app, world):
    """A dump restored into another PostgreSQL cluster, whose transaction ids start lower:
    ``flask sync-versions`` keeps new versions above every stored one."""
    high = _write(world.wo1.id, "旧") + 10_000_000
    db.session.execute(
        db.update(WorkOrder).where(WorkOrder.id == world.wo2.id).values(row_version=high)
    )
    db.session.commit()
    raise_offset(db.session)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        assert _write(world.wo1.id, "新") > high
        db.session.rollback()
        assert safe_upper_bound(db.session) >= high
