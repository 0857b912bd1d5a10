import { afterEach, describe, expect, it } from "vitest";

import { setLocale } from "./index";
import { changedFields } from "./format";

describe("what an edit changed, in words", () => {
  afterEach(() => setLocale("zh-CN"));

  it("names each field by its label, never its code", () => {
    setLocale("zh-CN");
    expect(changedFields("updated", { fields: ["diagnosis_cause", "labour_minutes"] })).toBe("故障原因、工时（分钟）");
    expect(changedFields("updated", { fields: ["no_such_field"] })).not.toContain("no_such_field");
  });

  it("says nothing for other events", () => {
    expect(changedFields("arrived", { fields: ["diagnosis_cause"] })).toBe("");
    expect(changedFields("updated", {})).toBe("");
  });
});
