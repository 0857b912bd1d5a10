"""Contracts: the sites they cover must be the customer's; settings are validated JSON.

A contract stores only the settings that differ from the defaults (as the demo data does):
the API hands in the validated settings merged over the defaults, and what is stored is the
difference. So a default changed in a later release reaches every contract that did not set
its own value; the rules always read the stored overrides merged over the defaults.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.domain.settings import default_contract_settings
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
    if "settings" in data:
        data["settings"] = settings_overrides(data["settings"], default_contract_settings())
    return registry.save(Contract, data, current)


def settings_overrides(settings: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """The smallest partial settings that, merged over ``defaults``, give ``settings``:
    dicts compare key by key, any other value (a list too) whole."""
    overrides: dict[str, Any] = {}
    for key, value in settings.items():
        default = defaults.get(key)
        if isinstance(value, dict) and isinstance(default, dict):
            nested = settings_overrides(value, default)
            if nested:
                overrides[key] = nested
        elif key not in defaults or value != default:
            overrides[key] = value
    return overrides
