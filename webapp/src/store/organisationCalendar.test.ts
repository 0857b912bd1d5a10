import "fake-indexeddb/auto";

import Dexie from "dexie";
import { describe, expect, it } from "vitest";

import { freshDatabase, workOrderRecord } from "../../test/records";
import { AftercareDB } from "./db";
import { organisationCalendar } from "./organisationCalendar";

describe("the organisation calendar on the phone", () => {
  it("reads the synced days as the rules take them", async () => {
    const database = freshDatabase();
    await database.organisation_calendar_days.bulkAdd([
      { id: "a", row_version: 1, falls_on: "2026-10-02", kind: "holiday", name: "国庆节" },
      { id: "b", row_version: 1, falls_on: "2026-10-10", kind: "make_up_workday", name: "国庆节调休上班" },
      { id: "c", row_version: 1, falls_on: "2026-10-01", kind: "holiday", name: "国庆节" },
    ]);
    expect(await organisationCalendar(database)).toEqual({ holidays: ["2026-10-01", "2026-10-02"], make_up_workdays: ["2026-10-10"] });
  });
});

describe("the upgrade that adds the organisation calendar (version 6)", () => {
  it("keeps a version 5 phone's records, outbox and drafts, and pulls everything once more", async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const wo = workOrderRecord();
    const old = new Dexie(name);
    old.version(5).stores({
      work_orders: "id, status, appointment_at, number",
      outbox: "seq, id, work_order_id",
      meta: "key",
      drafts: "[work_order_id+field], work_order_id",
    });
    await old.table("work_orders").add(wo);
    const entry = { seq: 1, id: "m1", name: "work_order_note.add", occurred_at: "2026-11-22T01:00:00Z", args: { id: "n1" }, work_order_id: wo.id, sent: false };
    await old.table("outbox").add(entry);
    await old.table("drafts").add({ work_order_id: wo.id, field: "note", value: "未保存" });
    await old.table("meta").bulkAdd([
      { key: "seq", value: 1 },
      { key: "cursor", value: "c-old" },
    ]);
    old.close();

    const upgraded = new AftercareDB(name);
    expect(await upgraded.work_orders.get(wo.id)).toEqual(wo);
    expect(await upgraded.outbox.toArray()).toEqual([entry]);
    expect(await upgraded.drafts.count()).toBe(1);
    expect(await upgraded.meta.get("seq")).toEqual({ key: "seq", value: 1 });
    // Forgotten: the next pull is a full one and brings the days recorded before.
    expect(await upgraded.meta.get("cursor")).toBeUndefined();
    expect(await upgraded.organisation_calendar_days.count()).toBe(0);
    expect(upgraded.verno).toBe(6);
    upgraded.close();
  });
});
