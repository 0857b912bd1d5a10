// An office edit (a work order, a registry record) refused because the record changed
// since it was read (412: a phone synced, another office user saved). As the work-order
// editor does, the screen takes the record as it stands (its new row_version goes with
// the next save) and keeps what the user changed, so nothing is overwritten unseen and
// nothing typed is lost: the user checks and saves again.

import { ApiError } from "../sync/api";
import type { Row } from "./types";

/** The record as it stands now, when a save was refused as made on an older version. */
export function changedMeanwhile(failure: unknown): Row | null {
  if (!(failure instanceof ApiError) || failure.code !== 412) return null;
  const current = failure.body.current;
  return current && typeof current === "object" ? (current as Row) : null;
}

/** The user's edits replayed on the record as it stands: each top-level value the user
 * changed from ``base`` (the form as read) keeps the user's, every other one is
 * ``current``'s (the form as it reads now). */
export function rebase<T extends object>(base: T, mine: T, current: T): T {
  const out = { ...current };
  for (const key of Object.keys(mine) as (keyof T)[]) {
    if (JSON.stringify(mine[key]) !== JSON.stringify(base[key])) out[key] = mine[key];
  }
  return out;
}
