// The structured contract editor's plumbing: reading and writing one setting by its path in
// the settings object, turning what the admin typed into the settings' units (minutes,
// whole fen, ISO dates) and finding the server's message for a field. What cannot be read
// is passed on as typed, so the server's 422 names the field (no second set of rules here).

import { ApiError } from "../../../sync/api";
import { fieldErrors } from "../../fieldErrors";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Settings = { [key: string]: Json };
export type Path = readonly string[];

export function getAt(settings: Json, path: Path): Json | undefined {
  let node: Json | undefined = settings;
  for (const key of path) {
    if (node === null || typeof node !== "object" || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** A copy of ``settings`` with ``value`` at ``path`` (objects on the way copied, not shared). */
export function setAt(settings: Settings, path: Path, value: Json): Settings {
  const [key, ...rest] = path;
  if (key === undefined) return settings;
  const current = Object.hasOwn(settings, key) ? settings[key] : undefined;
  const child = current !== null && typeof current === "object" && !Array.isArray(current) ? current : {};
  return { ...settings, [key]: rest.length === 0 ? value : setAt(child, rest, value) };
}

const WHOLE = /^\s*\d+\s*$/;

/** A count (days, minutes, months): a whole number, else the text as typed. */
export function countValue(text: string): Json {
  return WHOLE.test(text) ? Number(text) : text;
}

/** A target or deadline in minutes: empty switches it off (null, "not tracked"). */
export function minutesValue(text: string): Json {
  return text.trim() === "" ? null : countValue(text);
}

/** Yuan as typed (120, 120.5) in whole fen (12000, 12050); anything else as typed. */
export function fenValue(yuan: string): Json {
  const match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(yuan);
  if (!match) return yuan;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function yuanText(fen: Json | undefined): string {
  if (typeof fen !== "number") return fen == null ? "" : String(fen);
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

/** Dates typed one per line or separated by commas or spaces, in the order given. */
export function datesValue(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((day) => day.trim())
    .filter(Boolean);
}

/** The server's messages by dotted field path ("settings.fees.visit_fee_cents"). */
export function messagesByPath(error: unknown): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  if (error instanceof ApiError) {
    for (const field of fieldErrors(error.errors)) byPath.set(field.path, field.messages);
  }
  return byPath;
}
