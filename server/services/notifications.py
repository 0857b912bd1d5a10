"""The notification outbox's rows: who is told what, written in the transaction of the event
that causes it (server.notify.hooks calls ``enqueue_for_events`` just before a commit, for
the few event kinds in NOTIFYING_EVENTS), and the office's list and resend.

Who is told:
- the customer's contact, by e-mail: the request is registered (with the progress link),
  an engineer is assigned or the appointment changes (engineer, appointment), the work is
  completed (the progress page offers the report and the survey). Not for an order an
  engineer opened on site from his phone (the customer is with him); a planned visit
  (channel "scheduled") only when its appointment is set and when it is completed;
- the centre's managers (active supervisors and admins of the centre of the order's
  engineer, else of the system's responsible engineer; without one, those of no centre),
  (server.services.notifications._managers says who when the centre is unknown),
  by e-mail: a level-1 request is registered (or an edit raises one to level 1), an SLA
  clock passes its deadline (``enqueue_breaches``, run by the scheduler).

A recipient without an e-mail address gets nothing.

The engineer's phone, by Web Push (if he allowed notifications on it: a push
subscription): a work order assigned to him, his order given to someone else, his order's
appointment changed; not for a change he made himself. The message is rendered now, in the
recipient's language (a contact's ``locale``, a user's ``locale``, else the organisation's
``default_locale``). The same cause writes one row per recipient and channel, never two
(``dedupe_key``). Sending is the worker's (server.notify.worker)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.orm import Session, selectinload

from server.errors import Conflict
from server.models import (
    Contact,
    Notification,
    OrganisationSettings,
    PushSubscription,
    SlaOutcome,
    System,
    User,
    WorkOrder,
    WorkOrderEvent,
)
from server.models.base import utcnow
from server.notify import texts
from server.services import progress

#: The event kinds that may notify someone; every other event costs nothing here.
NOTIFYING_EVENTS = frozenset({"registered", "assigned", "resolved", "updated"})
MANAGER_ROLES = ("supervisor", "admin")


def _changed(event: WorkOrderEvent) -> Collection[str]:
    return (event.data or {}).get("fields") or ()


def _raised_to_level1(event: WorkOrderEvent) -> bool:
    """An edit that made the request level 1 (system down): news to the managers."""
    wo = event.work_order
    return "severity" in _changed(event) and wo is not None and wo.severity == 1


def notifies(event: WorkOrderEvent) -> bool:
    """Whether a new event may cause a notification (read at flush: no query)."""
    if event.kind == "updated":
        return "appointment_at" in _changed(event) or _raised_to_level1(event)
    if event.kind == "registered" and event.actor is not None and event.actor.role == "engineer":
        # Opened on site from his phone (a push may carry hundreds): only a level-1
        # request is news, to the managers.
        return event.work_order is not None and event.work_order.severity == 1
    return event.kind in NOTIFYING_EVENTS


@dataclass(frozen=True)
class Word:
    """A value said in the recipient's language (server.notify.texts.WORDS)."""

    key: str


@dataclass
class _Context:
    """What rendering needs, looked up once per batch."""

    session: Session
    company: str
    hotline: str
    default_locale: str
    timezone: ZoneInfo
    base_url: str
    managers: list[User]
    keys: set[str]
    rows: list[Notification]

    def when(self, instant: datetime | None) -> str:
        return instant.astimezone(self.timezone).strftime("%Y-%m-%d %H:%M") if instant else ""


def _context(session: Session) -> _Context:
    settings = session.scalar(select(OrganisationSettings))
    managers = session.scalars(
        select(User)
        .where(User.role.in_(MANAGER_ROLES), User.is_active.is_(True), User.email != "")
        .order_by(User.username)
    ).all()
    try:
        zone = ZoneInfo(settings.timezone if settings else "Asia/Shanghai")
    except (KeyError, ValueError):
        zone = ZoneInfo("Asia/Shanghai")
    return _Context(
        session=session,
        company=settings.company_name if settings else "Aftercare",
        hotline=settings.hotline if settings else "",
        default_locale=(settings.default_locale if settings else "") or "zh-CN",
        timezone=zone,
        base_url=current_app.config["PUBLIC_BASE_URL"].rstrip("/"),
        managers=list(managers),
        keys=set(),
        rows=[],
    )


def _add(
    ctx: _Context,
    *,
    template: str,
    recipient: Contact | User,
    wo: WorkOrder,
    event_kind: str,
    event_ref: str,
    dedupe: str,
    values: dict[str, object],
    channel: str = "email",
) -> None:
    """Render one message for one recipient on one channel, unless the same cause wrote
    it already. E-mail goes to the recipient's address, Web Push to the user (each of his
    subscriptions; the payload carries the page to open)."""
    address = recipient.email.strip() if channel == "email" else str(recipient.id)
    key = f"{dedupe}:{channel}:{address.lower()}"
    if key in ctx.keys:
        return
    ctx.keys.add(key)
    language = texts.language_of(getattr(recipient, "locale", None), ctx.default_locale)
    values = {
        "company": ctx.company,
        "hotline": ctx.hotline or "-",
        "number": wo.number,
        **values,
    }
    for name, value in list(values.items()):
        if isinstance(value, Word):
            values[name] = texts.word(language, value.key)
    subject, body = texts.render(template, language, values)
    payload = (
        {"title": subject, "body": body, "url": f"/work-orders/{wo.id}", "tag": str(wo.id)}
        if channel == "webpush"
        else {}
    )
    ctx.rows.append(
        Notification(
            id=uuid.uuid4(),
            channel=channel,
            recipient=address,
            recipient_kind="user" if isinstance(recipient, User) else "contact",
            recipient_id=recipient.id,
            language=language,
            template=template,
            subject=subject,
            body=body,
            payload=payload,
            work_order_id=wo.id,
            event_kind=event_kind,
            event_ref=event_ref,
            dedupe_key=key[:200],
            state="queued",
            attempts=0,
            next_attempt_at=utcnow(),
            resends=0,
            created_at=utcnow(),
        )
    )


def _customer_contact(wo: WorkOrder, contacts: list[Contact]) -> Contact | None:
    """The contact to write to: the one the order names (contact, then reporter), else
    the first authorised one, else the first one; only contacts with an e-mail."""
    with_email = [c for c in contacts if c.email.strip()]
    for name in (wo.contact_name, wo.reporter_name):
        for contact in with_email:
            if name and contact.name == name:
                return contact
    authorised = [c for c in with_email if c.is_authorised]
    return (authorised or with_email or [None])[0]


def _centre_id(wo: WorkOrder) -> uuid.UUID | None:
    """The order's centre: its engineer's, else the responsible engineer's of its system
    (or of its first device's system)."""
    if wo.assigned_engineer is not None and wo.assigned_engineer.centre_id:
        return wo.assigned_engineer.centre_id
    systems = [wo.system] if wo.system is not None else [d.system for d in wo.devices]
    for system in systems:
        if system is not None and system.responsible_engineer is not None:
            return system.responsible_engineer.centre_id
    return None


def _managers(ctx: _Context, wo: WorkOrder) -> list[User]:
    """The managers of the order's centre; without one (or none with an e-mail), those
    of no centre (head office); if the centre is unknown and there are none, every one."""
    centre_id = _centre_id(wo)
    own = [u for u in ctx.managers if centre_id is not None and u.centre_id == centre_id]
    head_office = [u for u in ctx.managers if u.centre_id is None]
    return own or head_office or (list(ctx.managers) if centre_id is None else [])


def _customer_values(ctx: _Context, wo: WorkOrder, contact: Contact) -> dict[str, object]:
    engineer = wo.assigned_engineer
    return {
        "greeting": contact.name or Word("greeting"),
        "symptom": wo.symptom,
        "link": progress.progress_url(progress.link_for_customer(wo)),
        "engineer": engineer.display_name if engineer else Word("no_engineer"),
        "appointment": ctx.when(wo.appointment_at) or Word("no_appointment"),
    }


def _manager_values(ctx: _Context, wo: WorkOrder) -> dict[str, object]:
    engineer = wo.assigned_engineer
    return {
        "customer": wo.customer.name,
        "site": wo.site.name,
        "symptom": wo.symptom,
        "reported": ctx.when(wo.reported_at),
        "engineer": engineer.display_name if engineer else Word("no_engineer"),
        "severity": str(wo.severity),
        "office_link": f"{ctx.base_url}/office/review/{wo.id}",
    }


def _push_for_event(ctx: _Context, event: WorkOrderEvent, subscribed: set[uuid.UUID]) -> None:
    """Web Push to the engineers a change concerns (not to the one who made it): the
    new engineer of an assignment, the previous one of a reassignment, the engineer of an
    order whose appointment changed. Only users with a push subscription."""
    wo = event.work_order
    data = event.data or {}
    targets: list[tuple[str, str | None]] = []
    if event.kind == "assigned":
        targets.append(("engineer_assigned", data.get("engineer_id")))
        if data.get("previous_engineer_id") != data.get("engineer_id"):
            targets.append(("engineer_unassigned", data.get("previous_engineer_id")))
    elif event.kind == "updated" and wo.assigned_engineer_id is not None:
        targets.append(("engineer_appointment", str(wo.assigned_engineer_id)))
    for template, user_id in targets:
        if not user_id or event.actor_id is not None and str(event.actor_id) == user_id:
            continue
        uid = uuid.UUID(user_id)
        if uid not in subscribed:
            continue
        user = ctx.session.get(User, uid)
        if user is None:
            continue
        _add(
            ctx,
            template=template,
            recipient=user,
            wo=wo,
            event_kind=event.kind,
            event_ref=str(event.id),
            dedupe=f"{template}:{event.id}",
            channel="webpush",
            values={
                "customer": wo.customer.name,
                "site": wo.site.name,
                "symptom": wo.symptom,
                "appointment": ctx.when(wo.appointment_at) or Word("appointment_not_set"),
            },
        )


def _for_event(ctx: _Context, event: WorkOrderEvent, contacts: list[Contact]) -> None:
    wo = event.work_order
    kind = event.kind
    by_engineer = event.actor is not None and event.actor.role == "engineer"
    template = {
        "registered": "registered",
        "assigned": "assigned",
        "updated": "appointment",
        "resolved": "completed",
    }[kind]
    if (kind == "registered" and wo.severity == 1) or (
        kind == "updated" and _raised_to_level1(event)
    ):
        for manager in _managers(ctx, wo):
            _add(
                ctx,
                template="level1",
                recipient=manager,
                wo=wo,
                event_kind=kind,
                event_ref=str(event.id),
                dedupe=f"level1:{wo.id}",
                values=_manager_values(ctx, wo),
            )
    if kind == "registered" and by_engineer:
        return
    if kind == "updated" and "appointment_at" not in _changed(event):
        return  # only the severity changed: nothing for the customer
    if wo.channel == "scheduled" and kind in ("registered", "assigned"):
        return  # a planned visit: the customer hears of it when its appointment is set
    if kind == "updated" and (wo.assigned_engineer is None or wo.appointment_at is None):
        return
    contact = _customer_contact(wo, contacts)
    if contact is None:
        return
    # Registration and completion are told once per order (a send-back and a second
    # completion is not news to the customer); each assignment and appointment is.
    dedupe = (
        f"{template}:{wo.id}" if kind in ("registered", "resolved") else f"{template}:{event.id}"
    )
    _add(
        ctx,
        template=template,
        recipient=contact,
        wo=wo,
        event_kind=kind,
        event_ref=str(event.id),
        dedupe=dedupe,
        values=_customer_values(ctx, wo, contact),
    )


def _store(ctx: _Context) -> int:
    """Add the rows whose dedupe key is not stored yet; returns how many."""
    if not ctx.rows:
        return 0
    keys = [row.dedupe_key for row in ctx.rows]
    stored: set[str] = set()
    for start in range(0, len(keys), 500):
        stored.update(
            ctx.session.scalars(
                select(Notification.dedupe_key).where(
                    Notification.dedupe_key.in_(keys[start : start + 500])
                )
            )
        )
    new = [row for row in ctx.rows if row.dedupe_key not in stored]
    ctx.session.add_all(new)
    return len(new)


def enqueue_for_events(event_ids: Iterable[uuid.UUID], session: Session) -> int:
    """Write the notifications the given new events cause (those still in the transaction:
    one rolled back with its savepoint is not found). Returns how many rows."""
    ids = list(event_ids)
    events = session.scalars(
        select(WorkOrderEvent)
        .where(WorkOrderEvent.id.in_(ids))
        .options(selectinload(WorkOrderEvent.work_order))
        .order_by(WorkOrderEvent.server_at, WorkOrderEvent.id)
    ).all()
    events = [e for e in events if notifies(e)]
    if not events:
        return 0
    ctx = _context(session)
    customer_ids = {e.work_order.customer_id for e in events}
    contacts: dict[uuid.UUID, list[Contact]] = {}
    for contact in session.scalars(
        select(Contact)
        .where(Contact.customer_id.in_(customer_ids), Contact.email != "")
        .order_by(Contact.name, Contact.id)
    ):
        contacts.setdefault(contact.customer_id, []).append(contact)
    engineers = {
        uuid.UUID(value)
        for e in events
        for value in (
            (e.data or {}).get("engineer_id"),
            (e.data or {}).get("previous_engineer_id"),
            str(e.work_order.assigned_engineer_id or ""),
        )
        if value
    }
    subscribed = set(
        session.scalars(
            select(PushSubscription.user_id).where(PushSubscription.user_id.in_(engineers))
        )
        if engineers
        else ()
    )
    for event in events:
        _for_event(ctx, event, contacts.get(event.work_order.customer_id, []))
        _push_for_event(ctx, event, subscribed)
    return _store(ctx)


def breached_clocks(now: datetime, lookback: timedelta) -> Select:
    """SLA clocks whose deadline passed within ``lookback`` before ``now``: still
    running, or stopped (or voided) after it."""
    return select(SlaOutcome).where(
        SlaOutcome.deadline_at <= now,
        SlaOutcome.deadline_at > now - lookback,
        or_(
            SlaOutcome.is_met == false(),
            and_(SlaOutcome.stopped_at.is_(None), SlaOutcome.is_met.is_(None)),
        ),
    )


def enqueue_breaches(now: datetime, session: Session) -> int:
    """Tell the centre's managers of each newly breached clock, once per clock (the
    scheduler's run). Returns how many rows it wrote."""
    lookback = timedelta(hours=current_app.config["NOTIFY_BREACH_LOOKBACK_HOURS"])
    clocks = session.scalars(breached_clocks(now, lookback).order_by(SlaOutcome.deadline_at)).all()
    if not clocks:
        return 0
    ctx = _context(session)
    if not ctx.managers:
        return 0
    orders = {
        wo.id: wo
        for wo in session.scalars(
            select(WorkOrder)
            .where(WorkOrder.id.in_({c.work_order_id for c in clocks}))
            .options(
                selectinload(WorkOrder.assigned_engineer),
                selectinload(WorkOrder.system).selectinload(System.responsible_engineer),
            )
        )
    }
    for clock in clocks:
        wo = orders[clock.work_order_id]
        for manager in _managers(ctx, wo):
            _add(
                ctx,
                template="sla_breached",
                recipient=manager,
                wo=wo,
                event_kind="sla_breached",
                event_ref=clock.clock,
                dedupe=f"sla_breached:{wo.id}:{clock.clock}",
                values={
                    **_manager_values(ctx, wo),
                    "clock": Word(f"clock.{clock.clock}"),
                    "deadline": ctx.when(clock.deadline_at),
                },
            )
    return _store(ctx)


# --- the office --------------------------------------------------------------------------


def filter_notifications(query: Select, args: dict[str, object]) -> Select:
    """The office's list: newest first, by state, channel, work order."""
    for name in ("state", "channel", "work_order_id"):
        if args.get(name) is not None:
            query = query.where(getattr(Notification, name) == args[name])
    return query.order_by(Notification.created_at.desc(), Notification.id)


def resend(notification: Notification) -> Notification:
    """Send it again: back in the queue now, with fresh attempts. A sent one goes out
    again with a new Message-ID (``resends``); one being sent right now is refused."""
    if notification.state == "sending" and (
        notification.lease_expires_at is not None and notification.lease_expires_at > utcnow()
    ):
        raise Conflict(
            "The notification is being sent right now.", key="errors.notification.sending"
        )
    notification.state = "queued"
    notification.attempts = 0
    notification.next_attempt_at = utcnow()
    notification.claim_id = None
    notification.lease_expires_at = None
    notification.resends += 1
    return notification
