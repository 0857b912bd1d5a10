// @vitest-environment node
// Runs every case of tests/vectors/contracts.json, the file pytest runs for
// server/domain/contracts.py: the phone and the server must pick the same contract.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { applicableContract, type ContractFacts, contractDay, contractTimezone, DEFAULT_TIMEZONE } from "./contracts";
import { defaultContractSettings, mergeContractSettings } from "./settings";

interface ContractCase {
  name: string;
  input: { contracts: ContractFacts[]; customer_id: string; site_id: string; at: string; named_id: string | null };
  expected: { id: string | null };
}

const FILE = JSON.parse(
  readFileSync(new URL("../../../tests/vectors/contracts.json", import.meta.url), "utf-8"),
) as { description: string; cases: ContractCase[] };

describe("contracts vectors", () => {
  it("have unique case names", () => {
    const names = FILE.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(FILE.cases)("$name", ({ input, expected }) => {
    const found = applicableContract(input.contracts, input.customer_id, input.site_id, input.at, input.named_id);
    expect(found?.id ?? null).toBe(expected.id);
  });
});

describe("a contract's time zone", () => {
  it("is its business-hours calendar's", () => {
    const settings = mergeContractSettings({ sla: { calendars: { business_hours: { timezone: "Asia/Urumqi" } } } });
    expect(contractTimezone(settings)).toBe("Asia/Urumqi");
    expect(contractTimezone(defaultContractSettings())).toBe(DEFAULT_TIMEZONE);
  });

  it("falls back to Shanghai when the settings have none", () => {
    expect(contractTimezone(null)).toBe(DEFAULT_TIMEZONE);
    expect(contractTimezone({ sla: [] })).toBe(DEFAULT_TIMEZONE);
  });

  it("reads the day there", () => {
    expect(contractDay("2025-12-31T16:30:00Z", "Asia/Shanghai")).toBe("2026-01-01");
    expect(contractDay("2025-12-31T16:30:00+00:00", "UTC")).toBe("2025-12-31");
  });
});
