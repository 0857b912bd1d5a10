import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { mount, signIn, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import type { AftercareDB } from "../../store/db";
import { draftsOf } from "../../store/drafts";
import { WorkOrderDetail } from ".";

let database: AftercareDB;
let container: HTMLElement | null = null;

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
});

function field(selector: string): HTMLInputElement | HTMLTextAreaElement {
  const found = container?.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!found) throw new Error(`no ${selector} yet`);
  return found;
}

function type(selector: string, value: string) {
  const input = field(selector);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("text typed on a work order", () => {
  it("is kept as a draft, shown again when the screen opens, and forgotten once saved", async () => {
    const wo = workOrderRecord({ status: "on_site" });
    await database.work_orders.add(wo);
    container = mount(<WorkOrderDetail id={wo.id} />);
    await waitFor(() => field("#field-diagnosis_cause"));

    type("#field-diagnosis_cause", "电源适配器损坏");
    type("#field-note-text", "客户要求下周复查");
    await waitFor(async () => expect((await draftsOf(wo.id, database)).map((d) => [d.field, d.value]).sort()).toEqual([
      ["diagnosis_cause", "电源适配器损坏"],
      ["note", "客户要求下周复查"],
    ]));
    await waitFor(() => expect(container?.querySelector("form.diagnosis [data-draft]")?.textContent).toBe("草稿已保存"));
    expect(await database.outbox.count()).toBe(0); // a draft is never pushed

    // The app is closed and opened again.
    unmount(container);
    container = mount(<WorkOrderDetail id={wo.id} />);
    await waitFor(() => expect(field("#field-diagnosis_cause").value).toBe("电源适配器损坏"));
    expect(field("#field-note-text").value).toBe("客户要求下周复查");

    container.querySelector<HTMLButtonElement>("form.diagnosis button[type=submit]")?.click();
    await waitFor(async () => expect((await database.work_orders.get(wo.id))?.diagnosis_cause).toBe("电源适配器损坏"));
    await waitFor(async () => expect((await draftsOf(wo.id, database)).map((d) => d.field)).toEqual(["note"]));
    expect(container.querySelector("form.diagnosis [data-draft]")?.getAttribute("data-draft")).toBe("none");
  });
});
