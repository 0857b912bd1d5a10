// TypeScript twin of server/domain/contracts.py: which contract applies. One rule for the
// server, the phone's list and detail, the warranty panel and the fee estimate, held to
// tests/vectors/contracts.json.
//
// A contract applies to a site of its customer that it covers, on a day it is active
// (starts_on ≤ day ≤ ends_on), the day read in the contract's own time zone (its
// business-hours calendar's: settings.sla.calendars.business_hours.timezone). Of several,
// the latest start wins, then the lowest number. A work order that names its contract
// keeps it whatever the date.

import { localDay } from "./calendar";
import { type Day, formatDate, type InstantLike, parseDate, parseInstant } from "./dates";

export const DEFAULT_TIMEZONE = "Asia/Shanghai";

/** A contract as the rule reads it (dates "YYYY-MM-DD"). */
export interface ContractFacts {
  id: string;
  number: string;
  customer_id: string;
  site_ids?: readonly string[] | null;
  starts_on: string;
  ends_on: string;
  timezone?: string | null;
}

/** The time zone a contract's dates are read in (its business-hours calendar's). */
export function contractTimezone(settings: unknown): string {
  const zone = field(field(field(field(settings, "sla"), "calendars"), "business_hours"), "timezone");
  return typeof zone === "string" && zone ? zone : DEFAULT_TIMEZONE;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The day (YYYY-MM-DD) ``at`` falls on in ``timezone``. */
export function contractDay(at: InstantLike, timezone: string): string {
  return formatDate(localDay(parseInstant(at), timezone));
}

/** The contract that applies at ``at`` to the site, or null (the defaults apply). */
export function applicableContract<C extends ContractFacts>(
  contracts: readonly C[],
  customerId: string,
  siteId: string,
  at: InstantLike,
  namedId: string | null = null,
): C | null {
  if (namedId !== null) return contracts.find((c) => String(c.id) === String(namedId)) ?? null;
  const instant = parseInstant(at);
  let best: { contract: C; start: Day } | null = null;
  for (const contract of contracts) {
    if (String(contract.customer_id) !== String(customerId)) continue;
    if (!(contract.site_ids ?? []).some((site) => String(site) === String(siteId))) continue;
    const day = localDay(instant, contract.timezone || DEFAULT_TIMEZONE);
    const start = parseDate(contract.starts_on);
    if (!(start <= day && day <= parseDate(contract.ends_on))) continue;
    // The latest start wins, then the lowest number (the first such in the list on a tie).
    if (best === null || start > best.start || (start === best.start && String(contract.number) < String(best.contract.number))) {
      best = { contract, start };
    }
  }
  return best?.contract ?? null;
}
