import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { App } from "./app";
import { setLocale } from "./i18n";
import { clearSession, getSession, saveSession } from "./store/session";
import type { User, WorkOrder } from "./sync/types";
import { fakeServer, mount, unmount, waitFor } from "./testing";

const USER: User = {
  id: "u1",
  username: "engineer1",
  display_name: "张工",
  role: "engineer",
  centre: { id: "c1", name: "上海服务中心" },
  phone: "",
  email: "",
  locale: "zh-CN",
  is_active: true,
};

const ORDER: WorkOrder = {
  id: "w1",
  number: "WO-2026-000001",
  type: "repair",
  channel: "phone",
  status: "assigned",
  severity: 1,
  customer: { id: "cu1", name: "上海市第一人民医院", is_important: true },
  site: { id: "s1", name: "门诊楼", address: "上海市虹口区", zone: "in_city" },
  system: null,
  contract: null,
  devices: [{ id: "d1", serial: "DS2CD0001", model: "DS-2CD3T46", manufacturer: "海康威视", location: "1F 走廊" }],
  reporter_name: "王老师",
  reporter_phone: "13800000000",
  contact_name: "",
  contact_phone: "",
  symptom: "画面黑屏",
  assigned_engineer: { id: "u1", username: "engineer1", display_name: "张工" },
  appointment_at: "2026-11-23T01:30:00Z",
  reported_at: "2026-11-22T01:00:00Z",
  diagnosis_symptom: "",
  diagnosis_location: "",
  diagnosis_cause: "",
  diagnosis_fix: "",
  closed_at: null,
  created_at: "2026-11-22T01:00:00Z",
  updated_at: "2026-11-22T01:00:00Z",
  allowed_actions: ["accept"],
};

const page = (items: WorkOrder[]) => ({ items, page: 1, per_page: 50, total: items.length, pages: 1 });
let container: HTMLElement | null = null;

function go(path: string) {
  window.history.replaceState(null, "", path);
}

function signedIn() {
  saveSession({ token: "ac_token", expires_at: "2030-01-01T00:00:00Z", user: USER });
}

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

describe("signing in", () => {
  it("sends a visitor to the login screen", async () => {
    go("/work-orders");
    container = mount(<App />);
    await waitFor(() => expect(container?.querySelector("h1")?.textContent).toBe("工程师登录"));
    expect(window.location.pathname).toBe("/login");
    expect(container.querySelector("label[for=field-username]")?.textContent).toBe("用户名");
  });

  it("shows the server's error translated", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": () => [
        401,
        { code: 401, status: "Unauthorized", message: "Wrong username or password.", key: "errors.auth.badCredentials" },
      ],
    });
    vi.stubGlobal("fetch", server.fetch);
    go("/login");
    container = mount(<App />);
    type(container, "username", "engineer1");
    type(container, "password", "wrong");
    submit(container);
    const alert = await waitFor(() => {
      const found = container?.querySelector("[role=alert]");
      if (!found) throw new Error("no alert yet");
      return found;
    });
    expect(alert.textContent).toContain("用户名或密码错误。");
    expect(getSession()).toBeNull();
  });

  it("stores the session and lists the engineer's work orders", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": () => [200, { token: "ac_new", expires_at: "2030-01-01T00:00:00Z", user: USER }],
      "GET /api/v1/work-orders/": () => [200, page([ORDER])],
    });
    vi.stubGlobal("fetch", server.fetch);
    go("/login");
    container = mount(<App />);
    type(container, "username", "engineer1");
    type(container, "password", "secret");
    submit(container);
    const card = await waitFor(() => {
      const found = container?.querySelector<HTMLAnchorElement>("a.order");
      if (!found) throw new Error("no card yet");
      return found;
    });
    expect(getSession()?.token).toBe("ac_new");
    expect(card.getAttribute("href")).toBe("/work-orders/w1");
    expect(card.textContent).toContain("WO-2026-000001");
    expect(card.textContent).toContain("已派单");
    expect(card.textContent).toContain("系统瘫痪");
    expect(card.textContent).toContain("门诊楼");
    const list = server.calls.find((call) => call.url.pathname === "/api/v1/work-orders/");
    expect(list?.url.searchParams.getAll("status")).toEqual(["new", "assigned", "accepted", "en_route", "on_site", "on_hold"]);
    expect(list?.headers.Authorization).toBe("Bearer ac_new");
    expect(container.querySelector(".header")?.textContent).toContain("张工");
  });
});

describe("an expired session", () => {
  it("goes back to the login screen on a 401", async () => {
    signedIn();
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "GET /api/v1/work-orders/": () => [
          401,
          { code: 401, status: "Unauthorized", message: "expired", key: "errors.auth.invalidToken" },
        ],
      }).fetch,
    );
    go("/work-orders");
    container = mount(<App />);
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
    expect(getSession()).toBeNull();
  });
});

describe("the work order screen", () => {
  it("shows the order and takes an allowed action with the device's time", async () => {
    signedIn();
    const server = fakeServer({
      "GET /api/v1/work-orders/w1": () => [200, ORDER],
      "GET /api/v1/work-orders/w1/events": () => [200, []],
      "POST /api/v1/work-orders/w1/actions": () => [200, { ...ORDER, status: "accepted", allowed_actions: ["depart", "arrive"] }],
    });
    vi.stubGlobal("fetch", server.fetch);
    go("/work-orders/w1");
    container = mount(<App />);
    const accept = await waitFor(() => {
      const found = container?.querySelector<HTMLButtonElement>("button[data-action=accept]");
      if (!found) throw new Error("no button yet");
      return found;
    });
    expect(container.textContent).toContain("海康威视 DS-2CD3T46");
    expect(accept.textContent).toBe("接单");
    accept.click();
    await waitFor(() => expect(container?.querySelector("button[data-action=depart]")).not.toBeNull());
    expect(container.querySelector(".detail__summary .badge--status")?.textContent).toBe("已接单");
    const action = server.calls.find((call) => call.method === "POST");
    expect(action?.body).toMatchObject({ action: "accept" });
    expect(Date.parse((action?.body as { occurred_at: string }).occurred_at)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("settings", () => {
  it("switches the whole app to English", async () => {
    signedIn();
    go("/settings");
    container = mount(<App />);
    expect(container.querySelector("h1")?.textContent).toBe("设置");
    container.querySelector<HTMLButtonElement>("button[data-locale=en]")?.click();
    await waitFor(() => expect(container?.querySelector("h1")?.textContent).toBe("Settings"));
    expect(container.textContent).toContain("Engineer");
    expect(container.textContent).toContain("Sign out");
  });
});

function type(root: HTMLElement, name: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(`input[name=${name}]`);
  if (!input) throw new Error(`no input ${name}`);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function submit(root: HTMLElement) {
  root.querySelector<HTMLFormElement>("form")?.requestSubmit();
}
