"""Contracts: the sites they cover must be the customer's; settings are validated JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.errors import field_error
from server.extensions import db
from server.models import Contract, Site
from server.services import registry


def save_contract(data: dict[str, Any], current: Contract | None = None) -> Contract:
    data = dict(data)
    site_ids = data.pop("site_ids", None)
    customer_id = data.get("customer_id", current.customer_id if current else None)
    if current is not None and customer_id != current.customer_id:
        raise field_error("customer_id", "A contract cannot move to another customer.")
    starts = data.get("starts_on", current.starts_on if current else None)
    ends = data.get("ends_on", current.ends_on if current else None)
    if starts and ends and ends < starts:
        raise field_error("ends_on", "Must not be before starts_on.")
    if site_ids is not None:
        sites = db.session.scalars(select(Site).where(Site.id.in_(site_ids))).all()
        if len(sites) != len(set(site_ids)) or any(s.customer_id != customer_id for s in sites):
            raise field_error("site_ids", "Every site must exist and be the customer's.")
        data["sites"] = list(sites)
    return registry.save(Contract, data, current)
