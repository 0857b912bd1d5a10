import "fake-indexeddb/auto";

import Dexie from "dexie";
import { beforeEach, describe, expect, it } from "vitest";

import { freshDatabase, workOrderRecord } from "../../test/records";
import { AftercareDB } from "./db";
import { clearDrafts, draftsOf, readDrafts, writeDrafts } from "./drafts";

let database: AftercareDB;

beforeEach(() => {
  database = freshDatabase();
});

describe("a draft", () => {
  it("is read back for its own order and field only", async () => {
    await writeDrafts("wo1", { diagnosis_cause: "电源适配器损坏" }, { diagnosis_cause: "" }, database);
    expect(await readDrafts("wo1", ["diagnosis_cause", "diagnosis_fix"], database)).toEqual({ diagnosis_cause: "电源适配器损坏" });
    expect(await readDrafts("wo2", ["diagnosis_cause"], database)).toEqual({});
  });

  it("keeps the newest text typed", async () => {
    await writeDrafts("wo1", { note: "客户要求" }, { note: "" }, database);
    const kept = await writeDrafts("wo1", { note: "客户要求下周复查" }, { note: "" }, database);
    expect(kept).toEqual(["note"]);
    expect(await readDrafts("wo1", ["note"], database)).toEqual({ note: "客户要求下周复查" });
  });

  it("equal to the saved value is no draft: it is removed, not kept", async () => {
    await writeDrafts("wo1", { diagnosis_cause: "网线松动" }, { diagnosis_cause: "" }, database);
    const kept = await writeDrafts("wo1", { diagnosis_cause: "" }, { diagnosis_cause: "" }, database);
    expect(kept).toEqual([]);
    expect(await draftsOf("wo1", database)).toEqual([]);
  });

  it("is cleared for the fields named only", async () => {
    await writeDrafts("wo1", { "part.quantity": "3", "part.serial_in": "SN-NEW" }, {}, database);
    await clearDrafts("wo1", ["part.quantity"], database);
    expect(await readDrafts("wo1", ["part.quantity", "part.serial_in"], database)).toEqual({ "part.serial_in": "SN-NEW" });
  });

  it("survives the app being closed and opened again", async () => {
    await writeDrafts("wo1", { diagnosis_fix: "更换适配器" }, {}, database);
    database.close();
    const reopened = new AftercareDB(database.name);
    expect(await readDrafts("wo1", ["diagnosis_fix"], reopened)).toEqual({ diagnosis_fix: "更换适配器" });
    reopened.close();
  });
});

describe("the upgrade that adds drafts", () => {
  it("keeps a version 4 phone's outbox (none of it to withdraw), records and meta", async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const wo = workOrderRecord();
    // The phone as version 4 left it (the tables this test looks at, as they were declared).
    const old = new Dexie(name);
    old.version(4).stores({ work_orders: "id, status, appointment_at, number", outbox: "seq, id, work_order_id", meta: "key" });
    await old.table("work_orders").add(wo);
    await old.table("outbox").add({ seq: 1, id: "m1", name: "work_order_note.add", occurred_at: "2026-11-22T01:00:00Z", args: { id: "n1" }, work_order_id: wo.id });
    await old.table("meta").add({ key: "seq", value: 1 });
    old.close();

    const upgraded = new AftercareDB(name);
    expect(await upgraded.work_orders.get(wo.id)).toEqual(wo);
    // The old app may have pushed it without saying so: it can no longer be taken back.
    expect((await upgraded.outbox.toArray()).map((entry) => [entry.id, entry.sent])).toEqual([["m1", true]]);
    expect(await upgraded.meta.get("seq")).toEqual({ key: "seq", value: 1 });
    await writeDrafts(wo.id, { note: "升级后" }, {}, upgraded);
    expect(await readDrafts(wo.id, ["note"], upgraded)).toEqual({ note: "升级后" });
    expect(upgraded.verno).toBeGreaterThanOrEqual(5); // later versions keep all this too
    upgraded.close();
  });
});
