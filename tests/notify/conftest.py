"""Fixtures of the notification tests: a customer contact and a manager with e-mail
addresses, and a real SMTP server the app sends to."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from flask import Flask

from server.extensions import db as _db
from tests.notify.smtp import Inbox, smtp_server


@pytest.fixture
def people(world: SimpleNamespace) -> SimpleNamespace:
    """The customer's authorised contact (English), another contact (no locale: the
    organisation's Chinese), and the centre's supervisor with e-mail addresses."""
    from server.models import Contact

    contact = Contact(
        customer=world.customer,
        name="Dr Li",
        email="li@hospital.example",
        is_authorised=True,
        locale="en",
    )
    other = Contact(customer=world.customer, name="王主任", email="wang@hospital.example")
    supervisor = world.users["supervisor"]
    supervisor.email = "boss@aftercare.example"
    _db.session.add_all([contact, other])
    _db.session.commit()
    return SimpleNamespace(contact=contact, other=other, supervisor=supervisor)


@pytest.fixture
def smtp(app: Flask) -> Iterator[Inbox]:
    """A local SMTP server (plain, no login); the app's SMTP settings point at it."""
    saved = {k: app.config[k] for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_TLS")}
    with smtp_server() as (inbox, port):
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TLS="none")
        try:
            yield inbox
        finally:
            app.config.update(saved)
