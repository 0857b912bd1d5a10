"""Work run outside a request, by the CLI or cron: each job is one unit of work that it
commits itself (server.unit_of_work), since there is no view to do it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import text

from server.extensions import db
from server.unit_of_work import committed

#: Any constant: the scheduler's transaction-level advisory lock on PostgreSQL.
SCHEDULER_LOCK_KEY = 8_208_871


def run_schedule(now: datetime | None = None) -> dict[str, int]:
    """Plan what is due up to the horizon and commit: the ``aftercare schedule`` command.
    Returns how many visits of each kind (and work orders) this run created. On
    PostgreSQL a second run at the same time waits for the first and finds nothing to do.
    Then cleans up storage (run_cleanup); what it removed is counted too ("uploads
    removed", "blobs removed"), when anything was. Then tells the centres' managers of
    newly breached SLA clocks and sends the notifications that are due (run_notify):
    "breaches notified", "notifications sent", when any."""
    from server.models.base import utcnow
    from server.notify.worker import run_notify
    from server.services.notifications import enqueue_breaches
    from server.services.schedules import plan_visits

    with committed():
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEDULER_LOCK_KEY}
            )
        planned = plan_visits(now)
    removed = run_cleanup(now)
    with committed():
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEDULER_LOCK_KEY}
            )
        breaches = enqueue_breaches(now or utcnow(), db.session)
    sent = run_notify(now)["sent"]
    counts = {"breaches notified": breaches, "notifications sent": sent}
    return {
        **planned,
        **{f"{kind} removed": n for kind, n in removed.items() if n},
        **{kind: n for kind, n in counts.items() if n},
    }


def run_cleanup(now: datetime | None = None) -> dict[str, int]:
    """Remove abandoned partial uploads and blobs no record shows (server.services.cleanup):
    the ``aftercare cleanup`` command, also run by ``run_schedule``. Returns how many of
    each ("uploads", "blobs") went. Blob files are deleted once their rows are committed."""
    from server.models.base import utcnow
    from server.services import cleanup

    now = now or utcnow()
    with committed():
        uploads = cleanup.remove_abandoned_uploads(now)
    with committed():
        blobs = cleanup.remove_unreferenced_blobs(now)
    cleanup.delete_blob_files(blobs)
    return {"uploads": uploads, "blobs": len(blobs)}


def recompute_outcomes(batch: int = 500) -> int:
    """Rewrite every work order's stored outcomes, ``batch`` orders per transaction."""
    total = 0
    for count in _recompute_batches(batch):
        total += count
    return total


def _recompute_batches(batch: int) -> Iterator[int]:
    from server.services.outcomes import order_ids, refresh

    ids = order_ids(db.session)
    for start in range(0, len(ids), batch):
        with committed():
            refresh(ids[start : start + batch], db.session)
        db.session.expunge_all()
        yield len(ids[start : start + batch])
