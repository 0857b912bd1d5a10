// The local copy as a whole: how much of it the server does not have yet, and forgetting
// all of it (signing in as someone else, signing out with nothing unsent).

import { db } from "./db";

/** How much this phone holds that the server does not have yet. */
export async function unsyncedCounts(database = db()): Promise<{ changes: number; files: number }> {
  const changes = await database.outbox.count();
  const files = await database.blobs.where("state").anyOf("pending", "uploading", "failed").count();
  return { changes, files };
}

/** Forget every local record (after checking nothing unsent would go with them). */
export async function wipeLocalData(database = db()): Promise<void> {
  await database.transaction("rw", database.tables, async () => {
    for (const table of database.tables) await table.clear();
  });
}
