import { describe, expect, it } from "vitest";

import { ApiError } from "../../../sync/api";
import { countValue, datesValue, fenValue, getAt, messagesByPath, minutesValue, setAt, yuanText } from "./contractForm";

describe("contract form", () => {
  it("sets one setting by its path without touching the original", () => {
    const settings = { sla: { severities: { "3": { targets: { in_city: { arrival: 480, response: 120 } } } } } };
    const changed = setAt(settings, ["sla", "severities", "3", "targets", "in_city", "arrival"], 240);
    expect(getAt(changed, ["sla", "severities", "3", "targets", "in_city"])).toEqual({ arrival: 240, response: 120 });
    expect(settings.sla.severities["3"].targets.in_city.arrival).toBe(480);
  });

  it("reads an empty target as not tracked and a whole number as minutes", () => {
    expect(minutesValue("")).toBeNull();
    expect(minutesValue("240")).toBe(240);
    expect(countValue("7")).toBe(7);
  });

  it("passes what it cannot read on as typed, for the server to name the field", () => {
    expect(minutesValue("-5")).toBe("-5");
    expect(countValue("1.5")).toBe("1.5");
    expect(fenValue("abc")).toBe("abc");
  });

  it("turns yuan into whole fen and back", () => {
    expect(fenValue("120")).toBe(12000);
    expect(fenValue("120.5")).toBe(12050);
    expect(fenValue("0.05")).toBe(5);
    expect(yuanText(12050)).toBe("120.50");
    expect(yuanText(5000)).toBe("50");
  });

  it("reads dates typed one per line or separated by commas", () => {
    expect(datesValue("2026-10-08\n2026-10-09, 2026-10-12、2026-10-13")).toEqual(["2026-10-08", "2026-10-09", "2026-10-12", "2026-10-13"]);
    expect(datesValue("  ")).toEqual([]);
  });

  it("finds the server's message for a nested settings field", () => {
    const error = new ApiError({
      code: 422,
      key: "errors.validation",
      message: "Unprocessable",
      errors: { json: { settings: { fees: { visit_fee_cents: ["Not a valid integer."] } } } },
    });
    expect(messagesByPath(error).get("settings.fees.visit_fee_cents")).toEqual(["Not a valid integer."]);
  });
});
