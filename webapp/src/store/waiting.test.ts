import "fake-indexeddb/auto";

import { beforeEach, describe, expect, it } from "vitest";

import { signIn } from "../../test/harness";
import { freshDatabase, workOrderRecord } from "../../test/records";
import { syncCounts } from "../sync/summary";
import { addAttachment, addNote, transition } from "./actions";
import type { AftercareDB } from "./db";
import { waitingFor, waitingItems } from "./waiting";
import { getWorkOrderView, listWorkOrders } from "./workOrders";

let database: AftercareDB;
const JPEG = { blob: new Blob([new Uint8Array(300_000)], { type: "image/jpeg" }), sha256: "cd".repeat(32), content_type: "image/jpeg" };

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

describe("one count of what waits", () => {
  it("a photo and the change recording it count once, and the header, the order and its card agree", async () => {
    const wo = workOrderRecord({ status: "assigned" });
    await database.work_orders.add(wo);
    await transition(wo.id, "accept", { note: "" }, database);
    await addNote(wo.id, "机柜钥匙在保安室", database);
    await addAttachment(JPEG, { work_order_id: wo.id, kind: "before" }, database);

    const items = await waitingItems(database);
    expect(items).toHaveLength(3);
    expect(items[2]?.upload).toMatchObject({ size: 300_000, received: 0, state: "pending" });
    expect((await syncCounts(database)).waiting).toBe(3);
    expect((await getWorkOrderView(wo.id, database))?.pending).toBe(3);
    expect((await listWorkOrders("open", database)).find((card) => card.wo.id === wo.id)?.pending).toBe(3);
  });

  it("bytes still uploading after their change was pushed stay one item of their order", async () => {
    const wo = workOrderRecord({ status: "on_site" });
    const other = workOrderRecord({ status: "on_site" });
    await database.work_orders.bulkAdd([wo, other]);
    await addAttachment(JPEG, { work_order_id: wo.id, kind: "before" }, database);
    await addNote(other.id, "另一单", database);
    // The push took the photo's change; 256 KB of its bytes have gone up.
    await database.outbox.filter((entry) => entry.name === "attachment.add").delete();
    await database.blobs.update(JPEG.sha256, { state: "uploading", received: 262_144 });

    const items = await waitingItems(database);
    expect(items.map((item) => [item.entry?.name ?? "bytes", item.workOrderId])).toEqual([
      ["work_order_note.add", other.id],
      ["bytes", wo.id],
    ]);
    expect(waitingFor(items, wo.id)).toBe(1);
    expect((await syncCounts(database)).waiting).toBe(2);
    expect((await getWorkOrderView(wo.id, database))?.pending).toBe(1);
  });

  it("an uploaded photo is nothing waiting", async () => {
    const wo = workOrderRecord({ status: "on_site" });
    await database.work_orders.add(wo);
    await addAttachment(JPEG, { work_order_id: wo.id, kind: "before" }, database);
    await database.outbox.clear();
    await database.blobs.update(JPEG.sha256, { state: "uploaded", received: 300_000 });
    expect(await waitingItems(database)).toEqual([]);
  });
});
