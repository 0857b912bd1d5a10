import { describe, expect, it } from "vitest";

import { ApiError } from "../sync/api";
import { changedMeanwhile, rebase } from "./changedMeanwhile";

const refused = (code: number, current?: unknown) =>
  new ApiError({ code, key: "errors.precondition.failed", message: "Changed.", ...(current ? { current } : {}) } as never);

describe("changedMeanwhile", () => {
  it("gives the record as it stands from a 412 only", () => {
    expect(changedMeanwhile(refused(412, { id: "d1", row_version: 9 }))).toEqual({ id: "d1", row_version: 9 });
    expect(changedMeanwhile(refused(428))).toBeNull();
    expect(changedMeanwhile(refused(422, { id: "d1" }))).toBeNull();
    expect(changedMeanwhile(new Error("x"))).toBeNull();
  });
});

describe("rebase", () => {
  it("keeps what the user changed and takes everything else as it stands now", () => {
    const read = { location: "1F 走廊", notes: "", tags: ["a"] };
    const mine = { location: "1F 走廊", notes: "已巡检", tags: ["a"] };
    const now = { location: "3F 机房", notes: "", tags: ["a", "b"] };
    expect(rebase(read, mine, now)).toEqual({ location: "3F 机房", notes: "已巡检", tags: ["a", "b"] });
  });

  it("compares nested values by content", () => {
    const read = { settings: { sla: { hours: 4 } } };
    expect(rebase(read, { settings: { sla: { hours: 4 } } }, { settings: { sla: { hours: 8 } } })).toEqual({
      settings: { sla: { hours: 8 } },
    });
    expect(rebase(read, { settings: { sla: { hours: 2 } } }, { settings: { sla: { hours: 8 } } })).toEqual({
      settings: { sla: { hours: 2 } },
    });
  });
});
