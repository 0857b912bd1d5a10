// TypeScript twin of server/domain/warranty.py: is this fault on this device, on this day,
// returned, exchanged, repaired free, or paid? (三包: 包退 return, 包换 exchange, 保修 free repair.)
//
// The rules, with the numbers taken from the contract's warranty terms (WarrantyTerms):
// - The warranty starts on the date of the contract's start event; "day_after_acceptance" is
//   the day after `accepted_on`. The start date is day 1.
// - Length: months for the device class; a manufacturer's longer warranty wins. It ends the
//   day before the same day of the month N months later; when that month lacks the day, on
//   the month's last day (1 year from 2024-02-29 ends 2025-02-28).
// - Return on days 1..return_days (7), exchange up to exchange_until_day (30), free repair
//   from then to the end. Return and exchange need a quality fault confirmed by an engineer.
// - A replacement (`replaces_serial` set) restarts its own warranty from its own
//   `installed_on` when the contract says so; otherwise it keeps the replaced unit's warranty.
// - Lemon: once the same defect was repaired `lemon_threshold` (2) times within the warranty,
//   that defect is remedied by an exchange for the same brand and model; if a unit that came
//   in by exchange fails again with the defect it was exchanged for, the remedy is a refund.
// - Excluded (paid): a listed exclusion applies, a consumable, a peripheral not covered.
//   Exclusions are checked first, then the end date, then the day windows.

import { type Day, daysInMonth, formatDate, formatOptionalDate, parseDate, shiftMonth, yearMonthDay, dayOf } from "./dates";
import { InvalidValue, WarrantyNotStarted } from "./errors";
import { DEVICE_CLASSES, type JsonObject, START_EVENTS, type WarrantyTerms, own } from "./settings";

export const STATUSES = ["return", "exchange", "free_repair", "paid", "excluded"] as const;
export const FREE_STATUSES: readonly string[] = ["return", "exchange", "free_repair"];
export type WarrantyStatus = (typeof STATUSES)[number];

/** A device record as the server sends it (dates "YYYY-MM-DD" or null). */
export type Device = JsonObject;
/** {on, kind: "repair" | "exchange" | "return", defect_code, serial}. */
export type HistoryEvent = JsonObject;

export interface WarrantyDecision {
  status: WarrantyStatus;
  reasons: string[]; // machine codes, e.g. "exchange_window", "exclusion:lightning"
  start_on: string | null;
  end_on: string | null;
  months: number | null;
  day: number | null; // day number counted from start_on = 1
  is_free: boolean;
  is_lemon: boolean;
  remedy: "exchange" | "refund" | null; // when the lemon rule applies
  requires_fault_confirmation: boolean;
}

// The device field each start event reads.
const START_FIELDS: Record<string, string> = {
  sale: "sold_on",
  delivery: "delivered_on",
  installation: "installed_on",
  commissioning: "commissioned_on",
  acceptance: "accepted_on",
  first_use: "first_used_on",
  purchase: "purchased_on",
  day_after_acceptance: "accepted_on",
};

/** Last day of a warranty of `months` starting on `startOn` (day 1), "YYYY-MM-DD". */
export function warrantyEndOn(startOn: string, months: number): string {
  return formatDate(endOn(parseDate(startOn), months));
}

function endOn(start: Day, months: number): Day {
  const [startYear, startMonth, startDate] = yearMonthDay(start);
  const [year, month] = shiftMonth(startYear, startMonth, months);
  if (startDate > daysInMonth(year, month)) return dayOf(year, month, daysInMonth(year, month));
  return dayOf(year, month, startDate) - 1;
}

/** The date of the contract's start event for this device (null when not yet known). */
export function warrantyStartOn(device: Device, terms: WarrantyTerms): string | null {
  return formatOptionalDate(startOf(device, terms));
}

function startOf(device: Device, terms: WarrantyTerms): Day | null {
  const event = terms.start_event;
  if (!(START_EVENTS as readonly string[]).includes(event)) {
    throw new InvalidValue(`unknown warranty start event: ${JSON.stringify(event)}`);
  }
  const value = own(device, START_FIELDS[event] as string);
  if (value === null || value === undefined) return null;
  const start = parseDate(value);
  return event === "day_after_acceptance" ? start + 1 : start;
}

/** [months, whether the manufacturer's longer warranty set them]. */
export function warrantyMonths(device: Device, terms: WarrantyTerms): [number, boolean] {
  const months = own(terms.months, deviceClass(device));
  if (typeof months !== "number") throw new InvalidValue(`no warranty months for ${deviceClass(device)}`);
  const manufacturer = own(device, "manufacturer_warranty_months");
  if (terms.manufacturer_longer_wins && typeof manufacturer === "number" && manufacturer > months) {
    return [manufacturer, true];
  }
  return [months, false];
}

/** Reasons the fault is excluded: the device class, then each listed exclusion that applies.
 * An exclusion code the contract does not list is not an exclusion under that contract. */
export function coverageExclusions(device: Device, terms: WarrantyTerms, exclusions: readonly string[] = []): string[] {
  const reasons: string[] = [];
  const cls = deviceClass(device);
  if (cls === "consumable" && !terms.covers_consumables) reasons.push("consumable_not_covered");
  if (cls === "peripheral" && !isPeripheralCovered(device, terms)) reasons.push("peripheral_not_covered");
  for (const code of exclusions) {
    if (terms.exclusion_codes.includes(code)) reasons.push(`exclusion:${code}`);
  }
  return reasons;
}

/** Repairs of `defectCode` on `serial` dated within [startOn, endOn]. */
export function countRepairs(
  history: readonly HistoryEvent[],
  serial: unknown,
  defectCode: string,
  startOn: string,
  endOn: string,
): number {
  return repairsWithin(history, serial, defectCode, parseDate(startOn), parseDate(endOn));
}

function repairsWithin(history: readonly HistoryEvent[], serial: unknown, defectCode: string, start: Day, end: Day) {
  return history.filter((event) => {
    if (event.kind !== "repair" || event.serial !== serial || field(event, "defect_code") !== defectCode) return false;
    const on = parseDate(event.on);
    return start <= on && on <= end;
  }).length;
}

export interface WarrantyOptions {
  /** The fault being decided (null: judge the lemon rule on history alone). */
  defectCode?: string | null;
  /** The device this one replaced; its dates give the warranty when the contract does not
   * restart it (without it, this device's own start-event date is used). */
  replaced?: Device | null;
}

/**
 * Decide the warranty treatment of a fault on `device` reported `on` a date ("YYYY-MM-DD").
 *
 * `history` lists {on, kind: "repair"|"exchange"|"return", defect_code, serial} for this
 * device and the unit it replaced; an "exchange" event's serial is the unit taken out.
 * Throws WarrantyNotStarted when the start date is unknown or after `on`, unless excluded.
 */
export function warrantyDecision(
  device: Device,
  history: readonly HistoryEvent[],
  terms: WarrantyTerms,
  on: string,
  exclusions: readonly string[] = [],
  { defectCode = null, replaced = null }: WarrantyOptions = {},
): WarrantyDecision {
  const dayOn = parseDate(on);
  const past = history.filter((event) => parseDate(event.on) <= dayOn);
  const excludedBy = coverageExclusions(device, terms, exclusions);
  const reasons = [...excludedBy];
  const [startOn, startReason] = startWithReason(device, terms, replaced);
  const [months, byManufacturer] = warrantyMonths(device, terms);
  if (startReason) reasons.push(startReason);
  if (byManufacturer) reasons.push("manufacturer_warranty");
  if (startOn === null || startOn > dayOn) {
    if (excludedBy.length > 0) {
      const end = startOn === null ? null : endOn(startOn, months);
      return decision("excluded", reasons, startOn, end, months, null, terms);
    }
    throw new WarrantyNotStarted(`warranty of ${String(own(device, "serial"))} not started on ${formatDate(dayOn)}`);
  }

  const end = endOn(startOn, months);
  const day = dayOn - startOn + 1;
  if (excludedBy.length > 0) return decision("excluded", reasons, startOn, end, months, day, terms);
  if (dayOn > end) return decision("paid", [...reasons, "warranty_expired"], startOn, end, months, day, terms);

  let status: WarrantyStatus;
  if (day <= terms.return_days) {
    status = "return";
    reasons.push("return_window");
  } else if (day <= terms.exchange_until_day) {
    status = "exchange";
    reasons.push("exchange_window");
  } else {
    status = "free_repair";
    reasons.push("free_repair_period");
  }

  const remedy = lemonRemedy(device, past, terms, defectCode, startOn, end);
  if (remedy === "refund") {
    status = "return";
    reasons.push("lemon_refund");
  } else if (remedy === "exchange") {
    status = status === "return" ? "return" : "exchange";
    reasons.push("lemon_exchange");
  }
  return decision(status, reasons, startOn, end, months, day, terms, remedy);
}

function startWithReason(device: Device, terms: WarrantyTerms, replaced: Device | null): [Day | null, string | null] {
  if (!own(device, "replaces_serial")) return [startOf(device, terms), null];
  if (terms.replacement_restarts_warranty) {
    const installedOn = own(device, "installed_on");
    if (installedOn !== null && installedOn !== undefined) {
      return [parseDate(installedOn), "replacement_restarted_warranty"];
    }
    return [startOf(device, terms), "replacement_restarted_warranty"];
  }
  if (replaced !== null) return [startOf(replaced, terms), "replacement_kept_warranty"];
  return [startOf(device, terms), "replacement_kept_warranty"];
}

function lemonRemedy(
  device: Device,
  history: readonly HistoryEvent[],
  terms: WarrantyTerms,
  defectCode: string | null,
  start: Day,
  end: Day,
): "exchange" | "refund" | null {
  const serial = own(device, "serial");
  const ownRepairs = history.filter((event) => event.kind === "repair" && event.serial === serial);
  const failing = new Set<unknown>(defectCode ? [defectCode] : ownRepairs.map((event) => field(event, "defect_code")));
  failing.delete(null);

  const replacesSerial = field(device, "replaces_serial");
  const exchangedFor = new Set(
    history
      .filter((event) => event.kind === "exchange" && event.serial === replacesSerial)
      .map((event) => field(event, "defect_code")),
  );
  if (replacesSerial && [...failing].some((code) => exchangedFor.has(code))) return "refund";

  for (const code of failing) {
    if (repairsWithin(history, serial, code as string, start, end) >= terms.lemon_threshold) return "exchange";
  }
  return null;
}

function decision(
  status: WarrantyStatus,
  reasons: string[],
  startOn: Day | null,
  end: Day | null,
  months: number,
  day: number | null,
  terms: WarrantyTerms,
  remedy: "exchange" | "refund" | null = null,
): WarrantyDecision {
  return {
    status,
    reasons,
    start_on: formatOptionalDate(startOn),
    end_on: formatOptionalDate(end),
    months,
    day,
    is_free: FREE_STATUSES.includes(status),
    is_lemon: remedy !== null,
    remedy,
    requires_fault_confirmation: terms.fault_confirmation_required && (status === "return" || status === "exchange"),
  };
}

function deviceClass(device: Device): string {
  const cls = own(device, "device_class");
  if (typeof cls !== "string" || !(DEVICE_CLASSES as readonly string[]).includes(cls)) {
    throw new InvalidValue(`unknown device class: ${JSON.stringify(cls)}`);
  }
  return cls;
}

function isPeripheralCovered(device: Device, terms: WarrantyTerms): boolean {
  const coverage = terms.peripheral_coverage;
  if (coverage === "listed") return terms.covered_peripheral_models.includes(own(device, "model") as string);
  return coverage === "all";
}

/** A field as Python's dict.get reads it: missing is null. */
function field(record: JsonObject, key: string): unknown {
  return own(record, key) ?? null;
}
