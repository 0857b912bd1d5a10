import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { App } from "../app";
import { breachBody, emptyBreachDraft } from "./escalation";

const ORDER = {
  id: "w1",
  number: "WO-2026-000001",
  status: "assigned",
  severity: 1,
  symptom: "监控全部黑屏",
  customer: { id: "c1", name: "上海市第一人民医院" },
  site: { id: "s1", name: "门诊楼" },
  assigned_engineer: { id: "e1", username: "engineer1", display_name: "张工" },
};
const BREACH = { work_order: ORDER, clock: "response", deadline_at: "2026-11-22T01:30:00Z", stopped_at: null, state: "breached" };
const milestone = (key: string, minutes: number, due_at: string) => ({ key, minutes, due_at, state: "due", ack: null });
const EMERGENCY = {
  work_order_id: "w1",
  number: ORDER.number,
  work_order: ORDER,
  // One due time long past, one far ahead: the board reads overdue against its own clock.
  milestones: [milestone("notify_managers", 15, "2026-11-22T01:15:00Z"), milestone("emergency_team", 30, "2099-01-01T00:00:00Z")],
  all_acknowledged: false,
  resolved_at: null,
  observation_days: 1,
  observation_due_at: null,
  observation: null,
  report: null,
  closed_at: null,
  closed_by: null,
};
const empty = { items: [], page: 1, per_page: 200, total: 0, pages: 1 };

let container: HTMLElement | null = null;

beforeEach(() => {
  signIn({ role: "dispatcher", username: "dispatcher", display_name: "调度小李" });
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

function find<T extends Element>(selector: string): Promise<T> {
  return waitFor(() => {
    const found = container?.querySelector<T>(selector);
    if (!found) throw new Error(`no ${selector} yet`);
    return found;
  });
}

async function type(selector: string, value: string) {
  const input = await find<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(selector);
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

describe("the explanation's body", () => {
  it("leaves the time and the teller to the server when they are empty", () => {
    expect(breachBody("arrival", { ...emptyBreachDraft(), reason: "travel", note: " 堵车 " })).toEqual({
      clock: "arrival",
      reason: "travel",
      note: "堵车",
      customer_told_how: "phone",
      customer_told_whom: "",
    });
  });
});

describe("the dispatch board's missed deadlines and emergencies", () => {
  it("explains a missed deadline with its form, and it leaves the board", async () => {
    let explained = false;
    const server = fakeServer({
      "GET /api/v1/work-orders/": () => [200, empty],
      "GET /api/v1/dispatch/engineers": () => [200, []],
      "GET /api/v1/dispatch/emergencies": () => [200, []],
      "GET /api/v1/dispatch/breaches": () => [200, explained ? { items: [], total: 0 } : { items: [BREACH], total: 1 }],
      "POST /api/v1/work-orders/w1/breach-explanations": (body) => {
        explained = true;
        return [201, { id: "b1", work_order_id: "w1", ...(body as object) }];
      },
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/dispatch");
    container = mount(<App />);
    const item = await find<HTMLElement>("[data-breach='w1-response']");
    expect(item.textContent).toContain("WO-2026-000001");
    expect(item.textContent).toContain("响应超时");
    expect(container?.querySelector("#col-breaches")?.textContent).toContain("1");
    await act(async () => item.querySelector<HTMLButtonElement>("[data-explain]")?.click());
    await type("select[name=reason]", "parts_delay");
    await type("textarea[name=note]", "等待厂家备件");
    await type("input[name=customer_told_whom]", "王主任");
    const form = await find<HTMLFormElement>("[data-breach-form='w1-response']");
    await act(async () => form.querySelector<HTMLButtonElement>("button[data-action=explain]")?.click());
    await waitFor(() => expect(container?.querySelector("[data-panel=breaches]")).toBeNull());
    const post = server.calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      clock: "response",
      reason: "parts_delay",
      note: "等待厂家备件",
      customer_told_how: "phone",
      customer_told_whom: "王主任",
    });
  });

  it("lists an emergency's milestones, overdue in red, and acknowledges one", async () => {
    const server = fakeServer({
      "GET /api/v1/work-orders/": () => [200, empty],
      "GET /api/v1/dispatch/engineers": () => [200, []],
      "GET /api/v1/dispatch/breaches": () => [200, { items: [], total: 0 }],
      "GET /api/v1/dispatch/emergencies": () => [200, [EMERGENCY]],
      "POST /api/v1/work-orders/w1/emergency-milestones/notify_managers/ack": () => [200, EMERGENCY],
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/dispatch");
    container = mount(<App />);
    const managers = await find<HTMLElement>("[data-emergency='WO-2026-000001'] [data-milestone=notify_managers]");
    expect(managers.classList.contains("o-alert--overdue")).toBe(true);
    expect(managers.textContent).toContain("通知管理层");
    expect(container?.querySelector("[data-milestone=emergency_team]")?.classList.contains("o-alert--overdue")).toBe(false);
    await act(async () => managers.querySelector<HTMLButtonElement>("[data-ack]")?.click());
    await waitFor(() => expect(server.calls.some((c) => c.method === "POST" && c.url.pathname.endsWith("/notify_managers/ack"))).toBe(true));
    const ack = server.calls.find((c) => c.url.pathname.endsWith("/notify_managers/ack"));
    expect(Date.parse((ack?.body as { device_at: string }).device_at)).not.toBeNaN(); // the device's time
  });
});
