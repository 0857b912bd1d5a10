import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../../../test/harness";
import { App } from "../../../app";

let container: HTMLElement | null = null;

const DEFAULTS = {
  sla: {
    calendars: {
      business_hours: {
        kind: "business_hours",
        start: "09:00",
        end: "18:00",
        weekdays: [0, 1, 2, 3, 4],
        timezone: "Asia/Shanghai",
        use_organisation_calendar: true,
        holidays: [],
        make_up_workdays: [],
      },
    },
  },
};

beforeEach(() => {
  signIn({ role: "admin", username: "admin", display_name: "管理员老孙" });
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

const EMPTY = { items: [], page: 1, per_page: 200, total: 0, pages: 0 };

function newButton(): HTMLButtonElement | undefined {
  return [...(container?.querySelectorAll("button") ?? [])].find((b) => b.textContent === "新建一条");
}

describe("the registry's contracts", () => {
  it("offer a new contract only once the default settings have arrived (a form opened before showed no calendars and no SLA targets)", async () => {
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (release = resolve));
    const server = fakeServer({
      "GET /api/v1/contracts/": () => [200, EMPTY],
      "GET /api/v1/customers/": () => [200, EMPTY],
      "GET /api/v1/contracts/defaults": () => [200, DEFAULTS],
    });
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes("/contracts/defaults")) await arrived;
      return server.fetch(input, init);
    };
    vi.stubGlobal("fetch", fetch);
    window.history.replaceState(null, "", "/office/registry/contracts");
    container = mount(<App />);
    await waitFor(() => expect(container?.textContent).toContain("没有记录"));
    expect(newButton()).toBeUndefined();

    release();
    const button = await waitFor(() => {
      const found = newButton();
      if (!found) throw new Error("no new button yet");
      return found;
    });
    button.click();
    const calendar = await waitFor(() => {
      const found = container?.querySelector<HTMLInputElement>(
        "[data-calendar=business_hours] input[name='sla.calendars.business_hours.use_organisation_calendar']",
      );
      if (!found) throw new Error("no calendar yet");
      return found;
    });
    expect(calendar.checked).toBe(true);
  });
});
