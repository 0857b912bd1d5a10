import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../../../test/harness";
import { App } from "../../../app";

let container: HTMLElement | null = null;

const UNIT = {
  id: "d1",
  serial: "DS2CD0001",
  model: "DS-2CD3T46",
  manufacturer: "海康威视",
  device_class: "main",
  location: "1F 走廊",
  status: "in_service",
  replaced_by: null,
  replaces: { id: "d0", serial: "OLD-0000" },
  system: { id: "sy1", name: "监控系统" },
  site: { id: "s1", name: "门诊楼" },
  customer: { id: "c1", name: "上海市第一人民医院" },
  warranty: { status: "free_repair" },
};

beforeEach(() => {
  signIn({ id: "u9", role: "dispatcher", username: "dispatcher", display_name: "调度小李" });
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

describe("the registry's devices", () => {
  it("show the swap chain and record a swap (any office role)", async () => {
    let swapped = false;
    const server = fakeServer({
      "GET /api/v1/devices/": () => [200, { items: [UNIT], page: 1, per_page: 200, total: 1, pages: 1 }],
      "GET /api/v1/devices/d1": () => [200, swapped ? { ...UNIT, status: "replaced", replaced_by: { id: "d2", serial: "NEW-0002" } } : UNIT],
      "POST /api/v1/devices/d1/replace": () => {
        swapped = true;
        return [201, { ...UNIT, id: "d2", serial: "NEW-0002", replaces: { id: "d1", serial: "DS2CD0001" } }];
      },
    });
    vi.stubGlobal("fetch", server.fetch);
    window.history.replaceState(null, "", "/office/registry/devices");
    container = mount(<App />);
    const row = await waitFor(() => {
      const found = [...(container?.querySelectorAll("tr") ?? [])].find((tr) => tr.textContent?.includes("DS2CD0001"));
      if (!found) throw new Error("no row yet");
      return found;
    });
    expect(row.textContent).toContain("在用");
    expect(row.textContent).toContain("OLD-0000");
    row.click();
    const panel = await waitFor(() => {
      const found = container?.querySelector<HTMLElement>("[data-swap=DS2CD0001]");
      if (!found) throw new Error("no swap panel yet");
      return found;
    });
    expect(panel.querySelector("[data-replaces]")?.textContent).toBe("OLD-0000");
    const serial = panel.querySelector<HTMLInputElement>("input[name=swap_serial]");
    await act(async () => {
      if (!serial) throw new Error("no serial input");
      serial.value = "NEW-0002";
      serial.dispatchEvent(new Event("input", { bubbles: true }));
    });
    panel.querySelector<HTMLFormElement>("form")?.requestSubmit();
    await waitFor(() => expect(container?.querySelector("[data-replaced-by]")?.textContent).toBe("NEW-0002"));
    expect(server.calls.find((c) => c.method === "POST")?.body).toEqual({ serial: "NEW-0002" });
    expect(container?.querySelector("[role=status]")?.textContent).toBe("已记录换机：DS2CD0001 → NEW-0002");
    expect(container?.querySelector("[data-swap=DS2CD0001] form")).toBeNull(); // replaced: no second swap
  });
});
