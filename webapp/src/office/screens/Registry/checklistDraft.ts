// The checklist template editor's rows: an item as text boxes, and back to the wire.

export interface ItemDraft {
  key: string;
  label: string;
  type: string;
  unit: string;
  min: string;
  max: string;
  required: boolean;
}

/** A checklist item as the editor holds it (text boxes) and back to the wire. */
export function itemToDraft(item: Record<string, unknown>): ItemDraft {
  const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
  return {
    key: text(item.key),
    label: text(item.label),
    type: text(item.type) || "pass_fail",
    unit: text(item.unit),
    min: text(item.min),
    max: text(item.max),
    required: Boolean(item.required),
  };
}

/** Empty min/max are left open; a number item keeps its range, others send none (the
 * server refuses a range on them, and names the item if the user typed one anyway). */
export function draftToItem(draft: ItemDraft): Record<string, unknown> {
  const item: Record<string, unknown> = {
    key: draft.key.trim(),
    label: draft.label.trim(),
    type: draft.type,
    unit: draft.unit.trim(),
    required: draft.required,
  };
  for (const end of ["min", "max"] as const) {
    const raw = draft[end].trim();
    if (raw !== "") item[end] = Number.isNaN(Number(raw)) ? raw : Number(raw);
  }
  return item;
}
