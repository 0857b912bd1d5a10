"""How a notification leaves the building: one Channel per delivery route.

A channel sends one message or raises (the worker records the error and retries later).
``email`` sends through SMTP with smtplib, ``webpush`` to the engineers' phones
(server.notify.webpush). ``sms`` and ``wechat`` are names the outbox, the worker and the
office already know; no class sends them yet. Adding one is a class with ``name`` and
``send`` (an SMS gateway's or WeChat's template-message API) returned by
``configured_channels`` when its settings are present; until then nothing writes such
rows, and the worker would leave them queued as "not configured"."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any, Protocol

from server.models.base import utcnow


@dataclass(frozen=True)
class Message:
    """What a worker claimed, detached from the session."""

    id: str
    channel: str
    recipient: str
    subject: str
    body: str
    payload: dict[str, Any] = field(default_factory=dict)
    resends: int = 0


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> None:
        """Deliver the message or raise."""


def message_id(message: Message, sender: str) -> str:
    """The Message-ID of a notification's e-mail: its id and resend count. A retry after an
    unrecorded success (the worker stopped between the server's 250 and marking the row
    sent) repeats it, so a duplicate is recognisable (and dropped by many mail systems);
    an office resend gets a new one."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "aftercare.invalid"
    return f"<notification-{message.id}.{message.resends}@{domain}>"


class EmailChannel:
    name = "email"

    def __init__(self, config: dict[str, Any]) -> None:
        self.host = config["SMTP_HOST"]
        self.port = int(config["SMTP_PORT"])
        self.tls = (config["SMTP_TLS"] or "starttls").lower()
        self.user = config["SMTP_USER"]
        self.password = config["SMTP_PASSWORD"]
        self.sender = config["SMTP_FROM"]
        self.timeout = config["SMTP_TIMEOUT_SECONDS"]

    def build(self, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Date"] = format_datetime(utcnow())
        mail["Message-ID"] = message_id(message, self.sender)
        mail["X-Aftercare-Notification"] = message.id
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.body)
        return mail

    def send(self, message: Message) -> None:
        mail = self.build(message)
        if self.tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(mail)


def configured_channels(config: dict[str, Any]) -> dict[str, Channel]:
    """The channels this server can send on now: Web Push (its keys are made on first
    use), e-mail once SMTP_HOST is set."""
    from server.notify.webpush import WebPushChannel

    channels: dict[str, Channel] = {"webpush": WebPushChannel(config)}
    if config.get("SMTP_HOST"):
        channels["email"] = EmailChannel(config)
    return channels
