import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, unmount, waitFor } from "../../../../test/harness";
import { setLocale } from "../../../i18n";
import "../../i18n";
import type { OfficeWorkOrder } from "../../types";
import { type RemoteSession, RemoteSessions } from ".";

const ENGINEER = { id: "e1", username: "engineer1", display_name: "张工" };
const ORDER = { id: "w1", number: "WO-2026-000001", status: "assigned", allowed_actions: ["start_remote", "cancel"] } as unknown as OfficeWorkOrder;
const PAST: RemoteSession = {
  id: "r0",
  work_order_id: "w1",
  call_id: null,
  engineer: ENGINEER,
  consent_by: "李科长",
  consent_at: "2026-11-20T01:00:00Z",
  started_at: "2026-11-20T01:02:00Z",
  ended_at: "2026-11-20T01:30:00Z",
  work_done: "远程检查网络，未能解决",
  recorded_by: ENGINEER,
  created_at: "2026-11-20T01:02:00Z",
};

let container: HTMLElement | null = null;

beforeEach(() => setLocale("zh-CN"));

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
  const input = await find<HTMLInputElement | HTMLTextAreaElement>(selector);
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

describe("the review's remote sessions", () => {
  it("lists past sessions, starts one with the customer's consent and ends it resolved", async () => {
    const sessions: RemoteSession[] = [PAST];
    let status = "assigned";
    const server = fakeServer({
      "GET /api/v1/work-orders/w1/remote-sessions": () => [200, sessions],
      "POST /api/v1/work-orders/w1/remote-sessions": (body) => {
        const consent = body as { consent_by: string; consent_at?: string };
        status = "remote";
        sessions.push({ ...PAST, id: "r1", consent_by: consent.consent_by, consent_at: consent.consent_at ?? "2026-11-27T08:00:00Z", ended_at: null, work_done: "" });
        return [201, sessions[1]];
      },
      "POST /api/v1/work-orders/w1/remote-sessions/r1/end": (body) => {
        const ending = body as { work_done: string; resolved: boolean };
        sessions[1] = { ...(sessions[1] as RemoteSession), ended_at: "2026-11-27T08:20:00Z", work_done: ending.work_done };
        if (ending.resolved) status = "completed";
        return [200, sessions[1]];
      },
      "GET /api/v1/work-orders/w1": () => [200, { ...ORDER, status, allowed_actions: status === "remote" ? ["resolve_remotely"] : [] }],
    });
    vi.stubGlobal("fetch", server.fetch);
    const changed: OfficeWorkOrder[] = [];
    container = mount(<RemoteSessions order={ORDER} onChanged={(next) => changed.push(next)} />);

    const past = await find<HTMLElement>("[data-remote-session=r0]");
    expect(past.textContent).toContain("李科长");
    expect(past.textContent).toContain("远程检查网络，未能解决");
    expect(past.getAttribute("data-running")).toBe("false");

    // No consent, no start.
    const startButton = await find<HTMLButtonElement>("button[data-action=start-remote-session]");
    expect(startButton.disabled).toBe(true);
    await type("input[name=consent_by]", "王主任");
    await type("input[name=consent_at]", "2026-11-27T16:00");
    await act(async () => startButton.click());
    await waitFor(() => expect(changed.map((o) => o.status)).toEqual(["remote"]));
    const start = server.calls.find((c) => c.method === "POST" && c.url.pathname.endsWith("/remote-sessions"));
    expect((start?.body as { consent_by: string }).consent_by).toBe("王主任");
    expect(new Date((start?.body as { consent_at: string }).consent_at).toISOString()).toBe(new Date(2026, 10, 27, 16, 0).toISOString());

    const running = await find<HTMLElement>("[data-remote-session=r1]");
    expect(running.getAttribute("data-running")).toBe("true");
    expect(running.textContent).toContain("进行中");
    expect(container.querySelector("[data-remote-start]")).toBeNull(); // one at a time

    await type("textarea[name=work_done]", "远程重启录像服务，画面恢复");
    const resolved = await find<HTMLInputElement>("input[name=resolved]");
    await act(async () => {
      resolved.checked = true;
      resolved.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await act(async () => (await find<HTMLButtonElement>("button[data-action=end-remote-session]")).click());
    await waitFor(() => expect(changed.map((o) => o.status)).toEqual(["remote", "completed"]));
    const end = server.calls.find((c) => c.url.pathname.endsWith("/r1/end"));
    expect(end?.body).toEqual({ work_done: "远程重启录像服务，画面恢复", resolved: true });
    await waitFor(() => expect(container?.querySelector("[data-remote-session=r1]")?.getAttribute("data-running")).toBe("false"));
    expect(container.querySelector("[data-remote-end]")).toBeNull();
  });

  it("shows nothing on an order that has had no session and cannot start one", async () => {
    const server = fakeServer({ "GET /api/v1/work-orders/w1/remote-sessions": () => [200, []] });
    vi.stubGlobal("fetch", server.fetch);
    container = mount(<RemoteSessions order={{ ...ORDER, allowed_actions: ["cancel"] }} onChanged={() => undefined} />);
    await waitFor(() => expect(server.calls.length).toBe(1));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(container.querySelector("[data-remote-sessions]")).toBeNull();
  });
});
