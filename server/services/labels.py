"""What QR labels say, and resolving what a phone scanned back to a device.

A device's label holds <PUBLIC_BASE_URL>/d/<label token> in its QR code and the model, the
serial and the company's service hotline under it; server.reports.labels draws it. The
devices of a sheet are those the user may see.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select

from server.domain.serials import serial_key
from server.errors import NotFound
from server.extensions import db
from server.models import Device, System, User
from server.reports.labels import Label
from server.services import access
from server.services.organisation import organisation_settings

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_LABEL_PATH = re.compile(r"^/d/([A-Za-z0-9_-]{8,64})/?$")


def label_url(device: Device) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/d/{device.label_token}"


def label_lines(device: Device) -> list[str]:
    hotline = organisation_settings().hotline
    lines = [device.model, f"SN {device.serial}"]
    if hotline:
        lines.append(f"服务热线 {hotline}")
    return lines


def label_for(device: Device) -> Label:
    return Label(label_url(device), label_lines(device))


# --- which devices ---------------------------------------------------------------------------


def devices_for_sheet(user: User, *, site_id=None, system_id=None) -> list[Device]:
    """The in-service devices of a site or a system that ``user`` may see, by system and
    serial (the order they are stuck on)."""
    query = access.restrict(select(Device), Device, user).join(System)
    if system_id is not None:
        query = query.where(Device.system_id == system_id)
    if site_id is not None:
        query = query.where(System.site_id == site_id)
    query = query.where(Device.status == "in_service").order_by(System.name, Device.serial)
    return list(db.session.scalars(query))


def token_in(code: str) -> str | None:
    """The label token in a scanned text: a label URL (any host: labels printed under an
    older address still scan) or a bare token."""
    code = code.strip()
    parts = urlsplit(code)
    if parts.scheme in ("http", "https"):
        match = _LABEL_PATH.match(parts.path)
        return match.group(1) if match else None
    return code if _TOKEN.match(code) else None


def resolve_scan(code: str, user: User) -> Device:
    """The device a scanned code names, if ``user`` may see it: by label token (a device
    in his scope), else by the manufacturer's serial (exact, else as serial_key compares it:
    any case, spaces, full-width forms; a serial lookup is how an
    engineer finds a device outside his work orders while online). 404 otherwise."""
    token = token_in(code)
    if token is not None:
        query = select(Device).where(Device.label_token == token)
        device = db.session.scalar(access.restrict(query, Device, user))
        if device is not None:
            return device
    serial = code.strip()
    if serial:
        matches = select(Device).where(Device.serial == serial)
        if db.session.scalar(matches.limit(1)) is None:
            # as typed it is no serial: compare as the phone does (server/domain/serials.py),
            # the stored serial with its spaces out, in upper case
            stored = func.upper(func.replace(Device.serial, " ", ""))
            matches = select(Device).where(stored == serial_key(serial))
        visible = db.session.scalar(
            access.restrict(matches, Device, user).order_by(Device.created_at.desc()).limit(1)
        )
        device = visible or db.session.scalar(
            matches.where(Device.status == "in_service").order_by(Device.created_at.desc()).limit(1)
        )
        if device is not None:
            return device
    raise NotFound("No device for this code.", key="errors.device.notFoundForCode")
