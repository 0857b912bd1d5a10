import { describe, expect, it } from "vitest";

import { addBusinessMinutes, businessMinutesBetween, isWorkingDay, nextWorkingMoment, utcOf } from "./calendar";
import { dayOf, formatInstant } from "./dates";
import { InvalidValue, NoWorkingTime } from "./errors";
import { type CalendarSpec, defaultContractSettings } from "./settings";

const CALENDARS = defaultContractSettings().sla.calendars;
const OFFICE = CALENDARS.business_hours as CalendarSpec; // Mon-Fri 08:00-18:00 Asia/Shanghai
const ALWAYS = CALENDARS["24x7"] as CalendarSpec;

describe("service calendars", () => {
  it("count a request at closing time from the next opening", () => {
    // Friday 2024-03-01 18:00 in Shanghai is 10:00Z; Monday 08:00 is 00:00Z.
    expect(nextWorkingMoment("2024-03-01T10:00:00Z", OFFICE)).toBe("2024-03-04T00:00:00Z");
  });

  it("take a moment inside business hours as its own working moment", () => {
    expect(nextWorkingMoment("2024-03-01T09:59:00Z", OFFICE)).toBe("2024-03-01T09:59:00Z");
  });

  it("let a deadline land exactly on closing time", () => {
    expect(addBusinessMinutes("2024-03-04T00:00:00Z", 600, OFFICE)).toBe("2024-03-04T10:00:00Z");
  });

  it("skip the weekend in business minutes", () => {
    expect(businessMinutesBetween("2024-03-01T09:00:00Z", "2024-03-04T01:00:00Z", OFFICE)).toBe(120);
  });

  it("count every minute on 7x24", () => {
    expect(businessMinutesBetween("2024-03-01T09:00:00Z", "2024-03-04T01:00:00Z", ALWAYS)).toBe(3840);
  });

  it("count zero minutes when the end is before the start", () => {
    expect(businessMinutesBetween("2024-03-04T02:00:00Z", "2024-03-04T01:00:00Z", OFFICE)).toBe(0);
  });

  it("measure back the minutes they added", () => {
    const calendar = { ...OFFICE, holidays: ["2024-10-01", "2024-10-02"], make_up_workdays: ["2024-09-29"] };
    const start = Date.UTC(2024, 8, 27, 7, 13);
    for (let step = 0; step < 200; step += 1) {
      const begin = new Date(start + step * 97 * 60_000);
      for (const minutes of [0, 1, 59, 600, 601, 2880]) {
        const deadline = addBusinessMinutes(begin, minutes, calendar);
        const countedFrom = nextWorkingMoment(begin, calendar);
        expect(businessMinutesBetween(countedFrom, deadline, calendar)).toBe(minutes);
      }
    }
  });

  it("accept any offset and answer in UTC", () => {
    expect(addBusinessMinutes("2024-03-04T09:00:00+08:00", 30, OFFICE)).toBe("2024-03-04T01:30:00Z");
  });

  it("refuse a time without an offset", () => {
    expect(() => addBusinessMinutes("2024-03-04T09:00:00", 30, OFFICE)).toThrow(InvalidValue);
  });

  it("refuse negative minutes", () => {
    expect(() => addBusinessMinutes("2024-03-04T01:00:00Z", -1, OFFICE)).toThrow(InvalidValue);
  });

  it("throw instead of looping when there are no working days", () => {
    expect(() => addBusinessMinutes("2024-03-04T01:00:00Z", 30, { ...OFFICE, weekdays: [] })).toThrow(NoWorkingTime);
  });

  it("refuse an unknown time zone", () => {
    expect(() => addBusinessMinutes("2024-03-04T01:00:00Z", 30, { ...OFFICE, timezone: "Mars/Olympus" })).toThrow(
      InvalidValue,
    );
  });

  it("let a holiday win over a make-up working day", () => {
    expect(isWorkingDay("2024-10-12", { ...OFFICE, holidays: ["2024-10-12"], make_up_workdays: ["2024-10-12"] })).toBe(
      false,
    );
  });
});

describe("local wall time to UTC, as zoneinfo reads it", () => {
  const at = (date: [number, number, number], minutes: number, zone: string) =>
    formatInstant(utcOf(dayOf(...date), minutes, zone));

  it("reads plain winter and summer times with their offsets", () => {
    expect(at([2024, 1, 15], 8 * 60, "Europe/Berlin")).toBe("2024-01-15T07:00:00Z");
    expect(at([2024, 7, 15], 8 * 60, "Europe/Berlin")).toBe("2024-07-15T06:00:00Z");
    expect(at([2024, 7, 15], 24 * 60, "Asia/Shanghai")).toBe("2024-07-15T16:00:00Z");
  });

  it("reads a time in the spring gap with the offset from before the change", () => {
    // Berlin 2024-03-31 02:30 does not exist; zoneinfo (fold=0) reads it as +01:00.
    expect(at([2024, 3, 31], 150, "Europe/Berlin")).toBe("2024-03-31T01:30:00Z");
    expect(at([2024, 3, 31], 180, "Europe/Berlin")).toBe("2024-03-31T01:00:00Z");
  });

  it("reads a time that occurs twice in autumn as the first one", () => {
    // Berlin 2024-10-27 02:30 happens at 00:30Z (summer time) and 01:30Z.
    expect(at([2024, 10, 27], 150, "Europe/Berlin")).toBe("2024-10-27T00:30:00Z");
    expect(at([2024, 10, 27], 180, "Europe/Berlin")).toBe("2024-10-27T02:00:00Z");
  });

  it("works west of Greenwich too", () => {
    // New York 2024-03-10 02:30 does not exist (-05:00 before); 2024-11-03 01:30 occurs twice.
    expect(at([2024, 3, 10], 150, "America/New_York")).toBe("2024-03-10T07:30:00Z");
    expect(at([2024, 11, 3], 90, "America/New_York")).toBe("2024-11-03T05:30:00Z");
  });
});
