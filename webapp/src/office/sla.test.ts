import { describe, expect, it } from "vitest";

import { clock, NOW, sla } from "../../test/officeOrders";
import { hoursMinutes, urgentClock } from "./sla";

describe("urgentClock", () => {
  it.each([
    {
      name: "a breached clock beats an earlier running one",
      clocks: [clock("arrival", "running", "2026-11-22T03:10:00Z"), clock("response", "breached", "2026-11-22T02:00:00Z")],
      expected: { clock: "response", state: "breached", left_ms: -3600000 },
    },
    {
      name: "at risk beats running",
      clocks: [clock("arrival", "running", "2026-11-22T03:05:00Z"), clock("restore", "at_risk", "2026-11-22T04:00:00Z")],
      expected: { clock: "restore", state: "at_risk", left_ms: 3600000 },
    },
    {
      name: "among running clocks the earliest deadline",
      clocks: [clock("resolve", "running", "2026-11-23T03:00:00Z"), clock("arrival", "running", "2026-11-22T05:00:00Z")],
      expected: { clock: "arrival", state: "running", left_ms: 7200000 },
    },
    { name: "stopped clocks do not count", clocks: [clock("response", "met", "2026-11-22T02:00:00Z")], expected: null },
    { name: "a clock without a deadline does not count", clocks: [clock("remote", "running", null)], expected: null },
  ])("$name", ({ clocks, expected }) => {
    const found = urgentClock(sla(clocks), NOW);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
  });

  it("reads no clock from a missing SLA block", () => {
    expect(urgentClock(undefined, NOW)).toBeNull();
  });
});

describe("hoursMinutes", () => {
  it("drops the sign and splits hours", () => {
    expect(hoursMinutes(-(2 * 3600000 + 5 * 60000 + 30000))).toEqual({ hours: 2, minutes: 5 });
  });
});
