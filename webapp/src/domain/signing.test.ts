// @vitest-environment node
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import {
  formatMoney,
  formatNumber,
  signedSummary,
  type SignedSummaryInput,
  STATUS_WORDS,
  summaryFormat,
  summarySha256,
  summaryStatus,
  workOrderSummary,
} from "./signing";
import { STATUSES } from "./workOrderFlow";

// The shared vectors, when the server side has written them (tests/vectors/signing.json).
const FILES = import.meta.glob<{ default: { name: string; input: Record<string, unknown>; expected: unknown }[] }>(
  "../../../tests/vectors/signing.json",
  { eager: true },
);
const VECTORS = Object.values(FILES)[0]?.default ?? [];

describe("work order summary", () => {
  it("prints empty labels without a trailing space and empty lists with a dash", () => {
    expect(workOrderSummary({})).toBe(
      [
        "工单 Work order:",
        "状态 Status:",
        "客户 Customer:",
        "地点 Site:",
        "设备 Devices: -",
        "现象 Symptom:",
        "位置 Location:",
        "原因 Cause:",
        "处理 Fix:",
        "备件 Parts used: -",
      ].join("\n"),
    );
  });

  it("sums parts per number, drops non-positive totals and sorts devices by serial", () => {
    const text = workOrderSummary({
      number: "WO-1",
      devices: [
        { model: "B", serial: "S2" },
        { model: "A", serial: "S1" },
      ],
      parts: [
        { part_number: "P2", name: "Adapter", quantity: 1 },
        { part_number: "P1", name: "Cable", quantity: 2 },
        { part_number: "P2", name: "other", quantity: 1 },
        { part_number: "P3", name: "Gone", quantity: 1 },
        { part_number: "P3", name: "Gone", quantity: -1 },
      ],
      diagnosis_cause: "  电源\n适配器\t损坏 ",
    });
    expect(text).toContain("设备 Devices:\n- A SN S1\n- B SN S2");
    expect(text).toContain("备件 Parts used:\n- P1 Cable × 2\n- P2 Adapter × 2");
    expect(text).not.toContain("P3");
    expect(text).toContain("原因 Cause: 电源 适配器 损坏");
    expect(summaryStatus(workOrderSummary({ status: "on_site" }))).toBe("on_site");
  });

  it("hashes the UTF-8 bytes", async () => {
    expect(await summarySha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it.runIf(VECTORS.length > 0).each(VECTORS)("vector $name", async (vector) => {
    const expected = vector.expected as { summary?: string; sha256?: string } | string;
    const summary = workOrderSummary(vector.input as never);
    if (typeof expected === "string") expect(summary).toBe(expected);
    else {
      if (expected.summary !== undefined) expect(summary).toBe(expected.summary);
      if (expected.sha256 !== undefined) expect(await summarySha256(summary)).toBe(expected.sha256);
    }
  });
});

// Format 2, by type of work: every case of tests/vectors/signed_summary.json, the file
// pytest runs through tests/domain, read from disk as vectors.test.ts reads the others.
interface SignedCase {
  name: string;
  input: SignedSummaryInput;
  expected: { summary: string };
}
const SIGNED = JSON.parse(
  readFileSync(new URL("../../../tests/vectors/signed_summary.json", import.meta.url), "utf-8"),
) as { description: string; cases: SignedCase[] };

describe("signed summary vectors", () => {
  it("have unique case names", () => {
    const names = SIGNED.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(SIGNED.cases)("$name", ({ input, expected }) => {
    const text = signedSummary(input);
    expect(text).toBe(expected.summary);
    expect(summaryFormat(text)).toBe(2);
  });
});

describe("signed summary", () => {
  it("has words for every status of the declared flow", () => {
    expect(Object.keys(STATUS_WORDS).sort()).toEqual([...STATUSES].sort());
  });

  it("prints a status read back from a signed text as given", () => {
    const text = signedSummary({ type: "repair", status: "on_site" });
    const status = summaryStatus(text);
    expect(status).toBe("在现场 On site");
    expect(signedSummary({ type: "repair", status })).toBe(text);
  });

  it("formats money and numbers as the server does", () => {
    expect(formatMoney(123450)).toBe("¥1,234.50");
    expect(formatMoney(-5)).toBe("-¥0.05");
    expect(formatMoney(null)).toBe("¥0.00");
    expect(formatNumber(45.0)).toBe("45");
    expect(formatNumber(29.5)).toBe("29.5");
    expect(formatNumber(0.0001)).toBe("0.0001");
    expect(formatNumber(0.000015)).toBe("1.5e-05");
    expect(formatNumber(true)).toBe("正常 OK");
    expect(formatNumber(false)).toBe("异常 Fail");
    expect(formatNumber(" a\nb ")).toBe("a b");
  });

  it("tells the two formats apart", () => {
    expect(summaryFormat(workOrderSummary({ number: "WO-1" }))).toBe(1);
    expect(summaryFormat(signedSummary({ number: "WO-1" }))).toBe(2);
  });
});
