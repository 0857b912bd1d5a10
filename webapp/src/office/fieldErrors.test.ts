import { describe, expect, it } from "vitest";

import { fieldErrors, flattenErrors, importRowErrors } from "./fieldErrors";

describe("errors from the server", () => {
  it("spells out nested contract settings errors as paths", () => {
    const errors = { json: { settings: { warranty: { retrun_days: ["Unknown field."], months: { main: ["Too small."] } } } } };
    expect(fieldErrors(errors)).toEqual([
      { path: "settings.warranty.retrun_days", messages: ["Unknown field."] },
      { path: "settings.warranty.months.main", messages: ["Too small."] },
    ]);
  });

  it("names checklist items by index", () => {
    expect(flattenErrors({ items: { "1": { key: ["Used by another item of this template."] } } })).toEqual([
      { path: "items.1.key", messages: ["Used by another item of this template."] },
    ]);
  });

  it("lists import errors by sheet row", () => {
    const errors = { rows: { "10": { serial: ["Missing."] }, "3": { installed_on: ["Not a valid date."], device_class: ["Bad."] } } };
    expect(importRowErrors(errors)).toEqual([
      { row: 3, field: "device_class", messages: ["Bad."] },
      { row: 3, field: "installed_on", messages: ["Not a valid date."] },
      { row: 10, field: "serial", messages: ["Missing."] },
    ]);
  });
});
