"""When a notification that failed is tried again: exponential back-off, capped."""

from __future__ import annotations

from datetime import timedelta


def retry_delay(attempts: int, base_seconds: int, max_seconds: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt (1, 2, ...): base, 2 × base,
    4 × base ... never more than ``max_seconds``."""
    exponent = max(attempts - 1, 0)
    seconds = base_seconds * 2 ** min(exponent, 32)
    return timedelta(seconds=min(seconds, max_seconds))


def gives_up(attempts: int, max_attempts: int) -> bool:
    """After this many failed attempts the notification is failed (the office may resend)."""
    return attempts >= max_attempts
