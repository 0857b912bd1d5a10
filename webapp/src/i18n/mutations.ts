// Changes in words: what an engineer did (a note, a part, an arrival ...) said the way the
// phone and the office show it when sync could not apply it as sent: refused, or kept for
// the office because the order moved on (late). Never a mutation name, an id or a hash:
// the kind of work, the fields by name and the values in the reader's language.

import type { MutationName } from "../domain/workOrderFlow";
import { formatDateTime, formatMoment } from "./format";
import { has, t } from "./index";

type Args = Record<string, unknown>;

/** The mutations said differently from the rest (their names are the declaration's). */
const STEP: MutationName = "work_order.transition";
const EDIT: MutationName = "work_order.update";

/** A mutation's part of a locale key: "work_order_note.add" → "work_order_note_add". */
function mutationKey(name: string): string {
  return name.replace(".", "_");
}

/** The kind of work a change recorded, as a noun in a sentence (到场, 备注, 备件, 照片 …;
 * "arrival", "note", "part", "photo"): a step by its action. */
export function workNoun(name: string, args: Args): string {
  const step = `sync.late.step.${String(args.action)}`;
  if (name === STEP && has(step)) return t(step);
  const work = `sync.late.work.${mutationKey(name)}`;
  return has(work) ? t(work) : t("sync.words.other");
}

/** Words as one list: "到场、备注和照片", "arrival, note and photo". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(t("sync.words.comma"))}${t("sync.words.and")}${words[words.length - 1]}`;
}

/** A field (an argument, or a field a refusal names) in words. */
export function fieldWord(field: string): string {
  const key = `sync.fields.${field}`;
  return has(key) ? t(key) : t("sync.fields.other");
}

/** What a refusal says, translated (never the server's English sentence). */
export function refusalText(key: string | null | undefined): string {
  return key && has(key) ? t(key) : t("errors.unknown");
}

/** The fields a refusal names (its errors, under ``args``), in words, each once. */
export function refusedFields(errors: Record<string, unknown> | null | undefined): string[] {
  const named = errors?.args ?? errors;
  if (!named || typeof named !== "object" || Array.isArray(named)) return [];
  return [...new Set(Object.keys(named).map(fieldWord))];
}

/** Why work went to the office instead of onto its order. */
export interface LateFacts {
  /** closed, cancelled or reassigned. */
  reason: string;
  number: string;
  /** The engineer the order went to; null when it was only taken off the sender. */
  reassigned_to: string | null;
  changed_at: string | null;
}

/** "工单 WO-2026-000012 已于 10:40 改派给李强" / "Order … was reassigned to Li Qiang at 10:40". */
export function lateReason(facts: LateFacts, now: Date = new Date()): string {
  const reason = facts.reason === "reassigned" && facts.reassigned_to === null ? "unassigned" : facts.reason;
  const known = has(`sync.late.undated.${reason}`) ? reason : "moved";
  // The server's own keys (sync.late.closed ...), and the same without a time.
  return t(facts.changed_at ? `sync.late.${known}` : `sync.late.undated.${known}`, {
    number: facts.number,
    name: facts.reassigned_to ?? "",
    time: formatMoment(facts.changed_at, now),
  });
}

/** Names the change's ids point to, where the reader's screen knows them. */
export interface Lookups {
  /** A part's name. */
  part?: (id: string) => string | undefined;
  /** A unit's serial. */
  device?: (id: string) => string | undefined;
  /** A checklist item's label. */
  item?: (templateId: string, key: string) => string | undefined;
  /** Money as the screen shows it. */
  money: (cents: number) => string;
}

export interface Line {
  label: string;
  value: string;
}

function shown(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map((v) => shown(v) ?? "").filter(Boolean).join(t("sync.words.comma")) || null;
  return null;
}

function vocabulary(prefix: string, value: unknown): string | null {
  const key = `${prefix}.${String(value)}`;
  return has(key) ? t(key) : null;
}

/** One argument in words, or null when it says nothing to a person (ids, hashes ...). */
function argWords(key: string, value: unknown, args: Args, lookups: Lookups): string | null {
  switch (key) {
    case "action":
      return vocabulary("actions", value);
    case "kind":
      return vocabulary("photos.kind", value);
    case "purpose":
      return vocabulary("signOff.title", value);
    case "type":
      return vocabulary("type", value);
    case "severity":
      return vocabulary("severity", `s${String(value)}`);
    case "part_id":
      return lookups.part?.(String(value)) ?? null;
    case "device_id":
    case "old_device_id":
      return lookups.device?.(String(value)) ?? null;
    case "item_key":
      return lookups.item?.(String(args.template_id), String(value)) ?? String(value);
    case "value":
      return typeof value === "boolean" ? t(value ? "checklist.pass" : "checklist.fail") : shown(value);
    case "amount_cents":
      return typeof value === "number" ? lookups.money(value) : null;
    case "taken_at":
      return formatDateTime(String(value));
    case "data":
      return shown((value as { unsigned_reason?: unknown } | null)?.unsigned_reason);
    case "summary":
    case "sha256":
    case "summary_sha256":
    case "lines":
    case "base":
    case "signer_role":
    case "satisfaction":
      return null;
    default:
      return key === "id" || key.endsWith("_id") || key.endsWith("_ids") ? null : shown(value);
  }
}

/** What a change recorded, line by line in words: an edit by the fields it changed, a step
 * by its action, everything else by its arguments; at the phone's time when given. */
export function changeLines(name: string, args: Args, lookups: Lookups, occurredAt?: string | null): Line[] {
  const lines: Line[] = [];
  if (name === EDIT) {
    for (const [field, value] of Object.entries((args.changes ?? {}) as Args)) {
      lines.push({ label: fieldWord(field), value: shown(value) ?? t("sync.empty") });
    }
  } else {
    for (const [key, value] of Object.entries(args)) {
      const words = argWords(key, value, args, lookups);
      if (words !== null) lines.push({ label: key === "data" ? t("completion.unsignedReason") : fieldWord(key), value: words });
    }
  }
  if (occurredAt) lines.push({ label: t("sync.words.phoneTime"), value: formatDateTime(occurredAt) });
  return lines;
}

/** The change's kind in words, as a title ("备注", "到达现场", "更换设备"). */
export function changeTitle(name: string, args: Args): string {
  if (name === STEP) return vocabulary("actions", args.action) ?? t(`sync.mutations.${mutationKey(STEP)}`);
  const key = `sync.mutations.${mutationKey(name)}`;
  return has(key) ? t(key) : t("sync.words.other");
}
