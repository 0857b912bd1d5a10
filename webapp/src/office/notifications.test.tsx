import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { App } from "../app";

const FAILED = {
  id: "n1",
  channel: "email",
  recipient: "li@hospital.example",
  recipient_kind: "contact",
  recipient_id: "c1",
  language: "en",
  template: "registered",
  subject: "[Aftercare] Request WO-2026-000001 registered",
  body: "…",
  work_order: { id: "w1", number: "WO-2026-000001" },
  event_kind: "registered",
  event_ref: "e1",
  state: "failed",
  attempts: 8,
  last_error: "ConnectionRefusedError: [Errno 111] Connection refused",
  next_attempt_at: "2026-11-22T01:00:00Z",
  sent_at: null,
  resends: 0,
  created_at: "2026-11-22T00:00:00Z",
};
const page = (items: unknown[]) => ({ items, page: 1, per_page: 50, total: items.length, pages: 1 });

let container: HTMLElement | null = null;

beforeEach(() => {
  signIn({ role: "supervisor", username: "supervisor", display_name: "主管老王" });
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

describe("the notifications screen", () => {
  it("lists a failed e-mail with its error and attempts, and sends it again", async () => {
    let resent = false;
    const server = fakeServer({
      "GET /api/v1/notifications/": () => [200, page([resent ? { ...FAILED, state: "queued", attempts: 0, resends: 1 } : FAILED])],
      "POST /api/v1/notifications/n1/resend": () => {
        resent = true;
        return [200, { ...FAILED, state: "queued", attempts: 0, resends: 1 }];
      },
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/notifications");
    container = mount(<App />);
    const item = await waitFor(() => {
      const found = container?.querySelector("[data-notification='n1']");
      if (!found) throw new Error("no notification yet");
      return found;
    });
    expect(item.textContent).toContain("发送失败");
    expect(item.textContent).toContain("报修已受理");
    expect(item.textContent).toContain("已尝试 8 次");
    expect(item.querySelector("[data-last-error]")?.textContent).toContain("Connection refused");
    expect(container?.querySelector(".office__nav-item--current")?.textContent).toBe("通知");
    const button = [...item.querySelectorAll("button")].find((b) => b.textContent === "重新发送");
    await act(async () => button?.click());
    await waitFor(() => expect(container?.querySelector("[data-notification='n1']")?.getAttribute("data-state")).toBe("queued"));
    expect(server.calls.some((c) => c.method === "POST" && c.url.pathname === "/api/v1/notifications/n1/resend")).toBe(true);
  });

  it("filters by state", async () => {
    const server = fakeServer({ "GET /api/v1/notifications/": () => [200, page([])] });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/notifications");
    container = mount(<App />);
    const select = await waitFor(() => {
      const found = container?.querySelector<HTMLSelectElement>("select[name=filter_state]");
      if (!found) throw new Error("no filter yet");
      return found;
    });
    await act(async () => {
      select.value = "failed";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await waitFor(() => expect(server.calls.some((c) => c.url.searchParams.get("state") === "failed")).toBe(true));
  });
});
