import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import { setLocale } from "../../i18n";
import type { AftercareDB } from "../../store/db";
import type { WorkOrderRecord } from "../../store/records";
import { WorkOrderDetail } from "../WorkOrderDetail";
import { SignOff } from ".";

let database: AftercareDB;
let container: HTMLElement | null = null;

beforeEach(() => {
  database = freshDatabase();
  setLocale("zh-CN");
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
});

async function inspection(overrides: Partial<WorkOrderRecord> = {}): Promise<WorkOrderRecord> {
  const wo = workOrderRecord({ type: "inspection", status: "on_site", device_ids: [], ...overrides });
  await database.work_orders.add(wo);
  await database.systems.add({ id: "sy1", row_version: 1, site_id: "s1", type: "cctv", name: "监控", responsible_engineer_id: null });
  await database.checklist_templates.add({
    id: "t1",
    row_version: 1,
    system_type: "cctv",
    name: "监控巡检",
    is_active: true,
    items: [{ key: "temperature", label: "机房温度", type: "number", unit: "°C", min: 18, max: 27 }],
  });
  return wo;
}

describe("the customer signs an inspection once", () => {
  it("is not asked for a sign-off beside the report", async () => {
    const wo = await inspection();
    container = mount(<WorkOrderDetail id={wo.id} />);
    await waitFor(() => expect(container?.querySelector("[data-step=checklist]")).not.toBeNull());
    expect(container.querySelector("[data-step=sign-off]")).toBeNull();
    expect(container.querySelector("[data-step=sign-on-report]")).not.toBeNull();
  });

  it("is still asked for a sign-off on a repair", async () => {
    const wo = workOrderRecord({ status: "on_site", device_ids: [] });
    await database.work_orders.add(wo);
    container = mount(<WorkOrderDetail id={wo.id} />);
    await waitFor(() => expect(container?.querySelector("[data-step=sign-off]")).not.toBeNull());
    expect(container.querySelector("[data-step=sign-off]")?.getAttribute("href")).toBe(`/work-orders/${wo.id}/sign?purpose=sign_off`);
  });

  it("signs the report when asked for a sign-off, with his ratings and the readings in the text", async () => {
    const wo = await inspection();
    await database.inspection_results.add({
      id: "r1",
      row_version: 1,
      work_order_id: wo.id,
      template_id: "t1",
      item_key: "temperature",
      device_id: null,
      value: 29.5,
      is_ok: false,
      note: "空调滤网堵塞",
      actor_id: "u1",
      device_at: "2026-11-22T02:00:00+00:00",
      server_at: "2026-11-22T02:00:01+00:00",
    });
    container = mount(<SignOff id={wo.id} purpose="sign_off" />);
    await waitFor(() => expect(container?.querySelector("[data-summary]")).not.toBeNull());
    expect(container.querySelector("h1")?.textContent).toBe("巡检报告签字");
    expect(container.querySelector("[data-score]")).not.toBeNull();
    const summary = container.querySelector("[data-summary]")?.textContent ?? "";
    expect(summary).toContain("类型 Type: 巡检 Inspection\n状态 Status: 在现场 On site");
    expect(summary).toContain("检查项目 Checklist:\n- 机房温度: 29.5 °C (18–27) 异常 Fail · 空调滤网堵塞");
    expect(summary).not.toContain("备件 Parts used");
  });
});
