import { describe, expect, it } from "vitest";

import { addMonths, compareInstants, formatDate, formatInstant, isoWeekday, parseDate, parseInstant } from "./dates";
import { InvalidValue } from "./errors";

describe("dates", () => {
  it("add months keeping to the month's last day", () => {
    expect(formatDate(addMonths(parseDate("2024-01-31"), 1))).toBe("2024-02-29");
    expect(formatDate(addMonths(parseDate("2024-02-29"), 12))).toBe("2025-02-28");
    expect(formatDate(addMonths(parseDate("2024-05-10"), -5))).toBe("2023-12-10");
  });

  it("number weekdays from Monday = 1", () => {
    expect(isoWeekday(parseDate("2024-03-04"))).toBe(1);
    expect(isoWeekday(parseDate("2024-03-03"))).toBe(7);
    expect(isoWeekday(parseDate("1969-12-31"))).toBe(3);
  });

  it("refuse dates that do not exist", () => {
    for (const bad of ["2023-02-29", "2024-13-01", "2024-3-1", "", null]) {
      expect(() => parseDate(bad)).toThrow(InvalidValue);
    }
  });
});

describe("instants", () => {
  it("read the ISO forms Python's fromisoformat reads", () => {
    const cases: Array<[string, string]> = [
      ["2024-03-04T10:50:00+08:00", "2024-03-04T02:50:00Z"],
      ["2024-03-04 02:00:00+08", "2024-03-03T18:00:00Z"],
      ["2024-03-04T02:00Z", "2024-03-04T02:00:00Z"],
      ["2024-03-04T02:00:00+0530", "2024-03-03T20:30:00Z"],
      ["2024-03-04T02:00:00-00:00", "2024-03-04T02:00:00Z"],
      ["2024-03-04T02:00:59.999999Z", "2024-03-04T02:00:59Z"],
    ];
    for (const [input, utc] of cases) expect(formatInstant(parseInstant(input))).toBe(utc);
  });

  it("keep microseconds", () => {
    expect(parseInstant("2024-03-04T02:00:00.000001Z") - parseInstant("2024-03-04T02:00:00Z")).toBe(1);
    expect(parseInstant("2024-03-04T02:00:00.1234567Z") - parseInstant("2024-03-04T02:00:00Z")).toBe(123456);
  });

  it("take a JS Date as the same instant", () => {
    expect(parseInstant(new Date("2024-03-04T02:00:00.5Z"))).toBe(parseInstant("2024-03-04T02:00:00.500Z"));
  });

  it("refuse a time without an offset and other non-instants", () => {
    for (const bad of ["2024-03-04T02:00:00", "2024-03-04", "2024-03-04T24:00:00Z", "2024-03-04T02:00:00z", 5, null]) {
      expect(() => parseInstant(bad)).toThrow(InvalidValue);
    }
  });
});

describe("compareInstants", () => {
  it("orders instants by time, whatever their text", () => {
    const whole = "2026-11-27T15:09:17+00:00";
    const later = "2026-11-27T15:09:17.282000+00:00";
    expect(whole.localeCompare(later)).toBe(1); // as text the older one sorts last
    expect(compareInstants(whole, later)).toBe(-1);
    expect(compareInstants("2026-11-27T23:09:17+08:00", whole)).toBe(0);
    expect(compareInstants(null, whole)).toBe(-1);
  });
});
