// What waits to reach the server, as the engineer counts it: one item per change in the
// outbox, a photo or signature with its bytes counted once with the change that records
// it, and bytes whose record has gone but which are still uploading as their own item.
// The one source of "N waiting": the header badge, an order's badge, the list's cards and
// the sync panel all read it, so they cannot disagree.

import type { AftercareDB } from "./db";
import { db } from "./db";
import type { BlobRow, OutboxEntry, UploadState } from "./records";

export interface WaitingItem {
  /** Stable key for a list. */
  key: string;
  /** The change waiting to be pushed (null: only its bytes are left to upload). */
  entry: OutboxEntry | null;
  workOrderId: string | null;
  /** The photo's or signature's bytes still to upload, if any. */
  upload: { size: number; received: number; state: UploadState; contentType: string } | null;
}

function uploadOf(row: BlobRow): WaitingItem["upload"] {
  return { size: row.size, received: row.received, state: row.state, contentType: row.content_type };
}

/** Bytes not yet on the server: pending or uploading (a refused one is its own alert). */
export const WAITING_UPLOADS: readonly UploadState[] = ["pending", "uploading"];

/** Everything waiting, the outbox in seq order first, then uploads of records already sent. */
export async function waitingItems(database: AftercareDB = db()): Promise<WaitingItem[]> {
  const outbox = await database.outbox.orderBy("seq").toArray();
  const blobs = await database.blobs.where("state").anyOf([...WAITING_UPLOADS]).toArray();
  const bySha = new Map(blobs.map((row) => [row.sha256, row]));
  const claimed = new Set<string>();
  const items: WaitingItem[] = outbox.map((entry) => {
    const sha = typeof entry.args.sha256 === "string" ? entry.args.sha256 : null;
    const row = sha ? bySha.get(sha) : undefined;
    if (row) claimed.add(row.sha256);
    return { key: `seq-${entry.id}`, entry, workOrderId: entry.work_order_id, upload: row ? uploadOf(row) : null };
  });
  for (const row of blobs) {
    if (claimed.has(row.sha256)) continue;
    const owner =
      (await database.attachments.where("sha256").equals(row.sha256).first()) ??
      (await database.signatures.where("sha256").equals(row.sha256).first());
    items.push({ key: `blob-${row.sha256}`, entry: null, workOrderId: owner?.work_order_id ?? null, upload: uploadOf(row) });
  }
  return items;
}

/** How many of ``items`` belong to the work order ``id``. */
export function waitingFor(items: readonly WaitingItem[], id: string): number {
  return items.filter((item) => item.workOrderId === id).length;
}
