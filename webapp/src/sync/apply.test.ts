import { describe, expect, it } from "vitest";

import type { LoanerRecord, OutboxEntry } from "../store/records";
import { rebaseLoaner } from "./apply";

function loaner(overrides: Partial<LoanerRecord> = {}): LoanerRecord {
  return {
    id: "l1",
    row_version: 5,
    work_order_id: "wo1",
    description: "DS-7816N 录像机",
    serial: "NVR1",
    issued_at: "2026-11-20T02:00:00Z",
    issued_by_id: "u1",
    due_back_on: null,
    returned_at: null,
    returned_by_id: null,
    condition_note: "",
    server_at: "2026-11-20T02:01:00Z",
    ...overrides,
  };
}

const pendingReturn: OutboxEntry = {
  seq: 3,
  id: "m3",
  name: "loaner.return",
  occurred_at: "2026-11-22T08:00:00Z",
  args: { id: "l1", condition_note: "完好" },
  work_order_id: "wo1",
};

describe("a pulled loaner", () => {
  it("keeps the phone's unsent return on top of the server's record", () => {
    expect(rebaseLoaner(loaner(), [pendingReturn])).toMatchObject({ returned_at: "2026-11-22T08:00:00Z", condition_note: "完好" });
  });

  it("stays as the server says when the server has a return already (the first counts)", () => {
    const server = loaner({ returned_at: "2026-11-21T00:00:00Z" });
    expect(rebaseLoaner(server, [pendingReturn])).toBe(server);
    expect(rebaseLoaner(loaner(), [])).toMatchObject({ returned_at: null });
  });
});
