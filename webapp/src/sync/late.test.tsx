import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../test/harness";
import { freshDatabase, partRecord, workOrderRecord } from "../../test/records";
import { SyncAlerts } from "../components/SyncAlerts";
import { SyncPanel } from "../screens/SyncPanel";
import { addNote, addPartUsage, transition } from "../store/actions";
import type { AftercareDB } from "../store/db";
import { unreadLate } from "../store/late";
import { pushOutbox } from "./client";
import type { PushRequest } from "./types";

let database: AftercareDB;
let container: HTMLElement | null = null;
const ANSWER = { server_time: "2026-11-22T03:00:00+00:00", clock_offset_ms: 0, schema_version: 1 };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/;

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

/** A push endpoint that keeps every change for the office: the order was reassigned. */
function reassigningServer(changedAt: string) {
  return fakeServer({
    "POST /api/v1/sync/push": (body) => {
      const request = body as PushRequest;
      const results = request.mutations.map((m) => ({
        id: m.id,
        seq: m.seq,
        status: "late",
        key: "sync.late.reassigned",
        message: "The work order moved on before this change arrived; it was sent to the office.",
        late: {
          id: crypto.randomUUID(),
          reason: "reassigned",
          work_order_id: String(m.args.work_order_id ?? m.args.id),
          number: "WO-2026-000012",
          reassigned_to: { id: "u2", display_name: "李强" },
          changed_at: changedAt,
        },
      }));
      return [200, { ...ANSWER, last_seq: request.mutations.at(-1)?.seq ?? 0, results }];
    },
  });
}

describe("work kept for the office (late)", () => {
  it("leaves the outbox, is told in one sentence per order, and stays until dismissed", async () => {
    const wo = workOrderRecord({ status: "accepted", number: "WO-2026-000012" });
    await database.work_orders.add(wo);
    await transition(wo.id, "arrive", {}, database);
    await addNote(wo.id, "机柜风扇不转", database);
    vi.stubGlobal("fetch", reassigningServer(new Date().toISOString()).fetch);

    expect(await pushOutbox(database, "u1")).toBe(2);
    expect(await database.outbox.count()).toBe(0);
    expect(await database.rejected.count()).toBe(0);
    expect((await unreadLate(database)).map((row) => [row.name, row.reason, row.reassigned_to])).toEqual([
      ["work_order.transition", "reassigned", "李强"],
      ["work_order_note.add", "reassigned", "李强"],
    ]);

    container = mount(<SyncAlerts />);
    const notice = await waitFor(() => {
      const found = container?.querySelector<HTMLElement>("[data-list=late] [data-late]");
      if (!found) throw new Error("no notice yet");
      return found;
    });
    expect(notice.getAttribute("role")).toBe("status"); // information, not an alarm
    expect(notice.querySelector("p")?.textContent).toMatch(/^工单 WO-2026-000012 已于 \d\d:\d\d 改派给李强；你的到场和备注已转交办公室处理。$/);
    expect(container.querySelectorAll("[data-list=late] [data-late]")).toHaveLength(1);
    expect(container.textContent).not.toMatch(/work_order|[0-9a-f]{8}-[0-9a-f]{4}/);

    notice.querySelector("button")?.click();
    await waitFor(() => expect(container?.querySelector("[data-list=late]")).toBeNull());
    expect((await database.late.toArray()).every((row) => row.dismissed)).toBe(true);
  });
});

describe("the sync panel", () => {
  it("shows a refused change in words: what, why, which fields, what was entered", async () => {
    const wo = workOrderRecord({ number: "WO-2026-000007" });
    const part = partRecord({ name: "12V 电源适配器" });
    await database.work_orders.add(wo);
    await database.parts.add(part);
    await addPartUsage(wo.id, { part_id: part.id, quantity: 2, serial_out: "OLD1" }, database);
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/push": (body) => {
          const [m] = (body as PushRequest).mutations;
          const result = {
            id: m?.id,
            seq: m?.seq,
            status: "rejected",
            key: "errors.validation",
            message: "Invalid arguments.",
            errors: { args: { quantity: ["Not enough in the van."], device_id: ["Not found."] } },
          };
          return [200, { ...ANSWER, last_seq: m?.seq ?? 0, results: [result] }];
        },
      }).fetch,
    );
    await pushOutbox(database, "u1");

    container = mount(<SyncPanel />);
    const item = await waitFor(() => {
      const found = container?.querySelector<HTMLElement>("[data-list=rejected] li");
      if (!found) throw new Error("no rejected item yet");
      return found;
    });
    const text = item.textContent ?? "";
    expect(text).toContain("使用备件 WO-2026-000007");
    expect(text).toContain("填写的内容有误。");
    expect(item.querySelector("[data-fields]")?.textContent).toBe("需要检查的内容：数量和设备");
    expect(text).toContain("备件: 12V 电源适配器");
    expect(text).toContain("数量: 2");
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain("part_usage");
    expect(text).not.toContain("Invalid arguments");
    expect(text).not.toContain("Not enough");
  });
});
