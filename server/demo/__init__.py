"""Demo data: a service company with two centres, three customers (a hospital, a party
school, a petrochemical plant), their sites, systems, about 300 devices, contracts, parts
and about fifty work orders in every status, all in Chinese.

The data is the same on every load (a fixed random seed); its dates are relative to the day
it is loaded, so warranties and SLA clocks always look alive. ``flask --app server demo``
(or ``aftercare demo``) calls load_demo().
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import click
from sqlalchemy import func, select

from server.demo.catalogue import build_parts
from server.demo.contracts import build_contracts
from server.demo.customers import build_customers, build_sites
from server.demo.devices import build_devices
from server.demo.field_kit import build_checklists, build_stock
from server.demo.on_site import store_images
from server.demo.organisation import (
    USERS,
    build_calendar,
    build_centres,
    build_organisation,
    build_users,
)
from server.demo.service_quality import build_service_quality
from server.demo.work_orders import LOCAL, World, build_work_orders
from server.extensions import db
from server.models import (
    Centre,
    ChecklistTemplate,
    Complaint,
    Contact,
    Contract,
    Customer,
    Device,
    FollowUp,
    Part,
    Region,
    ScheduledVisit,
    Site,
    StockLocation,
    StockMovement,
    System,
    User,
    WorkOrder,
    WorkOrderEvent,
)
from server.unit_of_work import committed

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoAlreadyLoaded", "load_demo"]

#: Every demo user logs in with this password.
DEMO_PASSWORD = "aftercare-demo"
#: Usernames of the demo staff: admin, dispatcher, supervisor, engineer1 ... engineer4.
DEMO_USERS = tuple(username for username, *_ in USERS)
SEED = 8208899


# A ClickException, so `flask demo` prints the message instead of a traceback.
class DemoAlreadyLoaded(click.ClickException):
    """The database already has the demo users."""


def load_demo() -> dict[str, int]:
    """Load the demo data into the database and commit; return counts by kind.

    Refuses (raises DemoAlreadyLoaded, changing nothing) when any demo user exists already.
    Meant for an empty database; it also fills the organisation settings row if one exists.
    All of it is one transaction: on any error nothing is kept.
    """
    taken = db.session.scalars(select(User.username).where(User.username.in_(DEMO_USERS))).all()
    if taken:
        raise DemoAlreadyLoaded(
            f"The demo data is already loaded (users {', '.join(sorted(taken))} exist)."
        )
    rng = random.Random(SEED)
    now = datetime.now(UTC)
    today = now.astimezone(LOCAL).date()
    with committed():  # one transaction: on any error nothing is kept
        build_organisation()
        build_calendar()
        centres = build_centres()
        users = build_users(centres, DEMO_PASSWORD)
        customers = build_customers()
        sites = build_sites(customers, users)
        _devices, replacements = build_devices(sites, today, rng)
        site_by_name = {site.name: site for _plan, site, _systems in sites}
        contracts = build_contracts(customers, site_by_name, today)
        parts = build_parts()
        build_checklists()
        db.session.flush()
        engineers = [u for u in users.values() if u.role == "engineer"]
        build_stock(list(centres.values()), engineers, parts)
        world = World(
            users=users,
            sites=site_by_name,
            contracts={c.customer.code: c for c in contracts},
            replacements=replacements,
            images=store_images(users["admin"]),
        )
        build_work_orders(world, now, rng)
        # The scheduler's plan for the demo contracts, follow-ups and complaints.
        build_service_quality(users, now)
    return counts()


def counts() -> dict[str, int]:
    """Rows per kind in the database (on an empty database: what the demo loaded)."""
    models = {
        "regions": Region,
        "centres": Centre,
        "users": User,
        "customers": Customer,
        "contacts": Contact,
        "sites": Site,
        "systems": System,
        "devices": Device,
        "contracts": Contract,
        "parts": Part,
        "work_orders": WorkOrder,
        "work_order_events": WorkOrderEvent,
        "checklist_templates": ChecklistTemplate,
        "stock_locations": StockLocation,
        "stock_movements": StockMovement,
        "scheduled_visits": ScheduledVisit,
        "follow_ups": FollowUp,
        "complaints": Complaint,
    }
    return {
        kind: db.session.scalar(select(func.count()).select_from(model))
        for kind, model in models.items()
    }
