"""The organisation's one settings row."""

from __future__ import annotations

from sqlalchemy import select

from server.extensions import db
from server.models import OrganisationSettings


def organisation_settings() -> OrganisationSettings:
    """The settings row, created with defaults (in the caller's unit of work) the first
    time it is asked for."""
    row = db.session.scalar(select(OrganisationSettings))
    if row is None:
        row = OrganisationSettings(company_name="Aftercare")
        db.session.add(row)
        db.session.flush()
    return row
