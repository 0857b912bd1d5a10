// The sentence an engineer reads about work the office now holds: one per order (and per
// change of it), the kinds of work in words, e.g. "工单 WO-2026-000012 已于 10:40 改派给
// 李强；你的到场和备注已转交办公室处理。"

import { compareInstants } from "../../domain/dates";
import { t } from "../../i18n";
import { joinWords, lateReason, workNoun } from "../../i18n/mutations";
import type { LateRow } from "../../store/records";

export interface LateGroup {
  /** The order the work was for. */
  work_order_id: string;
  /** The rows told together, in the order the work was done. */
  rows: LateRow[];
  sentence: string;
}

/** One sentence for the late work of one order: why, then what, each kind once. */
export function lateSentence(rows: readonly LateRow[], now: Date = new Date()): string {
  const first = rows[0];
  if (!first) return "";
  const words = [...new Set(rows.map((row) => workNoun(row.name, row.args)))];
  const sent = t(words.length > 1 ? "sync.late.sentMany" : "sync.late.sentOne", { work: joinWords(words) });
  return t("sync.late.sentence", { reason: lateReason(first, now), sent });
}

/** Late rows grouped by order and by what happened to it, in the order the work was done. */
export function groupLate(rows: readonly LateRow[], now: Date = new Date()): LateGroup[] {
  const groups = new Map<string, LateRow[]>();
  const ordered = [...rows].sort((a, b) => compareInstants(a.occurred_at, b.occurred_at) || a.seq - b.seq);
  for (const row of ordered) {
    const key = [row.work_order_id, row.reason, row.reassigned_to ?? "", row.changed_at ?? ""].join("|");
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => ({
    work_order_id: group[0]?.work_order_id ?? "",
    rows: group,
    sentence: lateSentence(group, now),
  }));
}
