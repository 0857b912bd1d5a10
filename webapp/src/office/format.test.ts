import { describe, expect, it } from "vitest";

import { money } from "./format";

describe("form values", () => {
  it("prints fen as yuan", () => {
    expect(money(1234567)).toBe("¥12,345.67");
    expect(money(-5)).toBe("-¥0.05");
    expect(money(null)).toBe("");
  });
});
