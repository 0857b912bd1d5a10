// TypeScript twin of server/domain/errors.py: the typed errors the rules raise.
// Each carries the same stable `code` as the server (the shared vectors check it) and the
// i18n `key` of its message.

export class DomainError extends Error {
  readonly code: string = "domain_error";
  readonly key: string = "errors.domain.invalid";

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An input value (date, instant, event kind, setting) cannot be used. */
export class InvalidValue extends DomainError {
  override readonly code = "invalid_value";
  override readonly key = "errors.domain.invalidValue";
}

/** The device has no date for the contract's start event, or the day asked is before it. */
export class WarrantyNotStarted extends DomainError {
  override readonly code = "warranty_not_started";
  override readonly key = "errors.warranty.notStarted";
}

export class UnknownSeverity extends DomainError {
  override readonly code = "unknown_severity";
  override readonly key = "errors.sla.unknownSeverity";
}

export class UnknownZone extends DomainError {
  override readonly code = "unknown_zone";
  override readonly key = "errors.sla.unknownZone";
}

/** A business calendar has no working period for years ahead (e.g. no weekdays). */
export class NoWorkingTime extends DomainError {
  override readonly code = "no_working_time";
  override readonly key = "errors.calendar.noWorkingTime";
}
