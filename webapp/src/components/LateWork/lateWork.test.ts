import { afterEach, describe, expect, it } from "vitest";

import { ACTION_NAMES, ACTIONS } from "../../domain/workOrderFlow";
import { has, setLocale } from "../../i18n";
import { changeLines, refusedFields, workNoun } from "../../i18n/mutations";
import type { LateRow } from "../../store/records";
import { groupLate, lateSentence } from "./lateWork";

// Local times, so the sentence reads "10:40" whatever the machine's time zone.
const CHANGED_AT = new Date(2026, 10, 22, 10, 40).toISOString();
const NOW = new Date(2026, 10, 22, 12, 5);

let seq = 0;
function late(name: string, args: Record<string, unknown>, overrides: Partial<LateRow> = {}): LateRow {
  seq += 1;
  return {
    id: crypto.randomUUID(),
    seq,
    name,
    args,
    occurred_at: new Date(2026, 10, 22, 9, seq).toISOString(),
    work_order_id: "w12",
    reason: "reassigned",
    number: "WO-2026-000012",
    reassigned_to: "李强",
    changed_at: CHANGED_AT,
    received_at: NOW.toISOString(),
    dismissed: false,
    ...overrides,
  };
}

const arrival = () => late("work_order.transition", { id: "w12", action: "arrive", event_id: crypto.randomUUID() });
const note = () => late("work_order_note.add", { id: crypto.randomUUID(), work_order_id: "w12", text: "机柜风扇不转" });

afterEach(() => setLocale("zh-CN"));

describe("the sentence about work the office now holds", () => {
  it("says why and what, in words, in Chinese", () => {
    setLocale("zh-CN");
    expect(lateSentence([arrival(), note()], NOW)).toBe("工单 WO-2026-000012 已于 10:40 改派给李强；你的到场和备注已转交办公室处理。");
  });

  it("says the same in English", () => {
    setLocale("en");
    const english = [arrival(), note()].map((row) => ({ ...row, reassigned_to: "Li Qiang" }));
    expect(lateSentence(english, NOW)).toBe(
      "Order WO-2026-000012 was reassigned to Li Qiang at 10:40; your arrival and note were sent to the office.",
    );
  });

  it("names a closed or cancelled order, a day that is not today, and no time at all", () => {
    const part = late("part_usage.add", { id: "p", work_order_id: "w12", part_id: "x", quantity: 1 }, { reason: "closed", reassigned_to: null });
    expect(lateSentence([part], NOW)).toBe("工单 WO-2026-000012 已于 10:40 关闭；你的备件已转交办公室处理。");
    const photo = late("attachment.add", { id: "a", kind: "before", sha256: "ab" }, {
      reason: "cancelled",
      changed_at: new Date(2026, 10, 20, 8, 5).toISOString(),
    });
    expect(lateSentence([photo], NOW)).toBe("工单 WO-2026-000012 已于 11月20日 08:05 取消；你的照片已转交办公室处理。");
    expect(lateSentence([{ ...photo, changed_at: null }], NOW)).toBe("工单 WO-2026-000012 已取消；你的照片已转交办公室处理。");
    expect(lateSentence([{ ...note(), reassigned_to: null }], NOW)).toBe("工单 WO-2026-000012 已于 10:40 不再派给你；你的备注已转交办公室处理。");
  });

  it("groups the late work of one order into one sentence, each kind once, in the order it was done", () => {
    const first = note();
    const other = late("work_order_note.add", { id: "n9", work_order_id: "w13", text: "x" }, {
      work_order_id: "w13",
      number: "WO-2026-000013",
      reason: "closed",
      reassigned_to: null,
    });
    const rows = [first, other, arrival(), note(), late("attachment.add", { id: "a1", work_order_id: "w12", kind: "after", sha256: "cd" })];
    const groups = groupLate([...rows].reverse(), NOW);
    expect(groups.map((g) => g.work_order_id)).toEqual(["w12", "w13"]);
    expect(groups[0]?.rows).toHaveLength(4);
    expect(groups[0]?.sentence).toBe("工单 WO-2026-000012 已于 10:40 改派给李强；你的备注、到场和照片已转交办公室处理。");
    expect(groups[1]?.sentence).toBe("工单 WO-2026-000013 已于 10:40 关闭；你的备注已转交办公室处理。");
  });

  it("never shows a mutation name or an id", () => {
    const rows = [arrival(), note(), late("device.replace", { id: crypto.randomUUID(), work_order_id: "w12", old_device_id: crypto.randomUUID(), serial: "NEW1" })];
    const sentence = lateSentence(rows, NOW);
    expect(sentence).not.toMatch(/work_order|device\.replace|[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(sentence).toContain("换机");
  });
});

describe("every change in words", () => {
  it("has a noun for every engineer's step (every mutation's: i18n.test.ts)", () => {
    const steps = ACTION_NAMES.filter((name) => ACTIONS[name].by.includes("engineer"));
    for (const action of steps) expect(has(`sync.late.step.${action}`)).toBe(true);
    expect(workNoun("work_order.transition", { action: "arrive" })).toBe("到场");
  });

  it("shows what was entered without ids, hashes or codes", () => {
    const lines = changeLines(
      "part_usage.add",
      { id: crypto.randomUUID(), work_order_id: crypto.randomUUID(), part_id: "p1", quantity: 2, serial_out: "OLD1", serial_in: "" },
      { part: (id) => (id === "p1" ? "12V 电源适配器" : undefined), money: String },
    );
    expect(lines).toEqual([
      { label: "备件", value: "12V 电源适配器" },
      { label: "数量", value: "2" },
      { label: "换下序列号", value: "OLD1" },
    ]);
    const step = changeLines("work_order.transition", { id: "w", action: "arrive", event_id: "e", data: { lat: 31.2 } }, { money: String });
    expect(step).toEqual([{ label: "操作", value: "到达现场" }]);
  });

  it("names the fields a refusal names, in words", () => {
    expect(refusedFields({ args: { diagnosis_cause: ["Missing."], sign_off: ["Missing."], checklist: { temp: ["x"] } } })).toEqual([
      "故障原因",
      "客户签字确认",
      "巡检项",
    ]);
    expect(refusedFields({ args: { old_device_id: ["Not at the work order's site."] } })).toEqual(["换下的设备"]);
    expect(refusedFields({ args: { mystery_field: ["?"] } })).toEqual(["其他内容"]);
  });
});
