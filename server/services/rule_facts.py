"""The facts the contract's rules read, gathered from the stored records: asks server.domain
with them and answers in JSON-able dicts (dates.to_json) for the API. ``RuleFacts`` looks
each fact up once and loads a whole page of work orders in a fixed number of queries; the
module's functions answer one question at a time.

- Which contract applies: a work order's own contract_id if set; otherwise the customer's
  contract covering the site that is active on the date in question (the latest start
  wins). With none, the default settings apply. A contract stores only its overrides; the
  domain always gets them merged over the defaults.
- Dates: "today" and the date of an instant are read in the organisation's timezone.
- A device's warranty history: its completed or closed repair work orders (defect code, date
  of the resolved event) and, when it replaced another unit (that unit's replaced_by_id
  points here), the exchange of that unit with its last repaired defect.
- SLA events: the work order's events of the kinds the SLA rules know; "registered" counts
  at the work order's reported_at (a call logged afterwards keeps the time it came in).

Read-only: nothing here writes or commits (services.work_orders owns the writes).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, inspect, or_, select
from sqlalchemy.orm import selectinload

from server.domain.contracts import applicable_contract, contract_timezone
from server.domain.dates import to_json
from server.domain.errors import DomainError, WarrantyNotStarted
from server.domain.fees import estimate_fees
from server.domain.settings import (
    EVENT_KINDS,
    ContractSettings,
    OrganisationCalendar,
    merge_contract_settings,
)
from server.domain.sla import emergency_milestones, event_at, loaner_due_at, sla_state
from server.domain.warranty import STATUSES, warranty_decision
from server.domain.work_order_flow import FINAL_STATUSES
from server.errors import AppError, ValidationFailed
from server.extensions import db
from server.models import (
    WARRANTY_DATE_FIELDS,
    Contract,
    Device,
    Part,
    PartUsage,
    System,
    WorkOrder,
    WorkOrderEvent,
    contract_sites,
    work_order_devices,
)
from server.models.base import utcnow
from server.services.organisation import (
    organisation_calendar,
    timezone_and_calendar,
)
from server.stable_sql import one_of, one_of_parameter

#: Statuses of a repair that count in a device's history (the lemon rule counts them).
REPAIRED_STATUSES = ("completed", "closed")
#: A closed or cancelled work order stays in the ?sla= lists this long after it ended,
#: so a supervisor can still find last month's breaches.
SLA_FILTER_RECENT_DAYS = 30


# --- the facts, looked up once --------------------------------------------------------


class RuleFacts:
    """The stored facts the rules read, each looked up once per instance: make one per
    request (or per page of a list) and ``prefetch`` the page's work orders, and the rules
    run over the whole page in a fixed number of queries, whatever its length."""

    def __init__(self) -> None:
        self._timezone: ZoneInfo | None = None
        #: customer id -> [(contract, site ids)], when prefetched for that customer.
        self._contracts_of: dict[uuid.UUID, list[tuple[Contract, set[uuid.UUID]]]] = {}
        self._contract: dict[tuple[uuid.UUID, uuid.UUID, date], Contract | None] = {}
        self._contract_facts_of: dict[
            uuid.UUID, tuple[dict[str, Contract], list[dict[str, Any]]]
        ] = {}
        self._replaced: dict[uuid.UUID, Device | None] = {}
        #: device id -> its repair work orders (type repair, completed or closed).
        self._repairs: dict[uuid.UUID, list[WorkOrder]] = {}
        self._settings: dict[uuid.UUID | None, ContractSettings] = {}
        self._organisation_calendar: OrganisationCalendar | None = None

    # settings

    def settings(self, contract: Contract | None) -> ContractSettings:
        """The contract's overrides over the defaults, merged once per contract, with the
        organisation calendar (looked up once)."""
        key = contract.id if contract is not None else None
        if key not in self._settings:
            if self._organisation_calendar is None:
                self._organisation()
            self._settings[key] = effective_settings(contract, self._organisation_calendar)
        return self._settings[key]

    def _organisation(self) -> None:
        """The organisation's time zone and calendar, in one statement."""
        timezone, self._organisation_calendar = timezone_and_calendar()
        self._timezone = ZoneInfo(timezone)

    # dates

    def timezone(self) -> ZoneInfo:
        if self._timezone is None:
            self._organisation()
        return self._timezone  # type: ignore[return-value]

    def today(self) -> date:
        return datetime.now(self.timezone()).date()

    def local_date(self, at: datetime) -> date:
        return at.astimezone(self.timezone()).date()

    # contracts

    def _contracts(self, customer_id: uuid.UUID) -> list[tuple[Contract, set[uuid.UUID]]]:
        self._prefetch_contracts({customer_id})
        return self._contracts_of[customer_id]

    def contract_for_site(
        self, customer_id: uuid.UUID, site_id: uuid.UUID, on: date
    ) -> Contract | None:
        """The customer's contract covering the site and active on the day ``on``; latest
        start wins (then the lowest number). For planning by date (the scheduler)."""
        key = (customer_id, site_id, on)
        if key not in self._contract:
            covering = [
                contract
                for contract, sites in self._contracts(customer_id)
                if site_id in sites and contract.starts_on <= on <= contract.ends_on
            ]
            self._contract[key] = min(
                covering, key=lambda c: (-c.starts_on.toordinal(), c.number), default=None
            )
        return self._contract[key]

    def contract_at(
        self, customer_id: uuid.UUID, site_id: uuid.UUID, at: datetime
    ) -> Contract | None:
        """The contract that applies at the instant ``at`` (server.domain.contracts: the
        day read in each contract's own time zone)."""
        candidates, facts = self._contract_facts(customer_id)
        found = applicable_contract(facts, str(customer_id), str(site_id), at)
        return candidates[found["id"]] if found is not None else None

    def _contract_facts(
        self, customer_id: uuid.UUID
    ) -> tuple[dict[str, Contract], list[dict[str, Any]]]:
        """The customer's contracts by id, and as the domain reads them: built once per
        customer (a push registering 500 orders for one customer asks 500 times)."""
        if customer_id not in self._contract_facts_of:
            contracts = self._contracts(customer_id)
            self._contract_facts_of[customer_id] = (
                {str(contract.id): contract for contract, _ in contracts},
                [
                    {
                        "id": str(contract.id),
                        "number": contract.number,
                        "customer_id": str(contract.customer_id),
                        "site_ids": [str(site) for site in sites],
                        "starts_on": contract.starts_on,
                        "ends_on": contract.ends_on,
                        "timezone": contract_timezone(self.settings(contract)),
                    }
                    for contract, sites in contracts
                ],
            )
        return self._contract_facts_of[customer_id]

    def contract_for_work_order(self, wo: WorkOrder) -> Contract | None:
        """Its own contract if it names one; else the one that applies when it was
        reported."""
        if wo.contract_id is not None:
            return wo.contract
        return self.contract_at(wo.customer_id, wo.site_id, wo.reported_at)

    # devices

    def replaced_unit(self, device: Device) -> Device | None:
        """The unit this device replaced (its replaced_by link points here), if any."""
        if device.id not in self._replaced:
            self._replaced[device.id] = db.session.scalar(
                select(Device)
                .where(Device.replaced_by_id == device.id)
                .order_by(Device.created_at.desc())
                .limit(1)
            )
        return self._replaced[device.id]

    def _repair_orders(self, device: Device) -> list[WorkOrder]:
        if device.id not in self._repairs:
            self._repairs[device.id] = list(
                db.session.scalars(_repairs_query([device.id]).with_only_columns(WorkOrder))
            )
        return self._repairs[device.id]

    def repairs(
        self, device: Device, exclude_work_order_id: uuid.UUID | None
    ) -> list[dict[str, Any]]:
        """Completed or closed repairs of ``device``, dated by their (last) resolved event."""
        repairs = []
        for wo in self._repair_orders(device):
            if wo.id == exclude_work_order_id:
                continue
            resolved = [event_at(_event_facts(e)) for e in wo.events if e.kind == "resolved"]
            if not resolved and wo.closed_at is None:
                continue
            repairs.append(
                {
                    "on": self.local_date(max(resolved) if resolved else wo.closed_at),
                    "kind": "repair",
                    "defect_code": wo.defect_code or None,
                    "serial": device.serial,
                }
            )
        return sorted(repairs, key=lambda repair: repair["on"])

    def device_history(
        self,
        device: Device,
        replaces: Device | None,
        exclude_work_order_id: uuid.UUID | None = None,
    ) -> list[dict[str, Any]]:
        """Repairs of the device and of the unit it replaced, and that unit's exchange.

        The exchange is dated by the new unit's installation (else the day it was
        recorded) and carries the last defect repaired on the old unit: the lemon rule
        refunds when the new unit fails with that defect again.
        """
        history = self.repairs(device, exclude_work_order_id)
        if replaces is not None:
            old_repairs = self.repairs(replaces, exclude_work_order_id)
            defects = [r["defect_code"] for r in old_repairs if r["defect_code"]]
            history += old_repairs
            history.append(
                {
                    "on": device.installed_on or self.local_date(device.created_at),
                    "kind": "exchange",
                    "defect_code": defects[-1] if defects else None,
                    "serial": replaces.serial,
                }
            )
        return history

    # loading a page at once

    def prefetch(self, orders: list[WorkOrder]) -> None:
        """Load what the rules will read for ``orders`` in a fixed number of queries: their
        relationships, their customers' contracts, their devices' replaced units and
        repair histories."""
        if not orders:
            return
        ids = [wo.id for wo in orders if not _collections_loaded(wo)]
        if ids:
            self._select_orders(ids)
        self._prefetch_contracts({wo.customer_id for wo in orders})
        self._prefetch_histories({d.id: d for wo in orders for d in wo.devices})

    def load_orders(self, ids: Iterable[uuid.UUID]) -> list[WorkOrder]:
        """The work orders of ``ids`` (those that exist), prefetched: an order this
        transaction already holds with its events and devices is taken from the session
        as it is (a push just created or locked it), the others are loaded."""
        held, missing = [], []
        for work_order_id in ids:
            wo = _held(work_order_id)
            (held if wo is not None and _collections_loaded(wo) else missing).append(
                wo if wo is not None else work_order_id
            )
        loaded = self._select_orders([getattr(x, "id", x) for x in missing]) if missing else []
        orders = [*held, *loaded]
        self.prefetch(orders)
        return orders

    def _select_orders(self, ids: list[uuid.UUID]) -> list[WorkOrder]:
        return db.session.scalars(
            select(WorkOrder)
            .where(one_of(WorkOrder.id, ids))
            .options(
                selectinload(WorkOrder.devices),
                selectinload(WorkOrder.events),
                selectinload(WorkOrder.site),
                selectinload(WorkOrder.customer),
                selectinload(WorkOrder.system),
                selectinload(WorkOrder.contract),
                selectinload(WorkOrder.assigned_engineer),
            )
        ).all()

    def prefetch_devices(self, devices: list[Device]) -> None:
        """Load what the warranty rules read for ``devices`` in a fixed number of queries."""
        if not devices:
            return
        db.session.scalars(
            select(Device)
            .where(Device.id.in_([d.id for d in devices]))
            .options(
                selectinload(Device.system).selectinload(System.site),
                selectinload(Device.replaced_by),
            )
        ).all()
        self._prefetch_contracts({d.system.site.customer_id for d in devices})
        self._prefetch_histories({d.id: d for d in devices})

    def _prefetch_contracts(self, customers: set[uuid.UUID]) -> None:
        customers = customers - set(self._contracts_of)
        if not customers:
            return
        for customer_id in customers:
            self._contracts_of[customer_id] = []
        by_id: dict[uuid.UUID, tuple[Contract, set[uuid.UUID]]] = {}
        dialect = db.session.get_bind().dialect.name
        rows = db.session.execute(_contracts_of(dialect), {"customers": list(customers)})
        for contract, site_id in rows:
            if contract.id not in by_id:
                by_id[contract.id] = (contract, set())
                self._contracts_of[contract.customer_id].append(by_id[contract.id])
            by_id[contract.id][1].add(site_id)

    def _prefetch_histories(self, devices: dict[uuid.UUID, Device]) -> None:
        wanted = set(devices) - set(self._replaced)
        if wanted:
            for device_id in wanted:
                self._replaced[device_id] = None
            replaced = db.session.scalars(
                select(Device)
                .where(Device.replaced_by_id.in_(wanted))
                .order_by(Device.created_at.desc())
            )
            for unit in replaced:
                if self._replaced.get(unit.replaced_by_id) is None:
                    self._replaced[unit.replaced_by_id] = unit
        history_of = {*devices, *(u.id for u in self._replaced.values() if u is not None)}
        wanted = history_of - set(self._repairs)
        if wanted:
            for device_id in wanted:
                self._repairs[device_id] = []
            for device_id, wo in db.session.execute(_repairs_query(wanted)):
                self._repairs[device_id].append(wo)

    # answers

    def decide_warranty(
        self,
        device: Device,
        on: date,
        contract: Contract | None,
        *,
        exclusions: Iterable[str] = (),
        defect_code: str | None = None,
        exclude_work_order_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        """The domain's warranty decision as JSON; raises DomainError (e.g. not started)."""
        replaces = self.replaced_unit(device)
        decision = warranty_decision(
            device_facts(device, replaces),
            self.device_history(device, replaces, exclude_work_order_id),
            self.settings(contract)["warranty"],
            on,
            list(exclusions),
            defect_code=defect_code or None,
            replaced=device_facts(replaces) if replaces is not None else None,
        )
        return {**to_json(decision), "on": on.isoformat(), "contract": _contract_ref(contract)}

    def decide_or_explain(
        self, device: Device, on: date, contract: Contract | None, **kwargs: Any
    ) -> dict[str, Any]:
        """A decision, or {"status": "not_started" | "undecided", "error": ...}: never
        raises."""
        try:
            return self.decide_warranty(device, on, contract, **kwargs)
        except WarrantyNotStarted as error:
            return _undecided("not_started", on, contract, _error(error))
        except DomainError as error:
            return _undecided("undecided", on, contract, _error(error))

    def device_warranty(self, device: Device) -> dict[str, Any]:
        """Today's decision for a fault on the device under the contract active today."""
        now = utcnow()
        site = device.system.site
        return self.decide_or_explain(
            device, self.local_date(now), self.contract_at(site.customer_id, site.id, now)
        )

    def work_order_warranty(self, wo: WorkOrder) -> dict[str, Any]:
        """{"computed", "override", "effective_status"} for the work order's first device
        (by serial) on its reported date, with its defect code and exclusions."""
        on = self.local_date(wo.reported_at)
        contract = self.contract_for_work_order(wo)
        device = _first_device(wo)
        if device is None:
            computed = _undecided("no_device", on, contract, dict(_NO_DEVICE))
        else:
            computed = self.decide_or_explain(
                device,
                on,
                contract,
                exclusions=wo.exclusions or [],
                defect_code=wo.defect_code,
                exclude_work_order_id=wo.id,
            )
        override = wo.warranty_override
        if override:
            effective = override["status"]
        else:
            effective = computed["status"] if computed["status"] in STATUSES else None
        return {"computed": computed, "override": override, "effective_status": effective}

    def work_order_sla(self, wo: WorkOrder, now: datetime) -> dict[str, Any]:
        """Every clock's state as of ``now``, the loaner deadline and the emergency
        milestones, under the applicable contract's SLA policy for the order's severity
        and site zone."""
        contract = self.contract_for_work_order(wo)
        answer: dict[str, Any] = {"as_of": now, "contract": _contract_ref(contract)}
        if wo.channel == PLANNED_CHANNEL:
            # Planned work (an inspection the scheduler registered) keeps its plan date,
            # not the response and arrival clocks of a customer's request.
            answer.update(clocks={}, loaner_due_at=None, emergency_milestones=[], planned=True)
            return to_json(answer)
        policy = self.settings(contract)["sla"]
        facts = {"severity": wo.severity, "zone": wo.site.zone}
        events = sla_events(wo)
        try:
            answer.update(
                clocks=sla_state(facts, events, policy, now),
                loaner_due_at=loaner_due_at(facts, events, policy),
                emergency_milestones=emergency_milestones(facts, events, policy),
            )
        except DomainError as error:
            answer.update(
                clocks={},
                loaner_due_at=None,
                emergency_milestones=[],
                error=_error(error),
            )
        return to_json(answer)


@cache
def _contracts_of(dialect: str) -> Select:
    """The contracts of the ``customers`` with each site they cover (built once)."""
    return (
        select(Contract, contract_sites.c.site_id)
        .join(contract_sites, contract_sites.c.contract_id == Contract.id)
        .where(one_of_parameter(Contract.customer_id, "customers", dialect))
    )


def _repairs_query(device_ids: Iterable[uuid.UUID]) -> Select:
    """(device id, repair work order) of these devices, events loaded."""
    return (
        select(work_order_devices.c.device_id, WorkOrder)
        .join(work_order_devices, work_order_devices.c.work_order_id == WorkOrder.id)
        .where(
            work_order_devices.c.device_id.in_(list(device_ids)),
            WorkOrder.type == "repair",
            WorkOrder.status.in_(REPAIRED_STATUSES),
        )
        .options(selectinload(WorkOrder.events))
    )


# --- one answer at a time (each call looks its facts up afresh) ------------------------


def organisation_timezone() -> ZoneInfo:
    return RuleFacts().timezone()


def today() -> date:
    """The server's date in the organisation's timezone."""
    return RuleFacts().today()


def local_date(at: datetime) -> date:
    return RuleFacts().local_date(at)


def effective_settings(
    contract: Contract | None, calendar: OrganisationCalendar | None = None
) -> ContractSettings:
    """The full settings the rules read: the contract's overrides over the defaults, with
    the organisation calendar (``calendar``, else looked up)."""
    return merge_contract_settings(
        contract.settings if contract is not None else None,
        calendar if calendar is not None else organisation_calendar(),
    )


def contract_for_site(customer_id: uuid.UUID, site_id: uuid.UUID, on: date) -> Contract | None:
    """The customer's contract covering the site and active on ``on``; latest start wins."""
    return RuleFacts().contract_for_site(customer_id, site_id, on)


def contract_for_work_order(wo: WorkOrder) -> Contract | None:
    return RuleFacts().contract_for_work_order(wo)


def contract_for_device(device: Device, on: date) -> Contract | None:
    site = device.system.site
    return contract_for_site(site.customer_id, site.id, on)


def _contract_ref(contract: Contract | None) -> dict[str, Any] | None:
    if contract is None:
        return None
    return {"id": str(contract.id), "number": contract.number, "name": contract.name}


def device_facts(device: Device, replaces: Device | None = None) -> dict[str, Any]:
    """The device as the warranty rules read it."""
    return {
        "serial": device.serial,
        "model": device.model,
        "manufacturer": device.manufacturer,
        "device_class": device.device_class,
        **{name: getattr(device, name) for name in WARRANTY_DATE_FIELDS},
        "manufacturer_warranty_months": device.manufacturer_warranty_months,
        "replaces_serial": replaces.serial if replaces is not None else None,
    }


def replaced_unit(device: Device) -> Device | None:
    """The unit this device replaced (its replaced_by link points here), if any."""
    return RuleFacts().replaced_unit(device)


def _event_facts(event: WorkOrderEvent) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "origin": event.origin,
        "device_at": event.device_at,
        "server_at": event.server_at,
    }


def device_history(
    device: Device, replaces: Device | None, exclude_work_order_id: uuid.UUID | None = None
) -> list[dict[str, Any]]:
    """Repairs of the device and of the unit it replaced, and that unit's exchange."""
    return RuleFacts().device_history(device, replaces, exclude_work_order_id)


def decide_warranty(
    device: Device,
    on: date,
    contract: Contract | None,
    *,
    exclusions: Iterable[str] = (),
    defect_code: str | None = None,
    exclude_work_order_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The domain's warranty decision as JSON; raises DomainError (e.g. not started)."""
    return RuleFacts().decide_warranty(
        device,
        on,
        contract,
        exclusions=exclusions,
        defect_code=defect_code,
        exclude_work_order_id=exclude_work_order_id,
    )


def _error(error: DomainError) -> dict[str, str]:
    return {"code": error.code, "key": error.key, "message": str(error)}


def _undecided(
    status: str, on: date, contract: Contract | None, error: dict[str, str]
) -> dict[str, Any]:
    return {
        "status": status,
        "on": on.isoformat(),
        "contract": _contract_ref(contract),
        "error": error,
    }


def device_warranty(device: Device) -> dict[str, Any]:
    """Today's decision for a fault on the device under the contract active today."""
    return RuleFacts().device_warranty(device)


def device_warranty_what_if(
    device: Device,
    on: date | None = None,
    defect_code: str | None = None,
    exclusions: Iterable[str] = (),
) -> dict[str, Any]:
    """The decision for a fault reported ``on`` a date; a domain error is a 422."""
    on = on or today()
    contract = contract_for_device(device, on)
    try:
        return decide_warranty(device, on, contract, exclusions=exclusions, defect_code=defect_code)
    except DomainError as error:
        raise AppError(str(error), key=error.key, code=422, extra={"reason": error.code}) from None


#: The answer for a work order without a device: nothing to decide.
_NO_DEVICE = {
    "code": "no_device",
    "key": "errors.warranty.noDevice",
    "message": "The work order names no device.",
}


def _first_device(wo: WorkOrder) -> Device | None:
    return min(wo.devices, key=lambda device: device.serial, default=None)


def work_order_warranty(wo: WorkOrder) -> dict[str, Any]:
    """{"computed", "override", "effective_status"} (see RuleFacts.work_order_warranty)."""
    return RuleFacts().work_order_warranty(wo)


def check_exclusions(wo: WorkOrder, exclusions: list[str], contract_id: uuid.UUID | None) -> None:
    """Every exclusion code is one the applicable contract recognises (422 otherwise)."""
    if contract_id is not None:
        contract = db.session.get(Contract, contract_id)
    else:
        contract = RuleFacts().contract_at(wo.customer_id, wo.site_id, wo.reported_at)
    known = effective_settings(contract)["warranty"]["exclusion_codes"]
    unknown = [code for code in exclusions if code not in known]
    if unknown:
        raise ValidationFailed(
            {"exclusions": [f"Not an exclusion of the contract: {', '.join(unknown)}."]},
            key="errors.workOrder.exclusionNotInContract",
        )


# --- SLA -----------------------------------------------------------------------------


#: The channel of work the scheduler planned: no request, so no SLA clocks.
PLANNED_CHANNEL = "scheduled"


def _held(work_order_id: uuid.UUID) -> WorkOrder | None:
    """The session's own copy of a work order, without a query (None if it holds none)."""
    key = inspect(WorkOrder).identity_key_from_primary_key((work_order_id,))
    return db.session.identity_map.get(key)


def _collections_loaded(wo: WorkOrder) -> bool:
    """The order's events and devices are in memory and current: every event of an order
    is added through its ``work_order`` relationship (services.work_orders.record_event),
    so a loaded collection holds the events this transaction added too."""
    state = inspect(wo)
    return "events" in state.dict and "devices" in state.dict


def sla_events(wo: WorkOrder) -> list[dict[str, Any]]:
    """The work order's events the SLA rules know (flow-only kinds such as "updated" are
    skipped); "registered" happens at reported_at."""
    events = []
    for event in wo.events:
        if event.kind not in EVENT_KINDS:
            continue
        facts = _event_facts(event)
        if event.kind == "registered":
            facts.update(origin="office", device_at=None, server_at=wo.reported_at)
        events.append(facts)
    return events


def work_order_sla(wo: WorkOrder, now: datetime | None = None) -> dict[str, Any]:
    """Every clock's state as of ``now`` (see RuleFacts.work_order_sla)."""
    return RuleFacts().work_order_sla(wo, now or utcnow())


def where_sla_state(query: Select, state: str) -> Select:
    """Work orders of ``query`` with any clock in ``state`` (at_risk, breached).

    Clocks depend on calendars and `now`, so this runs ``query`` over the candidates (open,
    or ended within SLA_FILTER_RECENT_DAYS), computes every clock in Python and returns a
    SELECT of the matching ids, newest first, for the caller to paginate.
    """
    cutoff = utcnow() - timedelta(days=SLA_FILTER_RECENT_DAYS)
    candidates = query.where(
        or_(
            WorkOrder.status.not_in(FINAL_STATUSES),
            func.coalesce(WorkOrder.closed_at, WorkOrder.updated_at) >= cutoff,
        )
    ).options(selectinload(WorkOrder.events))
    now = utcnow()
    orders = list(db.session.scalars(candidates))
    facts = RuleFacts()
    facts.prefetch(orders)
    matching = [
        wo.id
        for wo in orders
        if any(
            clock["state"] == state for clock in facts.work_order_sla(wo, now)["clocks"].values()
        )
    ]
    return (
        select(WorkOrder).where(WorkOrder.id.in_(matching)).order_by(WorkOrder.reported_at.desc())
    )


# --- fees ----------------------------------------------------------------------------


def _parts_used(wo: WorkOrder) -> list[dict[str, Any]]:
    """Net quantity per part used on the order (a correction is a negative usage)."""
    rows = db.session.execute(
        select(Part.part_number, Part.cost_cents, func.sum(PartUsage.quantity))
        .join(PartUsage, PartUsage.part_id == Part.id)
        .where(PartUsage.work_order_id == wo.id)
        .group_by(Part.id, Part.part_number, Part.cost_cents)
        .order_by(Part.part_number)
    )
    return [
        {"part_number": number, "quantity": quantity, "unit_cost_cents": cost}
        for number, cost, quantity in rows
        if quantity > 0
    ]


def work_order_fees(
    wo: WorkOrder,
    labour_minutes: int | None = None,
    visits: int | None = None,
    remote_sessions: int | None = None,
) -> dict[str, Any]:
    """The fee estimate under the effective warranty status (override first): the parts
    used on the order, the labour minutes and visits it records, one remote session per
    ``remote_started`` event, and travel by the site's zone and distance (there and back).
    The arguments replace what the order records (a what-if)."""
    if labour_minutes is None:
        labour_minutes = wo.labour_minutes or 0
    if visits is None:
        visits = wo.visits or 0
    if remote_sessions is None:
        remote_sessions = sum(1 for event in wo.events if event.kind == "remote_started")
    status = work_order_warranty(wo)["effective_status"]
    if status is None:
        raise AppError(
            "No warranty decision for this work order; record its device and dates, "
            "or have a supervisor decide.",
            key="errors.warranty.undecided",
            code=422,
        )
    site = wo.site
    travel = {"zone": site.zone, "round_trip_km": 2 * (site.distance_km or 0)}
    fees_terms = effective_settings(contract_for_work_order(wo))["fees"]
    try:
        estimate = estimate_fees(
            status, _parts_used(wo), labour_minutes, visits, remote_sessions, travel, fees_terms
        )
    except DomainError as error:
        raise AppError(str(error), key=error.key, code=422, extra={"reason": error.code}) from None
    return {"warranty_status": status, **to_json(estimate)}
