import { describe, expect, it } from "vitest";

import { clock, NOW, order, sla } from "../../test/officeOrders";
import { alertsFor, byUrgency, splitBoard } from "./board";

describe("alertsFor", () => {
  const milestones = [
    { key: "notify_managers", minutes: 15, due_at: "2026-11-22T02:45:00Z" },
    { key: "emergency_team", minutes: 30, due_at: "2026-11-22T03:00:00Z" },
    { key: "expert_remote", minutes: 60, due_at: "2026-11-22T03:30:00Z" },
    { key: "expert_group", minutes: 120, due_at: "2026-11-22T04:30:00Z" },
  ];

  it("raises loaner deadlines due within the hour, soonest first; milestones have their own panel", () => {
    const orders = [
      order("1", { severity: 1, sla: sla([], { emergency_milestones: milestones }) }),
      order("2", { sla: sla([], { loaner_due_at: "2026-11-22T03:20:00Z" }) }),
      order("3", { sla: sla([], { loaner_due_at: "2026-11-22T02:50:00Z" }) }),
      order("4", { sla: sla([], { loaner_due_at: "2026-11-22T09:00:00Z" }) }),
    ];
    const alerts = alertsFor(orders, NOW);
    expect(alerts.map((a) => [a.number, a.kind, a.overdue])).toEqual([
      ["WO-2026-3", "loaner", true],
      ["WO-2026-2", "loaner", false],
    ]);
  });

  it("ignores orders no longer open", () => {
    const orders = [order("2", { status: "completed", sla: sla([], { loaner_due_at: "2026-11-22T02:00:00Z" }) })];
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
