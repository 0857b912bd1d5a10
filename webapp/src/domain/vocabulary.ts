// Twins of the server's fixed vocabularies (server/models/*.py). The webapp translates
// each value; i18n.test.ts checks every one has a label in every language and that these
// lists still match the server's.

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

/** Event kinds: "registered" and "updated", plus one per flow action (its event name). */
export const EVENT_KINDS = [
  "registered",
  "updated",
  "assigned",
  "unassigned",
  "accepted",
  "departed",
  "arrived",
  "held",
  "resumed",
  "resolved",
  "sent_back",
  "closed",
  "cancelled",
] as const;
