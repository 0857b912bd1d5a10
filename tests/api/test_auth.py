"""Logging in, bearer tokens per device, revocation and expiry."""

from datetime import timedelta

from server.models import ApiToken
from server.models.base import utcnow


def test_login_returns_a_token_and_the_user(client, world):
    r = client.post(
        "/api/v1/auth/login",
        json={"username": "engineer1", "password": "correct-horse-battery", "device_name": "Redmi"},
    )
    assert r.status_code == 200
    assert r.json["token"].startswith("ac_")
    assert r.json["user"]["role"] == "engineer"
    assert r.json["user"]["centre"]["name"] == "上海服务中心"


def test_a_token_lasts_long_enough_for_a_week_offline(client, world):
    r = client.post(
        "/api/v1/auth/login", json={"username": "engineer1", "password": "correct-horse-battery"}
    )
    from datetime import datetime

    expires = datetime.fromisoformat(r.json["expires_at"])
    assert expires - utcnow() > timedelta(days=7)


def test_only_the_hash_of_a_token_is_stored(client, world, db):
    r = client.post(
        "/api/v1/auth/login", json={"username": "admin", "password": "correct-horse-battery"}
    )
    token = r.json["token"]
    stored = db.session.scalars(db.select(ApiToken.token_hash)).all()
    assert token not in stored
    assert len(stored) == 1 and len(stored[0]) == 64


def test_wrong_password_is_refused_with_a_json_error(client, world):
    r = client.post("/api/v1/auth/login", json={"username": "admin", "password": "nope"})
    assert r.status_code == 401
    assert r.json["key"] == "errors.auth.badCredentials"
    assert "token" not in r.json


def test_unknown_user_and_inactive_user_are_refused_alike(client, world, db):
    world.users["engineer2"].is_active = False
    db.session.commit()
    for username in ("nobody", "engineer2"):
        r = client.post(
            "/api/v1/auth/login", json={"username": username, "password": "correct-horse-battery"}
        )
        assert r.status_code == 401
        assert r.json["key"] == "errors.auth.badCredentials"


def test_login_without_password_names_the_field(client, world):
    r = client.post("/api/v1/auth/login", json={"username": "admin"})
    assert r.status_code == 422
    assert "password" in r.json["errors"]["json"]


def test_api_without_token_is_401(client, world):
    r = client.get("/api/v1/work-orders/")
    assert r.status_code == 401
    assert r.json["key"] == "errors.auth.required"


def test_a_garbage_token_is_401(client, world):
    r = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer ac_garbage"})
    assert r.status_code == 401
    assert r.json["key"] == "errors.auth.invalidToken"


def test_each_device_gets_its_own_token(client, login, world):
    phone = login("engineer1")
    tablet = login("engineer1")
    assert phone != tablet
    r = client.get("/api/v1/auth/tokens", headers=phone)
    assert len(r.json) == 2
    assert sum(t["is_current"] for t in r.json) == 1


def test_logout_revokes_only_that_device(client, login, world):
    phone = login("engineer1")
    tablet = login("engineer1")
    assert client.post("/api/v1/auth/logout", headers=phone).status_code == 204
    assert client.get("/api/v1/auth/me", headers=phone).status_code == 401
    assert client.get("/api/v1/auth/me", headers=tablet).status_code == 200


def test_admin_revokes_an_engineers_lost_phone(client, login, world):
    phone = login("engineer1")
    admin = login("admin")
    tokens = client.get(
        f"/api/v1/auth/tokens?user_id={world.users['engineer1'].id}", headers=admin
    ).json
    assert len(tokens) == 1
    r = client.delete(f"/api/v1/auth/tokens/{tokens[0]['id']}", headers=admin)
    assert r.status_code == 204
    assert client.get("/api/v1/work-orders/", headers=phone).status_code == 401
    revoked = client.get(
        f"/api/v1/auth/tokens?user_id={world.users['engineer1'].id}&include_revoked=true",
        headers=admin,
    ).json
    assert revoked[0]["revoked_at"] is not None


def test_an_engineer_cannot_revoke_someone_elses_token(client, login, world):
    login("engineer2")
    admin = login("admin")
    other = client.get(
        f"/api/v1/auth/tokens?user_id={world.users['engineer2'].id}", headers=admin
    ).json[0]
    r = client.delete(f"/api/v1/auth/tokens/{other['id']}", headers=login("engineer1"))
    assert r.status_code == 404


def test_an_expired_token_is_refused(client, login, world, db):
    headers = login("engineer1")
    row = db.session.scalar(db.select(ApiToken))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_using_a_token_slides_its_expiry(client, login, world, db):
    headers = login("engineer1")
    row = db.session.scalar(db.select(ApiToken))
    row.last_used_at = utcnow() - timedelta(days=10)
    row.expires_at = utcnow() + timedelta(days=20)
    db.session.commit()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    db.session.expire_all()
    row = db.session.scalar(db.select(ApiToken))
    assert row.expires_at > utcnow() + timedelta(days=29)


def test_a_deactivated_users_tokens_stop_working(client, login, world, db):
    headers = login("engineer1")
    world.users["engineer1"].is_active = False
    db.session.commit()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
