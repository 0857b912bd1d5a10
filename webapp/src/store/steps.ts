// The work order as guided steps (accept → travel → arrive → diagnose → parts → photos →
// checklist → consent → sign-off → complete): which steps a type of work has, which one is
// current, a one-line summary of each and the one primary action. Nothing here restates
// the life cycle: the actions come from the declaration (domain/workOrderFlow.ts through
// store/flow.ts) and what completing lacks from the completion guards (domain/guards.ts);
// this module only orders them. Pure: plain facts in, plain data out.

import type { MissingCode, MissingFact } from "../domain/guards";
import type { CompletionTerms } from "../domain/settings";
import { type ActionName, DONE_STATUSES } from "../domain/workOrderFlow";
import { allowedActions } from "./flow";

export const STEP_NAMES = [
  "accept",
  "travel",
  "arrive",
  "diagnose",
  "parts",
  "photos",
  "checklist",
  "consent",
  "sign_off",
  "complete",
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** done: nothing more needed; current: the step to do now; todo: needed, later;
 * optional: nothing required (parts, photos ...), open to the engineer at any time. */
export type StepState = "done" | "current" | "todo" | "optional";

/** The steps that move the order, and the flow's action each one takes. */
const MOVES: ReadonlyArray<readonly [StepName, ActionName]> = [
  ["accept", "accept"],
  ["travel", "depart"],
  ["arrive", "arrive"],
  ["complete", "complete"],
];

/** The step whose work answers each fact the guards may find missing. */
const STEP_OF_FACT: Readonly<Record<MissingCode, StepName>> = {
  diagnosis: "diagnose",
  sign_off: "sign_off",
  paid_work_consent: "consent",
  checklist_item: "checklist",
  failed_item_evidence: "checklist",
};

export interface StepFacts {
  status: string;
  /** The completion terms of the order's type under its contract (guards.completionTerms). */
  terms: Pick<CompletionTerms, "diagnosis" | "sign_off" | "paid_work_consent" | "checklist">;
  /** What completing on site lacks now (guards.missingFacts, mode on_site). */
  missing: readonly MissingFact[];
  /** The order's events, oldest first: their kind and when (device time, else server). */
  events: ReadonlyArray<{ kind: string; at: string | null }>;
  counts: { parts: number; photos: number; checklistAnswered: number; checklistTotal: number; diagnosisFilled: number };
  signedOff: boolean;
  consentSigned: boolean;
}

/** A step's one line: an i18n key under steps.summary and its values. */
export interface StepSummary {
  key: string;
  count?: number;
  total?: number;
  at?: string | null;
}

export interface Step {
  name: StepName;
  state: StepState;
  summary: StepSummary;
  /** What the guards lack that this step answers. */
  missing: MissingFact[];
}

/** The one button at the bottom: the next valid action; blocked while completing lacks
 * facts (listed), and ``step`` says where they are entered. */
export interface Primary {
  action: ActionName;
  blocked: boolean;
  missing: MissingFact[];
  step: StepName;
}

export interface StepPlan {
  steps: Step[];
  current: StepName | null;
  primary: Primary | null;
  /** The other actions the engineer may take now (escalate, hold, start remote ...). */
  secondary: ActionName[];
}

/** The steps a type of work has, in order: the checklist when its completion terms ask
 * for one (or answers were recorded anyway), the consent to paid work when they ask for
 * it; the rest always (the customer may sign where no term requires it). */
export function stepsFor(terms: StepFacts["terms"], checklistAnswered = 0): StepName[] {
  return STEP_NAMES.filter((name) => {
    if (name === "checklist") return Boolean(terms.checklist) || checklistAnswered > 0;
    if (name === "consent") return Boolean(terms.paid_work_consent);
    return true;
  });
}

/** Whether the type's completion terms require the step's work. */
function isRequired(name: StepName, terms: StepFacts["terms"]): boolean {
  if (name === "diagnose") return terms.diagnosis.length > 0;
  if (name === "checklist") return Boolean(terms.checklist);
  if (name === "consent") return Boolean(terms.paid_work_consent);
  if (name === "sign_off") return Boolean(terms.sign_off);
  return false;
}

function lastAt(facts: StepFacts, kind: string): string | null | undefined {
  const found = facts.events.filter((event) => event.kind === kind).at(-1);
  return found ? found.at : undefined;
}

const EVENT_OF: Partial<Record<StepName, string>> = { accept: "accepted", travel: "departed", arrive: "arrived", complete: "resolved" };

function summaryOf(name: StepName, facts: StepFacts, done: boolean, missing: MissingFact[]): StepSummary {
  const event = EVENT_OF[name];
  const at = event ? lastAt(facts, event) : undefined;
  const { counts } = facts;
  switch (name) {
    case "accept":
    case "travel":
    case "arrive":
    case "complete":
      if (done) return at === undefined ? { key: name === "travel" ? "skipped" : "done" } : { key: `${name}Done`, at };
      return name === "complete" && missing.length ? { key: "lacking", count: missing.length } : { key: "waiting" };
    case "diagnose":
      return missing.length ? { key: "lacking", count: missing.length } : { key: "diagnosis", count: counts.diagnosisFilled, total: 4 };
    case "parts":
      return counts.parts ? { key: "parts", count: counts.parts } : { key: "partsNone" };
    case "photos":
      return counts.photos ? { key: "photos", count: counts.photos } : { key: "photosNone" };
    case "checklist":
      return { key: "checklist", count: counts.checklistAnswered, total: counts.checklistTotal };
    case "consent":
      if (facts.consentSigned) return { key: "consentSigned" };
      return missing.length ? { key: "lacking", count: missing.length } : { key: "consentNone" };
    case "sign_off":
      if (facts.signedOff) return { key: "signedOff" };
      if (missing.length) return { key: "lacking", count: missing.length };
      return isRequired("sign_off", facts.terms) ? { key: "waived" } : { key: "notNeeded" };
  }
}

/** The guided steps of an order from its facts. */
export function planSteps(facts: StepFacts): StepPlan {
  const allowed = allowedActions(facts.status);
  const resolved = DONE_STATUSES.includes(facts.status);
  // The first movement the flow allows now is where the order stands.
  const move = MOVES.find(([, action]) => allowed.includes(action));
  const moveIndex = move ? MOVES.indexOf(move) : resolved ? MOVES.length : -1;
  const onSite = move?.[0] === "complete";
  const names = stepsFor(facts.terms, facts.counts.checklistAnswered);
  const missingOf = (name: StepName) => facts.missing.filter((fact) => STEP_OF_FACT[fact.code] === name);
  // On site, the first step with something missing is the one to do; none: complete.
  const work = onSite ? names.find((name) => missingOf(name).length > 0) : undefined;
  const current: StepName | null = resolved ? null : onSite ? (work ?? "complete") : (move?.[0] ?? null);

  const steps = names.map((name): Step => {
    const missing = name === "complete" ? [...facts.missing] : missingOf(name);
    const moveAt = MOVES.findIndex(([step]) => step === name);
    let state: StepState;
    if (name === current) state = "current";
    else if (moveAt >= 0) state = moveIndex > moveAt ? "done" : "todo";
    else if (resolved) state = "done";
    else if (missing.length) state = "todo";
    else if (isRequired(name, facts.terms) || (name === "sign_off" && facts.signedOff)) state = "done";
    else state = "optional";
    return { name, state, missing, summary: summaryOf(name, facts, state === "done", missing) };
  });

  const primaryAction = onSite ? "complete" : move?.[1];
  const primary: Primary | null =
    primaryAction === undefined || current === null
      ? null
      : {
          action: primaryAction,
          blocked: onSite && facts.missing.length > 0,
          missing: onSite ? [...facts.missing] : [],
          step: current,
        };
  return { steps, current, primary, secondary: allowed.filter((action) => action !== primaryAction) };
}
