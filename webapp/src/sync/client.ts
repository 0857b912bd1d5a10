// The sync engine (docs/sync-protocol.md): push the outbox, upload photos, pull changes.
// Only one run at a time; a change made during a run asks for another run after it.
//
// Push: the outbox in seq order, at most 200 per request; everything with seq ≤ last_seq
// leaves the outbox (whatever its status); conflicts and rejections are kept locally for
// the sync panel, and so is work the server kept for the office because its order moved
// on (late), until the engineer has read it. Pull: pages until has_more is false, the
// cursor saved after each page, each page applied in one transaction; the last page
// brings deletions and the scope.
//
// The outbox is never emptied by an error: on 401 the user logs in again, on 426 the app
// is updated, on a network failure the next try comes later (backoff).

import { db, getMeta, setMeta, type AftercareDB } from "../store/db";
import { takeBatch } from "../store/outbox";
import type { OutboxEntry } from "../store/records";
import { getSession } from "../store/session";
import * as api from "./api";
import { allTables, applyFinalPage, keepConflicts, pendingByWorkOrder, upsertRecords } from "./apply";
import { setSyncStatus } from "./status";
import type { HeldRow, PullRequest, PullResponse, PushResponse, SyncAnswer } from "./types";
import { uploadBlobs } from "./uploads";

export const SCHEMA_VERSION = 1;
export const PUSH_BATCH = 200;
/** Rows a pull may name as held (the server's SYNC_MAX_HELD). */
export const MAX_HELD = 5000;

export interface SyncReport {
  pushed: number;
  pulled: number;
  uploaded: number;
}

/** The push could not make progress: the server waits for a seq this phone no longer has. */
export class OutboxGap extends Error {
  readonly key = "errors.sync.outboxGap";
}

export async function clientId(database: AftercareDB): Promise<string> {
  let id = await getMeta<string | null>("client_id", null, database);
  if (!id) {
    id = crypto.randomUUID();
    await setMeta("client_id", id, database);
  }
  return id;
}

async function envelope(database: AftercareDB) {
  return { schema_version: SCHEMA_VERSION, client_id: await clientId(database), client_time: new Date().toISOString() };
}

async function noteServerTime(database: AftercareDB, answer: SyncAnswer) {
  if (typeof answer.clock_offset_ms === "number") await setMeta("clock_offset_ms", answer.clock_offset_ms, database);
}

/**
 * The server says this client id belongs to another user (403): start a new client id
 * and number the outbox again from 1, keeping its order.
 */
export async function startNewClient(database: AftercareDB): Promise<void> {
  await database.transaction("rw", database.outbox, database.meta, async () => {
    const entries = await database.outbox.orderBy("seq").toArray();
    await database.outbox.clear();
    entries.forEach((entry, index) => (entry.seq = index + 1));
    await database.outbox.bulkAdd(entries);
    await setMeta("seq", entries.length, database);
    await setMeta("client_id", crypto.randomUUID(), database);
  });
}

/** Apply one push answer in one transaction. */
export async function applyPushResponse(
  database: AftercareDB,
  sent: OutboxEntry[],
  body: PushResponse,
  userId: string | null,
): Promise<void> {
  const bySeq = new Map(sent.map((entry) => [entry.seq, entry]));
  await database.transaction("rw", allTables(database), async () => {
    await database.outbox.where("seq").belowOrEqual(body.last_seq).delete();
    const pending = await pendingByWorkOrder(database);
    const held = await getMeta<HeldRow[]>("held", [], database);
    for (const result of body.results) {
      if (result.status === "deferred") continue;
      const entry = bySeq.get(result.seq);
      if (result.records?.length) {
        await upsertRecords(database, result.records, pending);
        for (const { entity, record } of result.records) held.push([entity, record.id, record.row_version]);
      }
      if (result.status === "conflict" && result.conflicts?.length) {
        await keepConflicts(database, result.conflicts, {
          mutation_id: result.id,
          user_id: userId,
          device_at: entry?.occurred_at ?? new Date().toISOString(),
        });
      }
      if (result.status === "rejected" && entry) {
        await database.rejected.put({
          id: result.id,
          seq: result.seq,
          name: entry.name,
          args: entry.args,
          occurred_at: entry.occurred_at,
          key: result.key ?? "errors.unknown",
          message: result.message ?? "",
          errors: result.errors ?? {},
          received_at: new Date().toISOString(),
          dismissed: false,
        });
      }
      // Done, like any answered mutation; the engineer is told it went to the office.
      if (result.status === "late" && entry && result.late) {
        await database.late.put({
          id: result.id,
          seq: result.seq,
          name: entry.name,
          args: entry.args,
          occurred_at: entry.occurred_at,
          work_order_id: result.late.work_order_id,
          reason: result.late.reason,
          number: result.late.number,
          reassigned_to: result.late.reassigned_to?.display_name ?? null,
          changed_at: result.late.changed_at,
          received_at: new Date().toISOString(),
          dismissed: false,
        });
      }
    }
    // The next pull is told these, so it does not send them again (newest kept).
    await setMeta("held", held.slice(-MAX_HELD), database);
    await noteServerTime(database, body);
  });
}

/** Push the whole outbox, a batch at a time. Returns how many left the outbox. */
export async function pushOutbox(database: AftercareDB, userId: string | null): Promise<number> {
  let done = 0;
  for (let round = 0; round < 1000; round++) {
    // Marked sent as it is read: from here on the engineer can no longer withdraw these.
    const batch = await takeBatch(database, PUSH_BATCH);
    if (batch.length === 0) return done;
    let body: PushResponse;
    try {
      body = await api.syncPush({
        ...(await envelope(database)),
        mutations: batch.map(({ id, seq, name, occurred_at, args }) => ({ id, seq, name, occurred_at, args })),
      });
    } catch (error) {
      if (error instanceof api.ApiError && error.code === 403 && error.key === "errors.sync.clientOfAnotherUser") {
        await startNewClient(database);
        continue;
      }
      throw error;
    }
    const before = await database.outbox.count();
    await applyPushResponse(database, batch, body, userId);
    const after = await database.outbox.count();
    done += before - after;
    // Deferred from the first one: the server wants a seq we no longer have.
    if (before === after) throw new OutboxGap(`server expects seq ${body.last_seq + 1}`);
  }
  return done;
}

interface PageRequest {
  body: PullRequest;
  /** How many of the rows held (meta `held`) the request names. */
  held: number;
}

interface AskedPage {
  page: PullResponse;
  /** How many of the rows held (meta `held`) the request named. */
  held: number;
}

/**
 * The request for the page after `cursor`, naming the rows held and the scope applied:
 * read before the caller opens a page's transaction, which would hold these reads back.
 */
async function pageRequest(database: AftercareDB, cursor: string | null): Promise<PageRequest> {
  const held = await getMeta<HeldRow[]>("held", [], database);
  const scopeDigest = await getMeta<string | null>("scope_digest", null, database);
  // No `limit`: the server's page size (SYNC_PAGE_SIZE), the fewest round trips.
  const body: PullRequest = {
    ...(await envelope(database)),
    cursor,
    ...(held.length ? { held } : {}),
    ...(scopeDigest ? { scope_digest: scopeDigest } : {}),
  };
  return { body, held: held.length };
}

/** Send `request`; its failure is thrown where the page is awaited, when it is due. */
function ask(request: PageRequest): Promise<AskedPage> {
  const asked = api.syncPull(request.body).then((page) => ({ page, held: request.held }));
  asked.catch(() => undefined);
  return asked;
}

/**
 * Pull every page; each page is applied in one transaction with its cursor. The next page
 * is asked for as soon as a page arrives, while that page is being written (the network
 * and the server work meanwhile, as PouchDB's replicator does); it is applied only after
 * it, and only if the stored cursor is still the one it was asked after (else the pull
 * stops: the next one starts from what is stored). A failed request throws once its page
 * is due: what came before it is kept.
 */
export async function pullChanges(database: AftercareDB, userId: string | null): Promise<number> {
  let pulled = 0;
  let cursor = await getMeta<string | null>("cursor", null, database);
  let next: Promise<AskedPage> | null = ask(await pageRequest(database, cursor));
  for (let round = 0; round < 100000 && next; round++) {
    const asked: AskedPage = await next;
    const { page, held: heldSent } = asked;
    const after = cursor;
    next = page.has_more ? ask(await pageRequest(database, page.cursor)) : null;
    const applied = await database.transaction("rw", allTables(database), async () => {
      if ((await getMeta<string | null>("cursor", null, database)) !== after) return false;
      const pending = await pendingByWorkOrder(database);
      pulled += await upsertRecords(database, page.changes, pending);
      if (!page.has_more) {
        await applyFinalPage(database, page, userId);
        // Behind the cursor now, except what a push answered meanwhile (kept).
        const held = await getMeta<HeldRow[]>("held", [], database);
        await setMeta("held", held.slice(heldSent), database);
        if (page.scope?.digest) await setMeta("scope_digest", page.scope.digest, database);
      }
      await setMeta("cursor", page.cursor, database);
      await noteServerTime(database, page);
      return true;
    });
    if (!applied) return pulled; // the phone's sync state changed under this pull
    cursor = page.cursor;
  }
  return pulled;
}

/** One full run: push, upload, pull. Throws what stopped it. */
export async function runSync(database: AftercareDB = db()): Promise<SyncReport> {
  const userId = getSession()?.user.id ?? (await getMeta<string | null>("user_id", null, database));
  const pushed = await pushOutbox(database, userId);
  const uploaded = await uploadBlobs(database);
  const pulled = await pullChanges(database, userId);
  await setMeta("last_sync_at", new Date().toISOString(), database);
  return { pushed, pulled, uploaded };
}

// --- one at a time, with status ---------------------------------------------------------

let running: Promise<SyncReport | null> | null = null;
let again = false;

/**
 * Run sync now unless one is running; then the running one is followed by another (the
 * change that asked may have come too late for it). Never throws: the outcome is in the
 * sync status.
 */
export function requestSync(database: AftercareDB = db()): Promise<SyncReport | null> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let report: SyncReport | null = null;
    do {
      again = false;
      report = await guardedRun(database);
    } while (again && report !== null);
    return report;
  })().finally(() => {
    running = null;
  });
  return running;
}

export function isSyncRunning(): boolean {
  return running !== null;
}

async function guardedRun(database: AftercareDB): Promise<SyncReport | null> {
  if (!getSession()) return null;
  setSyncStatus({ running: true });
  try {
    const report = await runSync(database);
    setSyncStatus({
      running: false,
      errorKey: null,
      errorMessage: null,
      updateRequired: false,
      needsLogin: false,
      offline: false,
    });
    onSuccess?.();
    return report;
  } catch (error) {
    const code = error instanceof api.ApiError ? error.code : -1;
    const key = (error as { key?: string }).key ?? "errors.unknown";
    setSyncStatus({
      running: false,
      errorKey: key,
      errorMessage: error instanceof Error ? error.message : String(error),
      offline: code === 0,
      updateRequired: code === 426,
      needsLogin: code === 401,
    });
    onFailure?.(code);
    return null;
  }
}

let onSuccess: (() => void) | null = null;
let onFailure: ((code: number) => void) | null = null;

/** The scheduler's hooks (backoff after failures). */
export function setSyncHooks(hooks: { success: () => void; failure: (code: number) => void } | null): void {
  onSuccess = hooks?.success ?? null;
  onFailure = hooks?.failure ?? null;
}
