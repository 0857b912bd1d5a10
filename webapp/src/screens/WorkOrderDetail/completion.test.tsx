import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { mount, signIn, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import type { AftercareDB } from "../../store/db";
import type { WorkOrderRecord } from "../../store/records";
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

/** A repair on site; free under a supervisor's decision, so no consent is asked. */
async function order(overrides: Partial<WorkOrderRecord> = {}): Promise<WorkOrderRecord> {
  const wo = workOrderRecord({ status: "on_site", device_ids: [], warranty_override: { status: "free_repair", reason: "保内" }, ...overrides });
  await database.work_orders.add(wo);
  return wo;
}

function button(action: string): HTMLButtonElement {
  const found = container?.querySelector<HTMLButtonElement>(`button[data-action=${action}]`);
  if (!found) throw new Error(`no ${action} button yet`);
  return found;
}

function missing(): string[] {
  return [...(container?.querySelectorAll("[data-list=missing] li") ?? [])].map((li) => li.textContent ?? "");
}

function type(selector: string, value: string) {
  const input = container?.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!input) throw new Error(`no ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("completing on the phone", () => {
  it("lists what is missing in words and keeps the complete button disabled", async () => {
    const wo = await order({ diagnosis_symptom: "画面黑屏" });
    container = mount(<WorkOrderDetail id={wo.id} />);
    await waitFor(() => expect(button("complete").disabled).toBe(true));
    expect(missing()).toEqual([
      "诊断未填写：故障原因",
      "诊断未填写：处理方法",
      "客户签字确认（或填写客户无法签字的原因，并至少拍一张照片）",
    ]);
    expect(container.textContent).not.toContain("diagnosis_cause");
    expect(container.querySelector("[data-completion]")?.getAttribute("data-completion")).toBe("missing");
  });

  it("completes with the reason the customer could not sign, once there is a photo", async () => {
    const wo = await order({ diagnosis_symptom: "画面黑屏", diagnosis_cause: "电源适配器损坏", diagnosis_fix: "更换 12V 适配器" });
    await database.attachments.add({
      id: "a1",
      row_version: 0,
      work_order_id: wo.id,
      device_id: null,
      inspection_result_id: null,
      kind: "after",
      caption: "",
      sha256: "ab".repeat(32),
      taken_at: null,
      blob_ready: false,
    });
    container = mount(<WorkOrderDetail id={wo.id} />);
    await waitFor(() => expect(missing()).toHaveLength(1));
    const unsigned = container.querySelector<HTMLInputElement>("input[name=unsigned]");
    unsigned?.click();
    await waitFor(() => expect(container?.querySelector("#field-unsigned-reason")).not.toBeNull());
    type("#field-unsigned-reason", " 客户临时离开现场 ");
    await waitFor(() => expect(button("complete").disabled).toBe(false));
    expect(container.querySelector("[data-completion]")?.getAttribute("data-completion")).toBe("ready");
    button("complete").click();
    await waitFor(async () => expect((await database.work_orders.get(wo.id))?.status).toBe("completed"));
    const [entry] = await database.outbox.toArray();
    expect(entry).toMatchObject({ name: "work_order.transition", args: { action: "complete", data: { unsigned_reason: "客户临时离开现场" } } });
  });

  it("offers the ladder before a visit, and restoring service keeps the status", async () => {
    const accepted = await order({ status: "accepted" });
    container = mount(<WorkOrderDetail id={accepted.id} />);
    await waitFor(() => expect(button("resolve_by_phone").textContent).toBe("电话已解决"));
    expect(button("start_remote").textContent).toBe("开始远程处理");
    expect(button("resolve_by_phone").disabled).toBe(true); // solved by phone still needs the diagnosis
    unmount(container);

    const onSite = await order({ id: "w-on-site" });
    container = mount(<WorkOrderDetail id={onSite.id} />);
    await waitFor(() => expect(button("restore").disabled).toBe(false));
    button("restore").click();
    await waitFor(() => expect(container?.querySelector("[data-kind=restored]")).not.toBeNull());
    expect((await database.work_orders.get(onSite.id))?.status).toBe("on_site");
    expect(container.querySelector(".detail__summary .badge--status")?.textContent).toBe("在现场");
  });
});
