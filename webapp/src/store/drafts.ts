// Drafts: what the engineer has typed into a work order's fields and not saved yet, kept
// in IndexedDB as he types (store/useDrafts.ts debounces the writes), so a reload, a
// killed app or a flat battery loses nothing. A draft is only text on this phone: it is
// never pushed. Saving the step (an action in actions.ts) puts the value in the outbox;
// the screen then clears the draft.
//
// A draft equal to the saved value is no draft: it is removed rather than written, so
// "draft saved" means there is something unsaved.

import { db, type AftercareDB } from "./db";

/** The fields' drafts for one work order, by field; fields with none are absent. */
export async function readDrafts(
  workOrderId: string,
  fields: readonly string[],
  database: AftercareDB = db(),
): Promise<Record<string, string>> {
  const rows = await database.drafts.bulkGet(fields.map((field) => [workOrderId, field] as [string, string]));
  const found: Record<string, string> = {};
  for (const row of rows) if (row) found[row.field] = row.value;
  return found;
}

/**
 * Write the typed ``values``; a value equal to its ``saved`` one removes the draft.
 * Returns the fields that hold a draft afterwards.
 */
export async function writeDrafts(
  workOrderId: string,
  values: Record<string, string>,
  saved: Record<string, string>,
  database: AftercareDB = db(),
): Promise<string[]> {
  const at = new Date().toISOString();
  const kept: string[] = [];
  await database.transaction("rw", database.drafts, async () => {
    for (const [field, value] of Object.entries(values)) {
      if (value === (saved[field] ?? "")) {
        await database.drafts.delete([workOrderId, field]);
      } else {
        await database.drafts.put({ work_order_id: workOrderId, field, value, updated_at: at });
        kept.push(field);
      }
    }
  });
  return kept;
}

/** Forget the drafts of ``fields`` (their values went into the outbox, or were dropped). */
export function clearDrafts(workOrderId: string, fields: readonly string[], database: AftercareDB = db()): Promise<void> {
  return database.drafts.bulkDelete(fields.map((field) => [workOrderId, field] as [string, string]));
}

/** Every draft on this phone for one work order (the screens' and tests' view). */
export function draftsOf(workOrderId: string, database: AftercareDB = db()) {
  return database.drafts.where("work_order_id").equals(workOrderId).toArray();
}
