import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, unmount, waitFor } from "../../../test/harness";
import { setLocale } from "../../i18n";
import { CalendarFeedSettings } from ".";

const FIRST = "https://aftercare.example.com/ics/first-token.ics";
const SECOND = "https://aftercare.example.com/ics/second-token.ics";

let container: HTMLElement | null = null;

function server() {
  let url: string | null = null;
  const made = [FIRST, SECOND];
  return fakeServer({
    "GET /api/v1/me/calendar-feed": () => [200, { url, created_at: null }],
    "POST /api/v1/me/calendar-feed": () => {
      url = made.shift() ?? null;
      return [201, { url, created_at: "2026-11-27T08:00:00Z" }];
    },
    "DELETE /api/v1/me/calendar-feed": () => {
      url = null;
      return [204, null];
    },
  });
}

function button(selector: string): HTMLButtonElement {
  const found = container?.querySelector<HTMLButtonElement>(selector);
  if (!found) throw new Error(`no ${selector} yet`);
  return found;
}

beforeEach(() => setLocale("zh-CN"));

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, "clipboard");
});

describe("the calendar feed in Settings", () => {
  it("shows the feed URL (made the first time), copies it, renews and turns it off", async () => {
    const fake = server();
    vi.stubGlobal("fetch", fake.fetch);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    container = mount(<CalendarFeedSettings />);
    expect(container.textContent).toContain("日历订阅");
    expect(container.querySelector("[data-calendar-url]")).toBeNull(); // not fetched before a tap

    await act(async () => button("[data-calendar-show]").click());
    const input = await waitFor(() => {
      const found = container?.querySelector<HTMLInputElement>("[data-calendar-url]");
      if (!found) throw new Error("no URL yet");
      return found;
    });
    expect(input.value).toBe(FIRST);
    expect(fake.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      "GET /api/v1/me/calendar-feed",
      "POST /api/v1/me/calendar-feed",
    ]);

    await act(async () => button("[data-calendar-copy]").click());
    expect(writeText).toHaveBeenCalledWith(FIRST);
    await waitFor(() => expect(container?.textContent).toContain("已复制"));

    await act(async () => button("[data-calendar-renew]").click());
    await waitFor(() => expect(container?.querySelector<HTMLInputElement>("[data-calendar-url]")?.value).toBe(SECOND));

    await act(async () => button("[data-calendar-off]").click());
    await waitFor(() => expect(container?.textContent).toContain("日历链接已停用"));
    expect(container.querySelector("[data-calendar-url]")).toBeNull();
    expect(container.querySelector("[data-calendar-feed]")?.getAttribute("data-calendar-feed")).toBe("off");
  });

  it("says so in English when the server cannot be reached", async () => {
    setLocale("en");
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("offline");
    });
    container = mount(<CalendarFeedSettings />);
    await act(async () => button("[data-calendar-show]").click());
    await waitFor(() => expect(container?.textContent).toContain("Could not reach the server"));
    expect(container.querySelector("[data-calendar-url]")).toBeNull();
  });
});
