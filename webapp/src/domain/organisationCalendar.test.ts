// @vitest-environment node
// The organisation calendar merged into a contract's calendars: the same cases pytest runs
// (tests/vectors/organisation_calendar.json through tests/domain/test_organisation_calendar.py).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { addBusinessMinutes } from "./calendar";
import { type CalendarSpec, type OrganisationCalendar, defaultContractSettings, mergeContractSettings, withOrganisationCalendar } from "./settings";

interface VectorCase {
  name: string;
  input: {
    settings: Record<string, unknown>;
    organisation_calendar: OrganisationCalendar | null;
    calendar: string;
    start: string;
    minutes: number;
  };
  expected: { deadline_at: string; calendar?: Partial<CalendarSpec> };
}

const FILE = JSON.parse(
  readFileSync(new URL("../../../tests/vectors/organisation_calendar.json", import.meta.url), "utf-8"),
) as { cases: VectorCase[] };

describe("organisation calendar vectors", () => {
  it.each(FILE.cases)("$name", ({ input, expected }) => {
    const settings = mergeContractSettings(input.settings, input.organisation_calendar);
    const calendar = settings.sla.calendars[input.calendar] as CalendarSpec;
    expect(addBusinessMinutes(input.start, input.minutes, calendar)).toBe(expected.deadline_at);
    expect(calendar).toMatchObject(expected.calendar ?? {});
  });
});

describe("organisation calendar", () => {
  it("is used by every default calendar", () => {
    const calendars = Object.values(defaultContractSettings().sla.calendars);
    expect(calendars.every((calendar) => calendar.use_organisation_calendar)).toBe(true);
  });

  it("leaves the contract calendar and the organisation lists unchanged", () => {
    const organisation = { holidays: ["2026-10-01"], make_up_workdays: ["2026-10-10"] };
    const calendar = defaultContractSettings().sla.calendars.business_hours as CalendarSpec;
    const merged = withOrganisationCalendar(calendar, organisation);
    expect(merged.holidays).toEqual(["2026-10-01"]);
    expect(calendar.holidays).toEqual([]);
    merged.holidays.push("2026-10-02");
    expect(organisation.holidays).toEqual(["2026-10-01"]);
  });
});
