// The office's words for what sync could not apply as sent (late and refused changes), and
// the remote ladder where the office acts on an order.

import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { order as officeOrder } from "../../test/officeOrders";
import { App } from "../app";
import { OFFICE_REMOTE_ACTIONS, officeRemoteActions } from "../domain/workOrderFlow";
import { t } from "../i18n";
import type { User } from "../sync/types";
import type { LateChange, OfficeWorkOrder, RejectedMutation } from "./types";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/;
let container: HTMLElement | null = null;

/** 王主管, signed in with the role a test needs. */
function chief(role: User["role"]) {
  return { id: "u9", username: role, display_name: "王主管", role };
}

function open(path: string) {
  window.history.replaceState(null, "", path);
  container = mount(<App />);
}

function find<T extends Element>(selector: string): T {
  const found = container?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} yet`);
  return found;
}

async function type(selector: string, value: string) {
  const input = find<HTMLInputElement | HTMLTextAreaElement>(selector);
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

const page = <T,>(items: T[]) => ({ items, page: 1, per_page: 200, total: items.length, pages: 1 });

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

const LATE: LateChange = {
  id: "0b7c4a52-1111-4c1e-9d6e-000000000001",
  work_order: { id: "w12", number: "WO-2026-000012" },
  name: "work_order_note.add",
  args: { id: "9f1c4a52-2222-4c1e-9d6e-000000000002", work_order_id: "w12", text: "机柜风扇不转" },
  user: { id: "e1", display_name: "张伟" },
  reason: "reassigned",
  reassigned_to: { id: "e2", display_name: "李强" },
  changed_at: "2026-11-20T02:40:00Z",
  device_at: "2026-11-20T02:55:00Z",
  server_at: "2026-11-20T05:10:00Z",
  status: "open",
  decided_at: null,
  decided_by: null,
  note: "",
};

const PART_LATE: LateChange = {
  ...LATE,
  id: "0b7c4a52-1111-4c1e-9d6e-000000000003",
  name: "part_usage.add",
  args: { id: "9f1c4a52-2222-4c1e-9d6e-000000000004", work_order_id: "w12", part_id: "p1", quantity: 1 },
  reason: "closed",
  reassigned_to: null,
};

describe("late changes in the office", () => {
  it("lists them in words and accepts one, dismisses another only with a note", async () => {
    signIn(chief("supervisor"));
    const server = fakeServer({
      "GET /api/v1/sync/late": () => [200, page([LATE, PART_LATE])],
      "GET /api/v1/parts/": () => [200, page([{ id: "p1", name: "12V 电源适配器" }])],
      "POST /api/v1/sync/late/0b7c4a52-1111-4c1e-9d6e-000000000001/accept": () => [200, { ...LATE, status: "accepted" }],
      "POST /api/v1/sync/late/0b7c4a52-1111-4c1e-9d6e-000000000003/dismiss": () => [200, { ...PART_LATE, status: "dismissed" }],
    });
    vi.stubGlobal("fetch", server.fetch);
    open("/office/conflicts?tab=late");

    const note = await waitFor(() => find<HTMLElement>(`[data-late='${LATE.id}']`));
    expect(server.calls.find((c) => c.url.pathname === "/api/v1/sync/late")?.url.searchParams.get("status")).toBe("open");
    expect(note.querySelector("h2 a")?.getAttribute("href")).toBe("/office/review/w12");
    expect(note.querySelector("h2")?.textContent).toBe("WO-2026-000012 · 备注");
    expect(note.querySelector("[data-reason]")?.textContent).toMatch(/^工单 WO-2026-000012 已于 .*改派给李强$/);
    expect(note.querySelector("[data-list=did]")?.textContent).toBe("内容机柜风扇不转");
    expect(note.textContent).toContain("张伟 · 手机时间");
    expect(note.textContent).toContain("服务器收到");
    const part = find<HTMLElement>(`[data-late='${PART_LATE.id}']`);
    await waitFor(() => expect(part.querySelector("[data-list=did]")?.textContent).toBe("备件12V 电源适配器数量1"));
    expect(part.querySelector("[data-reason]")?.textContent).toMatch(/关闭$/);
    expect(container?.querySelector("main")?.textContent).not.toMatch(UUID);

    note.querySelector<HTMLButtonElement>("button[data-decision=accept]")?.click();
    await waitFor(() => expect(server.calls.some((c) => c.method === "POST" && c.url.pathname.endsWith("/accept"))).toBe(true));
    expect(server.calls.find((c) => c.url.pathname.endsWith("/accept"))?.body).toEqual({ note: "" });

    const dismiss = part.querySelector<HTMLButtonElement>("button[data-decision=dismiss]");
    expect(dismiss?.disabled).toBe(true);
    await act(async () => {
      const box = part.querySelector<HTMLTextAreaElement>("textarea[name=late_note]");
      if (!box) throw new Error("no note box");
      box.value = "工单已结算，备件另行处理";
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await waitFor(() => expect(part.querySelector<HTMLButtonElement>("button[data-decision=dismiss]")?.disabled).toBe(false));
    part.querySelector<HTMLButtonElement>("button[data-decision=dismiss]")?.click();
    await waitFor(() => expect(server.calls.some((c) => c.url.pathname.endsWith("/dismiss"))).toBe(true));
    expect(server.calls.find((c) => c.url.pathname.endsWith("/dismiss"))?.body).toEqual({ note: "工单已结算，备件另行处理" });
  });

  it("lets a dispatcher read them but not decide", async () => {
    signIn(chief("dispatcher"));
    vi.stubGlobal("fetch", fakeServer({ "GET /api/v1/sync/late": () => [200, page([LATE])] }).fetch);
    open("/office/conflicts?tab=late");
    const card = await waitFor(() => find<HTMLElement>(`[data-late='${LATE.id}']`));
    expect(card.querySelector("button[data-decision]")).toBeNull();
    expect(card.textContent).toContain("由主管或管理员决定是否采纳。");
  });
});

describe("a refused change in the office", () => {
  it("reads in the office's language, without ids, names of mutations or the server's English", async () => {
    signIn(chief("supervisor"), { locale: "en" });
    const refused: RejectedMutation = {
      id: "7a1c4a52-3333-4c1e-9d6e-000000000005",
      seq: 4,
      name: "work_order.transition",
      args: { id: "8b1c4a52-4444-4c1e-9d6e-000000000006", action: "complete", event_id: "8b1c4a52-4444-4c1e-9d6e-000000000007" },
      result: {
        key: "errors.workOrder.guardsMissing",
        message: "Raw server sentence.",
        errors: { args: { diagnosis_cause: ["Missing."], sign_off: ["Missing."] } },
      },
      user: { id: "e1", display_name: "Zhang Wei" },
      device_at: "2026-11-20T02:55:00Z",
      server_at: "2026-11-20T05:10:00Z",
      reviewed_at: null,
    };
    vi.stubGlobal("fetch", fakeServer({ "GET /api/v1/sync/rejected": () => [200, page([refused])] }).fetch);
    open("/office/conflicts?tab=rejected");
    const card = await waitFor(() => find<HTMLElement>(`[data-mutation='${refused.id}']`));
    expect(card.querySelector("h2")?.textContent).toBe(`Complete · ${t("errors.workOrder.guardsMissing")}`);
    expect(card.querySelector("[data-fields]")?.textContent).toBe("Fields to check: Cause and Customer's sign-off");
    expect(card.querySelector("[data-list=entered]")?.textContent).toBe("ActionComplete");
    const text = card.textContent ?? "";
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain("work_order");
    expect(text).not.toContain("Raw server sentence");
    expect(text).not.toContain("Missing.");
  });
});

describe("a conflict card", () => {
  it("names who wrote the server's side: the engineer's other phone, not the back office", async () => {
    signIn(chief("supervisor"));
    const conflict = {
      id: "k1", entity: "work_orders", entity_id: "w7", field: "diagnosis_cause", policy: "device_wins",
      winner: "device", base_value: "", server_value: "网线松动", device_value: "交换机端口损坏",
      mutation_id: "m1", client_id: "c2", user: { id: "e1", display_name: "张工" },
      device_at: "2026-11-20T02:55:00Z", created_at: "2026-11-20T03:10:00Z", resolved_at: null,
      resolved_by_id: null, resolution: null,
      server_written_by: { display_name: "张工", origin: "device" },
    };
    vi.stubGlobal("fetch", fakeServer({
      "GET /api/v1/sync/conflicts": () => [200, page([conflict])],
      "GET /api/v1/work-orders/w7": () => [200, officeOrder("w7", { number: "WO-2026-000007" })],
    }).fetch);
    open("/office/conflicts");
    const card = await waitFor(() => find<HTMLElement>("[data-conflict='k1']"));
    expect(card.querySelector("tr[data-side=server] th")?.textContent).toBe("服务器上已保存的值（张工 的手机，先到的修改）");
    expect(card.textContent).not.toContain("后台");
    await waitFor(() => expect(card.textContent).toContain("WO-2026-000007"));
  });
});

describe("the remote ladder in the office", () => {
  it("is the declared steps both take away from a site", () => {
    expect(OFFICE_REMOTE_ACTIONS).toEqual(["escalate", "start_remote", "resolve_by_phone", "resolve_remotely"]);
    expect(officeRemoteActions("new")).toEqual(["escalate", "start_remote", "resolve_by_phone"]);
    expect(officeRemoteActions("remote")).toEqual(["resolve_remotely"]);
    expect(officeRemoteActions("on_site")).toEqual([]);
    expect(officeRemoteActions("completed")).toEqual([]);
  });

  const ACCEPTED = officeOrder("w5", {
    number: "WO-2026-000005",
    status: "accepted",
    customer: { id: "c1", name: "上海市第一人民医院", is_important: false },
    site: { id: "s1", name: "门诊楼", address: "", zone: "in_city" },
    assigned_engineer: { id: "e1", username: "engineer1", display_name: "张工" },
    devices: [],
    symptom: "画面黑屏",
    allowed_actions: ["assign", "unassign", "escalate", "start_remote", "resolve_by_phone", "cancel"],
    completion_missing: null,
  } as Partial<OfficeWorkOrder>);

  it("offers the steps of the order's status on the dispatch board, a solving one only with its facts", async () => {
    signIn(chief("dispatcher"));
    const full = { ...ACCEPTED, completion_missing: { remote: [{ code: "diagnosis", field: "diagnosis_cause" }], on_site: [] } };
    const server = fakeServer({
      "GET /api/v1/work-orders/": () => [200, page([ACCEPTED])],
      "GET /api/v1/dispatch/engineers": () => [200, []],
      "GET /api/v1/work-orders/w5": () => [200, full],
      "POST /api/v1/work-orders/w5/actions": () => [200, { ...ACCEPTED, status: "remote", allowed_actions: ["resolve_remotely"] }],
    });
    vi.stubGlobal("fetch", server.fetch);
    open("/office/dispatch");
    const card = await waitFor(() => find<HTMLElement>("[data-number='WO-2026-000005']"));
    card.querySelector<HTMLButtonElement>(".o-order__head")?.click();
    const ladder = await waitFor(() => find<HTMLElement>("[data-remote=w5]"));
    expect([...ladder.querySelectorAll("button[data-action]")].map((b) => b.textContent)).toEqual(["电话支持未解决", "开始远程处理", "电话已解决"]);
    await waitFor(() => expect(ladder.querySelector("[data-list=missing]")?.textContent).toBe("诊断未填写：故障原因"));
    expect(ladder.querySelector<HTMLButtonElement>("button[data-action=resolve_by_phone]")?.disabled).toBe(true);
    expect(ladder.querySelector<HTMLButtonElement>("button[data-action=start_remote]")?.disabled).toBe(false);
    await type("[data-remote=w5] input[name=remote_note]", "客户同意远程");
    ladder.querySelector<HTMLButtonElement>("button[data-action=start_remote]")?.click();
    await waitFor(() => expect(server.calls.some((c) => c.method === "POST")).toBe(true));
    expect(server.calls.find((c) => c.method === "POST")?.body).toEqual({ action: "start_remote", note: "客户同意远程" });
  });

  it("offers solving remotely on the review of a remote order, in English too", async () => {
    signIn(chief("supervisor"), { locale: "en" });
    const remote = { ...ACCEPTED, status: "remote", completion_missing: { remote: [], on_site: [] }, allowed_actions: ["resolve_remotely", "cancel"] };
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "GET /api/v1/work-orders/w5": () => [200, remote],
        "GET /api/v1/sync/late": () => [200, page([])],
      }).fetch,
    );
    open("/office/review/w5");
    const ladder = await waitFor(() => find<HTMLElement>("[data-remote=w5]"));
    const button = ladder.querySelector<HTMLButtonElement>("button[data-action=resolve_remotely]");
    expect(button?.textContent).toBe("Solved remotely");
    expect(button?.disabled).toBe(false);
    expect(ladder.querySelectorAll("button[data-action]")).toHaveLength(1);
  });

  it("lists an order's late changes on its review", async () => {
    signIn(chief("supervisor"));
    const server = fakeServer({
      "GET /api/v1/work-orders/w12": () => [200, { ...ACCEPTED, id: "w12", status: "closed", allowed_actions: [], completion_missing: {} }],
      "GET /api/v1/sync/late": () => [200, page([{ ...LATE, status: "accepted", decided_by: { id: "u9", display_name: "王主管" }, decided_at: "2026-11-21T01:00:00Z" }])],
    });
    vi.stubGlobal("fetch", server.fetch);
    open("/office/review/w12");
    const card = await waitFor(() => find<HTMLElement>(`[data-late='${LATE.id}']`));
    const query = server.calls.find((c) => c.url.pathname === "/api/v1/sync/late")?.url.searchParams;
    expect(query?.get("work_order_id")).toBe("w12");
    expect(query?.get("status")).toBe("all");
    expect(card.querySelector("[data-decided=accepted]")?.textContent).toMatch(/^王主管 已于 .* 采纳$/);
    expect(container?.querySelector("[data-remote]")).toBeNull();
  });
});
