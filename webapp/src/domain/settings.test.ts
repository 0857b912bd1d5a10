// @vitest-environment node
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { CLOCKS, SEVERITIES, ZONES, defaultContractSettings, mergeContractSettings } from "./settings";

describe("contract settings", () => {
  it("are the defaults printed in docs/rules.md", () => {
    const text = readFileSync(new URL("../../../docs/rules.md", import.meta.url), "utf-8");
    const block = text.split("```json\n")[1]?.split("```")[0] ?? "";
    expect(defaultContractSettings()).toStrictEqual(JSON.parse(block));
  });

  it("have a target for every severity, zone and clock", () => {
    const severities = defaultContractSettings().sla.severities;
    expect(Object.keys(severities).sort()).toEqual([...SEVERITIES]);
    for (const severity of Object.values(severities)) {
      for (const zone of ZONES) expect(Object.keys(severity.targets[zone] ?? {}).sort()).toEqual([...CLOCKS].sort());
    }
  });

  it("give an empty contract the defaults", () => {
    expect(mergeContractSettings({})).toStrictEqual(defaultContractSettings());
    expect(mergeContractSettings(null)).toStrictEqual(defaultContractSettings());
  });

  it("override only the key a partial setting names", () => {
    const merged = mergeContractSettings({ warranty: { months: { main: 36 } } });
    expect(merged.warranty.months).toEqual({ main: 36, peripheral: 12, consumable: 12 });
    expect(merged.warranty.return_days).toBe(7);
  });

  it("replace a list as a whole", () => {
    const merged = mergeContractSettings({ warranty: { exclusion_codes: ["lightning"] } });
    expect(merged.warranty.exclusion_codes).toEqual(["lightning"]);
  });

  it("keep null to switch a target off", () => {
    const merged = mergeContractSettings({ sla: { severities: { "4": { targets: { in_city: { remote: null } } } } } });
    expect(merged.sla.severities["4"]?.targets.in_city?.remote).toBeNull();
  });

  it("fill a new calendar from the calendar template", () => {
    const merged = mergeContractSettings({ sla: { calendars: { "6x24": { weekdays: [1, 2, 3, 4, 5, 6] } } } });
    expect(merged.sla.calendars["6x24"]).toMatchObject({ timezone: "Asia/Shanghai", holidays: [], weekdays: [1, 2, 3, 4, 5, 6] });
  });

  it("fill a new system type from the inspection template", () => {
    const merged = mergeContractSettings({ schedules: { inspections: { cctv: { cadence: "monthly" } } } });
    expect(merged.schedules.inspections.cctv).toStrictEqual({ cadence: "monthly", monthly_for_months: 3, at_weekend: false });
  });

  it("never change the defaults or the partial", () => {
    const partial = { sla: { calendars: { business_hours: { holidays: ["2025-10-01"] } } } };
    const merged = mergeContractSettings(partial);
    merged.sla.calendars.business_hours?.holidays.push("2025-10-02");
    expect(partial.sla.calendars.business_hours.holidays).toEqual(["2025-10-01"]);
    expect(defaultContractSettings().sla.calendars.business_hours?.holidays).toEqual([]);
  });

  it("keep a __proto__ key a plain key instead of touching prototypes", () => {
    const partial = JSON.parse('{"fees": {"__proto__": {"polluted": true}}}') as Record<string, unknown>;
    const merged = mergeContractSettings(partial);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged.fees)).toBe(Object.prototype);
  });
});
