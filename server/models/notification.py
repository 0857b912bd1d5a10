"""The notification outbox: one row per message to send (an e-mail to a customer contact or
a centre manager, a Web Push to an engineer's phone), written in the same transaction as the
event that causes it and sent later by the worker (server.notify.worker, `aftercare
notify`). A rolled-back event leaves no row; an unreachable mail server leaves the row
queued with its error, retried with back-off, never blocking the work order."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import IdMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from server.models.work_order import WorkOrder

#: Delivery channels. sms and wechat are declared in the channel interface
#: (server.notify.channels) but not implemented: no row is written for them yet.
NOTIFICATION_CHANNELS = ("email", "webpush", "sms", "wechat")
#: queued → sending (claimed by a worker, until lease_expires_at) → sent, or back to queued
#: with an error and a later next_attempt_at, or failed after the last attempt.
NOTIFICATION_STATES = ("queued", "sending", "sent", "failed")
#: What caused a notification (its template key is the same word).
NOTIFICATION_KINDS = (
    "registered",  # to the customer contact: the request is registered, progress link
    "assigned",  # to the customer contact: engineer and appointment
    "appointment",  # to the customer contact: the appointment changed
    "completed",  # to the customer contact: report and survey on the progress page
    "level1",  # to the centre's managers: a level-1 (severity 1) request
    "sla_breached",  # to the centre's managers: an SLA clock passed its deadline
    "engineer_assigned",  # Web Push to the engineer: a work order for him
    "engineer_unassigned",  # Web Push to the engineer: his order went to someone else
    "engineer_appointment",  # Web Push to the engineer: his order's appointment changed
)


class Notification(IdMixin, db.Model):
    __tablename__ = "notifications"

    #: One of NOTIFICATION_CHANNELS.
    channel: Mapped[str] = mapped_column(String(20))
    #: The address on that channel: an e-mail address; for webpush the user's id (sent
    #: to each of his push subscriptions).
    recipient: Mapped[str] = mapped_column(String(300))
    #: Who the recipient is, for the office's list: "contact" or "user", and its id.
    recipient_kind: Mapped[str] = mapped_column(String(10), default="contact")
    recipient_id: Mapped[uuid.UUID | None] = mapped_column()
    #: The recipient's language: "zh-CN" or "en".
    language: Mapped[str] = mapped_column(String(10), default="zh-CN")
    #: One of NOTIFICATION_KINDS: the template (server.notify.texts) it was rendered from.
    template: Mapped[str] = mapped_column(String(30))
    #: Rendered when written, so the message says what was true at the event.
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    #: Channel-specific extras (a push's JSON payload).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The cause: the work order, the event kind (or "sla_breached"), and the event's id
    #: or the clock's name.
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_orders.id"), index=True
    )
    event_kind: Mapped[str] = mapped_column(String(30))
    event_ref: Mapped[str] = mapped_column(String(60), default="")
    #: The same cause never writes the same message to the same recipient twice.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    #: One of NOTIFICATION_STATES.
    state: Mapped[str] = mapped_column(String(10), default="queued")
    #: Delivery attempts started (a worker claiming the row counts one).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Not sent before this (UTC): now when written, later after a failure (back-off).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: While "sending": the claim's id and when it lapses. A worker that dies after
    #: claiming leaves the row "sending"; once the lease lapses another worker retries it.
    claim_id: Mapped[uuid.UUID | None] = mapped_column()
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How often the office asked to send it again: part of its Message-ID, so a
    #: retry of one send repeats the id (a duplicate is recognisable) and a resend does not.
    resends: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    work_order: Mapped[WorkOrder | None] = relationship()

    __table_args__ = (
        # The worker's scan: due rows of one state.
        Index("ix_notifications_state_next_attempt_at", "state", "next_attempt_at"),
    )
