// @vitest-environment node
// Runs the shared rule vectors (tests/vectors/*.json), the same files pytest runs through
// tests/domain/test_vectors.py, case by case with the same calls. Each file:
// {description, defaults, cases: [{name, input, expected}]}. A case's settings are merged
// over the defaults, which must equal ours; `expected` lists only the fields the case
// checks; {"error": code} means the call throws the DomainError with that code.
// The files live outside the webapp, so they are read from disk rather than imported.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { DomainError } from "./errors";
import { estimateFees } from "./fees";
import { inspectionCadence, nextFollowUpDates, nextInspectionDates, siteCheckDueOn, surveyDueAt } from "./schedules";
import { type ContractSettings, defaultContractSettings, mergeContractSettings } from "./settings";
import { emergencyMilestones, loanerDueAt, slaState } from "./sla";
import { warrantyDecision } from "./warranty";

type Rule = "warranty" | "sla" | "fees" | "schedules";
// Vector inputs are loose JSON; each call below passes them on as the rule expects.
type Input = Record<string, any>;
interface VectorCase {
  name: string;
  input: Input;
  expected: Record<string, unknown>;
}
interface VectorFile {
  description: string;
  defaults: unknown;
  cases: VectorCase[];
}

function load(rule: Rule): VectorFile {
  const url = new URL(`../../../tests/vectors/${rule}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf-8")) as VectorFile;
}

function section<R extends Rule>(rule: R, partial: unknown): ContractSettings[R] {
  return mergeContractSettings({ [rule]: partial ?? {} })[rule];
}

function assertMatches(expected: unknown, actual: unknown, path = ""): void {
  if (typeof expected === "object" && expected !== null && !Array.isArray(expected)) {
    expect(actual, `${path}: expected an object`).toBeTypeOf("object");
    expect(actual, `${path}: expected an object`).not.toBeNull();
    for (const [key, value] of Object.entries(expected)) {
      expect(Object.keys(actual as object), `${path}.${key}: missing`).toContain(key);
      assertMatches(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
    }
  } else {
    expect(actual, path).toStrictEqual(expected);
  }
}

function check(testCase: VectorCase, run: () => unknown): void {
  const { expected } = testCase;
  if ("error" in expected) {
    let thrown: unknown = null;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe(expected.error);
  } else {
    assertMatches(expected, run());
  }
}

const RULES: Rule[] = ["warranty", "sla", "fees", "schedules"];
const FILES = Object.fromEntries(RULES.map((rule) => [rule, load(rule)])) as Record<Rule, VectorFile>;

describe("vector files", () => {
  it.each(RULES)("%s defaults are the code's defaults", (rule) => {
    expect(FILES[rule].defaults).toStrictEqual(defaultContractSettings()[rule]);
  });

  it.each(RULES)("%s case names are unique", (rule) => {
    const names = FILES[rule].cases.map((testCase) => testCase.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("warranty vectors", () => {
  it.each(FILES.warranty.cases)("$name", (testCase) => {
    const given = testCase.input;
    check(testCase, () =>
      warrantyDecision(given.device, given.history, section("warranty", given.terms), given.on, given.exclusions, {
        defectCode: given.defect_code,
        replaced: given.replaced,
      }),
    );
  });
});

describe("sla vectors", () => {
  it.each(FILES.sla.cases)("$name", (testCase) => {
    const given = testCase.input;
    const policy = section("sla", given.policy);
    const { work_order: workOrder, events } = given;
    check(testCase, () => ({
      clocks: slaState(workOrder, events, policy, given.now),
      loaner_due_at: loanerDueAt(workOrder, events, policy),
      emergency_milestones: emergencyMilestones(workOrder, events, policy),
    }));
  });
});

describe("fees vectors", () => {
  it.each(FILES.fees.cases)("$name", (testCase) => {
    const given = testCase.input;
    check(testCase, () =>
      estimateFees(
        given.decision_status,
        given.parts,
        given.labour_minutes,
        given.visits,
        given.remote_sessions,
        given.travel,
        section("fees", given.terms),
      ),
    );
  });
});

describe("schedules vectors", () => {
  it.each(FILES.schedules.cases)("$name", (testCase) => {
    const given = testCase.input;
    const schedules = section("schedules", given.schedules);
    const window = { untilOn: given.until_on, lastDoneOn: given.last_done_on, contractEndOn: given.contract_end_on };
    const calls: Record<string, () => unknown> = {
      next_inspection_dates: () => nextInspectionDates(given.handover_on, given.cadence, window),
      next_follow_up_dates: () => nextFollowUpDates(given.handover_on, schedules.follow_up, window),
      site_check_due_on: () => siteCheckDueOn(given.handover_on, schedules),
      survey_due_at: () => surveyDueAt(given.resolved_at, schedules),
      inspection_cadence: () => inspectionCadence(schedules, given.system_type),
    };
    const call = calls[given.call];
    expect(call, `unknown call ${given.call}`).toBeDefined();
    check(testCase, () => ({ result: (call as () => unknown)() }));
  });
});
