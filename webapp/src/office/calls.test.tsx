import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { App } from "../app";
import { callBody } from "./screens/Calls";

const CUSTOMER = { id: "c1", name: "上海市第一人民医院", code: "SH-HOSP-1", is_important: true };
const CALL = {
  id: "k1",
  number: "RX-2026-000001",
  channel: "phone",
  caller_name: "王主任",
  caller_phone: "13800000000",
  customer: { id: "c1", name: CUSTOMER.name },
  device: null,
  summary: "门诊楼摄像机无画面",
  resolution: "指导重启",
  outcome: "solved_by_phone",
  duty_engineer: { id: "u1", username: "dispatcher", display_name: "调度小李" },
  work_order: null,
  order_link: null,
  is_first_call: true,
  is_solved_on_first_call: true,
  received_at: "2026-11-22T01:00:00Z",
  created_at: "2026-11-22T01:05:00Z",
  recorded_by: null,
};
const OPEN_ORDER = { id: "w1", number: "WO-2026-000001", status: "assigned", symptom: "画面黑屏", devices: [] };
const page = (items: unknown[]) => ({ items, page: 1, per_page: 50, total: items.length, pages: 1 });

let container: HTMLElement | null = null;

beforeEach(() => {
  signIn({ role: "dispatcher", username: "dispatcher", display_name: "调度小李" });
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

async function type(selector: string, value: string) {
  const input = await waitFor(() => {
    const found = container?.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(selector);
    if (!found) throw new Error(`no ${selector} yet`);
    return found;
  });
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

describe("the hotline log", () => {
  it("lists the calls and filters them by outcome", async () => {
    const server = fakeServer({
      "GET /api/v1/calls/": () => [200, page([CALL])],
      "GET /api/v1/dispatch/engineers": () => [200, []],
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/calls");
    container = mount(<App />);
    const item = await waitFor(() => {
      const found = container?.querySelector("[data-call='RX-2026-000001']");
      if (!found) throw new Error("no call yet");
      return found;
    });
    expect(item.textContent).toContain("电话解决");
    expect(item.textContent).toContain("首次来电解决");
    expect(container?.querySelector(".office__nav-item--current")?.textContent).toBe("热线");
    await type("select[name=filter_outcome]", "not_ours");
    await waitFor(() => expect(server.calls.some((c) => c.url.pathname === "/api/v1/calls/" && c.url.searchParams.get("outcome") === "not_ours")).toBe(true));
  });

  it("logs a visit attached to the customer's open order", async () => {
    const server = fakeServer({
      "GET /api/v1/calls/": () => [200, page([])],
      "GET /api/v1/dispatch/engineers": () => [200, []],
      "GET /api/v1/customers/": () => [200, page([CUSTOMER])],
      "GET /api/v1/sites/": () => [200, page([{ id: "s1", name: "门诊楼" }])],
      "GET /api/v1/work-orders/": () => [200, page([OPEN_ORDER])],
      "POST /api/v1/calls/": () => [201, { ...CALL, outcome: "visit_needed", work_order: { id: "w1", number: OPEN_ORDER.number, status: "assigned", type: "repair" }, order_link: "attached" }],
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/calls");
    container = mount(<App />);
    await type("input[name=customer_q]", "第一");
    const pick = await waitFor(() => {
      const found = [...(container?.querySelectorAll<HTMLButtonElement>(".o-suggestions button") ?? [])].find((b) => b.textContent?.includes(CUSTOMER.name));
      if (!found) throw new Error("no suggestion yet");
      return found;
    });
    await act(async () => pick.click());
    await type("textarea[name=summary]", "门诊楼摄像机无画面");
    await type("select[name=outcome]", "visit_needed");
    await waitFor(() => expect(container?.querySelector("select[name=work_order_id] option[value=w1]")).not.toBeNull());
    await type("select[name=work_order_id]", "w1");
    await act(async () => container?.querySelector<HTMLFormElement>("form[aria-label='登记来电']")?.requestSubmit());
    await waitFor(() => expect(container?.querySelector("[data-saved='RX-2026-000001']")?.textContent).toContain(OPEN_ORDER.number));
    const posted = server.calls.find((c) => c.method === "POST")?.body as Record<string, unknown>;
    expect(posted).toMatchObject({ customer_id: "c1", outcome: "visit_needed", work_order_id: "w1", summary: "门诊楼摄像机无画面" });
    expect(posted).not.toHaveProperty("site_id");
    const listed = server.calls.find((c) => c.url.pathname === "/api/v1/work-orders/");
    expect(listed?.url.searchParams.getAll("status")).toContain("assigned");
  });

  it("shows the field the server refused", async () => {
    const server = fakeServer({
      "GET /api/v1/calls/": () => [200, page([])],
      "GET /api/v1/dispatch/engineers": () => [200, []],
      "POST /api/v1/calls/": () => [
        422,
        { code: 422, status: "Unprocessable Entity", message: "Invalid data.", key: "errors.validation", errors: { json: { customer_id: ["A remote session or a visit needs the customer."] } } },
      ],
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/calls");
    container = mount(<App />);
    await type("textarea[name=summary]", "远程");
    await type("select[name=outcome]", "remote_session");
    await act(async () => container?.querySelector<HTMLFormElement>("form[aria-label='登记来电']")?.requestSubmit());
    await waitFor(() => expect(container?.querySelector("[data-path=customer_id]")?.textContent).toContain("needs the customer"));
  });
});

describe("the body of a call", () => {
  const draft = {
    channel: "phone",
    caller_name: "",
    caller_phone: "",
    summary: "无画面",
    resolution: "",
    outcome: "visit_needed",
    duty_engineer_id: "",
    work_order_id: "",
    site_id: "s1",
    severity: "2",
    received_at: "",
  };

  it("names the site and severity of a new order", () => {
    expect(callBody(draft, "c1", null)).toMatchObject({ site_id: "s1", severity: 2, customer_id: "c1", device_id: null });
  });

  it("sends neither for a call solved on the phone", () => {
    const body = callBody({ ...draft, outcome: "solved_by_phone" }, "c1", null);
    expect(body).not.toHaveProperty("site_id");
    expect(body).not.toHaveProperty("severity");
  });

  it("attaches no call that is not ours", () => {
    expect(callBody({ ...draft, outcome: "not_ours", work_order_id: "w1" }, null, null)).not.toHaveProperty("work_order_id");
  });
});
