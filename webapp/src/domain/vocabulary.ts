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

/** Event kinds of a work order's history: "registered" and "updated", plus the event each
 * flow action records (read from the declaration). */
export const EVENT_KINDS: readonly string[] = ["registered", "updated", ...ACTION_EVENTS];
