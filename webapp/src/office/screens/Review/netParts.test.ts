import { describe, expect, it } from "vitest";

import { netParts } from "./netParts";

describe("form values", () => {
  it("nets part usages per part number", () => {
    const part = { part_number: "PSU-12V", name: "适配器", unit: "个" };
    expect(netParts([{ part, quantity: 2 }, { part, quantity: -1 }])).toEqual([{ ...part, quantity: 1 }]);
  });
});
