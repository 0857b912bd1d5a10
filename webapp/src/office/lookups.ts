// Names for the ids a change points to (its part, its units, its checklist item), fetched
// once for a list of changes, so the office reads them in words (i18n/mutations.ts).

import type { Lookups } from "../i18n/mutations";
import * as api from "./api";
import { money } from "./format";
import type { Device, Row } from "./types";

interface Change {
  args: Record<string, unknown>;
}

const DEVICE_ARGS = ["device_id", "old_device_id"];

function ids(changes: readonly Change[], names: readonly string[]): string[] {
  const found = changes.flatMap((change) => names.map((name) => change.args[name]));
  return [...new Set(found.filter((value): value is string => typeof value === "string" && value !== ""))];
}

/** The names ``changes`` need, looked up on the server (a unit it no longer has stays unnamed). */
export async function loadLookups(changes: readonly Change[]): Promise<Lookups> {
  const needParts = ids(changes, ["part_id"]).length > 0;
  const needItems = ids(changes, ["template_id"]).length > 0;
  const [parts, templates, devices] = await Promise.all([
    needParts ? api.listRows("parts") : null,
    needItems ? api.listRows("checklist-templates") : null,
    Promise.all(ids(changes, DEVICE_ARGS).map((id) => api.getDevice(id).catch(() => null))),
  ]);
  const partNames = new Map((parts?.items ?? []).map((part) => [part.id, String(part.name ?? "")]));
  const items = new Map((templates?.items ?? []).map((template) => [template.id, template]));
  const serials = new Map(devices.filter((d): d is Device => d !== null).map((d) => [d.id, d.serial]));
  return {
    part: (id) => partNames.get(id),
    device: (id) => serials.get(id),
    item: (templateId, key) => itemLabel(items.get(templateId), key),
    money,
  };
}

function itemLabel(template: Row | undefined, key: string): string | undefined {
  const list = (template?.items ?? []) as { key: string; label: string }[];
  return list.find((item) => item.key === key)?.label;
}

/** Until the names are in: the change still reads in words, without them. */
export const NO_LOOKUPS: Lookups = { money };
