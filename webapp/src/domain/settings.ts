// TypeScript twin of server/domain/settings.py: the shape of a contract's settings, the
// defaults, and laying a contract's partial settings over them.
//
// Settings are the same plain JSON the server holds (snake_case keys), so a contract's
// settings synced from the server feed these rules unchanged. docs/rules.md explains each
// setting; settings.test.ts keeps these defaults equal to the ones in the shared vectors.
// Money is in integer fen (cents); durations in minutes unless the name says otherwise.

export const START_EVENTS = [
  "sale",
  "delivery",
  "installation",
  "commissioning",
  "acceptance",
  "first_use",
  "purchase",
  "day_after_acceptance",
] as const;
export const DEVICE_CLASSES = ["main", "peripheral", "consumable"] as const;
export const EXCLUSION_CODES = [
  "no_valid_proof", // no warranty card, invoice or receipt
  "serial_label_damaged", // label altered, torn, replaced or missing
  "serial_mismatch", // model/serial on the card does not match the unit
  "human_damage", // human damage or misuse
  "natural_disaster",
  "lightning",
  "power_failure",
  "war",
  "unqualified_modification", // moved, opened or modified by unqualified people
  "third_party_parts", // third-party parts or software
  "wrong_environment", // temperature, humidity, dust, power quality out of spec
  "poor_maintenance",
] as const;
export const PERIPHERAL_COVERAGE = ["all", "none", "listed"] as const;
export const ZONES = ["in_city", "out_of_town"] as const;
export const CLOCKS = ["response", "remote", "arrival", "restore", "resolve"] as const;
export const SEVERITIES = ["1", "2", "3", "4"] as const;
/** Event kinds the SLA clocks read (not the work order's own event log kinds). */
export const EVENT_KINDS = [
  "registered",
  "assigned",
  "accepted",
  "responded",
  "phone_support_failed",
  "remote_started",
  "visit_agreed",
  "departed",
  "arrived",
  "restored",
  "resolved",
  "signed_off",
  "closed",
  "cancelled",
] as const;
export const CALENDAR_KINDS = ["24x7", "business_hours"] as const;
export const INSPECTION_CADENCES = [
  "monthly",
  "quarterly",
  "twice_a_year",
  "yearly",
  "monthly_then_quarterly",
] as const;
export const TRAVEL_OUT_OF_TOWN_MODES = ["per_km", "flat"] as const;

export type Clock = (typeof CLOCKS)[number];

export interface WarrantyTerms {
  start_event: string;
  months: Record<string, number>;
  manufacturer_longer_wins: boolean;
  return_days: number;
  exchange_until_day: number;
  lemon_threshold: number;
  replacement_restarts_warranty: boolean;
  fault_confirmation_required: boolean;
  exclusion_codes: string[];
  peripheral_coverage: string;
  covered_peripheral_models: string[];
  covers_consumables: boolean;
}

export interface TravelTerms {
  in_city_flat_cents: number;
  out_of_town_mode: string;
  out_of_town_flat_cents: number;
  out_of_town_per_km_cents: number;
}

export interface FeeTerms {
  locked_part_prices_cents: Record<string, number>;
  labour_cents_per_hour: number;
  labour_increment_minutes: number;
  visit_fee_cents: number;
  remote_session_fee_cents: number;
  travel: TravelTerms;
}

export interface CalendarSpec {
  kind: string;
  timezone: string;
  weekdays: number[];
  start: string;
  end: string;
  holidays: string[];
  make_up_workdays: string[];
  /** Also count the organisation calendar's holidays and make-up days (withOrganisationCalendar). */
  use_organisation_calendar: boolean;
}

/** The organisation's public holidays and make-up working days (调休), kept once a year and
 * shared by every contract calendar that uses it. */
export interface OrganisationCalendar {
  holidays: string[];
  make_up_workdays: string[];
}

export interface ClockSpec {
  start: string[];
  stop: string[];
  void: string[];
}

export interface SeverityPolicy {
  name: string;
  name_zh: string;
  definition: string;
  calendar: string;
  loaner_minutes: number | null;
  targets: Record<string, Record<string, number | null>>;
}

export interface Milestone {
  key: string;
  minutes: number;
}

export interface EmergencyPolicy {
  severities: number[];
  start: string[];
  milestones: Milestone[];
  /** Days of observation after the fix (观察期), then a follow-up. */
  observation_days: number;
}

export interface SlaPolicy {
  at_risk_percent: number;
  calendars: Record<string, CalendarSpec>;
  severities: Record<string, SeverityPolicy>;
  clocks: Record<string, ClockSpec>;
  emergency: EmergencyPolicy;
}

export interface InspectionCadence {
  cadence: string;
  monthly_for_months: number;
  at_weekend: boolean;
}

export interface FollowUpTerms {
  first_within_months: number;
  every_months: number;
}

export interface ScheduleTerms {
  inspections: Record<string, InspectionCadence>;
  follow_up: FollowUpTerms;
  site_check_after_days: number | null;
  survey_delay_hours: number;
}

/** What a type of work needs before it is resolved (domain/guards.ts). */
export interface CompletionTerms {
  /** Diagnosis fields that must be filled in (DIAGNOSIS_FIELDS). */
  diagnosis: string[];
  /** On site: the customer's sign-off signature, or why he could not sign with a photo. */
  sign_off: boolean;
  /** Chargeable work: the customer's signed consent to at least the estimate. */
  paid_work_consent: boolean;
  /** Every required checklist item answered; a failed one explained by a note or a photo. */
  checklist: boolean;
}

export interface ContractSettings {
  warranty: WarrantyTerms;
  fees: FeeTerms;
  sla: SlaPolicy;
  schedules: ScheduleTerms;
  /** Per work-order type; a type without its own entry follows ``default``. */
  completion: Record<string, CompletionTerms>;
}

/** A JSON object as the server sends it. */
export type JsonObject = { [key: string]: unknown };

/** Partial settings as a contract stores them: any subset, nested. */
export type PartialSettings = JsonObject;

export const CALENDAR_TEMPLATE: Readonly<CalendarSpec> = Object.freeze({
  kind: "business_hours",
  timezone: "Asia/Shanghai",
  weekdays: [1, 2, 3, 4, 5],
  start: "08:00",
  end: "18:00",
  holidays: [],
  make_up_workdays: [],
  use_organisation_calendar: true,
});

export const DIAGNOSIS_FIELDS = ["diagnosis_symptom", "diagnosis_location", "diagnosis_cause", "diagnosis_fix"] as const;

export const COMPLETION_TEMPLATE: Readonly<CompletionTerms> = Object.freeze({
  diagnosis: [],
  sign_off: true,
  paid_work_consent: true,
  checklist: false,
});

export const INSPECTION_TEMPLATE: Readonly<InspectionCadence> = Object.freeze({
  cadence: "quarterly",
  monthly_for_months: 3,
  at_weekend: false,
});

function targets(inCity: Record<string, number>, outOfTown: Record<string, number>) {
  return { in_city: inCity, out_of_town: outOfTown };
}

function clockTargets(response: number, remote: number, arrival: number, restore: number, resolve: number) {
  return { response, remote, arrival, restore, resolve };
}

const DEFAULTS: ContractSettings = {
  warranty: {
    start_event: "acceptance",
    months: { main: 12, peripheral: 12, consumable: 12 },
    manufacturer_longer_wins: true,
    return_days: 7,
    exchange_until_day: 30,
    lemon_threshold: 2,
    replacement_restarts_warranty: true,
    fault_confirmation_required: true,
    exclusion_codes: [...EXCLUSION_CODES],
    peripheral_coverage: "all",
    covered_peripheral_models: [],
    covers_consumables: false,
  },
  fees: {
    locked_part_prices_cents: {},
    labour_cents_per_hour: 10000,
    labour_increment_minutes: 30,
    visit_fee_cents: 5000,
    remote_session_fee_cents: 2000,
    travel: {
      in_city_flat_cents: 0,
      out_of_town_mode: "per_km",
      out_of_town_flat_cents: 20000,
      out_of_town_per_km_cents: 200,
    },
  },
  sla: {
    at_risk_percent: 80,
    calendars: {
      "24x7": {
        ...CALENDAR_TEMPLATE,
        kind: "24x7",
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        start: "00:00",
        end: "24:00",
      },
      business_hours: { ...CALENDAR_TEMPLATE },
    },
    severities: {
      "1": {
        name: "System down",
        name_zh: "系统瘫痪",
        definition: "The system or a core function is down.",
        calendar: "24x7",
        loaner_minutes: 240,
        targets: targets(clockTargets(30, 30, 60, 240, 1440), clockTargets(30, 30, 360, 600, 2880)),
      },
      "2": {
        name: "Risk of down",
        name_zh: "有瘫痪风险",
        definition: "The system runs but is at risk of going down.",
        calendar: "24x7",
        loaner_minutes: 240,
        targets: targets(clockTargets(60, 60, 60, 480, 2880), clockTargets(60, 60, 360, 840, 4320)),
      },
      "3": {
        name: "Partly degraded",
        name_zh: "部分功能受损",
        definition: "Part of the system does not work; the rest does.",
        calendar: "business_hours",
        loaner_minutes: 1440,
        targets: targets(clockTargets(120, 240, 480, 1200, 2400), clockTargets(120, 240, 1440, 2400, 4800)),
      },
      "4": {
        name: "Intermittent",
        name_zh: "偶发故障",
        definition: "An intermittent fault or a question; the system works.",
        calendar: "business_hours",
        loaner_minutes: 1440,
        targets: targets(clockTargets(120, 480, 720, 2400, 4800), clockTargets(120, 480, 2880, 4800, 9600)),
      },
    },
    clocks: {
      response: { start: ["registered"], stop: ["responded", "accepted"], void: ["cancelled"] },
      remote: {
        start: ["phone_support_failed"],
        stop: ["remote_started"],
        void: ["cancelled", "visit_agreed", "arrived", "restored", "resolved", "closed"],
      },
      arrival: {
        start: ["visit_agreed", "registered"],
        stop: ["arrived"],
        void: ["cancelled", "restored", "resolved", "closed"],
      },
      restore: { start: ["registered"], stop: ["restored", "resolved"], void: ["cancelled"] },
      resolve: { start: ["registered"], stop: ["resolved"], void: ["cancelled"] },
    },
    emergency: {
      severities: [1],
      start: ["registered"],
      milestones: [
        { key: "notify_managers", minutes: 15 },
        { key: "emergency_team", minutes: 30 },
        { key: "expert_remote", minutes: 60 },
        { key: "expert_group", minutes: 120 },
      ],
      observation_days: 1,
    },
  },
  schedules: {
    inspections: { default: { ...INSPECTION_TEMPLATE } },
    follow_up: { first_within_months: 6, every_months: 6 },
    site_check_after_days: 7,
    survey_delay_hours: 24,
  },
  completion: {
    default: { ...COMPLETION_TEMPLATE, diagnosis: [] },
    repair: { ...COMPLETION_TEMPLATE, diagnosis: ["diagnosis_symptom", "diagnosis_cause", "diagnosis_fix"] },
    inspection: { ...COMPLETION_TEMPLATE, diagnosis: [], paid_work_consent: false, checklist: true },
  },
};

// Dicts whose entries are named by the admin (a new calendar, a new system type, a new
// type of work): a new entry is filled from its template so the rules always find every key.
const ENTRY_TEMPLATES: ReadonlyArray<readonly [readonly string[], JsonObject]> = [
  [["sla", "calendars"], { ...CALENDAR_TEMPLATE }],
  [["schedules", "inspections"], { ...INSPECTION_TEMPLATE }],
  [["completion"], { ...COMPLETION_TEMPLATE }],
];

/** A fresh copy of the full default settings (safe to mutate). */
export function defaultContractSettings(): ContractSettings {
  return deepCopy(DEFAULTS);
}

/**
 * The defaults with a contract's partial settings laid over them, and the organisation
 * calendar merged into every calendar that uses it (withOrganisationCalendar).
 *
 * Objects merge key by key; any other value (arrays included) replaces the default, so a
 * contract's holiday list is the whole list. `null` is kept: it switches a setting off
 * where the setting allows it (an SLA target, the loaner deadline).
 */
export function mergeContractSettings(
  partial: PartialSettings | null | undefined,
  organisationCalendar: OrganisationCalendar | null = null,
): ContractSettings {
  const merged = merge(defaultContractSettings() as unknown as JsonObject, partial ?? {});
  for (const [path, template] of ENTRY_TEMPLATES) {
    const entries = path.reduce((node, name) => node[name] as JsonObject, merged);
    for (const [key, entry] of Object.entries(entries)) {
      setOwn(entries, key, merge(deepCopy(template), isObject(entry) ? entry : {}));
    }
  }
  const settings = merged as unknown as ContractSettings;
  for (const [name, calendar] of Object.entries(settings.sla.calendars)) {
    setOwn(settings.sla.calendars as unknown as JsonObject, name, withOrganisationCalendar(calendar, organisationCalendar));
  }
  return settings;
}

/**
 * The calendar with the organisation's holidays and make-up days added to its own, if it
 * uses the organisation calendar: a contract adds its own extra days to the public ones,
 * and a day that is a holiday in either list stays a holiday (a holiday wins over a make-up
 * day, calendar.ts). Each list comes out sorted, each day once.
 */
export function withOrganisationCalendar(calendar: CalendarSpec, organisation: OrganisationCalendar | null): CalendarSpec {
  if (organisation === null || !calendar.use_organisation_calendar) return calendar;
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  return {
    ...calendar,
    holidays: union(organisation.holidays, calendar.holidays),
    make_up_workdays: union(organisation.make_up_workdays, calendar.make_up_workdays),
  };
}

/** `obj[key]` only when `key` is the object's own (so "constructor" is not found on {}). */
export function own<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function merge(base: JsonObject, override: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(override)) {
    const current = own(base, key);
    setOwn(base, key, isObject(value) && isObject(current) ? merge(current, value) : deepCopy(value));
  }
  return base;
}

// Defined rather than assigned, so a key such as "__proto__" stays a plain key.
function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

function deepCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
