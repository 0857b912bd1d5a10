import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ENGINEER, fakeServer, mount, signIn, unmount, waitFor } from "../test/harness";
import { freshDatabase } from "../test/records";
import { App } from "./app";
import { setLocale } from "./i18n";
import { db } from "./store/db";
import { clearSession, getSession } from "./store/session";
import { isSyncRunning } from "./sync/client";

/** Signed in at a centre (the engineer of the harness otherwise). */
const USER = { ...ENGINEER, centre: { id: "c1", name: "上海服务中心" } };

const SYNC_ANSWER = { server_time: "2026-11-22T03:00:00Z", clock_offset_ms: 0, schema_version: 1 };

/** A first pull: one work order with its customer, site and device (``changed``: as the
 * server holds it after the phone's accept was pushed, at a newer version). */
function fullPull(changed: { row_version: number; status: string } | null = null) {
  const order = {
    id: "w1",
    row_version: 5,
    number: "WO-2026-000001",
    type: "repair",
    channel: "phone",
    status: "assigned",
    severity: 1,
    customer_id: "cu1",
    site_id: "s1",
    system_id: null,
    contract_id: null,
    reporter_name: "王老师",
    reporter_phone: "13800000000",
    contact_name: "",
    contact_phone: "",
    symptom: "画面黑屏",
    assigned_engineer_id: "u1",
    appointment_at: "2026-11-23T01:30:00Z",
    reported_at: "2026-11-22T01:00:00Z",
    created_by_id: null,
    diagnosis_symptom: "",
    diagnosis_location: "",
    diagnosis_cause: "",
    diagnosis_fix: "",
    closed_at: null,
    defect_code: "",
    exclusions: [],
    warranty_override: null,
    device_ids: ["d1"],
  };
  return {
    ...SYNC_ANSWER,
    changes: [
      { entity: "customers", record: { id: "cu1", row_version: 1, name: "上海市第一人民医院", is_important: true } },
      { entity: "sites", record: { id: "s1", row_version: 1, customer_id: "cu1", name: "门诊楼", address: "上海市虹口区", zone: "in_city" } },
      {
        entity: "devices",
        record: { id: "d1", row_version: 1, system_id: "sy1", serial: "DS2CD0001", model: "DS-2CD3T46", manufacturer: "海康威视", location: "1F 走廊" },
      },
      { entity: "work_orders", record: { ...order, ...changed } },
    ],
    has_more: false,
    cursor: "c1",
    deleted: [],
    scope: { work_orders: ["w1"] },
  };
}

let container: HTMLElement | null = null;

function go(path: string) {
  window.history.replaceState(null, "", path);
}

beforeEach(() => {
  freshDatabase();
  localStorage.clear();
  clearSession();
  setLocale("zh-CN");
  // Never the network: a test that expects calls stubs its own server.
  vi.stubGlobal("fetch", fakeServer({}).fetch);
});

afterEach(async () => {
  if (container) unmount(container);
  container = null;
  // A sync run started by the screen finishes against the fake server, never the network.
  await waitFor(() => expect(isSyncRunning()).toBe(false));
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

  it("stores the session, pulls the engineer's work and lists it from the phone", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": () => [200, { token: "ac_new", expires_at: "2030-01-01T00:00:00Z", user: USER }],
      "POST /api/v1/sync/pull": () => [200, fullPull()],
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
    const pull = server.calls.find((call) => call.url.pathname === "/api/v1/sync/pull");
    expect(pull?.body).toMatchObject({ schema_version: 1, cursor: null });
    expect(pull?.headers.Authorization).toBe("Bearer ac_new");
    expect(container.querySelector(".header")?.textContent).toContain("张工");
  });
});

describe("an expired session", () => {
  it("goes back to the login screen on a 401 and keeps the outbox", async () => {
    signIn(USER);
    await db().outbox.add({ seq: 1, id: "m1", name: "work_order_note.add", occurred_at: "2026-11-22T01:00:00Z", args: {}, work_order_id: "w1" });
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/push": () => [401, { code: 401, status: "Unauthorized", message: "expired", key: "errors.auth.invalidToken" }],
      }).fetch,
    );
    go("/work-orders");
    container = mount(<App />);
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
    expect(getSession()).toBeNull();
    expect(await db().outbox.count()).toBe(1);
  });
});

describe("the work order screen", () => {
  it("takes a step offline-first: the phone's copy moves and the outbox sends it", async () => {
    signIn(USER);
    const pushed: unknown[] = [];
    const server = fakeServer({
      // Like the real server: once the accept is pushed, a pull sends the accepted order.
      "POST /api/v1/sync/pull": () => [200, fullPull(pushed.length ? { row_version: 6, status: "accepted" } : null)],
      "POST /api/v1/sync/push": (body) => {
        const mutations = (body as { mutations: { id: string; seq: number }[] }).mutations;
        pushed.push(...mutations);
        return [200, { ...SYNC_ANSWER, last_seq: mutations.at(-1)?.seq ?? 0, results: mutations.map((m) => ({ id: m.id, seq: m.seq, status: "applied" })) }];
      },
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
    const clickedAt = Date.now();
    accept.click();
    await waitFor(() => expect(container?.querySelector("button[data-action=depart]")).not.toBeNull());
    expect(container.querySelector(".detail__summary .badge--status")?.textContent).toBe("已接单");
    await waitFor(() => expect(pushed).toHaveLength(1));
    expect(pushed[0]).toMatchObject({ seq: 1, name: "work_order.transition", args: { id: "w1", action: "accept" } });
    // The phone's own time of the step (not a duration: nothing here races the clock).
    expect(Date.parse((pushed[0] as { occurred_at: string }).occurred_at)).toBeGreaterThanOrEqual(clickedAt);
    await waitFor(async () => expect(await db().outbox.count()).toBe(0));
  });
});

describe("keeping the phone's data", () => {
  /** A browser's navigator.storage that records whether it was asked to persist. */
  function fakeStorage() {
    const asked: string[] = [];
    Object.defineProperty(navigator, "storage", {
      configurable: true,
      value: {
        persisted: async () => asked.length > 0,
        persist: async () => {
          asked.push(window.location.pathname);
          return true;
        },
      },
    });
    return asked;
  }

  afterEach(() => {
    Reflect.deleteProperty(navigator, "storage");
  });

  it("asks the browser to keep it when the engineer signs in, before Settings is ever opened", async () => {
    const asked = fakeStorage();
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/auth/login": () => [200, { token: "ac_new", expires_at: "2030-01-01T00:00:00Z", user: USER }],
        "POST /api/v1/sync/pull": () => [200, fullPull()],
      }).fetch,
    );
    go("/login");
    container = mount(<App />);
    expect(asked).toEqual([]);
    type(container, "username", "engineer1");
    type(container, "password", "secret");
    submit(container);
    await waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0]).not.toBe("/settings");
  });

  it("asks at the first start of an app already signed in, and Settings shows the answer", async () => {
    const asked = fakeStorage();
    signIn(USER);
    go("/work-orders");
    container = mount(<App />);
    await waitFor(() => expect(asked).toEqual(["/work-orders"]));
    unmount(container);
    go("/settings");
    container = mount(<App />);
    await waitFor(() => expect(container?.querySelector(".settings .notice")?.textContent).toBe("浏览器已同意长期保存本机数据。"));
  });
});

describe("settings", () => {
  it("switches the whole app to English", async () => {
    signIn(USER);
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
