// TypeScript twin of server/domain/work_order_flow.py: the statuses a work order moves
// through and which of them count as open. Pure data; imports nothing.

export const STATUSES = [
  "new",
  "assigned",
  "accepted",
  "en_route",
  "on_site",
  "on_hold",
  "completed",
  "closed",
  "cancelled",
] as const;
export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = [
  "new",
  "assigned",
  "accepted",
  "en_route",
  "on_site",
  "on_hold",
];

export const ACTIONS = [
  "assign",
  "unassign",
  "accept",
  "depart",
  "arrive",
  "hold",
  "resume",
  "complete",
  "send_back",
  "close",
  "cancel",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that move the work order forward on site; shown as the main buttons. */
export const FORWARD_ACTIONS: readonly string[] = ["accept", "depart", "arrive", "resume", "complete"];

/** Actions that need more input than a note (whom to assign): not offered as a plain button. */
export const ACTIONS_NEEDING_INPUT: readonly string[] = ["assign"];

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** The server accepts edits (the diagnosis) while open and after completion, until closed. */
export function isEditable(status: string): boolean {
  return isOpen(status) || status === "completed";
}

/** The list screen's filter tabs and the statuses each one shows (null: all). */
export const LIST_FILTERS = {
  open: OPEN_STATUSES,
  completed: ["completed", "closed"],
  all: null,
} as const satisfies Record<string, readonly Status[] | null>;
export type ListFilter = keyof typeof LIST_FILTERS;

export function isListFilter(value: string | null): value is ListFilter {
  return value !== null && Object.prototype.hasOwnProperty.call(LIST_FILTERS, value);
}

/** Severity 1 (system down) is the most urgent; 4 (intermittent) the least. */
export const SEVERITIES = [1, 2, 3, 4] as const;
