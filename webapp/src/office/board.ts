// The dispatch board: which open orders go in which column, in what order, and which
// deadlines (loaners) to raise above it. Emergency milestones have their own panel, with
// who acknowledged each (components/Escalation).

import { isOpen } from "../domain/workOrderFlow";
import { urgencyRank, urgentClock } from "./sla";
import type { OfficeWorkOrder } from "./types";

export interface Alert {
  kind: "loaner";
  work_order_id: string;
  number: string;
  due_at: string;
  overdue: boolean;
}

/** Loaner deadlines of open orders that fall due within ``horizonMinutes``, soonest
 * first. A loaner stays until service is restored (the server then answers loaner_due_at
 * null). */
export function alertsFor(orders: OfficeWorkOrder[], now: Date, horizonMinutes = 60): Alert[] {
  const until = now.getTime() + horizonMinutes * 60000;
  const alerts: Alert[] = [];
  for (const order of orders) {
    if (!isOpen(order.status) || !order.sla) continue;
    const loaner = order.sla.loaner_due_at;
    if (loaner && Date.parse(loaner) <= until) {
      alerts.push({
        kind: "loaner",
        work_order_id: order.id,
        number: order.number,
        due_at: loaner,
        overdue: Date.parse(loaner) <= now.getTime(),
      });
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
    return clock ? [urgencyRank(clock.state), clock.left_ms] : [9, Number.MAX_SAFE_INTEGER];
  };
  return [...orders].sort((a, b) => {
    const [ra, la] = key(a) as [number, number];
    const [rb, lb] = key(b) as [number, number];
    return ra - rb || la - lb || a.severity - b.severity;
  });
}
