// Judging a checklist answer on the phone, the way server/services/field_records.py
// judge_answer() does, so an out-of-range reading is flagged before any sync.

import type { ChecklistItem } from "./records";

/** Whether ``value`` meets ``item``: pass/fail passed, a number in range, a required text
 * or photo given; null when the item sets no rule or nothing was answered. */
export function judgeAnswer(item: ChecklistItem, value: unknown): boolean | null {
  if (value === null || value === undefined || value === "") {
    return item.required && (item.type === "text" || item.type === "photo") ? false : null;
  }
  switch (item.type) {
    case "pass_fail":
      return value === true;
    case "number": {
      if (typeof value !== "number" || Number.isNaN(value)) return null;
      const low = item.min ?? null;
      const high = item.max ?? null;
      if (low === null && high === null) return null;
      return (low === null || value >= low) && (high === null || value <= high);
    }
    case "text":
    case "photo":
      return item.required ? Boolean(value) : null;
    default:
      return null;
  }
}

/** Required items still without an answer. */
export function missingRequired(items: ChecklistItem[], answered: (key: string) => unknown): ChecklistItem[] {
  return items.filter((item) => {
    if (!item.required) return false;
    const value = answered(item.key);
    return value === undefined || value === null || value === "";
  });
}
