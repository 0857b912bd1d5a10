import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, signIn } from "../../test/harness";
import { freshDatabase, partRecord, workOrderRecord } from "../../test/records";
import { addNote, addPartUsage, transition, updateWorkOrder } from "../store/actions";
import { type AftercareDB, getMeta, setMeta } from "../store/db";
import { rebaseWorkOrder } from "./apply";
import { PUSH_BATCH, pullChanges, pushOutbox, runSync } from "./client";
import type { PullResponse, PushRequest, PushResponse } from "./types";
import { CHUNK_BYTES, uploadBlob } from "./uploads";

let database: AftercareDB;
const ANSWER = { server_time: "2026-11-22T03:00:00+00:00", clock_offset_ms: 1830, schema_version: 1 };

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

afterEach(() => vi.unstubAllGlobals());

/** A push endpoint that applies everything in order, like the server. */
function applyingServer(extra: (m: PushRequest["mutations"][number]) => Partial<PushResponse["results"][number]> = () => ({})) {
  let last = 0;
  const pushes: PushRequest[] = [];
  const server = fakeServer({
    "POST /api/v1/sync/push": (body) => {
      const request = body as PushRequest;
      pushes.push(request);
      const results = request.mutations.map((m) => {
        if (m.seq <= last) return { id: m.id, seq: m.seq, status: "applied" as const, duplicate: true };
        if (m.seq > last + 1) return { id: m.id, seq: m.seq, status: "deferred" as const };
        last = m.seq;
        return { id: m.id, seq: m.seq, status: "applied" as const, ...extra(m) };
      });
      return [200, { ...ANSWER, last_seq: last, results }];
    },
  });
  return { ...server, pushes, setLast: (n: number) => (last = n) };
}

describe("push", () => {
  it("sends the outbox in seq order, in batches, and drops what was acknowledged", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    for (let i = 0; i < PUSH_BATCH + 5; i++) await addNote(wo.id, `note ${i}`, database);
    const server = applyingServer();
    vi.stubGlobal("fetch", server.fetch);

    expect(await pushOutbox(database, "u1")).toBe(PUSH_BATCH + 5);
    expect(server.pushes.map((p) => p.mutations.length)).toEqual([PUSH_BATCH, 5]);
    expect(server.pushes[0]?.mutations.map((m) => m.seq).slice(0, 3)).toEqual([1, 2, 3]);
    expect(server.pushes[0]?.schema_version).toBe(1);
    expect(server.pushes[0]?.client_id).toBe(await getMeta("client_id", null, database));
    expect(await database.outbox.count()).toBe(0);
    expect(await getMeta("clock_offset_ms", 0, database)).toBe(1830);
  });

  it("treats a duplicate answer as done and sends a deferred one again", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await addNote(wo.id, "one", database);
    await addNote(wo.id, "two", database);
    await addNote(wo.id, "three", database);
    // The first answer was lost in a tunnel: the server already has seq 1.
    const server = applyingServer();
    server.setLast(1);
    vi.stubGlobal("fetch", server.fetch);
    await pushOutbox(database, "u1");
    expect(await database.outbox.count()).toBe(0);

    // A gap: the server waits for seq 5, which this phone has: 4 is sent again after it.
    await addNote(wo.id, "four", database);
    await addNote(wo.id, "five", database);
    let calls = 0;
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/push": (body) => {
          calls += 1;
          const request = body as PushRequest;
          const results = request.mutations.map((m) =>
            calls === 1 && m.seq === 5
              ? { id: m.id, seq: m.seq, status: "deferred" }
              : { id: m.id, seq: m.seq, status: "applied" },
          );
          return [200, { ...ANSWER, last_seq: calls === 1 ? 4 : 5, results }];
        },
      }).fetch,
    );
    await pushOutbox(database, "u1");
    expect(calls).toBe(2);
    expect(await database.outbox.count()).toBe(0);
  });

  it("keeps conflicts with both values and rejected mutations with what was entered", async () => {
    const wo = workOrderRecord();
    const part = partRecord();
    await database.work_orders.add(wo);
    await database.parts.add(part);
    await updateWorkOrder(wo.id, { diagnosis_cause: "电源适配器损坏" }, database);
    await addPartUsage(wo.id, { part_id: part.id, quantity: 2 }, database);
    const server = applyingServer((m) =>
      m.name === "work_order.update"
        ? {
            status: "conflict",
            conflicts: [
              {
                id: "cf1",
                entity: "work_orders",
                entity_id: wo.id,
                field: "diagnosis_cause",
                policy: "device_wins",
                winner: "device",
                base_value: "",
                server_value: "网线松动",
                device_value: "电源适配器损坏",
              },
            ],
            records: [{ entity: "work_orders", record: { ...wo, row_version: 20, diagnosis_cause: "电源适配器损坏" } }],
          }
        : { status: "rejected", key: "errors.sync.notYourWorkOrder", message: "no", errors: { args: { id: ["x"] } } },
    );
    vi.stubGlobal("fetch", server.fetch);
    await pushOutbox(database, "u1");

    const conflict = await database.sync_conflicts.get("cf1");
    expect(conflict).toMatchObject({ server_value: "网线松动", device_value: "电源适配器损坏", user_id: "u1" });
    const rejected = await database.rejected.toArray();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ name: "part_usage.add", key: "errors.sync.notYourWorkOrder" });
    expect(rejected[0]?.args).toMatchObject({ quantity: 2 });
    expect((await database.work_orders.get(wo.id))?.row_version).toBe(20);
    expect(await database.outbox.count()).toBe(0);
  });

  it("keeps the outbox on 401 and on 426", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await addNote(wo.id, "kept", database);
    for (const [code, key] of [
      [401, "errors.auth.invalidToken"],
      [426, "errors.sync.clientTooOld"],
    ] as const) {
      vi.stubGlobal(
        "fetch",
        fakeServer({ "POST /api/v1/sync/push": () => [code, { code, status: "", message: "", key }] }).fetch,
      );
      await expect(pushOutbox(database, "u1")).rejects.toMatchObject({ code, key });
      expect(await database.outbox.count()).toBe(1);
    }
  });

  it("starts a new client id numbered from 1 when the old one belongs to another user", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await setMeta("seq", 40, database);
    await addNote(wo.id, "a", database);
    await addNote(wo.id, "b", database);
    const first = await getMeta("client_id", null, database);
    let call = 0;
    const seen: PushRequest[] = [];
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/push": (body) => {
          call += 1;
          if (call === 1) return [403, { code: 403, status: "", message: "", key: "errors.sync.clientOfAnotherUser" }];
          const request = body as PushRequest;
          seen.push(request);
          return [200, { ...ANSWER, last_seq: 2, results: request.mutations.map((m) => ({ id: m.id, seq: m.seq, status: "applied" })) }];
        },
      }).fetch,
    );
    await pushOutbox(database, "u1");
    expect(seen[0]?.mutations.map((m) => m.seq)).toEqual([1, 2]);
    expect(seen[0]?.client_id).not.toBe(first);
  });
});

function page(overrides: Partial<PullResponse>): PullResponse {
  return { ...ANSWER, changes: [], has_more: false, cursor: "c", ...overrides };
}

describe("pull", () => {
  it("tells the pull which rows the push answers gave, then forgets them behind the cursor", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await addNote(wo.id, "到场", database);
    const pulls: { held?: unknown }[] = [];
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/push": (body) => {
          const [m] = (body as PushRequest).mutations;
          const note = { id: m!.args.id as string, row_version: 41, work_order_id: wo.id, text: "到场" };
          return [200, { ...ANSWER, last_seq: m!.seq, results: [
            { id: m!.id, seq: m!.seq, status: "applied", records: [{ entity: "work_order_notes", record: note }] },
          ] }];
        },
        "POST /api/v1/sync/pull": (body) => {
          pulls.push(body as { held?: unknown });
          return [200, page({ cursor: `c${pulls.length}` })];
        },
      }).fetch,
    );
    await pushOutbox(database, "u1");
    const noteId = (await database.work_order_notes.toArray())[0]!.id;
    await pullChanges(database, "u1");
    await pullChanges(database, "u1");

    expect(pulls[0]?.held).toEqual([["work_order_notes", noteId, 41]]);
    expect(pulls[1]?.held).toBeUndefined(); // behind the cursor after the first pull
    expect(await getMeta("held", [], database)).toEqual([]);
  });

  it("pages until has_more is false, saving the cursor, and applies deletions and scope last", async () => {
    const keep = workOrderRecord({ number: "WO-KEEP" });
    const gone = workOrderRecord({ number: "WO-GONE", customer_id: "c2", site_id: "s2", device_ids: [] });
    const cursors: (string | null)[] = [];
    const pages = [
      page({ changes: [{ entity: "work_orders", record: keep as never }], has_more: true, cursor: "p1" }),
      page({
        changes: [
          { entity: "work_orders", record: gone as never },
          { entity: "customers", record: { id: "c1", row_version: 1, name: "医院" } },
          { entity: "customers", record: { id: "c2", row_version: 1, name: "别家" } },
          { entity: "devices", record: { id: "d1", row_version: 1, serial: "SN1", system_id: "sy1" } },
          { entity: "devices", record: { id: "dx", row_version: 1, serial: "SNX", system_id: "other" } },
          { entity: "a_future_entity", record: { id: "f1", row_version: 1 } },
        ],
        has_more: true,
        cursor: "p2",
      }),
      page({ deleted: [{ entity: "devices", id: "dx" }], scope: { digest: "d", work_orders: [keep.id] }, cursor: "p3" }),
    ];
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": (body) => {
          cursors.push((body as { cursor: string | null }).cursor);
          return [200, pages.shift()];
        },
      }).fetch,
    );
    await pullChanges(database, "u1");

    expect(cursors).toEqual([null, "p1", "p2"]);
    expect(await getMeta("cursor", null, database)).toBe("p3");
    expect((await database.work_orders.toArray()).map((wo) => wo.number)).toEqual(["WO-KEEP"]);
    expect((await database.customers.toArray()).map((c) => c.id)).toEqual(["c1"]); // c2: nothing refers to it
    expect((await database.devices.toArray()).map((d) => d.id)).toEqual(["d1"]);
  });

  it("asks for the next page as soon as a page arrives, before writing it", async () => {
    const first = workOrderRecord({ number: "WO-1" });
    const second = workOrderRecord({ number: "WO-2" });
    const steps: string[] = [];
    const pages = [
      page({ changes: [{ entity: "work_orders", record: first as never }], has_more: true, cursor: "p1" }),
      page({ changes: [{ entity: "work_orders", record: second as never }], scope: { digest: "d", work_orders: [first.id, second.id] }, cursor: "p2" }),
    ];
    database.work_orders.hook("creating", (_key, record) => {
      steps.push(`write ${record.number}`);
    });
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": (body) => {
          steps.push(`ask after ${(body as { cursor: string | null }).cursor}`);
          return [200, pages.shift()];
        },
      }).fetch,
    );
    expect(await pullChanges(database, "u1")).toBe(2);
    expect(steps).toEqual(["ask after null", "ask after p1", "write WO-1", "write WO-2"]);
    expect(await getMeta("cursor", null, database)).toBe("p2");
  });

  it("keeps the pages written before a page that failed, and the next pull goes on from them", async () => {
    const first = workOrderRecord({ number: "WO-1" });
    const cursors: (string | null)[] = [];
    let fail = true;
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": (body) => {
          const cursor = (body as { cursor: string | null }).cursor;
          cursors.push(cursor);
          if (cursor === null) return [200, page({ changes: [{ entity: "work_orders", record: first as never }], has_more: true, cursor: "p1" })];
          if (fail) return [503, { code: 503, status: "Service Unavailable", message: "Busy.", key: "errors.busy" }];
          return [200, page({ scope: { digest: "d", work_orders: [first.id] }, cursor: "p2" })];
        },
      }).fetch,
    );
    await expect(pullChanges(database, "u1")).rejects.toThrow();
    expect(await getMeta("cursor", null, database)).toBe("p1");
    expect((await database.work_orders.toArray()).map((wo) => wo.number)).toEqual(["WO-1"]);
    fail = false;
    await pullChanges(database, "u1");
    expect(cursors).toEqual([null, "p1", "p1"]);
    expect(await getMeta("cursor", null, database)).toBe("p2");
  });

  it("writes nothing of a page asked for after a cursor the phone no longer holds", async () => {
    const first = workOrderRecord({ number: "WO-1" });
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": () => {
          void setMeta("cursor", "elsewhere", database); // (the phone's sync state moved on meanwhile)
          return [200, page({ changes: [{ entity: "work_orders", record: first as never }], cursor: "p1" })];
        },
      }).fetch,
    );
    expect(await pullChanges(database, "u1")).toBe(0);
    expect(await database.work_orders.count()).toBe(0);
    expect(await getMeta("cursor", null, database)).toBe("elsewhere");
  });

  it("pulls at the server's page size: it names no limit of its own", async () => {
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": (body) => {
          bodies.push(body as Record<string, unknown>);
          return [200, page({ scope: { digest: "d1", work_orders: [] } })];
        },
      }).fetch,
    );
    await pullChanges(database, "u1");
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).not.toHaveProperty("limit");
  });

  it("sends back the digest of the last scope list, and drops nothing when the list is left out", async () => {
    const kept = workOrderRecord({ number: "WO-1" });
    const other = workOrderRecord({ number: "WO-2" });
    const digests: (string | undefined)[] = [];
    const pages = [
      page({ changes: [{ entity: "work_orders", record: kept as never }], scope: { digest: "d1", work_orders: [kept.id] } }),
      page({ changes: [{ entity: "work_orders", record: other as never }], scope: { digest: "d1" } }),
      page({ scope: { digest: "d2", work_orders: [other.id] } }),
    ];
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": (body) => {
          digests.push((body as { scope_digest?: string }).scope_digest);
          return [200, pages.shift()];
        },
      }).fetch,
    );
    await pullChanges(database, "u1");
    await pullChanges(database, "u1");
    // The list was left out: the scope is the one applied, nothing left it.
    expect((await database.work_orders.toArray()).map((wo) => wo.number).sort()).toEqual(["WO-1", "WO-2"]);
    await pullChanges(database, "u1");
    expect(digests).toEqual([undefined, "d1", "d1"]);
    expect((await database.work_orders.toArray()).map((wo) => wo.number)).toEqual(["WO-2"]);
    expect(await getMeta("scope_digest", null, database)).toBe("d2");
  });

  it("never drops a work order that still has unsent changes, and rebases them", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await transition(wo.id, "accept", {}, database);
    await updateWorkOrder(wo.id, { diagnosis_cause: "电源适配器损坏" }, database);
    const fromServer = { ...wo, row_version: 30, diagnosis_cause: "网线松动", contact_name: "李工" };
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": () => [
          200,
          page({ changes: [{ entity: "work_orders", record: fromServer }], scope: { digest: "d", work_orders: [] } }),
        ],
      }).fetch,
    );
    await pullChanges(database, "u1");
    const local = await database.work_orders.get(wo.id);
    expect(local).toMatchObject({
      row_version: 30,
      status: "accepted", // the unsent accept replayed on the server's "assigned"
      diagnosis_cause: "电源适配器损坏", // the unsent edit on top
      contact_name: "李工", // the office's change to another field
    });
    expect(await database.work_order_events.count()).toBe(1);
  });

  it("skips a record when the phone holds a newer version", async () => {
    const wo = workOrderRecord({ row_version: 50, symptom: "newer" });
    await database.work_orders.add(wo);
    vi.stubGlobal(
      "fetch",
      fakeServer({
        "POST /api/v1/sync/pull": () => [
          200,
          page({ changes: [{ entity: "work_orders", record: { ...wo, row_version: 40, symptom: "older" } }] }),
        ],
      }).fetch,
    );
    await pullChanges(database, "u1");
    expect((await database.work_orders.get(wo.id))?.symptom).toBe("newer");
  });

  it("rebase replays only steps that fit the server's status", () => {
    const wo = workOrderRecord({ status: "cancelled" });
    const entry = { seq: 1, id: "m", name: "work_order.transition", occurred_at: "", args: { id: wo.id, action: "accept" }, work_order_id: wo.id };
    expect(rebaseWorkOrder(wo, [entry]).status).toBe("cancelled");
    expect(rebaseWorkOrder({ ...wo, status: "assigned" }, [entry]).status).toBe("accepted");
  });
});

describe("uploads", () => {
  it("resumes an interrupted upload from what the server received, in 256 KB chunks", async () => {
    const size = CHUNK_BYTES * 2 + 100;
    const blob = new Blob([new Uint8Array(size)], { type: "image/jpeg" });
    const row = {
      sha256: "ab".repeat(32),
      blob,
      content_type: "image/jpeg",
      size,
      state: "pending",
      received: 0,
      error_key: null,
      created_at: "2026-11-22T00:00:00Z",
    } as const;
    await database.blobs.add({ ...row });
    const puts: string[] = [];
    const path = `/api/v1/blobs/${"ab".repeat(32)}`;
    const server = fakeServer({
      [`HEAD ${path}`]: () => [404, {}],
      [`GET ${path}/upload`]: () => [200, { received: CHUNK_BYTES, size, complete: false }],
      [`PUT ${path}/upload`]: (_body, url) => {
        puts.push(`${url.searchParams.get("offset")}/${url.searchParams.get("size")}`);
        const offset = Number(url.searchParams.get("offset"));
        if (offset + CHUNK_BYTES >= size) return [201, { sha256: "ab".repeat(32), size, complete: true }];
        return [200, { received: offset + CHUNK_BYTES, complete: false }];
      },
    });
    vi.stubGlobal("fetch", server.fetch);
    // fake-indexeddb does not keep a Blob's class: hand the row over as the app holds it.
    expect(await uploadBlob(database, { ...row })).toBe(true);
    expect(puts).toEqual([`${CHUNK_BYTES}/${size}`, `${CHUNK_BYTES * 2}/${size}`]);
    expect((await database.blobs.get("ab".repeat(32)))?.state).toBe("uploaded");
  });
});

describe("a whole run", () => {
  it("pushes, then pulls, and records when", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await addNote(wo.id, "hello", database);
    const server = applyingServer();
    const pull = fakeServer({ "POST /api/v1/sync/pull": () => [200, page({ scope: { digest: "d", work_orders: [wo.id] } })] });
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).includes("/pull") ? pull.fetch(input, init) : server.fetch(input, init),
    );
    const report = await runSync(database);
    expect(report.pushed).toBe(1);
    expect(await getMeta("last_sync_at", null, database)).not.toBeNull();
  });
});
