// @vitest-environment node
// The guided steps: which step is current, the one-line summaries and the one primary
// action, for every status of the declaration and every case of the shared guard vectors
// (tests/vectors/guards.json, work_order_flow.json): the steps order what the rules say,
// they decide nothing themselves.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { type CompletionFacts, completionTerms, type GuardMode, type MissingFact, missingFacts } from "../domain/guards";
import { type CompletionTerms, defaultContractSettings } from "../domain/settings";
import { STATUSES } from "../domain/workOrderFlow";
import { allowedActions } from "./flow";
import { planSteps, type StepFacts, stepsFor } from "./steps";

interface GuardCase {
  name: string;
  input: { facts: CompletionFacts; terms: string | CompletionTerms; mode: GuardMode };
  expected: { missing: MissingFact[] };
}

const GUARDS = JSON.parse(readFileSync(new URL("../../../tests/vectors/guards.json", import.meta.url), "utf-8")) as {
  cases: GuardCase[];
};

function termsOf(terms: GuardCase["input"]["terms"]): CompletionTerms {
  return typeof terms === "string" ? completionTerms(defaultContractSettings(), terms) : terms;
}

const REPAIR = completionTerms(defaultContractSettings(), "repair");
const INSPECTION = completionTerms(defaultContractSettings(), "inspection");

function facts(overrides: Partial<StepFacts> = {}): StepFacts {
  return {
    status: "assigned",
    terms: REPAIR,
    missing: [],
    events: [],
    counts: { parts: 0, photos: 0, checklistAnswered: 0, checklistTotal: 0, diagnosisFilled: 0 },
    signedOff: false,
    consentSigned: false,
    ...overrides,
  };
}

const SIGN_OFF: MissingFact = { code: "sign_off", field: "sign_off" };
const CAUSE: MissingFact = { code: "diagnosis", field: "diagnosis_cause" };

describe("the steps of a type of work", () => {
  it("a repair has no checklist; an inspection no consent to paid work", () => {
    expect(stepsFor(REPAIR)).toEqual(["accept", "travel", "arrive", "diagnose", "parts", "photos", "consent", "sign_off", "complete"]);
    expect(stepsFor(INSPECTION)).toEqual(["accept", "travel", "arrive", "diagnose", "parts", "photos", "checklist", "sign_off", "complete"]);
  });

  it("a checklist answered where none is required still shows; a sign-off not required is optional", () => {
    const terms = { ...REPAIR, sign_off: false };
    expect(stepsFor(terms, 2)).toContain("checklist");
    const plan = planSteps(facts({ status: "on_site", terms, missing: [CAUSE] }));
    expect(plan.steps.find((s) => s.name === "sign_off")).toMatchObject({ state: "optional", summary: { key: "notNeeded" } });
    expect(plan.current).toBe("diagnose");
  });
});

describe("the current step and the primary action", () => {
  it("an assigned order is accepted first, never signed off first", () => {
    const plan = planSteps(facts({ missing: [CAUSE, SIGN_OFF] }));
    expect(plan.current).toBe("accept");
    expect(plan.primary).toEqual({ action: "accept", blocked: false, missing: [], step: "accept" });
    expect(plan.steps.find((s) => s.name === "sign_off")?.state).toBe("todo");
  });

  it("an accepted order travels next, arriving directly stays on offer", () => {
    const plan = planSteps(facts({ status: "accepted", events: [{ kind: "accepted", at: "2026-11-27T01:00:00Z" }] }));
    expect(plan.current).toBe("travel");
    expect(plan.primary?.action).toBe("depart");
    expect(plan.secondary).toContain("arrive");
    expect(plan.steps[0]).toMatchObject({ name: "accept", state: "done", summary: { key: "acceptDone", at: "2026-11-27T01:00:00Z" } });
  });

  it("a travel skipped (arrived straight away) says so", () => {
    const plan = planSteps(facts({ status: "on_site", events: [{ kind: "accepted", at: null }, { kind: "arrived", at: "x" }] }));
    expect(plan.steps.find((s) => s.name === "travel")).toMatchObject({ state: "done", summary: { key: "skipped" } });
    expect(plan.steps.find((s) => s.name === "arrive")).toMatchObject({ state: "done", summary: { key: "arriveDone", at: "x" } });
  });

  it("on site the first step lacking something is current and complete waits, saying what", () => {
    const plan = planSteps(facts({ status: "on_site", missing: [CAUSE, SIGN_OFF] }));
    expect(plan.current).toBe("diagnose");
    expect(plan.primary).toEqual({ action: "complete", blocked: true, missing: [CAUSE, SIGN_OFF], step: "diagnose" });
    expect(plan.steps.find((s) => s.name === "diagnose")?.summary).toEqual({ key: "lacking", count: 1 });
    expect(plan.steps.find((s) => s.name === "sign_off")?.state).toBe("todo");
    expect(plan.steps.find((s) => s.name === "parts")).toMatchObject({ state: "optional", summary: { key: "partsNone" } });
  });

  it("with nothing missing on site, complete is current and free", () => {
    const plan = planSteps(facts({ status: "on_site", signedOff: true, counts: { parts: 2, photos: 1, checklistAnswered: 0, checklistTotal: 0, diagnosisFilled: 3 } }));
    expect(plan.current).toBe("complete");
    expect(plan.primary).toEqual({ action: "complete", blocked: false, missing: [], step: "complete" });
    expect(plan.steps.find((s) => s.name === "sign_off")).toMatchObject({ state: "done", summary: { key: "signedOff" } });
    expect(plan.steps.find((s) => s.name === "parts")?.summary).toEqual({ key: "parts", count: 2 });
  });

  it("a completed order has every step done and no primary action", () => {
    const plan = planSteps(facts({ status: "completed", events: [{ kind: "resolved", at: "y" }] }));
    expect(plan.current).toBeNull();
    expect(plan.primary).toBeNull();
    expect(plan.steps.every((s) => s.state === "done")).toBe(true);
    expect(plan.steps.at(-1)?.summary).toEqual({ key: "completeDone", at: "y" });
  });

  it.each(STATUSES.map((status) => ({ status })))("from $status every action offered is one the flow allows, each once", ({ status }) => {
    const plan = planSteps(facts({ status }));
    const offered = [...(plan.primary ? [plan.primary.action] : []), ...plan.secondary];
    expect(new Set(offered).size).toBe(offered.length);
    expect([...offered].sort()).toEqual([...allowedActions(status)].sort());
  });
});

describe("on site, for every case of the shared guard vectors", () => {
  const onSite = GUARDS.cases.filter((c) => c.input.mode === "on_site");
  it("has cases", () => expect(onSite.length).toBeGreaterThan(3));

  it.each(onSite)("$name", ({ input, expected }) => {
    const terms = termsOf(input.terms);
    const missing = missingFacts(input.facts, terms, "on_site");
    const plan = planSteps(facts({ status: "on_site", terms, missing }));
    expect(plan.primary?.action).toBe("complete");
    expect(plan.primary?.blocked).toBe(expected.missing.length > 0);
    expect(plan.primary?.missing).toStrictEqual(expected.missing);
    // Every missing fact belongs to a step the type has, which is not done.
    for (const fact of expected.missing) {
      const owner = plan.steps.find((s) => s.name !== "complete" && s.missing.some((m) => JSON.stringify(m) === JSON.stringify(fact)));
      expect(owner, JSON.stringify(fact)).toBeDefined();
      expect(owner?.state).not.toBe("done");
    }
    const first = plan.steps.find((s) => s.name !== "complete" && s.missing.length > 0);
    expect(plan.current).toBe(first?.name ?? "complete");
  });
});
