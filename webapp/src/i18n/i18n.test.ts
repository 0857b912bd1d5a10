import { afterEach, describe, expect, it } from "vitest";

import {
  ACTION_NAMES,
  ENGINEER_FIELD_NAMES,
  MERGE_POLICIES,
  MUTATION_NAMES,
  SEVERITIES,
  STATUSES,
} from "../domain/workOrderFlow";
import { SIGNATURE_PURPOSES } from "../store/records";
import { CHANNELS, DEVICE_STATUSES, EVENT_KINDS, ROLES, WORK_ORDER_TYPES, ZONES } from "../domain/vocabulary";
import english from "./en.json";
import { has, interpolate, LOCALES, matchLocale, MESSAGES, PLURAL_CATEGORIES, setLocale, t } from "./index";
// The office's translations (and its server error keys) are merged in by this import.
import "../office/i18n";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === "string") out.set(key, value);
    else flatten(value, key).forEach((text, sub) => out.set(sub, text));
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

/** "sync.badge.conflictsCount_one" -> "sync.badge.conflictsCount"; other keys unchanged. */
const PLURAL_SUFFIX = new RegExp(`_(${PLURAL_CATEGORIES.join("|")})$`);
function baseKey(key: string): string {
  return key.replace(PLURAL_SUFFIX, "");
}

const source = flatten(MESSAGES["zh-CN"]);
// Source text read at test time by Vite: the webapp's code and the server's Python.
const CODE = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}"], {
  query: "?raw",
  import: "default",
  eager: true,
});
const SERVER = import.meta.glob<string>("../../../server/**/*.py", {
  query: "?raw",
  import: "default",
  eager: true,
});

afterEach(() => setLocale("zh-CN"));

describe("translation files", () => {
  it.each(LOCALES.filter((l) => l !== "zh-CN"))("%s has exactly the keys of zh-CN, plus plural forms of them", (locale) => {
    const other = flatten(MESSAGES[locale]);
    const own = [...other.keys()].filter((key) => !source.has(key) && !(PLURAL_SUFFIX.test(key) && source.has(baseKey(key))));
    expect(own).toEqual([]);
    expect([...source.keys()].filter((key) => !other.has(key))).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== "zh-CN"))("%s uses the same placeholders as zh-CN", (locale) => {
    const other = flatten(MESSAGES[locale]);
    for (const [key, text] of source) {
      expect({ key, vars: placeholders(other.get(key) ?? "") }).toEqual({ key, vars: placeholders(text) });
    }
    for (const [key, text] of other) {
      if (!PLURAL_SUFFIX.test(key) || source.has(key)) continue;
      expect({ key, vars: placeholders(text) }).toEqual({ key, vars: placeholders(source.get(baseKey(key)) ?? "") });
    }
  });

  it.each(LOCALES)("%s has plural forms only of messages with a count", (locale) => {
    const forms = [...flatten(MESSAGES[locale])].filter(([key]) => PLURAL_SUFFIX.test(key) && !source.has(key));
    expect(forms.filter(([, text]) => !placeholders(text).includes("count")).map(([key]) => key)).toEqual([]);
  });

  it("has no empty message", () => {
    const empty = LOCALES.flatMap((locale) =>
      [...flatten(MESSAGES[locale])].filter(([, text]) => text.trim() === "").map(([key]) => `${locale} ${key}`),
    );
    expect(empty).toEqual([]);
  });

  it("has every key the code asks for with a literal t(\"...\")", () => {
    const used = new Set<string>();
    for (const text of Object.values(CODE)) {
      for (const match of text.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((key) => !source.has(key))).toEqual([]);
  });

  it("labels every status, action, severity, type, channel, zone, role, event kind and unit status", () => {
    const keys = [
      ...STATUSES.map((v) => `status.${v}`),
      ...ACTION_NAMES.map((v) => `actions.${v}`),
      ...SEVERITIES.map((v) => `severity.s${v}`),
      ...WORK_ORDER_TYPES.map((v) => `type.${v}`),
      ...CHANNELS.map((v) => `channel.${v}`),
      ...ZONES.map((v) => `zone.${v}`),
      ...ROLES.map((v) => `role.${v}`),
      ...EVENT_KINDS.map((v) => `events.kind.${v}`),
      ...DEVICE_STATUSES.map((v) => `deviceStatus.${v}`),
    ];
    expect(keys.filter((key) => !source.has(key))).toEqual([]);
  });

  it("labels every mutation, engineer field, signature purpose and merge policy", () => {
    const keys = [
      ...ENGINEER_FIELD_NAMES.map((v) => `sync.fields.${v}`),
      ...ENGINEER_FIELD_NAMES.map((v) => `office.conflicts.field.${v}`),
      ...MUTATION_NAMES.map((v) => `sync.mutations.${v.replace(".", "_")}`),
      ...MUTATION_NAMES.map((v) => `sync.late.work.${v.replace(".", "_")}`),
      ...SIGNATURE_PURPOSES.map((v) => `office.signature.${v}`),
      ...SIGNATURE_PURPOSES.filter((v) => v !== "arrival").map((v) => `signOff.title.${v}`),
      ...MERGE_POLICIES.map((v) => `office.conflicts.policy.${v}`),
    ];
    expect(keys.filter((key) => !source.has(key))).toEqual([]);
  });
});

describe.runIf(Object.keys(SERVER).length > 0)("agreement with the server", () => {
  function tuple(file: string, name: string): string[] {
    const text = SERVER[`../../../server/${file}`] ?? "";
    const body = new RegExp(`^${name} = \\(([^)]*)\\)`, "m").exec(text)?.[1] ?? "";
    return [...body.matchAll(/"(\w+)"/g)].map((m) => m[1] as string);
  }

  it("translates every error key the server sends", () => {
    const keys = new Set<string>();
    for (const text of Object.values(SERVER)) {
      for (const match of text.matchAll(/"(errors\.[A-Za-z.]+)"/g)) keys.add(match[1] as string);
    }
    expect(keys.size).toBeGreaterThan(5);
    expect([...keys].filter((key) => !source.has(key))).toEqual([]);
  });

  it.each([
    ["models/work_order.py", "WORK_ORDER_TYPES", WORK_ORDER_TYPES],
    ["models/work_order.py", "CHANNELS", CHANNELS],
    ["models/customer.py", "ZONES", ZONES],
    ["models/user.py", "ROLES", ROLES],
    ["models/media.py", "SIGNATURE_PURPOSES", SIGNATURE_PURPOSES],
    ["models/device.py", "DEVICE_STATUSES", DEVICE_STATUSES],
  ] as const)("%s %s matches the webapp's list", (file, name, ours) => {
    expect(tuple(file, name)).toEqual([...ours]);
  });
});

describe("t()", () => {
  it("looks a key up in the current language", () => {
    setLocale("zh-CN");
    expect(t("status.accepted")).toBe("已接单");
    setLocale("en");
    expect(t("status.accepted")).toBe("Accepted");
  });

  it("fills placeholders", () => {
    setLocale("en");
    expect(t("workOrders.count", { count: 3 })).toBe("3 in total");
    setLocale("zh-CN");
    expect(t("workOrders.count", { count: 3 })).toBe("共 3 单");
  });

  it("says counts in the plural rules of each language", () => {
    setLocale("en");
    expect(t("sync.badge.conflictsCount", { count: 1 })).toBe("1 conflict");
    expect(t("sync.badge.conflictsCount", { count: 2 })).toBe("2 conflicts");
    expect(t("sync.badge.conflictsCount", { count: 0 })).toBe("0 conflicts");
    expect(t("workOrder.conflicts", { count: 1 })).toBe("1 conflict with office changes: tap to see.");
    expect(t("checklist.missing", { count: 1 })).toBe("1 required item left.");
    expect(t("checklist.missing", { count: 3 })).toBe("3 required items left.");
    expect(t("signOff.stars", { count: 1 })).toBe("1 star");
    expect(t("signOff.stars", { count: 4 })).toBe("4 stars");
    expect(t("settings.unsyncedWarning", { count: 1 })).toMatch(/^1 item is not synced\./);
    setLocale("zh-CN");
    expect(t("sync.badge.conflictsCount", { count: 1 })).toBe("1 处冲突");
    expect(t("sync.badge.conflictsCount", { count: 2 })).toBe("2 处冲突");
    expect(t("signOff.stars", { count: 1 })).toBe("1 星");
  });

  it("every English message of the phone with a count of things has its singular", () => {
    // A count followed by a plural noun ("{{count}} conflicts") needs "_one": "1 conflict".
    const messages = flatten(english);
    const missing = [...messages]
      .filter(([key, text]) => !PLURAL_SUFFIX.test(key) && /\{\{count\}\} (\w+ )?\w+s\b/.test(text))
      .filter(([key]) => !messages.has(`${key}_one`))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it("leaves a placeholder it has no value for", () => {
    expect(interpolate("{{a}} and {{ b }}", { a: 1 })).toBe("1 and {{ b }}");
  });

  it("answers an unknown key with the key itself", () => {
    expect(t("no.such.key")).toBe("no.such.key");
    expect(has("no.such.key")).toBe(false);
    expect(has("status")).toBe(false); // a group, not a message
  });

  it("maps language tags to our locales", () => {
    expect(matchLocale("zh-TW")).toBe("zh-CN");
    expect(matchLocale("en-GB")).toBe("en");
    expect(matchLocale("fr")).toBeNull();
    expect(matchLocale(null)).toBeNull();
  });

  it("remembers the language chosen on this device", () => {
    setLocale("en");
    expect(localStorage.getItem("aftercare.locale")).toBe("en");
    expect(document.documentElement.lang).toBe("en");
  });
});
