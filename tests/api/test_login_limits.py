"""Logging in cannot be guessed at, and an account's tokens end when it changes hands:
failed logins are limited per username and per address (429 with Retry-After), an unknown
user costs the same work as a known one, a password change or a deactivation signs every
device out for good, and the last active admin cannot be demoted or deactivated."""

from __future__ import annotations

import pytest

from server.models import User
from tests.conftest import PASSWORD


def _login(client, username, password):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_after_too_many_failures_even_the_right_password_waits(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", 3)
    for _ in range(3):
        assert _login(client, "engineer1", "wrong-password").status_code == 401
    refused = _login(client, "engineer1", PASSWORD)
    assert refused.status_code == 429
    assert refused.json["key"] == "errors.auth.tooManyAttempts"
    assert int(refused.headers["Retry-After"]) > 0
    # Another user from elsewhere is not held up by it.
    other = client.post(
        "/api/v1/auth/login",
        json={"username": "engineer2", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert other.status_code == 200


def test_an_unknown_user_costs_the_same_password_check(client, world, monkeypatch):
    checked: list[str] = []
    original = User.check_password

    def counting(self, password):
        checked.append(password)
        return original(self, password)

    monkeypatch.setattr(User, "check_password", counting)
    assert _login(client, "nobody-here", "guess-1").status_code == 401
    assert _login(client, "engineer1", "guess-2").status_code == 401
    assert checked == ["guess-1", "guess-2"]


def test_a_password_change_signs_every_device_out(client, login, world):
    headers = login("engineer1")
    r = client.patch(
        f"/api/v1/users/{world.users['engineer1'].id}",
        json={"password": "a-brand-new-secret"},
        headers=login("admin"),
    )
    assert r.status_code == 200, r.json
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_a_deactivated_users_token_stays_dead_after_reactivation(client, login, world):
    headers = login("engineer1")
    admin = login("admin")
    url = f"/api/v1/users/{world.users['engineer1'].id}"
    assert client.patch(url, json={"is_active": False}, headers=admin).status_code == 200
    assert client.patch(url, json={"is_active": True}, headers=admin).status_code == 200
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


@pytest.mark.parametrize("change", [{"role": "dispatcher"}, {"is_active": False}])
def test_the_last_active_admin_cannot_be_demoted_or_deactivated(client, login, world, change):
    r = client.patch(
        f"/api/v1/users/{world.users['admin'].id}", json=change, headers=login("admin")
    )
    assert r.status_code == 409
    assert r.json["key"] == "errors.user.lastAdmin"


@pytest.mark.skipif(
    not __import__("os").environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite in memory has one connection",
)
def test_twelve_guesses_at_once_at_one_username_let_only_the_limit_through(app, world, monkeypatch):
    """Counting and recording a failed login are one step per username: twelve wrong
    passwords sent at the same moment get five 401s and seven 429s with a limit of 5."""
    import threading

    from server.extensions import db

    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", 5)
    barrier = threading.Barrier(12)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def guess(n: int) -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            try:
                response = client.post(
                    "/api/v1/auth/login",
                    json={"username": "engineer1", "password": f"guess-{n}"},
                    environ_base={"REMOTE_ADDR": f"203.0.113.{n}"},
                )
                statuses.append(response.status_code)
            except BaseException as exc:  # surfaced below  # noqa: BLE001
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(statuses) == [401] * 5 + [429] * 7
