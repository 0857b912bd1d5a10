import "fake-indexeddb/auto";

import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { mount, signIn, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import type { AftercareDB } from "../../store/db";
import type { DeviceRecord } from "../../store/records";
import { WorkOrderDetail } from "../WorkOrderDetail";
import { DeviceCard } from ".";

let database: AftercareDB;
let container: HTMLElement | null = null;

const OLD = {
  id: "d1",
  row_version: 1,
  system_id: "sy1",
  serial: "DS2CD0001",
  model: "DS-2CD3T46",
  manufacturer: "海康威视",
  device_class: "main",
  location: "1F 走廊",
  status: "in_service",
  replaced_by_id: null,
} as unknown as DeviceRecord;

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
});

function find<T extends Element>(selector: string): T {
  const found = container?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} yet`);
  return found;
}

describe("换机 on the phone", () => {
  it("swaps a unit of the order offline, prefilled from the old one, and shows the chain", async () => {
    const wo = workOrderRecord({ status: "on_site", device_ids: ["d1"], warranty_override: { status: "free_repair", reason: "保内" } });
    await database.devices.add(OLD);
    await database.work_orders.add(wo);
    container = mount(<WorkOrderDetail id={wo.id} />);
    (await waitFor(() => find<HTMLButtonElement>("[data-swap-start=d1]"))).click();
    const form = await waitFor(() => find<HTMLFormElement>("form[data-swap=d1]"));
    expect(form.querySelector<HTMLInputElement>("input[name=swap-model-d1]")?.value).toBe("DS-2CD3T46");
    expect(form.querySelector<HTMLInputElement>("input[name=swap-manufacturer-d1]")?.value).toBe("海康威视");
    const serial = form.querySelector<HTMLInputElement>("input[name=swap-serial-d1]");
    await act(async () => {
      if (!serial) throw new Error("no serial input");
      serial.value = "NEW-0002";
      serial.dispatchEvent(new Event("input", { bubbles: true }));
    });
    form.requestSubmit();

    await waitFor(() => expect(find("[data-device=DS2CD0001]").textContent).toContain("已更换 · 换为 NEW-0002"));
    expect(find("[data-device=NEW-0002]").textContent).toContain("替换了 DS2CD0001");
    const outbox = await database.outbox.toArray();
    expect(outbox.map((entry) => entry.name)).toEqual(["device.replace"]);

    const fresh = await database.devices.where("serial").equals("NEW-0002").first();
    unmount(container);
    container = mount(<DeviceCard id={fresh?.id ?? ""} />);
    const chain = await waitFor(() => find("[data-list=chain]"));
    expect([...chain.querySelectorAll("li")].map((li) => li.getAttribute("data-serial"))).toEqual(["DS2CD0001", "NEW-0002"]);
    expect(chain.textContent).toContain("已更换");
    expect(container.textContent).toContain("替换了DS2CD0001");
  });
});
