"""Web Push subscriptions of the user's phones: the server's public key to subscribe
with, and the subscription the browser gave (any logged-in user; engineers' phones)."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.push_subscriptions import (
    PushKeySchema,
    PushSubscriptionInSchema,
    PushSubscriptionSchema,
    PushUnsubscribeSchema,
)
from server.auth import current_user
from server.notify.webpush import public_key
from server.services import push_subscriptions

blp = Blueprint(
    "push_subscriptions",
    __name__,
    description="Web Push: the phone subscribes with the server's VAPID public key and "
    "sends its PushSubscription JSON here; the server then pushes a new assignment, a "
    "reassignment away and a changed appointment to it.",
)


@blp.route("/key")
class Key(MethodView):
    @blp.response(200, PushKeySchema)
    def get(self):
        """The applicationServerKey to subscribe with."""
        current_user()
        return {"public_key": public_key(current_app.config)}


@blp.route("/")
class Subscriptions(MethodView):
    @blp.arguments(PushSubscriptionInSchema)
    @blp.response(201, PushSubscriptionSchema)
    def post(self, data):
        """Keep this phone's subscription for the user (the same endpoint again
        replaces its keys)."""
        return push_subscriptions.subscribe(current_user(), data)

    @blp.arguments(PushUnsubscribeSchema)
    @blp.response(204)
    def delete(self, data):
        """Forget this phone's subscription (notifications turned off)."""
        push_subscriptions.unsubscribe(current_user(), data["endpoint"])
