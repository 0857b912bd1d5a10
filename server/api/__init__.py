"""The /api/v1 blueprints: the API's table of contents."""

from __future__ import annotations

from flask_smorest import Api


def register_api(api: Api) -> None:
    from server.api import (
        attachments,
        auth,
        blobs,
        contracts,
        customers,
        devices,
        labels,
        organisation,
        parts,
        sites,
        sync,
        systems,
        users,
        work_orders,
    )

    for blueprint, prefix in (
        (auth.blp, "/auth"),
        (organisation.blp, ""),
        (organisation.regions, "/regions"),
        (organisation.centres, "/centres"),
        (users.blp, "/users"),
        (customers.blp, "/customers"),
        (customers.contacts, "/contacts"),
        (sites.blp, "/sites"),
        (systems.blp, "/systems"),
        (devices.blp, "/devices"),
        (contracts.blp, "/contracts"),
        (parts.blp, "/parts"),
        (work_orders.blp, "/work-orders"),
        (attachments.blp, "/work-orders"),
        (blobs.blp, "/blobs"),
        (labels.blp, ""),
        (sync.blp, "/sync"),
    ):
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{prefix}")
