"""Typed errors the rules engine raises; server/errors.py maps them to the one error shape.

Each error carries a stable `code` (also used by the shared test vectors, so the
TypeScript twin raises the same thing) and an i18n `key` for the message.
"""


class DomainError(ValueError):
    code = "domain_error"
    key = "errors.domain.invalid"


class InvalidValue(DomainError):
    """An input value (date, instant, event kind, setting) cannot be used."""

    code = "invalid_value"
    key = "errors.domain.invalidValue"


class WarrantyNotStarted(DomainError):
    """The device has no date for the contract's start event, or the day asked is before it."""

    code = "warranty_not_started"
    key = "errors.warranty.notStarted"


class UnknownSeverity(DomainError):
    code = "unknown_severity"
    key = "errors.sla.unknownSeverity"


class UnknownZone(DomainError):
    code = "unknown_zone"
    key = "errors.sla.unknownZone"


class NoWorkingTime(DomainError):
    """A business calendar has no working period for years ahead (e.g. no weekdays)."""

    code = "no_working_time"
    key = "errors.calendar.noWorkingTime"
