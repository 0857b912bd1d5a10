import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import { setLocale } from "../../i18n";
import type { AftercareDB } from "../../store/db";
import type { ChecklistItem, WorkOrderRecord } from "../../store/records";
import { Checklist, rangeText } from ".";

let database: AftercareDB;
let container: HTMLElement | null = null;

beforeEach(() => {
  database = freshDatabase();
  setLocale("zh-CN");
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  setLocale("zh-CN");
});

async function inspection(items: ChecklistItem[]): Promise<WorkOrderRecord> {
  const wo = workOrderRecord({ type: "inspection", status: "on_site", device_ids: [] });
  await database.work_orders.add(wo);
  await database.systems.add({ id: "sy1", row_version: 1, site_id: "s1", type: "cctv", name: "监控", responsible_engineer_id: null });
  await database.checklist_templates.add({ id: "t1", row_version: 1, system_type: "cctv", name: "监控巡检", is_active: true, items });
  return wo;
}

function item(root: HTMLElement, key: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(`[data-item=${key}]`);
  if (!found) throw new Error(`no item ${key}`);
  return found;
}

describe("a failed checklist item", () => {
  it("shows as failed in words and asks for a note or a photo", async () => {
    const wo = await inspection([{ key: "appearance", label: "外观清洁、无损坏", type: "pass_fail", required: true }]);
    container = mount(<Checklist id={wo.id} />);
    const fail = await waitFor(() => {
      const found = container?.querySelector<HTMLButtonElement>("[data-item=appearance] button[data-answer=fail]");
      if (!found) throw new Error("no fail button yet");
      return found;
    });
    expect(item(container, "appearance").dataset.verdict).toBe("none");
    fail.click();
    await waitFor(() => expect(item(container!, "appearance").dataset.verdict).toBe("fail"));
    const card = item(container, "appearance");
    expect(card.classList.contains("check-item--bad")).toBe(true);
    // Not by colour only: the verdict is written beside the item.
    expect(card.querySelector(".check-item__verdict--fail")?.textContent).toContain("异常");
    expect(card.querySelector("button[data-answer=fail]")?.getAttribute("aria-pressed")).toBe("true");
    expect(card.querySelector("button[data-answer=fail]")?.classList.contains("button--danger-on")).toBe(true);
    // What the server's guard failed_item_evidence wants: a note or a photo.
    expect(card.querySelector("[data-flag=needs-evidence]")?.textContent).toBe("异常：请填写备注或拍照说明。");
    expect(card.querySelector("input[name=note-appearance]")).not.toBeNull();
    expect(card.querySelector("input[type=file][name=evidence-appearance]")).not.toBeNull();

    const note = card.querySelector<HTMLInputElement>("input[name=note-appearance]")!;
    note.value = "外壳有裂纹";
    note.dispatchEvent(new Event("input", { bubbles: true }));
    await waitFor(() => expect(card.querySelector<HTMLButtonElement>("button[data-answer=note]")?.disabled).toBe(false));
    card.querySelector<HTMLButtonElement>("button[data-answer=note]")?.click();
    await waitFor(() => expect(item(container!, "appearance").querySelector("[data-flag=explained]")).not.toBeNull());
    // (the table is ordered by random ids, not by time: look for the explained answer)
    const answers = await database.inspection_results.toArray();
    expect(answers).toContainEqual(expect.objectContaining({ value: false, is_ok: false, note: "外壳有裂纹" }));
  });

  it("says a passed item passed", async () => {
    const wo = await inspection([{ key: "appearance", label: "外观", type: "pass_fail", required: true }]);
    container = mount(<Checklist id={wo.id} />);
    await waitFor(() => expect(container?.querySelector("button[data-answer=pass]")).not.toBeNull());
    container.querySelector<HTMLButtonElement>("button[data-answer=pass]")?.click();
    await waitFor(() => expect(item(container!, "appearance").dataset.verdict).toBe("pass"));
    expect(item(container, "appearance").querySelector("[data-flag=needs-evidence]")).toBeNull();
  });
});

describe("a reading's allowed range", () => {
  const reading = (min: number | null, max: number | null, unit = "天"): ChecklistItem => ({
    key: "age",
    label: "录像保存天数",
    type: "number",
    unit,
    min,
    max,
  });

  it("prints both bounds, or the one that is set, never a dash for the other", () => {
    expect(rangeText(reading(30, 90))).toBe("正常范围 30–90 天");
    expect(rangeText(reading(30, null))).toBe("正常范围 ≥ 30 天");
    expect(rangeText(reading(null, 5, "%"))).toBe("正常范围 ≤ 5 %");
    expect(rangeText(reading(0, null))).toBe("正常范围 ≥ 0 天");
    expect(rangeText(reading(null, null))).toBe("");
    setLocale("en");
    expect(rangeText(reading(30, null, "days"))).toBe("Allowed: at least 30 days");
    expect(rangeText(reading(null, 27, "°C"))).toBe("Allowed: at most 27 °C");
    expect(rangeText(reading(18, 27, "°C"))).toBe("Allowed 18–27 °C");
  });

  it("shows on the item", async () => {
    const wo = await inspection([reading(30, null)]);
    container = mount(<Checklist id={wo.id} />);
    await waitFor(() => expect(container?.querySelector("[data-item=age]")).not.toBeNull());
    expect(item(container, "age").textContent).toContain("正常范围 ≥ 30 天");
    expect(item(container, "age").textContent).not.toContain("–-");
  });
});
