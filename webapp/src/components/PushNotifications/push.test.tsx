import "fake-indexeddb/auto";

import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase } from "../../../test/records";
import { setLocale } from "../../i18n";
import { setMeta } from "../../store/db";
import { setSyncStatus } from "../../sync/status";
import { PROMPT_ANSWERED, PushPrompt } from ".";

let container: HTMLElement | null = null;

function stubBrowser() {
  const registration = { pushManager: { getSubscription: async () => null, subscribe: vi.fn() } };
  vi.stubGlobal("Notification", Object.assign(function Notification() {}, { permission: "default", requestPermission: vi.fn(async () => "default") }));
  vi.stubGlobal("PushManager", function PushManager() {});
  Object.defineProperty(navigator, "serviceWorker", {
    configurable: true,
    value: { ready: Promise.resolve(registration), getRegistration: async () => registration },
  });
}

beforeEach(() => {
  localStorage.clear();
  setLocale("zh-CN");
  freshDatabase();
  stubBrowser();
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, "serviceWorker");
});

describe("asking for notifications", () => {
  it("waits for the first successful sync, then asks once", async () => {
    container = mount(<PushPrompt />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.querySelector("[data-push-prompt]")).toBeNull(); // not at first load
    await setMeta("last_sync_at", "2026-11-27T08:00:00Z");
    await act(async () => setSyncStatus({ running: true }));
    await act(async () => setSyncStatus({ running: false }));
    const prompt = await waitFor(() => {
      const found = container?.querySelector("[data-push-prompt]");
      if (!found) throw new Error("no prompt yet");
      return found;
    });
    expect(prompt.textContent).toContain("是否在本手机上提醒您");
    const notNow = [...prompt.querySelectorAll("button")].find((b) => b.textContent === "暂不");
    await act(async () => notNow?.click());
    expect(container.querySelector("[data-push-prompt]")).toBeNull();
    expect(localStorage.getItem(PROMPT_ANSWERED)).toBe("1");
  });
});
