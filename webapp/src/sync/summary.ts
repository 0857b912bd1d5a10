// Counts for the sync badge and panel, read live from the local database, together with
// the engine's own status.

import { db } from "../store/db";
import { waitingItems } from "../store/waiting";
import { getSession } from "../store/session";
import { useLiveQuery } from "../store/useLiveQuery";
import { type SyncStatus, useSyncStatus } from "./status";

export interface SyncCounts {
  /** Everything waiting to reach the server, counted as the engineer sees it
   * (store/waiting.ts): the one count the header, the orders and the panel show. */
  waiting: number;
  /** Changes in the outbox. */
  pending: number;
  files: number;
  failedFiles: number;
  conflicts: number;
  rejected: number;
}

export interface SyncSummary extends SyncCounts {
  status: SyncStatus;
}

export async function syncCounts(database = db()): Promise<SyncCounts> {
  const me = getSession()?.user.id ?? null;
  const conflicts = (await database.sync_conflicts.toArray()).filter(
    (c) => c.resolved_at === null && (c.user_id === null || c.user_id === me),
  );
  return {
    waiting: (await waitingItems(database)).length,
    pending: await database.outbox.count(),
    files: await database.blobs.where("state").anyOf("pending", "uploading").count(),
    failedFiles: await database.blobs.where("state").equals("failed").count(),
    conflicts: conflicts.length,
    rejected: (await database.rejected.toArray()).filter((r) => !r.dismissed).length,
  };
}

const NONE: SyncCounts = { waiting: 0, pending: 0, files: 0, failedFiles: 0, conflicts: 0, rejected: 0 };

export function useSyncSummary(): SyncSummary {
  const status = useSyncStatus();
  const counts = useLiveQuery(() => syncCounts(), []);
  return { ...(counts.data ?? NONE), status };
}
