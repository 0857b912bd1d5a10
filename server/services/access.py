"""Who may see what: office roles see everything; an engineer sees his own work orders
and only what they reference. The one place REST reads, sync scope and blob reads ask.

An order an engineer registered himself outside the systems he serves is *unconfirmed*
(``WorkOrder.confirmed`` false) until the office assigns it: it opens only what the job
needs (the order and what is recorded on it, its site, its customer's record without
contacts on the phone, the devices it names and their systems' records), not the
customer's contacts, contracts, the system's other devices or device photos."""

from __future__ import annotations

import uuid
import weakref
from typing import Any

from sqlalchemy import Select, Uuid, literal, or_, select, union, union_all

from server.errors import NotFound
from server.extensions import db
from server.models import (
    OFFICE_ROLES,
    Attachment,
    Blob,
    BlobHolder,
    Contract,
    Customer,
    Device,
    InspectionResult,
    Signature,
    Site,
    System,
    User,
    WorkOrder,
    contract_sites,
    work_order_devices,
)

#: Who keeps and reads the hotline log (server.services.calls): the office. An engineer
#: does not, not even about his own orders (it holds callers' numbers and calls about
#: customers he does not serve); the API answers him 403.
HOTLINE_ROLES = OFFICE_ROLES
#: Who reads the notification outbox and resends (server.api.notifications).
NOTIFICATION_ROLES = OFFICE_ROLES

#: (systems, sites) an engineer serves.
Served = tuple[frozenset[uuid.UUID], frozenset[uuid.UUID]]


def _my_orders(user: User) -> Select:
    return select(WorkOrder.id).where(WorkOrder.assigned_engineer_id == user.id)


def restrict(query: Select, model: Any, user: User) -> Select:
    """Limit a SELECT over ``model`` to the rows ``user`` may read. REST answers a
    customer with its contacts, so a customer is read only through a confirmed order."""
    if user.is_office:
        return query
    return referenced(query, model, _my_orders(user), contacts=True)


def confirmed(orders: Select) -> Select:
    """Those of the work orders ``orders`` (a SELECT of ids) that are confirmed: they open
    everything they reference."""
    if _of_work_orders_alone(orders):
        return orders.where(WorkOrder.confirmed.is_(True))
    return select(WorkOrder.id).where(WorkOrder.id.in_(orders), WorkOrder.confirmed.is_(True))


def _of_work_orders_alone(orders: Select) -> bool:
    """Whether ``orders`` selects ``work_orders.id`` from that table alone, each of its rows
    an order (no join, grouping, distinct or limit): its own rows then give any other
    column of those orders. (Grouping and the rest are read from the SELECT's private
    attributes: should SQLAlchemy rename them, the answer is no, the general form.)"""
    if not isinstance(orders, Select):
        return False
    (column, *more) = orders.selected_columns
    try:
        plain = not (
            orders._group_by_clauses
            or orders._distinct
            or orders._limit_clause is not None
            or orders._offset_clause is not None
        )
    except AttributeError:
        return False
    return (
        plain
        and not more
        and getattr(column, "table", None) is WorkOrder.__table__
        and column.key == "id"
        and orders.get_final_froms() == [WorkOrder.__table__]
    )


def _column_of(orders: Select, column: Any) -> Select:
    """A SELECT of ``column`` (of work_orders) for the work orders ``orders``. The scope of
    a phone or an engineer's reads selects his orders from work_orders itself, so its own
    rows give the column: joined back to work_orders by id instead, PostgreSQL hashed the
    whole table once per statement (9–29 ms for each of customers, sites, systems and
    devices in a pull at 10,000 orders, for a row or none)."""
    if _of_work_orders_alone(orders):
        return orders.with_only_columns(column)
    return select(column).where(WorkOrder.id.in_(orders))


def may_record_on_device(wo: WorkOrder, device: Device) -> bool:
    """Whether work recorded on ``wo`` may name ``device`` (a unit swapped, a checklist
    answer): a confirmed order any device at its site, an unconfirmed one only the devices
    it names (it opens no other; see ``referenced``)."""
    if device.system.site_id != wo.site_id:
        return False
    return wo.confirmed or any(named.id == device.id for named in wo.devices)


def referenced(query: Select, model: Any, orders: Select, *, contacts: bool = False) -> Select:
    """Limit a SELECT over ``model`` to what the work orders ``orders`` (a SELECT of ids)
    reference. A confirmed order references its customer, site, the contracts covering
    that site, the systems it is about with every device in them (and their photos), and
    what was recorded on it. An unconfirmed one references its site, its customer's record
    (not with ``contacts``: REST answers a customer with its contacts), the devices it
    names and their systems' records (not their other devices) and what was recorded on
    it. An engineer reads what his work orders reference; his phone holds what his open
    ones do (server.sync.scope)."""
    if model is WorkOrder:
        if _of_work_orders_alone(orders):  # its own conditions, not its ids joined back
            return query if orders.whereclause is None else query.where(orders.whereclause)
        return query.where(WorkOrder.id.in_(orders))
    full = confirmed(orders)
    if model is Customer:
        customers = _column_of(full if contacts else orders, WorkOrder.customer_id)
        return query.where(Customer.id.in_(customers))
    if model is Site:
        return query.where(Site.id.in_(_column_of(orders, WorkOrder.site_id)))
    if model is Contract:
        sites = _column_of(full, WorkOrder.site_id)
        return query.where(
            or_(
                Contract.id.in_(_column_of(full, WorkOrder.contract_id)),
                Contract.id.in_(
                    select(contract_sites.c.contract_id).where(contract_sites.c.site_id.in_(sites))
                ),
            )
        )
    named = select(work_order_devices.c.device_id).where(
        work_order_devices.c.work_order_id.in_(orders)
    )
    named_by_full = select(work_order_devices.c.device_id).where(
        work_order_devices.c.work_order_id.in_(full)
    )
    opened_systems = select(System.id).where(
        or_(
            System.id.in_(_column_of(full, WorkOrder.system_id)),
            System.id.in_(select(Device.system_id).where(Device.id.in_(named_by_full))),
        )
    )
    #: Devices whose every detail and photo the orders open: those of confirmed orders.
    opened_devices = select(Device.id).where(
        or_(Device.id.in_(named_by_full), Device.system_id.in_(opened_systems))
    )
    if model is Device:
        # opened_devices spelt out: as a subquery over devices it is a scan of the whole
        # table per statement (each pull page), where these lists are a few ids each.
        return query.where(
            or_(
                Device.id.in_(named),
                Device.id.in_(named_by_full),
                Device.system_id.in_(opened_systems),
            )
        )
    if model is System:
        return query.where(
            or_(
                System.id.in_(_column_of(orders, WorkOrder.system_id)),
                System.id.in_(select(Device.system_id).where(Device.id.in_(named))),
            )
        )
    if model is Signature:
        return query.where(Signature.work_order_id.in_(orders))
    if model is Attachment:
        # A photo of a device is seen by whoever sees the device through a confirmed
        # order (its label, its card); photos on the orders are their own.
        results = select(InspectionResult.id).where(InspectionResult.work_order_id.in_(orders))
        return query.where(
            or_(
                Attachment.work_order_id.in_(orders),
                Attachment.device_id.in_(opened_devices),
                Attachment.inspection_result_id.in_(results),
            )
        )
    raise LookupError(f"no access rule for {model.__name__}")


#: The systems and sites each engineer serves, remembered for the transaction they were
#: read in (weakly: forgotten with it); an assignment forgets them at once.
_served_memo: weakref.WeakKeyDictionary[Any, dict[uuid.UUID, Served]] = weakref.WeakKeyDictionary()


def scope_changed() -> None:
    """Forget what engineers serve (an order was assigned, or its systems changed)."""
    transaction = db.session().get_transaction()
    if transaction is not None:
        _served_memo.pop(transaction, None)


def _served(user: User) -> Served:
    """(systems, sites) ``user`` serves: the systems he is responsible for and those his
    confirmed orders are about, and their sites with his confirmed orders' sites. One
    query, remembered until the transaction ends (a push registering 500 orders asks once):
    nothing an engineer pushes changes it, and an assignment forgets it (scope_changed)."""
    transaction = db.session().get_transaction()
    remembered = _served_memo.get(transaction, {}) if transaction is not None else {}
    if user.id in remembered:
        return remembered[user.id]
    mine = confirmed(_my_orders(user))
    systems = union(
        select(WorkOrder.system_id).where(WorkOrder.id.in_(mine)),
        select(Device.system_id).where(
            Device.id.in_(
                select(work_order_devices.c.device_id).where(
                    work_order_devices.c.work_order_id.in_(mine)
                )
            )
        ),
        select(System.id).where(System.responsible_engineer_id == user.id),
    )
    rows = db.session.execute(
        union_all(
            select(System.id, System.site_id).where(System.id.in_(systems)),
            # each site once: an engineer with 10,000 orders at one site reads one row
            select(literal(None, Uuid()), WorkOrder.site_id)
            .where(WorkOrder.id.in_(mine))
            .distinct(),
        )
    ).all()
    served = (
        frozenset(system for system, _ in rows if system is not None),
        frozenset(site for _, site in rows),
    )
    transaction = db.session().get_transaction()
    if transaction is not None:
        _served_memo.setdefault(transaction, {})[user.id] = served
    return served


def widens_scope(user: User, site_id: uuid.UUID, system_ids: set[uuid.UUID]) -> bool:
    """Whether a work order ``user`` registers at ``site_id`` about ``system_ids`` (its
    system and its devices' systems) would open to him what the systems he serves do not
    (``_served``): a system he does not serve, or, about no system, a site none of them
    and none of his confirmed orders is at. Such an order waits for the office to confirm
    it (WorkOrder.confirmed)."""
    if user.is_office:
        return False
    with db.session.no_autoflush:
        systems, sites = _served(user)
    if system_ids:
        return not system_ids <= systems
    return site_id not in sites


# --- blobs ------------------------------------------------------------------------------


def _holders(sha256: str) -> set[uuid.UUID]:
    return set(db.session.scalars(select(BlobHolder.user_id).filter_by(sha256=sha256)))


def _author(record: Attachment | Signature) -> uuid.UUID | None:
    return record.uploaded_by_id if isinstance(record, Attachment) else record.created_by_id


def _shows_its_blob(record: Attachment | Signature, blob: Blob, holders: set[uuid.UUID]) -> bool:
    """Whether ``record`` shows ``blob``: its author uploaded the bytes (a customer's
    photo from the public page: both by nobody), or someone who holds them may see the
    record. A record naming a hash someone else uploaded shows nothing."""
    author = _author(record)
    if author is None:
        return blob.uploaded_by_id is None
    if author in holders:
        return True
    for holder in holders:
        user = db.session.get(User, holder)
        if user is None:
            continue
        model = type(record)
        query = restrict(select(model.id).where(model.id == record.id), model, user)
        if db.session.scalar(query) is not None:
            return True
    return False


def may_read_blob(user: User, sha256: str) -> bool:
    """Whether ``user`` may read the stored blob ``sha256`` (and learn that it is stored):
    whoever uploaded its bytes; office roles once a record names it; anyone else only
    through a record he may see (an attachment, a signature) that shows it
    (``_shows_its_blob``)."""
    blob = db.session.get(Blob, sha256)
    if blob is None:
        return False
    holders = _holders(sha256)
    if user.id in holders:
        return True
    if user.is_office:  # any record showing it
        return any(
            db.session.scalar(select(model.id).where(model.sha256 == sha256).limit(1))
            for model in (Attachment, Signature)
        )
    for model in (Attachment, Signature):
        records = db.session.scalars(
            restrict(select(model).where(model.sha256 == sha256), model, user)
        )
        if any(_shows_its_blob(record, blob, holders) for record in records):
            return True
    return False


def may_name_blob(user: User, sha256: str) -> bool:
    """Whether a record ``user`` adds may name the blob ``sha256``: one not stored yet
    (the record may come before its upload; it will show the blob only if its author
    uploads it), or one he may read."""
    sha256 = sha256.lower()
    if db.session.get(Blob, sha256) is None:
        return True
    return may_read_blob(user, sha256)


#: Models whose rows an engineer sees only through his work orders.
RULED_MODELS = (WorkOrder, Customer, Site, Contract, Device, System, Attachment, Signature)


def get_or_404(model: Any, id_: uuid.UUID) -> Any:
    row = db.session.get(model, id_)
    if row is None:
        raise NotFound(f"{model.__name__} not found.", key="errors.notFound")
    return row


def get_visible(model: Any, id_: uuid.UUID, user: User) -> Any:
    """The row if ``user`` may read it; 404 otherwise (we do not reveal that it exists)."""
    row = db.session.scalar(restrict(select(model).where(model.id == id_), model, user))
    if row is None:
        raise NotFound(f"{model.__name__} not found.", key="errors.notFound")
    return row
