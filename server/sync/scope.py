"""Which rows a user's phone holds (what his open work orders reference, by the same
rules as REST reads: server.services.access.referenced).

An engineer holds his work orders that are open, or closed within SYNC_CLOSED_DAYS, with
everything they reference (customers, sites, systems and their devices, contracts) and
everything recorded on them (events, notes, photos, signatures, parts used, checklist
answers, loaners, consents to paid work, conflicts) and the photos of the devices he holds,
plus the parts catalogue, the checklist templates, the organisation calendar (holidays
and make-up days: the phone computes deadlines with it) and his van's stock. Office users hold
everything. Other devices are looked up online by serial. An order he registered outside
the systems he serves brings only what the job needs until the office confirms it
(server.services.access.referenced).

The statements name the user and the time by parameters (``scope_parameters`` gives their
values), so a pull builds each statement once per process, not once per request: building
one costs more than running it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, or_, select

from server.domain.work_order_flow import FINAL_STATUSES
from server.models import (
    Attachment,
    ChecklistTemplate,
    Contract,
    Customer,
    Device,
    InspectionResult,
    Loaner,
    OrganisationCalendarDay,
    PaidWorkConsent,
    Part,
    PartUsage,
    Signature,
    Site,
    StockLocation,
    StockMovement,
    SyncConflict,
    System,
    User,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderNote,
)
from server.services.access import referenced
from server.stable_sql import among

#: The parameters of the scope statements: whose phone, and since when a closed order
#: has left it.
USER = bindparam("scope_user")
CLOSED_AFTER = bindparam("scope_closed_after")


def scope_parameters(user: User, now: datetime, closed_days: int) -> dict[str, Any]:
    """The values of ``USER`` and ``CLOSED_AFTER`` for ``user``'s phone at ``now``."""
    return {"scope_user": user.id, "scope_closed_after": now - timedelta(days=closed_days)}


@cache
def work_orders_in_scope(office: bool) -> Select:
    """SELECT of the ids of the work orders the phone of a user (an office user, or the
    engineer ``USER``) holds."""
    query = select(WorkOrder.id)
    if office:
        return query
    return query.where(
        WorkOrder.assigned_engineer_id == USER,
        or_(~among(WorkOrder.status, FINAL_STATUSES), WorkOrder.updated_at >= CLOSED_AFTER),
    )


def scope_queries(
    office: bool,
    work_orders: Select,
    *,
    catalogue: bool = True,
    only: Collection[str] | None = None,
) -> dict[str, Select]:
    """For each entity (of ``only``, if given), a SELECT of its rows in the scope of an
    office user or of the engineer ``USER``, given the work orders in scope.

    With ``catalogue`` False, only what hangs off those work orders (used to send the
    records a work order references when it enters a phone's scope)."""
    if office and catalogue:
        return {
            name: select(model) for name, model in _models().items() if only is None or name in only
        }

    def held(model: Any) -> Callable[[], Select]:
        return lambda: referenced(select(model), model, work_orders)

    def on_orders(model: Any) -> Callable[[], Select]:
        return lambda: select(model).where(model.work_order_id.in_(work_orders))

    builders: dict[str, Callable[[], Select]] = {
        "customers": held(Customer),
        "sites": held(Site),
        "systems": held(System),
        "devices": held(Device),
        "contracts": held(Contract),
        "work_orders": held(WorkOrder),
        "work_order_events": on_orders(WorkOrderEvent),
        "work_order_notes": on_orders(WorkOrderNote),
        "attachments": held(Attachment),
        "signatures": held(Signature),
        "part_usages": on_orders(PartUsage),
        "loaners": on_orders(Loaner),
        "paid_work_consents": on_orders(PaidWorkConsent),
        "inspection_results": on_orders(InspectionResult),
        "sync_conflicts": lambda: select(SyncConflict).where(
            or_(SyncConflict.entity_id.in_(work_orders), SyncConflict.user_id == USER)
            if catalogue
            else SyncConflict.entity_id.in_(work_orders)
        ),
    }
    if catalogue:
        van = select(StockLocation.id).where(StockLocation.engineer_id == USER)
        builders |= {
            "parts": lambda: select(Part),
            "checklist_templates": lambda: select(ChecklistTemplate),
            "organisation_calendar_days": lambda: select(OrganisationCalendarDay),
            "stock_locations": lambda: select(StockLocation).where(StockLocation.id.in_(van)),
            "stock_movements": lambda: select(StockMovement).where(
                StockMovement.location_id.in_(van)
            ),
        }
    return {name: build() for name, build in builders.items() if only is None or name in only}


def _models() -> dict[str, Any]:
    from server.sync.records import ENTITIES

    return ENTITIES
