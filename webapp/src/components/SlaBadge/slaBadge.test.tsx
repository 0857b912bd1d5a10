import "fake-indexeddb/auto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, unmount, waitFor } from "../../../test/harness";
import { freshDatabase, workOrderRecord } from "../../../test/records";
import type { OrganisationCalendar } from "../../domain/settings";
import type { AftercareDB } from "../../store/db";
import type { SiteRecord } from "../../store/records";
import { pullChanges } from "../../sync/client";
import vectors from "../../../../tests/vectors/organisation_calendar.json";
import { SlaBadge } from ".";

// The shared vector (tests/vectors/organisation_calendar.json, also run by pytest): a
// request at 17:00 on the eve of National Day, two business hours on a contract left on
// defaults, is due when the holiday week is over, once the organisation calendar counts.
const VECTOR = (
  vectors as unknown as {
    cases: [{ input: { organisation_calendar: OrganisationCalendar; start: string; minutes: number }; expected: { deadline_at: string } }];
  }
).cases[0];

let database: AftercareDB;
let container: HTMLElement | null = null;

beforeEach(() => {
  database = freshDatabase();
});

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

function calendarPage(calendar: OrganisationCalendar) {
  const day = (falls_on: string, kind: string, n: number) => ({
    entity: "organisation_calendar_days",
    record: { id: `day-${n}-${falls_on}`, row_version: 7, falls_on, kind, name: "" },
  });
  return {
    changes: [
      ...calendar.holidays.map((on, n) => day(on, "holiday", n)),
      ...calendar.make_up_workdays.map((on, n) => day(on, "make_up_workday", n)),
    ],
    deleted: [],
    has_more: false,
    cursor: "c1",
    scope: { work_orders: [] },
    server_time: "2026-09-30T09:30:00+00:00",
    schema_version: 1,
  };
}

describe("the phone's SLA deadline and the organisation calendar", () => {
  it("moves over the holidays once the calendar is synced", async () => {
    const { start, minutes, organisation_calendar } = VECTOR.input;
    expect(minutes).toBe(120); // severity 3, in the city: response within 120 business minutes
    const wo = workOrderRecord({ severity: 3, reported_at: start });
    const site = { id: "s1", zone: "in_city" } as SiteRecord;
    const now = new Date(new Date(start).getTime() + 30 * 60_000);
    container = mount(<SlaBadge wo={wo} site={site} contract={undefined} events={[]} now={now} />);

    // Nothing synced yet: the next business hour is the 1st of October, 09:00 in Shanghai.
    const before = await waitFor(() => {
      const badge = container?.querySelector("[data-sla]");
      expect(badge).not.toBeNull();
      return badge?.textContent ?? "";
    });
    expect(before).toBe("Response in 15 h 30 min"); // due 2026-10-01T01:00Z

    vi.stubGlobal("fetch", fakeServer({ "POST /api/v1/sync/pull": () => [200, calendarPage(organisation_calendar)] }).fetch);
    await pullChanges(database, "u1");
    expect(await database.organisation_calendar_days.count()).toBe(
      organisation_calendar.holidays.length + organisation_calendar.make_up_workdays.length,
    );

    // Synced: due when the week of holidays is over, as the API computes it (the vector).
    const left = (new Date(VECTOR.expected.deadline_at).getTime() - now.getTime()) / 60_000;
    expect(VECTOR.expected.deadline_at).toBe("2026-10-08T01:00:00Z");
    await waitFor(() =>
      expect(container?.querySelector("[data-sla]")?.textContent).toBe(`Response in ${Math.floor(left / 60)} h ${left % 60} min`),
    );
  });
});
