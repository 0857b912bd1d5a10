// The office screens' decisions, as plain functions the tests run without a browser:
// which SLA clock is most urgent, which alerts to raise, how the board splits, how the
// server's nested field errors read, and form values to and from the wire.

import type { ClockState, OfficeWorkOrder, SlaState } from "./types";

const OPEN = ["new", "assigned", "accepted", "en_route", "on_site", "on_hold"];
const LIVE = ["running", "at_risk", "breached"];
const RANK: Record<string, number> = { breached: 0, at_risk: 1, running: 2 };

export function isOpen(status: string): boolean {
  return OPEN.includes(status);
}

export interface UrgentClock {
  clock: string;
  state: string;
  deadline_at: string;
  /** Milliseconds to the deadline; negative once it has passed. */
  left_ms: number;
}

/** The clock to show on a card: breached before at risk before running, then the
 * earliest deadline. Null when no clock with a deadline is running. */
export function urgentClock(sla: SlaState | undefined, now: Date): UrgentClock | null {
  const clocks = Object.values(sla?.clocks ?? {}).filter(
    (c): c is ClockState & { deadline_at: string } => LIVE.includes(c.state) && c.deadline_at !== null,
  );
  clocks.sort(
    (a, b) =>
      (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9) || Date.parse(a.deadline_at) - Date.parse(b.deadline_at),
  );
  const first = clocks[0];
  if (!first) return null;
  return {
    clock: first.clock,
    state: first.state,
    deadline_at: first.deadline_at,
    left_ms: Date.parse(first.deadline_at) - now.getTime(),
  };
}

/** Whole hours and minutes of a duration (sign dropped), for "2 h 05 min left". */
export function hoursMinutes(ms: number): { hours: number; minutes: number } {
  const total = Math.floor(Math.abs(ms) / 60000);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

export interface Alert {
  kind: "loaner" | "milestone";
  work_order_id: string;
  number: string;
  /** The milestone's key (notify_managers ...); null for a loaner. */
  key: string | null;
  due_at: string;
  overdue: boolean;
}

/** Loaner deadlines and level-1 emergency milestones of open orders that fall due within
 * ``horizonMinutes`` or fell due less than ``graceMinutes`` ago, soonest first. Older
 * milestones are left out: nothing records that they were done, and a week-old
 * "notify managers" is noise, not news. A loaner stays until service is restored (the
 * server then answers loaner_due_at null). */
export function alertsFor(
  orders: OfficeWorkOrder[],
  now: Date,
  horizonMinutes = 60,
  graceMinutes = 120,
): Alert[] {
  const until = now.getTime() + horizonMinutes * 60000;
  const since = now.getTime() - graceMinutes * 60000;
  const alerts: Alert[] = [];
  for (const order of orders) {
    if (!isOpen(order.status) || !order.sla) continue;
    const loaner = order.sla.loaner_due_at;
    if (loaner && Date.parse(loaner) <= until) {
      alerts.push({
        kind: "loaner",
        work_order_id: order.id,
        number: order.number,
        key: null,
        due_at: loaner,
        overdue: Date.parse(loaner) <= now.getTime(),
      });
    }
    for (const milestone of order.sla.emergency_milestones ?? []) {
      const due = Date.parse(milestone.due_at);
      if (due <= until && due >= since) {
        alerts.push({
          kind: "milestone",
          work_order_id: order.id,
          number: order.number,
          key: milestone.key,
          due_at: milestone.due_at,
          overdue: due <= now.getTime(),
        });
      }
    }
  }
  return alerts.sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
}

/** The dispatch board's two columns: open orders nobody has, and open assigned ones. */
export function splitBoard(orders: OfficeWorkOrder[]) {
  const open = orders.filter((order) => isOpen(order.status));
  return {
    unassigned: open.filter((order) => order.assigned_engineer === null),
    assigned: open.filter((order) => order.assigned_engineer !== null),
  };
}

/** Sort for the board: breached, then at risk, then by deadline; no clock last. */
export function byUrgency(orders: OfficeWorkOrder[], now: Date): OfficeWorkOrder[] {
  const key = (order: OfficeWorkOrder) => {
    const clock = urgentClock(order.sla, now);
    return clock ? [RANK[clock.state] ?? 9, clock.left_ms] : [9, Number.MAX_SAFE_INTEGER];
  };
  return [...orders].sort((a, b) => {
    const [ra, la] = key(a) as [number, number];
    const [rb, lb] = key(b) as [number, number];
    return ra - rb || la - lb || a.severity - b.severity;
  });
}

export interface FieldError {
  path: string;
  messages: string[];
}

/** The server's nested field errors ({"settings": {"warranty": {"x": ["Unknown field."]}}})
 * as a flat list of dotted paths, in the order they came. */
export function flattenErrors(errors: unknown, prefix = ""): FieldError[] {
  if (Array.isArray(errors)) {
    if (errors.every((e) => typeof e === "string")) return [{ path: prefix, messages: errors as string[] }];
    return errors.flatMap((e, i) => flattenErrors(e, prefix ? `${prefix}.${i}` : String(i)));
  }
  if (errors && typeof errors === "object") {
    return Object.entries(errors as Record<string, unknown>).flatMap(([name, value]) =>
      flattenErrors(value, prefix ? `${prefix}.${name}` : name),
    );
  }
  if (typeof errors === "string") return [{ path: prefix, messages: [errors] }];
  return [];
}

/** The field errors of a 422 body, without the "json"/"query"/"form" location level. */
export function fieldErrors(errors: Record<string, unknown>): FieldError[] {
  const inner = (errors.json ?? errors.form ?? errors.query ?? errors) as unknown;
  return flattenErrors(inner);
}

export interface RowError {
  row: number;
  field: string;
  messages: string[];
}

/** An import's {"rows": {"3": {"serial": [...]}}} as rows in sheet order. */
export function importRowErrors(errors: Record<string, unknown>): RowError[] {
  const rows = (errors.rows ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(rows)
    .flatMap(([row, fields]) =>
      flattenErrors(fields).map((error) => ({ row: Number(row), field: error.path, messages: error.messages })),
    )
    .sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
}

/** Fen as yuan: 12345 -> "¥123.45". */
export function money(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString("en")}.${String(abs % 100).padStart(2, "0")}`;
}

/** An ISO instant as the value of an <input type="datetime-local"> in this browser's zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (this browser's zone) as an ISO instant; null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export interface ItemDraft {
  key: string;
  label: string;
  type: string;
  unit: string;
  min: string;
  max: string;
  required: boolean;
}

/** A checklist item as the editor holds it (text boxes) and back to the wire. */
export function itemToDraft(item: Record<string, unknown>): ItemDraft {
  const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
  return {
    key: text(item.key),
    label: text(item.label),
    type: text(item.type) || "pass_fail",
    unit: text(item.unit),
    min: text(item.min),
    max: text(item.max),
    required: Boolean(item.required),
  };
}

/** Empty min/max are left open; a number item keeps its range, others send none (the
 * server refuses a range on them, and names the item if the user typed one anyway). */
export function draftToItem(draft: ItemDraft): Record<string, unknown> {
  const item: Record<string, unknown> = {
    key: draft.key.trim(),
    label: draft.label.trim(),
    type: draft.type,
    unit: draft.unit.trim(),
    required: draft.required,
  };
  for (const end of ["min", "max"] as const) {
    const raw = draft[end].trim();
    if (raw !== "") item[end] = Number.isNaN(Number(raw)) ? raw : Number(raw);
  }
  return item;
}

/** The latest answer per item and device (what counts), in the order given. */
export function latestAnswers<T extends { is_latest: boolean }>(answers: T[]): T[] {
  return answers.filter((answer) => answer.is_latest);
}

/** Net quantity per part number (a negative usage corrects an earlier one). */
export function netParts(usages: { part: { part_number: string; name: string; unit: string }; quantity: number }[]) {
  const totals = new Map<string, { part_number: string; name: string; unit: string; quantity: number }>();
  for (const usage of usages) {
    const row = totals.get(usage.part.part_number) ?? { ...usage.part, quantity: 0 };
    row.quantity += usage.quantity;
    totals.set(usage.part.part_number, row);
  }
  return [...totals.values()].sort((a, b) => a.part_number.localeCompare(b.part_number));
}

/** A value from a conflict or a mutation, readable in a table cell. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
