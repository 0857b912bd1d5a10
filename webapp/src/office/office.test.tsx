import "fake-indexeddb/auto"; // the app shell reads the phone's database (storage notice)

import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { App } from "../app";
import type { User } from "../sync/types";
import { bodyFrom, RESOURCES } from "./screens/Registry/resources";

function user(role: User["role"]) {
  return { role, username: role, display_name: role === "engineer" ? "张工" : "调度小李" };
}

const ORDER = {
  id: "w1",
  number: "WO-2026-000001",
  type: "repair",
  channel: "phone",
  status: "new",
  severity: 1,
  customer: { id: "c1", name: "上海市第一人民医院", is_important: true },
  site: { id: "s1", name: "门诊楼", address: "", zone: "in_city" },
  system: null,
  contract: null,
  devices: [],
  reporter_name: "王老师",
  reporter_phone: "",
  contact_name: "",
  contact_phone: "",
  symptom: "画面黑屏",
  assigned_engineer: null,
  appointment_at: null,
  reported_at: "2026-11-22T01:00:00Z",
  diagnosis_symptom: "",
  diagnosis_location: "",
  diagnosis_cause: "",
  diagnosis_fix: "",
  closed_at: null,
  created_at: "2026-11-22T01:00:00Z",
  updated_at: "2026-11-22T01:00:00Z",
  allowed_actions: ["assign", "cancel"],
  sla: {
    as_of: "2026-11-22T03:00:00Z",
    clocks: {
      response: { clock: "response", state: "breached", started_at: null, stopped_at: null, deadline_at: "2000-01-01T00:00:00Z", target_minutes: 30, elapsed_minutes: 90 },
    },
    loaner_due_at: null,
    emergency_milestones: [],
  },
};

const ENGINEERS = [
  { id: "e1", username: "engineer1", display_name: "张工", phone: "", centre: { id: "c", name: "上海服务中心" }, region: { id: "r", name: "华东大区" }, open_count: 2, today_appointments: [] },
];

let container: HTMLElement | null = null;

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

describe("the office", () => {
  it("sends an engineer back to his phone screens", async () => {
    signIn(user("engineer"));
    vi.stubGlobal("fetch", fakeServer({}).fetch);
    window.history.replaceState(null, "", "/office/dispatch");
    container = mount(<App />);
    await waitFor(() => expect(window.location.pathname).toBe("/work-orders"));
  });

  it("shows the dispatch board and assigns an engineer", async () => {
    signIn(user("dispatcher"));
    const server = fakeServer({
      "GET /api/v1/work-orders/": () => [200, { items: [ORDER], page: 1, per_page: 200, total: 1, pages: 1 }],
      "GET /api/v1/dispatch/engineers": () => [200, ENGINEERS],
      "POST /api/v1/work-orders/w1/actions": () => [
        200,
        { ...ORDER, status: "assigned", assigned_engineer: { id: "e1", username: "engineer1", display_name: "张工" }, allowed_actions: ["assign", "unassign"] },
      ],
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/dispatch");
    container = mount(<App />);
    const card = await waitFor(() => {
      const found = container?.querySelector<HTMLElement>("[data-number='WO-2026-000001']");
      if (!found) throw new Error("no card yet");
      return found;
    });
    expect(card.querySelector("[data-sla=breached]")?.textContent).toContain("已超时");
    expect(container.querySelector("[data-engineer=engineer1]")?.textContent).toContain("华东大区");
    card.querySelector<HTMLButtonElement>(".o-order__head")?.click();
    const select = await waitFor(() => {
      const found = card.querySelector<HTMLSelectElement>("select[name=engineer_id]");
      if (!found) throw new Error("no select yet");
      return found;
    });
    select.value = "e1";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => expect(card.querySelector<HTMLButtonElement>("button[data-action=assign]")?.disabled).toBe(false));
    card.querySelector<HTMLButtonElement>("button[data-action=assign]")?.click();
    await waitFor(() => expect(container?.querySelector("#col-assigned")?.textContent).toContain("1"));
    const call = server.calls.find((c) => c.method === "POST");
    expect(call?.body).toEqual({ action: "assign", engineer_id: "e1" });
  });

  it("shows nested field errors of a failed save", async () => {
    signIn(user("admin"));
    const server = fakeServer({
      "GET /api/v1/checklist-templates/": () => [200, { items: [], page: 1, per_page: 200, total: 0, pages: 1 }],
      "POST /api/v1/checklist-templates/": () => [
        422,
        { code: 422, status: "Unprocessable Entity", message: "Invalid data.", key: "errors.validation", errors: { json: { items: { "0": { max: ["Must not be below min."] } } } } },
      ],
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/registry/checklists");
    container = mount(<App />);
    const create = await waitFor(() => {
      const found = [...(container?.querySelectorAll<HTMLButtonElement>("button") ?? [])].find((b) => b.textContent === "新建一条");
      if (!found) throw new Error("no button yet");
      return found;
    });
    create.click();
    const form = await waitFor(() => {
      const found = container?.querySelector<HTMLFormElement>("form.o-form");
      if (!found) throw new Error("no form yet");
      return found;
    });
    const name = form.querySelector<HTMLInputElement>("input[name=name]");
    if (!name) throw new Error("no name input");
    name.value = "监控巡检";
    await act(async () => {
      name.dispatchEvent(new Event("input", { bubbles: true }));
    });
    form.requestSubmit();
    await waitFor(() => expect(server.calls.some((c) => c.method === "POST")).toBe(true));
    expect(server.calls.find((c) => c.method === "POST")?.body).toMatchObject({ name: "监控巡检", system_type: "cctv" });
    await waitFor(() => expect(container?.querySelector("[data-path='items.0.max']")?.textContent).toContain("Must not be below min."));
  });
});

describe("reviewing a completed order", () => {
  const COMPLETED = {
    ...ORDER,
    status: "completed",
    assigned_engineer: { id: "e1", username: "engineer1", display_name: "张工" },
    allowed_actions: ["send_back", "close"],
    warranty: { computed: { status: "paid" }, override: null, effective_status: "paid" },
    defect_code: "",
    exclusions: [],
    completion_missing: {
      close: [
        { code: "sign_off", field: "sign_off" },
        { code: "paid_work_consent", field: "paid_work_consent", amount_cents: 13500 },
        { code: "failed_item_evidence", field: "checklist", item: "temperature" },
      ],
    },
  };
  const ANSWER = {
    id: "r1",
    template: { id: "t1", name: "监控巡检" },
    item_key: "temperature",
    item: { key: "temperature", label: "机柜温度", type: "number", unit: "°C" },
    device: null,
    value: 41,
    is_ok: false,
    note: "",
    device_at: null,
    server_at: "2026-11-22T02:00:00Z",
    is_latest: true,
  };

  it("names what the order lacks and closes it only with an override and a reason", async () => {
    signIn(user("supervisor"));
    const server = fakeServer({
      "GET /api/v1/work-orders/w1": () => [200, COMPLETED],
      "GET /api/v1/work-orders/w1/timeline": () => [200, { clock_warning_minutes: 10, events: [] }],
      "GET /api/v1/work-orders/w1/part-usages": () => [200, []],
      "GET /api/v1/work-orders/w1/inspection-results": () => [200, [ANSWER]],
      "GET /api/v1/work-orders/w1/notes": () => [200, []],
      "GET /api/v1/work-orders/w1/attachments": () => [200, []],
      "GET /api/v1/work-orders/w1/signatures": () => [200, []],
      "GET /api/v1/work-orders/w1/fees": () => [200, { warranty_status: "paid", lines: [], total_cents: 0, chargeable_cents: 0, free_cents: 0, requires_consent: false }],
      "POST /api/v1/work-orders/w1/actions": () => [200, { ...COMPLETED, status: "closed", allowed_actions: [], completion_missing: {} }],
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/review/w1");
    container = mount(<App />);
    const close = await waitFor(() => {
      const found = container?.querySelector<HTMLButtonElement>("button[data-action=close]");
      if (!found) throw new Error("no close button yet");
      return found;
    });
    expect(close.disabled).toBe(true);
    await waitFor(() =>
      expect([...(container?.querySelectorAll("[data-list=missing] li") ?? [])].map((li) => li.textContent)).toEqual([
        "客户签字确认（或填写客户无法签字的原因，并至少拍一张照片）",
        "客户签字同意付费 ¥135.00",
        "异常项缺少备注或照片：机柜温度",
      ]),
    );
    container.querySelector<HTMLInputElement>("input[name=override]")?.click();
    const reason = await waitFor(() => {
      const found = container?.querySelector<HTMLTextAreaElement>("textarea[name=override_reason]");
      if (!found) throw new Error("no reason yet");
      return found;
    });
    expect(close.disabled).toBe(true); // a reason is required
    await act(async () => {
      reason.value = "客户书面确认已寄回";
      reason.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await waitFor(() => expect(container?.querySelector<HTMLButtonElement>("button[data-action=close]")?.disabled).toBe(false));
    container.querySelector<HTMLButtonElement>("button[data-action=close]")?.click();
    await waitFor(() => expect(server.calls.some((c) => c.method === "POST")).toBe(true));
    expect(server.calls.find((c) => c.method === "POST")?.body).toEqual({
      action: "close",
      note: "",
      data: { override_reason: "客户书面确认已寄回" },
    });
  });

  it("shows the words in English too", async () => {
    signIn(user("supervisor"), { locale: "en" });
    vi.stubGlobal("fetch", fakeServer({ "GET /api/v1/work-orders/w1": () => [200, COMPLETED] }).fetch);
    window.history.replaceState(null, "", "/office/review/w1");
    container = mount(<App />);
    await waitFor(() =>
      expect(container?.querySelector("[data-list=missing] li[data-missing=paid_work_consent]")?.textContent).toBe(
        "The customer's signed consent to paid work of ¥135.00",
      ),
    );
    expect(container.querySelector("[data-list=missing]")?.textContent).not.toContain("sign_off");
  });
});

describe("registry forms", () => {
  const users = RESOURCES.users.fields;

  it("creates with every filled field and the password", () => {
    const body = bodyFrom(users, { username: "li", display_name: "李工", role: "engineer", password: "long-enough", is_active: "true", centre_id: "" }, null);
    expect(body).toEqual({ username: "li", display_name: "李工", role: "engineer", password: "long-enough", is_active: true });
  });

  it("edits only what changed and never sends the password", () => {
    const initial = { username: "li", display_name: "李工", role: "engineer", password: "", centre_id: "c1", phone: "", email: "", is_active: "true" };
    const body = bodyFrom(users, { ...initial, centre_id: "", is_active: "false" }, initial);
    expect(body).toEqual({ centre_id: null, is_active: false });
  });
});
