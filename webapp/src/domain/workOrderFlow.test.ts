// @vitest-environment node
// The life cycle is declared once (server/domain/work_order_flow.py, exported as
// tests/vectors/work_order_flow.json). These tests fail when a status set, an engineer
// step, a field policy or a mutation name the app uses is not the declared one, or when
// the code spells a set of statuses out instead of asking the declaration.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { DIAGNOSIS_FIELDS } from "./settings";
import { EVENT_KINDS } from "./vocabulary";
import {
  ACTION_NAMES,
  ACTIONS,
  AWAITING_REVIEW,
  allowedActions,
  DONE_STATUSES,
  ENGINEER_FIELDS,
  FINAL_STATUSES,
  isEditable,
  isOpen,
  LIST_FILTERS,
  MERGE_POLICIES,
  MUTATION_NAMES,
  MUTATIONS,
  OPEN_STATUSES,
  REVIEWED,
  STATUSES,
  UNASSIGNED,
} from "./workOrderFlow";
import { isMutation } from "../store/outbox";
import type { OutboxEntry, WorkOrderRecord } from "../store/records";
import { allowedActions as engineerActions, stepFrom } from "../store/flow";
import { rebaseWorkOrder } from "../sync/apply";
import { workOrderRecord } from "../../test/records";

/** The declaration read from disk, not through the module under test. */
const DECLARED = JSON.parse(readFileSync(new URL("../../../tests/vectors/work_order_flow.json", import.meta.url), "utf-8")) as {
  statuses: string[];
  groups: Record<"open" | "done" | "final", string[]>;
  actions: Record<string, { sources: string[]; target: string | null; event: string; by: string[]; guarded: string | null }>;
  engineer_fields: Record<string, string>;
  mutations: Record<string, string | null>;
};

// The app's own source (tests excluded), read as text by Vite.
const CODE = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Source files outside src/domain/ (the only room allowed to hold the flow). */
function outsideDomain(): [string, string][] {
  return Object.entries(CODE).filter(([path]) => !path.startsWith("./") && !path.startsWith("../domain/"));
}

describe("the declaration", () => {
  it("is what the app reads: statuses, groups, actions, field policies, mutations", () => {
    expect(STATUSES).toEqual(DECLARED.statuses);
    expect(OPEN_STATUSES).toEqual(DECLARED.groups.open);
    expect(DONE_STATUSES).toEqual(DECLARED.groups.done);
    expect(FINAL_STATUSES).toEqual(DECLARED.groups.final);
    expect(ACTIONS).toEqual(DECLARED.actions);
    expect(ENGINEER_FIELDS).toEqual(DECLARED.engineer_fields);
    expect(MUTATIONS).toEqual(DECLARED.mutations);
  });

  it("moves only between declared statuses, and its groups hold declared statuses", () => {
    for (const action of Object.values(ACTIONS)) {
      expect(STATUSES).toEqual(expect.arrayContaining([...action.sources]));
      if (action.target !== null) expect(STATUSES).toContain(action.target);
    }
    for (const group of [OPEN_STATUSES, DONE_STATUSES, FINAL_STATUSES]) expect(STATUSES).toEqual(expect.arrayContaining([...group]));
  });

  it("labels every event an action records in the history", () => {
    for (const action of Object.values(ACTIONS)) expect(EVENT_KINDS).toContain(action.event);
  });
});

describe("the status sets the app shows", () => {
  it("are the declared groups", () => {
    expect(LIST_FILTERS.open).toEqual(DECLARED.groups.open);
    expect(LIST_FILTERS.completed).toEqual(DECLARED.groups.done);
    for (const status of STATUSES) {
      expect(isOpen(status)).toBe(DECLARED.groups.open.includes(status));
      expect(isEditable(status)).toBe(!DECLARED.groups.final.includes(status));
    }
  });

  it("derive the office's queues from the actions that lead there", () => {
    expect(AWAITING_REVIEW).toEqual(DECLARED.actions.close?.sources);
    expect(REVIEWED).toEqual([DECLARED.actions.close?.target]);
    expect(UNASSIGNED).toEqual([DECLARED.actions.unassign?.target]);
  });

  it("are never spelled out as a list of statuses outside src/domain/", () => {
    const statuses = new Set(STATUSES);
    const found: string[] = [];
    for (const [path, text] of outsideDomain()) {
      for (const match of text.matchAll(/\[\s*("[\w-]+"(?:\s*,\s*"[\w-]+")*)\s*,?\s*\]/g)) {
        const items = [...(match[1] ?? "").matchAll(/"([\w-]+)"/g)].map((m) => m[1] as string);
        const named = items.filter((item) => statuses.has(item));
        if (named.length >= 2 || (named.length > 0 && named.length === items.length)) found.push(`${path}: ${match[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe("the engineer's steps on the phone", () => {
  it("are exactly the declared engineer actions, from their sources to their targets", () => {
    for (const status of DECLARED.statuses) {
      const declared = Object.entries(DECLARED.actions)
        .filter(([, a]) => a.by.includes("engineer") && a.sources.includes(status))
        .map(([name]) => name);
      expect(engineerActions(status)).toEqual(declared);
      expect(allowedActions(status, "engineer")).toEqual(declared);
      for (const [name, action] of Object.entries(DECLARED.actions)) {
        const step = stepFrom(status, name);
        if (!declared.includes(name)) {
          expect(step).toBeNull();
          continue;
        }
        expect(step).toMatchObject({ target: action.target ?? status, event: action.event, guarded: action.guarded });
      }
    }
  });

  it("include the ones that only record an event and keep the status", () => {
    const eventOnly = ACTION_NAMES.filter((name) => ACTIONS[name].target === null && ACTIONS[name].by.includes("engineer"));
    expect(eventOnly.length).toBeGreaterThan(0);
    for (const name of eventOnly) {
      const from = ACTIONS[name].sources[0] as string;
      expect(stepFrom(from, name)?.target).toBe(from);
    }
  });
});

describe("the fields an engineer changes", () => {
  function pendingEdit(wo: WorkOrderRecord, field: string, base: unknown, value: unknown): OutboxEntry {
    return {
      seq: 1,
      id: "m1",
      name: "work_order.update",
      occurred_at: "2026-11-22T01:00:00Z",
      args: { id: wo.id, base: { [field]: base }, changes: { [field]: value } },
      work_order_id: wo.id,
    };
  }

  it("have policies the app knows", () => {
    for (const policy of Object.values(ENGINEER_FIELDS)) expect(MERGE_POLICIES).toContain(policy);
    for (const field of DIAGNOSIS_FIELDS) expect(Object.keys(ENGINEER_FIELDS)).toContain(field);
  });

  it.each(Object.entries(DECLARED.engineer_fields))("%s: a clash with the office is settled by its policy (%s)", (field, policy) => {
    const wo = workOrderRecord({ [field]: "office" } as Partial<WorkOrderRecord>);
    const rebased = rebaseWorkOrder(wo, [pendingEdit(wo, field, "before", "phone")]) as unknown as Record<string, unknown>;
    expect(rebased[field]).toBe(policy === "device_wins" ? "phone" : "office");
    const untouched = workOrderRecord({ [field]: "before" } as Partial<WorkOrderRecord>);
    const applied = rebaseWorkOrder(untouched, [pendingEdit(untouched, field, "before", "phone")]) as unknown as Record<string, unknown>;
    expect(applied[field]).toBe("phone");
  });
});

describe("mutation names", () => {
  it("the app queues or reads are declared ones", () => {
    const used = new Set<string>();
    for (const [, text] of outsideDomain()) {
      for (const match of text.matchAll(/\b(?:enqueue|isMutation)\(\s*\w+,\s*"([^"]+)"/g)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !MUTATION_NAMES.includes(name as never))).toEqual([]);
  });

  it("are never compared by hand (isMutation checks them against the declaration)", () => {
    const found = outsideDomain().flatMap(([path, text]) =>
      [...text.matchAll(/\.name\s*[!=]==?\s*"\w+\.\w+"/g)].map((m) => `${path}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });

  it("isMutation tells them apart", () => {
    const entry: OutboxEntry = { seq: 1, id: "m", name: "loaner.return", occurred_at: "", args: {}, work_order_id: null };
    expect(isMutation(entry, "loaner.return")).toBe(true);
    expect(isMutation(entry, "loaner.issue")).toBe(false);
  });
});
