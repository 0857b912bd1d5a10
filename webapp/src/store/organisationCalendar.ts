// The organisation calendar as the phone holds it (synced table organisation_calendar_days),
// in the shape the rules read (domain/settings.ts OrganisationCalendar): the twin of
// server.services.organisation.organisation_calendar.

import type { OrganisationCalendar } from "../domain/settings";
import { type AftercareDB, db } from "./db";
import { useLiveQuery } from "./useLiveQuery";

export async function organisationCalendar(database: AftercareDB = db()): Promise<OrganisationCalendar> {
  const days = await database.organisation_calendar_days.orderBy("falls_on").toArray();
  return {
    holidays: days.filter((day) => day.kind === "holiday").map((day) => day.falls_on),
    make_up_workdays: days.filter((day) => day.kind === "make_up_workday").map((day) => day.falls_on),
  };
}

/** The calendar, read again whenever a pull changes it; undefined until first read. */
export function useOrganisationCalendar(): OrganisationCalendar | undefined {
  return useLiveQuery(() => organisationCalendar(), []).data;
}
