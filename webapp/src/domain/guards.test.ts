// @vitest-environment node
// Runs every case of tests/vectors/guards.json, the file pytest runs through
// tests/domain/test_flow_and_guards.py: the completion guards must list the same missing
// facts, in the same order, on the phone and on the server.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { type CompletionFacts, completionTerms, type GuardMode, missingFacts } from "./guards";
import { type CompletionTerms, defaultContractSettings, mergeContractSettings } from "./settings";

interface GuardCase {
  name: string;
  input: { facts: CompletionFacts; terms: string | CompletionTerms; mode: GuardMode };
  expected: { missing: unknown[] };
}

const FILE = JSON.parse(
  readFileSync(new URL("../../../tests/vectors/guards.json", import.meta.url), "utf-8"),
) as { description: string; cases: GuardCase[] };

/** A case's terms: the named type's default terms, or the terms it spells out. */
function termsOf(terms: GuardCase["input"]["terms"]): CompletionTerms {
  return typeof terms === "string" ? completionTerms(defaultContractSettings(), terms) : terms;
}

describe("guards vectors", () => {
  it("have unique case names", () => {
    const names = FILE.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(FILE.cases)("$name", ({ input, expected }) => {
    expect(missingFacts(input.facts, termsOf(input.terms), input.mode)).toStrictEqual(expected.missing);
  });
});

describe("completion terms", () => {
  it("fall back to the contract's default for a type it does not name", () => {
    const settings = defaultContractSettings();
    expect(completionTerms(settings, "training")).toStrictEqual(settings.completion.default);
    expect(completionTerms(settings, "repair").diagnosis).toEqual(["diagnosis_symptom", "diagnosis_cause", "diagnosis_fix"]);
  });

  it("fill a type a contract adds from the template", () => {
    const settings = mergeContractSettings({ completion: { installation: { checklist: true } } });
    expect(completionTerms(settings, "installation")).toStrictEqual({
      diagnosis: [],
      sign_off: true,
      paid_work_consent: true,
      checklist: true,
    });
  });

  it("refuse a mode the guards do not know", () => {
    expect(() => missingFacts({}, {}, "somewhere" as GuardMode)).toThrow();
  });
});
