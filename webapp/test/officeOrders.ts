// Builders for the office's work orders and their SLA clocks in unit tests (not shipped).

import type { ClockState, OfficeWorkOrder, SlaState } from "../src/office/types";

export const NOW = new Date("2026-11-22T03:00:00Z");

export function clock(name: string, state: string, deadline: string | null): ClockState {
  return { clock: name, state, started_at: null, stopped_at: null, deadline_at: deadline, target_minutes: 60, elapsed_minutes: 0 };
}

export function sla(clocks: ClockState[], extra: Partial<SlaState> = {}): SlaState {
  return {
    as_of: NOW.toISOString(),
    clocks: Object.fromEntries(clocks.map((c) => [c.clock, c])),
    loaner_due_at: null,
    emergency_milestones: [],
    ...extra,
  };
}

export function order(id: string, overrides: Partial<OfficeWorkOrder> = {}): OfficeWorkOrder {
  return {
    id,
    number: `WO-2026-${id}`,
    status: "new",
    severity: 3,
    assigned_engineer: null,
    sla: sla([]),
    ...overrides,
  } as OfficeWorkOrder;
}
