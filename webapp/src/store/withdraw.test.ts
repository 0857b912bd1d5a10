import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, signIn } from "../../test/harness";
import { freshDatabase, partRecord, workOrderRecord } from "../../test/records";
import { pushOutbox } from "../sync/client";
import type { PushRequest } from "../sync/types";
import { addAttachment, addNote, addPartUsage, LocalError, withdrawNote, withdrawPartUsage, withdrawPhoto } from "./actions";
import { type AftercareDB, getMeta } from "./db";
import { takeBatch } from "./outbox";
import { getWorkOrderView } from "./workOrders";

let database: AftercareDB;
const JPEG = { blob: new Blob([new Uint8Array(16)], { type: "image/jpeg" }), sha256: "ab".repeat(32), content_type: "image/jpeg" };

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

afterEach(() => vi.unstubAllGlobals());

async function order() {
  const wo = workOrderRecord({ status: "on_site" });
  await database.work_orders.add(wo);
  return wo;
}

async function seqs(): Promise<[number, string][]> {
  return (await database.outbox.orderBy("seq").toArray()).map((entry) => [entry.seq, String(entry.args.text ?? entry.name)]);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(LocalError);
  return (error as LocalError).key;
}

describe("taking back what has not left the phone", () => {
  it("removes a note and its mutation, and the later ones close the gap", async () => {
    const wo = await order();
    const first = await addNote(wo.id, "第一条", database);
    await addNote(wo.id, "第二条", database);
    await addNote(wo.id, "第三条", database);

    await withdrawNote(first.id, database);

    expect(await database.work_order_notes.get(first.id)).toBeUndefined();
    expect(await seqs()).toEqual([
      [1, "第二条"],
      [2, "第三条"],
    ]);
    expect(await getMeta("seq", 0, database)).toBe(2);
    await addNote(wo.id, "第四条", database);
    expect((await seqs()).map(([seq]) => seq)).toEqual([1, 2, 3]);
  });

  it("removes a part used and its mutation", async () => {
    const wo = await order();
    const part = partRecord();
    await database.parts.add(part);
    const usage = await addPartUsage(wo.id, { part_id: part.id, quantity: 2 }, database);
    expect((await getWorkOrderView(wo.id, database))?.unsent.has(usage.id)).toBe(true);

    await withdrawPartUsage(usage.id, database);

    expect(await database.part_usages.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
    expect(await getMeta("seq", 0, database)).toBe(0);
  });

  it("removes a photo with its image, unless another record shows the same bytes", async () => {
    const wo = await order();
    const one = await addAttachment(JPEG, { work_order_id: wo.id, kind: "before" }, database);
    const two = await addAttachment(JPEG, { work_order_id: wo.id, kind: "after" }, database);

    await withdrawPhoto(one.id, database);
    expect(await database.attachments.get(one.id)).toBeUndefined();
    expect(await database.blobs.get(JPEG.sha256)).toBeDefined(); // the second photo shows it

    await withdrawPhoto(two.id, database);
    expect(await database.attachments.count()).toBe(0);
    expect(await database.blobs.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });

  it("is refused while a push has it in flight, and changes nothing", async () => {
    const wo = await order();
    const note = await addNote(wo.id, "已发出", database);
    await takeBatch(database, 200); // what a push does before its request goes out

    expect(await refusal(withdrawNote(note.id, database))).toBe("errors.withdraw.inFlight");
    expect(await database.work_order_notes.get(note.id)).toBeDefined();
    expect(await seqs()).toEqual([[1, "已发出"]]);
  });

  it("is refused during a real push, then offered no more once the server acknowledged it", async () => {
    const wo = await order();
    const note = await addNote(wo.id, "推送中", database);
    let refused = "";
    const server = fakeServer({
      "POST /api/v1/sync/push": (body) => {
        const request = body as PushRequest;
        return [200, {
          server_time: "2026-11-22T03:00:00+00:00", clock_offset_ms: 0, schema_version: 1,
          last_seq: request.mutations.at(-1)?.seq ?? 0,
          results: request.mutations.map((m) => ({ id: m.id, seq: m.seq, status: "applied" })),
        }];
      },
    });
    // The engineer taps "remove" while the request is on its way.
    vi.stubGlobal("fetch", async (...args: Parameters<typeof fetch>) => {
      refused = await refusal(withdrawNote(note.id, database));
      return server.fetch(...args);
    });

    expect(await pushOutbox(database, "u1")).toBe(1);
    expect(refused).toBe("errors.withdraw.inFlight");
    expect((await getWorkOrderView(wo.id, database))?.unsent.has(note.id)).toBe(false);
    expect(await refusal(withdrawNote(note.id, database))).toBe("errors.withdraw.synced");
    expect(await database.work_order_notes.get(note.id)).toBeDefined();
  });

  it("leaves the mutations a push has taken alone when a later one is withdrawn", async () => {
    const wo = await order();
    await addNote(wo.id, "已发出", database);
    await takeBatch(database, 200);
    const later = await addNote(wo.id, "未发出", database);

    await withdrawNote(later.id, database);

    expect(await seqs()).toEqual([[1, "已发出"]]);
    expect((await database.outbox.get(1))?.sent).toBe(true);
  });

  it("never puts the sent mark on the wire", async () => {
    const wo = await order();
    await addNote(wo.id, "备注", database);
    const pushes: PushRequest[] = [];
    const server = fakeServer({
      "POST /api/v1/sync/push": (body) => {
        pushes.push(body as PushRequest);
        return [200, { server_time: "2026-11-22T03:00:00+00:00", clock_offset_ms: 0, schema_version: 1, last_seq: 1,
          results: [{ id: (body as PushRequest).mutations[0]?.id, seq: 1, status: "applied" }] }];
      },
    });
    vi.stubGlobal("fetch", server.fetch);
    await pushOutbox(database, "u1");
    expect(Object.keys(pushes[0]?.mutations[0] ?? {}).sort()).toEqual(["args", "id", "name", "occurred_at", "seq"]);
  });
});
