// Twins of the server's fixed vocabularies (server/models/*.py). The webapp translates
// each value; i18n.test.ts checks every one has a label in every language and that these
// lists still match the server's.

import { ACTION_EVENTS } from "./workOrderFlow";

export const WORK_ORDER_TYPES = [
  "repair",
  "inspection",
  "installation",
  "upgrade",
  "follow_up",
  "training",
  "rectification",
] as const;

export const CHANNELS = ["phone", "email", "wechat", "web", "qr", "walk_in", "scheduled", "app"] as const;

export const ZONES = ["in_city", "out_of_town"] as const;

export const ROLES = ["admin", "dispatcher", "supervisor", "engineer"] as const;

/** A unit in service, replaced by another (换机), or retired (server/models/device.py). */
export const DEVICE_STATUSES = ["in_service", "replaced", "retired"] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** Whether a unit is in service: it can be swapped (a record without a status is). */
export function isInService(device: { status?: string | null; replaced_by_id?: string | null }): boolean {
  return !device.replaced_by_id && (device.status ?? "in_service") === "in_service";
}

/** Event kinds of a work order's history: "registered" and "updated", plus the event each
 * flow action records (read from the declaration). */
export const EVENT_KINDS: readonly string[] = ["registered", "updated", ...ACTION_EVENTS];

/** The types of work that answer a fault, whose severity (1 system down ... 4
 * intermittent) means something to the engineer: a repair and a rectification (整改), as
 * the server counts repairs (server/services/quarterly_report.py REPAIR_TYPES). The server
 * gives every order a severity for its SLA table (a planned inspection gets 4); on other
 * types it is no fault's and the screens do not show it. */
export const FAULT_TYPES: readonly string[] = ["repair", "rectification"];

export function hasFaultSeverity(type: string): boolean {
  return FAULT_TYPES.includes(type);
}
