import { describe, expect, it } from "vitest";

import { defaultFilters, filterQuery, formatMinutes, formatPercent, meets, niceMax, quarterOf } from "./logic";

describe("KPI helpers", () => {
  it("rounds a chart axis up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 0.4, 7, 12, 98, 100, 130, 4100].map(niceMax)).toEqual([1, 0.5, 10, 20, 100, 100, 200, 5000]);
  });

  it("writes minutes as minutes, hours or days", () => {
    expect(formatMinutes(45)).toBe("45 min");
    expect(formatMinutes(65)).toBe("1 h 05 min");
    expect(formatMinutes(1500)).toBe("1 d 1 h");
    expect(formatMinutes(null)).toBe("—");
  });

  it("shows no data as a dash, not as zero", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(97.5)).toBe("97.5%");
    expect(meets(null, 98, "min")).toBeNull();
    expect(meets(98, 98, "min")).toBe(true);
    expect(meets(3, 3, "max")).toBe(false);
  });

  it("defaults to the last 90 days and sends only the filters that are set", () => {
    const filters = defaultFilters(new Date(2026, 10, 22));
    expect([filters.from, filters.to]).toEqual(["2026-08-25", "2026-11-22"]);
    expect(filterQuery({ ...filters, zone: "in_city" })).toEqual({ from: "2026-08-25", to: "2026-11-22", zone: "in_city" });
  });

  it("knows the quarter of a date", () => {
    expect(quarterOf(new Date(2026, 0, 1))).toEqual([2026, 1]);
    expect(quarterOf(new Date(2026, 10, 22))).toEqual([2026, 4]);
  });
});

describe("chart labels", () => {
  it("fit their slot: short ones whole, long ones cut with an ellipsis", async () => {
    const { fitLabel, textWidth } = await import("./charts/BarChart");
    expect(fitLabel("响应", 60)).toBe("响应");
    expect(textWidth("上海市第一人民医院")).toBe(99);
    const cut = fitLabel("上海市第一人民医院", 60);
    expect(cut.endsWith("…")).toBe(true);
    expect(textWidth(cut)).toBeLessThanOrEqual(60);
    expect(textWidth(fitLabel("Was the engineer on time and polite", 80))).toBeLessThanOrEqual(80);
    expect(fitLabel("anything", 3)).toBe("");
  });
});
