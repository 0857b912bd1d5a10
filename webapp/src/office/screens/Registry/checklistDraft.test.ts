import { describe, expect, it } from "vitest";

import { draftToItem, itemToDraft } from "./checklistDraft";

describe("form values", () => {
  it("round-trips a checklist item and leaves empty ends open", () => {
    const draft = itemToDraft({ key: "temp", label: "温度", type: "number", unit: "℃", min: 10, max: null });
    expect(draft).toMatchObject({ min: "10", max: "" });
    expect(draftToItem({ ...draft, key: " temp " })).toEqual({ key: "temp", label: "温度", type: "number", unit: "℃", required: false, min: 10 });
  });
});
