import "fake-indexeddb/auto";

import process from "node:process";

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import { setLocale } from "../../i18n";
import type { AftercareDB } from "../../store/db";
import { appointmentGroup } from "../../store/workOrders";
import { WorkOrderDetail } from "../WorkOrderDetail";
import { WorkOrderList } from ".";

// The engineer's phone is in Shanghai (UTC+8): its days are not UTC's.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "Asia/Shanghai";
});
afterAll(() => {
  process.env.TZ = zone;
});

let database: AftercareDB;
let container: HTMLElement | null = null;

beforeEach(() => {
  database = freshDatabase();
  setLocale("zh-CN");
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.useRealTimers();
});

/** 10:00 on 27 November 2026 in Shanghai. */
const NOW = new Date("2026-11-27T02:00:00Z");

describe("the list's day groups", () => {
  const at = (appointment_at: string, status = "assigned") => workOrderRecord({ appointment_at, status });

  it("runs in Shanghai time", () => {
    expect(NOW.getHours()).toBe(10);
  });

  it("puts under today only the appointments of today's local date", () => {
    expect(appointmentGroup(at("2026-11-27T00:30:00Z"), NOW)).toBe("today"); // 08:30, already past
    expect(appointmentGroup(at("2026-11-26T17:30:00Z"), NOW)).toBe("today"); // 01:30 local; UTC says the 26th
    expect(appointmentGroup(at("2026-11-27T15:30:00Z"), NOW)).toBe("today"); // 23:30 local
  });

  it("never puts a past day's appointment under today: open ones are overdue", () => {
    expect(appointmentGroup(at("2026-10-15T02:00:00Z"), NOW)).toBe("overdue"); // October
    expect(appointmentGroup(at("2026-11-26T15:00:00Z"), NOW)).toBe("overdue"); // 23:00 yesterday
    expect(appointmentGroup(at("2026-10-15T02:00:00Z", "completed"), NOW)).toBe("earlier");
  });

  it("counts tomorrow from local midnight", () => {
    expect(appointmentGroup(at("2026-11-27T16:30:00Z"), NOW)).toBe("upcoming"); // 00:30 on the 28th
    expect(appointmentGroup(workOrderRecord({ appointment_at: null }), NOW)).toBe("unscheduled");
  });

  it("lists October's open appointment as overdue, apart from today's", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    await database.work_orders.bulkAdd([
      workOrderRecord({ id: "oct", number: "WO-2026-000010", appointment_at: "2026-10-15T02:00:00Z" }),
      workOrderRecord({ id: "today", number: "WO-2026-000011", appointment_at: "2026-11-27T06:00:00Z" }),
    ]);
    container = mount(<WorkOrderList filter="open" />);
    await waitFor(() => expect(container?.querySelectorAll("a.order")).toHaveLength(2));
    const today = container.querySelector("[data-group=today]");
    const overdue = container.querySelector("[data-group=overdue]");
    expect([...(today?.querySelectorAll("a.order") ?? [])].map((a) => a.getAttribute("data-id"))).toEqual(["today"]);
    expect([...(overdue?.querySelectorAll("a.order") ?? [])].map((a) => a.getAttribute("data-id"))).toEqual(["oct"]);
    expect(today?.querySelector("h2")?.textContent).toBe("今天");
    expect(overdue?.querySelector("h2")?.textContent).toBe("逾期（预约日已过）");
  });
});

describe("a fault's severity", () => {
  it("shows on a repair, not on a planned inspection, in the list", async () => {
    await database.work_orders.bulkAdd([
      workOrderRecord({ id: "repair", number: "WO-2026-000020", type: "repair", severity: 2 }),
      workOrderRecord({ id: "inspection", number: "WO-2026-000021", type: "inspection", channel: "scheduled", severity: 4 }),
    ]);
    container = mount(<WorkOrderList filter="open" />);
    await waitFor(() => expect(container?.querySelectorAll("a.order")).toHaveLength(2));
    const repair = container.querySelector<HTMLElement>("a.order[data-id=repair]")!;
    const inspection = container.querySelector<HTMLElement>("a.order[data-id=inspection]")!;
    expect(repair.querySelector(".badge--severity")?.textContent).toContain("有瘫痪风险");
    expect(inspection.querySelector(".badge--severity")).toBeNull();
    expect(inspection.textContent).not.toContain("间歇性故障");
    expect(inspection.classList.contains("order--s4")).toBe(false);
    expect(inspection.querySelector(".badge--type")?.textContent).toBe("巡检");
  });

  it("is not shown on an inspection's screen", async () => {
    await database.work_orders.add(workOrderRecord({ id: "inspection", type: "inspection", severity: 4, status: "accepted" }));
    container = mount(<WorkOrderDetail id="inspection" />);
    await waitFor(() => expect(container?.querySelector(".detail__summary")).not.toBeNull());
    expect(container.querySelector(".detail__summary .badge--severity")).toBeNull();
    expect(container.querySelector(".detail__summary")?.textContent).not.toContain("间歇性故障");
  });

  it("is shown on a repair's screen", async () => {
    await database.work_orders.add(workOrderRecord({ id: "repair", type: "repair", severity: 1, status: "accepted" }));
    container = mount(<WorkOrderDetail id="repair" />);
    await waitFor(() => expect(container?.querySelector(".detail__summary")).not.toBeNull());
    expect(container.querySelector(".detail__summary .badge--severity")).not.toBeNull();
  });
});
