import { describe, expect, it } from "vitest";

import {
  alertsFor,
  byUrgency,
  draftToItem,
  fieldErrors,
  flattenErrors,
  fromLocalInput,
  hoursMinutes,
  importRowErrors,
  itemToDraft,
  money,
  netParts,
  splitBoard,
  toLocalInput,
  urgentClock,
} from "./logic";
import type { ClockState, OfficeWorkOrder, SlaState } from "./types";

const NOW = new Date("2026-11-22T03:00:00Z");

function clock(name: string, state: string, deadline: string | null): ClockState {
  return { clock: name, state, started_at: null, stopped_at: null, deadline_at: deadline, target_minutes: 60, elapsed_minutes: 0 };
}

function sla(clocks: ClockState[], extra: Partial<SlaState> = {}): SlaState {
  return {
    as_of: NOW.toISOString(),
    clocks: Object.fromEntries(clocks.map((c) => [c.clock, c])),
    loaner_due_at: null,
    emergency_milestones: [],
    ...extra,
  };
}

function order(id: string, overrides: Partial<OfficeWorkOrder> = {}): OfficeWorkOrder {
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

describe("urgentClock", () => {
  it.each([
    {
      name: "a breached clock beats an earlier running one",
      clocks: [clock("arrival", "running", "2026-11-22T03:10:00Z"), clock("response", "breached", "2026-11-22T02:00:00Z")],
      expected: { clock: "response", state: "breached", left_ms: -3600000 },
    },
    {
      name: "at risk beats running",
      clocks: [clock("arrival", "running", "2026-11-22T03:05:00Z"), clock("restore", "at_risk", "2026-11-22T04:00:00Z")],
      expected: { clock: "restore", state: "at_risk", left_ms: 3600000 },
    },
    {
      name: "among running clocks the earliest deadline",
      clocks: [clock("resolve", "running", "2026-11-23T03:00:00Z"), clock("arrival", "running", "2026-11-22T05:00:00Z")],
      expected: { clock: "arrival", state: "running", left_ms: 7200000 },
    },
    { name: "stopped clocks do not count", clocks: [clock("response", "met", "2026-11-22T02:00:00Z")], expected: null },
    { name: "a clock without a deadline does not count", clocks: [clock("remote", "running", null)], expected: null },
  ])("$name", ({ clocks, expected }) => {
    const found = urgentClock(sla(clocks), NOW);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
  });

  it("reads no clock from a missing SLA block", () => {
    expect(urgentClock(undefined, NOW)).toBeNull();
  });
});

describe("hoursMinutes", () => {
  it("drops the sign and splits hours", () => {
    expect(hoursMinutes(-(2 * 3600000 + 5 * 60000 + 30000))).toEqual({ hours: 2, minutes: 5 });
  });
});

describe("alertsFor", () => {
  const milestones = [
    { key: "notify_managers", minutes: 15, due_at: "2026-11-22T02:45:00Z" },
    { key: "emergency_team", minutes: 30, due_at: "2026-11-22T03:00:00Z" },
    { key: "expert_remote", minutes: 60, due_at: "2026-11-22T03:30:00Z" },
    { key: "expert_group", minutes: 120, due_at: "2026-11-22T04:30:00Z" },
  ];

  it("raises loaner deadlines and milestones due within the hour, soonest first", () => {
    const orders = [
      order("1", { severity: 1, sla: sla([], { emergency_milestones: milestones }) }),
      order("2", { sla: sla([], { loaner_due_at: "2026-11-22T03:20:00Z" }) }),
    ];
    const alerts = alertsFor(orders, NOW);
    expect(alerts.map((a) => [a.number, a.kind, a.key, a.overdue])).toEqual([
      ["WO-2026-1", "milestone", "notify_managers", true],
      ["WO-2026-1", "milestone", "emergency_team", true],
      ["WO-2026-2", "loaner", null, false],
      ["WO-2026-1", "milestone", "expert_remote", false],
    ]);
  });

  it("forgets milestones long past and ignores orders no longer open", () => {
    const old = milestones.map((m) => ({ ...m, due_at: "2026-11-21T03:00:00Z" }));
    const orders = [
      order("1", { sla: sla([], { emergency_milestones: old }) }),
      order("2", { status: "completed", sla: sla([], { loaner_due_at: "2026-11-22T02:00:00Z" }) }),
    ];
    expect(alertsFor(orders, NOW)).toEqual([]);
  });

  it("keeps an overdue loaner until the server says service was restored", () => {
    const orders = [order("1", { status: "on_site", sla: sla([], { loaner_due_at: "2026-11-21T03:00:00Z" }) })];
    expect(alertsFor(orders, NOW).map((a) => a.overdue)).toEqual([true]);
  });
});

describe("the board", () => {
  const engineer = { id: "e1", username: "engineer1", display_name: "张工" };
  const orders = [
    order("1"),
    order("2", { status: "assigned", assigned_engineer: engineer }),
    order("3", { status: "completed", assigned_engineer: engineer }),
    order("4", { sla: sla([clock("response", "breached", "2026-11-22T02:00:00Z")]) }),
    order("5", { sla: sla([clock("response", "at_risk", "2026-11-22T03:20:00Z")]) }),
  ];

  it("splits open orders into unassigned and assigned", () => {
    const board = splitBoard(orders);
    expect(board.unassigned.map((o) => o.id)).toEqual(["1", "4", "5"]);
    expect(board.assigned.map((o) => o.id)).toEqual(["2"]);
  });

  it("puts breached first, then at risk, then those without a clock", () => {
    expect(byUrgency(splitBoard(orders).unassigned, NOW).map((o) => o.id)).toEqual(["4", "5", "1"]);
  });
});

describe("errors from the server", () => {
  it("spells out nested contract settings errors as paths", () => {
    const errors = { json: { settings: { warranty: { retrun_days: ["Unknown field."], months: { main: ["Too small."] } } } } };
    expect(fieldErrors(errors)).toEqual([
      { path: "settings.warranty.retrun_days", messages: ["Unknown field."] },
      { path: "settings.warranty.months.main", messages: ["Too small."] },
    ]);
  });

  it("names checklist items by index", () => {
    expect(flattenErrors({ items: { "1": { key: ["Used by another item of this template."] } } })).toEqual([
      { path: "items.1.key", messages: ["Used by another item of this template."] },
    ]);
  });

  it("lists import errors by sheet row", () => {
    const errors = { rows: { "10": { serial: ["Missing."] }, "3": { installed_on: ["Not a valid date."], device_class: ["Bad."] } } };
    expect(importRowErrors(errors)).toEqual([
      { row: 3, field: "device_class", messages: ["Bad."] },
      { row: 3, field: "installed_on", messages: ["Not a valid date."] },
      { row: 10, field: "serial", messages: ["Missing."] },
    ]);
  });
});

describe("form values", () => {
  it("prints fen as yuan", () => {
    expect(money(1234567)).toBe("¥12,345.67");
    expect(money(-5)).toBe("-¥0.05");
    expect(money(null)).toBe("");
  });

  it("turns a datetime-local value into an instant and back", () => {
    const iso = fromLocalInput("2026-11-22T09:30");
    expect(iso).not.toBeNull();
    expect(toLocalInput(iso)).toBe("2026-11-22T09:30");
    expect(fromLocalInput("")).toBeNull();
  });

  it("round-trips a checklist item and leaves empty ends open", () => {
    const draft = itemToDraft({ key: "temp", label: "温度", type: "number", unit: "℃", min: 10, max: null });
    expect(draft).toMatchObject({ min: "10", max: "" });
    expect(draftToItem({ ...draft, key: " temp " })).toEqual({ key: "temp", label: "温度", type: "number", unit: "℃", required: false, min: 10 });
  });

  it("nets part usages per part number", () => {
    const part = { part_number: "PSU-12V", name: "适配器", unit: "个" };
    expect(netParts([{ part, quantity: 2 }, { part, quantity: -1 }])).toEqual([{ ...part, quantity: 1 }]);
  });
});
