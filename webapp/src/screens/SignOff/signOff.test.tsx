import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// happy-dom draws nothing: a signature pad that stays empty.
vi.mock("signature_pad", () => ({
  default: class {
    addEventListener() {}
    off() {}
    clear() {}
    isEmpty() {
      return true;
    }
  },
}));

import { mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import { setLocale } from "../../i18n";
import type { AftercareDB } from "../../store/db";
import type { WorkOrderRecord } from "../../store/records";
import { WorkOrderDetail } from "../WorkOrderDetail";
import { SignOff } from ".";
import { satisfactionOf, skipRest, UNANSWERED, unanswered } from "./survey";

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

describe("the satisfaction survey", () => {
  async function repairToSign(): Promise<WorkOrderRecord> {
    const wo = workOrderRecord({ status: "on_site", device_ids: [] });
    await database.work_orders.add(wo);
    return wo;
  }

  function question(root: HTMLElement, name: string): HTMLElement {
    const found = root.querySelector<HTMLElement>(`[data-question=${name}]`);
    if (!found) throw new Error(`no question ${name}`);
    return found;
  }

  it("starts with every question unanswered: no star lit, none pressed", async () => {
    const wo = await repairToSign();
    container = mount(<SignOff id={wo.id} purpose="sign_off" />);
    await waitFor(() => expect(container?.querySelector("[data-survey]")).not.toBeNull());
    for (const name of ["attitude", "speed", "quality", "overall"]) {
      const group = question(container, name);
      expect(group.dataset.answer).toBe("none");
      expect(group.textContent).toContain("未评分");
      expect(group.querySelectorAll(".score__star--on")).toHaveLength(0);
      expect(group.querySelectorAll("[aria-pressed=true]")).toHaveLength(0);
    }
  });

  it("records one tap on one question only, and refuses to sign while others are unanswered", async () => {
    const wo = await repairToSign();
    container = mount(<SignOff id={wo.id} purpose="sign_off" />);
    await waitFor(() => expect(container?.querySelector("[data-survey]")).not.toBeNull());
    container.querySelector<HTMLButtonElement>("[data-score=overall-4]")?.click();
    await waitFor(() => expect(question(container!, "overall").dataset.answer).toBe("4"));
    expect(question(container, "overall").textContent).toContain("4 星");
    expect(question(container, "overall").querySelectorAll(".score__star--on")).toHaveLength(4);
    for (const name of ["attitude", "speed", "quality"]) expect(question(container, name).dataset.answer).toBe("none");

    container.querySelector<HTMLFormElement>("form")?.requestSubmit();
    await waitFor(() => expect(container?.querySelector("[role=alert]")?.textContent).toContain("还有未评分的项目"));
    expect(container.querySelectorAll(".score--missing")).toHaveLength(3);
    expect(await database.signatures.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });

  it("lets a question be skipped on purpose, one by one or all the rest", async () => {
    const wo = await repairToSign();
    container = mount(<SignOff id={wo.id} purpose="sign_off" />);
    await waitFor(() => expect(container?.querySelector("[data-survey]")).not.toBeNull());
    container.querySelector<HTMLButtonElement>("[data-score=speed-skip]")?.click();
    await waitFor(() => expect(question(container!, "speed").dataset.answer).toBe("skipped"));
    expect(question(container, "speed").textContent).toContain("已跳过");
    container.querySelector<HTMLButtonElement>("[data-score=overall-5]")?.click();
    await waitFor(() => expect(question(container!, "overall").dataset.answer).toBe("5"));
    container.querySelector<HTMLButtonElement>("[data-score=skip-rest]")?.click();
    await waitFor(() => expect(question(container!, "attitude").dataset.answer).toBe("skipped"));
    expect(question(container, "quality").dataset.answer).toBe("skipped");
    expect(question(container, "overall").dataset.answer).toBe("5");
    expect(container.querySelector("[data-score=skip-rest]")).toBeNull();
  });
});

describe("what the survey sends", () => {
  it("sends only the questions rated, nothing for a survey skipped, never a default", () => {
    expect(unanswered(UNANSWERED)).toEqual(["attitude", "speed", "quality", "overall"]);
    const answers = { attitude: 3, speed: "skipped", quality: null, overall: 5 } as const;
    expect(unanswered(answers)).toEqual(["quality"]);
    expect(satisfactionOf(skipRest(answers))).toEqual({ attitude: 3, overall: 5 });
    expect(satisfactionOf(skipRest(UNANSWERED))).toBeNull();
  });
});
