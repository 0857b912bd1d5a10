// Work the server kept for the office because its order moved on before it arrived (push
// status late, stored by sync/client.ts): what the engineer has not read yet, and reading it.

import { compareInstants } from "../domain/dates";
import { db } from "./db";
import type { LateRow } from "./records";

/** The late work the engineer has not dismissed, in the order he did it. */
export async function unreadLate(database = db()): Promise<LateRow[]> {
  const rows = await database.late.filter((row) => !row.dismissed).toArray();
  return rows.sort((a, b) => compareInstants(a.occurred_at, b.occurred_at) || a.seq - b.seq);
}

/** He has read these: keep them, stop showing them. */
export async function dismissLate(ids: readonly string[], database = db()): Promise<void> {
  await database.late.where("id").anyOf([...ids]).modify({ dismissed: true });
}
