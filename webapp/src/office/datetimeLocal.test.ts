import { describe, expect, it } from "vitest";

import { fromLocalInput, toLocalInput } from "./datetimeLocal";

describe("form values", () => {
  it("turns a datetime-local value into an instant and back", () => {
    const iso = fromLocalInput("2026-11-22T09:30");
    expect(iso).not.toBeNull();
    expect(toLocalInput(iso)).toBe("2026-11-22T09:30");
    expect(fromLocalInput("")).toBeNull();
  });
});
