import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { freshDatabase, workOrderRecord } from "../../test/records";
import { addNote, updateWorkOrder } from "./actions";
import type { AftercareDB } from "./db";
import { enqueue, onOutboxWrite } from "./outbox";

let database: AftercareDB;
let heard: number;
let stop: () => void;

beforeEach(() => {
  database = freshDatabase();
  heard = 0;
  stop = onOutboxWrite(() => (heard += 1));
});

afterEach(() => stop());

describe("an outbox write", () => {
  it("tells the listeners once its change has committed", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await addNote(wo.id, "客户要求下周复查", database);
    expect(heard).toBe(1);
  });

  it("tells nobody when its transaction is rolled back", async () => {
    const failed = database.transaction("rw", database.outbox, database.meta, async () => {
      await enqueue(database, "work_order_note.add", {}, null, "2026-11-22T01:00:00Z");
      throw new Error("the row write failed");
    });
    await expect(failed).rejects.toThrow("the row write failed");
    expect(heard).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });

  it("is not made for a change that changes nothing", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await updateWorkOrder(wo.id, { diagnosis_cause: wo.diagnosis_cause }, database);
    expect(heard).toBe(0);
  });

  it("stops telling a listener that unsubscribed", async () => {
    stop();
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await addNote(wo.id, "备注", database);
    expect(heard).toBe(0);
  });
});
