import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, unmount, waitFor } from "../../test/harness";
import { App } from "../app";
import { setLocale } from "../i18n";
import { clearSession, saveSession } from "../store/session";
import type { User } from "../sync/types";
import { bodyFrom, RESOURCES } from "./screens/Registry/resources";

function user(role: User["role"]): User {
  return {
    id: "u1",
    username: role,
    display_name: role === "engineer" ? "张工" : "调度小李",
    role,
    centre: null,
    phone: "",
    email: "",
    locale: "zh-CN",
    is_active: true,
  };
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

beforeEach(() => {
  localStorage.clear();
  clearSession();
  setLocale("zh-CN");
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

function signIn(role: User["role"]) {
  saveSession({ token: "ac_t", expires_at: "2030-01-01T00:00:00Z", user: user(role) });
}

describe("the office", () => {
  it("sends an engineer back to his phone screens", async () => {
    signIn("engineer");
    vi.stubGlobal("fetch", fakeServer({}).fetch);
    window.history.replaceState(null, "", "/office/dispatch");
    container = mount(<App />);
    await waitFor(() => expect(window.location.pathname).toBe("/work-orders"));
  });

  it("shows the dispatch board and assigns an engineer", async () => {
    signIn("dispatcher");
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
    signIn("admin");
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
