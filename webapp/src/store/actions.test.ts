import "fake-indexeddb/auto";

import { beforeEach, describe, expect, it } from "vitest";

import { addNote, addPartUsage, LocalError, transition, updateWorkOrder } from "./actions";
import { AftercareDB, getMeta } from "./db";
import { freshDatabase, partRecord, workOrderRecord } from "./testdata";
import { saveSession } from "./session";

let database: AftercareDB;

beforeEach(() => {
  database = freshDatabase();
  saveSession({
    token: "t",
    expires_at: "2030-01-01T00:00:00Z",
    user: {
      id: "u1",
      username: "engineer1",
      display_name: "张工",
      role: "engineer",
      centre: null,
      phone: "",
      email: "",
      locale: "zh-CN",
      is_active: true,
    },
  });
});

describe("a local change", () => {
  it("writes the row and its outbox mutation with consecutive seqs", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);

    const event = await transition(wo.id, "accept", {}, database);
    await updateWorkOrder(wo.id, { diagnosis_cause: "电源适配器损坏" }, database);

    expect((await database.work_orders.get(wo.id))?.status).toBe("accepted");
    expect((await database.work_order_events.get(event.id))?.origin).toBe("device");
    const outbox = await database.outbox.orderBy("seq").toArray();
    expect(outbox.map((e) => [e.seq, e.name])).toEqual([
      [1, "work_order.transition"],
      [2, "work_order.update"],
    ]);
    expect(outbox[0]?.args).toEqual({ id: wo.id, action: "accept", event_id: event.id });
    expect(outbox[1]?.args).toEqual({
      id: wo.id,
      base: { diagnosis_cause: "" },
      changes: { diagnosis_cause: "电源适配器损坏" },
    });
    expect(await getMeta("seq", 0, database)).toBe(2);
  });

  it("sends as base the value the phone holds, so consecutive edits do not conflict", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await updateWorkOrder(wo.id, { diagnosis_cause: "A" }, database);
    await updateWorkOrder(wo.id, { diagnosis_cause: "B", diagnosis_fix: "" }, database);
    const second = (await database.outbox.orderBy("seq").toArray())[1];
    expect(second?.args).toMatchObject({ base: { diagnosis_cause: "A" }, changes: { diagnosis_cause: "B" } });
  });

  it("writes nothing when the transaction fails half way", async () => {
    const wo = workOrderRecord({ status: "completed" });
    await database.work_orders.add(wo);
    await expect(transition(wo.id, "accept", {}, database)).rejects.toBeInstanceOf(LocalError);
    await expect(addPartUsage(wo.id, { part_id: "no-such-part", quantity: 1 }, database)).rejects.toThrow();
    expect(await database.outbox.count()).toBe(0);
    expect(await database.part_usages.count()).toBe(0);
    expect(await database.work_order_events.count()).toBe(0);
    expect(await getMeta("seq", 0, database)).toBe(0);
  });

  it("survives closing the database and opening a new instance (a reload)", async () => {
    const wo = workOrderRecord();
    const part = partRecord();
    await database.work_orders.add(wo);
    await database.parts.add(part);
    await addNote(wo.id, "客户同意付费维修", database);
    await addPartUsage(wo.id, { part_id: part.id, quantity: 1, serial_out: "OLD1", serial_in: "NEW1" }, database);
    const name = database.name;
    database.close();

    const reopened = new AftercareDB(name);
    const outbox = await reopened.outbox.orderBy("seq").toArray();
    expect(outbox.map((e) => e.name)).toEqual(["work_order_note.add", "part_usage.add"]);
    expect(outbox[1]?.args).toMatchObject({ part_id: part.id, quantity: 1, serial_out: "OLD1", serial_in: "NEW1" });
    expect(await reopened.part_usages.count()).toBe(1);
    expect(await reopened.work_order_notes.count()).toBe(1);
    reopened.close();
  });
});
