"""Log in and out, who am I, and the devices holding my (or, for an admin, anyone's) tokens."""

from __future__ import annotations

import uuid

from flask import request
from flask.views import MethodView
from sqlalchemy import select

from server.api.blueprint import Blueprint
from server.api.schemas.auth import (
    LoginResultSchema,
    LoginSchema,
    TokenListArgs,
    TokenSchema,
    UserSchema,
)
from server.auth import current_token, current_user
from server.errors import NotFound
from server.extensions import db
from server.models import ApiToken
from server.models.base import utcnow
from server.services import login

blp = Blueprint("auth", __name__, description="Log in with a password; bearer tokens per device.")


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, LoginResultSchema)
    @blp.doc(security=[])
    @blp.alt_response(429, description="Too many failed logins (Retry-After says when).")
    def post(self, args):
        """Exchange username and password for a bearer token for this device. Failed
        attempts are limited per username and per address (LOGIN_RATE_LIMIT in
        LOGIN_RATE_WINDOW_SECONDS)."""
        token, row, user = login.log_in(
            args["username"], args["password"], args["device_name"], request.remote_addr or ""
        )
        return {"token": token, "expires_at": row.expires_at, "user": user}


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Revoke the token this request carries."""
        token = current_token()
        token.revoked_at = utcnow()
        token.revoked_by_id = current_user().id


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, UserSchema)
    def get(self):
        """The logged-in user."""
        return current_user()


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(TokenListArgs, location="query")
    @blp.response(200, TokenSchema(many=True))
    def get(self, args):
        """Tokens (one per device). An admin may list anyone's; others their own."""
        user = current_user()
        query = select(ApiToken).order_by(ApiToken.last_used_at.desc())
        if user.role != "admin":
            query = query.where(ApiToken.user_id == user.id)
        elif args.get("user_id"):
            query = query.where(ApiToken.user_id == args["user_id"])
        if not args["include_revoked"]:
            query = query.where(ApiToken.revoked_at.is_(None))
        return db.session.scalars(query).all()


@blp.route("/tokens/<uuid:token_id>")
class TokenById(MethodView):
    @blp.response(204)
    def delete(self, token_id: uuid.UUID):
        """Revoke a token: an admin any, a user his own (a lost phone)."""
        user = current_user()
        token = db.session.get(ApiToken, token_id)
        if token is None or (user.role != "admin" and token.user_id != user.id):
            raise NotFound("Token not found.")
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            token.revoked_by_id = user.id
