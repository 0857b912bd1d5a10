"""One unit of work per use case: services never commit, the edge does, all or nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from server.models import SyncConflict, WorkOrder
from server.unit_of_work import MARKER, WRITE_METHODS
from tests.rest import patch_work_order
from tests.sync.phone import Phone

SERVER = Path(__file__).resolve().parents[2] / "server"
#: Packages of use cases, read models and rendering: none of them decides a commit.
NO_COMMIT_PACKAGES = ("services", "domain", "reports", "kpi")


def _modules():
    for package in NO_COMMIT_PACKAGES:
        yield from sorted((SERVER / package).rglob("*.py"))


def _violations(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Attribute) and node.attr in ("commit", "info"):
            owner = ast.unparse(node.value)
            if node.attr == "info" and "session" in owner:
                found.append(f"{path.name}:{node.lineno} reads {owner}.info")
            if node.attr == "commit" and owner.endswith("session"):
                found.append(f"{path.name}:{node.lineno} calls {owner}.commit")
        if isinstance(node, ast.ImportFrom) and node.module == "server.unit_of_work":
            found.append(f"{path.name}:{node.lineno} imports server.unit_of_work")
    return found


def test_no_service_commits_or_reads_the_sessions_info():
    modules = list(_modules())
    assert len(modules) > 20
    violations = [v for path in modules for v in _violations(path)]
    assert violations == []


def test_the_check_finds_a_service_that_commits(tmp_path):
    service = tmp_path / "bad.py"
    service.write_text(
        "from server.extensions import db\n"
        "def save():\n    db.session.commit()\n"
        "def mode():\n    return db.session.info.get('batch')\n"
    )
    assert len(_violations(service)) == 2


def _view_methods(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        for method in sorted(rule.methods & WRITE_METHODS):
            function = getattr(view_class, method.lower(), None) if view_class else view
            yield rule.rule, method, function


def test_every_write_endpoint_commits_as_one_unit_of_work(app):
    writes = list(_view_methods(app))
    assert len(writes) > 30
    missing = [(rule, method) for rule, method, fn in writes if not getattr(fn, MARKER, False)]
    assert missing == []


def test_a_failure_between_the_two_steps_of_a_conflict_resolution_changes_nothing(
    client, login, world, db, monkeypatch
):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    patch_work_order(
        client,
        f"/api/v1/work-orders/{world.wo1.id}",
        json={"contact_name": "王主任"},
        headers=login("dispatcher"),
    )
    phone.update_work_order(str(world.wo1.id), contact_name="李工")
    phone.push()
    conflict_id = db.session.scalar(db.select(SyncConflict.id))

    from server.services import sync_review

    def record_event_fails(*args, **kwargs):
        raise RuntimeError("the server died after applying the value")

    monkeypatch.setattr(sync_review, "record_event", record_event_fails)
    with pytest.raises(RuntimeError):
        client.post(
            f"/api/v1/sync/conflicts/{conflict_id}/resolve",
            json={"choice": "device"},
            headers=login("supervisor"),
        )
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(WorkOrder, world.wo1.id).contact_name == "王主任"
    assert db.session.get(SyncConflict, conflict_id).resolved_at is None
